package io.salesvelocity.cli;

import io.salesvelocity.serving.VelocityServer;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = {"Run the engine alone against any Kafka cluster and Confluent-compatible schema registry. "
        + "Settings come from the file, then from SALESVELOCITY_* environment variables "
        + "(SALESVELOCITY_BOOTSTRAP_SERVERS overrides bootstrap.servers; ___ stands for '-', __ for '_', _ for '.'). "
        + "See config/engine.properties.",
        "Runs until SIGTERM or Ctrl-C, then closes cleanly and exits with 0. Exits with 1, saying why in its log, "
            + "when the engine stops by itself (a failure that is not about one record, e.g. a missing input "
            + "topic) or cannot start; with 2 on a usage error."})
final class RunCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(RunCommand.class);

  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "engine properties file")
  Path config;

  @Override
  public Integer call() throws Exception {
    EngineConfig cfg = EngineConfig.load(config, System.getenv());
    VelocityEngine engine = new VelocityEngine(cfg);
    // before the engine: Kafka Streams advertises the server's address (application.server) to the other instances
    VelocityServer server = cfg.httpListen().map(at -> VelocityServer.start(engine, at, cfg.httpToken())).orElse(null);
    CompletableFuture<String> stopRequested = new CompletableFuture<>();
    boolean signals = StopSignals.install(stopRequested::complete);
    // the JVM's own shutdown (a signal not handled above, System.exit elsewhere): still close cleanly
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (!stopRequested.isDone()) {
        engine.close();
        if (server != null) {
          server.close();
        }
      }
    }, "velocity-shutdown"));
    engine.start();
    if (!signals) {
      log.info("Stop with SIGTERM or Ctrl-C");
    }
    Object why = CompletableFuture.anyOf(stopRequested, engine.failure().thenApply(Failed::new)).get();
    engine.close();
    if (server != null) {
      server.close();
    }
    if (why instanceof Failed failed) {
      log.error("Engine stopped: {}. Exiting with 1", failed.reason());
      return 1;
    }
    log.info("Stopped cleanly ({})", why);
    return 0;
  }

  private record Failed(String reason) { }
}
