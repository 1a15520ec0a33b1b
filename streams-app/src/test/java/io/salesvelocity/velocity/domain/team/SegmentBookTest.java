package io.salesvelocity.velocity.domain.team;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A scope's segments, moved by the scope's ledger, against a ledger of each segment's deltas alone: the window math
 * restricted to the segment, whatever the order of the deltas and the instants the cursors are moved to. And a book
 * restored from what it stored, its current totals rebuilt from the scope's log by day, equal to the one that stored it.
 */
class SegmentBookTest {
  private static final long DAY = 86_400_000L;
  private static final long WINDOW = 10 * DAY;
  private static final List<SegmentTag> TAGS = List.of(
      new SegmentTag("SOFTWARE", "1-50", "EMEA", "EVENT", "ana"),
      new SegmentTag("SOFTWARE", "51-200", "EMEA", "EVENT", "bo"),
      new SegmentTag(null, "1-50", "APAC", null, "ana"));

  @Test
  void shouldGiveEverySegmentTheWindowMathOfItsOwnDeltas() {
    Random random = new Random(5);
    MapDays scopeDays = new MapDays();
    TeamLedger scopeLedger = new TeamLedger(WINDOW, scopeDays);
    SegmentBook book = new SegmentBook("A", Dimension.ALL);
    TeamLedger oracleLedger = new TeamLedger(WINDOW, new MapDays());
    Map<String, TeamState> oracle = new HashMap<>();
    TeamState scope = null;
    Map<String, TeamState> stored = new HashMap<>();
    long clock = 0;
    int restores = 0;
    for (int step = 0; step < 4_000; step++) {
      // mostly in order, some behind the clock (taken in at once by cursors already past them)
      long time = Math.max(0, clock + (long) ((random.nextDouble() - 0.2) * DAY));
      clock = Math.max(clock, time);
      SegmentTag values = TAGS.get(random.nextInt(TAGS.size()));
      SegmentTag tag = random.nextBoolean() ? book.intern(values) : values; // the book's own instance, or another
      Delta d = switch (random.nextInt(4)) {
        case 0 -> Delta.pipeline(1);
        case 1 -> Delta.pipeline(-1);
        case 2 -> Delta.wonDeal(BigDecimal.valueOf(random.nextInt(10_000), 2), random.nextInt(30) * DAY);
        default -> Delta.lostDeal();
      };
      if (scope == null) {
        scope = scopeLedger.newTeam("A", time);
      }
      // as the team task does: the cursors go to the stream time first, then take the part in
      long now = clock;
      scope = scopeLedger.advanceCurrent(scope, now, book);
      oracle.replaceAll((id, s) -> oracleLedger.advanceCurrent(s, now));
      book.seen(tag, time, scope);
      scope = scopeLedger.apply(scope, new TeamDelta(time, d, tag), book).state();
      for (Dimension dim : Dimension.ALL) {
        String id = SegmentKey.of("A", dim, tag).id();
        TeamState s = oracle.getOrDefault(id, oracleLedger.advanceCurrent(oracleLedger.newTeam(id, time), now));
        oracle.put(id, oracleLedger.apply(s, new TeamDelta(time, d), CursorListener.NONE).state());
      }
      if (step % 50 == 49) {
        long to = clock;
        scope = scopeLedger.advanceCurrent(scope, to, book);
        oracle.replaceAll((id, s) -> oracleLedger.advanceCurrent(s, to));
      }
      if (step % 400 == 399) {
        long lastDay = UtcDays.dayOf(clock - DAY) - 1;
        Map<Long, Map<String, WindowTotals>> points = new HashMap<>();
        SegmentBook listening = book;
        scope = scopeLedger.finalizeThrough(scope, lastDay, p -> listening.finalOn(p.epochDay()).forEach(seg ->
            points.computeIfAbsent(p.epochDay(), k -> new HashMap<>()).put(seg.id(), seg.daily())), book);
        Map<Long, Map<String, WindowTotals>> expected = new HashMap<>();
        oracle.replaceAll((id, s) -> oracleLedger.finalizeThrough(s, lastDay, p -> expected.computeIfAbsent(
            p.epochDay(), k -> new HashMap<>()).put(id, p.cursor().totals())));
        assertThat(points).as("daily points through day %d", lastDay).isEqualTo(expected);
      }
      for (SegmentBook.Segment seg : book.all()) {
        assertThat(seg.current()).as("current of %s at step %d", seg.id(), step)
            .usingComparator(SegmentBookTest::compare).isEqualTo(oracle.get(seg.id()).current().totals());
      }
      book.drainChanged(scope).forEach(st -> stored.put(st.teamId(), st)); // as the team task stores them
      if (step % 100 == 99) {
        SegmentBook restored = new SegmentBook("A", Dimension.ALL);
        stored.forEach((id, st) -> restored.restore(SegmentKey.parse(id), st));
        Cursor replayed = new TeamLedger(WINDOW, scopeDays).restoreCurrent(scope, scope.current().at(), restored)
            .current();
        assertThat(replayed.totals()).usingComparator(SegmentBookTest::compare).isEqualTo(scope.current().totals());
        assertThat(restored.all()).hasSameSizeAs(book.all());
        Map<String, SegmentBook.Segment> byId = new HashMap<>();
        restored.all().forEach(seg -> byId.put(seg.id(), seg));
        for (SegmentBook.Segment seg : book.all()) {
          SegmentBook.Segment r = byId.get(seg.id());
          assertThat(r.current()).as("restored current of %s at step %d", seg.id(), step)
              .usingComparator(SegmentBookTest::compare).isEqualTo(seg.current());
          assertThat(r.daily()).as("restored daily of %s at step %d", seg.id(), step).isEqualTo(seg.daily());
          assertThat(r.firstDay()).isEqualTo(seg.firstDay());
        }
        restores++;
      }
    }
    assertThat(restores).isEqualTo(40);
    assertThat(scope.current().at()).isGreaterThanOrEqualTo(scope.daily().at());
    assertThat(book.all()).hasSize(10); // 2 industries (one unknown), 2 sizes, 2 regions, 2 sources (one unknown), 2 reps
  }

  @Test
  void shouldHandOutOneInstanceOfEachSetOfValuesEqualToAnyOther() {
    SegmentBook book = new SegmentBook("A", Dimension.ALL);
    SegmentTag mine = book.intern(new SegmentTag("SOFTWARE", "1-50", "EMEA", "EVENT", "ana"));
    assertThat(mine).isEqualTo(TAGS.get(0)).hasSameHashCodeAs(TAGS.get(0));
    assertThat(book.intern(TAGS.get(0))).isSameAs(mine);
    assertThat(book.intern(mine)).isSameAs(mine);
    assertThat(new SegmentBook("B", Dimension.ALL).intern(mine)).isNotSameAs(mine).isEqualTo(mine);
    assertThat(book.intern(null)).isNull();
  }

  @Test
  void shouldStartASegmentOnItsFirstDayOrTheDayAfterTheScopesLastFinalOne() {
    TeamLedger ledger = new TeamLedger(WINDOW, new MapDays());
    SegmentBook book = new SegmentBook(null, List.of(Dimension.OWNER));
    SegmentTag ana = TAGS.get(0);
    TeamState scope = ledger.newTeam(" ", 5 * DAY);
    book.seen(ana, 5 * DAY, scope);
    scope = ledger.apply(scope, new TeamDelta(5 * DAY, Delta.pipeline(1), ana), book).state();
    book.seen(ana, 3 * DAY, scope); // earlier, and nothing final yet: the segment starts earlier too
    scope = ledger.apply(scope, new TeamDelta(3 * DAY, Delta.touch(), ana), book).state();
    assertThat(book.all()).singleElement().satisfies(s -> {
      assertThat(s.firstDay()).isEqualTo(3);
      assertThat(s.key()).isEqualTo(new SegmentKey(null, Dimension.OWNER, "ana"));
    });
    scope = ledger.finalizeThrough(scope, 6, p -> { }, book);

    SegmentTag bo = TAGS.get(1);
    book.seen(bo, 4 * DAY, scope); // a first delta on a day already final: its points start after it
    scope = ledger.apply(scope, new TeamDelta(4 * DAY, Delta.pipeline(1), bo), book).state();
    assertThat(book.finalOn(7)).extracting(SegmentBook.Segment::id).hasSize(2);
    assertThat(book.finalOn(6)).extracting(s -> s.key().segment()).containsExactly("ana");
    assertThat(book.drainChanged(scope)).extracting(TeamState::teamId)
        .contains(new SegmentKey(null, Dimension.OWNER, "bo").id());
    assertThat(book.drainChanged(scope)).isEmpty();
  }

  /** Equal totals; amounts by value (a sum that came back to zero has the scale of its amounts). */
  private static int compare(WindowTotals a, WindowTotals b) {
    boolean same = a.pipeline() == b.pipeline() && a.won() == b.won() && a.lost() == b.lost()
        && a.cycleMillis() == b.cycleMillis() && a.wonAmount().compareTo(b.wonAmount()) == 0;
    return same ? 0 : 1;
  }
}
