package io.salesvelocity.velocity.domain.team;

import java.util.Arrays;

/**
 * The event time each lead partition has reached, as a team task hears it, and the time up to which the team
 * task may make days final: the slowest partition's, as its last tick said, so a part from a partition that is behind
 * is never late for a day another partition already closed. A lead partition sends its ticks after the batches of
 * everything its events before the tick changed, so a tick's time is one no later part of that partition is more
 * than the grace period behind; a batch's time says only how far the partition has got (the current figures' time).
 * A partition that is behind and whose time has not moved for the idle timeout (of wall-clock time) is left out until
 * it moves again, so a quiet partition cannot hold every daily point back. The timeout runs from the first record the
 * task processes, not from its start: a task that starts (or restarts) far behind its input, or whose first input a
 * slow first transaction holds back, hears every partition soon after the first one. With one partition this is
 * simply that partition's last tick.
 */
public final class LeadClocks {
  private final long[] clocks;
  private final long[] ticks;
  private final long[] movedAt;
  private final long idleTimeoutMillis;
  /** Whether a record was heard since the start: until then no partition is idle. */
  private boolean heard;

  /** {@code now}: wall-clock time at start. */
  public LeadClocks(int partitions, long idleTimeoutMillis, long now) {
    this.clocks = new long[partitions];
    this.ticks = new long[partitions];
    this.movedAt = new long[partitions];
    this.idleTimeoutMillis = idleTimeoutMillis;
    Arrays.fill(clocks, Long.MIN_VALUE);
    Arrays.fill(ticks, Long.MIN_VALUE);
    Arrays.fill(movedAt, now);
  }

  /**
   * Restores what a partition had reached (from the store, at start), as if it had just moved: not a record heard.
   */
  public void restore(int p, long clock, long tick) {
    if (p >= 0 && p < clocks.length) {
      clocks[p] = Math.max(clocks[p], Math.max(clock, tick));
      ticks[p] = Math.max(ticks[p], tick);
    }
  }

  /** Partition {@code p} has got to {@code clock} (a batch); returns whether it moved on. */
  public boolean update(int p, long clock, long now) {
    heard(now);
    if (p < 0 || p >= clocks.length || clock <= clocks[p]) {
      return false;
    }
    clocks[p] = clock;
    movedAt[p] = now;
    return true;
  }

  /** The first record heard: every partition counts as moved then. */
  private void heard(long now) {
    if (!heard) {
      heard = true;
      Arrays.fill(movedAt, now);
    }
  }

  /** Partition {@code p} ticked at {@code clock}: it has got there, and sent everything before it; returns whether it moved on. */
  public boolean tick(int p, long clock, long now) {
    heard(now);
    if (p < 0 || p >= clocks.length) {
      return false;
    }
    boolean moved = update(p, clock, now);
    if (clock > ticks[p]) {
      ticks[p] = clock;
      return true;
    }
    return moved;
  }

  /** Partition {@code p}'s last time heard (Long.MIN_VALUE: none). */
  public long clock(int p) {
    return clocks[p];
  }

  /** Partition {@code p}'s last tick (Long.MIN_VALUE: none). */
  public long lastTick(int p) {
    return ticks[p];
  }

  /** The latest time any partition has reached. */
  public long latest() {
    long max = Long.MIN_VALUE;
    for (long c : clocks) {
      max = Math.max(max, c);
    }
    return max;
  }

  /** The tick every active partition has reached; Long.MIN_VALUE while an active one has not ticked. */
  public long safe(long now) {
    long latest = latest();
    long min = Long.MAX_VALUE;
    for (int p = 0; p < clocks.length; p++) {
      boolean idle = heard && clocks[p] < latest && now - movedAt[p] > idleTimeoutMillis;
      if (!idle) {
        min = Math.min(min, ticks[p]);
      }
    }
    return min == Long.MAX_VALUE ? Long.MIN_VALUE : min;
  }
}
