package io.salesvelocity.imports;

import io.salesvelocity.schemas.Stage;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a one-row-per-opportunity CSV export (HubSpot, Pipedrive, Zoho, a spreadsheet) maps to the contract: a
 * properties file. Every field names a column of {@code file}, or {@code <lookup>.<column>}: that column of the row
 * of lookup file {@code lookup.<lookup>.file} whose {@code lookup.<lookup>.key} column equals the main file's
 * {@code lookup.<lookup>.on} column. Paths are relative to the mapping file's folder. An unknown key is an error, so
 * that a typo is not silently a field left out.
 *
 * <pre>
 * file, id, created, team                      required
 * closed, outcome, outcome.won, outcome.lost   the close: outcome values (comma-separated) that mean won and lost
 * amount, estimate                             the won amount, the first estimate
 * owner, industry, companySize, region, source the segments (companySize: a whole number is banded)
 * currency                                     a column with the ISO 4217 code (default USD)
 * stage.&lt;STAGE&gt;=&lt;column&gt;                      the instant the opportunity entered a contract stage, or
 * stage=&lt;column&gt;, stage.map=Name=STAGE,...     its current stage only
 * source.map=Value=SYMBOL,...                  lead source values to the contract's symbols
 * date.format, date.time, time.zone            how instants are written (ISO-8601, 00:00, UTC by default)
 * </pre>
 */
public final class CsvMapping {
  /** A field's place: a column of the main file, or of a lookup file ({@code lookup} non-null). */
  public record Field(String lookup, String column) {
    @Override
    public String toString() {
      return lookup == null ? column : lookup + "." + column;
    }
  }

  /** A lookup file: its path, its key column, and the main file's column it is joined on. */
  public record Lookup(String name, Path file, String key, String on) { }

  static final List<String> FIELDS = List.of("id", "created", "team", "closed", "outcome", "amount", "estimate",
      "owner", "industry", "companySize", "region", "source", "currency");
  private static final Set<String> OPTIONS = Set.of("file", "outcome.won", "outcome.lost", "stage", "stage.map",
      "source.map", "date.format", "date.time", "time.zone");
  private static final Pattern LOOKUP_KEY = Pattern.compile("lookup\\.([^.]+)\\.(file|key|on)");

  private final Path folder;
  private final Path file;
  private final Map<String, Field> fields;
  private final Map<Stage, Field> stageEntries;
  private final Field currentStage;
  private final StageMap stageMap;
  private final LeadSources sources;
  private final Set<String> won;
  private final Set<String> lost;
  private final Timestamps timestamps;
  private final Map<String, Lookup> lookups;

  private CsvMapping(Path folder, Properties p) {
    this.folder = folder;
    Map<String, Map<String, String>> lookupParts = new LinkedHashMap<>();
    for (String key : new TreeSet<>(p.stringPropertyNames())) {
      Matcher m = LOOKUP_KEY.matcher(key);
      if (m.matches()) {
        lookupParts.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>()).put(m.group(2), value(p, key));
      } else if (!FIELDS.contains(key) && !OPTIONS.contains(key) && !isStageEntry(key)) {
        throw new ImportException("mapping: unknown key '" + key + "' (fields: " + String.join(", ", FIELDS)
            + ", stage.<STAGE>; options: " + String.join(", ", new TreeSet<>(OPTIONS))
            + ", lookup.<name>.file|key|on)");
      }
    }
    this.lookups = new LinkedHashMap<>();
    lookupParts.forEach((name, parts) -> {
      for (String part : List.of("file", "key", "on")) {
        if (!parts.containsKey(part)) {
          throw new ImportException("mapping: lookup '" + name + "' has no lookup." + name + "." + part);
        }
      }
      lookups.put(name, new Lookup(name, folder.resolve(parts.get("file")), parts.get("key"), parts.get("on")));
    });
    String main = p.getProperty("file");
    if (main == null || main.isBlank()) {
      throw new ImportException("mapping: no file (the CSV export, relative to the mapping's folder)");
    }
    this.file = folder.resolve(main.trim());
    this.fields = new LinkedHashMap<>();
    for (String f : FIELDS) {
      String v = p.getProperty(f);
      if (v != null && !v.isBlank()) {
        fields.put(f, field(v.trim()));
      }
    }
    for (String required : List.of("id", "created", "team")) {
      if (!fields.containsKey(required)) {
        throw new ImportException("mapping: no " + required + " (the column of the opportunity's "
            + Map.of("id", "id", "created", "creation instant", "team", "team").get(required) + ")");
      }
    }
    this.stageEntries = new EnumMap<>(Stage.class);
    for (Stage s : Stage.values()) {
      String v = p.getProperty("stage." + s.name());
      if (v != null && !v.isBlank()) {
        stageEntries.put(s, field(v.trim()));
      }
    }
    String current = p.getProperty("stage");
    this.currentStage = current == null || current.isBlank() ? null : field(current.trim());
    if (currentStage != null && !stageEntries.isEmpty()) {
      throw new ImportException("mapping: stage and stage.<STAGE> both given: the current stage, or the instants "
          + "each stage was entered, not both");
    }
    String map = p.getProperty("stage.map");
    if (map != null && currentStage == null) {
      throw new ImportException("mapping: stage.map without stage (the column of the current stage)");
    }
    this.stageMap = map == null ? StageMap.empty() : StageMap.empty().with(map);
    if (currentStage != null && map == null) {
      throw new ImportException("mapping: stage without stage.map (what each of its values stands for: "
          + "Name=STAGE,...)");
    }
    String sourceMap = p.getProperty("source.map");
    this.sources = sourceMap == null ? LeadSources.defaults() : LeadSources.defaults().with(sourceMap);
    this.won = values(p.getProperty("outcome.won"));
    this.lost = values(p.getProperty("outcome.lost"));
    if (fields.containsKey("outcome") && won.isEmpty() && lost.isEmpty()) {
      throw new ImportException("mapping: outcome without outcome.won or outcome.lost (the values that mean won "
          + "and lost)");
    }
    if (fields.containsKey("outcome") && !fields.containsKey("closed")) {
      throw new ImportException("mapping: outcome without closed (the column of the close instant)");
    }
    this.timestamps = new Timestamps(blankToNull(p.getProperty("date.format")), zone(p.getProperty("time.zone")),
        time(p.getProperty("date.time")));
    for (Field f : allFields()) {
      if (f.lookup() != null && !lookups.containsKey(f.lookup())) {
        throw new ImportException("mapping: " + f + " names lookup '" + f.lookup() + "', which no lookup."
            + f.lookup() + ".file defines");
      }
    }
  }

  /** Reads a mapping file. */
  public static CsvMapping load(Path mappingFile) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(mappingFile, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      throw new ImportException("mapping file not found: " + mappingFile);
    } catch (IOException | IllegalArgumentException e) {
      throw new ImportException("cannot read the mapping " + mappingFile + ": " + e.getMessage(), e);
    }
    Path folder = mappingFile.toAbsolutePath().getParent();
    return new CsvMapping(folder, p);
  }

  private static boolean isStageEntry(String key) {
    return key.startsWith("stage.") && Arrays.stream(Stage.values()).anyMatch(s -> key.equals("stage." + s.name()));
  }

  private Field field(String v) {
    int dot = v.indexOf('.');
    if (dot > 0 && lookupNamed(v.substring(0, dot))) {
      return new Field(v.substring(0, dot), v.substring(dot + 1));
    }
    return new Field(null, v);
  }

  private boolean lookupNamed(String name) {
    return lookups.containsKey(name);
  }

  private static String value(Properties p, String key) {
    String v = p.getProperty(key).trim();
    if (v.isEmpty()) {
      throw new ImportException("mapping: " + key + " is empty");
    }
    return v;
  }

  private static Set<String> values(String list) {
    Set<String> out = new java.util.HashSet<>();
    if (list != null) {
      for (String v : list.split(",")) {
        if (!v.isBlank()) {
          out.add(v.trim().toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static ZoneId zone(String text) {
    if (text == null || text.isBlank()) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(text.trim());
    } catch (DateTimeException e) {
      throw new ImportException("mapping: time.zone '" + text.trim() + "' is not a time zone (UTC, Europe/Berlin, "
          + "+02:00)", e);
    }
  }

  private static LocalTime time(String text) {
    if (text == null || text.isBlank()) {
      return LocalTime.MIDNIGHT;
    }
    try {
      return LocalTime.parse(text.trim());
    } catch (DateTimeException e) {
      throw new ImportException("mapping: date.time '" + text.trim() + "' is not a time of day (HH:mm[:ss[.SSS]])",
          e);
    }
  }

  public Path folder() {
    return folder;
  }

  public Path file() {
    return file;
  }

  /** The field mapped to {@code name} (one of {@link #FIELDS}), or null. */
  public Field get(String name) {
    return fields.get(name);
  }

  public Map<Stage, Field> stageEntries() {
    return stageEntries;
  }

  public Field currentStage() {
    return currentStage;
  }

  public StageMap stageMap() {
    return stageMap;
  }

  public LeadSources sources() {
    return sources;
  }

  public boolean isWon(String outcome) {
    return won.contains(outcome.trim().toLowerCase(Locale.ROOT));
  }

  public boolean isLost(String outcome) {
    return lost.contains(outcome.trim().toLowerCase(Locale.ROOT));
  }

  public Timestamps timestamps() {
    return timestamps;
  }

  public Map<String, Lookup> lookups() {
    return lookups;
  }

  /** Every field the mapping names, for checking that their columns exist. */
  List<Field> allFields() {
    List<Field> all = new java.util.ArrayList<>(fields.values());
    all.addAll(stageEntries.values());
    if (currentStage != null) {
      all.add(currentStage);
    }
    return all;
  }
}
