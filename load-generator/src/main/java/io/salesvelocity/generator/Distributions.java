package io.salesvelocity.generator;

import java.util.SplittableRandom;

/** Samplers on a seeded random source, so the same seed gives the same draws. */
final class Distributions {
  private Distributions() {
  }

  static double normal(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  static double logNormal(SplittableRandom r, double median, double sigma) {
    return median * Math.exp(sigma * normal(r));
  }

  static double exponential(SplittableRandom r, double mean) {
    return -mean * Math.log(1.0 - r.nextDouble());
  }

  /** Gamma with the given mean and shape (Marsaglia and Tsang). */
  static double gamma(SplittableRandom r, double mean, double shape) {
    double k = shape;
    double boost = 1.0;
    if (k < 1) {
      boost = Math.pow(r.nextDouble(), 1.0 / k);
      k += 1;
    }
    double d = k - 1.0 / 3;
    double c = 1.0 / Math.sqrt(9 * d);
    while (true) {
      double x = normal(r);
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = r.nextDouble();
      if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) {
        return d * v * boost * (mean / shape);
      }
    }
  }
}
