package io.salesvelocity.serving;

import io.salesvelocity.schemas.SalesForecast;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The daily forecasts (sales-forecast-daily) of every scope and horizon as last published, the latest
 * {@code historyDays} days of each: a day's record without its actual, replaced by the scored one once day + N is
 * final. Gives the latest forecast, the latest scored one (with the rolling accuracy), and a range of days.
 */
final class ForecastHistory {
  private final int historyDays;
  private final Map<String, Map<Integer, NavigableMap<LocalDate, SalesForecast>>> byScope = new ConcurrentHashMap<>();

  ForecastHistory(int historyDays) {
    this.historyDays = historyDays;
  }

  void put(SalesForecast f) {
    NavigableMap<LocalDate, SalesForecast> days = byScope.computeIfAbsent(f.getScope(), s -> new ConcurrentHashMap<>())
        .computeIfAbsent(f.getHorizonDays(), n -> Collections.synchronizedNavigableMap(new TreeMap<>()));
    synchronized (days) {
      days.put(f.getDay(), f);
      while (days.size() > historyDays) {
        days.pollFirstEntry();
      }
    }
  }

  /** The horizons of a scope, ascending; empty for a scope without forecasts. */
  List<Integer> horizons(String scope) {
    Map<Integer, NavigableMap<LocalDate, SalesForecast>> h = byScope.get(scope);
    return h == null ? List.of() : h.keySet().stream().sorted().toList();
  }

  /** The latest day's forecast of a scope and horizon; null when none. */
  SalesForecast latest(String scope, int horizon) {
    NavigableMap<LocalDate, SalesForecast> days = days(scope, horizon);
    synchronized (days) {
      return days.isEmpty() ? null : days.lastEntry().getValue();
    }
  }

  /** The latest scored forecast (its actual known, with the rolling accuracy up to its day); null when none yet. */
  SalesForecast latestScored(String scope, int horizon) {
    NavigableMap<LocalDate, SalesForecast> days = days(scope, horizon);
    synchronized (days) {
      for (SalesForecast f : days.descendingMap().values()) {
        if (f.getScored()) {
          return f;
        }
      }
      return null;
    }
  }

  /** The forecasts of a scope and horizon from {@code from} to {@code to}, both included, by day. */
  List<SalesForecast> range(String scope, int horizon, LocalDate from, LocalDate to) {
    NavigableMap<LocalDate, SalesForecast> days = days(scope, horizon);
    synchronized (days) {
      return new ArrayList<>(days.subMap(from, true, to, true).values());
    }
  }

  private NavigableMap<LocalDate, SalesForecast> days(String scope, int horizon) {
    Map<Integer, NavigableMap<LocalDate, SalesForecast>> h = byScope.get(scope);
    NavigableMap<LocalDate, SalesForecast> days = h == null ? null : h.get(horizon);
    return days == null ? Collections.emptyNavigableMap() : days;
  }
}
