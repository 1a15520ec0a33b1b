package io.salesvelocity.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RestoreCheckTest {
  private static final int HELD = 64 << 20;

  /** Kept reachable from a field while the heap is measured, so the collector cannot drop it. */
  private byte[] held;

  @Test
  void liveHeapAfterAFullCollectionCountsWhatIsHeldAndNotWhatWasLetGo() {
    long before = RestoreCheck.heapAfterFullGc();
    held = new byte[HELD];
    long with = RestoreCheck.heapAfterFullGc();
    held = null;
    long after = RestoreCheck.heapAfterFullGc();

    assertThat((double) (with - before)).isCloseTo(HELD, within(HELD / 4.0));
    assertThat((double) (with - after)).isCloseTo(HELD, within(HELD / 4.0));
  }
}
