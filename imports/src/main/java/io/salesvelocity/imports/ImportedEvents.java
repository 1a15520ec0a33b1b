package io.salesvelocity.imports;

import io.salesvelocity.history.ContractLimits;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.StageChanged;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * The events an import made, written to a history file sorted as the engine orders them: by event time, then
 * LeadCreated, StageChanged, DealClosed, then lead and event id. So the same export gives the same file, and the
 * file can be published in order ({@code velocity publish}).
 */
public final class ImportedEvents {
  private record Entry(long time, int kind, String leadId, String eventId, SpecificRecord event) { }

  private static final Comparator<Entry> ORDER = Comparator.comparingLong(Entry::time).thenComparingInt(Entry::kind)
      .thenComparing(Entry::leadId).thenComparing(Entry::eventId);

  private final List<Entry> entries = new ArrayList<>();
  private long leads;

  void add(LeadCreated e) {
    leads++;
    entries.add(new Entry(e.getCreatedAt().toEpochMilli(), 0, e.getLeadId(), e.getEventId(), e));
  }

  void add(StageChanged e) {
    entries.add(new Entry(e.getChangedAt().toEpochMilli(), 1, e.getLeadId(), e.getEventId(), e));
  }

  void add(DealClosed e) {
    entries.add(new Entry(e.getClosedAt().toEpochMilli(), 2, e.getLeadId(), e.getEventId(), e));
  }

  /** Sorts and writes the events, counting them in the report by type. */
  public void writeTo(HistoryWriter writer, ImportReport report) {
    entries.sort(ORDER);
    for (Entry e : entries) {
      writer.write(e.event());
      report.written(EventType.of(e.event()).typeName());
    }
    report.leads(leads);
  }

  /** Whether every one of {@code values} fits the contract's identifier limit (null values do). */
  static boolean identifiersFit(String... values) {
    for (String v : values) {
      if (v != null && v.getBytes(StandardCharsets.UTF_8).length > ContractLimits.MAX_IDENTIFIER_LENGTH) {
        return false;
      }
    }
    return true;
  }

  static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
