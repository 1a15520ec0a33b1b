package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentKey;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.segment.Dimension;
import java.io.InputStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

/**
 * The segment rules of the definition (issue 12), on the real topology with explicit event times: values on the
 * LeadCreated, {@code unknown} for a missing one, the rep at T for the pipeline and at closedAt for closes, a team's
 * scope against that of all teams, a segment with only lost deals, and both versions of the contract at once.
 */
class SegmentTopologyTest {
  private static final EngineSettings SETTINGS = new EngineSettings(30, Stage.SQL, Duration.ofDays(1),
      Duration.ofSeconds(1), Duration.ofSeconds(5));

  private static LeadCreated lead(String leadId, String team, String owner, String industry, double atDay) {
    LeadCreated c = CrmEvents.created("c-" + leadId, leadId, team, day(atDay), Stage.SQL);
    c.setOwnerId(owner);
    c.setIndustry(industry);
    c.setCompanySize("51-200");
    c.setRegion("EMEA");
    c.setSource(LeadSource.EVENT);
    return c;
  }

  private static SegmentDay key(String scope, String dimension, String segment, double atDay) {
    return new SegmentDay(scope, dimension, segment,
        LocalDate.ofInstant(day(atDay), ZoneOffset.UTC));
  }

  /** Pushes event time past {@code throughDay} plus grace: every day up to it is final. */
  private static void finalizeThrough(TopologyFixture fx, int throughDay) {
    fx.send(CrmEvents.created("clock-" + throughDay, "clock-" + throughDay, "clock", day(throughDay + 2.5),
        Stage.NEW));
  }

  @Test
  void shouldPutALeadWithoutAValueInTheSegmentUnknown() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      LeadCreated bare = CrmEvents.created("c1", "L1", "A", day(0), Stage.SQL);
      bare.setIndustry(" "); // blank is no value
      fx.send(bare);
      finalizeThrough(fx, 1);

      Map<SegmentDay, SegmentVelocity> daily = fx.segmentDailyPoints();
      for (String dimension : List.of("industry", "companySize", "region", "source", "owner")) {
        assertThat(daily.get(key("A", dimension, "unknown", 0))).as(dimension).isNotNull()
            .extracting(SegmentVelocity::getPipelineCount).isEqualTo(1L);
        assertThat(daily.get(key("ALL", dimension, "unknown", 1)).getPipelineCount()).as(dimension).isEqualTo(1);
      }
    }
  }

  @Test
  void shouldMoveThePipelineToTheNewRepAndCountACloseForTheRepAtItsInstant() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(lead("L1", "A", "ana", "SOFTWARE", 0));
      StageChanged toBo = CrmEvents.stage("s1", "L1", day(2), Stage.PROPOSAL);
      toBo.setOwnerId("bo");
      fx.send(toBo);
      DealClosed wonByCy = CrmEvents.won("k1", "L1", day(4.5), "1000");
      wonByCy.setOwnerId("cy");
      fx.send(wonByCy);
      finalizeThrough(fx, 5);

      Map<SegmentDay, SegmentVelocity> daily = fx.segmentDailyPoints();
      assertThat(daily.get(key("A", "owner", "ana", 1)).getPipelineCount()).isEqualTo(1);
      assertThat(daily.get(key("A", "owner", "ana", 2)).getPipelineCount()).isZero();
      assertThat(daily.get(key("A", "owner", "bo", 2)).getPipelineCount()).isEqualTo(1);
      assertThat(daily.get(key("A", "owner", "bo", 4)).getPipelineCount()).isZero();
      assertThat(daily.get(key("A", "owner", "bo", 4)).getWonCount()).as("the rep at closedAt").isZero();
      SegmentVelocity cy = daily.get(key("A", "owner", "cy", 4));
      assertThat(cy.getWonCount()).isEqualTo(1);
      assertThat(cy.getAvgCycleDays()).isEqualTo(4.5);
      assertThat(cy.getPipelineCount()).isZero();
      assertThat(daily).as("a rep's points start on the day of its first lead")
          .doesNotContainKey(key("A", "owner", "cy", 3));
      assertThat(daily.get(key("A", "industry", "SOFTWARE", 4)).getWonCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldCountEveryTeamInTheScopeOfAllTeamsAndEachLeadInTheTeamItIsInAtT() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(lead("L1", "A", "ana", "SOFTWARE", 0));
      fx.send(lead("L2", "B", "bo", "SOFTWARE", 0.5));
      fx.send(lead("L3", "B", "bo", "RETAIL", 0.5));
      fx.send(CrmEvents.reassign("s1", "L1", day(2), Stage.PROPOSAL, "B"));
      finalizeThrough(fx, 3);

      Map<SegmentDay, SegmentVelocity> daily = fx.segmentDailyPoints();
      assertThat(daily.get(key("A", "industry", "SOFTWARE", 1)).getPipelineCount()).isEqualTo(1);
      assertThat(daily.get(key("B", "industry", "SOFTWARE", 1)).getPipelineCount()).isEqualTo(1);
      assertThat(daily.get(key("ALL", "industry", "SOFTWARE", 1)).getPipelineCount()).isEqualTo(2);
      assertThat(daily.get(key("ALL", "industry", "RETAIL", 1)).getPipelineCount()).isEqualTo(1);
      // from day 2 on, L1 is team B's (with its rep, ana)
      assertThat(daily.get(key("A", "industry", "SOFTWARE", 2)).getPipelineCount()).isZero();
      assertThat(daily.get(key("B", "industry", "SOFTWARE", 2)).getPipelineCount()).isEqualTo(2);
      assertThat(daily.get(key("B", "owner", "ana", 2)).getPipelineCount()).isEqualTo(1);
      assertThat(daily).doesNotContainKey(key("B", "owner", "ana", 1));
      assertThat(daily.get(key("ALL", "industry", "SOFTWARE", 2)).getPipelineCount()).isEqualTo(2);
      assertThat(daily.get(key("ALL", "owner", "ana", 3)).getPipelineCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldPublishASegmentWithOnlyLostDealsWithAZeroWinRateAndNoVelocity() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(lead("L1", "A", "ana", "RETAIL", 0));
      fx.send(lead("L2", "A", "ana", "RETAIL", 0));
      fx.send(CrmEvents.lost("k1", "L1", day(1.5)));
      finalizeThrough(fx, 2);

      SegmentVelocity retail = fx.segmentDailyPoints().get(key("A", "industry", "RETAIL", 2));
      assertThat(retail.getPipelineCount()).isEqualTo(1);
      assertThat(retail.getLostCount()).isEqualTo(1);
      assertThat(retail.getWonCount()).isZero();
      assertThat(retail.getWinRate()).isEqualTo(0.0);
      assertThat(retail.getAvgDealSize()).isNull();
      assertThat(retail.getAvgCycleDays()).isNull();
      assertThat(retail.getVelocityPerDay()).isNull();
    }
  }

  @Test
  void shouldReadStageChangesOfContractVersionsOneAndTwoPublishedAtOnce() throws Exception {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(lead("L1", "A", "ana", "SOFTWARE", 0));
      fx.send(lead("L2", "A", "ana", "SOFTWARE", 0));
      Schema v1;
      try (InputStream in = StageChanged.class.getResourceAsStream("/contract/v1/StageChanged.avsc")) {
        Schema.Parser parser = new Schema.Parser();
        parser.addTypes(List.of(Stage.getClassSchema()));
        v1 = parser.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
      assertThat(v1.getField("ownerId")).as("version 1 has no ownerId").isNull();
      GenericRecord old = new GenericData.Record(v1);
      old.put("eventId", "s-old");
      old.put("leadId", "L1");
      old.put("changedAt", day(1).toEpochMilli());
      old.put("toStage", new GenericData.EnumSymbol(v1.getField("toStage").schema(), "PROPOSAL"));
      old.put("teamId", "B");
      fx.rawStageChanged.pipeInput("L1".getBytes(), fx.wire("crm.stage-changed-value", v1, old), day(1));
      StageChanged current = CrmEvents.stage("s-new", "L2", day(1), Stage.PROPOSAL);
      current.setOwnerId("bo");
      fx.send(current);
      finalizeThrough(fx, 2);

      Map<SegmentDay, SegmentVelocity> daily = fx.segmentDailyPoints();
      assertThat(fx.readDeadLetters()).isEmpty();
      assertThat(daily.get(key("B", "owner", "ana", 1)).getPipelineCount()).as("version 1: team moved, rep kept")
          .isEqualTo(1);
      assertThat(daily.get(key("A", "owner", "bo", 1)).getPipelineCount()).as("version 2: rep moved").isEqualTo(1);
      assertThat(daily.get(key("A", "owner", "ana", 1)).getPipelineCount()).isZero();
    }
  }

  @Test
  void shouldPublishCurrentFiguresBySegmentKeyedByScopeDimensionAndSegment() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(lead("L1", "A", "ana", "SOFTWARE", 0));
      fx.send(lead("L2", "A", "ana", "SOFTWARE", 0));
      fx.send(CrmEvents.won("k1", "L1", day(10), "80000"));

      Map<SegmentKey, SegmentVelocity> current = fx.currentSegments();
      SegmentVelocity software = current.get(new SegmentKey("A", "industry", "SOFTWARE"));
      assertThat(software.getFinal$()).isFalse();
      assertThat(software.getAsOf()).isEqualTo(day(10));
      assertThat(software.getPipelineCount()).isEqualTo(1);
      assertThat(software.getWonCount()).isEqualTo(1);
      // 1 x 80,000 x 100% / 10 days
      assertThat(software.getVelocityPerDay()).isEqualTo(8_000.0);
      assertThat(current).containsKey(new SegmentKey("ALL", "source", "EVENT"));
      assertThat(current.keySet()).extracting(SegmentKey::getScope).doesNotContain(" ");
      assertThat(fx.currentVelocity()).containsOnlyKeys("A");
    }
  }

  @Test
  void shouldDeadLetterASegmentValueLongerThanAnIdentifierAndCountTheNextLead() {
    try (TopologyFixture fx = new TopologyFixture(SETTINGS)) {
      fx.send(lead("L1", "A", "ana", "X".repeat(300), 0));
      fx.send(lead("L2", "A", "ana", "SOFTWARE", 0));
      finalizeThrough(fx, 1);

      var letters = fx.readDeadLetters();
      assertThat(letters).singleElement().satisfies(r -> {
        assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.REASON).value()))
            .isEqualTo("identifier-too-long");
        assertThat(new String(r.headers().lastHeader(DeadLetterHeaders.MESSAGE).value()))
            .contains("LeadCreated.industry");
      });
      Map<SegmentDay, SegmentVelocity> daily = fx.segmentDailyPoints();
      assertThat(daily.get(key("A", "industry", "SOFTWARE", 1)).getPipelineCount()).isEqualTo(1);
      assertThat(daily.get(key("A", "owner", "ana", 1)).getPipelineCount()).isEqualTo(1);
    }
  }

  @Test
  void shouldComputeOnlyTheConfiguredDimensionsAndNoneWhenOff() {
    for (List<Dimension> dimensions : List.of(List.of(Dimension.REGION), List.<Dimension>of())) {
      Map<TeamDay, TeamVelocity> teams;
      try (TopologyFixture fx = new TopologyFixture(SETTINGS.withSegments(dimensions))) {
        fx.send(lead("L1", "A", "ana", "SOFTWARE", 0));
        fx.send(CrmEvents.won("k1", "L1", day(1), "100"));
        finalizeThrough(fx, 1);
        Map<SegmentDay, SegmentVelocity> segments = fx.segmentDailyPoints();
        if (dimensions.isEmpty()) {
          assertThat(segments).isEmpty();
        } else {
          assertThat(segments).isNotEmpty();
          assertThat(segments.keySet()).extracting(SegmentDay::getDimension).containsOnly("region");
        }
        teams = fx.dailyPoints();
      }
      assertThat(teams.get(new TeamDay("A", LocalDate.ofInstant(day(1), ZoneOffset.UTC))).getWonCount())
          .isEqualTo(1);
    }
  }
}
