package io.salesvelocity.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.LeadSource;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SalesforceImportTest {
  private static final String OPP_HEADER = "Id,AccountId,OwnerId,CreatedDate,StageName,Amount,CloseDate,IsClosed,IsWon,"
      + "LeadSource,Sales_Team__c";
  private static final String HISTORY_HEADER = "Id,OpportunityId,CreatedDate,StageName,Amount,Probability";

  @TempDir
  Path dir;

  private ImportReport importExport(SalesforceImport.Options options) {
    return ImportedFile.run(dir.resolve("out.jsonl"), w -> SalesforceImport.run(options, w));
  }

  private ImportReport importExport() {
    return importExport(SalesforceImport.Options.of(dir.resolve("export"), "Sales_Team__c"));
  }

  private List<SpecificRecord> events() {
    return ImportedFile.events(dir.resolve("out.jsonl"));
  }

  private void opportunities(String... rows) {
    String[] lines = new String[rows.length + 1];
    lines[0] = OPP_HEADER;
    System.arraycopy(rows, 0, lines, 1, rows.length);
    ImportedFile.write(dir.resolve("export"), "Opportunity.csv", lines);
  }

  private void history(String... rows) {
    String[] lines = new String[rows.length + 1];
    lines[0] = HISTORY_HEADER;
    System.arraycopy(rows, 0, lines, 1, rows.length);
    ImportedFile.write(dir.resolve("export"), "OpportunityHistory.csv", lines);
  }

  @Test
  void shouldCreateTheLeadAtItsCreatedDateWithTheStageAndAmountOfItsFirstHistoryRow() {
    opportunities("006A,001A,005A,2024-01-15T10:00:00.000Z,Qualification,5000,2024-03-01,false,false,Web,emea");
    history("008B,006A,2024-01-20T09:00:00.000Z,Qualification,5000,20",
        "008A,006A,2024-01-15T10:00:00.000Z,Prospecting,1000,10");
    ImportReport report = importExport();

    List<SpecificRecord> events = events();
    LeadCreated created = (LeadCreated) events.get(0);
    assertThat(created.getEventId()).isEqualTo("008A");
    assertThat(created.getLeadId()).isEqualTo("006A");
    assertThat(created.getTeamId()).isEqualTo("emea");
    assertThat(created.getOwnerId()).isEqualTo("005A");
    assertThat(created.getCreatedAt()).isEqualTo(Instant.parse("2024-01-15T10:00:00Z"));
    assertThat(created.getStage()).isEqualTo(Stage.NEW);
    assertThat(created.getAmount()).isEqualByComparingTo("1000");
    assertThat(created.getSource()).isEqualTo(LeadSource.ORGANIC_WEB);
    StageChanged change = (StageChanged) events.get(1);
    assertThat(change.getEventId()).isEqualTo("008B");
    assertThat(change.getChangedAt()).isEqualTo(Instant.parse("2024-01-20T09:00:00Z"));
    assertThat(change.getFromStage()).isEqualTo(Stage.NEW);
    assertThat(change.getToStage()).isEqualTo(Stage.MQL);
    assertThat(change.getAmount()).isEqualByComparingTo("5000");
    assertThat(report.skippedTotal()).isZero();
    assertThat(report.eventsWritten()).containsEntry("lead-created", 1L).containsEntry("stage-changed", 1L);
  }

  @Test
  void shouldGiveAnAmountOnlyChangeAsAStageChangeToTheSameStageAndIgnoreProbabilityOnlyRows() {
    opportunities("006A,,005A,2024-01-15T10:00:00Z,Needs Analysis,,,false,false,,emea");
    history("008A,006A,2024-01-15T10:00:00Z,Needs Analysis,,10",
        "008B,006A,2024-01-16T10:00:00Z,Needs Analysis,,30",
        "008C,006A,2024-01-17T10:00:00Z,Needs Analysis,7000,30",
        "008D,006A,2024-01-18T10:00:00Z,Value Proposition,7000,40");
    importExport();

    List<SpecificRecord> events = events();
    assertThat(events).hasSize(3);
    StageChanged revalued = (StageChanged) events.get(1);
    assertThat(revalued.getEventId()).isEqualTo("008C");
    assertThat(revalued.getFromStage()).isEqualTo(Stage.SRL);
    assertThat(revalued.getToStage()).isEqualTo(Stage.SRL);
    assertThat(revalued.getAmount()).isEqualByComparingTo("7000");
    StageChanged advanced = (StageChanged) events.get(2);
    assertThat(advanced.getToStage()).isEqualTo(Stage.SAL);
    assertThat(advanced.getAmount()).as("the amount did not change").isNull();
  }

  @Test
  void shouldCloseAtTheFirstRowInAClosedStageWithThatRowsAmountAndReportRowsAfterIt() {
    opportunities("006A,,005A,2024-01-15T10:00:00Z,Closed Won,9000,2024-02-01,true,true,,emea",
        "006B,,005A,2024-01-15T11:00:00Z,Closed Lost,4000,2024-02-01,true,false,,emea");
    history("008A,006A,2024-01-15T10:00:00Z,Proposal/Price Quote,8000,75",
        "008B,006A,2024-02-01T12:00:00Z,Closed Won,8500,100",
        "008C,006A,2024-02-03T12:00:00Z,Closed Won,9000,100",
        "008D,006B,2024-01-15T11:00:00Z,Prospecting,4000,10",
        "008E,006B,2024-01-20T11:00:00Z,Closed Lost,4000,0");
    ImportReport report = importExport();

    List<DealClosed> closes = events().stream().filter(DealClosed.class::isInstance).map(DealClosed.class::cast)
        .toList();
    assertThat(closes).hasSize(2);
    DealClosed won = closes.stream().filter(c -> c.getLeadId().equals("006A")).findFirst().orElseThrow();
    assertThat(won.getOutcome()).isEqualTo(Outcome.WON);
    assertThat(won.getAmount()).isEqualByComparingTo("8500");
    assertThat(won.getClosedAt()).isEqualTo(Instant.parse("2024-02-01T12:00:00Z"));
    assertThat(won.getEventId()).isEqualTo("008B");
    DealClosed lost = closes.stream().filter(c -> c.getLeadId().equals("006B")).findFirst().orElseThrow();
    assertThat(lost.getOutcome()).isEqualTo(Outcome.LOST);
    assertThat(lost.getAmount()).isNull();
    assertThat(report.skipped()).containsOnlyKeys(SkipReason.AFTER_CLOSE);
    assertThat(report.examples(SkipReason.AFTER_CLOSE)).singleElement()
        .satisfies(s -> assertThat(s.where()).isEqualTo(new Source("OpportunityHistory.csv", 4)));
  }

  @Test
  void shouldTakeTheTeamFromAFieldOfTheOwnersUserRecord() {
    opportunities("006A,,005000000000001,2024-01-15T10:00:00Z,Prospecting,,,false,false,,");
    history("008A,006A,2024-01-15T10:00:00Z,Prospecting,,10");
    ImportedFile.write(dir.resolve("export"), "User.csv", "Id,Name,Department",
        "005000000000001AAA,Ann,EMEA Enterprise");
    importExport(SalesforceImport.Options.of(dir.resolve("export"), "User.Department"));

    assertThat(((LeadCreated) events().get(0)).getTeamId()).as("18-character user id matches the 15-character owner")
        .isEqualTo("EMEA Enterprise");
  }

  @Test
  void shouldTakeTheSegmentsFromTheAccount() {
    opportunities("006A,001A,005A,2024-01-15T10:00:00Z,Prospecting,,,false,false,Trade Show,emea",
        "006B,001B,005A,2024-01-15T10:00:00Z,Prospecting,,,false,false,Billboard,emea");
    history("008A,006A,2024-01-15T10:00:00Z,Prospecting,,10", "008B,006B,2024-01-15T10:00:00Z,Prospecting,,10");
    ImportedFile.write(dir.resolve("export"), "Account.csv", "Id,Name,Industry,NumberOfEmployees,BillingCountry",
        "001A,\"Acme, Inc.\",Software,1200,Germany", "001B,Small Co,Retail,12,France");
    ImportReport report = importExport();

    LeadCreated a = (LeadCreated) events().get(0);
    assertThat(a.getIndustry()).isEqualTo("Software");
    assertThat(a.getCompanySize()).isEqualTo("1000+");
    assertThat(a.getRegion()).isEqualTo("Germany");
    assertThat(a.getSource()).isEqualTo(LeadSource.EVENT);
    LeadCreated b = (LeadCreated) events().get(1);
    assertThat(b.getCompanySize()).isEqualTo("1-50");
    assertThat(b.getSource()).isEqualTo(LeadSource.OTHER);
    assertThat(report.notes()).containsEntry("lead source 'Billboard' is no contract symbol: OTHER", 1L);
  }

  @Test
  void shouldMapCustomStagesAndReportUnmappedOnesWithFileAndLine() {
    opportunities("006A,,005A,2024-01-15T10:00:00Z,Demo,,,false,false,,emea");
    history("008A,006A,2024-01-15T10:00:00Z,Discovery,,10", "008B,006A,2024-01-16T10:00:00Z,Demo,,10",
        "008C,006A,2024-01-17T10:00:00Z,Legal Review,,10");
    SalesforceImport.Options options = new SalesforceImport.Options(dir.resolve("export"), "Sales_Team__c",
        StageMap.salesforceDefaults().with("Discovery=SAL,Demo=PROPOSAL"), LeadSources.defaults(), "USD");
    ImportReport report = importExport(options);

    List<SpecificRecord> events = events();
    assertThat(((LeadCreated) events.get(0)).getStage()).isEqualTo(Stage.SAL);
    assertThat(((StageChanged) events.get(1)).getToStage()).isEqualTo(Stage.PROPOSAL);
    assertThat(events).hasSize(2);
    assertThat(report.skipped()).containsOnly(java.util.Map.entry(SkipReason.UNKNOWN_STAGE, 1L));
    assertThat(report.examples(SkipReason.UNKNOWN_STAGE).get(0).toString())
        .isEqualTo("OpportunityHistory.csv:4: history row 008C, stage 'Legal Review'");
  }

  @Test
  void shouldSkipAndReportEveryKindOfBadRowAndImportTheRest() {
    opportunities(",,005A,2024-01-15T10:00:00Z,Prospecting,,,false,false,,emea",
        "006B,,005A,,Prospecting,,,false,false,,emea",
        "006C,,005A,15/01/2024,Prospecting,,,false,false,,emea",
        "006D,,005A,2024-01-15T10:00:00Z,Prospecting,,,false,false,,",
        "006E,,005A,2024-01-15T10:00:00Z,Prospecting,,,false,false,,emea",
        "006E,,005A,2024-01-15T10:00:00Z,Prospecting,,,false,false,,emea",
        "006F,,005A,2024-01-15T10:00:00Z,Closed Won,,,true,true,,emea",
        "006G,,005A,2024-01-15T10:00:00Z,Closed Won,,,true,true,,emea");
    history("008A,006E,2024-01-15T10:00:00Z,Prospecting,,10",
        "008A,006E,2024-01-16T10:00:00Z,Qualification,,10",
        "008B,006E,2024-01-17T10:00:00Z,Qualification,12.5.0,10",
        "008C,006E,yesterday,Qualification,,10",
        "008D,006X,2024-01-17T10:00:00Z,Qualification,,10",
        "008E,006B,2024-01-17T10:00:00Z,Qualification,,10",
        ",006E,2024-01-17T10:00:00Z,Qualification,,10",
        "008F,006F,2024-01-15T10:00:00Z,Prospecting,,10",
        "008G,006F,2024-01-14T10:00:00Z,Closed Won,5000,100",
        "008H,006G,2024-01-15T10:00:00Z,Prospecting,,10",
        "008I,006G,2024-01-18T10:00:00Z,Closed Won,,100");
    ImportReport report = importExport();

    assertThat(report.skipped()).containsOnlyKeys(SkipReason.MISSING_ID, SkipReason.MISSING_CREATION_DATE,
        SkipReason.UNPARSEABLE_DATE, SkipReason.MISSING_TEAM, SkipReason.DUPLICATE_ID, SkipReason.UNPARSEABLE_AMOUNT,
        SkipReason.UNKNOWN_OPPORTUNITY, SkipReason.OF_SKIPPED_OPPORTUNITY, SkipReason.CLOSE_BEFORE_CREATION,
        SkipReason.WON_WITHOUT_AMOUNT);
    assertThat(report.skipped().get(SkipReason.MISSING_ID)).isEqualTo(2);
    assertThat(report.skipped().get(SkipReason.DUPLICATE_ID)).isEqualTo(2);
    assertThat(report.skipped().get(SkipReason.UNPARSEABLE_DATE)).isEqualTo(2);
    assertThat(report.examples(SkipReason.MISSING_CREATION_DATE)).singleElement()
        .satisfies(s -> assertThat(s.where()).isEqualTo(new Source("Opportunity.csv", 3)));
    assertThat(report.examples(SkipReason.CLOSE_BEFORE_CREATION).get(0).where())
        .isEqualTo(new Source("OpportunityHistory.csv", 10));
    // 006E, 006F and 006G are leads; the closes of 006F and 006G are not events
    assertThat(report.leads()).isEqualTo(3);
    assertThat(events()).noneMatch(DealClosed.class::isInstance);
  }

  @Test
  void shouldSkipANegativeWonAmountAndAnOpportunityWithAnIdentifierTheEngineWouldRefuse() {
    String longTeam = "t".repeat(257);
    opportunities("006A,,005A,2024-01-15T10:00:00Z,Closed Won,,,true,true,,emea",
        "006B,,005A,2024-01-15T10:00:00Z,Prospecting,,,false,false,," + longTeam);
    history("008A,006A,2024-01-15T10:00:00Z,Prospecting,,10", "008B,006A,2024-01-20T10:00:00Z,Closed Won,-100,100",
        "008C,006B,2024-01-15T10:00:00Z,Prospecting,,10");
    ImportReport report = importExport();

    assertThat(report.skipped()).containsOnly(java.util.Map.entry(SkipReason.NEGATIVE_AMOUNT, 1L),
        java.util.Map.entry(SkipReason.IDENTIFIER_TOO_LONG, 1L), java.util.Map.entry(
            SkipReason.OF_SKIPPED_OPPORTUNITY, 1L));
    assertThat(report.examples(SkipReason.NEGATIVE_AMOUNT).get(0).where())
        .isEqualTo(new Source("OpportunityHistory.csv", 3));
    assertThat(events()).singleElement().isInstanceOf(LeadCreated.class);
  }

  @Test
  void shouldSkipAStageChangeBeforeTheCreation() {
    opportunities("006A,,005A,2024-01-15T10:00:00Z,Qualification,,,false,false,,emea");
    history("008A,006A,2024-01-15T10:00:00Z,Prospecting,,10", "008B,006A,2024-01-10T10:00:00Z,Prospecting,,10",
        "008C,006A,2024-01-12T10:00:00Z,Qualification,,10");
    ImportReport report = importExport();

    assertThat(report.skipped()).containsOnly(java.util.Map.entry(SkipReason.CHANGE_BEFORE_CREATION, 1L));
    assertThat(report.examples(SkipReason.CHANGE_BEFORE_CREATION).get(0).where())
        .isEqualTo(new Source("OpportunityHistory.csv", 4));
  }

  @Test
  void shouldTakeAnOpportunityWithoutHistoryRowsFromItsOwnFields() {
    opportunities("006A,,005A,2024-01-15T10:00:00Z,Closed Won,9000,2024-01-15,true,true,,emea",
        "006B,,005A,2024-01-15T10:00:00Z,Closed Lost,,2024-02-10,true,false,,emea");
    history();
    importExport();

    List<SpecificRecord> events = events();
    DealClosed won = (DealClosed) events.stream().filter(e -> e instanceof DealClosed d && d.getLeadId().equals("006A"))
        .findFirst().orElseThrow();
    assertThat(won.getClosedAt()).as("closed on its creation day: at its creation").isEqualTo(
        Instant.parse("2024-01-15T10:00:00Z"));
    assertThat(won.getAmount()).isEqualByComparingTo(new BigDecimal("9000"));
    DealClosed lost = (DealClosed) events.stream().filter(e -> e instanceof DealClosed d && d.getLeadId().equals("006B"))
        .findFirst().orElseThrow();
    assertThat(lost.getClosedAt()).isEqualTo(Instant.parse("2024-02-10T00:00:00Z"));
  }

  @Test
  void shouldWriteTheSameFileForTheSameExport() throws Exception {
    opportunities("006A,,005A,2024-01-15T10:00:00Z,Prospecting,,,false,false,,emea",
        "006B,,005B,2024-01-15T10:00:00Z,Prospecting,,,false,false,,na");
    history("008A,006A,2024-01-15T10:00:00Z,Prospecting,,10", "008B,006B,2024-01-15T10:00:00Z,Prospecting,,10",
        "008C,006A,2024-01-16T10:00:00Z,Qualification,100,10");
    importExport();
    byte[] first = Files.readAllBytes(dir.resolve("out.jsonl"));
    importExport();
    assertThat(Files.readAllBytes(dir.resolve("out.jsonl"))).isEqualTo(first);
  }

  @Test
  void shouldRefuseAnExportWithoutARequiredColumnNamingTheColumnsItHas() {
    ImportedFile.write(dir.resolve("export"), "Opportunity.csv", "Id,CreatedDate,StageName,Sales_Team__c");
    history();
    assertThatThrownBy(this::importExport).isInstanceOf(ImportException.class)
        .hasMessageContaining("Opportunity.csv has no column OwnerId").hasMessageContaining("its columns: Id, ");
  }

  @Test
  void shouldRefuseAFolderWithoutTheHistory() {
    opportunities();
    assertThatThrownBy(this::importExport).isInstanceOf(ImportException.class)
        .hasMessageContaining("OpportunityHistory.csv not found");
  }
}
