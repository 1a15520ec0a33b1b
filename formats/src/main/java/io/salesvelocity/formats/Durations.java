package io.salesvelocity.formats;

import java.time.Duration;
import java.util.Locale;

/** Durations as people write them: {@code 500ms}, {@code 30s}, {@code 15m}, {@code 12h}, {@code 1d}, or ISO-8601 {@code PT12H}. */
public final class Durations {
  private Durations() {
  }

  public static Duration parse(String text) {
    String v = text.trim().toLowerCase(Locale.ROOT);
    if (v.startsWith("p")) {
      return Duration.parse(v.toUpperCase(Locale.ROOT));
    }
    int split = 0;
    while (split < v.length() && Character.isDigit(v.charAt(split))) {
      split++;
    }
    if (split == 0) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 1d, 12h, 30s, 500ms, PT12H)");
    }
    long amount = Long.parseLong(v.substring(0, split));
    return switch (v.substring(split).trim()) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> throw new IllegalArgumentException("unknown unit in '" + text + "' (use ms, s, m, h or d)");
    };
  }
}
