package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.lead.DeadLetter;
import io.salesvelocity.velocity.lead.RawEvent;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/** The headers every dead-lettered record carries. Names are part of the DLQ contract. */
public final class DeadLetterHeaders {
  public static final String REASON = "velocity.dlq.reason";
  public static final String MESSAGE = "velocity.dlq.message";
  public static final String TOPIC = "velocity.dlq.source.topic";
  public static final String PARTITION = "velocity.dlq.source.partition";
  public static final String OFFSET = "velocity.dlq.source.offset";
  public static final String TIMESTAMP = "velocity.dlq.source.timestamp";
  public static final String EVENT_ID = "velocity.dlq.event.id";

  private DeadLetterHeaders() {
  }

  /** The original headers (if any) plus ours. */
  static Headers of(DeadLetter letter, Headers original) {
    RawEvent raw = letter.raw();
    Headers h = original == null ? new RecordHeaders() : new RecordHeaders(original.toArray());
    put(h, REASON, letter.reason().code());
    put(h, MESSAGE, letter.message());
    put(h, TOPIC, raw.topic());
    put(h, PARTITION, Integer.toString(raw.partition()));
    put(h, OFFSET, Long.toString(raw.offset()));
    put(h, TIMESTAMP, Long.toString(raw.timestamp()));
    if (raw.eventId() != null) {
      put(h, EVENT_ID, raw.eventId());
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
