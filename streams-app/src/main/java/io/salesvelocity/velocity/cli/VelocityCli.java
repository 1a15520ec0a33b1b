package io.salesvelocity.velocity.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./velocity}: the engine, the demo stack, the load generator and backtests. */
@Command(name = "velocity", mixinStandardHelpOptions = true, version = "salesvelocity 0.1.0",
    description = "Streaming sales velocity per team on Kafka Streams.%n"
        + "velocity per day = open opportunities x average won deal size x win rate / average sales cycle (days)",
    subcommands = {DemoCommand.class, RunCommand.class, GenerateCommand.class, BacktestCommand.class, ResetCommand.class,
        BenchCommand.class,
        CommandLine.HelpCommand.class})
public final class VelocityCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new VelocityCli());
    cli.setUnmatchedArgumentsAllowed(false);
    cli.setExecutionExceptionHandler((ex, line, parsed) -> {
      line.getErr().println("error: " + rootMessage(ex));
      return 1;
    });
    int code = cli.execute(args);
    System.exit(code);
  }

  static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + root.getMessage() + ")";
  }
}
