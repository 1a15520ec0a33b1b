package io.salesvelocity.velocity.domain.funnel;

/**
 * One stage of one scope at one cursor instant T: the visits that ended in the window (T - W, T], their durations
 * and how many advanced, and when each visit open at T began. Mutable: a cursor moves it as it passes the facts.
 */
public final class StageTotals {
  private final OrderStatistics durations;
  private final OrderStatistics began;
  private long advanced;

  public StageTotals() {
    this(new OrderStatistics(), new OrderStatistics(), 0);
  }

  private StageTotals(OrderStatistics durations, OrderStatistics began, long advanced) {
    this.durations = durations;
    this.began = began;
    this.advanced = advanced;
  }

  /** {@code n} exits of this duration came into the window (left it, when negative). */
  public void exit(long durationMillis, boolean advanced, long n) {
    durations.add(durationMillis, n);
    if (advanced) {
      this.advanced += n;
    }
  }

  /** {@code n} visits begun at {@code beganAt} are open from here on (no more, when negative). */
  public void open(long beganAt, long n) {
    began.add(beganAt, n);
  }

  public long exits() {
    return durations.size();
  }

  public long advanced() {
    return advanced;
  }

  /** The durations of the exits in the window (read only: change them through {@link #exit}). */
  public OrderStatistics durations() {
    return durations;
  }

  /** When each open visit began (read only: change them through {@link #open}). */
  public OrderStatistics began() {
    return began;
  }

  public long openNow() {
    return began.size();
  }

  /** The open visits at {@code at} that have been in the stage longer than {@code thresholdMillis}. */
  public long stalledAt(long at, long thresholdMillis) {
    // at - began > threshold, that is began < at - threshold
    return began.countBelow(at - thresholdMillis);
  }

  public StageTotals copy() {
    return new StageTotals(durations.copy(), began.copy(), advanced);
  }
}
