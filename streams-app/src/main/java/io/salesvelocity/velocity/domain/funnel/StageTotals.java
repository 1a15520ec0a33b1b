package io.salesvelocity.velocity.domain.funnel;

/**
 * The exits of one stage of one scope in the window (T - W, T] of a cursor instant T: their durations and how many
 * advanced. Mutable: a cursor moves it as it passes the exits.
 */
public final class StageTotals {
  private final OrderStatistics durations;
  private long advanced;

  public StageTotals() {
    this(new OrderStatistics(), 0);
  }

  private StageTotals(OrderStatistics durations, long advanced) {
    this.durations = durations;
    this.advanced = advanced;
  }

  /** {@code n} exits of this duration came into the window (left it, when negative). */
  public void exit(long durationMillis, boolean advanced, long n) {
    durations.add(durationMillis, n);
    if (advanced) {
      this.advanced += n;
    }
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

  public StageTotals copy() {
    return new StageTotals(durations.copy(), advanced);
  }
}
