package io.salesvelocity.history;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Conversions;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.file.DataFileStream;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads a history file entry by entry. A JSON Lines entry that cannot be read comes back with its line number
 * and the reason, and reading goes on; blank lines are skipped. Gzip is recognised by its magic bytes, Avro
 * container files by theirs, whatever the file is called.
 */
public abstract class HistoryReader implements Iterator<HistoryEntry>, AutoCloseable {
  /** Specific records with Instant timestamps and BigDecimal money, as the generated classes declare them. */
  static final SpecificData MODEL = new SpecificData();

  static {
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
  }

  public static HistoryReader open(Path path) {
    try {
      InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      if (startsWith(in, 0x1f, 0x8b)) {
        in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
      }
      if (startsWith(in, 'O', 'b', 'j', 1)) {
        return new Avro(in, path);
      }
      return new JsonLines(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  private static boolean startsWith(InputStream in, int... magic) throws IOException {
    in.mark(magic.length);
    try {
      for (int b : magic) {
        if (in.read() != b) {
          return false;
        }
      }
      return true;
    } finally {
      in.reset();
    }
  }

  @Override
  public abstract void close();

  /** Parses lines in chunks, in parallel: parsing, not reading, is what takes the time. */
  private static final class JsonLines extends HistoryReader {
    private static final int CHUNK = 16_384;
    private final BufferedReader lines;
    private final JsonEventCodec codec = new JsonEventCodec();
    private long lineNumber;
    private final ArrayDeque<HistoryEntry> ready = new ArrayDeque<>(CHUNK);

    JsonLines(InputStream in) {
      this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
    }

    @Override
    public boolean hasNext() {
      if (!ready.isEmpty()) {
        return true;
      }
      List<String> texts = new ArrayList<>(CHUNK);
      List<Long> numbers = new ArrayList<>(CHUNK);
      try {
        String line;
        while (texts.size() < CHUNK && (line = lines.readLine()) != null) {
          lineNumber++;
          if (!line.isBlank()) {
            texts.add(line);
            numbers.add(lineNumber);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read line " + (lineNumber + 1) + ": " + e.getMessage(), e);
      }
      HistoryEntry[] parsed = new HistoryEntry[texts.size()];
      IntStream.range(0, parsed.length).parallel().forEach(i -> parsed[i] = parse(numbers.get(i), texts.get(i)));
      ready.addAll(Arrays.asList(parsed));
      return !ready.isEmpty();
    }

    private HistoryEntry parse(long number, String line) {
      try {
        return new HistoryEntry(number, codec.read(line), null);
      } catch (HistoryFormatException e) {
        return new HistoryEntry(number, null, e.getMessage());
      }
    }

    @Override
    public HistoryEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      return ready.poll();
    }

    @Override
    public void close() {
      try {
        lines.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final class Avro extends HistoryReader {
    private final DataFileStream<SpecificRecord> stream;
    private long recordNumber;

    Avro(InputStream in, Path path) throws IOException {
      SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(null, HistoryWriter.avroSchema(), MODEL);
      try {
        this.stream = new DataFileStream<>(in, reader);
      } catch (IOException | AvroRuntimeException e) {
        throw new HistoryFormatException(path + " is not a readable Avro container file: " + e.getMessage(), e);
      }
    }

    @Override
    public boolean hasNext() {
      return stream.hasNext();
    }

    @Override
    public HistoryEntry next() {
      recordNumber++;
      try {
        Object record = stream.next();
        if (record instanceof SpecificRecord r && isCrmEvent(r)) {
          return new HistoryEntry(recordNumber, r, null);
        }
        return new HistoryEntry(recordNumber, null, "not a CRM event record: "
            + (record == null ? "null" : record.getClass().getSimpleName()));
      } catch (AvroRuntimeException e) {
        // a corrupt block cannot be skipped reliably: the rest of the file is unreadable
        throw new HistoryFormatException("Avro record " + recordNumber + " is corrupt: " + e.getMessage(), e);
      }
    }

    private static boolean isCrmEvent(SpecificRecord r) {
      try {
        EventType.of(r);
        return true;
      } catch (IllegalArgumentException e) {
        return false;
      }
    }

    @Override
    public void close() {
      try {
        stream.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
