package io.salesvelocity.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.history.HistoryEntry;
import io.salesvelocity.history.HistoryReader;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.schemas.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryExportTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir
  Path dir;

  private Path export(String name, Scenario s, int days) {
    Path p = dir.resolve(name);
    try (HistoryWriter w = HistoryWriter.open(p, s.seed())) {
      HistoryExport.write(new CrmSimulator(s, START.plus(Duration.ofDays(days))), w, null, Long.MAX_VALUE, null);
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
  void shouldWriteByteIdenticalHistoryForTheSameSeedAndScenario(String name) throws Exception {
    byte[] a = Files.readAllBytes(export("a-" + name, Scenario.defaults(8, START), 20));
    byte[] b = Files.readAllBytes(export("b-" + name, Scenario.defaults(8, START), 20));
    byte[] c = Files.readAllBytes(export("c-" + name, Scenario.defaults(9, START), 20));
    assertThat(a).hasSizeGreaterThan(10_000).isEqualTo(b);
    assertThat(c).isNotEqualTo(a);
  }

  @Test
  void shouldWriteTheSameEventsInBothFormatsAllValidAgainstTheSchemas() {
    List<HistoryEntry> json = read(export("h.jsonl", Scenario.defaults(4, START), 30));
    List<HistoryEntry> avro = read(export("h.avro", Scenario.defaults(4, START), 30));
    assertThat(json).hasSizeGreaterThan(15_000).allSatisfy(e -> {
      assertThat(e.readable()).isTrue();
      assertThat(avroRoundTrip(e.event())).as("writes and reads back as its Avro schema").isEqualTo(e.event());
      assertThat(EventType.eventTime(e.event())).isBetween(START, START.plus(Duration.ofDays(30)));
    });
    assertThat(avro).extracting(HistoryEntry::event).containsExactlyElementsOf(
        json.stream().map(HistoryEntry::event).toList());
  }

  @Test
  void shouldWriteInvalidEventsOnlyWhenAsked() {
    List<HistoryEntry> clean = read(export("clean.jsonl", Scenario.defaults(4, START), 60));
    assertThat(clean).allMatch(e -> e.readable() && !wonWithoutAmount(e));
    List<HistoryEntry> dirty = read(export("dirty.jsonl",
        Scenario.defaults(4, START).withImperfections(0.01, Duration.ofHours(2), 0.05), 60));
    assertThat(dirty).anyMatch(e -> !e.readable());
    assertThat(dirty).anyMatch(HistoryExportTest::wonWithoutAmount);
    List<HistoryEntry> avro = read(export("dirty.avro",
        Scenario.defaults(4, START).withImperfections(0.01, Duration.ofHours(2), 0.05), 60));
    assertThat(avro).as("an Avro container has no room for unreadable bytes").allMatch(HistoryEntry::readable)
        .anyMatch(HistoryExportTest::wonWithoutAmount);
  }

  private static SpecificRecord avroRoundTrip(SpecificRecord r) {
    try {
      Schema schema = EventType.of(r).schema();
      SpecificData model = SpecificData.getForSchema(schema);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      BinaryEncoder enc = EncoderFactory.get().binaryEncoder(out, null);
      new SpecificDatumWriter<SpecificRecord>(schema, model).write(r, enc);
      enc.flush();
      return new SpecificDatumReader<SpecificRecord>(schema, schema, model)
          .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static boolean wonWithoutAmount(HistoryEntry e) {
    return e.event() instanceof DealClosed d && d.getOutcome() == Outcome.WON && d.getAmount() == null;
  }
}
