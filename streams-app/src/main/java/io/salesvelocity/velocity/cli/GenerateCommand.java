package io.salesvelocity.velocity.cli;

import io.salesvelocity.generator.CrmSimulator;
import io.salesvelocity.generator.LivePublisher;
import io.salesvelocity.generator.Scenario;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Publish synthetic CRM traffic (Avro, Confluent wire format) to Kafka. Deterministic: the same "
        + "seed gives the same events. Stops at --events, --duration or --until.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers")
  String bootstrap;

  @Option(names = "--schema-registry-url", required = true, description = "Confluent-compatible registry URL")
  String registryUrl;

  @Option(names = "--seed", defaultValue = "42", description = "random seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--start", description = "simulated start date, UTC (default: 365 days ago)")
  LocalDate start;

  @Option(names = "--rate", defaultValue = "0", description = "target events/s, 0 = as fast as possible")
  double rate;

  @Option(names = "--speed", defaultValue = "0",
      description = "simulated days per wall-clock second, 0 = no time pacing (default: ${DEFAULT-VALUE})")
  double speedDaysPerSecond;

  @Option(names = "--events", defaultValue = "1000000", description = "stop after this many events")
  long events;

  @Option(names = "--duration", description = "stop after this much wall time, e.g. 60s, 5m")
  String duration;

  @Option(names = "--until", description = "stop at this simulated date, UTC")
  LocalDate until;

  @Option(names = "--duplicates", defaultValue = "0.01", description = "fraction of events delivered twice")
  double duplicates;

  @Option(names = "--disorder", defaultValue = "2h", description = "maximum delivery delay (out-of-order window)")
  String disorder;

  @Option(names = "--invalid", defaultValue = "0", description = "fraction of deliberately invalid events")
  double invalid;

  @Override
  public Integer call() {
    Instant from = start != null ? start.atStartOfDay(ZoneOffset.UTC).toInstant()
        : LocalDate.now(ZoneOffset.UTC).minusDays(365).atStartOfDay(ZoneOffset.UTC).toInstant();
    Scenario scenario = Scenario.defaults(seed, from).withImperfections(duplicates,
        EngineConfig.parseDuration(disorder), invalid);
    CrmSimulator simulator = new CrmSimulator(scenario);
    try (LivePublisher publisher = Publishers.toInputs(bootstrap, registryUrl, VelocityTopics.TopicNames.defaults())) {
      Runtime.getRuntime().addShutdownHook(new Thread(publisher::stop));
      long began = System.nanoTime();
      long sent = publisher.run(simulator, new LivePublisher.Pace(rate, speedDaysPerSecond * 86_400.0), events,
          until == null ? null : until.atStartOfDay(ZoneOffset.UTC).toInstant(),
          duration == null ? null : EngineConfig.parseDuration(duration),
          p -> System.err.printf("sent %,d events, %,.0f events/s, simulated time %s%n", p.sent(), p.ratePerSecond(),
              p.simulatedTime()));
      double seconds = (System.nanoTime() - began) / 1e9;
      System.out.printf("Sent %,d events in %.1f s (%,.0f events/s)%n", sent, seconds, sent / seconds);
      System.out.println("Ground truth per team (by the team owning each lead when it closed):");
      simulator.groundTruth().teams().forEach((team, t) -> System.out.printf("  %-16s %s%n", team, t));
    }
    return 0;
  }
}
