package io.salesvelocity.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A JVM child process timed from its start to its exit, with its peak resident set size: the kernel's high-water
 * mark ({@code VmHWM} in {@code /proc/PID/status}), sampled every 10 ms while it runs, so a peak within the last
 * 10 ms before the exit can be missed.
 */
record MeasuredProcess(double seconds, long peakRssBytes, int exitCode, Path log) {

  /** A java command with this JVM's executable, classpath and options, running {@code mainClass args}. */
  static List<String> javaCommand(String mainClass, List<String> args) {
    return javaCommand(List.of(), mainClass, args);
  }

  /** As {@link #javaCommand(String, List)}, with {@code defaults} before this JVM's options (which win). */
  static List<String> javaCommand(List<String> defaults, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(defaults);
    cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  static MeasuredProcess run(List<String> command, Path log) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long began = System.nanoTime();
    Path status = Path.of("/proc", Long.toString(p.pid()), "status");
    long peak = 0;
    while (p.isAlive()) {
      peak = Math.max(peak, highWaterMark(status));
      Thread.sleep(10); // sampling the child's /proc entry, the only place its peak is kept while it runs
    }
    double seconds = (System.nanoTime() - began) / 1e9;
    return new MeasuredProcess(seconds, peak, p.exitValue(), log);
  }

  private static long highWaterMark(Path status) {
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // the process has just exited: its entry is gone
    }
    return 0;
  }
}
