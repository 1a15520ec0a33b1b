package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.domain.funnel.StallThreshold;
import io.salesvelocity.velocity.domain.segment.Dimension;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
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
 * @param maxClockSkew     how far ahead of the wall clock an event (or watermark) may be; later ones are refused
 *                         ({@code future-event-time}), so one mistyped year cannot move event time for good
 * @param maxRecordBytes   the largest input record read (key, value and headers); larger ones are refused
 *                         ({@code record-too-large}) unread
 * @param segments         the dimensions of the ideal customer profile velocity is also computed by (none: off)
 * @param funnel           whether the stage funnel and stalled deals are computed
 * @param stall            when a deal counts as stalled in its stage
 * @param historyDays      final daily points per team kept for queries (the serving stores): the latest ones
 * @param batchInterval    wall-clock interval at which a lead task sends each team, in one record, what its events
 *                         changed since the last one (and always before it tells the teams a day may be final)
 * @param bridge           whether the daily pipeline bridges (pipeline-flow-daily) are computed
 * @param forecastHorizons the horizons N in days of the forecasts of won revenue (sales-forecast-daily); empty: off
 */
public record EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                             Duration heartbeatInterval, int leadPartitions, Duration partitionIdleTimeout,
                             Duration maxClockSkew, int maxRecordBytes, List<Dimension> segments, boolean funnel,
                             StallThreshold stall, int historyDays, Duration batchInterval, boolean bridge,
                             List<Integer> forecastHorizons) {
  public static final int DEFAULT_WINDOW_DAYS = 90;
  public static final List<Integer> DEFAULT_FORECAST_HORIZONS = List.of(30, 90);
  /** The longest horizon: a forecast waits that long for its actual, and its day is kept that long. */
  public static final int MAX_FORECAST_HORIZON = 366;
  public static final int DEFAULT_HISTORY_DAYS = 400;
  public static final Stage DEFAULT_ENTRY_STAGE = Stage.SQL;
  public static final Duration DEFAULT_GRACE = Duration.ofDays(1);
  public static final Duration DEFAULT_EMIT_INTERVAL = Duration.ofMillis(500);
  /** A tenth of the engine's default commit interval (see EngineConfig). */
  public static final Duration DEFAULT_BATCH_INTERVAL = Duration.ofMillis(20);
  public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_PARTITION_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_MAX_CLOCK_SKEW = Duration.ofDays(1);
  public static final int DEFAULT_MAX_RECORD_BYTES = 128 * 1024;
  /**
   * The largest {@code maxRecordBytes} allowed: what a lead may hold of records still to be judged
   * (LeadHistory.MAX_HELD_BYTES), so that one of them always fits, and every state and dead-letter record stays
   * under the producer's default limit of 1 MiB.
   */
  public static final int MAX_RECORD_BYTES_LIMIT = 512 * 1024;

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
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (maxClockSkew.isNegative()) {
      throw new IllegalArgumentException("max clock skew must not be negative: " + maxClockSkew);
    }
    if (maxRecordBytes < 1024 || maxRecordBytes > MAX_RECORD_BYTES_LIMIT) {
      throw new IllegalArgumentException("max record bytes must be between 1024 and " + MAX_RECORD_BYTES_LIMIT + ": "
          + maxRecordBytes);
    }
    segments = segments.isEmpty() ? List.of() : List.copyOf(EnumSet.copyOf(segments));
    Objects.requireNonNull(stall, "stall");
    if (historyDays < 1) {
      throw new IllegalArgumentException("history days must be at least 1: " + historyDays);
    }
    Objects.requireNonNull(batchInterval, "batchInterval");
    if (batchInterval.isNegative() || batchInterval.isZero()) {
      throw new IllegalArgumentException("batch interval must be positive: " + batchInterval);
    }
    forecastHorizons = List.copyOf(new java.util.TreeSet<>(forecastHorizons));
    for (int n : forecastHorizons) {
      if (n < 1 || n > MAX_FORECAST_HORIZON) {
        throw new IllegalArgumentException("a forecast horizon must be 1 to " + MAX_FORECAST_HORIZON + " days: " + n);
      }
    }
  }

  /** The daily pipeline bridges on. */
  public EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                        Duration heartbeatInterval, int leadPartitions, Duration partitionIdleTimeout,
                        Duration maxClockSkew, int maxRecordBytes, List<Dimension> segments, boolean funnel,
                        StallThreshold stall, int historyDays, Duration batchInterval) {
    this(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions, partitionIdleTimeout,
        maxClockSkew, maxRecordBytes, segments, funnel, stall, historyDays, batchInterval, true,
        DEFAULT_FORECAST_HORIZONS);
  }

  /** The default interval of the lead tasks' batches. */
  public EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                        Duration heartbeatInterval, int leadPartitions, Duration partitionIdleTimeout,
                        Duration maxClockSkew, int maxRecordBytes, List<Dimension> segments, boolean funnel,
                        StallThreshold stall, int historyDays) {
    this(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions, partitionIdleTimeout,
        maxClockSkew, maxRecordBytes, segments, funnel, stall, historyDays, DEFAULT_BATCH_INTERVAL);
  }

  /** The default history of daily points for queries. */
  public EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                        Duration heartbeatInterval, int leadPartitions, Duration partitionIdleTimeout,
                        Duration maxClockSkew, int maxRecordBytes, List<Dimension> segments, boolean funnel,
                        StallThreshold stall) {
    this(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions, partitionIdleTimeout,
        maxClockSkew, maxRecordBytes, segments, funnel, stall, DEFAULT_HISTORY_DAYS);
  }

  /** The funnel on, with the default stall threshold. */
  public EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                        Duration heartbeatInterval, int leadPartitions, Duration partitionIdleTimeout,
                        Duration maxClockSkew, int maxRecordBytes, List<Dimension> segments) {
    this(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions, partitionIdleTimeout,
        maxClockSkew, maxRecordBytes, segments, true, StallThreshold.defaults());
  }

  /** All segment dimensions on. */
  public EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                        Duration heartbeatInterval, int leadPartitions, Duration partitionIdleTimeout,
                        Duration maxClockSkew, int maxRecordBytes) {
    this(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions, partitionIdleTimeout,
        maxClockSkew, maxRecordBytes, Dimension.ALL);
  }

  /** One input partition, the default idle timeout, clock skew and record size. */
  public EngineSettings(int windowDays, Stage entryStage, Duration grace, Duration emitInterval,
                        Duration heartbeatInterval) {
    this(windowDays, entryStage, grace, emitInterval, heartbeatInterval, 1, DEFAULT_PARTITION_IDLE_TIMEOUT,
        DEFAULT_MAX_CLOCK_SKEW, DEFAULT_MAX_RECORD_BYTES);
  }

  public EngineSettings withLeadPartitions(int partitions) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, partitions,
        partitionIdleTimeout, maxClockSkew, maxRecordBytes, segments, funnel, stall, historyDays, batchInterval, bridge, forecastHorizons);
  }

  public EngineSettings withPartitionIdleTimeout(Duration timeout) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        timeout, maxClockSkew, maxRecordBytes, segments, funnel, stall, historyDays, batchInterval, bridge, forecastHorizons);
  }

  public EngineSettings withMaxClockSkew(Duration skew) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, skew, maxRecordBytes, segments, funnel, stall, historyDays, batchInterval, bridge, forecastHorizons);
  }

  public EngineSettings withMaxRecordBytes(int bytes) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, maxClockSkew, bytes, segments, funnel, stall, historyDays, batchInterval, bridge, forecastHorizons);
  }

  /** The same settings with segments by {@code dimensions} (empty: segments off). */
  public EngineSettings withSegments(List<Dimension> dimensions) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, maxClockSkew, maxRecordBytes, dimensions, funnel, stall, historyDays, batchInterval, bridge, forecastHorizons);
  }

  /** The same settings with the stage funnel on or off. */
  public EngineSettings withFunnel(boolean on) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, maxClockSkew, maxRecordBytes, segments, on, stall, historyDays, batchInterval, bridge, forecastHorizons);
  }

  /** The same settings with this stall threshold. */
  public EngineSettings withStall(StallThreshold threshold) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, maxClockSkew, maxRecordBytes, segments, funnel, threshold, historyDays, batchInterval, bridge, forecastHorizons);
  }

  /** The same settings keeping {@code days} final daily points per team for queries. */
  public EngineSettings withHistoryDays(int days) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, maxClockSkew, maxRecordBytes, segments, funnel, stall, days, batchInterval, bridge, forecastHorizons);
  }

  /** The same settings with the lead tasks sending their batches every {@code interval}. */
  public EngineSettings withBatchInterval(Duration interval) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, maxClockSkew, maxRecordBytes, segments, funnel, stall, historyDays, interval, bridge, forecastHorizons);
  }

  /** The same settings with the daily pipeline bridges on or off. */
  public EngineSettings withBridge(boolean on) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, maxClockSkew, maxRecordBytes, segments, funnel, stall, historyDays, batchInterval, on,
        forecastHorizons);
  }

  /** The same settings with forecasts for these horizons (empty: off). */
  public EngineSettings withForecastHorizons(List<Integer> horizons) {
    return new EngineSettings(windowDays, entryStage, grace, emitInterval, heartbeatInterval, leadPartitions,
        partitionIdleTimeout, maxClockSkew, maxRecordBytes, segments, funnel, stall, historyDays, batchInterval, bridge,
        horizons);
  }

  public boolean forecastsOn() {
    return !forecastHorizons.isEmpty();
  }

  /** The horizons as an array, ascending. */
  public int[] horizons() {
    return forecastHorizons.stream().mapToInt(Integer::intValue).toArray();
  }

  public boolean segmentsOn() {
    return !segments.isEmpty();
  }

  public static EngineSettings defaults() {
    return new EngineSettings(DEFAULT_WINDOW_DAYS, DEFAULT_ENTRY_STAGE, DEFAULT_GRACE, DEFAULT_EMIT_INTERVAL,
        DEFAULT_HEARTBEAT_INTERVAL);
  }

  public long windowMillis() {
    return windowDays * io.salesvelocity.velocity.domain.math.VelocityFigures.MILLIS_PER_DAY;
  }
}
