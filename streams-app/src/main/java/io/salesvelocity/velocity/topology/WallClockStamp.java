package io.salesvelocity.velocity.topology;

import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Gives a CRM record a timestamp no later than the wall clock before the lead processor sees it. The timestamp
 * extractor gives Kafka Streams each record's event time, also when it is ahead of the wall clock (by at most the
 * max clock skew), so that the three topics merge in event-time order there too. But Kafka Streams stamps the
 * changelog records a processor writes with the timestamp of the record it processes, and brokers refuse
 * timestamps more than {@code log.message.timestamp.after.max.ms} (1 h by default) ahead of their clock: the lead
 * processor, whose stores are changelogged, must see a timestamp the broker accepts. It reads event times from the
 * payloads, so it loses nothing.
 */
final class WallClockStamp implements FixedKeyProcessor<byte[], byte[], byte[]> {
  private FixedKeyProcessorContext<byte[], byte[]> context;

  @Override
  public void init(FixedKeyProcessorContext<byte[], byte[]> context) {
    this.context = context;
  }

  @Override
  public void process(FixedKeyRecord<byte[], byte[]> record) {
    long now = context.currentSystemTimeMs();
    context.forward(record.timestamp() > now ? record.withTimestamp(now) : record);
  }
}
