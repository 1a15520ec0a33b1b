package io.salesvelocity.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Every field read back as written, across the ranges that matter, and the sizes that make it compact. */
class VarintsTest {
  @Test
  void shouldReadBackEveryFieldAsWritten() {
    Random random = new Random(3);
    long[] longs = {0, 1, -1, 63, 64, -64, -65, 127, 128, Long.MAX_VALUE, Long.MIN_VALUE, 1_735_689_600_000L};
    Varints.Writer w = new Varints.Writer(1);
    for (long v : longs) {
      w.zigzag(v).fixed64(v);
      if (v >= 0) {
        w.varint(v);
      }
    }
    BigDecimal[] amounts = {null, BigDecimal.ZERO, new BigDecimal("0.00"), new BigDecimal("12.5"),
        new BigDecimal("9999999999999999.99"), new BigDecimal("-3.07"), new BigDecimal("1.234"),
        new BigDecimal("1E+30"), new BigDecimal("1E+3"), new BigDecimal("123456789012345678901234567890.12"),
        new BigDecimal("7"), new BigDecimal("7.0"), BigDecimal.valueOf(0, 1)};
    for (BigDecimal a : amounts) {
      w.amount(a);
    }
    w.string("Łódź").nullableString(null).nullableString("").nullableString("rep-7").flag(true).flag(false)
        .nullableBytes(null).nullableBytes(new byte[] {1, 2}).bytes(new byte[0]);
    long r = random.nextLong();
    w.zigzag(r);

    Varints.Reader in = new Varints.Reader(w.toByteArray(), 0);
    for (long v : longs) {
      assertThat(in.zigzag()).isEqualTo(v);
      assertThat(in.fixed64()).isEqualTo(v);
      if (v >= 0) {
        assertThat(in.varint()).isEqualTo(v);
      }
    }
    for (BigDecimal a : amounts) {
      BigDecimal read = in.amount();
      assertThat(read).as("%s read back with its value and scale", a).isEqualTo(a);
    }
    assertThat(in.string()).isEqualTo("Łódź");
    assertThat(in.nullableString()).isNull();
    assertThat(in.nullableString()).isEmpty();
    assertThat(in.nullableString()).isEqualTo("rep-7");
    assertThat(in.flag()).isTrue();
    assertThat(in.flag()).isFalse();
    assertThat(in.nullableBytes()).isNull();
    assertThat(in.nullableBytes()).containsExactly(1, 2);
    assertThat(in.bytes()).isEmpty();
    assertThat(in.zigzag()).isEqualTo(r);
    assertThat(in.more()).isFalse();
  }

  @Test
  void shouldWriteSmallNumbersInFewBytesAndAContractAmountAsItsCents() {
    assertThat(new Varints.Writer(1).zigzag(-64).size()).isEqualTo(1);
    assertThat(new Varints.Writer(1).varint(300).size()).isEqualTo(2);
    assertThat(new Varints.Writer(1).amount(new BigDecimal("80000.00")).size()).as("kind and cents").isEqualTo(5);
    assertThat(new Varints.Writer(1).amount(new BigDecimal("1E+3")).size()).as("a negative scale, as text")
        .isEqualTo(1 + 1 + "1E+3".length());
  }

  @Test
  void shouldRefuseAVariableLengthIntegerThatNeverEnds() {
    byte[] endless = new byte[12];
    java.util.Arrays.fill(endless, (byte) 0x80);
    assertThatThrownBy(() -> new Varints.Reader(endless, 0).varint()).isInstanceOf(IllegalArgumentException.class);
  }
}
