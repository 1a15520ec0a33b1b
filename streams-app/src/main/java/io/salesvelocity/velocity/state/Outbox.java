package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.team.TeamDelta;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What a lead task's events changed for each team since it last sent the teams a batch: the parts to send, one record
 * per team at the next {@link #drain}. Durable: every part is also in a store, in chunks of at most {@link #CHUNK}
 * parts, each part encoded once as it comes ({@link PartsCodec.Encoder}) and the last chunk written again as it
 * fills, which Kafka Streams' record cache absorbs within a commit; so a commit between an event and its batch loses
 * nothing: a restored task finds the parts and sends them. A batch sent deletes its chunks. Without a store (an
 * in-process replay, which a crash cannot interrupt half way) the parts are only kept here.
 */
public final class Outbox {
  /** Parts per stored chunk: the bytes copied again per event, against a record per chunk. */
  static final int CHUNK = 64;

  private final KeyValueStore<String, byte[]> store;
  /** Each team's parts waiting, in the order they came. */
  private final Map<String, Waiting> pending = new LinkedHashMap<>();
  /** Teams whose last chunk changed since the last {@link #write}. */
  private final Map<String, Waiting> touched = new LinkedHashMap<>();
  private int parts;

  /** One team's parts and its chunks. */
  private static final class Waiting {
    final List<TeamDelta> parts = new ArrayList<>();
    /** The chunk being filled, and how many chunks are stored. */
    PartsCodec.Encoder chunk;
    int chunks;
  }

  /** Restores what the store holds; {@code store} null: nothing is stored. */
  public Outbox(KeyValueStore<String, byte[]> store) {
    this.store = store;
    if (store == null) {
      return;
    }
    Map<String, TreeMap<Integer, byte[]>> stored = new LinkedHashMap<>();
    try (KeyValueIterator<String, byte[]> it = store.all()) {
      it.forEachRemaining(kv -> {
        int colon = kv.key.lastIndexOf(':');
        stored.computeIfAbsent(kv.key.substring(0, colon), t -> new TreeMap<>())
            .put(Integer.parseInt(kv.key.substring(colon + 1)), kv.value);
      });
    }
    stored.forEach((prefix, byChunk) -> {
      Waiting w = new Waiting();
      byChunk.values().forEach(bytes -> w.parts.addAll(StateSerdes.deltaLogEntry().deserializer().deserialize(null,
          bytes)));
      w.chunks = byChunk.lastKey() + 1; // all written again, or deleted, with the next batch
      pending.put(teamOf(prefix), w);
      parts += w.parts.size();
    });
  }

  /** A part for {@code team}, sent with its next batch. */
  public void add(String team, TeamDelta part) {
    Waiting w = pending.computeIfAbsent(team, t -> new Waiting());
    w.parts.add(part);
    parts++;
    if (store == null) {
      return;
    }
    if (w.chunk == null || w.chunk.size() == CHUNK) {
      if (w.chunk != null) {
        store.put(key(team, w.chunks - 1), w.chunk.bytes()); // full: its last write
      }
      w.chunk = new PartsCodec.Encoder();
      w.chunks++;
    }
    w.chunk.add(part);
    touched.put(team, w);
  }

  /** Stores the parts added since the last call: the chunk each team's last part went to (once per event). */
  public void write() {
    if (touched.isEmpty()) {
      return;
    }
    touched.forEach((team, w) -> store.put(key(team, w.chunks - 1), w.chunk.bytes()));
    touched.clear();
  }

  /** Parts waiting, all teams. */
  public int size() {
    return parts;
  }

  /** Each team's parts waiting, in order, and forgets them (deleting their chunks). */
  public Map<String, List<TeamDelta>> drain() {
    touched.clear(); // deleted below: no need to write them first
    if (pending.isEmpty()) {
      return Map.of();
    }
    Map<String, List<TeamDelta>> out = new LinkedHashMap<>();
    pending.forEach((team, w) -> {
      out.put(team, w.parts);
      if (store != null) {
        for (int c = 0; c < w.chunks; c++) {
          store.put(key(team, c), null);
        }
      }
    });
    pending.clear();
    parts = 0;
    return out;
  }

  /** Length-prefixed, so no team id makes two keys one. */
  static String key(String team, int chunk) {
    return team.length() + ":" + team + ":" + chunk;
  }

  private static String teamOf(String prefix) {
    return prefix.substring(prefix.indexOf(':') + 1);
  }
}
