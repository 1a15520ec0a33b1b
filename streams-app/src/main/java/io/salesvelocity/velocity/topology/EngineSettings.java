package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.Stage;
import java.time.Duration;
import java.util.Objects;

/**
 * What the velocity definition and the outputs depend on. Pure values: no addresses, no serdes.
 *
 * @param windowDays       trailing window W in days of 86,400 s
 * @param entryStage       the stage at or above which a lead is in the pipeline
 * @param grace            how late (in event time) an event may arrive and still count
 * @param emitInterval     wall-clock interval of sales-velocity updates for changed teams
 * @param heartbeatInterval wall-clock interval after which every team is re-published, changed or not
 * @param leadPartitions   partitions of the input topics: the team tasks wait for the event time of each before
 *                         making a day final
 * @param partitionIdleTimeout wall-clock time after which a lead partition whose event time has not moved is left
 *                         out of that wait, so one quiet partition does not hold every daily point back
 */
public record EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                             Duration heartbeatInterval, int leadPartitions, Duration partitionIdleTimeout) {
  public static final int DEFAULT_WINDOW_DAYS = 90;
  public static final Stage DEFAULT_ENTRY_STAGE = Stage.SQL;
  public static final Duration DEFAULT_GRACE = Duration.ofDays(1);
  public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_PARTITION_IDLE_TIMEOUT = Duration.ofSeconds(30);

  public EngineSettings {
    Objects.requireNonNull(entryStage, "entryStage");
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(emitInterval, "emitInterval");
    Objects.requireNonNull(heartbeatInterval, "heartbeatInterval");
    if (windowDays < 1) {
      throw new IllegalArgumentException("window must be at least 1 day: " + windowDays);
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace must not be negative: " + grace);
    }
    if (emitInterval.isNegative() || emitInterval.isZero()) {
      throw new IllegalArgumentException("emit interval must be positive: " + emitInterval);
    }
    Objects.requireNonNull(partitionIdleTimeout, "partitionIdleTimeout");
    if (leadPartitions < 1) {
      throw new IllegalArgumentException("lead partitions must be at least 1: " + leadPartitions);
    }
  }

  /** One input partition, the default idle timeout. */
  public EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                        Duration heartbeatInterval) {
    this(windowDays, entryStage, grace, emitInterval, heartbeatInterval, 1, DEFAULT_PARTITION_IDLE_TIMEOUT);
  }

  public EngineSettings withLeadPartitions(int partitions) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, partitions,
        partitionIdleTimeout);
  }

  public EngineSettings withPartitionIdleTimeout(Duration timeout) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        timeout);
  }

  public static EngineSettings defaults() {
    return new EngineSettings(DEFAULT_WINDOW_DAYS, DEFAULT_ENTRY_STAGE, DEFAULT_GRACE, DEFAULT_EMIT_INTERVAL,
        DEFAULT_HEARTBEAT_INTERVAL);
  }

  public long windowMillis() {
    return windowDays * 86_400_000L;
  }
}
