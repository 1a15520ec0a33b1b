package io.salesvelocity.cli.bench;

import io.salesvelocity.devstack.EmbeddedKafka;
import io.salesvelocity.devstack.EmbeddedRegistry;
import io.salesvelocity.serde.SchemaRegistryConfig;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.TopicProvisioner;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchBacktestCommand.class,
    BenchServingCommand.class, BenchLatencyCommand.class, BenchDuckDbCommand.class, BenchStateCommand.class,
    BenchChartCommand.class},
    description = "Measure sustained throughput on this machine, broker included: publish --events generated CRM "
        + "events into the embedded Kafka (timing the generator) and end every input partition with a watermark "
        + "(so no task idles at the end of the input), then for each run start a fresh engine "
        + "(exactly_once_v2 unless --guarantee) and time it from RUNNING until both sub-topologies have "
        + "consumed everything (input and team-deltas consumer lag 0). `bench backtest` benchmarks the history "
        + "generator and the backtest instead, `bench duckdb` the backtest against DuckDB, `bench serving` the query "
        + "API and the live stream, `bench latency` the delay from a CRM's send to sales-velocity, `bench state` the "
        + "state per open lead and the restore, and `bench chart` draws what they recorded.")
public final class BenchCommand implements Callable<Integer> {
  @Option(names = "--events", defaultValue = "1000000", description = "events to publish (default: ${DEFAULT-VALUE})")
  long events;

  @Option(names = "--runs", defaultValue = "3",
      description = "engine runs over the same input, each a fresh engine in this JVM, 0 = the generator only; the "
          + "JIT takes two to three million events to warm up, so runs 4 and later are the sustained rate "
          + "(default: ${DEFAULT-VALUE})")
  int runs;

  @Option(names = "--partitions", defaultValue = "2", description = "partitions per topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--threads", defaultValue = "1", description = "num.stream.threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--guarantee", defaultValue = "exactly_once_v2",
      description = "processing.guarantee (default: ${DEFAULT-VALUE})")
  String guarantee;

  @Option(names = "--producer", paramLabel = "KEY=VALUE",
      description = "generator producer setting, repeatable (e.g. --producer acks=1)")
  Map<String, String> producer = new HashMap<>();

  @Option(names = "--baseline",
      description = "instead of the engine, time a topology that only copies the three input topics to one output "
          + "topic, with the same Kafka Streams settings: what Kafka Streams and the broker alone do on this machine")
  boolean baseline;

  @Option(names = "--restore",
      description = "after the last run, report the heap the engine held (after a full GC, running and closed), "
          + "then time a new instance of the same application on an empty state directory, as on a new machine, "
          + "from start to RUNNING (restoring the state from the changelog topics)")
  boolean restore;

  @Option(names = "--compare-segments",
      description = "each run twice, one after the other: with segments off (velocity.segments empty), then with "
          + "every dimension on; reports both medians and their ratio")
  boolean compareSegments;

  @Option(names = "--compare-funnel",
      description = "each run twice, one after the other: with the stage funnel off (velocity.funnel=false), then "
          + "on; the segments as set otherwise (all on by default); reports both medians and their ratio")
  boolean compareFunnel;

  @Option(names = "--compare-baseline",
      description = "each run twice, one after the other: the copy baseline (as --baseline), then the engine; reports "
          + "both medians and the engine's share of the baseline (the goal: 0.5x in runs 4 and later)")
  boolean compareBaseline;

  @Option(names = "--compare-floor",
      description = "each run three times, one after the other: the copy baseline, the lead-state floor (each event "
          + "decoded by the engine's decoder and one read and write per lead in a logged, cached store: the least a "
          + "stateful engine of this input does), then the engine; reports the three medians and their ratios")
  boolean compareFloor;

  @Option(names = "--compare-store",
      description = "each run twice, one after the other: state on the heap (velocity.state.store=in-memory), then "
          + "in RocksDB; reports both medians and their ratio (the goal: RocksDB within 0.7x)")
  boolean compareStore;

  @Option(names = "--record", paramLabel = "FILE",
      description = "append the comparison's ratio (runs 4 and later) to this JSON Lines file, for `bench chart`")
  java.nio.file.Path record;

  @Option(names = "--set", paramLabel = "KEY=VALUE",
      description = "extra engine setting, repeatable (e.g. --set commit.interval.ms=200)")
  Map<String, String> overrides = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    BenchSettings.printMachine();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); EmbeddedRegistry registry = EmbeddedRegistry.start()) {
      Map<String, String> base = baseSettings(kafka, registry);
      EngineConfig topicsOnly = EngineConfig.of(base);
      TopicProvisioner.ensureTopics(topicsOnly);
      long sent = BenchInput.publish(kafka, registry, topicsOnly.topicNames(), partitions, events, producer);
      if (runs == 0) {
        return 0;
      }
      if ((compareSegments ? 1 : 0) + (compareFunnel ? 1 : 0) + (compareBaseline ? 1 : 0) + (compareStore ? 1 : 0)
          + (compareFloor ? 1 : 0) + (baseline ? 1 : 0) > 1) {
        System.err.println("error: one of --baseline, --compare-baseline, --compare-floor, --compare-segments, "
            + "--compare-funnel and --compare-store");
        return 2;
      }
      if (compareFloor) {
        return compareWithFloor(kafka, base, sent);
      }
      Comparison comparison = compareSegments
          ? new Comparison("segments", EngineConfig.SEGMENTS, "", String.join(",", Dimension.labels(Dimension.ALL)))
          : compareFunnel ? new Comparison("funnel", EngineConfig.FUNNEL, "false", "true")
          : compareStore ? new Comparison("RocksDB", EngineConfig.STATE_STORE, "in-memory", "rocksdb")
          : compareBaseline ? Comparison.AGAINST_BASELINE : null;
      List<Double> rates = new ArrayList<>();
      List<Double> withFeature = new ArrayList<>();
      for (int run = 1; run <= runs; run++) {
        if (comparison == Comparison.AGAINST_BASELINE) {
          System.out.println("Run " + run + ", the copy baseline:");
          rates.add(CopyBaseline.run(kafka, config(new HashMap<>(base), run), sent, run));
          System.out.println("Run " + run + ", the engine:");
          withFeature.add(EngineRun.run(kafka, config(new HashMap<>(base), run), sent, run, null));
          continue;
        }
        if (comparison != null) {
          System.out.println("Run " + run + ", " + comparison.name + " off:");
          Map<String, String> off = new HashMap<>(base);
          off.put(comparison.key, comparison.off);
          rates.add(EngineRun.run(kafka, config(off, run), sent, run, null));
          System.out.println("Run " + run + ", " + comparison.name + " on (" + comparison.key + "=" + comparison.on
              + "):");
          Map<String, String> on = new HashMap<>(base);
          on.put(comparison.key, comparison.on);
          withFeature.add(EngineRun.run(kafka, config(on, run), sent, run, null));
          continue;
        }
        Map<String, String> settings = new HashMap<>(base);
        EngineConfig config = config(settings, run);
        if (baseline) {
          rates.add(CopyBaseline.run(kafka, config, sent, run));
        } else if (restore && run == runs) {
          rates.add(EngineRun.run(kafka, config, sent, run, new RestoreCheck()));
          settings.put("state.dir", Files.createTempDirectory(config.applicationId() + "-restore").toString());
          RestoreCheck.timeRestore(EngineConfig.of(settings));
        } else {
          rates.add(EngineRun.run(kafka, config, sent, run, null));
        }
      }
      String label = baseline ? "Copy baseline" : comparison == null ? "Engine"
          : comparison == Comparison.AGAINST_BASELINE ? "Copy baseline" : "Engine, " + comparison.name + " off";
      summary(label, rates);
      if (comparison != null) {
        summary(comparison == Comparison.AGAINST_BASELINE ? "Engine" : "Engine, " + comparison.name + " on", withFeature);
        String of = comparison == Comparison.AGAINST_BASELINE ? "engine / copy baseline" : comparison.name + " on / off";
        System.out.printf("%s: %.2fx (medians of all runs)%s%n", of, median(withFeature) / median(rates),
            runs >= 4 ? String.format(", %.2fx (medians of runs 4 and later)", sustained(withFeature, rates)) : "");
        record(comparison, of, runs >= 4 ? sustained(withFeature, rates) : median(withFeature) / median(rates));
      }
    }
    return 0;
  }

  /** Copy, floor and engine, one after the other in each run; the ratios of their medians. */
  private int compareWithFloor(EmbeddedKafka kafka, Map<String, String> base, long sent) throws Exception {
    List<Double> copy = new ArrayList<>();
    List<Double> floor = new ArrayList<>();
    List<Double> engine = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      System.out.println("Run " + run + ", the copy baseline:");
      copy.add(CopyBaseline.run(kafka, config(new HashMap<>(base), run), sent, run));
      System.out.println("Run " + run + ", the lead-state floor:");
      floor.add(LeadStateFloor.run(kafka, config(new HashMap<>(base), run), sent, run));
      System.out.println("Run " + run + ", the engine:");
      engine.add(EngineRun.run(kafka, config(new HashMap<>(base), run), sent, run, null));
    }
    summary("Copy baseline", copy);
    summary("Lead-state floor", floor);
    summary("Engine", engine);
    for (var r : List.of(Map.entry("floor / copy baseline", floor), Map.entry("engine / copy baseline", engine))) {
      System.out.printf("%s: %.2fx (medians of all runs)%s%n", r.getKey(), median(r.getValue()) / median(copy),
          runs >= 4 ? String.format(", %.2fx (medians of runs 4 and later)", sustained(r.getValue(), copy)) : "");
    }
    System.out.printf("engine / floor: %.2fx (medians of all runs)%s%n", median(engine) / median(floor),
        runs >= 4 ? String.format(", %.2fx (medians of runs 4 and later)", sustained(engine, floor)) : "");
    return 0;
  }

  private static double sustained(List<Double> on, List<Double> off) {
    return median(on.subList(3, on.size())) / median(off.subList(3, off.size()));
  }

  /**
   * The ratio against its goal, for `bench chart`: 0.5x for the engine against the copy baseline and 0.7x for RocksDB
   * (issue 25), 0.6x for segments and the funnel (issue 15).
   */
  private void record(Comparison comparison, String of, double ratio) throws java.io.IOException {
    double goal = comparison.name.equals("RocksDB") ? 0.7 : comparison == Comparison.AGAINST_BASELINE ? 0.5 : 0.6;
    BenchRecord.of(of + " (events/s, " + (runs >= 4 ? "runs 4-" + runs : runs + " runs") + ")", ratio, goal, true,
        String.format("%.2fx (goal %.1fx)", ratio, goal)).appendTo(record);
  }

  /**
   * Runs that differ in one setting: {@code key} set to {@code off}, then to {@code on}; without a key, the copy
   * baseline and then the engine.
   */
  private record Comparison(String name, String key, String off, String on) {
    /** Not a setting: the copy baseline, then the engine. */
    static final Comparison AGAINST_BASELINE = new Comparison("engine", null, "copy baseline", "the engine");
  }

  /** A fresh application (id and state directory) of these settings. */
  private static EngineConfig config(Map<String, String> settings, int run) throws java.io.IOException {
    String appId = "bench-" + run + "-" + System.nanoTime();
    settings.put("application.id", appId);
    settings.put("state.dir", Files.createTempDirectory(appId).toString());
    return EngineConfig.of(settings);
  }

  private void summary(String label, List<Double> rates) {
    List<Double> sorted = new ArrayList<>(rates);
    Collections.sort(sorted);
    System.out.printf("%s (%s, %d partitions, %d thread(s)): median %,.0f events/s over %d runs, min %,.0f, "
            + "max %,.0f, runs %s%n", label, guarantee, partitions, threads, median(rates), rates.size(),
        sorted.get(0), sorted.get(sorted.size() - 1), rates.stream().map(r -> String.format("%,.0f", r)).toList());
  }

  /** The middle run, or the mean of the two middle ones for an even count. */
  static double median(List<Double> rates) {
    List<Double> sorted = new ArrayList<>(rates);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private Map<String, String> baseSettings(EmbeddedKafka kafka, EmbeddedRegistry registry) {
    Map<String, String> base = new HashMap<>();
    base.put("bootstrap.servers", kafka.bootstrapServers());
    base.put(SchemaRegistryConfig.URL, registry.url());
    base.put("replication.factor", "1");
    base.put("processing.guarantee", guarantee);
    base.put("num.stream.threads", Integer.toString(threads));
    base.put(EngineConfig.TOPICS_PARTITIONS, Integer.toString(partitions));
    base.put(EngineConfig.TOPICS_REPLICATION, "1");
    // a synthetic history from 2024 on: a few million events run past today, which is fine here
    base.put(EngineConfig.MAX_CLOCK_SKEW, "36500d");
    base.putAll(overrides);
    return base;
  }
}
