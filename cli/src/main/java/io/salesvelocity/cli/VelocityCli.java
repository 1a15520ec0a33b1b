package io.salesvelocity.cli;

import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/**
 * {@code ./velocity}: the engine, the demo stack, the load generator and backtests. The demo, the benchmarks, the
 * backtest and reset need modules that the Docker image leaves out (the dev stack, the backtest, Kafka's tools):
 * they are commands only where those are on the classpath.
 */
@Command(name = "velocity", mixinStandardHelpOptions = true, version = "salesvelocity 0.1.0",
    description = "Streaming sales velocity per team on Kafka Streams.%n"
        + "velocity per day = open opportunities x average won deal size x win rate / average sales cycle (days)",
    subcommands = {RunCommand.class, GenerateCommand.class, ImportCommand.class, PublishCommand.class,
        CommandLine.HelpCommand.class})
public final class VelocityCli implements Runnable {
  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static final String DEVSTACK = "io.salesvelocity.devstack.EmbeddedKafka";
  static final String BACKTEST = "io.salesvelocity.backtest.replay.Backtest";
  static final String RESET_TOOL = "org.apache.kafka.tools.StreamsResetter";

  /** The command line with the commands whose modules {@code present} says are on the classpath. */
  public static CommandLine commandLine(Predicate<String> present) {
    CommandLine cli = new CommandLine(new VelocityCli());
    if (present.test(DEVSTACK)) {
      cli.addSubcommand("demo", instance("io.salesvelocity.cli.DemoCommand"));
    }
    if (present.test(BACKTEST)) {
      cli.addSubcommand("backtest", instance("io.salesvelocity.cli.BacktestCommand"));
    }
    if (present.test(RESET_TOOL)) {
      cli.addSubcommand("reset", instance("io.salesvelocity.cli.ResetCommand"));
    }
    if (present.test(DEVSTACK) && present.test(BACKTEST)) {
      cli.addSubcommand("bench", instance("io.salesvelocity.cli.bench.BenchCommand"));
    }
    return cli;
  }

  public static boolean onClasspath(String className) {
    try {
      Class.forName(className, false, VelocityCli.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /** By name, so that this class loads without the modules those commands need. */
  private static Object instance(String className) {
    try {
      return Class.forName(className).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot create command " + className, e);
    }
  }

  public static void main(String[] args) {
    CommandLine cli = commandLine(VelocityCli::onClasspath);
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
