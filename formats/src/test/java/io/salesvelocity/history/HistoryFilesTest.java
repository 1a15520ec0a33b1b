package io.salesvelocity.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryFilesTest {
  private static final List<SpecificRecord> EVENTS = List.of(JsonEventCodecTest.CREATED, JsonEventCodecTest.CHANGED,
      JsonEventCodecTest.CLOSED);

  @TempDir
  Path dir;

  private Path write(String name, long seed) {
    Path p = dir.resolve(name);
    try (HistoryWriter w = HistoryWriter.open(p, seed)) {
      EVENTS.forEach(w::write);
    }
    return p;
  }

  private static List<HistoryEntry> read(Path p) {
    List<HistoryEntry> out = new ArrayList<>();
    try (HistoryReader r = HistoryReader.open(p)) {
      r.forEachRemaining(out::add);
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"h.jsonl", "h.jsonl.gz", "h.avro"})
  void shouldReadBackWhatWasWrittenInEveryFormat(String name) {
    List<HistoryEntry> entries = read(write(name, 1));
    assertThat(entries).extracting(HistoryEntry::event).containsExactlyElementsOf(EVENTS);
    assertThat(entries).extracting(HistoryEntry::position).containsExactly(1L, 2L, 3L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"h.jsonl", "h.jsonl.gz", "h.avro"})
  void shouldWriteByteIdenticalFilesForTheSameEventsAndSeed(String name) throws IOException {
    byte[] a = Files.readAllBytes(write("a-" + name, 7));
    byte[] b = Files.readAllBytes(write("b-" + name, 7));
    assertThat(a).isEqualTo(b);
  }

  @Test
  void shouldWriteOneJsonObjectPerLine() throws IOException {
    List<String> lines = Files.readAllLines(write("h.jsonl", 1));
    assertThat(lines).hasSize(3).allSatisfy(l -> assertThat(l).startsWith("{\"type\":\"").endsWith("}"));
  }

  @Test
  void shouldReportAnUnreadableLineWithItsNumberAndGoOn() throws IOException {
    Path p = dir.resolve("bad.jsonl");
    List<String> lines = new ArrayList<>(Files.readAllLines(write("h.jsonl", 1)));
    lines.add(1, "corrupt:L9");
    lines.add(2, "");
    Files.write(p, lines);
    List<HistoryEntry> entries = read(p);
    assertThat(entries).hasSize(4);
    assertThat(entries.get(1).readable()).isFalse();
    assertThat(entries.get(1).position()).isEqualTo(2);
    assertThat(entries.get(1).error()).contains("malformed JSON");
    assertThat(entries.get(2).position()).as("blank lines count as lines").isEqualTo(4);
    assertThat(entries.get(3).event()).isEqualTo(JsonEventCodecTest.CLOSED);
  }

  @Test
  void shouldWriteAvroThatAPlainAvroReaderReads() throws IOException {
    Path p = write("h.avro", 1);
    List<String> types = new ArrayList<>();
    try (DataFileReader<GenericRecord> r = new DataFileReader<>(p.toFile(), new GenericDatumReader<>())) {
      r.forEach(g -> types.add(g.getSchema().getName() + ":" + g.get("eventId")));
      assertThat(r.getSchema().getTypes()).hasSize(3);
    }
    assertThat(types).containsExactly("LeadCreated:e1", "StageChanged:e2", "DealClosed:e3");
  }

  @Test
  void shouldRecogniseGzipAndAvroByContentWhateverTheName() throws IOException {
    Path avro = write("h.avro", 1);
    Path renamed = dir.resolve("history.bin");
    Files.copy(avro, renamed);
    assertThat(read(renamed)).extracting(HistoryEntry::event).containsExactlyElementsOf(EVENTS);
    Path gz = write("h.jsonl.gz", 1);
    Path plainName = dir.resolve("h2.jsonl");
    Files.copy(gz, plainName);
    assertThat(read(plainName)).hasSize(3);
    assertThat(new String(Files.readAllBytes(plainName), 0, 2, StandardCharsets.ISO_8859_1))
        .isEqualTo("\u001f\u008b");
  }
}
