package io.salesvelocity.velocity.domain.team;

import java.util.Arrays;

/**
 * The event time each lead partition has reached, as a team task hears it, and the time up to which the team
 * task may make days final: the slowest partition's, so a delta from a partition that is behind is never late
 * for a day another partition already closed. A partition that is behind and whose time has not moved for the
 * idle timeout (of wall-clock time) is left out until it moves again, so a quiet partition cannot hold every
 * daily point back. With one partition this is simply that partition's time.
 */
public final class LeadClocks {
  private final long[] clocks;
  private final long[] movedAt;
  private final long idleTimeoutMillis;

  /** {@code now}: wall-clock time at start; partitions not heard of yet count as moved then. */
  public LeadClocks(int partitions, long idleTimeoutMillis, long now) {
    this.clocks = new long[partitions];
    this.movedAt = new long[partitions];
    this.idleTimeoutMillis = idleTimeoutMillis;
    Arrays.fill(clocks, Long.MIN_VALUE);
    Arrays.fill(movedAt, now);
  }

  /** Records partition {@code p}'s event time; returns whether it moved on. Partitions beyond the count widen it. */
  public boolean update(int p, long clock, long now) {
    if (p < 0 || p >= clocks.length || clock <= clocks[p]) {
      return false;
    }
    clocks[p] = clock;
    movedAt[p] = now;
    return true;
  }

  /** The latest time any partition has reached. */
  public long latest() {
    long max = Long.MIN_VALUE;
    for (long c : clocks) {
      max = Math.max(max, c);
    }
    return max;
  }

  /** The time every active partition has reached; Long.MIN_VALUE while an active one has reported nothing. */
  public long safe(long now) {
    long latest = latest();
    long min = latest;
    for (int p = 0; p < clocks.length; p++) {
      boolean idle = clocks[p] < latest && now - movedAt[p] > idleTimeoutMillis;
      if (!idle) {
        min = Math.min(min, clocks[p]);
      }
    }
    return min;
  }
}
