package io.salesvelocity.history;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The two history file formats. Both hold the three CRM event types; the schemas of {@code schemas/src/main/avro}
 * are the contract of both.
 * <ul>
 *   <li>{@link #JSON_LINES} ({@code .jsonl}, {@code .ndjson}, gzipped with {@code .gz}): one event per line, a
 *       {@code type} field ({@code lead-created}, {@code stage-changed}, {@code deal-closed}) and the Avro field
 *       names; timestamps ISO-8601 UTC, decimals as strings, enums as symbols, null optional fields omitted.</li>
 *   <li>{@link #AVRO} ({@code .avro}): an Avro object container file whose schema is the union
 *       [LeadCreated, StageChanged, DealClosed].</li>
 * </ul>
 */
public enum HistoryFormat {
  JSON_LINES,
  AVRO;

  /** The format a file name implies. */
  public static HistoryFormat of(Path path) {
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return JSON_LINES;
    }
    if (name.endsWith(".avro")) {
      return AVRO;
    }
    throw new IllegalArgumentException("cannot tell the history format of '" + path.getFileName()
        + "': use .jsonl (or .jsonl.gz) for JSON Lines, .avro for an Avro object container file");
  }

  static boolean gzipped(Path path) {
    return path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz");
  }
}
