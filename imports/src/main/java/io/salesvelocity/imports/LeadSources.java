package io.salesvelocity.imports;

import io.salesvelocity.schemas.LeadSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A CRM's lead source values as the contract's {@link LeadSource}. A value matches a symbol by name, case, spaces
 * and hyphens ignored ({@code Paid search} = PAID_SEARCH), or by an entry of the map: Salesforce's standard picklist
 * by default (Web = ORGANIC_WEB, Phone Inquiry = INBOUND_CALL, Trade Show, Seminar - Internal and Seminar - Partner =
 * EVENT, Advertisement = PAID_SEARCH, Email = EMAIL; Partner Referral, Employee Referral, External Referral,
 * Purchased List, Public Relations, Word of mouth, Other = OTHER), entries added with {@code Value=SYMBOL}. Any
 * other value is OTHER, the contract's own fallback, and the import notes each such value.
 */
public final class LeadSources {
  private final Map<String, LeadSource> map;

  private LeadSources(Map<String, LeadSource> map) {
    this.map = map;
  }

  public static LeadSources defaults() {
    return new LeadSources(Map.of()).with("Web=ORGANIC_WEB,Phone Inquiry=INBOUND_CALL,Trade Show=EVENT,"
        + "Seminar - Internal=EVENT,Seminar - Partner=EVENT,Advertisement=PAID_SEARCH,Email=EMAIL,"
        + "Partner Referral=OTHER,Employee Referral=OTHER,External Referral=OTHER,Purchased List=OTHER,"
        + "Public Relations=OTHER,Word of mouth=OTHER,Other=OTHER");
  }

  /** This map with {@code Value=SYMBOL} entries (comma-separated) added or replaced. */
  public LeadSources with(String entries) {
    Map<String, LeadSource> m = new LinkedHashMap<>(map);
    for (String entry : entries.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int eq = entry.lastIndexOf('=');
      if (eq <= 0) {
        throw new ImportException("source map entry '" + entry.trim() + "' is not Value=SYMBOL");
      }
      LeadSource symbol = symbol(entry.substring(eq + 1));
      if (symbol == null) {
        throw new ImportException("source map entry '" + entry.trim() + "': " + entry.substring(eq + 1).trim()
            + " is not a LeadSource symbol (" + java.util.Arrays.toString(LeadSource.values()) + ")");
      }
      m.put(key(entry.substring(0, eq)), symbol);
    }
    return new LeadSources(m);
  }

  /** The symbol {@code value} stands for: by name, by the map, else null (the caller takes OTHER and notes it). */
  public LeadSource of(String value) {
    LeadSource byName = symbol(value);
    return byName != null ? byName : map.get(key(value));
  }

  private static LeadSource symbol(String value) {
    String n = value.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_');
    for (LeadSource s : LeadSource.values()) {
      if (s.name().equals(n)) {
        return s;
      }
    }
    return null;
  }

  private static String key(String value) {
    return value.trim().toLowerCase(Locale.ROOT);
  }
}
