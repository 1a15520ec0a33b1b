package io.salesvelocity.cli;

import io.salesvelocity.schemas.SegmentKey;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A dashboard in the terminal: subscribes to sales-velocity, sales-velocity-segments and sales-funnel (read_committed,
 * as every consumer of an exactly-once engine should) and keeps the latest figures per team, per segment and per
 * team and stage.
 */
final class VelocityBoard implements Runnable, AutoCloseable {
  /** Segments shown: the best of all teams by current velocity. */
  static final int TOP_SEGMENTS = 6;

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final VelocityTopics topics;
  private final Map<String, TeamVelocity> latest = new TreeMap<>();
  private final Map<SegmentKey, SegmentVelocity> segments = new TreeMap<>();
  /** The current funnel of each team, by team then stage. */
  private final Map<String, Map<Stage, StageFunnel>> funnels = new TreeMap<>();
  private volatile boolean running = true;

  VelocityBoard(String bootstrap, VelocityTopics topics) {
    this.topics = topics;
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "velocity-board-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    consumer.subscribe(List.of(topics.velocity().name(), topics.segments().name(), topics.funnel().name()));
  }

  @Override
  public void run() {
    try {
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.topic().equals(topics.velocity().name())) {
            TeamVelocity v = topics.velocity().valueSerde().deserializer().deserialize(r.topic(), r.value());
            synchronized (latest) {
              latest.put(v.getTeamId(), v);
            }
          } else if (r.topic().equals(topics.funnel().name())) {
            StageFunnel f = topics.funnel().valueSerde().deserializer().deserialize(r.topic(), r.value());
            synchronized (funnels) {
              funnels.computeIfAbsent(f.getScope(), t -> new EnumMap<>(Stage.class)).put(f.getStage(), f);
            }
          } else {
            SegmentKey k = topics.segments().keySerde().deserializer().deserialize(r.topic(), r.key());
            SegmentVelocity v = topics.segments().valueSerde().deserializer().deserialize(r.topic(), r.value());
            synchronized (segments) {
              segments.put(k, v);
            }
          }
        }
      }
    } catch (WakeupException e) {
      // closing
    } finally {
      consumer.close();
    }
  }

  Map<String, TeamVelocity> snapshot() {
    synchronized (latest) {
      return new TreeMap<>(latest);
    }
  }

  /** The best segments of all teams by current velocity. */
  List<SegmentVelocity> topSegments() {
    synchronized (segments) {
      return segments.values().stream().filter(v -> v.getScope().equals("ALL") && v.getVelocityPerDay() != null)
          .sorted(Comparator.comparing(SegmentVelocity::getVelocityPerDay).reversed()).limit(TOP_SEGMENTS).toList();
    }
  }

  /** The teams with a funnel so far. */
  List<String> funnelTeams() {
    synchronized (funnels) {
      return List.copyOf(funnels.keySet());
    }
  }

  /** The current funnel of {@code team}, in stage order. */
  List<StageFunnel> funnelOf(String team) {
    synchronized (funnels) {
      return List.copyOf(funnels.getOrDefault(team, Map.of()).values());
    }
  }

  /** A team's funnel: per stage, the exits of the window, conversion, median and p90 days, open and stalled now. */
  static String renderFunnel(String team, List<StageFunnel> stages) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-30s %7s %11s %12s %9s %9s %8s%n", "funnel of " + team, "exits", "conversion",
        "median days", "p90 days", "open now", "stalled"));
    for (StageFunnel f : stages) {
      b.append(String.format("%-30s %7d %11s %12s %9s %9d %8s%n", f.getStage(), f.getExits(),
          f.getConversion() == null ? "-" : String.format("%.1f%%", f.getConversion() * 100),
          f.getMedianDays() == null ? "-" : String.format("%.1f", f.getMedianDays()),
          f.getP90Days() == null ? "-" : String.format("%.1f", f.getP90Days()), f.getOpenNow(),
          f.getStalledNow() == 0 ? "-" : Long.toString(f.getStalledNow())));
    }
    return b.toString();
  }

  static String render(List<SegmentVelocity> top) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-30s %9s %14s %9s %11s %16s%n", "top segments, all teams", "pipeline", "avg won deal",
        "win rate", "cycle days", "velocity/day"));
    for (SegmentVelocity v : top) {
      b.append(String.format("%-30s %9d %14s %9s %11s %16s%n", v.getDimension() + " " + v.getSegment(),
          v.getPipelineCount(), money(v.getAvgDealSize()), v.getWinRate() == null ? "-"
              : String.format("%.1f%%", v.getWinRate() * 100),
          v.getAvgCycleDays() == null ? "-" : String.format("%.1f", v.getAvgCycleDays()),
          String.format("%,.0f", v.getVelocityPerDay())));
    }
    return b.toString();
  }

  static String render(Map<String, TeamVelocity> teams) {
    StringBuilder b = new StringBuilder();
    b.append(String.format("%-18s %9s %14s %9s %11s %16s %7s %7s  %s%n", "team", "pipeline", "avg won deal",
        "win rate", "cycle days", "velocity/day", "won", "lost", "as of (event time, UTC)"));
    for (TeamVelocity v : teams.values()) {
      b.append(String.format("%-18s %9d %14s %9s %11s %16s %7d %7d  %s%n", v.getTeamId(), v.getPipelineCount(),
          money(v.getAvgDealSize()), v.getWinRate() == null ? "-" : String.format("%.1f%%", v.getWinRate() * 100),
          v.getAvgCycleDays() == null ? "-" : String.format("%.1f", v.getAvgCycleDays()),
          v.getVelocityPerDay() == null ? "-" : String.format("%,.0f", v.getVelocityPerDay()), v.getWonCount(),
          v.getLostCount(), v.getAsOf()));
    }
    return b.toString();
  }

  private static String money(BigDecimal v) {
    return v == null ? "-" : String.format("%,.0f", v);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
  }
}
