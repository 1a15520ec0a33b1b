package io.salesvelocity.imports;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What an import read, wrote and skipped: rows per file, events per type, skipped rows by reason with the file and
 * line of the first few of each, and notes (values taken in a documented way that the user may want to know of,
 * such as a lead source the contract has no symbol for).
 */
public final class ImportReport {
  /** Examples kept per reason. */
  public static final int EXAMPLES = 5;

  /** One skipped row (or value): where, why, and what was there. */
  public record Skip(Source where, SkipReason reason, String detail) {
    @Override
    public String toString() {
      return where + ": " + detail;
    }
  }

  private final Map<String, Long> rowsRead = new LinkedHashMap<>();
  private final Map<String, Long> eventsWritten = new LinkedHashMap<>();
  private final Map<SkipReason, Long> skipped = new EnumMap<>(SkipReason.class);
  private final Map<SkipReason, List<Skip>> examples = new EnumMap<>(SkipReason.class);
  private final Map<String, Long> notes = new TreeMap<>();
  private long leads;

  void read(String file, long rows) {
    rowsRead.merge(file, rows, Long::sum);
  }

  void skip(Source where, SkipReason reason, String detail) {
    skipped.merge(reason, 1L, Long::sum);
    List<Skip> kept = examples.computeIfAbsent(reason, r -> new ArrayList<>());
    if (kept.size() < EXAMPLES) {
      kept.add(new Skip(where, reason, detail));
    }
  }

  void note(String note) {
    notes.merge(note, 1L, Long::sum);
  }

  void written(String eventType) {
    eventsWritten.merge(eventType, 1L, Long::sum);
  }

  void leads(long count) {
    this.leads = count;
  }

  public Map<String, Long> rowsRead() {
    return Collections.unmodifiableMap(rowsRead);
  }

  public Map<String, Long> eventsWritten() {
    return Collections.unmodifiableMap(eventsWritten);
  }

  public long eventsWrittenTotal() {
    return eventsWritten.values().stream().mapToLong(Long::longValue).sum();
  }

  /** Leads (opportunities) written. */
  public long leads() {
    return leads;
  }

  public Map<SkipReason, Long> skipped() {
    return Collections.unmodifiableMap(skipped);
  }

  public long skippedTotal() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The first {@value #EXAMPLES} skips of a reason, in the order met. */
  public List<Skip> examples(SkipReason reason) {
    return examples.getOrDefault(reason, List.of());
  }

  public Map<String, Long> notes() {
    return Collections.unmodifiableMap(notes);
  }

  /** The report as {@code velocity import} prints it. */
  public void print(PrintStream out) {
    rowsRead.forEach((file, rows) -> out.printf("read      %-28s %,12d rows%n", file, rows));
    out.printf("wrote     %,d leads, %,d events (%s)%n", leads, eventsWrittenTotal(),
        eventsWritten.isEmpty() ? "none" : String.join(", ", eventsWritten.entrySet().stream()
            .map(e -> String.format("%s %,d", e.getKey(), e.getValue())).toList()));
    if (skipped.isEmpty()) {
      out.println("skipped   nothing");
    }
    skipped.forEach((reason, count) -> {
      out.printf("skipped   %-28s %,12d  (%s)%n", reason.code(), count, reason.meaning());
      examples(reason).forEach(s -> out.println("            " + s));
    });
    notes.forEach((note, count) -> out.printf("note      %s: %,d%n", note, count));
  }
}
