package io.salesvelocity.velocity.topology;

import io.salesvelocity.serde.Printable;
import io.salesvelocity.velocity.domain.lead.DeadLetter;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.lead.Rejection;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers every dead-lettered record carries. Names are part of the DLQ contract. Their size is bounded
 * (the message and the event id are cut, with control characters escaped), so that a dead letter is never much
 * larger than the record it reports: a record the engine accepts for reading fits the dead-letter topic too.
 */
public final class DeadLetterHeaders {
  public static final String REASON = "velocity.dlq.reason";
  public static final String MESSAGE = "velocity.dlq.message";
  public static final String TOPIC = "velocity.dlq.source.topic";
  public static final String PARTITION = "velocity.dlq.source.partition";
  public static final String OFFSET = "velocity.dlq.source.offset";
  public static final String TIMESTAMP = "velocity.dlq.source.timestamp";
  public static final String EVENT_ID = "velocity.dlq.event.id";
  /** On a {@code record-too-large} dead letter, whose value is left out: the size of the original record. */
  public static final String ORIGINAL_SIZE = "velocity.dlq.original.size";

  static final int MAX_MESSAGE_CHARS = 1_000;
  static final int MAX_EVENT_ID_CHARS = 256;

  private DeadLetterHeaders() {
  }

  /**
   * The original headers (if any) plus ours. A record refused as too large keeps none of its own headers: they
   * count towards its size.
   */
  static Headers of(DeadLetter letter, Headers original, long originalSize) {
    RawEvent raw = letter.raw();
    boolean tooLarge = letter.reason() == Rejection.RECORD_TOO_LARGE;
    Headers h = original == null || tooLarge ? new RecordHeaders() : new RecordHeaders(original.toArray());
    put(h, REASON, letter.reason().code());
    put(h, MESSAGE, Printable.of(letter.message(), MAX_MESSAGE_CHARS));
    put(h, TOPIC, raw.topic());
    put(h, PARTITION, Integer.toString(raw.partition()));
    put(h, OFFSET, Long.toString(raw.offset()));
    put(h, TIMESTAMP, Long.toString(raw.timestamp()));
    if (raw.eventId() != null) {
      put(h, EVENT_ID, Printable.of(raw.eventId(), MAX_EVENT_ID_CHARS));
    }
    if (tooLarge) {
      put(h, ORIGINAL_SIZE, Long.toString(originalSize));
    }
    return h;
  }

  private static void put(Headers h, String key, String value) {
    h.remove(key);
    h.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  public static String read(Headers h, String key) {
    var header = h.lastHeader(key);
    return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
