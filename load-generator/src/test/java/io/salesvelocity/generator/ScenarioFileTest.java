package io.salesvelocity.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.LeadSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioFileTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir
  Path dir;

  @Test
  void shouldReadTeamsSegmentsAndImperfectionsFromYaml() throws Exception {
    Path f = dir.resolve("s.yaml");
    Files.writeString(f, """
        seed: 99
        start: 2024-06-01
        duplicates: 0.05
        disorder: 30m
        teams:
          - id: north
            leadsPerDay: 12
            winRate: 0.3
            dealSize: {median: 50000}
          - id: south
        segments:
          industries: {SOFTWARE: 0.5, RETAIL: 0}
          sources: {EVENT: 0.5, EMAIL: 0.0}
          effects: {win: 1.0}
        """);
    Scenario s = ScenarioFile.load(f, 1, START);
    assertThat(s.seed()).isEqualTo(99);
    assertThat(s.start()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
    assertThat(s.duplicateRate()).isEqualTo(0.05);
    assertThat(s.maxDisorder()).isEqualTo(Duration.ofMinutes(30));
    assertThat(s.teams()).extracting(TeamProfile::teamId).containsExactly("north", "south");
    TeamProfile north = s.teams().get(0);
    TeamProfile template = Scenario.defaultTeams().get(0);
    assertThat(north.leadsPerDay()).isEqualTo(12);
    assertThat(north.medianDeal()).isEqualTo(50_000);
    assertThat(north.dealSigma()).as("left out: the default").isEqualTo(template.dealSigma());
    assertThat(s.teams().get(1).conversion()).isEqualTo(template.conversion());
    assertThat(s.segments().industries()).containsOnlyKeys("SOFTWARE", "RETAIL");
    assertThat(s.segments().sources()).containsOnlyKeys(LeadSource.EVENT, LeadSource.EMAIL);
    assertThat(s.segments().companySizes()).isEqualTo(Segments.defaults().companySizes());
    assertThat(s.segments().effects().win()).isEqualTo(1.0);
    assertThat(s.segments().effects().speed()).isEqualTo(Segments.Effects.defaults().speed());
  }

  @Test
  void shouldReadJsonAndKeepDefaultsForWhatIsLeftOut() throws Exception {
    Path f = dir.resolve("s.json");
    Files.writeString(f, "{\"invalid\": 0.01}");
    Scenario s = ScenarioFile.load(f, 5, START);
    assertThat(s.invalidRate()).isEqualTo(0.01);
    assertThat(s.seed()).isEqualTo(5);
    assertThat(s.teams()).isEqualTo(Scenario.defaultTeams());
  }

  @Test
  void shouldNameTheProblemInABadScenario() throws Exception {
    Path typo = dir.resolve("typo.yaml");
    Files.writeString(typo, "teams:\n  - id: a\n    leadsPerDy: 3\n");
    assertThatThrownBy(() -> ScenarioFile.load(typo, 1, START)).hasMessageContaining("leadsPerDy");
    Path range = dir.resolve("range.yaml");
    Files.writeString(range, "teams:\n  - id: a\n    winRate: 1.5\n");
    assertThatThrownBy(() -> ScenarioFile.load(range, 1, START)).hasMessageContaining("invalid profile for team a");
    Path source = dir.resolve("source.yaml");
    Files.writeString(source, "segments:\n  sources: {BILLBOARD: 0.2}\n");
    assertThatThrownBy(() -> ScenarioFile.load(source, 1, START)).hasMessageContaining("BILLBOARD");
  }
}
