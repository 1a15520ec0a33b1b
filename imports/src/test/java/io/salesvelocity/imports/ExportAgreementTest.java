package io.salesvelocity.imports;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.backtest.replay.Backtest;
import io.salesvelocity.backtest.replay.BacktestOptions;
import io.salesvelocity.backtest.replay.BacktestResult;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.generator.export.ExportableLeads;
import io.salesvelocity.generator.export.SalesforceExport;
import io.salesvelocity.velocity.topology.EngineSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A generated history written out as a CRM's export and imported back gives the backtest of the original history:
 * the same velocity per team and day, the same segments, the same stage funnel (and, from Salesforce, whose history
 * rows carry every estimate, the same stalled deals).
 */
class ExportAgreementTest {
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");
  private static final int DAYS = 150;

  @TempDir
  static Path dir;
  static ExportableLeads leads;
  static BacktestResult original;

  @BeforeAll
  static void generateAndBacktestTheOriginal() {
    leads = ExportableLeads.of(Scenario.defaults(7, START), START.plusSeconds(86_400L * DAYS));
    original = backtest(leads.write(dir.resolve("original.jsonl")));
    assertThat(original.rejectedTotal()).isZero();
    assertThat(original.rows()).hasSizeGreaterThan(4 * 100);
  }

  static BacktestResult backtest(Path history) {
    BacktestOptions options = new BacktestOptions(List.of(history), EngineSettings.defaults(), null, null, Set.of(),
        false, false, START.plusSeconds(86_400L * (DAYS + 30)));
    return new Backtest(options, null).run();
  }

  @Test
  void shouldBacktestASalesforceExportOfAHistoryAsTheHistoryItself() throws Exception {
    Path export = SalesforceExport.write(leads, dir.resolve("salesforce"));
    Path imported = dir.resolve("salesforce.jsonl");
    ImportReport report = ImportedFile.run(imported, w -> SalesforceImport.run(
        SalesforceImport.Options.of(export, "Sales_Team__c"), w));

    BacktestResult result = assertAgrees(report, imported);
    assertThat(result.stalledRows()).isEqualTo(original.stalledRows());
  }

  @Test
  void shouldBacktestAHubSpotShapedExportWithLookupsAsTheHistoryItself() throws Exception {
    Path mapping = HubSpotExportWriter.write(leads, dir.resolve("hubspot"));
    Path imported = dir.resolve("hubspot.jsonl");
    ImportReport report = ImportedFile.run(imported, w -> MappedCsvImport.run(CsvMapping.load(mapping), w));

    assertAgrees(report, imported);
    // one estimate per deal row: the stalled deals' amounts are the first estimate's, not the revised ones
  }

  /** Every lead imported, nothing refused, and the velocity, segment and funnel rows of the original. */
  private static BacktestResult assertAgrees(ImportReport report, Path imported) {
    assertThat(report.skippedTotal()).isZero();
    assertThat(report.leads()).isEqualTo(leads.leads().size());
    BacktestResult result = backtest(imported);
    assertThat(result.rejectedTotal()).isZero();
    assertThat(result.rows()).isEqualTo(original.rows());
    assertThat(result.segmentRows()).isEqualTo(original.segmentRows());
    assertThat(result.funnelRows()).isEqualTo(original.funnelRows());
    return result;
  }
}
