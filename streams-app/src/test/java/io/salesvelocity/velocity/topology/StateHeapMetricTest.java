package io.salesvelocity.velocity.topology;

import static io.salesvelocity.velocity.topology.CrmEvents.created;
import static io.salesvelocity.velocity.topology.CrmEvents.day;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each store on the heap says how much heap it holds, at every commit (state-heap-bytes, by store): more as leads
 * are added, and in proportion to them.
 */
class StateHeapMetricTest {
  @Test
  void shouldReportTheHeapOfEachStoreAndGrowItWithItsLeads() {
    try (TopologyFixture fx = new TopologyFixture(EngineSettings.defaults(), io.salesvelocity.velocity.state.StateStorage
        .DURABLE_IN_MEMORY)) {
      fx.send(created("c0", "L0", "A", day(0), Stage.SQL));
      fx.publishAll();
      long one = heap(fx).get(Names.LEAD_STATE_STORE);
      assertThat(one).as("one lead").isPositive();
      for (int i = 1; i <= 100; i++) {
        fx.send(created("c" + i, "L" + i, "A", day(0), Stage.SQL));
      }
      fx.publishAll();
      Map<String, Long> heap = heap(fx);
      assertThat(heap.get(Names.LEAD_STATE_STORE)).as("101 leads").isBetween(80 * one, 120 * one);
      assertThat(heap).containsKeys(Names.TEAM_DAYS_STORE, Names.TEAM_OPEN_VISITS_STORE);
    }
  }

  private static Map<String, Long> heap(TopologyFixture fx) {
    return EngineMetrics.stateHeap(fx.driver.metrics());
  }
}
