package io.salesvelocity.imports;

import io.salesvelocity.history.HistoryEntry;
import io.salesvelocity.history.HistoryReader;
import io.salesvelocity.history.HistoryWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/** Test helpers: CSV fixtures written to a folder, an import run into a file, the file read back. */
final class ImportedFile {
  private ImportedFile() {
  }

  static Path write(Path dir, String name, String... lines) {
    try {
      Files.createDirectories(dir);
      return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs an import into {@code file} and returns its report. */
  static ImportReport run(Path file, Function<HistoryWriter, ImportReport> importer) {
    try (HistoryWriter w = HistoryWriter.open(file, 1)) {
      return importer.apply(w);
    }
  }

  static List<SpecificRecord> events(Path file) {
    List<SpecificRecord> out = new ArrayList<>();
    try (HistoryReader r = HistoryReader.open(file)) {
      while (r.hasNext()) {
        HistoryEntry e = r.next();
        if (!e.readable()) {
          throw new AssertionError("unreadable entry " + e);
        }
        out.add(e.event());
      }
    }
    return out;
  }
}
