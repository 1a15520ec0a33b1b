package io.salesvelocity.velocity.domain.forecast;

import io.salesvelocity.velocity.domain.math.VelocityFigures;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One scope's forecasts (issue 28), day by day as its days become final: the forecast parts summed up to the last final
 * day, and of each of the recent days what was won on it and what was forecast at its end, kept as long as a forecast
 * may still wait for its actual and count in the rolling accuracy (the longest horizon plus
 * {@value #ACCURACY_DAYS} days), then dropped whole.
 *
 * <p>When day D becomes final it gives, for each horizon N, the forecasts of T = the end of D ({@link Point} without
 * actual), and those of D - N with their actual (the won amounts of the days D - N + 1 ... D), errors, and the
 * rolling accuracy of each method over the last {@value #ACCURACY_DAYS} days whose actual is known: WAPE = sum |F - A|
 * / sum A and bias = sum (F - A) / sum A, over the days where F is defined.
 */
public final class ForecastBook {
  public static final int ACCURACY_DAYS = 90;

  /** A forecast of won revenue in (T, T + N]: by velocity (velocity per day at T x N) and by the pipeline. */
  public record Forecast(Double velocity, BigDecimal pipeline) { }

  /**
   * A final day as kept: what was won on it (for the scope, at the close), what was won up to it from the scope's first
   * day ({@code wonToDate}: the won amount of any run of days is the difference of two), and its forecasts by horizon.
   */
  public record Day(long day, BigDecimal won, BigDecimal wonToDate, Map<Integer, Forecast> forecasts) {
    /** As stored: {@code day|won|wonToDate|N:velocity:pipeline|...}, an empty field for a null forecast. */
    public String text() {
      StringBuilder b = new StringBuilder().append(day).append('|').append(won.toPlainString()).append('|')
          .append(wonToDate.toPlainString());
      new TreeMap<>(forecasts).forEach((n, f) -> b.append('|').append(n).append(':')
          .append(f.velocity() == null ? "" : Double.toString(f.velocity())).append(':')
          .append(f.pipeline() == null ? "" : f.pipeline().toString()));
      return b.toString();
    }

    public static Day parse(String text) {
      String[] fields = text.split("\\|");
      if (fields.length < 3) {
        throw new IllegalArgumentException("not a forecast day: " + text);
      }
      Map<Integer, Forecast> forecasts = new java.util.LinkedHashMap<>();
      for (int i = 3; i < fields.length; i++) {
        String[] f = fields[i].split(":", -1);
        if (f.length != 3) {
          throw new IllegalArgumentException("not a day's forecast: " + fields[i]);
        }
        forecasts.put(Integer.parseInt(f[0]), new Forecast(f[1].isEmpty() ? null : Double.parseDouble(f[1]),
            f[2].isEmpty() ? null : new BigDecimal(f[2])));
      }
      return new Day(Long.parseLong(fields[0]), new BigDecimal(fields[1]), new BigDecimal(fields[2]),
          Map.copyOf(forecasts));
    }
  }

  /** A method's rolling accuracy; null figures without an actual to compare with. */
  public record Accuracy(Double wape, Double bias) {
    public static final Accuracy NONE = new Accuracy(null, null);
  }

  /** A forecast record: actual, errors and accuracy null while day + horizon is not final. */
  public record Point(long day, int horizon, Forecast forecast, BigDecimal actual, Double velocityError,
                      Double pipelineError, Accuracy velocityAccuracy, Accuracy pipelineAccuracy) {
    public boolean scored() {
      return actual != null;
    }
  }

  private final int[] horizons;
  private final int keepDays;
  private ForecastParts sums;
  private final NavigableMap<Long, Day> days = new TreeMap<>();

  public ForecastBook(int[] horizons) {
    this(horizons, ForecastParts.EMPTY, List.of());
  }

  /** A book restored: the sums up to the last final day and the days kept. */
  public ForecastBook(int[] horizons, ForecastParts sums, List<Day> kept) {
    this.horizons = horizons.clone();
    this.keepDays = Arrays.stream(horizons).max().orElse(0) + ACCURACY_DAYS;
    this.sums = sums;
    kept.forEach(d -> days.put(d.day(), d));
  }

  public ForecastParts sums() {
    return sums;
  }

  /** The days kept, oldest first. */
  public List<Day> days() {
    return List.copyOf(days.values());
  }

  /** A day kept; null when it is not. */
  public Day day(long day) {
    return days.get(day);
  }

  /** The last day that became final; null before the first. */
  public Long lastDay() {
    return days.isEmpty() ? null : days.lastKey();
  }

  /**
   * Day {@code day} is final: {@code sums} are the scope's forecast parts summed up to it (the parts that count from it
   * on added to {@link #sums()}), {@code won} what the scope won on it, {@code velocity} its figures at the day's end.
   * Returns the points to publish; {@link #dropOld} then lets go of the days no longer needed.
   */
  public List<Point> finalDay(long day, ForecastParts sums, BigDecimal won, VelocityFigures velocity) {
    this.sums = sums;
    Map<Integer, Forecast> forecasts = new java.util.LinkedHashMap<>();
    List<Point> out = new ArrayList<>();
    for (int n : horizons) {
      Forecast f = forecast(sums, n, velocity);
      forecasts.put(n, f);
      out.add(new Point(day, n, f, null, null, null, null, null));
    }
    Day before = days.get(day - 1);
    BigDecimal toDate = before == null ? won : before.wonToDate().add(won);
    days.put(day, new Day(day, won, toDate, Map.copyOf(forecasts)));
    for (int n : horizons) {
      Day scored = days.get(day - n);
      if (scored != null) {
        out.add(scored(scored, n));
      }
    }
    return out;
  }

  /**
   * The forecasts at an instant T of the day not final yet (the current figures): {@code sums} the scope's forecast
   * parts summed up to T, {@code velocity} its figures at T; each with the latest scored day's point (the forecast of
   * the last final day minus N, with its actual and rolling accuracy), null while there is none.
   */
  public List<Current> current(ForecastParts sums, VelocityFigures velocity) {
    List<Current> out = new ArrayList<>(horizons.length);
    Long last = lastDay();
    for (int n : horizons) {
      Day scored = last == null ? null : days.get(last - n);
      out.add(new Current(n, forecast(sums, n, velocity), scored == null ? null : scored(scored, n)));
    }
    return out;
  }

  /** A current forecast for horizon N, and the latest scored point (null while none is). */
  public record Current(int horizon, Forecast forecast, Point lastScored) { }

  /** Both forecasts for horizon n from the parts summed up to T and the scope's velocity figures at T. */
  static Forecast forecast(ForecastParts sums, int n, VelocityFigures velocity) {
    Double byVelocity = velocity.velocityPerDay() == null ? null : velocity.velocityPerDay() * n;
    return new Forecast(byVelocity, PipelineForecast.of(sums, n, velocity.avgDealSize()));
  }

  /** Lets go of the days no longer needed (older than the longest horizon plus the accuracy's days); returns them. */
  public List<Long> dropOld() {
    Long last = lastDay();
    if (last == null) {
      return List.of();
    }
    Map<Long, Day> old = days.headMap(last - keepDays + 1, false);
    List<Long> out = List.copyOf(old.keySet());
    old.clear();
    return out;
  }

  /** Day {@code d}'s forecast for horizon n with its actual, now that d + n is final. */
  private Point scored(Day d, int n) {
    BigDecimal actual = actual(d.day(), n);
    Forecast f = d.forecasts().get(n);
    // the rolling accuracy: the last ACCURACY_DAYS days up to d whose actual is known (all of them, as d's is)
    BigDecimal[] v = new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    BigDecimal[] p = new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO};
    for (Day past : days.subMap(d.day() - ACCURACY_DAYS, false, d.day(), true).values()) {
      Forecast pf = past.forecasts().get(n);
      BigDecimal a = actual(past.day(), n);
      if (pf == null || a == null) {
        continue;
      }
      if (pf.velocity() != null) {
        add(v, BigDecimal.valueOf(pf.velocity()), a);
      }
      if (pf.pipeline() != null) {
        add(p, pf.pipeline(), a);
      }
    }
    return new Point(d.day(), n, f, actual, error(f == null ? null : f.velocity() == null ? null
        : BigDecimal.valueOf(f.velocity()), actual), error(f == null ? null : f.pipeline(), actual), accuracy(v),
        accuracy(p));
  }

  /** What the scope won in (end of {@code day}, end of {@code day} + n]; null when either end is not kept. */
  private BigDecimal actual(long day, int n) {
    Day from = days.get(day);
    Day to = days.get(day + n);
    return from == null || to == null ? null : to.wonToDate().subtract(from.wonToDate());
  }

  private static void add(BigDecimal[] sums, BigDecimal forecast, BigDecimal actual) {
    sums[0] = sums[0].add(forecast.subtract(actual).abs());
    sums[1] = sums[1].add(forecast.subtract(actual));
    sums[2] = sums[2].add(actual);
  }

  private static Accuracy accuracy(BigDecimal[] sums) {
    if (sums[2].signum() == 0) {
      return Accuracy.NONE;
    }
    return new Accuracy(sums[0].divide(sums[2], MathContext.DECIMAL128).doubleValue(),
        sums[1].divide(sums[2], MathContext.DECIMAL128).doubleValue());
  }

  private static Double error(BigDecimal forecast, BigDecimal actual) {
    if (forecast == null || actual == null || actual.signum() == 0) {
      return null;
    }
    return forecast.doubleValue() / actual.doubleValue() - 1;
  }
}
