package io.salesvelocity.velocity.domain.team;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeadClocksTest {
  private static final long IDLE = 30_000;

  @Test
  void shouldBeThePartitionsOwnTimeWithOnePartition() {
    LeadClocks c = new LeadClocks(1, IDLE, 0);
    assertThat(c.safe(0)).isEqualTo(Long.MIN_VALUE);
    c.tick(0, 500, 0);
    assertThat(c.safe(1_000_000)).isEqualTo(500);
    assertThat(c.latest()).isEqualTo(500);
  }

  @Test
  void shouldWaitForTheSlowestPartitionIncludingOnesNotHeardFromYet() {
    LeadClocks c = new LeadClocks(3, IDLE, 0);
    c.tick(0, 9_000, 10);
    c.tick(1, 4_000, 10);
    assertThat(c.safe(20)).as("partition 2 has said nothing yet").isEqualTo(Long.MIN_VALUE);
    c.tick(2, 6_000, 30);
    assertThat(c.safe(40)).isEqualTo(4_000);
    assertThat(c.latest()).isEqualTo(9_000);
  }

  @Test
  void shouldNeverGoBackInTime() {
    LeadClocks c = new LeadClocks(2, IDLE, 0);
    assertThat(c.tick(0, 100, 0)).isTrue();
    assertThat(c.tick(0, 50, 1)).isFalse();
    assertThat(c.update(0, 70, 1)).isFalse();
    assertThat(c.latest()).isEqualTo(100);
  }

  @Test
  void shouldMakeDaysFinalOnlyAsFarAsTheTicksWhateverTheBatchesSay() {
    LeadClocks c = new LeadClocks(1, IDLE, 0);
    assertThat(c.update(0, 500, 0)).as("a batch").isTrue();
    assertThat(c.latest()).isEqualTo(500);
    assertThat(c.safe(1)).as("no tick yet").isEqualTo(Long.MIN_VALUE);
    assertThat(c.tick(0, 500, 2)).as("the tick after it moves what may be final, not the time").isTrue();
    assertThat(c.safe(3)).isEqualTo(500);
    c.update(0, 900, 4);
    assertThat(c.safe(5)).isEqualTo(500);
    assertThat(c.lastTick(0)).isEqualTo(500);
    assertThat(c.clock(0)).isEqualTo(900);
  }

  @Test
  void shouldLeaveOutAPartitionThatIsBehindAndQuietForTheIdleTimeout() {
    LeadClocks c = new LeadClocks(2, IDLE, 0);
    c.tick(0, 1_000, 0);
    c.tick(1, 5_000, 0);
    assertThat(c.safe(IDLE)).isEqualTo(1_000);
    assertThat(c.safe(IDLE + 1)).as("partition 0 is idle").isEqualTo(5_000);
    c.tick(0, 2_000, IDLE + 2);
    assertThat(c.safe(IDLE + 3)).as("it moved again: waited for").isEqualTo(2_000);
  }

  @Test
  void shouldLeaveOutAPartitionThatNeverReportsOnceTheTimeoutPassesAfterTheFirstRecord() {
    LeadClocks c = new LeadClocks(2, IDLE, 0);
    c.tick(1, 5_000, 10);
    assertThat(c.safe(IDLE + 10)).isEqualTo(Long.MIN_VALUE);
    assertThat(c.safe(IDLE + 11)).isEqualTo(5_000);
  }

  @Test
  void shouldStartTheIdleTimeoutWithTheFirstRecordNotWithTheTask() {
    // a task whose first input comes long after it started (a slow first transaction, a restart far behind)
    LeadClocks c = new LeadClocks(2, IDLE, 0);
    c.restore(0, 1_000, 1_000);
    c.restore(1, 900, 900);
    assertThat(c.safe(5 * IDLE)).as("nothing heard yet: nobody idle").isEqualTo(900);
    c.tick(0, 2_000, 5 * IDLE);
    assertThat(c.safe(5 * IDLE + 1)).as("partition 1 has the timeout from now on").isEqualTo(900);
    assertThat(c.safe(6 * IDLE + 1)).isEqualTo(2_000);
  }
}
