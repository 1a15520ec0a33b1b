package io.salesvelocity.velocity.cli;

import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run the engine alone against any Kafka cluster and Confluent-compatible schema registry. "
        + "Settings come from the file, then from SALESVELOCITY_* environment variables "
        + "(SALESVELOCITY_BOOTSTRAP_SERVERS overrides bootstrap.servers). See config/engine.properties.")
final class RunCommand implements Callable<Integer> {
  @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "engine properties file")
  Path config;

  @Override
  public Integer call() throws Exception {
    EngineConfig cfg = EngineConfig.load(config, System.getenv());
    VelocityEngine engine = new VelocityEngine(cfg);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      engine.close();
      stopped.countDown();
    }, "velocity-shutdown"));
    engine.start();
    stopped.await();
    return 0;
  }
}
