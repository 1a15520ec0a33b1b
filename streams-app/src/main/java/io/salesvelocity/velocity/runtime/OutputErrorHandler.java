package io.salesvelocity.velocity.runtime;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to an output the engine cannot write. A record that cannot be serialized (an output figure outside
 * its Avro type, which the input limits make all but impossible) is logged and dropped, and Kafka Streams counts it
 * in its {@code dropped-records} metric: one figure must not stop every team's; not when the cause is an outage of
 * the registry (the engine registers its output schemas at start, so that should not happen). A failed send is left
 * to fail the
 * task, as by default: under exactly-once the transaction it belongs to must be aborted anyway, and the engine
 * keeps every record it writes within the producer's limits, so such a failure is about the cluster, not a
 * record.
 */
public final class OutputErrorHandler implements ProductionExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(OutputErrorHandler.class);

  @Override
  public void configure(Map<String, ?> configs) {
  }

  @Override
  public Response handleSerializationError(ErrorHandlerContext context, ProducerRecord record, Exception exception,
                                           SerializationExceptionOrigin origin) {
    for (Throwable t = exception; t != null; t = t.getCause()) {
      if (t instanceof RetriableException) {
        return Response.fail(); // the registry is away: the output is fine and must not be dropped
      }
    }
    log.error("Dropping an output to {} that cannot be serialized ({} of the record written by {} in task {}): {}",
        record.topic(), origin, context.processorNodeId(), context.taskId(), exception.toString());
    return Response.resume();
  }

  @Override
  public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
    return Response.fail();
  }
}
