package io.salesvelocity.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.schemas.EventType;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the publishers do when the broker does not take a record: say so, rather than count it as sent. */
@Tag("integration")
@Timeout(120)
class PublishFailuresIT {
  @Test
  void shouldFailTheGeneratorsRunWhenARecordIsNotPublished() throws Exception {
    EngineHarness h = new EngineHarness(1);
    h.createTopics();
    Delivery small = new Delivery(Instant.parse("2026-01-01T00:00:00Z"), EventType.STAGE_CHANGED, "L1", null,
        new byte[] {0, 0, 0, 0, 1});
    // larger than the producer's max.request.size (1 MiB): refused through the send's callback, as the broker's
    // refusals are
    byte[] incompressible = new byte[2 << 20];
    new java.util.Random(1).nextBytes(incompressible);
    Delivery huge = new Delivery(Instant.parse("2026-01-01T00:00:01Z"), EventType.STAGE_CHANGED, "L2", null,
        incompressible);

    try (LivePublisher pub = Histories.publisher(h)) {
      assertThatThrownBy(() -> pub.run(List.of(small, huge).iterator(), LivePublisher.Pace.unlimited(),
          Long.MAX_VALUE, null, null, null))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("1 of 2 events were not published")
          .hasCauseInstanceOf(RecordTooLargeException.class);
      // the next run starts afresh: a failure is reported once, by the run it happened in
      assertThat(pub.run(List.of(small).iterator(), LivePublisher.Pace.unlimited(), Long.MAX_VALUE, null, null,
          null)).isEqualTo(1);
    }
  }
}
