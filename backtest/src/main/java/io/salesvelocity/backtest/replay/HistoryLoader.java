package io.salesvelocity.backtest.replay;

import io.salesvelocity.history.HistoryEntry;
import io.salesvelocity.history.HistoryReader;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Reads history files into memory as wire-format events, ready to sort and replay. Unreadable entries are
 * reported (with file, line and reason) and skipped, whatever is wrong with them; events after
 * {@code untilMillis} are left out, because nothing at a later instant can change a figure at an earlier one.
 */
final class HistoryLoader {
  private static final int CHUNK = 16_384;
  private final Map<EventType, Serializer<SpecificRecord>> serializers = new EnumMap<>(EventType.class);
  private final Map<EventType, String> topics = new EnumMap<>(EventType.class);

  @SuppressWarnings("unchecked")
  HistoryLoader(VelocityTopics t) {
    for (EventType type : EventType.values()) {
      topics.put(type, t.input(type).name());
      // each topic's serializer takes the records of its own type, which is what EventType.of(record) says
      serializers.put(type, (Serializer<SpecificRecord>) t.input(type).valueSerde().serializer());
    }
  }

  /** What was loaded: the readable events in input order, and how many entries were read in all. */
  record Loaded(ReplayEvents events, long entries) { }

  Loaded load(List<Path> files, long untilMillis, Consumer<BadEntry> bad, Consumer<Long> progress) {
    ReplayEvents events = new ReplayEvents();
    long entries = 0;
    for (int f = 0; f < files.size(); f++) {
      Path file = files.get(f);
      List<HistoryEntry> chunk = new ArrayList<>(CHUNK);
      try (HistoryReader reader = HistoryReader.open(file)) {
        while (reader.hasNext()) {
          HistoryEntry e = reader.next();
          entries++;
          if (!e.readable()) {
            bad.accept(new BadEntry(file.toString(), e.position(), e.reason(), e.error()));
          } else if (EventType.eventTime(e.event()).toEpochMilli() <= untilMillis) {
            chunk.add(e);
            if (chunk.size() == CHUNK) {
              encode(chunk, file, f, events, bad);
              if (progress != null) {
                progress.accept(entries);
              }
            }
          }
        }
      }
      encode(chunk, file, f, events, bad);
    }
    return new Loaded(events, entries);
  }

  /**
   * Serializes a chunk in parallel (the Avro writers are thread-safe) and appends it in order. An event the wire
   * format cannot carry is reported like an unreadable line (the readers check the contract's limits first, so
   * this is a last resort).
   */
  private void encode(List<HistoryEntry> chunk, Path path, int file, ReplayEvents events,
                      Consumer<BadEntry> bad) {
    ReplayEvent[] out = new ReplayEvent[chunk.size()];
    String[] failures = new String[chunk.size()];
    IntStream.range(0, out.length).parallel().forEach(i -> {
      HistoryEntry e = chunk.get(i);
      SpecificRecord r = e.event();
      try {
        EventType type = EventType.of(r);
        out[i] = new ReplayEvent(EventType.eventTime(r).toEpochMilli(), type,
            EventType.leadId(r).getBytes(StandardCharsets.UTF_8), serializers.get(type).serialize(topics.get(type), r),
            e.position(), file);
      } catch (RuntimeException ex) {
        failures[i] = ex.getMessage() + (ex.getCause() == null ? "" : " (" + ex.getCause().getMessage() + ")");
      }
    });
    for (int i = 0; i < out.length; i++) {
      if (out[i] != null) {
        events.add(out[i]);
      } else {
        bad.accept(new BadEntry(path.toString(), chunk.get(i).position(), HistoryEntry.UNREADABLE_LINE,
            io.salesvelocity.serde.Printable.of(failures[i], 300)));
      }
    }
    chunk.clear();
  }
}
