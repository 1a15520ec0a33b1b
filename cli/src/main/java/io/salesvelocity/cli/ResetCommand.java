package io.salesvelocity.cli;

import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.tools.StreamsResetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "reset", mixinStandardHelpOptions = true,
    description = {"Reset the engine's application so the next `velocity run` reprocesses the input topics from "
        + "the beginning: Kafka's own streams reset tool (kafka-streams-application-reset) with the engine's "
        + "configuration, then the local state of this machine is deleted.",
        "Stop every instance of the application first. The output topics are not touched: the rerun appends its "
            + "results to them (same keys, so compacted topics keep the rerun's values)."})
final class ResetCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "engine properties file")
  Path config;

  @Option(names = "--to-datetime", paramLabel = "YYYY-MM-DDTHH:mm:SS.sss",
      description = "reset the inputs to this time instead of the earliest offsets")
  String toDatetime;

  @Option(names = "--dry-run", description = "say what would be reset, change nothing")
  boolean dryRun;

  @Option(names = "--force", description = "remove members still registered in the consumer group (only when you "
      + "are sure every instance is stopped)")
  boolean force;

  @Override
  public Integer call() {
    EngineConfig cfg = EngineConfig.load(config, System.getenv());
    Properties streams = cfg.streamsProperties();
    List<String> args = new ArrayList<>(List.of(
        "--bootstrap-server", streams.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG),
        "--application-id", streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG),
        "--input-topics", String.join(",", cfg.topicNames().inputs())));
    if (toDatetime != null) {
      args.addAll(List.of("--to-datetime", toDatetime));
    } else {
      args.add("--to-earliest");
    }
    if (dryRun) {
      args.add("--dry-run");
    }
    if (force) {
      args.add("--force");
    }
    Properties client = new Properties();
    cfg.clientProperties().forEach((k, v) -> {
      if (k.startsWith("security.") || k.startsWith("ssl.") || k.startsWith("sasl.")) {
        client.put(k, v);
      }
    });
    int code = new StreamsResetter().execute(args.toArray(String[]::new), client);
    if (code != 0) {
      System.err.println("error: the reset tool failed (exit code " + code + "); nothing local was deleted");
      return 1;
    }
    if (!dryRun) {
      try (VelocityEngine engine = new VelocityEngine(cfg)) {
        engine.cleanUpLocalState();
      }
      System.out.println("Local state of " + streams.getProperty(StreamsConfig.APPLICATION_ID_CONFIG) + " under "
          + streams.getProperty(StreamsConfig.STATE_DIR_CONFIG) + " deleted. The next run starts from the inputs' "
          + (toDatetime == null ? "earliest offsets" : toDatetime) + ".");
    }
    return 0;
  }
}
