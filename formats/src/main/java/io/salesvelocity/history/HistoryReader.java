package io.salesvelocity.history;

import io.salesvelocity.history.ContractLimits;
import io.salesvelocity.schemas.EventType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * Reads a history file entry by entry. An entry that cannot be read comes back with its line (or record) number,
 * a reason code and a message, and reading goes on; blank lines are skipped. Nothing in a file can stop the
 * reading of other files: where the rest of a file cannot be read (a corrupt Avro block, a truncated gzip
 * stream, binary data), one last entry says so and the file ends there. Gzip is recognised by its magic bytes,
 * Avro container files by theirs, whatever the file is called.
 */
public abstract class HistoryReader implements Iterator<HistoryEntry>, AutoCloseable {
  /** The longest JSON Lines line read; a CRM event is a few hundred bytes. */
  public static final int MAX_LINE_BYTES = 1 << 20;
  /** How far past an over-long line the reader looks for the next line break before it gives the file up. */
  static final long MAX_SKIP_BYTES = 64L << 20;
  /** Specific records with Instant timestamps and BigDecimal money, as the generated classes declare them. */
  static final SpecificData MODEL = new SpecificData();

  static {
    MODEL.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
    MODEL.addLogicalTypeConversion(new Conversions.DecimalConversion());
  }

  /** A reader of {@code path}; a file that cannot be opened or decompressed reads as one unreadable-file entry. */
  public static HistoryReader open(Path path) {
    InputStream in = null;
    try {
      in = new BufferedInputStream(Files.newInputStream(path), 1 << 16);
      if (startsWith(in, 0x1f, 0x8b)) {
        in = new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
      }
      if (startsWith(in, 'O', 'b', 'j', 1)) {
        return new Avro(in, path);
      }
      return new JsonLines(in);
    } catch (HistoryFormatException e) {
      closeQuietly(in);
      return new Unreadable(HistoryEntry.bad(1, HistoryEntry.UNREADABLE_FILE, e.getMessage()));
    } catch (IOException | RuntimeException e) {
      closeQuietly(in);
      return new Unreadable(HistoryEntry.bad(1, HistoryEntry.UNREADABLE_FILE, "cannot read " + path + ": " + e));
    }
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException ignored) {
        // already failing: the first error is the one reported
      }
    }
  }

  /** A file that could not be opened as a history: one entry that says why. */
  private static final class Unreadable extends HistoryReader {
    private HistoryEntry entry;

    Unreadable(HistoryEntry entry) {
      this.entry = entry;
    }

    @Override
    public boolean hasNext() {
      return entry != null;
    }

    @Override
    public HistoryEntry next() {
      if (entry == null) {
        throw new NoSuchElementException();
      }
      HistoryEntry e = entry;
      entry = null;
      return e;
    }

    @Override
    public void close() {
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

  /** Parses lines in chunks, in parallel: decoding and parsing, not reading, is what takes the time. */
  private static final class JsonLines extends HistoryReader {
    private static final int CHUNK = 16_384;
    private final InputStream in;
    private final LineSource lines;
    private final JsonEventCodec codec = new JsonEventCodec();
    private final ArrayDeque<HistoryEntry> ready = new ArrayDeque<>(CHUNK);
    private boolean failed;
    private boolean done;
    private long lastNumber;

    JsonLines(InputStream in) {
      this.in = in;
      this.lines = new LineSource(in, MAX_LINE_BYTES, MAX_SKIP_BYTES);
    }

    @Override
    public boolean hasNext() {
      while (ready.isEmpty() && !failed && !done) {
        readChunk();
      }
      return !ready.isEmpty();
    }

    private void readChunk() {
      List<LineSource.Line> chunk = new ArrayList<>(CHUNK);
      try {
        LineSource.Line line;
        while (chunk.size() < CHUNK && (line = lines.next()) != null) {
          chunk.add(line);
        }
        done = chunk.size() < CHUNK;
      } catch (IOException e) {
        // a truncated gzip stream, a read error: what was read counts, the rest of the file cannot
        failed = true;
        long at = chunk.isEmpty() ? lastNumber : chunk.get(chunk.size() - 1).number();
        chunk.add(new LineSource.Line(at + 1, null, HistoryEntry.UNREADABLE_FILE,
            "cannot read the file after line " + at + ": " + e));
      }
      if (!chunk.isEmpty()) {
        lastNumber = chunk.get(chunk.size() - 1).number();
      }
      HistoryEntry[] parsed = new HistoryEntry[chunk.size()];
      IntStream.range(0, parsed.length).parallel().forEach(i -> parsed[i] = parse(chunk.get(i)));
      for (HistoryEntry e : parsed) {
        if (e != null) {
          ready.add(e);
        }
      }
    }

    /** The entry of one line; null for a blank line. */
    private HistoryEntry parse(LineSource.Line line) {
      if (line.bytes() == null) {
        return HistoryEntry.bad(line.number(), line.reason(), line.problem());
      }
      byte[] bytes = line.bytes();
      String text = null;
      if (!isAscii(bytes)) { // ASCII is valid UTF-8 as it is: the common case skips making a string of the line
        try {
          text = UTF8.get().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
          return HistoryEntry.bad(line.number(), HistoryEntry.INVALID_UTF8, "not valid UTF-8 text");
        }
      }
      if (text == null ? isBlankAscii(bytes) : text.isBlank()) {
        return null;
      }
      try {
        return HistoryEntry.ok(line.number(), text == null ? codec.read(bytes) : codec.read(text));
      } catch (HistoryFormatException e) {
        return HistoryEntry.bad(line.number(), e.reason(), e.getMessage());
      } catch (RuntimeException e) {
        // whatever a line makes the parser throw, it stays that line's problem
        return HistoryEntry.bad(line.number(), HistoryEntry.UNREADABLE_LINE, "cannot read the line: " + e);
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
        in.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether ASCII bytes are all white space, as {@link String#isBlank} says of their text. */
  private static boolean isBlankAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (!Character.isWhitespace(b)) {
        return false;
      }
    }
    return true;
  }

  /** A strict UTF-8 decoder per thread (decoders are not thread-safe); malformed input is an error, not U+FFFD. */
  private static final ThreadLocal<java.nio.charset.CharsetDecoder> UTF8 = ThreadLocal.withInitial(() ->
      StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT));

  private static final class Avro extends HistoryReader {
    private final DataFileStream<SpecificRecord> stream;
    private long recordNumber;
    private RuntimeException failure;
    private boolean failed;

    Avro(InputStream in, Path path) throws IOException {
      SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(null, HistoryWriter.avroSchema(), MODEL);
      try {
        this.stream = new DataFileStream<>(in, reader);
      } catch (IOException | AvroRuntimeException e) {
        throw new HistoryFormatException(path + " is not a readable Avro container file: " + e.getMessage(), e);
      }
      String decimals = io.salesvelocity.serde.DecimalScales.mismatch(HistoryWriter.avroSchema(), stream.getSchema());
      if (decimals != null) {
        stream.close();
        throw new HistoryFormatException(HistoryEntry.UNREADABLE_FILE, path + " cannot be read as CRM events: "
            + decimals);
      }
    }

    @Override
    public boolean hasNext() {
      if (failed) {
        return false;
      }
      try {
        return stream.hasNext();
      } catch (RuntimeException e) {
        failure = e;
        return true; // one last entry says why the file ends here
      }
    }

    @Override
    public HistoryEntry next() {
      recordNumber++;
      if (failure == null) {
        try {
          Object record = stream.next();
          if (record instanceof SpecificRecord r && isCrmEvent(r)) {
            String outOfRange = ContractLimits.decimalOutOfRange(r);
            return outOfRange == null ? HistoryEntry.ok(recordNumber, r)
                : HistoryEntry.bad(recordNumber, HistoryEntry.AMOUNT_OUT_OF_RANGE, outOfRange);
          }
          return HistoryEntry.bad(recordNumber, HistoryEntry.NOT_A_CRM_EVENT, "not a CRM event record: "
              + (record == null ? "null" : record.getClass().getSimpleName()));
        } catch (RuntimeException e) {
          failure = e;
        }
      }
      // a corrupt block cannot be skipped reliably: the rest of the file is unreadable
      failed = true;
      return HistoryEntry.bad(recordNumber, HistoryEntry.UNREADABLE_FILE, "Avro record " + recordNumber
          + " is corrupt, the rest of the file is not read: " + failure);
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
