package io.salesvelocity.imports;

import io.salesvelocity.generator.export.ExportableLeads;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes leads as HubSpot's deal export lays them out: one row per deal with "Record ID", "Create Date", "Close
 * Date", "Deal Stage", "Amount", "Deal owner", "Associated Company IDs (Primary)", "Original Source Type" and a
 * "Date entered ..." column per stage; owners (with their team) and companies in their own exports, joined by
 * lookups. Dates with milliseconds (HubSpot's own are to the minute) so that the agreement can be exact.
 */
final class HubSpotExportWriter {
  static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  static final Map<Stage, String> STAGES = new EnumMap<>(Map.of(Stage.NEW, "New", Stage.MQL,
      "Marketing Qualified", Stage.SRL, "Sales Ready", Stage.SAL, "Appointment Scheduled", Stage.SQL,
      "Qualified To Buy", Stage.PROPOSAL, "Contract Sent", Stage.NEGOTIATION, "Decision Maker Bought-In"));
  static final Map<LeadSource, String> SOURCES = new EnumMap<>(Map.of(LeadSource.PAID_SEARCH, "PAID_SEARCH",
      LeadSource.ORGANIC_WEB, "ORGANIC_SEARCH", LeadSource.SOCIAL, "SOCIAL_MEDIA", LeadSource.EMAIL,
      "EMAIL_MARKETING", LeadSource.EVENT, "OFFLINE", LeadSource.INBOUND_CALL, "DIRECT_TRAFFIC", LeadSource.FORM,
      "OTHER_CAMPAIGNS"));

  private HubSpotExportWriter() {
  }

  static String enteredColumn(Stage stage) {
    return "Date entered \"" + STAGES.get(stage) + " (Sales Pipeline)\"";
  }

  /** Writes deals.csv, owners.csv, companies.csv and the mapping, hubspot.properties; returns the mapping. */
  static Path write(ExportableLeads leads, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<String> header = new ArrayList<>(List.of("Record ID", "Deal Name", "Create Date", "Close Date",
        "Deal Stage", "Amount", "Forecast amount", "Deal owner", "Associated Company IDs (Primary)",
        "Original Source Type", "Pipeline"));
    for (Stage s : Stage.values()) {
      header.add(enteredColumn(s));
    }
    Map<String, List<String>> owners = new LinkedHashMap<>();
    try (CSVPrinter deals = printer(dir.resolve("deals.csv"), header.toArray(String[]::new));
         CSVPrinter companies = printer(dir.resolve("companies.csv"), "Record ID", "Company name", "Industry",
             "Number of Employees", "Country/Region")) {
      for (ExportableLeads.Lead l : leads.leads()) {
        String id = l.created().getLeadId();
        Map<Stage, Instant> entered = new EnumMap<>(Stage.class);
        entered.put(l.created().getStage(), l.created().getCreatedAt());
        Stage stage = l.created().getStage();
        for (StageChanged c : l.changes()) {
          entered.put(c.getToStage(), c.getChangedAt()); // the generator enters each stage once, going forward
          stage = c.getToStage();
        }
        String ownerId = l.created().getTeamId() + "/" + l.created().getOwnerId();
        owners.putIfAbsent(ownerId, List.of(ownerId, l.created().getOwnerId(), l.created().getTeamId()));
        String dealStage = STAGES.get(stage);
        String amount = "";
        String closeDate = "";
        if (l.close() != null) {
          dealStage = l.close().getOutcome() == Outcome.WON ? "Closed Won" : "Closed Lost";
          amount = l.close().getAmount() == null ? "" : l.close().getAmount().toPlainString();
          closeDate = DATE.format(l.close().getClosedAt());
        }
        List<Object> row = new ArrayList<>(List.of(id, "Deal " + id, DATE.format(l.created().getCreatedAt()),
            closeDate, dealStage, amount, l.created().getAmount() == null ? "" : l.created().getAmount().toPlainString(),
            ownerId, "c-" + id, l.created().getSource() == null ? "" : SOURCES.get(l.created().getSource()),
            "Sales Pipeline"));
        for (Stage s : Stage.values()) {
          row.add(entered.containsKey(s) ? DATE.format(entered.get(s)) : "");
        }
        deals.printRecord(row);
        companies.printRecord("c-" + id, "Company " + id, l.created().getIndustry(),
            employees(l.created().getCompanySize()), l.created().getRegion());
      }
    }
    try (CSVPrinter o = printer(dir.resolve("owners.csv"), "Owner ID", "Name", "Team")) {
      for (List<String> owner : owners.values()) {
        o.printRecord(owner);
      }
    }
    List<String> mapping = new ArrayList<>(List.of("file=deals.csv", "id=Record ID", "created=Create Date",
        "closed=Close Date", "outcome=Deal Stage", "outcome.won=Closed Won", "outcome.lost=Closed Lost",
        "amount=Amount", "estimate=Forecast amount", "date.format=yyyy-MM-dd HH:mm:ss.SSS",
        "lookup.owner.file=owners.csv", "lookup.owner.key=Owner ID", "lookup.owner.on=Deal owner",
        "team=owner.Team", "owner=owner.Name",
        "lookup.company.file=companies.csv", "lookup.company.key=Record ID",
        "lookup.company.on=Associated Company IDs (Primary)", "industry=company.Industry",
        "companySize=company.Number of Employees", "region=company.Country/Region", "source=Original Source Type",
        "source.map=ORGANIC_SEARCH=ORGANIC_WEB,SOCIAL_MEDIA=SOCIAL,EMAIL_MARKETING=EMAIL,OFFLINE=EVENT,"
            + "DIRECT_TRAFFIC=INBOUND_CALL,OTHER_CAMPAIGNS=FORM"));
    for (Stage s : Stage.values()) {
      // properties files read a backslash as an escape, and keys end at '=' or ':'
      mapping.add("stage." + s.name() + "=" + enteredColumn(s));
    }
    return Files.write(dir.resolve("hubspot.properties"), mapping, StandardCharsets.UTF_8);
  }

  private static String employees(String band) {
    if (band == null) {
      return "";
    }
    return switch (band) {
      case "1-50" -> "1";
      case "51-200" -> "200";
      case "201-1000" -> "201";
      case "1000+" -> "25000";
      default -> throw new IllegalArgumentException("a band the importer does not give: " + band);
    };
  }

  private static CSVPrinter printer(Path file, String... header) throws IOException {
    Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    return new CSVPrinter(w, CSVFormat.RFC4180.builder().setHeader(header).get());
  }
}
