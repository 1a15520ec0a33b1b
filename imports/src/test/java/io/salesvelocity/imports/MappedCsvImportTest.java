package io.salesvelocity.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageChanged;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MappedCsvImportTest {
  @TempDir
  Path dir;

  private static final String[] MAPPING = {
      "file=deals.csv", "id=Record ID", "created=Create Date", "closed=Close Date", "team=Team",
      "outcome=Deal Stage", "outcome.won=closedwon", "outcome.lost=closedlost", "amount=Amount",
      "estimate=Forecast", "owner=Deal owner", "stage.MQL=Entered MQL", "stage.SQL=Entered SQL",
      "stage.PROPOSAL=Entered Proposal"};
  private static final String HEADER = "Record ID,Create Date,Close Date,Team,Deal Stage,Amount,Forecast,Deal owner,"
      + "Entered MQL,Entered SQL,Entered Proposal";

  private ImportReport importDeals(String[] mapping, String... rows) {
    String[] lines = new String[rows.length + 1];
    lines[0] = HEADER;
    System.arraycopy(rows, 0, lines, 1, rows.length);
    ImportedFile.write(dir, "deals.csv", lines);
    Path mappingFile = ImportedFile.write(dir, "deals.properties", mapping);
    CsvMapping m = CsvMapping.load(mappingFile);
    return ImportedFile.run(dir.resolve("out.jsonl"), w -> MappedCsvImport.run(m, w));
  }

  private List<SpecificRecord> events() {
    return ImportedFile.events(dir.resolve("out.jsonl"));
  }

  @Test
  void shouldCreateAtTheHighestStageEnteredAtCreationAndChangeStageAtEachLaterInstantInTimeOrder() {
    importDeals(MAPPING, "D1,2024-01-10T08:00:00Z,,emea,appointment,,2500,ann,2024-01-10T08:00:00Z,"
        + "2024-02-01T08:00:00Z,2024-01-20T08:00:00Z");

    List<SpecificRecord> events = events();
    LeadCreated created = (LeadCreated) events.get(0);
    assertThat(created.getStage()).isEqualTo(Stage.MQL);
    assertThat(created.getAmount()).isEqualByComparingTo("2500");
    assertThat(created.getOwnerId()).isEqualTo("ann");
    assertThat(created.getTeamId()).isEqualTo("emea");
    assertThat(events.subList(1, 3)).map(e -> ((StageChanged) e).getToStage())
        .containsExactly(Stage.PROPOSAL, Stage.SQL);
    assertThat(((StageChanged) events.get(2)).getFromStage()).isEqualTo(Stage.PROPOSAL);
    assertThat(events).hasSize(3);
  }

  @Test
  void shouldCreateAtNewWhenNoStageWasEnteredAtCreation() {
    importDeals(MAPPING, "D1,2024-01-10T08:00:00Z,,emea,appointment,,,ann,2024-01-11T08:00:00Z,,");
    assertThat(((LeadCreated) events().get(0)).getStage()).isEqualTo(Stage.NEW);
    assertThat(((StageChanged) events().get(1)).getToStage()).isEqualTo(Stage.MQL);
  }

  @Test
  void shouldOrderStagesEnteredAtOneInstantInFunnelOrder() {
    importDeals(MAPPING, "D1,2024-01-10T08:00:00Z,,emea,appointment,,,ann,,2024-01-12T08:00:00Z,"
        + "2024-01-12T08:00:00Z");
    List<SpecificRecord> events = events();
    assertThat(events.subList(1, 3)).map(e -> ((StageChanged) e).getToStage()).containsExactly(Stage.SQL,
        Stage.PROPOSAL);
    // the engine orders one instant's stage changes by event id
    assertThat(((StageChanged) events.get(1)).getEventId()).isLessThan(((StageChanged) events.get(2)).getEventId());
  }

  @Test
  void shouldCloseWonWithTheAmountLostWithoutAndLeaveOtherOutcomesOpen() {
    importDeals(MAPPING, "W,2024-01-10T08:00:00Z,2024-03-01T08:00:00Z,emea,closedwon,12000,10000,ann,,,",
        "L,2024-01-10T08:00:00Z,2024-03-02T08:00:00Z,emea,closedlost,12000,,ann,,,",
        "O,2024-01-10T08:00:00Z,2024-03-03T08:00:00Z,emea,contractsent,,,ann,,,");
    List<DealClosed> closes = events().stream().filter(DealClosed.class::isInstance).map(DealClosed.class::cast)
        .toList();
    assertThat(closes).extracting(DealClosed::getLeadId).containsExactly("W", "L");
    assertThat(closes.get(0).getOutcome()).isEqualTo(Outcome.WON);
    assertThat(closes.get(0).getAmount()).isEqualByComparingTo("12000");
    assertThat(closes.get(0).getClosedAt()).isEqualTo(Instant.parse("2024-03-01T08:00:00Z"));
    assertThat(closes.get(1).getOutcome()).isEqualTo(Outcome.LOST);
    assertThat(closes.get(1).getAmount()).isNull();
  }

  @Test
  void shouldReadDatesInTheMappingsFormatAndTimeZoneAndDateOnlyValuesAtTheDateTime() {
    String[] mapping = concat(MAPPING, "date.format=dd.MM.yyyy[ HH:mm]", "time.zone=Europe/Berlin",
        "date.time=12:00");
    importDeals(mapping, "D1,10.01.2024 09:30,01.03.2024,emea,closedlost,,,ann,,,");
    List<SpecificRecord> events = events();
    assertThat(((LeadCreated) events.get(0)).getCreatedAt()).isEqualTo(Instant.parse("2024-01-10T08:30:00Z"));
    assertThat(((DealClosed) events.get(1)).getClosedAt()).isEqualTo(Instant.parse("2024-03-01T11:00:00Z"));
  }

  @Test
  void shouldJoinLookupFilesForTheTeamAndTheSegments() {
    ImportedFile.write(dir, "owners.csv", "Owner,Name,Sales team", "o-1,Ann,EMEA SMB", "o-2,Bob,NA Enterprise");
    ImportedFile.write(dir, "companies.csv", "Company ID,Industry,Employees,Country", "c-1,Software,350,DE");
    String header = "Record ID,Create Date,Owner ID,Company";
    ImportedFile.write(dir, "deals.csv", header, "D1,2024-01-10T08:00:00Z,o-1,c-1", "D2,2024-01-10T08:00:00Z,o-2,c-9",
        "D3,2024-01-10T08:00:00Z,o-7,c-1");
    Path mappingFile = ImportedFile.write(dir, "deals.properties", "file=deals.csv", "id=Record ID",
        "created=Create Date", "lookup.owner.file=owners.csv", "lookup.owner.key=Owner", "lookup.owner.on=Owner ID",
        "team=owner.Sales team", "owner=owner.Name", "lookup.company.file=companies.csv",
        "lookup.company.key=Company ID", "lookup.company.on=Company", "industry=company.Industry",
        "companySize=company.Employees", "region=company.Country");
    CsvMapping m = CsvMapping.load(mappingFile);
    ImportReport report = ImportedFile.run(dir.resolve("out.jsonl"), w -> MappedCsvImport.run(m, w));

    List<LeadCreated> leads = events().stream().map(LeadCreated.class::cast).toList();
    assertThat(leads).hasSize(2);
    assertThat(leads.get(0).getTeamId()).isEqualTo("EMEA SMB");
    assertThat(leads.get(0).getOwnerId()).isEqualTo("Ann");
    assertThat(leads.get(0).getIndustry()).isEqualTo("Software");
    assertThat(leads.get(0).getCompanySize()).isEqualTo("201-1000");
    assertThat(leads.get(0).getRegion()).isEqualTo("DE");
    assertThat(leads.get(1).getTeamId()).isEqualTo("NA Enterprise");
    assertThat(leads.get(1).getIndustry()).as("no company c-9").isNull();
    assertThat(report.examples(SkipReason.MISSING_LOOKUP)).singleElement()
        .satisfies(s -> assertThat(s.where()).isEqualTo(new Source("deals.csv", 4)));
  }

  @Test
  void shouldTakeTheCurrentStageThroughTheStageMapAndSkipAnUnmappedOne() {
    ImportedFile.write(dir, "deals.csv", "id,created,team,stage", "A,2024-01-10,emea,Demo", "B,2024-01-10,emea,Pilot");
    Path mappingFile = ImportedFile.write(dir, "m.properties", "file=deals.csv", "id=id", "created=created",
        "team=team", "stage=stage", "stage.map=Demo=PROPOSAL,Signed=WON");
    CsvMapping m = CsvMapping.load(mappingFile);
    ImportReport report = ImportedFile.run(dir.resolve("out.jsonl"), w -> MappedCsvImport.run(m, w));

    assertThat(events()).singleElement().satisfies(e -> {
      assertThat(((LeadCreated) e).getStage()).isEqualTo(Stage.PROPOSAL);
      assertThat(((LeadCreated) e).getCreatedAt()).isEqualTo(Instant.parse("2024-01-10T00:00:00Z"));
    });
    assertThat(report.examples(SkipReason.UNKNOWN_STAGE)).singleElement()
        .satisfies(s -> assertThat(s.toString()).isEqualTo("deals.csv:3: opportunity B, stage 'Pilot'"));
  }

  @Test
  void shouldSkipAndReportEveryKindOfBadRowOrValueAndImportTheRest() {
    ImportReport report = importDeals(MAPPING,
        ",2024-01-10T08:00:00Z,,emea,,,,ann,,,",
        "B,,,emea,,,,ann,,,",
        "C,tomorrow,,emea,,,,ann,,,",
        "D,2024-01-10T08:00:00Z,,,,,,ann,,,",
        "E,2024-01-10T08:00:00Z,2024-01-09T08:00:00Z,emea,closedlost,,,ann,,,",
        "E,2024-01-10T08:00:00Z,,emea,,,,ann,,,",
        "F,2024-01-10T08:00:00Z,2024-02-01T08:00:00Z,emea,closedwon,,,ann,,,",
        "G,2024-01-10T08:00:00Z,2024-02-01T08:00:00Z,emea,closedwon,\"1,200\",,ann,,,",
        "H,2024-01-10T08:00:00Z,,emea,closedwon,100,,ann,,,",
        "I,2024-01-10T08:00:00Z,2024-02-01T08:00:00Z,emea,closedlost,,,ann,2024-01-01T08:00:00Z,"
            + "2024-03-01T08:00:00Z,soon");

    assertThat(report.skipped()).containsOnlyKeys(SkipReason.MISSING_ID, SkipReason.MISSING_CREATION_DATE,
        SkipReason.UNPARSEABLE_DATE, SkipReason.MISSING_TEAM, SkipReason.CLOSE_BEFORE_CREATION,
        SkipReason.DUPLICATE_ID, SkipReason.WON_WITHOUT_AMOUNT, SkipReason.UNPARSEABLE_AMOUNT,
        SkipReason.MISSING_CLOSE_DATE, SkipReason.CHANGE_BEFORE_CREATION, SkipReason.AFTER_CLOSE);
    assertThat(report.skipped().get(SkipReason.UNPARSEABLE_DATE)).as("C's creation, I's proposal").isEqualTo(2);
    assertThat(report.examples(SkipReason.DUPLICATE_ID)).singleElement()
        .satisfies(s -> assertThat(s.where()).isEqualTo(new Source("deals.csv", 7)));
    // E, F, G, H and I are leads; only I's close is an event, and none of I's stage changes
    assertThat(report.leads()).isEqualTo(5);
    assertThat(events()).filteredOn(DealClosed.class::isInstance).singleElement()
        .satisfies(e -> assertThat(((DealClosed) e).getLeadId()).isEqualTo("I"));
    assertThat(events()).noneMatch(StageChanged.class::isInstance);
  }

  @Test
  void shouldRefuseAMappingWithAnUnknownKeyOrWithoutARequiredField() {
    ImportedFile.write(dir, "deals.csv", HEADER);
    Path typo = ImportedFile.write(dir, "typo.properties", concat(MAPPING, "ammount=Amount"));
    assertThatThrownBy(() -> CsvMapping.load(typo)).isInstanceOf(ImportException.class)
        .hasMessageContaining("unknown key 'ammount'");
    Path noTeam = ImportedFile.write(dir, "noteam.properties", "file=deals.csv", "id=Record ID",
        "created=Create Date");
    assertThatThrownBy(() -> CsvMapping.load(noTeam)).isInstanceOf(ImportException.class)
        .hasMessageContaining("no team");
    Path badColumn = ImportedFile.write(dir, "column.properties", "file=deals.csv", "id=Record ID",
        "created=Created", "team=Team");
    CsvMapping m = CsvMapping.load(badColumn);
    assertThatThrownBy(() -> ImportedFile.run(dir.resolve("out.jsonl"), w -> MappedCsvImport.run(m, w)))
        .isInstanceOf(ImportException.class).hasMessageContaining("deals.csv has no column Created");
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
