package io.salesvelocity.imports;

import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Any CRM's one-row-per-opportunity export into the event contract, as a {@link CsvMapping} describes it. Each row
 * is a lead ({@code leadId} its {@code id}): a LeadCreated at {@code created}, its stage the highest contract stage
 * whose {@code stage.<STAGE>} instant equals {@code created} (NEW when none; with {@code stage=} the current stage
 * through {@code stage.map}), its amount {@code estimate}; a StageChanged for each later {@code stage.<STAGE>}
 * instant, in time order (stages entered at one instant in funnel order); a DealClosed at {@code closed} when
 * {@code outcome} is a won or lost value (WON with {@code amount}). A row without id, creation instant or team, or
 * with an unknown stage, is skipped; a value that cannot be read (a stage instant, the close) is skipped and the
 * rest of the row kept; each is reported.
 */
public final class MappedCsvImport {
  private static final String CREATED = "created";

  private final CsvMapping mapping;
  private final ImportReport report = new ImportReport();
  private final ImportedEvents events = new ImportedEvents();
  private final Map<String, Map<String, CsvTable.Row>> lookupRows = new HashMap<>();
  private final String fileName;

  private MappedCsvImport(CsvMapping mapping) {
    this.mapping = mapping;
    this.fileName = mapping.folder().relativize(mapping.file().toAbsolutePath()).toString();
  }

  /** Imports the mapped export into {@code writer}; the report says what was read, written and skipped. */
  public static ImportReport run(CsvMapping mapping, HistoryWriter writer) {
    MappedCsvImport run = new MappedCsvImport(mapping);
    run.importAll();
    run.events.writeTo(writer, run.report);
    return run.report;
  }

  private void importAll() {
    CsvTable main = CsvTable.open(mapping.file(), fileName);
    for (CsvMapping.Lookup l : mapping.lookups().values()) {
      main.require(l.on());
      loadLookup(l);
    }
    for (CsvMapping.Field f : mapping.allFields()) {
      if (f.lookup() == null) {
        main.require(f.column());
      }
    }
    Set<String> ids = new HashSet<>();
    report.read(fileName, main.forEach(row -> opportunity(row, ids)));
  }

  private void loadLookup(CsvMapping.Lookup l) {
    String name = mapping.folder().relativize(l.file().toAbsolutePath()).toString();
    CsvTable table = CsvTable.open(l.file(), name).require(l.key());
    for (CsvMapping.Field f : mapping.allFields()) {
      if (l.name().equals(f.lookup())) {
        table.require(f.column());
      }
    }
    Map<String, CsvTable.Row> rows = new HashMap<>();
    report.read(name, table.forEach(row -> {
      String key = row.get(l.key());
      if (key != null && rows.putIfAbsent(key, row) != null) {
        report.skip(row.source(), SkipReason.DUPLICATE_ID, l.key() + " " + key + " again in lookup '" + l.name()
            + "' (the first row counts)");
      }
    }));
    lookupRows.put(l.name(), rows);
  }

  /** A field's value for a row; null when empty or when its lookup finds no row (noted). */
  private String value(CsvTable.Row row, String fieldName) {
    CsvMapping.Field f = mapping.get(fieldName);
    return f == null ? null : value(row, f);
  }

  private String value(CsvTable.Row row, CsvMapping.Field f) {
    if (f.lookup() == null) {
      return row.get(f.column());
    }
    CsvMapping.Lookup l = mapping.lookups().get(f.lookup());
    String key = row.get(l.on());
    CsvTable.Row found = key == null ? null : lookupRows.get(l.name()).get(key);
    return found == null ? null : found.get(f.column());
  }

  private boolean lookupMissing(CsvTable.Row row, CsvMapping.Field f) {
    if (f == null || f.lookup() == null) {
      return false;
    }
    CsvMapping.Lookup l = mapping.lookups().get(f.lookup());
    String key = row.get(l.on());
    return key == null || !lookupRows.get(l.name()).containsKey(key);
  }

  private record StageEntry(Stage stage, Instant at) { }

  private void opportunity(CsvTable.Row row, Set<String> ids) {
    String id = value(row, "id");
    if (id == null) {
      report.skip(row.source(), SkipReason.MISSING_ID, "no " + mapping.get("id"));
      return;
    }
    if (!ids.add(id)) {
      report.skip(row.source(), SkipReason.DUPLICATE_ID, "opportunity " + id + " again");
      return;
    }
    String createdText = value(row, CREATED);
    if (createdText == null) {
      report.skip(row.source(), SkipReason.MISSING_CREATION_DATE, "opportunity " + id + " has no "
          + mapping.get(CREATED));
      return;
    }
    Instant created = instant(row, id, CREATED, createdText);
    if (created == null) {
      return;
    }
    String team = value(row, "team");
    if (team == null) {
      boolean noLookup = lookupMissing(row, mapping.get("team"));
      report.skip(row.source(), noLookup ? SkipReason.MISSING_LOOKUP : SkipReason.MISSING_TEAM, "opportunity " + id
          + (noLookup ? ": no row of lookup '" + mapping.get("team").lookup() + "' for it" : " has no "
          + mapping.get("team")));
      return;
    }
    String owner = value(row, "owner");
    if (!ImportedEvents.identifiersFit(id, team, owner)) {
      report.skip(row.source(), SkipReason.IDENTIFIER_TOO_LONG, "opportunity " + id);
      return;
    }
    Stage initial = Stage.NEW;
    List<StageEntry> later = new ArrayList<>();
    if (mapping.currentStage() != null) {
      String current = value(row, mapping.currentStage());
      Optional<StageTarget> target = current == null ? Optional.of(StageTarget.of(Stage.NEW))
          : mapping.stageMap().target(current);
      if (target.isEmpty()) {
        report.skip(row.source(), SkipReason.UNKNOWN_STAGE, "opportunity " + id + ", stage '" + current + "'");
        return;
      }
      // a stage that stands for a close tells nothing of the stages before it: the lead starts at NEW
      initial = target.get().closed() ? Stage.NEW : target.get().stage();
    } else {
      for (Map.Entry<Stage, CsvMapping.Field> e : mapping.stageEntries().entrySet()) {
        String text = value(row, e.getValue());
        Instant at = text == null ? null : instant(row, id, e.getValue().toString(), text);
        if (at == null) {
          continue;
        }
        if (at.equals(created)) {
          initial = e.getKey().compareTo(initial) > 0 ? e.getKey() : initial;
        } else if (at.isBefore(created)) {
          report.skip(row.source(), SkipReason.CHANGE_BEFORE_CREATION, "opportunity " + id + " entered "
              + e.getKey() + " at " + at + ", before its creation at " + created);
        } else {
          later.add(new StageEntry(e.getKey(), at));
        }
      }
    }
    BigDecimal estimate = amount(row, id, "estimate");
    String currency = Objects.requireNonNullElse(value(row, "currency"), "USD");
    String industry = value(row, "industry");
    String companySize = value(row, "companySize");
    if (companySize != null && CompanySizes.bandOf(companySize) != null) {
      companySize = CompanySizes.bandOf(companySize);
    }
    String region = value(row, "region");
    if (!ImportedEvents.identifiersFit(industry, companySize, region)) {
      report.skip(row.source(), SkipReason.IDENTIFIER_TOO_LONG, "opportunity " + id + ": industry, company size or "
          + "region");
      return;
    }
    events.add(LeadCreated.newBuilder().setEventId(id + ":created").setLeadId(id).setTeamId(team).setOwnerId(owner)
        .setCreatedAt(created).setStage(initial).setAmount(estimate).setCurrency(currency).setSource(source(row))
        .setIndustry(industry).setCompanySize(companySize).setRegion(region).build());

    Instant closedAt = close(row, id, created, currency);
    later.sort(Comparator.comparing(StageEntry::at).thenComparing(StageEntry::stage));
    Stage stage = initial;
    for (StageEntry e : later) {
      if (closedAt != null && e.at().isAfter(closedAt)) {
        report.skip(row.source(), SkipReason.AFTER_CLOSE, "opportunity " + id + " entered " + e.stage() + " at "
            + e.at() + ", after its close at " + closedAt);
        continue;
      }
      // stages entered at one instant: their ids sort in funnel order, as the engine orders one instant's events
      events.add(StageChanged.newBuilder().setEventId(id + ":stage-" + e.stage().ordinal() + "-" + e.stage())
          .setLeadId(id).setChangedAt(e.at()).setToStage(e.stage()).setFromStage(stage).build());
      stage = e.stage();
    }
  }

  /** The DealClosed of a won or lost row, written; its instant, or null when open or the close cannot be read. */
  private Instant close(CsvTable.Row row, String id, Instant created, String currency) {
    String outcomeText = value(row, "outcome");
    if (outcomeText == null) {
      return null;
    }
    Outcome outcome = mapping.isWon(outcomeText) ? Outcome.WON : mapping.isLost(outcomeText) ? Outcome.LOST : null;
    if (outcome == null) {
      return null; // neither a won nor a lost value: still open
    }
    String closedText = value(row, "closed");
    if (closedText == null) {
      report.skip(row.source(), SkipReason.MISSING_CLOSE_DATE, "opportunity " + id + " is " + outcome + " without "
          + mapping.get("closed"));
      return null;
    }
    Instant closedAt = instant(row, id, "closed", closedText);
    if (closedAt == null) {
      return null;
    }
    if (closedAt.isBefore(created)) {
      report.skip(row.source(), SkipReason.CLOSE_BEFORE_CREATION, "opportunity " + id + " closed at " + closedAt
          + ", created at " + created);
      return null;
    }
    BigDecimal amount = null;
    if (outcome == Outcome.WON) {
      String text = value(row, "amount");
      if (text == null) {
        report.skip(row.source(), SkipReason.WON_WITHOUT_AMOUNT, "opportunity " + id + " has no "
            + mapping.get("amount"));
        return null;
      }
      amount = amount(row, id, "amount");
      if (amount == null) {
        return null;
      }
      if (amount.signum() < 0) {
        report.skip(row.source(), SkipReason.NEGATIVE_AMOUNT, "opportunity " + id + ": " + amount);
        return null;
      }
    }
    events.add(DealClosed.newBuilder().setEventId(id + ":closed").setLeadId(id).setClosedAt(closedAt)
        .setOutcome(outcome).setAmount(amount).setCurrency(currency).build());
    return closedAt;
  }

  private Instant instant(CsvTable.Row row, String id, String what, String text) {
    try {
      return mapping.timestamps().parse(text);
    } catch (DateTimeException e) {
      report.skip(row.source(), SkipReason.UNPARSEABLE_DATE, "opportunity " + id + ", " + what + " '" + text + "': "
          + e.getMessage());
      return null;
    }
  }

  private BigDecimal amount(CsvTable.Row row, String id, String field) {
    String text = value(row, field);
    if (text == null) {
      return null;
    }
    try {
      return Amounts.parse(text);
    } catch (NumberFormatException e) {
      report.skip(row.source(), SkipReason.UNPARSEABLE_AMOUNT, "opportunity " + id + ", " + field + ": "
          + e.getMessage());
      return null;
    }
  }

  private LeadSource source(CsvTable.Row row) {
    String value = value(row, "source");
    if (value == null) {
      return null;
    }
    LeadSource s = mapping.sources().of(value);
    if (s == null) {
      report.note("lead source '" + value + "' is no contract symbol: OTHER");
      return LeadSource.OTHER;
    }
    return s;
  }
}
