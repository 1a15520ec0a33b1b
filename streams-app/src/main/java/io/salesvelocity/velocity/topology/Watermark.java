package io.salesvelocity.velocity.topology;

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

  /** The watermark's instant in epoch millis; IllegalArgumentException with a readable message if malformed. */
  static long timeOf(Headers headers) {
    Header h = headers.lastHeader(HEADER);
    String text = h.value() == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    try {
      return Instant.parse(text.trim()).toEpochMilli();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("header " + HEADER + " is not an ISO-8601 UTC instant: '" + text + "'", e);
    }
  }
}
