package io.salesvelocity.imports;

import io.salesvelocity.history.ContractLimits;
import java.math.BigDecimal;
import org.apache.avro.LogicalTypes;

/** Money as the contract takes it: a plain decimal number ({@code 12500}, {@code 12500.5}) that fits decimal(18,2). */
final class Amounts {
  private static final LogicalTypes.Decimal AMOUNT = LogicalTypes.decimal(18, 2);

  private Amounts() {
  }

  /** The amount {@code text} means; NumberFormatException with a readable message when none. */
  static BigDecimal parse(String text) {
    BigDecimal value;
    try {
      value = new BigDecimal(text.trim());
    } catch (NumberFormatException e) {
      throw new NumberFormatException("'" + text + "' is not a decimal number");
    }
    if (!ContractLimits.fits(value, AMOUNT)) {
      throw new NumberFormatException("'" + text + "' does not fit decimal(18,2): at most 16 digits before the point "
          + "and 2 after");
    }
    return value.setScale(2);
  }
}
