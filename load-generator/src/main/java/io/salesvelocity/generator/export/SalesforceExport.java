package io.salesvelocity.generator.export;

import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes leads as Salesforce's data export (Data Loader, the weekly export) writes opportunities, for trying
 * `velocity import salesforce` and for the tests that hold it to the history it came from: Opportunity.csv, OpportunityHistory.csv (a row at
 * creation, at each change, at the close, and rows that change only the probability), Account.csv; API field names,
 * Salesforce's datetime format ({@code 2024-01-15T10:23:45.000Z}), its standard stage and lead source picklists, a
 * byte order mark as Excel-friendly exports have, and the team in a custom field {@code Sales_Team__c}.
 */
public final class SalesforceExport {
  static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
      .withZone(ZoneOffset.UTC);
  /** Salesforce's standard Opportunity stage picklist, a name for each stage of the contract. */
  static final Map<Stage, String> STAGES = new EnumMap<>(Map.of(Stage.NEW, "Prospecting", Stage.MQL, "Qualification",
      Stage.SRL, "Needs Analysis", Stage.SAL, "Value Proposition", Stage.SQL, "Id. Decision Makers", Stage.PROPOSAL,
      "Proposal/Price Quote", Stage.NEGOTIATION, "Negotiation/Review"));
  private static final Map<LeadSource, String> SOURCES = Map.of(LeadSource.ORGANIC_WEB, "Web",
      LeadSource.INBOUND_CALL, "Phone Inquiry", LeadSource.EVENT, "Trade Show", LeadSource.PAID_SEARCH,
      "Advertisement", LeadSource.EMAIL, "Email", LeadSource.SOCIAL, "Social", LeadSource.FORM, "Form");

  private SalesforceExport() {
  }

  /** Opportunity.csv, OpportunityHistory.csv and Account.csv of the leads, in {@code dir}. */
  public static Path write(ExportableLeads leads, Path dir) throws IOException {
    Files.createDirectories(dir);
    long historyRow = 0;
    try (CSVPrinter opp = printer(dir.resolve("Opportunity.csv"), "Id", "AccountId", "OwnerId", "CreatedDate",
        "StageName", "Amount", "CloseDate", "IsClosed", "IsWon", "LeadSource", "Name", "Sales_Team__c");
         CSVPrinter hist = printer(dir.resolve("OpportunityHistory.csv"), "Id", "OpportunityId", "CreatedById",
             "CreatedDate", "StageName", "Amount", "Probability", "CloseDate", "ForecastCategory");
         CSVPrinter acc = printer(dir.resolve("Account.csv"), "Id", "Name", "Industry", "NumberOfEmployees",
             "BillingCountry")) {
      for (ExportableLeads.Lead l : leads.leads()) {
        String id = l.created().getLeadId();
        Stage stage = l.created().getStage();
        BigDecimal amount = l.created().getAmount();
        hist.printRecord(rowId(++historyRow), id, "005A", DATETIME.format(l.created().getCreatedAt()), name(stage),
            money(amount), "10", "", "Pipeline");
        for (int i = 0; i < l.changes().size(); i++) {
          StageChanged c = l.changes().get(i);
          stage = c.getToStage();
          amount = c.getAmount() != null ? c.getAmount() : amount;
          hist.printRecord(rowId(++historyRow), id, "005A", DATETIME.format(c.getChangedAt()), name(stage),
              money(amount), "40", "", "Pipeline");
          Instant next = i + 1 < l.changes().size() ? l.changes().get(i + 1).getChangedAt()
              : l.close() != null ? l.close().getClosedAt() : c.getChangedAt().plusSeconds(7200);
          if (stage == Stage.SAL && next.toEpochMilli() - c.getChangedAt().toEpochMilli() > 2) {
            // a change of the probability only, before the next change: no event
            Instant between = Instant.ofEpochMilli((c.getChangedAt().toEpochMilli() + next.toEpochMilli()) / 2);
            hist.printRecord(rowId(++historyRow), id, "005A", DATETIME.format(between), name(stage), money(amount),
                "45", "", "Pipeline");
          }
        }
        String stageName = name(stage);
        String closeDate = "";
        boolean closed = l.close() != null;
        boolean won = closed && l.close().getOutcome() == Outcome.WON;
        if (closed) {
          amount = won ? l.close().getAmount() : amount;
          stageName = l.close().getOutcome() == Outcome.WON ? "Closed Won" : "Closed Lost";
          closeDate = l.close().getClosedAt().atZone(ZoneOffset.UTC).toLocalDate().toString();
          hist.printRecord(rowId(++historyRow), id, "005A", DATETIME.format(l.close().getClosedAt()), stageName,
              money(amount), won ? "100" : "0", closeDate, won ? "Closed" : "Omitted");
        }
        LeadSource source = l.created().getSource();
        opp.printRecord(id, "acc-" + id, l.created().getOwnerId(), DATETIME.format(l.created().getCreatedAt()),
            stageName, money(amount), closeDate, closed, won, source == null ? "" : SOURCES.getOrDefault(source,
                source.name()), "Deal " + id, l.created().getTeamId());
        acc.printRecord("acc-" + id, "Company of " + id, l.created().getIndustry(),
            employees(l.created().getCompanySize()), l.created().getRegion());
      }
    }
    return dir;
  }

  /** History row ids in the order written: ties of one instant keep their order. */
  private static String rowId(long n) {
    return String.format("0081x%010d", n);
  }

  private static String name(Stage stage) {
    return STAGES.get(stage);
  }

  private static String money(BigDecimal amount) {
    return amount == null ? "" : amount.toPlainString();
  }

  /** A number of employees in the band (at its edges, where the importer's bands are easiest to get wrong). */
  private static String employees(String band) {
    if (band == null) {
      return "";
    }
    return switch (band) {
      case "1-50" -> "35";
      case "51-200" -> "120";
      case "201-1000" -> "1000";
      case "1000+" -> "1001";
      default -> throw new IllegalArgumentException("a company size the simulator does not give: " + band);
    };
  }

  private static CSVPrinter printer(Path file, String... header) throws IOException {
    Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    w.write('\uFEFF');
    return new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header).get());
  }
}
