package io.salesvelocity.velocity.domain.forecast;

import io.salesvelocity.velocity.domain.lead.LeadForecast;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Parts of the pipeline forecast ({@link LeadForecast}) by slot (kind, stage, horizon): the change a lead's event
 * brings a team for one day, or a scope's sums up to a day. Additive; never holds a zero part.
 */
public final class ForecastParts {
  /** Where a part counts, within a scope and day. */
  public record Slot(LeadForecast.Kind kind, int stage, int horizon) {
    public Slot {
      Objects.requireNonNull(kind);
    }
  }

  private static final Comparator<Slot> ORDER = Comparator.comparing(Slot::kind).thenComparingInt(Slot::stage)
      .thenComparingInt(Slot::horizon);
  public static final ForecastParts EMPTY = new ForecastParts(new TreeMap<>(ORDER));

  private final TreeMap<Slot, LeadForecast.Part> parts;

  private ForecastParts(TreeMap<Slot, LeadForecast.Part> parts) {
    this.parts = parts;
  }

  public static ForecastParts of(Map<Slot, LeadForecast.Part> parts) {
    TreeMap<Slot, LeadForecast.Part> m = new TreeMap<>(ORDER);
    parts.forEach((k, p) -> {
      if (!p.isZero()) {
        m.merge(k, p, LeadForecast.Part::plus);
      }
    });
    m.values().removeIf(LeadForecast.Part::isZero);
    return m.isEmpty() ? EMPTY : new ForecastParts(m);
  }

  public static ForecastParts of(Slot slot, LeadForecast.Part part) {
    return of(Map.of(slot, part));
  }

  public Map<Slot, LeadForecast.Part> parts() {
    return Collections.unmodifiableMap(parts);
  }

  public LeadForecast.Part get(LeadForecast.Kind kind, int stage, int horizon) {
    LeadForecast.Part p = parts.get(new Slot(kind, stage, horizon));
    return p == null ? LeadForecast.Part.ZERO : p;
  }

  public boolean isEmpty() {
    return parts.isEmpty();
  }

  public int size() {
    return parts.size();
  }

  public ForecastParts plus(ForecastParts o) {
    if (o == null || o.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return o;
    }
    TreeMap<Slot, LeadForecast.Part> m = new TreeMap<>(parts);
    o.parts.forEach((k, p) -> m.merge(k, p, LeadForecast.Part::plus));
    m.values().removeIf(LeadForecast.Part::isZero);
    return m.isEmpty() ? EMPTY : new ForecastParts(m);
  }

  /**
   * As stored: {@code kind stage horizon count amount unestimated} per part, parts separated by {@code ;}; empty for
   * none.
   */
  public String text() {
    StringBuilder b = new StringBuilder();
    parts.forEach((k, p) -> {
      if (b.length() > 0) {
        b.append(';');
      }
      b.append(k.kind().ordinal()).append(' ').append(k.stage()).append(' ').append(k.horizon()).append(' ')
          .append(p.count()).append(' ').append(p.amount().toPlainString()).append(' ').append(p.unestimated());
    });
    return b.toString();
  }

  public static ForecastParts parse(String text) {
    if (text.isEmpty()) {
      return EMPTY;
    }
    TreeMap<Slot, LeadForecast.Part> m = new TreeMap<>(ORDER);
    for (String part : text.split(";")) {
      String[] f = part.split(" ");
      if (f.length != 6) {
        throw new IllegalArgumentException("not a forecast part: " + part);
      }
      m.put(new Slot(LeadForecast.Kind.values()[Integer.parseInt(f[0])], Integer.parseInt(f[1]),
          Integer.parseInt(f[2])), new LeadForecast.Part(Long.parseLong(f[3]), new BigDecimal(f[4]),
          Long.parseLong(f[5])));
    }
    return of(m);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ForecastParts other && parts.equals(other.parts);
  }

  @Override
  public int hashCode() {
    return parts.hashCode();
  }

  @Override
  public String toString() {
    return parts.toString();
  }
}
