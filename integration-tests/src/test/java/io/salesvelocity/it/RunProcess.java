package io.salesvelocity.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** {@code velocity run} in a process of its own, as Docker, systemd or Kubernetes start it: its settings in a file. */
record RunProcess(Process process, Path log) {
  /** Starts it on these settings, in {@code dir} (the configuration file and the log {@code run.log}). */
  static RunProcess start(Map<String, String> settings, Path dir) throws IOException {
    Properties props = new Properties();
    props.putAll(settings);
    Path config = dir.resolve("engine.properties");
    try (var out = Files.newBufferedWriter(config)) {
      props.store(out, "velocity run, started by a test");
    }
    Path log = dir.resolve("run.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.salesvelocity",
        "-cp", System.getProperty("java.class.path"), "io.salesvelocity.cli.VelocityCli", "run", "--config",
        config.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new RunProcess(process, log);
  }

  /** What it logged so far. */
  String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
