package io.salesvelocity.velocity.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The records the lead tasks send the team tasks on {@code team-deltas}, one owner for their format: the key is
 * the team (or {@link #TICK_KEY} for a clock tick, multicast to every team partition), the value a
 * {@code TeamDelta}, and two headers: the lead partition it comes from and that partition's event time (its
 * clock). The clock travels in a header, not as the record timestamp, because it may run ahead of the wall clock
 * (up to {@code velocity.max.clock.skew}) and brokers refuse record timestamps far in the future.
 */
final class TeamDeltaRecords {
  /** Key of clock ticks; team ids are never blank, so it cannot collide. */
  static final String TICK_KEY = "";
  /**
   * Key of the team partitions' reports to the scope of all teams (topic all-teams-partials); blank, so no team id.
   * Earlier versions sent a copy of every delta under this key on team-deltas, for a ledger of all teams that one
   * team task kept: a team task ignores such a record, and deletes that ledger's state when it starts.
   */
  static final String ALL_TEAMS_KEY = " ";
  static final String PARTITION_HEADER = "velocity.lead.partition";
  static final String CLOCK_HEADER = "velocity.lead.clock";

  private TeamDeltaRecords() {
  }

  static boolean isTick(String key) {
    return TICK_KEY.equals(key);
  }

  static boolean isAllTeams(String key) {
    return ALL_TEAMS_KEY.equals(key);
  }

  /** The headers of a record sent from lead partition {@code partition} (its text form) at event time {@code clock}. */
  static Headers headers(byte[] partition, long clock) {
    RecordHeaders h = new RecordHeaders();
    h.add(PARTITION_HEADER, partition);
    h.add(CLOCK_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(clock).array());
    return h;
  }

  static byte[] partitionText(int partition) {
    return Integer.toString(partition).getBytes(StandardCharsets.UTF_8);
  }

  /** The lead partition a record came from (0 when it does not say). */
  static int partitionOf(Headers headers) {
    Header h = headers == null ? null : headers.lastHeader(PARTITION_HEADER);
    return h == null ? 0 : Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
  }

  /**
   * The lead partition's event time a record carries; records of engine versions before the header carried it
   * as their timestamp.
   */
  static long clockOf(Headers headers, long timestamp) {
    Header h = headers == null ? null : headers.lastHeader(CLOCK_HEADER);
    return h == null || h.value() == null || h.value().length != Long.BYTES ? timestamp
        : ByteBuffer.wrap(h.value()).getLong();
  }
}
