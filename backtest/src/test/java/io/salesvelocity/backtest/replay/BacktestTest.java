package io.salesvelocity.backtest.replay;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static io.salesvelocity.velocity.topology.CrmEvents.lost;
import static io.salesvelocity.velocity.topology.CrmEvents.reassign;
import static io.salesvelocity.velocity.topology.CrmEvents.stage;
import static io.salesvelocity.velocity.topology.CrmEvents.won;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BacktestTest {
  @TempDir
  Path dir;

  /** Two teams over ten days: entries, a reassignment, wins and a loss. T0 = 2026-01-01. */
  private static List<SpecificRecord> history() {
    List<SpecificRecord> events = new ArrayList<>();
    events.add(created("c1", "L1", "emea", day(0.1), Stage.NEW));
    events.add(stage("s1", "L1", day(1.5), Stage.SQL));
    events.add(created("c2", "L2", "emea", day(0.2), Stage.SQL));
    events.add(created("c3", "L3", "na", day(2.0), Stage.SQL));
    events.add(reassign("s3", "L3", day(3.5), Stage.PROPOSAL, "emea"));
    events.add(won("w1", "L1", day(4.5), "80000.00"));
    events.add(lost("x2", "L2", day(6.25)));
    events.add(created("c4", "L4", "na", day(7.0), Stage.SQL));
    events.add(won("w3", "L3", day(9.5), "20000.00"));
    return events;
  }

  private Path file(String name, List<SpecificRecord> events) {
    Path p = dir.resolve(name);
    try (HistoryWriter w = HistoryWriter.open(p, 1)) {
      events.forEach(w::write);
    }
    return p;
  }

  private static BacktestResult run(Path input) {
    return new Backtest(BacktestOptions.of(input), null).run();
  }

  private static DailyRow row(BacktestResult r, String team, String date) {
    return r.rows().stream().filter(x -> x.team().equals(team) && x.date().equals(LocalDate.parse(date)))
        .findFirst().orElseThrow(() -> new AssertionError("no row " + team + " " + date));
  }

  @Test
  void shouldWriteOneRowPerTeamPerDayFromItsFirstEventToTheLastEventOfTheInput() {
    BacktestResult r = run(file("h.jsonl", history()));
    assertThat(r.rows()).filteredOn(x -> x.team().equals("emea")).extracting(DailyRow::date)
        .containsExactlyElementsOf(LocalDate.of(2026, 1, 1).datesUntil(LocalDate.of(2026, 1, 11)).toList());
    assertThat(r.rows()).filteredOn(x -> x.team().equals("na")).extracting(DailyRow::date).first()
        .isEqualTo(LocalDate.of(2026, 1, 3));
    assertThat(r.rows()).extracting(DailyRow::date).last().isEqualTo(LocalDate.of(2026, 1, 10));
  }

  @Test
  void shouldApplyTheDefinitionAtTheEndOfEachDay() {
    BacktestResult r = run(file("h.jsonl", history()));
    // day 1: L2 entered at creation (SQL); L1 still NEW
    DailyRow jan1 = row(r, "emea", "2026-01-01");
    assertThat(jan1.pipelineCount()).isEqualTo(1);
    assertThat(jan1.velocityPerDay()).isNull();
    assertThat(jan1.winRate()).isNull();
    // day 5: L1 won (entered day 1.5, won 4.5: 3-day cycle), L3 moved to emea on day 3.5, L2 open
    DailyRow jan5 = row(r, "emea", "2026-01-05");
    assertThat(jan5.pipelineCount()).isEqualTo(2);
    assertThat(jan5.wonCount()).isEqualTo(1);
    assertThat(jan5.avgDealSize()).isEqualByComparingTo("80000");
    assertThat(jan5.winRate()).isEqualTo(1.0);
    assertThat(jan5.avgCycleDays()).isEqualTo(3.0);
    assertThat(jan5.velocityPerDay()).isEqualTo(2 * 80_000 * 1.0 / 3.0);
    // day 10: L3 won too (entered day 2 in na, cycle 7.5 days), L2 lost: 2 won, 1 lost, nothing open
    DailyRow jan10 = row(r, "emea", "2026-01-10");
    assertThat(jan10.pipelineCount()).isZero();
    assertThat(jan10.wonCount()).isEqualTo(2);
    assertThat(jan10.lostCount()).isEqualTo(1);
    assertThat(jan10.avgDealSize()).isEqualByComparingTo("50000");
    assertThat(jan10.winRate()).isEqualTo(2.0 / 3);
    assertThat(jan10.avgCycleDays()).isEqualTo(5.25);
    assertThat(jan10.velocityPerDay()).isEqualTo(0.0);
    assertThat(row(r, "na", "2026-01-03").pipelineCount()).as("L3 in na until day 3.5").isEqualTo(1);
    assertThat(row(r, "na", "2026-01-04").pipelineCount()).as("L3 moved to emea").isZero();
    assertThat(row(r, "na", "2026-01-10").pipelineCount()).as("L4").isEqualTo(1);
  }

  @Test
  void shouldGiveTheSameResultForAnyOrderOfTheFile() {
    BacktestResult sorted = run(file("sorted.jsonl", history()));
    for (long seed = 1; seed <= 5; seed++) {
      List<SpecificRecord> shuffled = new ArrayList<>(history());
      Collections.shuffle(shuffled, new Random(seed));
      assertThat(run(file("shuffled-" + seed + ".avro", shuffled)).rows()).isEqualTo(sorted.rows());
    }
  }

  @Test
  void shouldRefuseLateEventsOnlyWhenReplayingInFileOrder() {
    List<SpecificRecord> events = new ArrayList<>(history());
    Collections.reverse(events); // everything arrives late
    Path input = file("reversed.jsonl", events);
    BacktestOptions fileOrder = new BacktestOptions(List.of(input), new EngineSettings(90, Stage.SQL,
        Duration.ofHours(12), Duration.ofSeconds(1), Duration.ofSeconds(5)), null, null, Set.of(), true, false,
        java.time.Instant.now());
    BacktestResult live = new Backtest(fileOrder, null).run();
    assertThat(live.rejected()).containsKey("late-beyond-grace");
    assertThat(run(input).rejected()).isEmpty();
  }

  @Test
  void shouldReportBadLinesWithTheirNumberAndReasonAndCarryOn() throws IOException {
    Path input = file("h.jsonl", history());
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    lines.add(2, "{\"type\":\"deal-closed\",\"eventId\":\"bad\"}");
    lines.add("not json at all");
    // readable, but refused by the engine: a WON deal without an amount, and a second close of L1 within grace
    lines.add("{\"type\":\"deal-closed\",\"eventId\":\"w9\",\"leadId\":\"L4\",\"closedAt\":\"2026-01-08T00:00:00Z\","
        + "\"outcome\":\"WON\"}");
    lines.add("{\"type\":\"deal-closed\",\"eventId\":\"x9\",\"leadId\":\"L1\",\"closedAt\":\"2026-01-05T18:00:00Z\","
        + "\"outcome\":\"LOST\"}");
    Files.write(input, lines);
    BacktestResult r = run(input);
    assertThat(r.bad()).extracting(BadEntry::position, BadEntry::reason).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(3L, "unreadable-line"), org.assertj.core.groups.Tuple.tuple(11L,
            "unreadable-line"), org.assertj.core.groups.Tuple.tuple(12L, "invalid-amount"),
        org.assertj.core.groups.Tuple.tuple(13L, "already-closed"));
    assertThat(r.bad()).filteredOn(b -> b.position() == 3).first().extracting(BadEntry::message).asString()
        .contains("missing required field 'leadId'");
    assertThat(r.rejected()).containsEntry("unreadable-line", 2L).containsEntry("invalid-amount", 1L);
    assertThat(r.entries()).isEqualTo(13);
    assertThat(r.rows()).isEqualTo(run(file("clean.jsonl", history())).rows());
  }

  @Test
  void shouldStopAtTheFirstBadEntryInStrictMode() throws IOException {
    Path input = file("h.jsonl", history());
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    lines.add(4, "oops");
    Files.write(input, lines);
    BacktestOptions strict = new BacktestOptions(List.of(input), EngineSettings.defaults(), null, null, Set.of(),
        false, true, java.time.Instant.now());
    assertThatThrownBy(() -> new Backtest(strict, null).run()).isInstanceOf(Backtest.StrictModeException.class)
        .hasMessageContaining("h.jsonl:5: unreadable-line");
  }

  @Test
  void shouldStopAtTheFirstEventTheEngineRefusesInStrictMode() throws IOException {
    Path input = file("h.jsonl", history());
    List<String> lines = new ArrayList<>(Files.readAllLines(input));
    // readable, so refused by the engine during the replay (on its teams' thread), not by the loader
    lines.add("{\"type\":\"deal-closed\",\"eventId\":\"w9\",\"leadId\":\"L4\",\"closedAt\":\"2026-01-08T00:00:00Z\","
        + "\"outcome\":\"WON\"}");
    Files.write(input, lines);
    BacktestOptions strict = new BacktestOptions(List.of(input), EngineSettings.defaults(), null, null, Set.of(),
        false, true, java.time.Instant.now());
    assertThatThrownBy(() -> new Backtest(strict, null).run()).isInstanceOf(Backtest.StrictModeException.class)
        .hasMessageContaining("h.jsonl:10: invalid-amount");
  }

  @Test
  void shouldLimitTheOutputToTheTeamsAndDaysAsked() {
    Path input = file("h.jsonl", history());
    BacktestOptions some = new BacktestOptions(List.of(input), EngineSettings.defaults(), LocalDate.of(2026, 1, 3),
        LocalDate.of(2026, 1, 5), Set.of("emea"), false, false, java.time.Instant.now());
    BacktestResult r = new Backtest(some, null).run();
    assertThat(r.rows()).extracting(x -> x.team() + " " + x.date()).containsExactly("emea 2026-01-03",
        "emea 2026-01-04", "emea 2026-01-05");
    assertThat(r.rows().get(2)).isEqualTo(row(run(input), "emea", "2026-01-05"));
  }

  @Test
  void shouldCountEveryDuplicateOnceAndSayHowManyWereDropped() {
    List<SpecificRecord> events = new ArrayList<>(history());
    events.add(events.get(5)); // w1 again
    events.add(DealClosed.newBuilder((DealClosed) events.get(5)).build());
    BacktestResult r = run(file("dups.jsonl", events));
    assertThat(r.duplicates()).isEqualTo(2);
    assertThat(r.rows()).isEqualTo(run(file("h.jsonl", history())).rows());
    assertThat(((DealClosed) events.get(5)).getOutcome()).isEqualTo(Outcome.WON);
  }
}
