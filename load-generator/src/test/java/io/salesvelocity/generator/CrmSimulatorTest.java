package io.salesvelocity.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.StageChanged;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CrmSimulatorTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  private static List<Delivery> take(Scenario scenario, int n) {
    CrmSimulator sim = new CrmSimulator(scenario);
    List<Delivery> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(sim.next());
    }
    return out;
  }

  @Test
  void shouldProduceTheSameSequenceForTheSameSeed() {
    List<Delivery> a = take(Scenario.defaults(7, START), 5_000);
    List<Delivery> b = take(Scenario.defaults(7, START), 5_000);
    assertThat(a).extracting(Delivery::record).isEqualTo(b.stream().map(Delivery::record).toList());
    assertThat(a).extracting(Delivery::deliverAt).isEqualTo(b.stream().map(Delivery::deliverAt).toList());
  }

  @Test
  void shouldProduceAnotherSequenceForAnotherSeed() {
    assertThat(take(Scenario.defaults(7, START), 500)).extracting(Delivery::record)
        .isNotEqualTo(take(Scenario.defaults(8, START), 500).stream().map(Delivery::record).toList());
  }

  @Test
  void shouldDeliverInDeliveryTimeOrderWithDisorderBoundedByTheScenario() {
    Scenario scenario = Scenario.defaults(3, START).withImperfections(0.05, Duration.ofHours(2), 0);
    Instant previous = Instant.MIN;
    int outOfOrder = 0;
    Instant maxEvent = Instant.MIN;
    for (Delivery d : take(scenario, 20_000)) {
      assertThat(d.deliverAt()).isAfterOrEqualTo(previous);
      previous = d.deliverAt();
      Duration delay = Duration.between(d.eventTime(), d.deliverAt());
      assertThat(delay).isBetween(Duration.ZERO, Duration.ofHours(2));
      if (d.eventTime().isBefore(maxEvent)) {
        outOfOrder++;
      }
      maxEvent = d.eventTime().isAfter(maxEvent) ? d.eventTime() : maxEvent;
    }
    assertThat(outOfOrder).isGreaterThan(100); // disorder really happens
  }

  @Test
  void shouldKeyEveryEventByItsLeadAndCreateEachLeadBeforeItsOtherEvents() {
    Set<String> created = new HashSet<>();
    int duplicates = 0;
    Set<String> seenEvents = new HashSet<>();
    for (Delivery d : take(Scenario.defaults(5, START).withImperfections(0.02, Duration.ZERO, 0), 30_000)) {
      String eventId = (String) d.record().get(0);
      if (!seenEvents.add(eventId)) {
        duplicates++;
        continue;
      }
      if (d.record() instanceof LeadCreated c) {
        assertThat(d.key()).isEqualTo(c.getLeadId());
        created.add(c.getLeadId());
      } else if (d.record() instanceof StageChanged s) {
        assertThat(d.key()).isEqualTo(s.getLeadId());
        assertThat(created).contains(s.getLeadId());
      } else {
        DealClosed c = (DealClosed) d.record();
        assertThat(created).contains(c.getLeadId());
        if (c.getOutcome() == Outcome.WON) {
          assertThat(c.getAmount()).isPositive();
        }
      }
    }
    assertThat(duplicates).isBetween(300, 900); // ~2% of 30,000
  }

  @Test
  void shouldCloseWonAndLostDealsInEveryTeamAndCountThemInTheGroundTruth() {
    CrmSimulator sim = new CrmSimulator(Scenario.defaults(11, START));
    java.util.Set<String> won = new java.util.HashSet<>();
    java.util.Set<String> lost = new java.util.HashSet<>();
    for (int i = 0; i < 60_000; i++) {
      Delivery d = sim.next();
      if (d.record() instanceof DealClosed c) {
        (c.getOutcome() == Outcome.WON ? won : lost).add(c.getEventId());
      }
    }
    GroundTruth truth = sim.groundTruth();
    assertThat(truth.teams()).hasSize(4);
    truth.teams().values().forEach(t -> {
      assertThat(t.won).isPositive();
      assertThat(t.lost).isPositive();
    });
    assertThat(truth.teams().values().stream().mapToLong(t -> t.opportunities).sum())
        .isLessThan(truth.teams().values().stream().mapToLong(t -> t.leads).sum());
    // the ground truth counts each delivered close once (duplicates are re-deliveries of the same event)
    assertThat(truth.teams().values().stream().mapToLong(t -> t.won).sum()).isEqualTo(won.size());
    assertThat(truth.teams().values().stream().mapToLong(t -> t.lost).sum()).isEqualTo(lost.size());
  }
}
