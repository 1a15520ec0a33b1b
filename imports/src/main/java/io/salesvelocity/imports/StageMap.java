package io.salesvelocity.imports;

import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CRM's stage names and what each stands for. Names match whatever their case and surrounding spaces; a name the
 * map does not hold is unknown, never guessed. Entries are written {@code Name=TARGET}, comma-separated
 * ({@code "Discovery=SAL,Demo=PROPOSAL,Signed=WON"}), TARGET a contract stage, WON or LOST.
 */
public final class StageMap {
  private final Map<String, StageTarget> byName;
  private final Map<String, String> names;

  private StageMap(Map<String, StageTarget> byName, Map<String, String> names) {
    this.byName = byName;
    this.names = names;
  }

  public static StageMap empty() {
    return new StageMap(Map.of(), Map.of());
  }

  /**
   * Salesforce's standard Opportunity stage picklist: Prospecting = NEW, Qualification = MQL, Needs Analysis = SRL,
   * Value Proposition = SAL, Id. Decision Makers = SQL, Perception Analysis = SQL, Proposal/Price Quote = PROPOSAL,
   * Negotiation/Review = NEGOTIATION, Closed Won = WON, Closed Lost = LOST.
   */
  public static StageMap salesforceDefaults() {
    return empty().with("Prospecting=NEW,Qualification=MQL,Needs Analysis=SRL,Value Proposition=SAL,"
        + "Id. Decision Makers=SQL,Perception Analysis=SQL,Proposal/Price Quote=PROPOSAL,"
        + "Negotiation/Review=NEGOTIATION,Closed Won=WON,Closed Lost=LOST");
  }

  /** This map with the entries of {@code entries} added, or replacing those of the same name. */
  public StageMap with(String entries) {
    Map<String, StageTarget> map = new LinkedHashMap<>(byName);
    Map<String, String> shown = new LinkedHashMap<>(names);
    for (String entry : entries.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      if (eq <= 0 || entry.substring(0, eq).isBlank()) {
        throw new ImportException("stage map entry '" + entry.trim() + "' is not Name=STAGE");
      }
      String name = entry.substring(0, eq).trim();
      map.put(key(name), StageTarget.parse(entry.substring(eq + 1)));
      shown.put(key(name), name);
    }
    return new StageMap(Collections.unmodifiableMap(map), Collections.unmodifiableMap(shown));
  }

  /** What {@code name} stands for; empty when the map does not know it. */
  public Optional<StageTarget> target(String name) {
    return Optional.ofNullable(byName.get(key(name)));
  }

  /** The name the map gives a contract stage or outcome first (for writing exports in tests and examples). */
  public Optional<String> nameOf(StageTarget target) {
    return byName.entrySet().stream().filter(e -> e.getValue().equals(target)).map(e -> names.get(e.getKey()))
        .findFirst();
  }

  public Optional<String> nameOf(Stage stage) {
    return nameOf(StageTarget.of(stage));
  }

  public Optional<String> nameOf(Outcome outcome) {
    return nameOf(StageTarget.of(outcome));
  }

  private static String key(String name) {
    return name.trim().toLowerCase(Locale.ROOT);
  }
}
