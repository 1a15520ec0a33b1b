package io.salesvelocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.history.HistoryEntry;
import io.salesvelocity.history.HistoryReader;
import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Your own CRM's data": export, import, backtest, through the real command line. */
class ImportCommandTest {
  private static final Path HUBSPOT_MAPPING = Path.of("..", "docs", "examples", "hubspot-deals.properties");

  @TempDir
  Path dir;

  private record Run(int code, String out, String err) { }

  private Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = VelocityCli.commandLine(VelocityCli::onClasspath).execute(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(stdout);
      System.setErr(stderr);
    }
  }

  private static List<SpecificRecord> events(Path history) {
    List<SpecificRecord> out = new ArrayList<>();
    try (HistoryReader r = HistoryReader.open(history)) {
      while (r.hasNext()) {
        HistoryEntry e = r.next();
        assertThat(e.readable()).as(String.valueOf(e)).isTrue();
        out.add(e.event());
      }
    }
    return out;
  }

  @Test
  void shouldImportASalesforceExportAndBacktestIt() throws Exception {
    Path export = dir.resolve("sf-export");
    assertThat(run("generate", "--salesforce-export", export.toString(), "--days", "90").code()).isZero();
    Path history = dir.resolve("history.jsonl.gz");
    Run imported = run("import", "salesforce", "--dir", export.toString(), "--team-field", "Sales_Team__c",
        "--out", history.toString());

    assertThat(imported.code()).as(imported.err()).isZero();
    assertThat(imported.out()).contains("read      Opportunity.csv").contains("skipped   nothing")
        .contains("history   " + history);
    assertThat(Files.list(dir)).as("no partial file left").noneMatch(p -> p.getFileName().toString()
        .startsWith(".partial"));
    Run backtest = run("backtest", "--input", history.toString(), "--out", dir.resolve("v.csv").toString(),
        "--report", dir.resolve("report.html").toString(), "--quiet");
    assertThat(backtest.code()).as(backtest.err()).isZero();
    assertThat(backtest.out()).contains("rejected 0");
    assertThat(Files.readAllLines(dir.resolve("v.csv"))).hasSizeGreaterThan(4 * 80);
  }

  @Test
  void shouldReportSkippedRowsAndExitWithOneUnderStrictStillWritingTheFile() throws Exception {
    Path export = dir.resolve("sf-export");
    assertThat(run("generate", "--salesforce-export", export.toString(), "--days", "20").code()).isZero();
    long lines = Files.readAllLines(export.resolve("Opportunity.csv")).size();
    Files.writeString(export.resolve("Opportunity.csv"), "006BAD,acc,rep-1,,Prospecting,,,false,false,Web,Deal,emea\n",
        StandardOpenOption.APPEND);
    Path history = dir.resolve("history.jsonl");
    Run lenient = run("import", "salesforce", "--dir", export.toString(), "--team-field", "Sales_Team__c", "--out",
        history.toString());
    assertThat(lenient.code()).isZero();
    assertThat(lenient.out()).contains("missing-creation-date").contains("Opportunity.csv:" + (lines + 1)
        + ": opportunity 006BAD has no CreatedDate");

    Files.delete(history);
    Run strict = run("import", "salesforce", "--dir", export.toString(), "--team-field", "Sales_Team__c", "--out",
        history.toString(), "--strict");
    assertThat(strict.code()).isEqualTo(1);
    assertThat(strict.err()).contains("--strict: 1 rows or values skipped");
    assertThat(history).exists();
  }

  @Test
  void shouldSayWhatIsMissingAndWriteNothingWhenTheExportIsIncomplete() throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    Path history = dir.resolve("history.jsonl");
    Run run = run("import", "salesforce", "--dir", dir.resolve("empty").toString(), "--team-field", "Type",
        "--out", history.toString());
    assertThat(run.code()).isEqualTo(1);
    assertThat(run.err()).contains("Opportunity.csv not found");
    assertThat(history).doesNotExist();
    assertThat(run("import", "salesforce", "--dir", dir.toString()).code()).as("no --team-field: usage").isEqualTo(2);
  }

  @Test
  void shouldImportTheDocumentedHubSpotExampleWithItsLookupAndTimeZone() {
    Path history = dir.resolve("hubspot.jsonl");
    Run run = run("import", "csv", "--mapping", HUBSPOT_MAPPING.toString(), "--out", history.toString());

    assertThat(run.code()).as(run.err()).isZero();
    assertThat(run.out()).contains("skipped   nothing").contains("wrote     10 leads");
    List<SpecificRecord> events = events(history);
    LeadCreated first = (LeadCreated) events.get(0);
    assertThat(first.getLeadId()).isEqualTo("9001");
    assertThat(first.getCreatedAt()).as("09:12 in New York").isEqualTo(Instant.parse("2024-01-08T14:12:00Z"));
    assertThat(first.getStage()).isEqualTo(Stage.SAL);
    assertThat(first.getTeamId()).isEqualTo("EMEA Enterprise");
    assertThat(first.getIndustry()).isEqualTo("COMPUTER_SOFTWARE");
    assertThat(first.getCompanySize()).isEqualTo("1000+");
    assertThat(first.getRegion()).isEqualTo("Germany");
    assertThat(first.getSource()).isEqualTo(LeadSource.ORGANIC_WEB);
    DealClosed won = events.stream().filter(e -> e instanceof DealClosed d && d.getLeadId().equals("9003"))
        .map(DealClosed.class::cast).findFirst().orElseThrow();
    assertThat(won.getOutcome()).isEqualTo(Outcome.WON);
    assertThat(won.getAmount()).isEqualByComparingTo("23500.50");
    assertThat(won.getClosedAt()).isEqualTo(Instant.parse("2024-04-02T19:15:00Z"));
  }
}
