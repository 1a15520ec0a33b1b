package io.salesvelocity.backtest.replay;

import io.salesvelocity.velocity.topology.EngineSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What to replay and how.
 *
 * @param inputs    history files, read in this order
 * @param settings  the definition's settings (window, entry stage) and the grace period of the engine to mimic
 * @param from      first day of output (null: each team's first day)
 * @param to        last day of output and of input considered (null: the day of the last event)
 * @param teams     teams to output (empty: all); every team's events are replayed, since leads move between teams
 * @param fileOrder replay in file order, as a live engine would have received them, so events later than the grace
 *                  period are refused; by default the events are sorted by event time and none is late
 * @param strict    stop at the first unreadable line or refused event
 * @param now       the engine's wall clock during the replay: events more than the settings' max clock skew after
 *                  it are refused ({@code future-event-time}), as the live engine refuses them
 */
public record BacktestOptions(List<Path> inputs, EngineSettings settings, LocalDate from, LocalDate to,
                              Set<String> teams, boolean fileOrder, boolean strict, Instant now) {
  public BacktestOptions {
    inputs = List.copyOf(inputs);
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(now, "now");
    teams = Set.copyOf(teams);
    if (inputs.isEmpty()) {
      throw new IllegalArgumentException("no input file");
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw new IllegalArgumentException("--from " + from + " is after --to " + to);
    }
  }

  /** Today's defaults: the engine's settings, the wall clock as now. */
  public static BacktestOptions of(Path input) {
    return new BacktestOptions(List.of(input), EngineSettings.defaults(), null, null, Set.of(), false, false,
        Instant.now());
  }
}
