package io.salesvelocity.velocity.topology;

import io.salesvelocity.serde.Printable;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * A watermark record: a null value with the header {@value #HEADER} holding an ISO-8601 UTC instant, on any
 * CRM input topic. It promises that no event earlier than that instant will follow on its partition, so event
 * time moves on while the CRM is quiet (nights, weekends) and the days before it become final. Replays use it
 * to close the last day of their input.
 */
public final class Watermark {
  public static final String HEADER = "velocity.watermark";

  private Watermark() {
  }

  public static Headers headers(Instant time) {
    RecordHeaders h = new RecordHeaders();
    h.add(HEADER, time.toString().getBytes(StandardCharsets.UTF_8));
    return h;
  }

  static boolean isWatermark(Headers headers) {
    return headers != null && headers.lastHeader(HEADER) != null;
  }

  /**
   * The watermark's instant in epoch millis; IllegalArgumentException with a readable message if it is not an
   * ISO-8601 instant of the millisecond range from 1970 on.
   */
  static long timeOf(Headers headers) {
    Header h = headers.lastHeader(HEADER);
    String text = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    long time;
    try {
      time = Instant.parse(text.trim()).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("header " + HEADER + " is not an ISO-8601 UTC instant: '"
          + Printable.of(text, 80) + "'", e);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("header " + HEADER + " '" + Printable.of(text, 80)
          + "' is outside the range of millisecond timestamps", e);
    }
    if (time < 0) {
      throw new IllegalArgumentException("header " + HEADER + " '" + Printable.of(text, 80)
          + "' is before 1970-01-01T00:00:00Z");
    }
    return time;
  }
}
