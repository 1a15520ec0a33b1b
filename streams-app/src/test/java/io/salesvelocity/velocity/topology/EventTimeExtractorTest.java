package io.salesvelocity.velocity.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Stage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What Kafka Streams orders the CRM topics by: the payload's event time, never the record timestamp. */
class EventTimeExtractorTest {
  private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  private final TopologyFixture fx = new TopologyFixture();
  private final DecodedEvents events = new DecodedEvents(new CrmEventDecoder(fx.topics));
  private final EventTimeExtractor extractor = new EventTimeExtractor(events, EngineSettings.defaults(),
      NOW::toEpochMilli);
  private final String topic = fx.topics.leadCreated().name();

  @AfterEach
  void close() {
    fx.close();
  }

  private byte[] created(Instant at) {
    LeadCreated e = CrmEvents.created("c1", "L1", "A", at, Stage.SQL);
    return fx.topics.leadCreated().valueSerde().serializer().serialize(topic, e);
  }

  private static ConsumerRecord<Object, Object> record(String topic, byte[] value, long timestamp,
                                                      RecordHeaders headers) {
    return new ConsumerRecord<>(topic, 0, 9, timestamp, TimestampType.CREATE_TIME, 2,
        value == null ? -1 : value.length, "L1".getBytes(StandardCharsets.UTF_8), value, headers, Optional.empty());
  }

  @Test
  void shouldGiveTheEventTimeWhateverTheRecordTimestampSays() {
    Instant eventTime = Instant.parse("2025-03-01T10:00:00Z");
    long sendTime = NOW.toEpochMilli() - 5; // a default producer's stamp: the send, months later
    assertThat(extractor.extract(record(topic, created(eventTime), sendTime, new RecordHeaders()), 0))
        .isEqualTo(eventTime.toEpochMilli());
  }

  @Test
  void shouldHandTheDecodedEventToTheProcessorThatSeesTheSameBytes() {
    byte[] value = created(Instant.parse("2025-03-01T10:00:00Z"));
    extractor.extract(record(topic, value, 77, new RecordHeaders()), 0);
    DecodedEvents.Ahead ahead = events.take(topic, "L1".getBytes(StandardCharsets.UTF_8), value, 0);
    assertThat(ahead.originalTimestamp()).isEqualTo(77);
    assertThat(ahead.decoded().event().eventId()).isEqualTo("c1");
    assertThat(events.take(topic, null, value, 5).originalTimestamp()).as("taken once").isEqualTo(5);
  }

  @Test
  void shouldKeepThePartitionTimeForRecordsWithoutAUsableEventTime() {
    long partitionTime = Instant.parse("2025-03-01T00:00:00Z").toEpochMilli();
    RecordHeaders none = new RecordHeaders();
    assertThat(extractor.extract(record(topic, "junk".getBytes(StandardCharsets.UTF_8), 1, none), partitionTime))
        .isEqualTo(partitionTime);
    assertThat(extractor.extract(record(topic, created(Instant.parse("1960-01-01T00:00:00Z")), 1, none),
        partitionTime)).isEqualTo(partitionTime);
    assertThat(extractor.extract(record(topic, created(Instant.parse("2100-01-01T00:00:00Z")), 1, none),
        partitionTime)).isEqualTo(partitionTime);
    assertThat(extractor.extract(record(topic, "junk".getBytes(StandardCharsets.UTF_8), NOW.toEpochMilli(), none), -1))
        .as("the first record of a partition: 0, so it holds nothing back").isZero();
    RecordHeaders badWatermark = new RecordHeaders();
    badWatermark.add(Watermark.HEADER, "soon".getBytes(StandardCharsets.UTF_8));
    assertThat(extractor.extract(record(topic, null, 1, badWatermark), partitionTime)).isEqualTo(partitionTime);
  }

  @Test
  void shouldGiveTimesAheadOfTheWallClockWithinTheSkewAsTheyAreSoTheyMergeInOrder() {
    Instant ahead = NOW.plus(Duration.ofHours(6));
    Instant further = NOW.plus(Duration.ofHours(7));
    assertThat(extractor.extract(record(topic, created(ahead), 1, new RecordHeaders()), 0))
        .isEqualTo(ahead.toEpochMilli());
    assertThat(extractor.extract(record(topic, created(further), 1, new RecordHeaders()), 0))
        .isEqualTo(further.toEpochMilli());
  }

  @Test
  void shouldGiveAWatermarkItsOwnTime() {
    Instant at = Instant.parse("2025-04-01T00:00:00Z");
    assertThat(extractor.extract(record(topic, null, 1, (RecordHeaders) Watermark.headers(at)), 0))
        .isEqualTo(at.toEpochMilli());
  }
}
