package io.salesvelocity.velocity.domain.funnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The open visits of one stage and day as stored: every field read back as written, rows in the order stalled deals
 * are found, the summary a task keeps, and "how many began before x" from the instants alone.
 */
class VisitBucketTest {
  private static final int SQL = 4;

  @Test
  void shouldReadBackEveryRowAsWrittenInTheOrderStallsAreFound() {
    Random random = new Random(17);
    VisitBucket.Rows rows = VisitBucket.Rows.empty(SQL);
    List<Visit> visits = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      String lead = random.nextInt(10) == 0 ? "Łódź-" + i : "L" + random.nextInt(200);
      String owner = random.nextInt(5) == 0 ? null : "rep-" + random.nextInt(7);
      Visit v = new Visit(SQL, random.nextInt(1_000), lead, owner);
      VisitBucket.Row r = rows.row(v);
      r.count(random.nextInt(4) == 0 ? -1 : 1);
      r.hold(random.nextBoolean() ? null : BigDecimal.valueOf(random.nextInt(1_000_000), 2), 1);
      if (random.nextInt(3) == 0) {
        r.stalledOn(20_000 + random.nextInt(100));
      }
      visits.add(v);
    }
    VisitBucket bucket = VisitBucket.wrap(rows.encode().bytes());
    VisitBucket.Rows read = bucket.edit(SQL);
    assertThat(read.list()).hasSameSizeAs(rows.list());
    for (int i = 0; i < rows.list().size(); i++) {
      VisitBucket.Row a = rows.list().get(i);
      VisitBucket.Row b = read.list().get(i);
      assertThat(b.visit()).isEqualTo(a.visit());
      assertThat(b.count()).isEqualTo(a.count());
      assertThat(b.stalledOn()).isEqualTo(a.stalledOn());
      assertThat(b.amount()).isEqualTo(a.amount());
      assertThat(bucket.began(i)).isEqualTo(a.visit().began());
    }
    assertThat(read.list()).extracting(VisitBucket.Row::visit).isSortedAccordingTo(VisitBucket.ORDER);
    assertThat(bucket.summary()).isEqualTo(rows.summary());
    assertThat(bucket.rows()).isEqualTo(rows.list().size());
    for (long x : new long[] {0, 1, 250, 999, 1_000}) {
      long expected = rows.list().stream().filter(r -> r.visit().began() < x).mapToLong(r -> Math.max(0, r.count()))
          .sum();
      assertThat(bucket.openBelow(x)).as("open before %d", x).isEqualTo(expected);
    }
  }

  @Test
  void shouldSummarizeWhatATaskKeepsOfIt() {
    VisitBucket.Rows rows = VisitBucket.Rows.empty(SQL);
    rows.row(new Visit(SQL, 30, "a", null)).count(1);
    VisitBucket.Row stalled = rows.row(new Visit(SQL, 10, "b", "r"));
    stalled.count(1);
    stalled.stalledOn(7);
    rows.row(new Visit(SQL, 20, "c", "r")).count(-1); // a leaving taken in before its arrival: not open
    assertThat(rows.encode().summary()).isEqualTo(new VisitBucket.Summary(2, 1, 30));
  }

  @Test
  void shouldWriteNoBucketForNoRowsAndRefuseBytesOfAnotherFormat() {
    assertThat(VisitBucket.Rows.empty(SQL).encode()).isNull();
    assertThatThrownBy(() -> VisitBucket.wrap(new byte[] {9, 0, 0})).isInstanceOf(IllegalArgumentException.class);
  }
}
