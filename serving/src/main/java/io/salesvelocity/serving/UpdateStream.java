package io.salesvelocity.serving;

import io.javalin.http.sse.SseClient;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.Topic;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/stream}: Server-Sent Events, one per update of the engine's current figures, whichever instance
 * computed them: each server reads the output topics sales-velocity ({@code team}), sales-velocity-segments
 * ({@code segment}) and sales-funnel ({@code funnel}) from their end, as a read_committed consumer of no group, and
 * sends every record to every connected client. A client gets every team's current figures first ({@code team}
 * events from {@code GET /api/teams}), also when it reconnects with {@code Last-Event-ID}: what it missed meanwhile
 * is in that state. Events carry their {@code asOf}; a client keeps the latest per key.
 */
final class UpdateStream implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(UpdateStream.class);
  private static final Duration POLL = Duration.ofMillis(100);
  private static final long HEARTBEAT_MILLIS = 15_000;

  private final VelocityEngine engine;
  private final TeamQueries queries;
  private final Set<SseClient> clients = ConcurrentHashMap.newKeySet();
  private final String epoch = Long.toString(System.currentTimeMillis(), 36);
  private final AtomicLong sequence = new AtomicLong();
  private Thread reader;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private volatile boolean closed;

  UpdateStream(VelocityEngine engine, TeamQueries queries) {
    this.engine = engine;
    this.queries = queries;
  }

  /** A new client: it is sent every team's current figures, then every update. */
  @SuppressWarnings("unchecked")
  void subscribe(SseClient client) {
    client.keepAlive();
    client.onClose(() -> clients.remove(client));
    // subscribed before the snapshot is read: an update meanwhile comes twice rather than never
    clients.add(client);
    start();
    try {
      for (Map<String, Object> team : (List<Map<String, Object>>) queries.teams(0).get("teams")) {
        send(client, "team", team);
      }
    } catch (ApiException e) {
      send(client, "status", Map.of("status", e.status(), "message", e.getMessage()));
    }
  }

  int clients() {
    return clients.size();
  }

  private synchronized void start() {
    if (reader != null || closed || engine.streams() == null) {
      return;
    }
    reader = new Thread(this::read, "velocity-update-stream");
    reader.setDaemon(true);
    reader.start();
  }

  private void read() {
    VelocityTopics topics = engine.topics();
    List<Source<?>> sources = List.of(new Source<>(topics.velocity(), "team", TeamJson::of),
        new Source<>(topics.segments(), "segment", RecordJson::of),
        new Source<>(topics.funnel(), "funnel", RecordJson::of));
    long backoff = 1_000;
    while (!closed) {
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        consumer = c;
        List<TopicPartition> partitions = new ArrayList<>();
        for (Source<?> s : sources) {
          c.partitionsFor(s.topic.name()).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        c.assign(partitions);
        c.seekToEnd(partitions);
        long lastBeat = System.currentTimeMillis();
        while (!closed) {
          for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
            for (Source<?> s : sources) {
              if (s.topic.name().equals(r.topic()) && r.value() != null) {
                broadcast(s.event, s.json(r));
              }
            }
          }
          if (System.currentTimeMillis() - lastBeat >= HEARTBEAT_MILLIS) {
            // a comment line, so proxies and browsers keep an idle stream open
            clients.forEach(client -> {
              synchronized (client) {
                client.sendComment("heartbeat");
              }
            });
            lastBeat = System.currentTimeMillis();
          }
          backoff = 1_000;
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("Reading the output topics for /api/stream failed; again in {} ms", backoff, e);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(30_000, backoff * 2);
      }
    }
  }

  private Properties consumerProperties() {
    Properties p = engine.config().adminProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, engine.config().applicationId() + "-update-stream");
    return p;
  }

  private void broadcast(String event, Map<String, Object> data) {
    clients.forEach(client -> send(client, event, data));
  }

  private void send(SseClient client, String event, Map<String, Object> data) {
    synchronized (client) {
      if (!client.terminated()) {
        client.sendEvent(event, data, epoch + "-" + sequence.incrementAndGet());
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    clients.forEach(SseClient::close);
    Thread t = reader;
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** An output topic and how its values become events. */
  private record Source<V extends SpecificRecord>(Topic<?, V> topic, String event,
                                                  Function<V, Map<String, Object>> toJson) {
    Map<String, Object> json(ConsumerRecord<byte[], byte[]> r) {
      return toJson.apply(topic.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value()));
    }
  }
}
