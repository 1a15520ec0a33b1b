package io.salesvelocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PublishCommandTest {
  private static final Duration DAY = Duration.ofDays(1);

  @Test
  void shouldCloseTheLastDayOfOldHistoryAsABacktestDoes() {
    assertThat(PublishCommand.endOfInput(Instant.parse("2025-03-20T14:00:00Z"), DAY,
        Instant.parse("2026-12-07T12:00:00Z"))).isEqualTo(Instant.parse("2025-03-22T00:00:00Z"));
  }

  @Test
  void shouldNotMoveEventTimePastTheWallClockForHistoryUpToToday() {
    Instant now = Instant.parse("2026-12-07T12:00:00Z");
    assertThat(PublishCommand.endOfInput(Instant.parse("2026-12-07T09:00:00Z"), DAY, now)).isEqualTo(now);
  }

  @Test
  void shouldStayAfterTheLastEventOfHistoryDatedAheadOfTheWallClock() {
    assertThat(PublishCommand.endOfInput(Instant.parse("2026-12-09T09:00:00Z"), DAY,
        Instant.parse("2026-12-07T12:00:00Z"))).isEqualTo(Instant.parse("2026-12-09T09:00:00.001Z"));
  }
}
