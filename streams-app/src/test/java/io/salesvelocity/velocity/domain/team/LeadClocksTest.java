package io.salesvelocity.velocity.domain.team;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeadClocksTest {
  private static final long IDLE = 30_000;

  @Test
  void shouldBeThePartitionsOwnTimeWithOnePartition() {
    LeadClocks c = new LeadClocks(1, IDLE, 0);
    assertThat(c.safe(0)).isEqualTo(Long.MIN_VALUE);
    c.update(0, 500, 0);
    assertThat(c.safe(1_000_000)).isEqualTo(500);
    assertThat(c.latest()).isEqualTo(500);
  }

  @Test
  void shouldWaitForTheSlowestPartitionIncludingOnesNotHeardFromYet() {
    LeadClocks c = new LeadClocks(3, IDLE, 0);
    c.update(0, 9_000, 10);
    c.update(1, 4_000, 10);
    assertThat(c.safe(20)).as("partition 2 has said nothing yet").isEqualTo(Long.MIN_VALUE);
    c.update(2, 6_000, 30);
    assertThat(c.safe(40)).isEqualTo(4_000);
    assertThat(c.latest()).isEqualTo(9_000);
  }

  @Test
  void shouldNeverGoBackInTime() {
    LeadClocks c = new LeadClocks(2, IDLE, 0);
    assertThat(c.update(0, 100, 0)).isTrue();
    assertThat(c.update(0, 50, 1)).isFalse();
    assertThat(c.latest()).isEqualTo(100);
  }

  @Test
  void shouldLeaveOutAPartitionThatIsBehindAndQuietForTheIdleTimeout() {
    LeadClocks c = new LeadClocks(2, IDLE, 0);
    c.update(0, 1_000, 0);
    c.update(1, 5_000, 0);
    assertThat(c.safe(IDLE)).isEqualTo(1_000);
    assertThat(c.safe(IDLE + 1)).as("partition 0 is idle").isEqualTo(5_000);
    c.update(0, 2_000, IDLE + 2);
    assertThat(c.safe(IDLE + 3)).as("it moved again: waited for").isEqualTo(2_000);
  }

  @Test
  void shouldLeaveOutAPartitionThatNeverReportsOnceTheTimeoutPasses() {
    LeadClocks c = new LeadClocks(2, IDLE, 0);
    c.update(1, 5_000, 10);
    assertThat(c.safe(IDLE)).isEqualTo(Long.MIN_VALUE);
    assertThat(c.safe(IDLE + 1)).isEqualTo(5_000);
  }
}
