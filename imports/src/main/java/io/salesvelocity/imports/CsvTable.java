package io.salesvelocity.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.csv.DuplicateHeaderMode;

/**
 * A CSV file with a header row (RFC 4180, as Salesforce, HubSpot and spreadsheets write it: quoted fields may hold
 * commas, quotes and line breaks), UTF-8 with or without a byte order mark. Columns are found by header name, case
 * and surrounding spaces ignored. Values are trimmed; an empty value is null.
 */
public final class CsvTable {
  /** One data row: its values by column, and where it starts. */
  public static final class Row {
    private final CsvTable table;
    private final CSVRecord record;
    private final Source source;

    private Row(CsvTable table, CSVRecord record, Source source) {
      this.table = table;
      this.record = record;
      this.source = source;
    }

    public Source source() {
      return source;
    }

    /** The trimmed value of a column, null when empty, when the row is short or the column is not in the file. */
    public String get(String column) {
      Integer i = table.index.get(normalize(column));
      if (i == null || i >= record.size()) {
        return null;
      }
      String v = record.get(i).trim();
      return v.isEmpty() ? null : v;
    }
  }

  private final Path path;
  private final String name;
  private final List<String> header;
  private final Map<String, Integer> index = new HashMap<>();

  private CsvTable(Path path, String name, List<String> header) {
    this.path = path;
    this.name = name;
    this.header = header;
    for (int i = header.size() - 1; i >= 0; i--) {
      index.put(normalize(header.get(i)), i); // the first of two equal names wins
    }
  }

  /** Opens the file and reads its header; {@code name} is how reports name it. */
  public static CsvTable open(Path path, String name) {
    try (CSVParser parser = parser(path)) {
      List<String> header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw new ImportException(name + " is empty: no header row");
      }
      return new CsvTable(path, name, List.copyOf(header));
    } catch (NoSuchFileException e) {
      throw new ImportException(name + " not found: " + path);
    } catch (IOException | UncheckedIOException e) {
      throw new ImportException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  public boolean has(String column) {
    return index.containsKey(normalize(column));
  }

  /** Fails with the columns the file has when one of {@code columns} is missing. */
  public CsvTable require(String... columns) {
    List<String> missing = new ArrayList<>();
    for (String c : columns) {
      if (!has(c)) {
        missing.add(c);
      }
    }
    if (!missing.isEmpty()) {
      throw new ImportException(name + " has no column " + String.join(", ", missing) + " (its columns: "
          + String.join(", ", header) + ")");
    }
    return this;
  }

  /** Every data row, in file order; returns how many there were. */
  public long forEach(Consumer<Row> action) {
    long rows = 0;
    try (CSVParser parser = parser(path)) {
      Iterator<CSVRecord> it = parser.iterator();
      long nextLine = 2; // the header is line 1
      while (true) {
        CSVRecord record;
        try {
          if (!it.hasNext()) {
            break;
          }
          record = it.next();
        } catch (UncheckedIOException | IllegalStateException | NoSuchElementException e) {
          // a broken quote: the rest of the file cannot be split into rows
          throw new ImportException(name + ":" + nextLine + " cannot be read as CSV: " + e.getMessage(), e);
        }
        Row row = new Row(this, record, new Source(name, nextLine));
        nextLine = parser.getCurrentLineNumber() + 1;
        rows++;
        action.accept(row);
      }
    } catch (IOException e) {
      throw new ImportException("cannot read " + path + ": " + e.getMessage(), e);
    }
    return rows;
  }

  private static CSVParser parser(Path path) throws IOException {
    BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
    skipByteOrderMark(reader);
    CSVFormat format = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
        .setAllowMissingColumnNames(true)
        .setDuplicateHeaderMode(DuplicateHeaderMode.ALLOW_ALL).setIgnoreEmptyLines(true).setTrim(false).get();
    return CSVParser.builder().setReader(reader).setFormat(format).get();
  }

  private static void skipByteOrderMark(Reader reader) throws IOException {
    reader.mark(1);
    if (reader.read() != '\uFEFF') {
      reader.reset();
    }
  }

  static String normalize(String column) {
    return column.trim().toLowerCase(Locale.ROOT);
  }
}
