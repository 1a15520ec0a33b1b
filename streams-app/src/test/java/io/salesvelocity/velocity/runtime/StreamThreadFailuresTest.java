package io.salesvelocity.velocity.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.serde.RegistryUnavailableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamThreadFailuresTest {
  @Test
  void shouldReplaceAThreadThatDiedOfAnOutageAndStopForAnythingElse() {
    assertThat(StreamThreadFailures.responseTo(new StreamsException("task timeout",
        new TimeoutException("broker unreachable")))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(StreamThreadFailures.responseTo(new StreamsException(new RegistryUnavailableException("down", null))))
        .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    assertThat(StreamThreadFailures.responseTo(new MissingSourceTopicException("gone")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    assertThat(StreamThreadFailures.responseTo(new IllegalStateException("bug")))
        .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
  }

  @Test
  void shouldDoubleTheWaitWhileReplacementsFollowEachOtherAndStartAgainAfterAQuietSpell() {
    StreamThreadFailures failures = new StreamThreadFailures();
    long t = 1_000_000;
    assertThat(failures.nextWait(t)).isEqualTo(1_000);
    assertThat(failures.nextWait(t + 2_000)).isEqualTo(2_000);
    assertThat(failures.nextWait(t + 5_000)).isEqualTo(4_000);
    long at = t + 5_000;
    long wait = 4_000;
    for (int i = 0; i < 10; i++) {
      at += wait;
      wait = failures.nextWait(at);
    }
    assertThat(wait).isEqualTo(StreamThreadFailures.MAX_WAIT);
    assertThat(failures.nextWait(at + 10 * StreamThreadFailures.MAX_WAIT)).isEqualTo(StreamThreadFailures.FIRST_WAIT);
  }
}
