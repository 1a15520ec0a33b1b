package io.salesvelocity.serving;

import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

/**
 * {@code GET /metrics}: Prometheus text of the JVM's meters and of every Kafka Streams metric of the engine
 * (Micrometer's {@link KafkaStreamsMetrics}), ours among them (group {@code stream-salesvelocity-metrics}: events
 * read, dead letters by reason, duplicates, late events) and the consumers' lag ({@code records-lag}).
 */
final class ServingMetrics implements AutoCloseable {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final JvmGcMetrics gc = new JvmGcMetrics();
  private KafkaStreamsMetrics streams;

  ServingMetrics() {
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    gc.bindTo(registry);
  }

  /** Binds the engine's metrics, once it is created. */
  synchronized void bind(KafkaStreams kafkaStreams) {
    if (streams == null && kafkaStreams != null) {
      streams = new KafkaStreamsMetrics(kafkaStreams);
      streams.bindTo(registry);
    }
  }

  String scrape() {
    return registry.scrape();
  }

  @Override
  public synchronized void close() {
    if (streams != null) {
      streams.close();
    }
    gc.close();
    registry.close();
  }
}
