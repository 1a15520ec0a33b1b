package io.salesvelocity.cli;

import io.salesvelocity.schemas.TeamVelocity;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A dashboard in the terminal: subscribes to sales-velocity (read_committed, as every consumer of an
 * exactly-once engine should) and keeps the latest figures per team.
 */
final class VelocityBoard implements Runnable, AutoCloseable {
  private final KafkaConsumer<String, TeamVelocity> consumer;
  private final Map<String, TeamVelocity> latest = new TreeMap<>();
  private volatile boolean running = true;

  VelocityBoard(String bootstrap, String topic, Deserializer<TeamVelocity> valueDeserializer) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "velocity-board-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer = new KafkaConsumer<>(p, new StringDeserializer(), valueDeserializer);
    consumer.subscribe(List.of(topic));
  }

  @Override
  public void run() {
    try {
      while (running) {
        for (ConsumerRecord<String, TeamVelocity> r : consumer.poll(Duration.ofMillis(500))) {
          synchronized (latest) {
            latest.put(r.key(), r.value());
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
