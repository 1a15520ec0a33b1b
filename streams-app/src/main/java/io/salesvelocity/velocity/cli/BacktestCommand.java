package io.salesvelocity.velocity.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "backtest", mixinStandardHelpOptions = true,
    description = "Replay CRM history through the same topology, in process (not available yet: issue #4). Until "
        + "then, replay history that is in Kafka by running the engine with a fresh application.id: it "
        + "reads the input topics from the earliest offsets and writes sales-velocity-daily anew.")
final class BacktestCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("backtest is not implemented yet (issue #4); see `./velocity backtest --help`");
    return 2;
  }
}
