package io.salesvelocity.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.DealClosed;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** History files as they come from outside: nothing in them may stop the reading, and every problem is named. */
class UntrustedFilesTest {
  private static final String CREATED = "{\"type\":\"lead-created\",\"eventId\":\"c1\",\"leadId\":\"L1\","
      + "\"teamId\":\"A\",\"createdAt\":\"2026-01-01T00:00:00Z\"}";
  private static final String CLOSED = "{\"type\":\"deal-closed\",\"eventId\":\"k1\",\"leadId\":\"L1\","
      + "\"closedAt\":\"2026-01-05T00:00:00Z\",\"outcome\":\"WON\",\"amount\":\"100.00\"}";

  @TempDir
  Path dir;

  private Path file(String name, byte[] content) throws IOException {
    Path p = dir.resolve(name);
    Files.write(p, content);
    return p;
  }

  private static byte[] lines(String... lines) {
    return (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  private static List<HistoryEntry> read(Path p) {
    List<HistoryEntry> out = new ArrayList<>();
    try (HistoryReader r = HistoryReader.open(p)) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  private static String describe(HistoryEntry e) {
    return e.position() + ":" + (e.readable() ? "ok" : e.reason());
  }

  @Test
  void shouldReadTheFirstLineAfterAUtf8ByteOrderMark() throws IOException {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body = lines(CREATED, CLOSED);
    byte[] content = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, content, 0, bom.length);
    System.arraycopy(body, 0, content, bom.length, body.length);

    assertThat(read(file("bom.jsonl", content))).extracting(UntrustedFilesTest::describe).containsExactly("1:ok", "2:ok");
  }

  @Test
  void shouldReadWindowsLineEnds() throws IOException {
    byte[] content = (CREATED + "\r\n" + CLOSED + "\r\n").getBytes(StandardCharsets.UTF_8);
    assertThat(read(file("crlf.jsonl", content))).extracting(UntrustedFilesTest::describe).containsExactly("1:ok", "2:ok");
  }

  @Test
  void shouldReadAsciiAndNonAsciiLinesAlikeAndSkipWhiteSpaceLinesOfEitherKind() throws IOException {
    String accented = CLOSED.replace("k1", "k\u00e9"); // read as text first: not ASCII
    byte[] content = lines(CREATED, " \t ", accented, "\u2003\u00a0 ", "\u2003", "{\"type\": lead-created}",
        "{\"type\": \"lead-cr\u00e9ated\"", CLOSED);

    List<HistoryEntry> entries = read(file("mixed.jsonl", content));

    assertThat(entries).extracting(UntrustedFilesTest::describe)
        .as("white space is blank as String.isBlank says; U+00A0 is not white space to Java, so line 4 is read")
        .containsExactly("1:ok", "3:ok", "4:unreadable-line", "6:unreadable-line", "7:unreadable-line", "8:ok");
    assertThat(((DealClosed) entries.get(1).event()).getEventId()).isEqualTo("k\u00e9");
    assertThat(entries.get(3).error()).as("ASCII lines go to the parser as bytes").startsWith("malformed JSON");
    assertThat(entries.get(4).error()).as("and other lines as text, with the same error").startsWith("malformed JSON");
  }

  @Test
  void shouldNameALineThatIsNotUtf8AndReadTheNextOne() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(lines(CREATED));
    out.write(CLOSED.replace("k1", "k\u00e9").getBytes(StandardCharsets.ISO_8859_1)); // é as one Latin-1 byte
    out.write('\n');
    out.write(lines(CLOSED));

    List<HistoryEntry> entries = read(file("latin1.jsonl", out.toByteArray()));

    assertThat(entries).extracting(UntrustedFilesTest::describe).containsExactly("1:ok", "2:invalid-utf8", "3:ok");
  }

  @Test
  void shouldSkipALineLongerThanTheLimitWithoutHoldingItAndReadTheNextOne() throws IOException {
    String longLine = "{\"type\":\"lead-created\",\"industry\":\"" + "x".repeat(HistoryReader.MAX_LINE_BYTES) + "\"}";

    List<HistoryEntry> entries = read(file("long.jsonl", lines(CREATED, longLine, CLOSED)));

    assertThat(entries).extracting(UntrustedFilesTest::describe).containsExactly("1:ok", "2:line-too-long", "3:ok");
    assertThat(entries.get(1).error()).contains(Integer.toString(HistoryReader.MAX_LINE_BYTES));
  }

  @Test
  void shouldNameABinaryLineAndGoOn() throws IOException {
    byte[] nul = "{\"type\":\0\"x\"}".getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(nul);
    out.write('\n');
    out.write(lines(CREATED));

    assertThat(read(file("nul.jsonl", out.toByteArray()))).extracting(UntrustedFilesTest::describe)
        .containsExactly("1:binary-input", "2:ok");
  }

  @Test
  void shouldStopReadingAnEndlessStreamOfZerosAfterOneEntry() {
    // /dev/zero, bounded here so that a reader that did not stop would fail the test instead of running forever
    long[] served = {0};
    InputStream zeros = new InputStream() {
      @Override
      public int read() {
        return served[0]++ < (1L << 32) ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (served[0] >= 1L << 32) {
          return -1;
        }
        Arrays.fill(b, off, off + len, (byte) 0);
        served[0] += len;
        return len;
      }
    };
    LineSource source = new LineSource(zeros, HistoryReader.MAX_LINE_BYTES, HistoryReader.MAX_SKIP_BYTES);

    List<LineSource.Line> out = new ArrayList<>();
    try {
      LineSource.Line line;
      while ((line = source.next()) != null) {
        out.add(line);
      }
    } catch (IOException e) {
      throw new AssertionError(e);
    }

    assertThat(out).hasSize(1);
    assertThat(out.get(0).reason()).isEqualTo(HistoryEntry.BINARY_INPUT);
    assertThat(out.get(0).problem()).contains("the rest of the file is not read");
    assertThat(served[0]).as("bytes read before giving up").isLessThan(4L * HistoryReader.MAX_LINE_BYTES);
  }

  @Test
  void shouldGiveUpOnALineBreakThatNeverComesAfterTheSkipLimit() throws IOException {
    LineSource source = new LineSource(new java.io.ByteArrayInputStream("a".repeat(5000).getBytes(StandardCharsets.UTF_8)),
        100, 1000);
    LineSource.Line line = source.next();
    assertThat(line.reason()).isEqualTo(HistoryEntry.LINE_TOO_LONG);
    assertThat(line.problem()).contains("the rest of the file is not read");
    assertThat(source.next()).isNull();
  }

  @Test
  void shouldKeepWhatATruncatedGzipFileHeldAndSayWhereItEnds() throws IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      for (int i = 0; i < 2000; i++) {
        out.write(lines(CREATED.replace("L1", "L" + i)));
      }
    }
    byte[] whole = gz.toByteArray();
    Path truncated = file("cut.jsonl.gz", Arrays.copyOf(whole, whole.length / 2));

    List<HistoryEntry> entries = read(truncated);

    HistoryEntry last = entries.get(entries.size() - 1);
    assertThat(last.reason()).isEqualTo(HistoryEntry.UNREADABLE_FILE);
    assertThat(entries.subList(0, entries.size() - 1)).isNotEmpty().allMatch(HistoryEntry::readable);
  }

  @Test
  void shouldReadACorruptAvroFileUpToTheCorruptionAndSaySo() throws IOException {
    Path good = dir.resolve("h.avro");
    try (HistoryWriter w = HistoryWriter.open(good, 1)) {
      for (int i = 0; i < 3; i++) {
        w.write(JsonEventCodecTest.CREATED);
      }
    }
    byte[] bytes = Files.readAllBytes(good);
    for (int i = bytes.length - 40; i < bytes.length - 20; i++) {
      bytes[i] ^= 0x5A; // the block and its sync marker
    }
    List<HistoryEntry> entries = read(file("bad.avro", bytes));

    assertThat(entries).isNotEmpty();
    assertThat(entries.get(entries.size() - 1).reason()).isEqualTo(HistoryEntry.UNREADABLE_FILE);
  }

  @Test
  void shouldRefuseAnAvroFileWhoseDecimalsHaveAnotherScaleInsteadOfMisreadingThem() throws IOException {
    // written by another tool with amounts at scale 4: read at the contract's scale 2, 1.2345 would be 123.45
    org.apache.avro.Schema scale4 = new org.apache.avro.Schema.Parser().parse(HistoryWriter.avroSchema().toString()
        .replace("\"scale\":2", "\"scale\":4"));
    org.apache.avro.Schema deal = scale4.getTypes().stream().filter(t -> t.getName().equals("DealClosed"))
        .findFirst().orElseThrow();
    org.apache.avro.generic.GenericRecord r = new org.apache.avro.generic.GenericData.Record(deal);
    r.put("eventId", "k1");
    r.put("leadId", "L1");
    r.put("closedAt", 1_767_225_600_000L);
    r.put("outcome", new org.apache.avro.generic.GenericData.EnumSymbol(deal.getField("outcome").schema(), "WON"));
    r.put("amount", java.nio.ByteBuffer.wrap(java.math.BigInteger.valueOf(12345).toByteArray()));
    r.put("currency", "USD");
    Path p = dir.resolve("scale4.avro");
    try (var w = new org.apache.avro.file.DataFileWriter<org.apache.avro.generic.GenericRecord>(
        new org.apache.avro.generic.GenericDatumWriter<>(scale4))) {
      w.create(scale4, p.toFile());
      w.append(r);
    }

    assertThat(read(p)).singleElement().satisfies(e -> {
      assertThat(e.reason()).isEqualTo(HistoryEntry.UNREADABLE_FILE);
      assertThat(e.error()).contains("amount is decimal(18,4)").contains("decimal(18,2)");
    });
  }

  @Test
  void shouldReportAFileThatCannotBeOpenedAsOneEntry() {
    List<HistoryEntry> entries = read(dir.resolve("missing.jsonl"));
    assertThat(entries).extracting(UntrustedFilesTest::describe).containsExactly("1:unreadable-file");
  }

  @Test
  void shouldRefuseAmountsAndTimesOutsideTheContractWithTheirOwnReasons() throws IOException {
    List<HistoryEntry> entries = read(file("limits.jsonl", lines(
        CLOSED.replace("\"100.00\"", "\"1e400\""),
        CLOSED.replace("\"100.00\"", "\"" + "9".repeat(40) + "\""),
        CLOSED.replace("\"100.00\"", "\"99999999999999999.99\""),
        CLOSED.replace("\"100.00\"", "\"9999999999999999.99\""),
        CREATED.replace("2026-01-01T00:00:00Z", "+300000000-01-01T00:00:00Z"),
        CREATED.replace("2026-01-01T00:00:00Z", "0001-01-01T00:00:00Z"))));

    assertThat(entries).extracting(UntrustedFilesTest::describe).containsExactly("1:amount-out-of-range",
        "2:amount-out-of-range", "3:amount-out-of-range", "4:ok", "5:invalid-event-time",
        "6:ok"); // year 1 is a valid timestamp-millis; the engine refuses it (before 1970)
  }

  @Test
  void shouldEscapeControlCharactersItEchoes() throws IOException {
    String evil = CREATED.replace("lead-created", "lead\\u001b[2Jcreated");
    List<HistoryEntry> entries = read(file("evil.jsonl", lines(evil)));
    assertThat(entries.get(0).error()).contains("\\u001b[2J").doesNotContain("\u001b");
  }
}
