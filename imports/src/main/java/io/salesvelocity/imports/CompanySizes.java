package io.salesvelocity.imports;

/**
 * Company size segments from a number of employees, in the bands the generator and the examples use:
 * {@code 1-50}, {@code 51-200}, {@code 201-1000} and {@code 1000+} (more than 1,000). No number, or one below 1,
 * gives no segment.
 */
public final class CompanySizes {
  private CompanySizes() {
  }

  /** The band of {@code employees}; null for null or a number below 1. */
  public static String band(long employees) {
    if (employees < 1) {
      return null;
    } else if (employees <= 50) {
      return "1-50";
    } else if (employees <= 200) {
      return "51-200";
    } else if (employees <= 1000) {
      return "201-1000";
    }
    return "1000+";
  }

  /**
   * The band of a whole number of employees ({@code 120}, {@code 120.0} as some exports write it), or null when
   * {@code text} is not one.
   */
  public static String bandOf(String text) {
    try {
      java.math.BigDecimal n = new java.math.BigDecimal(text.trim());
      if (n.signum() > 0 && n.stripTrailingZeros().scale() <= 0 && n.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
        return band(n.longValueExact());
      }
      return null;
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }
}
