package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.domain.lead.DeadLetter;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.lead.Rejection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record of the engine's own internal topic ({@code team-deltas}) that cannot be deserialized (a corrupt record,
 * or one written by an engine version this one cannot read) goes to the dead-letter topic as {@code
 * processing-error}, with the usual headers, and the engine goes on. The CRM topics are read as bytes and never get
 * here: the lead processor reads and refuses their records itself.
 */
public final class InternalRecordErrors implements DeserializationExceptionHandler {
  /** The setting (in the Kafka Streams properties) that names the dead-letter topic for this handler. */
  public static final String DEAD_LETTER_TOPIC = "salesvelocity.dead.letter.topic";
  private static final Logger log = LoggerFactory.getLogger(InternalRecordErrors.class);

  private String topic;

  @Override
  public void configure(Map<String, ?> configs) {
    Object t = configs.get(DEAD_LETTER_TOPIC);
    if (t == null) {
      throw new ConfigException(DEAD_LETTER_TOPIC + " is not set: the dead-letter topic of " + getClass().getName());
    }
    topic = t.toString();
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    log.error("A record of {} at {}-{}@{} cannot be read and is dead-lettered: {}", context.processorNodeId(),
        record.topic(), record.partition(), record.offset(), exception.toString());
    RawEvent raw = new RawEvent(null, record.timestamp(), record.topic(), record.partition(), record.offset(),
        record.timestamp(), record.key(), record.value());
    DeadLetter letter = new DeadLetter(raw, Rejection.PROCESSING_ERROR, "the engine cannot read its own record: "
        + exception);
    return Response.resume(List.of(new ProducerRecord<>(topic, null, Math.max(0, record.timestamp()), record.key(),
        record.value(), DeadLetterHeaders.of(letter, record.headers(), 0))));
  }
}
