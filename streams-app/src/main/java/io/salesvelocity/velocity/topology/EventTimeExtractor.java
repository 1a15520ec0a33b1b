package io.salesvelocity.velocity.topology;

import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * The time Kafka Streams orders the three CRM topics by: the event's own time from its payload (a watermark's
 * from its header), never the record timestamp, which producers set as they please (the send time by default, or
 * the broker's append time): a backfill published by a default producer then merges in event-time order as one
 * that carries event times does. Records without a usable event time (unreadable, before 1970, too far ahead)
 * keep their partition's time, or 0 at the start of a partition, so they neither hold the merge back nor move it;
 * the lead processor refuses them. Times ahead of the wall clock (by at most the max clock skew) are given as they
 * are, so that events ahead of it merge in event-time order too (a demo or a CRM whose clock runs ahead); the
 * {@link WallClockStamp} after the merge brings record timestamps back to the wall clock, which brokers require
 * of the changelog records. Never throws: an exception here would stop the stream thread.
 */
final class EventTimeExtractor implements TimestampExtractor {
  private final DecodedEvents events;
  private final EngineSettings settings;
  private final LongSupplier wallClock;

  EventTimeExtractor(DecodedEvents events, EngineSettings settings, LongSupplier wallClock) {
    this.events = events;
    this.settings = settings;
    this.wallClock = wallClock;
  }

  @Override
  public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
    long keep = Math.max(partitionTime, 0);
    try {
      if (!(record.value() instanceof byte[]) && record.value() != null) {
        return keep;
      }
      byte[] key = record.key() instanceof byte[] k ? k : null;
      byte[] value = (byte[]) record.value();
      long time;
      if (value == null) {
        if (!Watermark.isWatermark(record.headers())) {
          return keep;
        }
        time = Watermark.timeOf(record.headers());
      } else {
        if (RecordSize.of(key, value, record.headers()) > settings.maxRecordBytes()) {
          events.skipAhead(value, record.timestamp());
          return keep; // refused by the processor without being decoded
        }
        CrmEventDecoder.Decoded d = events.decodeAhead(record.topic(), key, value, record.timestamp());
        if (d.event() == null) {
          return keep;
        }
        time = d.event().time();
      }
      long now = wallClock.getAsLong();
      if (time < 0 || time > now + settings.maxClockSkew().toMillis()) {
        return keep;
      }
      return time;
    } catch (RuntimeException e) {
      return keep; // the processor decodes the record again and says what is wrong with it
    }
  }
}
