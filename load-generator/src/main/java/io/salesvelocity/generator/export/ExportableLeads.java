package io.salesvelocity.generator.export;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.Delivery;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.StageChanged;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * A simulated history as a CRM's export can hold it, lead by lead. An export has one team and one owner per
 * opportunity (Salesforce's OpportunityHistory has no owner; a HubSpot deal row has one owner), so the simulator's
 * reassignments at stage changes and closes are left out, and re-deliveries (its duplicates) are dropped, as an
 * export has each change once. {@link #write} gives the same leads as a history file: what a backtest of the export
 * must agree with.
 */
public final class ExportableLeads {
  /** One lead's events, in time order. */
  public record Lead(LeadCreated created, List<StageChanged> changes, DealClosed close) { }

  private final List<Lead> leads;

  private ExportableLeads(List<Lead> leads) {
    this.leads = List.copyOf(leads);
  }

  /** The leads the scenario creates before {@code until}, with their events up to then. */
  public static ExportableLeads of(Scenario scenario, Instant until) {
    Map<String, LeadCreated> created = new LinkedHashMap<>();
    Map<String, List<StageChanged>> changes = new LinkedHashMap<>();
    Map<String, DealClosed> closes = new LinkedHashMap<>();
    Set<String> seen = new HashSet<>();
    CrmSimulator sim = new CrmSimulator(scenario, until);
    while (sim.hasNext()) {
      Delivery d = sim.next();
      SpecificRecord r = d.record();
      if (r == null || !seen.add(d.key() + "/" + r.get(0))) {
        continue; // raw (deliberately unreadable) bytes, or a re-delivery
      }
      if (r instanceof LeadCreated c) {
        created.put(c.getLeadId(), c);
      } else if (r instanceof StageChanged s) {
        changes.computeIfAbsent(s.getLeadId(), k -> new ArrayList<>())
            .add(StageChanged.newBuilder(s).setTeamId(null).setOwnerId(null).build());
      } else if (r instanceof DealClosed c) {
        closes.put(c.getLeadId(), DealClosed.newBuilder(c).setTeamId(null).setOwnerId(null).build());
      }
    }
    List<Lead> leads = new ArrayList<>();
    created.forEach((id, c) -> {
      List<StageChanged> s = new ArrayList<>(changes.getOrDefault(id, List.of()));
      s.sort(Comparator.comparing(StageChanged::getChangedAt).thenComparing(StageChanged::getEventId));
      leads.add(new Lead(c, s, closes.get(id)));
    });
    return new ExportableLeads(leads);
  }

  public List<Lead> leads() {
    return leads;
  }

  /** The same leads as a history file. */
  public Path write(Path file) {
    try (HistoryWriter w = HistoryWriter.open(file, 1)) {
      for (Lead l : leads) {
        w.write(l.created());
        l.changes().forEach(w::write);
        if (l.close() != null) {
          w.write(l.close());
        }
      }
    }
    return file;
  }
}
