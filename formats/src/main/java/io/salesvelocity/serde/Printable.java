package io.salesvelocity.serde;

/**
 * Text from outside (a field value, a server's answer, a record key) made safe to put in a log line, an error
 * message or a header: control characters escaped (so it cannot move a terminal's cursor or forge a log line)
 * and cut to a length.
 */
public final class Printable {
  private Printable() {
  }

  /** {@code text} with control characters as {@code \\uXXXX} (newline and tab as {@code \\n}, {@code \\t}), at most {@code max} characters and "...". */
  public static String of(String text, int max) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), max) + 8);
    for (int i = 0; i < text.length(); i++) {
      if (out.length() >= max) {
        return out.append("...").toString();
      }
      char c = text.charAt(i);
      if (c == '\n') {
        out.append("\\n");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
