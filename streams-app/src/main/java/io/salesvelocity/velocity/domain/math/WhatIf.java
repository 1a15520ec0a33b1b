package io.salesvelocity.velocity.domain.math;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Changes to velocity's four factors, applied in the order given: {@code pipeline=+20%},
 * {@code deal-size=+5%}, {@code win-rate=+10pp} (percentage points) or {@code win-rate=+10%} (relative),
 * {@code cycle=-25%}. Exact decimal arithmetic; the win rate is kept within [0, 1].
 */
public final class WhatIf {
  private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
  private static final Pattern CHANGE = Pattern.compile(
      "\\s*([a-z-]+)\\s*=\\s*([+-]?\\d+(?:\\.\\d+)?)\\s*(%|pp)\\s*");

  /** One change: relative ({@code %}) or, for the win rate only, absolute in percentage points ({@code pp}). */
  public record Change(Factor factor, BigDecimal amount, boolean points) {
    @Override
    public String toString() {
      return factor.option() + "=" + (amount.signum() >= 0 ? "+" : "") + amount.toPlainString() + (points ? "pp" : "%");
    }
  }

  /** The four factors; velocity per day follows from them. */
  public record Factors(BigDecimal pipeline, BigDecimal avgDealSize, BigDecimal winRate, BigDecimal avgCycleDays) {
    public static Factors of(double pipeline, BigDecimal avgDealSize, double winRate, double avgCycleDays) {
      return new Factors(BigDecimal.valueOf(pipeline), avgDealSize, BigDecimal.valueOf(winRate),
          BigDecimal.valueOf(avgCycleDays));
    }

    public BigDecimal velocityPerDay() {
      return VelocityFigures.fromFactors(pipeline, avgDealSize, winRate, avgCycleDays);
    }
  }

  private final List<Change> changes;

  public WhatIf(List<Change> changes) {
    this.changes = List.copyOf(changes);
  }

  /** Parses {@code --what-if} values: each may hold several changes separated by commas. */
  public static WhatIf parse(List<String> specs) {
    List<Change> changes = new ArrayList<>();
    for (String spec : specs) {
      for (String part : spec.split(",")) {
        if (!part.isBlank()) {
          changes.add(parseChange(part));
        }
      }
    }
    if (changes.isEmpty()) {
      throw new IllegalArgumentException("no what-if change given (e.g. cycle=-25%,win-rate=+10pp)");
    }
    return new WhatIf(changes);
  }

  static Change parseChange(String text) {
    Matcher m = CHANGE.matcher(text.toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("cannot read what-if change '" + text.trim()
          + "': expected FACTOR=+N% or win-rate=+Npp, e.g. cycle=-25%, deal-size=+5%, win-rate=+10pp, pipeline=+20%");
    }
    Factor factor = Factor.ofOption(m.group(1));
    boolean points = m.group(3).equals("pp");
    if (points && factor != Factor.WIN_RATE) {
      throw new IllegalArgumentException("percentage points (pp) apply to win-rate only: '" + text.trim() + "'");
    }
    BigDecimal amount = new BigDecimal(m.group(2));
    if (!points && amount.compareTo(HUNDRED.negate()) <= 0 && factor == Factor.CYCLE) {
      throw new IllegalArgumentException("cycle cannot shrink by 100% or more: '" + text.trim() + "'");
    }
    return new Change(factor, amount, points);
  }

  public List<Change> changes() {
    return changes;
  }

  public Factors apply(Factors f) {
    BigDecimal pipeline = f.pipeline();
    BigDecimal deal = f.avgDealSize();
    BigDecimal win = f.winRate();
    BigDecimal cycle = f.avgCycleDays();
    for (Change c : changes) {
      switch (c.factor()) {
        case PIPELINE -> pipeline = scale(pipeline, c.amount()).max(BigDecimal.ZERO);
        case DEAL_SIZE -> deal = scale(deal, c.amount()).max(BigDecimal.ZERO);
        case WIN_RATE -> win = clamp(c.points() ? win.add(c.amount().divide(HUNDRED)) : scale(win, c.amount()));
        case CYCLE -> cycle = scale(cycle, c.amount());
      }
    }
    return new Factors(pipeline, deal, win, cycle);
  }

  private static BigDecimal scale(BigDecimal v, BigDecimal percent) {
    return v.multiply(BigDecimal.ONE.add(percent.divide(HUNDRED)), MathContext.DECIMAL128);
  }

  private static BigDecimal clamp(BigDecimal rate) {
    return rate.max(BigDecimal.ZERO).min(BigDecimal.ONE);
  }

  @Override
  public String toString() {
    return String.join(", ", changes.stream().map(Change::toString).toList());
  }
}
