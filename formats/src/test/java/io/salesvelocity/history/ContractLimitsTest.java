package io.salesvelocity.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.Outcome;
import java.math.BigDecimal;
import java.time.Instant;
import org.apache.avro.LogicalTypes;
import org.junit.jupiter.api.Test;

class ContractLimitsTest {
  private static final LogicalTypes.Decimal MONEY = LogicalTypes.decimal(18, 2);

  @Test
  void shouldAcceptEveryDecimalThatAvroCanWriteAsDecimal18Comma2AndNothingElse() {
    assertThat(ContractLimits.fits(new BigDecimal("9999999999999999.99"), MONEY)).isTrue();
    assertThat(ContractLimits.fits(new BigDecimal("-9999999999999999.99"), MONEY)).isTrue();
    assertThat(ContractLimits.fits(new BigDecimal("80000"), MONEY)).isTrue();
    assertThat(ContractLimits.fits(new BigDecimal("0.5"), MONEY)).isTrue();
    assertThat(ContractLimits.fits(new BigDecimal("10000000000000000.00"), MONEY)).isFalse();
    assertThat(ContractLimits.fits(new BigDecimal("1e400"), MONEY)).isFalse();
    assertThat(ContractLimits.fits(new BigDecimal("0.001"), MONEY)).as("rounding needed").isFalse();
  }

  @Test
  void shouldNameTheFieldAndTheTypeOfAnAmountThatDoesNotFit() {
    DealClosed deal = DealClosed.newBuilder().setEventId("k").setLeadId("L").setClosedAt(Instant.EPOCH)
        .setOutcome(Outcome.WON).setAmount(new BigDecimal("1e30")).build();
    assertThat(ContractLimits.decimalOutOfRange(deal)).contains("'amount'").contains("decimal(18,2)");
    deal.setAmount(new BigDecimal("12.50"));
    assertThat(ContractLimits.decimalOutOfRange(deal)).isNull();
  }
}
