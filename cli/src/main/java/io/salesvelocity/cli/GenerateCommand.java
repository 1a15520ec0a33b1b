package io.salesvelocity.cli;

import io.salesvelocity.formats.Durations;
import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.GroundTruthReport;
import io.salesvelocity.generator.HistoryExport;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.export.ExportableLeads;
import io.salesvelocity.generator.export.SalesforceExport;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.generator.ScenarioFile;
import io.salesvelocity.history.HistoryFormat;
import io.salesvelocity.history.HistoryWriter;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Synthetic CRM traffic, deterministic: the same seed and scenario give the same events.",
        "Live: publish to Kafka (Avro, Confluent wire format) with --bootstrap-servers and --schema-registry-url, "
            + "as fast as possible, at --rate events/s, or with simulated time compressed by --speed.",
        "History: write a simulated period to --history FILE (.jsonl, .jsonl.gz or .avro), the format "
            + "`velocity backtest` reads.",
        "Both print the ground truth per team at the end (and --truth writes it as JSON)."})
final class GenerateCommand implements Callable<Integer> {
  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  static final LocalDate DEFAULT_HISTORY_START = LocalDate.of(2025, 1, 1);

  @ArgGroup(exclusive = true, multiplicity = "1")
  Mode mode;

  static final class Mode {
    @ArgGroup(exclusive = false, heading = "Live mode%n")
    Live live;

    @Option(names = "--history", paramLabel = "FILE",
        description = "write history to FILE instead of Kafka: .jsonl (JSON Lines), .jsonl.gz, or .avro "
            + "(Avro object container)")
    Path history;

    @Option(names = "--salesforce-export", paramLabel = "DIR",
        description = "write a simulated period as Salesforce's data export writes it (Opportunity.csv, "
            + "OpportunityHistory.csv, Account.csv; the team in the custom field Sales_Team__c), for `velocity import "
            + "salesforce --dir DIR --team-field Sales_Team__c`. An export has one team and owner per opportunity: "
            + "the simulator's reassignments are left out")
    Path salesforceExport;
  }

  static final class Live {
    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers")
    String bootstrap;

    @Option(names = "--schema-registry-url", required = true, description = "Confluent-compatible registry URL")
    String registryUrl;

    @Option(names = "--rate", defaultValue = "0", description = "target events/s, 0 = as fast as possible")
    double rate;

    @Option(names = "--speed", defaultValue = "0",
        description = "simulated days per wall-clock second, 0 = no time pacing (default: ${DEFAULT-VALUE})")
    double speedDaysPerSecond;

    @Option(names = "--duration", description = "stop after this much wall time, e.g. 60s, 5m")
    String duration;

    @Option(names = "--record-timestamps", defaultValue = "producer", paramLabel = "producer|event",
        description = "record timestamps: producer (the send time, as Kafka's producer sets them, like a CRM) or "
            + "event (the simulated delivery time; brokers refuse timestamps over an hour ahead of their clock) "
            + "(default: ${DEFAULT-VALUE})")
    String recordTimestamps;
  }

  @Option(names = "--scenario", paramLabel = "FILE",
      description = "scenario file, YAML or JSON (teams, segments, imperfections); default: the built-in four teams")
  Path scenarioFile;

  @Option(names = "--seed", description = "random seed (default: the scenario's, else 42)")
  Long seed;

  @Option(names = "--start", description = "simulated start date, UTC (default: the scenario's; else live: 365 "
      + "days ago, history: " + "2025-01-01)")
  LocalDate start;

  @Option(names = "--until", description = "stop before this simulated date, UTC")
  LocalDate until;

  @Option(names = "--days", description = "simulated days to cover (history default: 548, about 18 months)")
  Integer days;

  @Option(names = "--events", description = "stop after this many events (live default: 1000000)")
  Long events;

  @Option(names = "--duplicates", description = "fraction of events delivered twice (default: 0.01)")
  Double duplicates;

  @Option(names = "--disorder", description = "maximum delivery delay, so events arrive out of order (default: 2h)")
  String disorder;

  @Option(names = "--invalid", description = "fraction of won deals replaced by a deliberately invalid event "
      + "(default: 0)")
  Double invalid;

  @Option(names = "--truth", paramLabel = "FILE", description = "also write the ground truth as JSON to FILE")
  Path truthFile;

  @Override
  public Integer call() throws java.io.IOException {
    if (mode.salesforceExport != null) {
      return salesforceExport();
    }
    boolean history = mode.history != null;
    Scenario scenario = scenario(history);
    Instant end = until != null ? until.atStartOfDay(ZoneOffset.UTC).toInstant()
        : days != null ? scenario.start().plus(Duration.ofDays(days))
        : history && events == null ? scenario.start().plus(Duration.ofDays(548)) : null;
    long maxEvents = events != null ? events : history ? Long.MAX_VALUE : 1_000_000L;
    CrmSimulator simulator = new CrmSimulator(scenario, end);
    long began = System.nanoTime();
    long sent;
    if (history) {
      HistoryFormat format = HistoryFormat.of(mode.history);
      System.err.printf("Writing %s history to %s from %s%s%n", format == HistoryFormat.AVRO ? "Avro" : "JSON Lines",
          mode.history, scenario.start(), end == null ? "" : " until " + end);
      try (HistoryWriter writer = HistoryWriter.open(mode.history, format, scenario.seed())) {
        HistoryExport.Progress p = HistoryExport.write(simulator, writer, null, maxEvents,
            pr -> System.err.printf("wrote %,d events, simulated time %s%n", pr.written(), pr.simulatedTime()));
        sent = p.written();
        if (p.skipped() > 0) {
          System.err.printf("Skipped %,d unreadable events: an Avro container file cannot hold them%n", p.skipped());
        }
      }
    } else {
      Live live = mode.live;
      LivePublisher.RecordTimestamps stamps = switch (live.recordTimestamps) {
        case "producer" -> LivePublisher.RecordTimestamps.PRODUCER;
        case "event" -> LivePublisher.RecordTimestamps.DELIVERY_TIME;
        default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "--record-timestamps must be producer or event: " + live.recordTimestamps);
      };
      try (LivePublisher publisher = Publishers.toInputs(live.bootstrap, live.registryUrl,
          VelocityTopics.TopicNames.defaults(), java.util.Map.of(), stamps)) {
        Runtime.getRuntime().addShutdownHook(new Thread(publisher::stop));
        double simulatedSecondsPerSecond = live.speedDaysPerSecond * Duration.ofDays(1).toSeconds();
        sent = publisher.run(simulator, new LivePublisher.Pace(live.rate, simulatedSecondsPerSecond),
            maxEvents, null, live.duration == null ? null : Durations.parse(live.duration),
            p -> System.err.printf("sent %,d events, %,.0f events/s, simulated time %s%n", p.sent(),
                p.ratePerSecond(), p.simulatedTime()));
      }
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    System.out.printf("%s %,d events in %.1f s (%,.0f events/s)%n", history ? "Wrote" : "Sent", sent, seconds,
        sent / seconds);
    GroundTruthReport report = new GroundTruthReport(scenario, simulator.groundTruth(), sent);
    report.print(System.out);
    if (truthFile != null) {
      report.writeJson(truthFile);
      System.out.println("Ground truth written to " + truthFile);
    }
    return 0;
  }

  private int salesforceExport() throws java.io.IOException {
    Scenario scenario = scenario(true);
    Instant end = until != null ? until.atStartOfDay(ZoneOffset.UTC).toInstant()
        : scenario.start().plus(Duration.ofDays(days != null ? days : 548));
    long began = System.nanoTime();
    ExportableLeads leads = ExportableLeads.of(scenario, end);
    SalesforceExport.write(leads, mode.salesforceExport);
    System.out.printf("Wrote %,d opportunities from %s until %s to %s (Opportunity.csv, OpportunityHistory.csv, "
        + "Account.csv) in %.1f s%n", leads.leads().size(), scenario.start(), end, mode.salesforceExport,
        (System.nanoTime() - began) / 1e9);
    System.out.printf("Import it: ./velocity import salesforce --dir %s --team-field Sales_Team__c --out "
        + "history.jsonl%n", mode.salesforceExport);
    return 0;
  }

  private Scenario scenario(boolean history) {
    long defaultSeed = 42;
    Instant defaultStart = (history ? DEFAULT_HISTORY_START : LocalDate.now(ZoneOffset.UTC).minusDays(365))
        .atStartOfDay(ZoneOffset.UTC).toInstant();
    Scenario s = scenarioFile == null ? Scenario.defaults(defaultSeed, defaultStart)
        : ScenarioFile.load(scenarioFile, defaultSeed, defaultStart);
    if (seed != null) {
      s = s.withSeed(seed);
    }
    if (start != null) {
      s = s.withStart(start.atStartOfDay(ZoneOffset.UTC).toInstant());
    }
    return s.withImperfections(duplicates != null ? duplicates : s.duplicateRate(),
        disorder != null ? Durations.parse(disorder) : s.maxDisorder(), invalid != null ? invalid : s.invalidRate());
  }
}
