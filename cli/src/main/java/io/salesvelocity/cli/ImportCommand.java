package io.salesvelocity.cli;

import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.imports.CsvMapping;
import io.salesvelocity.imports.ImportReport;
import io.salesvelocity.imports.LeadSources;
import io.salesvelocity.imports.MappedCsvImport;
import io.salesvelocity.imports.SalesforceImport;
import io.salesvelocity.imports.StageMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code velocity import salesforce|csv}: a CRM's export into a history file. */
@Command(name = "import", mixinStandardHelpOptions = true,
    description = {"A CRM's export into a history file (JSON Lines or Avro), for `velocity backtest` and "
        + "`velocity publish`. Prints what it read, wrote and skipped, by reason, with the file and line of the first "
        + "few of each; a bad row is skipped, never a reason to stop.",
        "Exit codes: 0 done, 1 error (or --strict and a row skipped), 2 usage."},
    subcommands = {ImportCommand.Salesforce.class, ImportCommand.Csv.class})
final class ImportCommand implements Runnable {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The options of both: where to write, and whether a skipped row fails the import. */
  static class Output {
    @Option(names = {"-o", "--out"}, paramLabel = "FILE", defaultValue = "history.jsonl",
        description = "history file: .jsonl, .jsonl.gz or .avro (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--strict", description = "exit with 1 when any row was skipped (the file is still written)")
    boolean strict;

    /** Writes through a temporary file, so that a failed import leaves no half file under the name. */
    int write(Function<HistoryWriter, ImportReport> importer) {
      Path target = out.toAbsolutePath();
      // the same extension, so the same format and compression
      Path partial = target.resolveSibling(".partial-" + target.getFileName());
      ImportReport report;
      try (HistoryWriter writer = HistoryWriter.open(partial, io.salesvelocity.history.HistoryFormat.of(target), 1)) {
        report = importer.apply(writer);
      } catch (RuntimeException e) {
        deleteQuietly(partial);
        throw e;
      }
      try {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target, e);
      }
      report.print(System.out);
      System.out.println("history   " + out);
      if (strict && report.skippedTotal() > 0) {
        System.err.printf("--strict: %,d rows or values skipped%n", report.skippedTotal());
        return 1;
      }
      return 0;
    }

    private static void deleteQuietly(Path p) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException ignored) {
        // the import's own error is the one to report
      }
    }
  }

  @Command(name = "salesforce", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Salesforce's data export (Data Loader or the weekly export) from one folder: Opportunity.csv "
          + "and OpportunityHistory.csv, optionally Account.csv (industry, company size, region) and User.csv (a "
          + "team from the owner's user record). Headers are the API field names.",
          "Each opportunity becomes a lead: LeadCreated at its CreatedDate, a StageChanged at each history row "
              + "that changes the stage or the amount, a DealClosed at the first history row in a closed stage."})
  static final class Salesforce implements Callable<Integer> {
    @Option(names = "--dir", required = true, paramLabel = "EXPORT_DIR", description = "the export's folder")
    Path dir;

    @Option(names = "--team-field", required = true, paramLabel = "FIELD", description = "where the team comes "
        + "from: an Opportunity column (--team-field Type) or a field of the owner's user (--team-field "
        + "User.Department)")
    String teamField;

    @Option(names = "--stage-map", paramLabel = "NAME=STAGE,...", description = "stage names added to or replacing "
        + "Salesforce's standard picklist (Prospecting=NEW, Qualification=MQL, Needs Analysis=SRL, Value "
        + "Proposition=SAL, Id. Decision Makers=SQL, Perception Analysis=SQL, Proposal/Price Quote=PROPOSAL, "
        + "Negotiation/Review=NEGOTIATION, Closed Won=WON, Closed Lost=LOST); repeatable. STAGE: NEW, MQL, SRL, "
        + "SAL, SQL, PROPOSAL, NEGOTIATION, WON or LOST. An unmapped stage is reported, never guessed")
    List<String> stageMap = new ArrayList<>();

    @Option(names = "--source-map", paramLabel = "VALUE=SOURCE,...", description = "LeadSource values to the "
        + "contract's sources (PAID_SEARCH, ORGANIC_WEB, SOCIAL, EMAIL, EVENT, INBOUND_CALL, FORM, OTHER), added "
        + "to the standard picklist's; other values are OTHER and noted; repeatable")
    List<String> sourceMap = new ArrayList<>();

    @Option(names = "--currency", defaultValue = "USD", paramLabel = "CODE", description = "the currency where the "
        + "export has no CurrencyIsoCode (default: ${DEFAULT-VALUE})")
    String currency;

    @picocli.CommandLine.Mixin
    Output output = new Output();

    @Override
    public Integer call() {
      StageMap stages = StageMap.salesforceDefaults();
      for (String entries : stageMap) {
        stages = stages.with(entries);
      }
      LeadSources sources = LeadSources.defaults();
      for (String entries : sourceMap) {
        sources = sources.with(entries);
      }
      SalesforceImport.Options options = new SalesforceImport.Options(dir, teamField, stages, sources, currency);
      return output.write(writer -> SalesforceImport.run(options, writer));
    }
  }

  @Command(name = "csv", mixinStandardHelpOptions = true, sortOptions = false,
      description = {"Any CRM's export with one row per opportunity (HubSpot, Pipedrive, Zoho, a spreadsheet), "
          + "described by a mapping file (properties): which column is the id, the creation, the close, the "
          + "outcome, the amounts, the team, the segments, the instant each stage was entered, and lookup files "
          + "joined by a column. docs/imports.md describes every key; docs/examples/hubspot-deals.properties maps "
          + "HubSpot's deal export."})
  static final class Csv implements Callable<Integer> {
    @Option(names = "--mapping", required = true, paramLabel = "FILE", description = "the mapping file")
    Path mapping;

    @picocli.CommandLine.Mixin
    Output output = new Output();

    @Override
    public Integer call() {
      CsvMapping m = CsvMapping.load(mapping);
      return output.write(writer -> MappedCsvImport.run(m, writer));
    }
  }
}
