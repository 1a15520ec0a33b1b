package io.salesvelocity.velocity.domain.funnel;

import io.salesvelocity.velocity.domain.math.UtcDays;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The open visits of one team at its daily cursor, by lead, in {@link VisitBucket}s of (stage, day begun): what its
 * stalled deals are found in. In memory only a {@link VisitBucket.Summary} per bucket, and the buckets being changed.
 */
public final class LeadOpenVisits implements OpenVisits {
  private final String scope;
  private final BucketStore<VisitBucket> store;
  private final List<NavigableMap<Long, VisitBucket.Summary>> summaries = new ArrayList<>(FunnelBook.STAGES);
  /** Buckets decoded to be changed, by stage and day; whether each was stored when decoded. */
  private final List<Map<Long, VisitBucket.Rows>> working = new ArrayList<>(FunnelBook.STAGES);

  public LeadOpenVisits(String scope, BucketStore<VisitBucket> store) {
    this.scope = scope;
    this.store = store;
    for (int s = 0; s < FunnelBook.STAGES; s++) {
      summaries.add(new TreeMap<>());
      working.add(new HashMap<>());
    }
  }

  /** The store key of bucket (stage, day) of team {@code scope}: length-prefixed, so no team id makes two one. */
  public static String key(String scope, int stage, long day) {
    return scope.length() + ":" + scope + ":" + stage + ":" + day;
  }

  /** The team, stage and day of a bucket's key. */
  public static Key parse(String key) {
    int colon = key.indexOf(':');
    int length = Integer.parseInt(key.substring(0, colon));
    String scope = key.substring(colon + 1, colon + 1 + length);
    String[] rest = key.substring(colon + 2 + length).split(":");
    return new Key(scope, Integer.parseInt(rest[0]), Long.parseLong(rest[1]));
  }

  /** A bucket's place. */
  public record Key(String scope, int stage, long day) { }

  /** A bucket as stored, at restore. */
  public void restore(int stage, long day, VisitBucket bucket) {
    summaries.get(stage).put(day, bucket.summary());
  }

  @Override
  public void hold(Visit v, long n, Resolution how, long time, BigDecimal amount, List<StallEvent> events) {
    VisitBucket.Row row = rows(v.stage(), UtcDays.dayOf(v.began())).row(v);
    boolean wasOpen = row.open();
    row.count(n);
    row.hold(amount, n);
    if (wasOpen && !row.open() && row.stalledOn() != FunnelBook.NOT_STALLED && how != null
        && how != Resolution.REVISED) {
      // a leaving carries the amount the visit was held with until then
      events.add(new StallEvent.Resolved(scope, v, row.stalledOn(), time, how, amount));
    }
    if (row.gone()) {
      row.reset();
    }
  }

  @Override
  public long open(int stage) {
    flush();
    long open = 0;
    for (VisitBucket.Summary s : summaries.get(stage).values()) {
      open += s.open();
    }
    return open;
  }

  @Override
  public long openBelow(int stage, long x) {
    flush();
    long day = UtcDays.dayOf(x);
    long open = 0;
    NavigableMap<Long, VisitBucket.Summary> byDay = summaries.get(stage);
    for (VisitBucket.Summary s : byDay.headMap(day, false).values()) {
      open += s.open();
    }
    if (byDay.containsKey(day)) {
      VisitBucket b = store.get(key(scope, stage, day));
      if (b != null) {
        open += b.openBelow(x);
      }
    }
    return open;
  }

  @Override
  public void findStalled(int stage, long epochDay, long at, long limitMillis, List<StallEvent.Found> found) {
    flush();
    long cutoff = at - limitMillis; // began < at - limit: in the stage for longer than the limit
    if (limitMillis < 0 || cutoff > at) {
      return;
    }
    List<Long> days = new ArrayList<>();
    summaries.get(stage).headMap(UtcDays.dayOf(cutoff), true).forEach((day, s) -> {
      if (s.notStalled() > 0 && s.minNotStalledBegan() < cutoff) {
        days.add(day);
      }
    });
    for (long day : days) {
      for (VisitBucket.Row r : rows(stage, day).list()) {
        if (r.visit().began() >= cutoff) {
          break;
        }
        if (r.notStalled()) {
          r.stalledOn(epochDay);
          found.add(new StallEvent.Found(scope, r.visit(), epochDay, at, limitMillis, r.amount()));
        }
      }
    }
    flush();
  }

  @Override
  public void flush() {
    for (int stage = 0; stage < FunnelBook.STAGES; stage++) {
      Map<Long, VisitBucket.Rows> changed = working.get(stage);
      if (changed.isEmpty()) {
        continue;
      }
      NavigableMap<Long, VisitBucket.Summary> byDay = summaries.get(stage);
      for (Map.Entry<Long, VisitBucket.Rows> e : changed.entrySet()) {
        VisitBucket.Rows rows = e.getValue();
        rows.removeGone();
        VisitBucket bucket = rows.encode();
        boolean stored = byDay.containsKey(e.getKey());
        if (bucket == null) {
          if (stored) {
            store.put(key(scope, stage, e.getKey()), null);
            byDay.remove(e.getKey());
          }
        } else {
          store.put(key(scope, stage, e.getKey()), bucket);
          byDay.put(e.getKey(), bucket.summary());
        }
      }
      changed.clear();
    }
  }

  @Override
  public void clear() {
    summaries.forEach(Map::clear);
    working.forEach(Map::clear);
  }

  /** Bucket (stage, day), decoded for a change. */
  private VisitBucket.Rows rows(int stage, long day) {
    return working.get(stage).computeIfAbsent(day, d -> {
      VisitBucket stored = summaries.get(stage).containsKey(d) ? store.get(key(scope, stage, d)) : null;
      return stored == null ? VisitBucket.Rows.empty(stage) : stored.edit(stage);
    });
  }
}
