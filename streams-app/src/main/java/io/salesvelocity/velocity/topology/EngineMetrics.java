package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.lead.Rejection;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The engine's own counters, registered in Kafka Streams' metrics (JMX group
 * {@code stream-salesvelocity-metrics}, names {@code <operation>-total} and {@code <operation>-rate},
 * tagged with the thread and task). The operation names are part of the operations contract (README).
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

  private EngineMetrics() {
  }

  public static String deadLetters(Rejection reason) {
    return DEAD_LETTER_PREFIX + reason.code();
  }

  static Sensor sensor(ProcessorContext<?, ?> context, String operation) {
    return context.metrics().addRateTotalSensor(Names.METRICS_SCOPE, context.taskId().toString(), operation,
        Sensor.RecordingLevel.INFO);
  }
}
