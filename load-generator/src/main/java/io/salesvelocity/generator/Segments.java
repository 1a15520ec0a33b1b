package io.salesvelocity.generator;

import io.salesvelocity.schemas.LeadSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ideal-customer-profile model: each lead draws an industry, a company size, a source and a region
 * (uniformly); the first three add their weight to the lead's fit (0..1, capped), and fit moves the lead's
 * outcome. With {@code effects} e, a factor is scaled by {@code (1 - e/2) + e * fit}: conversion per stage, win
 * probability and deal size go up with fit, stage durations go down ({@code (1 + e/2) - e * fit}).
 *
 * @param industries   industry -> fit weight
 * @param companySizes company size -> fit weight
 * @param sources      lead source -> fit weight
 * @param regions      regions, no effect on outcome
 * @param effects      how strongly fit moves each factor
 */
public record Segments(Map<String, Double> industries, Map<String, Double> companySizes,
                       Map<LeadSource, Double> sources, List<String> regions, Effects effects) {
  /** @param conversion lift of stage conversion, @param win lift of win probability, @param dealSize lift of
   *  deal size, @param speed shortening of stage durations; each e in [0, 2). */
  public record Effects(double conversion, double win, double dealSize, double speed) {
    public Effects {
      for (double e : new double[] {conversion, win, dealSize, speed}) {
        if (e < 0 || e >= 2) {
          throw new IllegalArgumentException("segment effects must be in [0, 2): " + e);
        }
      }
    }

    public static Effects defaults() {
      return new Effects(0.4, 0.5, 0.6, 0.4);
    }
  }

  public Segments {
    industries = copy(industries, "industries");
    companySizes = copy(companySizes, "companySizes");
    sources = copy(sources, "sources");
    regions = List.copyOf(regions);
    if (regions.isEmpty()) {
      throw new IllegalArgumentException("segments need at least one region");
    }
  }

  private static <K> Map<K, Double> copy(Map<K, Double> m, String what) {
    if (m == null || m.isEmpty()) {
      throw new IllegalArgumentException("segments need at least one entry in " + what);
    }
    for (Map.Entry<K, Double> e : m.entrySet()) {
      if (e.getValue() == null || e.getValue() < 0 || e.getValue() > 1) {
        throw new IllegalArgumentException(what + "." + e.getKey() + ": fit weight must be in [0, 1]");
      }
    }
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  public static Segments defaults() {
    Map<String, Double> industries = new LinkedHashMap<>();
    industries.put("SOFTWARE", 0.4);
    industries.put("FINANCE", 0.4);
    industries.put("HEALTHCARE", 0.0);
    industries.put("RETAIL", 0.0);
    industries.put("MANUFACTURING", 0.0);
    Map<String, Double> sizes = new LinkedHashMap<>();
    sizes.put("1-50", 0.0);
    sizes.put("51-200", 0.0);
    sizes.put("201-1000", 0.35);
    sizes.put("1000+", 0.35);
    Map<LeadSource, Double> sources = new LinkedHashMap<>();
    sources.put(LeadSource.PAID_SEARCH, 0.0);
    sources.put(LeadSource.ORGANIC_WEB, 0.25);
    sources.put(LeadSource.SOCIAL, 0.0);
    sources.put(LeadSource.EMAIL, 0.0);
    sources.put(LeadSource.EVENT, 0.25);
    sources.put(LeadSource.INBOUND_CALL, 0.25);
    sources.put(LeadSource.FORM, 0.0);
    return new Segments(industries, sizes, sources, List.of("EMEA", "NA", "APAC", "LATAM"), Effects.defaults());
  }

  static double fit(double industry, double size, double source) {
    return Math.min(1.0, industry + size + source);
  }

  static double lift(double effect, double fit) {
    return 1 - effect / 2 + effect * fit;
  }

  static double slowdown(double effect, double fit) {
    return 1 + effect / 2 - effect * fit;
  }
}
