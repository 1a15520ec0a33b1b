package io.salesvelocity.cli.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The velocity definition as SQL in DuckDB ({@code bench/velocity-daily.sql}), run in a process of its own by
 * {@code velocity bench duckdb} so that its time and memory are measured as an analyst's DuckDB would use them.
 * DuckDB's JDBC driver is on the development classpath only (the benchmark's), never in the product: this class
 * reaches it through {@link DriverManager} by its URL.
 */
public final class DuckDbVelocity {
  private static final String SQL = "bench/velocity-daily.sql";

  private DuckDbVelocity() {
  }

  /** {@code INPUT.jsonl OUTPUT.csv WINDOW_DAYS ENTRY_STAGE_RANK}. */
  public static void main(String[] args) throws Exception {
    if (args.length != 4) {
      System.err.println("usage: DuckDbVelocity INPUT.jsonl OUTPUT.csv WINDOW_DAYS ENTRY_STAGE_RANK");
      System.exit(2);
    }
    long began = System.nanoTime();
    run(Path.of(args[0]), Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
    System.out.printf("DuckDB: %.2f s%n", (System.nanoTime() - began) / 1e9);
  }

  static void run(Path input, Path output, int windowDays, int entryRank) throws IOException, SQLException {
    String script = fill(load(), Map.of("input", literal(input), "output", literal(output),
        "windowDays", Integer.toString(windowDays), "entryRank", Integer.toString(entryRank)));
    try (Connection db = DriverManager.getConnection("jdbc:duckdb:"); Statement st = db.createStatement()) {
      for (String statement : statements(script)) {
        st.execute(statement);
      }
    }
  }

  private static String load() throws IOException {
    try (InputStream in = DuckDbVelocity.class.getClassLoader().getResourceAsStream(SQL)) {
      if (in == null) {
        throw new IOException(SQL + " is not on the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String fill(String script, Map<String, String> values) {
    String filled = script;
    for (Map.Entry<String, String> e : values.entrySet()) {
      filled = filled.replace("${" + e.getKey() + "}", e.getValue());
    }
    return filled;
  }

  /** A path inside a single-quoted SQL string. */
  private static String literal(Path p) {
    return p.toAbsolutePath().toString().replace("'", "''");
  }

  /** The script's statements: split at semicolons that end a line, comment lines dropped. */
  private static java.util.List<String> statements(String script) {
    StringBuilder body = new StringBuilder();
    for (String line : script.split("\n")) {
      if (!line.strip().startsWith("--")) {
        body.append(line).append('\n');
      }
    }
    return java.util.Arrays.stream(body.toString().split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty())
        .toList();
  }
}
