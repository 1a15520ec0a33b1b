package io.salesvelocity.velocity.domain.math;

/**
 * Why velocity moved between two points in time, by factor. Velocity is a product
 * ({@code pipeline x deal size x win rate / cycle}), so its log change is the sum of the factors' log changes
 * (the cycle's with a minus sign); the factor with the largest share in the direction of the move explains it.
 */
public final class VelocityChange {
  /** One team's four factors and velocity at an instant; velocity null when undefined. */
  public record Point(long pipeline, double avgDealSize, double winRate, double avgCycleDays, Double velocity) {
    boolean defined() {
      return velocity != null && pipeline > 0 && avgDealSize > 0 && winRate > 0 && avgCycleDays > 0;
    }
  }

  /**
   * A move of velocity and the factor that drove it.
   *
   * @param relativeChange velocity change as a fraction (-0.18 = fell 18%)
   * @param driver         the factor with the largest share of the move
   * @param share          the driver's share of the log change (1.0 = all of it; more when others offset it)
   */
  public record Explanation(Point from, Point to, double relativeChange, Factor driver, double share) {
    public double driverBefore() {
      return value(from, driver);
    }

    public double driverAfter() {
      return value(to, driver);
    }
  }

  private VelocityChange() {
  }

  /** The explanation of the move from {@code a} to {@code b}, or null if velocity is undefined at either end. */
  public static Explanation explain(Point a, Point b) {
    if (!a.defined() || !b.defined()) {
      return null;
    }
    double total = Math.log(b.velocity() / a.velocity());
    double[] parts = {
        Math.log((double) b.pipeline() / a.pipeline()),
        Math.log(b.avgDealSize() / a.avgDealSize()),
        Math.log(b.winRate() / a.winRate()),
        -Math.log(b.avgCycleDays() / a.avgCycleDays())};
    int best = 0;
    for (int i = 1; i < parts.length; i++) {
      // the factor pushing hardest in the direction velocity moved
      if (Math.signum(total) * parts[i] > Math.signum(total) * parts[best]) {
        best = i;
      }
    }
    double share = total == 0 ? 0 : parts[best] / total;
    return new Explanation(a, b, b.velocity() / a.velocity() - 1, Factor.values()[best], share);
  }

  static double value(Point p, Factor f) {
    return switch (f) {
      case PIPELINE -> p.pipeline();
      case DEAL_SIZE -> p.avgDealSize();
      case WIN_RATE -> p.winRate();
      case CYCLE -> p.avgCycleDays();
    };
  }
}
