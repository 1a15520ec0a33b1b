package io.salesvelocity.imports;

import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Salesforce's data export (Data Loader, or Setup's weekly export) into the event contract. From one folder, by
 * object name, headers the API field names:
 * <ul>
 *   <li>{@code Opportunity.csv}: {@code Id}, {@code OwnerId}, {@code CreatedDate}, {@code StageName}, and
 *   {@code AccountId}, {@code Amount}, {@code CloseDate}, {@code IsClosed}, {@code IsWon}, {@code LeadSource},
 *   {@code CurrencyIsoCode} where exported;</li>
 *   <li>{@code OpportunityHistory.csv}, one row per change of stage, amount, probability or close date:
 *   {@code Id}, {@code OpportunityId}, {@code CreatedDate} (when the change happened), {@code StageName},
 *   {@code Amount};</li>
 *   <li>optional {@code Account.csv} ({@code Id}, {@code Industry}, {@code NumberOfEmployees},
 *   {@code BillingCountry}) for the segments, and {@code User.csv} ({@code Id} and the field the team comes from).</li>
 * </ul>
 * Each opportunity is a lead ({@code leadId} its {@code Id}): a LeadCreated at its {@code CreatedDate} with the stage
 * and amount of its first history row; a StageChanged at each later history row that changes the stage or the amount
 * (to the same stage when only the amount changes; the amount set only when it changed); a DealClosed at the first
 * history row in a closed stage (WON with that row's {@code Amount}). Event ids are the history rows' ids, so the
 * same export gives the same file. Team: an Opportunity column or {@code User.<field>} of the owner; owner:
 * {@code OwnerId}; source: {@code LeadSource} ({@link LeadSources}); industry, company size
 * ({@link CompanySizes}) and region ({@code BillingCountry}, as it is) from the account. A bad row is skipped and
 * reported, never a reason to stop.
 */
public final class SalesforceImport {
  /**
   * @param dir       the export's folder
   * @param teamField an Opportunity column, or {@code User.<field>} of the owner's user record
   * @param stages    Salesforce stage names to the contract's
   * @param sources   lead source values to the contract's symbols
   * @param currency  the currency of amounts where the export has no {@code CurrencyIsoCode}
   */
  public record Options(Path dir, String teamField, StageMap stages, LeadSources sources, String currency) {
    public Options {
      Objects.requireNonNull(dir, "dir");
      Objects.requireNonNull(teamField, "teamField");
      Objects.requireNonNull(stages, "stages");
      Objects.requireNonNull(sources, "sources");
      Objects.requireNonNull(currency, "currency");
    }

    public static Options of(Path dir, String teamField) {
      return new Options(dir, teamField, StageMap.salesforceDefaults(), LeadSources.defaults(), "USD");
    }
  }

  static final String OPPORTUNITY = "Opportunity.csv";
  static final String HISTORY = "OpportunityHistory.csv";
  static final String ACCOUNT = "Account.csv";
  static final String USER = "User.csv";
  private static final String USER_PREFIX = "user.";

  private record Account(String industry, String companySize, String region) { }

  /** An opportunity row that became a lead, with what its history rows say. */
  private static final class Opportunity {
    final CsvTable.Row row;
    final String id;
    final Instant created;
    final String team;
    final List<Change> changes = new ArrayList<>();

    Opportunity(CsvTable.Row row, String id, Instant created, String team) {
      this.row = row;
      this.id = id;
      this.created = created;
      this.team = team;
    }
  }

  /** A readable history row. */
  private record Change(Source where, String id, Instant time, StageTarget target, BigDecimal amount) { }

  private static final Comparator<Change> BY_TIME = Comparator.comparing(Change::time).thenComparing(Change::id);

  private final Options options;
  private final ImportReport report = new ImportReport();
  private final ImportedEvents events = new ImportedEvents();
  private final Timestamps times = Timestamps.isoUtc();

  private SalesforceImport(Options options) {
    this.options = options;
  }

  /** Imports the export into {@code writer}; the report says what was read, written and skipped. */
  public static ImportReport run(Options options, HistoryWriter writer) {
    SalesforceImport run = new SalesforceImport(options);
    run.importAll();
    run.events.writeTo(writer, run.report);
    return run.report;
  }

  private void importAll() {
    String userField = options.teamField().toLowerCase(Locale.ROOT).startsWith(USER_PREFIX)
        ? options.teamField().substring(USER_PREFIX.length()) : null;
    if (userField != null && userField.isBlank()) {
      throw new ImportException("--team-field " + options.teamField() + " names no field of User");
    }
    CsvTable opportunities = table(OPPORTUNITY, true).require("Id", "OwnerId", "CreatedDate", "StageName");
    if (userField == null) {
      opportunities.require(options.teamField());
    }
    CsvTable history = table(HISTORY, true).require("Id", "OpportunityId", "CreatedDate", "StageName", "Amount");
    Map<String, String> teamsByUser = userField == null ? Map.of() : usersField(userField);
    Map<String, Account> accounts = accounts();

    Map<String, Opportunity> byId = new LinkedHashMap<>();
    Set<String> skippedIds = new HashSet<>();
    report.read(OPPORTUNITY, opportunities.forEach(row -> {
      Opportunity o = opportunity(row, userField, teamsByUser, byId, skippedIds);
      if (o != null) {
        byId.put(SalesforceIds.canonical(o.id), o);
      }
    }));
    Set<String> historyIds = new HashSet<>();
    report.read(HISTORY, history.forEach(row -> change(row, byId, skippedIds, historyIds)));
    for (Opportunity o : byId.values()) {
      lead(o, accounts);
    }
  }

  private CsvTable table(String file, boolean required) {
    Path path = find(file);
    if (path == null) {
      if (required) {
        throw new ImportException(file + " not found in " + options.dir() + " (a Salesforce export: "
            + OPPORTUNITY + ", " + HISTORY + ", and optionally " + ACCOUNT + " and " + USER + ")");
      }
      return null;
    }
    return CsvTable.open(path, file);
  }

  /** The file of that name in the folder, whatever the case of its name. */
  private Path find(String file) {
    Path exact = options.dir().resolve(file);
    if (Files.isRegularFile(exact)) {
      return exact;
    }
    if (!Files.isDirectory(options.dir())) {
      throw new ImportException(options.dir() + " is not a folder");
    }
    try (Stream<Path> files = Files.list(options.dir())) {
      return files.filter(p -> p.getFileName().toString().equalsIgnoreCase(file)).findFirst().orElse(null);
    } catch (IOException e) {
      throw new ImportException("cannot list " + options.dir() + ": " + e.getMessage(), e);
    }
  }

  private Map<String, String> usersField(String field) {
    CsvTable users = table(USER, false);
    if (users == null) {
      throw new ImportException("--team-field " + options.teamField() + " needs " + USER + " in " + options.dir());
    }
    users.require("Id", field);
    Map<String, String> teams = new HashMap<>();
    report.read(USER, users.forEach(row -> {
      String id = row.get("Id");
      if (id != null) {
        teams.putIfAbsent(SalesforceIds.canonical(id), row.get(field));
      }
    }));
    return teams;
  }

  private Map<String, Account> accounts() {
    CsvTable table = table(ACCOUNT, false);
    if (table == null) {
      return Map.of();
    }
    table.require("Id");
    Map<String, Account> accounts = new HashMap<>();
    report.read(ACCOUNT, table.forEach(row -> {
      String id = row.get("Id");
      if (id == null) {
        return;
      }
      String employees = row.get("NumberOfEmployees");
      String size = employees == null ? null : CompanySizes.bandOf(employees);
      if (employees != null && size == null) {
        report.note("NumberOfEmployees that is not a number of at least 1: no company size");
      }
      accounts.putIfAbsent(SalesforceIds.canonical(id), new Account(row.get("Industry"), size,
          row.get("BillingCountry")));
    }));
    return accounts;
  }

  private Opportunity opportunity(CsvTable.Row row, String userField, Map<String, String> teamsByUser,
                                  Map<String, Opportunity> byId, Set<String> skippedIds) {
    String id = row.get("Id");
    if (id == null) {
      report.skip(row.source(), SkipReason.MISSING_ID, "an opportunity without Id");
      return null;
    }
    String key = SalesforceIds.canonical(id);
    if (byId.containsKey(key) || skippedIds.contains(key)) {
      report.skip(row.source(), SkipReason.DUPLICATE_ID, "opportunity " + id + " again");
      return null;
    }
    String createdText = row.get("CreatedDate");
    if (createdText == null) {
      return skipped(row, key, skippedIds, SkipReason.MISSING_CREATION_DATE, "opportunity " + id + " has no CreatedDate");
    }
    Instant created;
    try {
      created = times.parse(createdText);
    } catch (DateTimeException e) {
      return skipped(row, key, skippedIds, SkipReason.UNPARSEABLE_DATE, "opportunity " + id + ", CreatedDate '"
          + createdText + "': " + e.getMessage());
    }
    String team = userField == null ? row.get(options.teamField()) : userTeam(row.get("OwnerId"), teamsByUser);
    if (team == null) {
      return skipped(row, key, skippedIds, SkipReason.MISSING_TEAM, "opportunity " + id + " has no "
          + options.teamField() + (userField == null ? "" : " (owner " + row.get("OwnerId") + ")"));
    }
    if (!ImportedEvents.identifiersFit(id, team, row.get("OwnerId"))) {
      return skipped(row, key, skippedIds, SkipReason.IDENTIFIER_TOO_LONG, "opportunity " + id);
    }
    return new Opportunity(row, id, created, team);
  }

  private static String userTeam(String ownerId, Map<String, String> teamsByUser) {
    return ownerId == null ? null : teamsByUser.get(SalesforceIds.canonical(ownerId));
  }

  private Opportunity skipped(CsvTable.Row row, String key, Set<String> skippedIds, SkipReason reason, String detail) {
    skippedIds.add(key);
    report.skip(row.source(), reason, detail);
    return null;
  }

  private void change(CsvTable.Row row, Map<String, Opportunity> byId, Set<String> skippedIds, Set<String> seen) {
    String id = row.get("Id");
    if (id == null) {
      report.skip(row.source(), SkipReason.MISSING_ID, "a history row without Id");
      return;
    }
    if (!seen.add(SalesforceIds.canonical(id))) {
      report.skip(row.source(), SkipReason.DUPLICATE_ID, "history row " + id + " again");
      return;
    }
    String opportunityId = row.get("OpportunityId");
    String key = opportunityId == null ? null : SalesforceIds.canonical(opportunityId);
    Opportunity o = key == null ? null : byId.get(key);
    if (o == null) {
      boolean ofSkipped = key != null && skippedIds.contains(key);
      report.skip(row.source(), ofSkipped ? SkipReason.OF_SKIPPED_OPPORTUNITY : SkipReason.UNKNOWN_OPPORTUNITY,
          "history row " + id + " of opportunity " + opportunityId);
      return;
    }
    String timeText = row.get("CreatedDate");
    Instant time;
    try {
      if (timeText == null) {
        throw new DateTimeException("no CreatedDate");
      }
      time = times.parse(timeText);
    } catch (DateTimeException e) {
      report.skip(row.source(), SkipReason.UNPARSEABLE_DATE, "history row " + id + ", CreatedDate '"
          + Objects.toString(timeText, "") + "': " + e.getMessage());
      return;
    }
    String stageName = Objects.toString(row.get("StageName"), "");
    Optional<StageTarget> target = options.stages().target(stageName);
    if (target.isEmpty()) {
      report.skip(row.source(), SkipReason.UNKNOWN_STAGE, "history row " + id + ", stage '" + stageName + "'");
      return;
    }
    String amountText = row.get("Amount");
    BigDecimal amount;
    try {
      amount = amountText == null ? null : Amounts.parse(amountText);
    } catch (NumberFormatException e) {
      report.skip(row.source(), SkipReason.UNPARSEABLE_AMOUNT, "history row " + id + ": " + e.getMessage());
      return;
    }
    o.changes.add(new Change(row.source(), id, time, target.get(), amount));
  }

  /** The events of one opportunity. */
  private void lead(Opportunity o, Map<String, Account> accounts) {
    CsvTable.Row row = o.row;
    List<Change> changes = o.changes;
    if (changes.isEmpty()) {
      Change fromOpportunity = withoutHistory(o);
      if (fromOpportunity == null) {
        return;
      }
      changes.add(fromOpportunity);
    }
    changes.sort(BY_TIME);
    Change first = changes.get(0);
    String owner = row.get("OwnerId");
    String currency = Objects.requireNonNullElse(row.get("CurrencyIsoCode"), options.currency());
    Account account = accountOf(row, accounts);
    Stage stage = first.target().closed() ? Stage.NEW : first.target().stage();
    BigDecimal amount = first.amount();
    events.add(LeadCreated.newBuilder().setEventId(first.id()).setLeadId(o.id).setTeamId(o.team).setOwnerId(owner)
        .setCreatedAt(o.created).setStage(stage).setAmount(amount).setCurrency(currency).setSource(source(row))
        .setIndustry(account.industry()).setCompanySize(account.companySize()).setRegion(account.region()).build());
    boolean closed = first.target().closed() && close(o, first, first.id() + ":closed", currency);
    for (Change c : changes.subList(1, changes.size())) {
      if (closed) {
        report.skip(c.where(), SkipReason.AFTER_CLOSE, "history row " + c.id() + ", stage " + c.target()
            + ", after the close of opportunity " + o.id);
        continue;
      }
      if (c.target().closed()) {
        closed = close(o, c, c.id(), currency);
        continue;
      }
      boolean newStage = c.target().stage() != stage;
      boolean newAmount = c.amount() != null && (amount == null || c.amount().compareTo(amount) != 0);
      if (c.amount() == null && amount != null && !newStage) {
        report.note("history rows that clear the Amount: the latest estimate stays");
      }
      if (!newStage && !newAmount) {
        continue; // a change of probability or close date: nothing the contract carries
      }
      if (c.time().isBefore(o.created)) {
        report.skip(c.where(), SkipReason.CHANGE_BEFORE_CREATION, "history row " + c.id() + " at " + c.time()
            + ", opportunity " + o.id + " created at " + o.created);
        continue;
      }
      events.add(StageChanged.newBuilder().setEventId(c.id()).setLeadId(o.id).setChangedAt(c.time())
          .setToStage(c.target().stage()).setFromStage(stage).setAmount(newAmount ? c.amount() : null).build());
      stage = c.target().stage();
      amount = newAmount ? c.amount() : amount;
    }
  }

  /** A DealClosed for a history row in a closed stage, or false (reported) when that row cannot be one. */
  private boolean close(Opportunity o, Change c, String eventId, String currency) {
    if (c.time().isBefore(o.created)) {
      report.skip(c.where(), SkipReason.CLOSE_BEFORE_CREATION, "history row " + c.id() + " closes at " + c.time()
          + ", opportunity " + o.id + " created at " + o.created);
      return false;
    }
    Outcome outcome = c.target().outcome();
    if (outcome == Outcome.WON && c.amount() == null) {
      report.skip(c.where(), SkipReason.WON_WITHOUT_AMOUNT, "history row " + c.id() + " of opportunity " + o.id);
      return false;
    }
    if (outcome == Outcome.WON && c.amount().signum() < 0) {
      report.skip(c.where(), SkipReason.NEGATIVE_AMOUNT, "history row " + c.id() + " of opportunity " + o.id
          + ": " + c.amount());
      return false;
    }
    events.add(DealClosed.newBuilder().setEventId(eventId).setLeadId(o.id).setClosedAt(c.time()).setOutcome(outcome)
        .setAmount(outcome == Outcome.WON ? c.amount() : null).setCurrency(currency).build());
    return true;
  }

  /**
   * An opportunity without history rows (a partial export): its own stage and amount at its creation and, when
   * closed, its close at {@code CloseDate} (a date: 00:00 UTC, or the creation on the day it was created).
   */
  private Change withoutHistory(Opportunity o) {
    CsvTable.Row row = o.row;
    report.note("opportunities without history rows: taken from their own StageName, Amount and CloseDate");
    String stageName = Objects.toString(row.get("StageName"), "");
    Optional<StageTarget> target = options.stages().target(stageName);
    if (target.isEmpty()) {
      report.skip(row.source(), SkipReason.UNKNOWN_STAGE, "opportunity " + o.id + ", stage '" + stageName + "'");
      return null;
    }
    BigDecimal amount;
    try {
      amount = row.get("Amount") == null ? null : Amounts.parse(row.get("Amount"));
    } catch (NumberFormatException e) {
      report.skip(row.source(), SkipReason.UNPARSEABLE_AMOUNT, "opportunity " + o.id + ": " + e.getMessage());
      return null;
    }
    if (!target.get().closed()) {
      return new Change(row.source(), o.id, o.created, target.get(), amount);
    }
    String closeText = row.get("CloseDate");
    Instant close;
    try {
      if (closeText == null) {
        throw new DateTimeException("no CloseDate");
      }
      close = times.parse(closeText);
    } catch (DateTimeException e) {
      report.skip(row.source(), SkipReason.UNPARSEABLE_DATE, "opportunity " + o.id + ", CloseDate '"
          + Objects.toString(closeText, "") + "': " + e.getMessage());
      return null;
    }
    LocalDate createdDay = LocalDate.ofInstant(o.created, ZoneOffset.UTC);
    if (LocalDate.ofInstant(close, ZoneOffset.UTC).equals(createdDay)) {
      close = ImportedEvents.max(close, o.created);
    }
    return new Change(row.source(), o.id, close, target.get(), amount);
  }

  private Account accountOf(CsvTable.Row row, Map<String, Account> accounts) {
    String accountId = row.get("AccountId");
    Account a = accountId == null ? null : accounts.get(SalesforceIds.canonical(accountId));
    if (a == null) {
      if (!accounts.isEmpty()) {
        report.note("opportunities whose account is not in " + ACCOUNT + ": no industry, company size or region");
      }
      return new Account(null, null, null);
    }
    if (!ImportedEvents.identifiersFit(a.industry(), a.region())) {
      report.note("account industry or region longer than 256 bytes: left out");
      return new Account(ImportedEvents.identifiersFit(a.industry()) ? a.industry() : null, a.companySize(),
          ImportedEvents.identifiersFit(a.region()) ? a.region() : null);
    }
    return a;
  }

  private LeadSource source(CsvTable.Row row) {
    String value = row.get("LeadSource");
    if (value == null) {
      return null;
    }
    LeadSource s = options.sources().of(value);
    if (s == null) {
      report.note("lead source '" + value + "' is no contract symbol: OTHER");
      return LeadSource.OTHER;
    }
    return s;
  }
}
