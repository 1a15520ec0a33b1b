package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.WindowTotals;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The segments of one scope (a team, or all teams): their totals at the scope's two cursors, kept in step by
 * listening to the scope's ledger ({@link CursorListener}) as it passes the parts of the scope's deltas. A segment's
 * totals at an instant are those of the window math over the segment's deltas alone, so a segment needs no log of its
 * own: one delta costs the same one log write whatever the number of segments, and each part a cursor passes updates
 * one segment per dimension.
 *
 * <p>A segment is known from its first delta, and has a final point for every day from that day on (never for a day
 * the scope already made final: a segment first seen in a delta that late starts on the next day).
 *
 * <p>Only the totals at the daily cursor are stored ({@link #drainChanged}): they change about once a day, those at
 * the current cursor with almost every delta. A restored book starts its current totals from the daily ones and is
 * told, through {@link TeamLedger#replayCurrent}, what the scope's current cursor passed since (the ledger keeps the
 * current cursor at or after the daily one, so that is a day or so of deltas).
 */
public final class SegmentBook implements CursorListener {
  /** One segment: its totals at the scope's current and daily cursors, and its first day. */
  public static final class Segment {
    private final SegmentKey key;
    private final String id;
    private WindowTotals current = WindowTotals.EMPTY;
    private WindowTotals daily = WindowTotals.EMPTY;
    private long firstDay;
    private boolean changed;

    Segment(SegmentKey key, long firstDay) {
      this.key = key;
      this.id = key.id();
      this.firstDay = firstDay;
    }

    public SegmentKey key() {
      return key;
    }

    public String id() {
      return id;
    }

    public WindowTotals current() {
      return current;
    }

    public WindowTotals daily() {
      return daily;
    }

    public long firstDay() {
      return firstDay;
    }
  }

  /** Sets of segment values remembered: a cache (reps times values can be many), emptied when this full. */
  private static final int MAX_TAGS = 65_536;

  /**
   * This book's own instance of a set of segment values, with its segments: a cursor passing a part that carries it
   * finds them without a lookup. Equal to every other instance of the same values.
   */
  private static final class Resolved extends SegmentTag {
    private final SegmentBook book;
    private final Segment[] segments;

    Resolved(SegmentTag values, SegmentBook book, Segment[] segments) {
      super(values);
      this.book = book;
      this.segments = segments;
    }
  }

  private final String scope;
  private final List<Dimension> dimensions;
  /** Each set of segment values seen, to this book's instance of it (its segments, one per dimension). */
  private final Map<SegmentTag, Resolved> byTag = new HashMap<>();
  /** By id: the order they are published in. */
  private final Map<String, Segment> byId = new TreeMap<>();
  private final List<Segment> changed = new ArrayList<>();

  /** {@code scope}: a team id, or null for all teams. */
  public SegmentBook(String scope, List<Dimension> dimensions) {
    this.scope = scope;
    this.dimensions = List.copyOf(dimensions);
  }

  /**
   * A segment as stored: its totals at the daily cursor and its first day (the cursors' instants are the scope's).
   * Its current totals start from the daily ones, until the scope's current cursor is replayed.
   */
  public void restore(SegmentKey key, TeamState stored) {
    Segment s = new Segment(key, stored.firstDay());
    s.daily = stored.daily().totals();
    s.current = s.daily;
    byId.put(s.id, s);
  }

  /**
   * This book's instance of {@code tag}'s values (null for null): give the scope's ledger that one, so that the
   * parts of the scope's log carry it and the cursors passing them find their segments at once. Any instance works,
   * at the cost of a lookup (the parts of a log read back from its store at restore carry others).
   */
  public SegmentTag intern(SegmentTag tag) {
    return tag == null ? null : resolve(tag);
  }

  /**
   * Makes the segments of {@code tag} known before the scope's ledger takes a delta of theirs at {@code time}: a new
   * one starts on the delta's day, or an earlier one if it has no final point yet.
   */
  public void seen(SegmentTag tag, long time, TeamState scopeState) {
    long day = UtcDays.dayOf(time);
    if (scopeState.dailyEmitted()) {
      day = Math.max(day, UtcDays.dayOf(scopeState.daily().at()) + 1);
    }
    for (Segment s : segments(tag)) {
      if (day < s.firstDay && !emitted(s, scopeState)) {
        s.firstDay = day;
        markChanged(s);
      }
    }
  }

  @Override
  public void enter(boolean daily, TeamDelta part, boolean inWindow) {
    SegmentTag tag = part.tag();
    Delta d = part.delta();
    if (tag == null || d.isZero()) {
      return; // written while segments were off
    }
    for (Segment s : segments(tag)) {
      if (daily) {
        s.daily = s.daily.apply(d, inWindow);
        markChanged(s);
      } else {
        s.current = s.current.apply(d, inWindow);
      }
    }
  }

  @Override
  public void expire(boolean daily, TeamDelta part) {
    SegmentTag tag = part.tag();
    Delta d = part.delta();
    if (tag == null || d.isZero()) {
      return;
    }
    for (Segment s : segments(tag)) {
      if (daily) {
        s.daily = s.daily.expire(d);
        markChanged(s);
      } else {
        s.current = s.current.expire(d);
      }
    }
  }

  /** The segments with a final point on {@code epochDay}: those known by then. */
  public List<Segment> finalOn(long epochDay) {
    List<Segment> out = new ArrayList<>();
    for (Segment s : byId.values()) {
      if (s.firstDay <= epochDay) {
        out.add(s);
      }
    }
    return out;
  }

  public Collection<Segment> all() {
    return byId.values();
  }

  /**
   * The segments whose daily totals or first day changed since the last call, as stored: their totals at the
   * scope's daily cursor, in both cursors of the stored state (the current ones are replayed at restore).
   */
  public List<TeamState> drainChanged(TeamState scopeState) {
    List<TeamState> out = new ArrayList<>(changed.size());
    for (Segment s : changed) {
      Cursor daily = new Cursor(scopeState.daily().at(), s.daily);
      out.add(new TeamState(s.id, daily, daily, s.firstDay));
      s.changed = false;
    }
    changed.clear();
    return out;
  }

  private static boolean emitted(Segment s, TeamState scopeState) {
    return UtcDays.dayOf(scopeState.daily().at()) >= s.firstDay;
  }

  private Segment[] segments(SegmentTag tag) {
    if (tag instanceof Resolved r && r.book == this) {
      return r.segments;
    }
    return resolve(tag).segments;
  }

  private Resolved resolve(SegmentTag tag) {
    if (tag instanceof Resolved r && r.book == this) {
      return r;
    }
    Resolved known = byTag.get(tag);
    if (known == null) {
      Segment[] segments = new Segment[dimensions.size()];
      for (int i = 0; i < segments.length; i++) {
        SegmentKey key = SegmentKey.of(scope, dimensions.get(i), tag);
        Segment s = byId.get(key.id());
        if (s == null) {
          s = new Segment(key, Long.MAX_VALUE); // its first day is set by seen()
          byId.put(s.id, s);
        }
        segments[i] = s;
      }
      if (byTag.size() >= MAX_TAGS) {
        byTag.clear(); // the instances handed out stay valid: they carry their segments
      }
      known = new Resolved(tag, this, segments);
      byTag.put(known, known);
    }
    return known;
  }

  private void markChanged(Segment s) {
    if (!s.changed) {
      s.changed = true;
      changed.add(s);
    }
  }
}
