package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.domain.lead.Rejection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The engine's own counters, registered in Kafka Streams' metrics (JMX group
 * {@code stream-salesvelocity-metrics}, names {@code <operation>-total} and {@code <operation>-rate},
 * tagged with the thread and task). The operation names are part of the operations contract (docs/outputs.md).
 */
public final class EngineMetrics {
  public static final String EVENTS_READ = "events-read";
  public static final String DUPLICATE_EVENTS = "duplicate-events";
  public static final String IGNORED_AFTER_CLOSE = "stage-changes-ignored-after-close";
  public static final String WATERMARKS = "watermarks";
  public static final String LATE_FOR_DAILY = "deltas-late-for-daily";
  /** Team deltas the team processor failed on (a fault of the engine's own; logged with the cause). */
  public static final String TEAM_ERRORS = "team-processing-errors";
  /** Stored lead histories a lead task could not read when it started (a fault of the state, logged). */
  public static final String UNREADABLE_STATE = "unreadable-lead-state";
  /** Records parked because the schema registry was unavailable (processed once it answers). */
  public static final String PARKED = "parked-for-registry";
  public static final String DEAD_LETTER_PREFIX = "dead-letter-";
  /** The metrics group Kafka Streams files the engine's sensors under ({@code stream-<scope>-metrics}). */
  public static final String GROUP = "stream-" + Names.METRICS_SCOPE + "-metrics";
  public static final String TOTAL = "-total";
  public static final String RATE = "-rate";

  private EngineMetrics() {
  }

  /**
   * The engine's counters by operation ({@code events-read}, {@code dead-letter-<reason>}, ...), summed over
   * threads and tasks, from a metrics registry (Kafka Streams' or the inline runner's).
   */
  public static Map<String, Double> counters(Map<MetricName, ? extends Metric> metrics) {
    Map<String, Double> out = new TreeMap<>();
    metrics.forEach((name, metric) -> {
      if (name.group().equals(GROUP) && name.name().endsWith(TOTAL)
          && metric.metricValue() instanceof Number number) {
        out.merge(name.name().substring(0, name.name().length() - TOTAL.length()), number.doubleValue(), Double::sum);
      }
    });
    return out;
  }

  /** Dead letters per reason code, from counters named like {@code VelocityEngine.counters()} names them. */
  public static Map<String, Long> deadLettersByReason(Map<String, Double> counters) {
    Map<String, Long> out = new TreeMap<>();
    counters.forEach((name, value) -> {
      if (name.startsWith(DEAD_LETTER_PREFIX) && value > 0) {
        out.put(name.substring(DEAD_LETTER_PREFIX.length()), value.longValue());
      }
    });
    return out;
  }

  public static String deadLetters(Rejection reason) {
    return DEAD_LETTER_PREFIX + reason.code();
  }

  /**
   * How far the team figures a task publishes are behind the wall clock: wall-clock time minus the event time they
   * are as of, in milliseconds, at each emit interval ({@code output-event-time-lag-avg} and {@code -max}). Live, the
   * delay between an event's time and the output that reflects it; during a backfill, how old the history is.
   */
  public static final String OUTPUT_LAG = "output-event-time-lag";

  static Sensor lagSensor(ProcessorContext<?, ?> context) {
    String task = context.taskId().toString();
    Sensor sensor = context.metrics().addSensor(OUTPUT_LAG + "-" + task, Sensor.RecordingLevel.INFO);
    Map<String, String> tags = Map.of("thread-id", Thread.currentThread().getName(), Names.METRICS_SCOPE + "-id", task);
    sensor.add(new MetricName(OUTPUT_LAG + "-avg", GROUP, "average wall-clock minus event time of the published "
        + "team figures, ms", tags), new org.apache.kafka.common.metrics.stats.Avg());
    sensor.add(new MetricName(OUTPUT_LAG + "-max", GROUP, "largest wall-clock minus event time of the published "
        + "team figures, ms", tags), new org.apache.kafka.common.metrics.stats.Max());
    return sensor;
  }

  /**
   * The heap a state store holds, read from the store whenever the metric is read ({@code state-heap-bytes}, tagged
   * with the store and the task): what the engine's state costs in memory, store by store.
   */
  public static final String STATE_HEAP = "state-heap-bytes";

  /** Registers {@link #STATE_HEAP} of {@code store}, a gauge of {@code heapBytes}. */
  public static void storeHeapGauge(org.apache.kafka.streams.processor.StateStoreContext context, String store,
                                    java.util.function.LongSupplier heapBytes) {
    String task = context.taskId().toString();
    Sensor sensor = context.metrics().addSensor(STATE_HEAP + "-" + task + "-" + store, Sensor.RecordingLevel.INFO);
    Map<String, String> tags = Map.of(Names.METRICS_SCOPE + "-id", task, "store", store);
    // a stat that is never recorded and measures the store when asked: a gauge through the public metrics API
    sensor.add(new MetricName(STATE_HEAP, GROUP, "bytes of heap the store holds: its keys, values and map", tags),
        new org.apache.kafka.common.metrics.MeasurableStat() {
          @Override
          public void record(org.apache.kafka.common.metrics.MetricConfig config, double value, long timeMs) {
          }

          @Override
          public double measure(org.apache.kafka.common.metrics.MetricConfig config, long now) {
            return heapBytes.getAsLong();
          }
        });
  }

  /** The heap each store holds, summed over its tasks, from a metrics registry ({@link #STATE_HEAP}). */
  public static Map<String, Long> stateHeap(Map<MetricName, ? extends Metric> metrics) {
    Map<String, Long> out = new TreeMap<>();
    metrics.forEach((name, metric) -> {
      if (name.group().equals(GROUP) && name.name().equals(STATE_HEAP) && metric.metricValue() instanceof Number n
          && !Double.isNaN(n.doubleValue())) {
        out.merge(name.tags().get("store"), n.longValue(), Long::sum);
      }
    });
    return out;
  }

  static Sensor sensor(ProcessorContext<?, ?> context, String operation) {
    return context.metrics().addRateTotalSensor(Names.METRICS_SCOPE, context.taskId().toString(), operation,
        Sensor.RecordingLevel.INFO);
  }
}
