package io.salesvelocity.velocity.topology;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The engine's own counters, registered in Kafka Streams' metrics (JMX group
 * {@code stream-salesvelocity-metrics}, names {@code <operation>-total} and {@code <operation>-rate},
 * tagged with the thread and task).
 */
final class EngineMetrics {
  private EngineMetrics() {
  }

  static Sensor sensor(ProcessorContext<?, ?> context, String operation) {
    return context.metrics().addRateTotalSensor(Names.METRICS_SCOPE, context.taskId().toString(), operation,
        Sensor.RecordingLevel.INFO);
  }
}
