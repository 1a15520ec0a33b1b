package io.salesvelocity.serving;

import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.Topic;
import io.salesvelocity.velocity.topology.VelocityTopics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
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
 * The outputs the API serves by scope rather than by team (segments, the stage funnel and the daily pipeline bridges:
 * the scope of all teams is computed by one task, a team's by its partition's) and the deals stalled now, as every instance reads them from
 * their topics: sales-velocity-segments, sales-funnel and pipeline-flow-daily (compacted: the latest record per key) and stalled-deals (a
 * lead's latest record; a RESOLVED one ends its stall), read_committed, from the beginning, into maps on the heap.
 * They are small (a scope's segments and stages, the open stalled deals), so each instance holds them all and
 * answers without asking another. The records of these topics and of sales-velocity that arrive once the views have
 * caught up go to {@link #onUpdate} listeners too (the live stream).
 */
final class OutputViews implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutputViews.class);
  private static final Duration POLL = Duration.ofMillis(100);

  private final VelocityEngine engine;
  private final Map<String, Map<String, Object>> segments = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> funnel = new ConcurrentHashMap<>();
  private final Map<String, Map<String, Object>> stalled = new ConcurrentHashMap<>();
  private final FlowHistory flows;
  private final ForecastHistory forecasts;
  /** The latest current forecast (sales-forecast) by scope and horizon ({@code scope/horizon}). */
  private final Map<String, io.salesvelocity.schemas.CurrentForecast> currentForecasts = new ConcurrentHashMap<>();
  private final List<BiConsumer<String, Map<String, Object>>> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  private volatile boolean caughtUp;
  private volatile boolean closed;
  private volatile KafkaConsumer<byte[], byte[]> consumer;
  private Thread reader;

  OutputViews(VelocityEngine engine) {
    this.engine = engine;
    this.flows = new FlowHistory(engine.config().settings().historyDays());
    this.forecasts = new ForecastHistory(engine.config().settings().historyDays());
  }

  /** Called with each event ({@code team}, {@code segment}, {@code funnel}, {@code stalled}) once caught up. */
  void onUpdate(BiConsumer<String, Map<String, Object>> listener) {
    listeners.add(listener);
  }

  /** Starts reading, once the engine has started (its topics exist). */
  synchronized void start() {
    if (reader != null || closed || engine.streams() == null) {
      return;
    }
    reader = new Thread(this::read, "velocity-output-views");
    reader.setDaemon(true);
    reader.start();
  }

  /** Whether the views hold everything the topics held when they started reading; else the API answers 503. */
  void requireCaughtUp() {
    start();
    if (!caughtUp) {
      throw ApiException.unavailable("the server is still reading the segments, the funnel and the stalled deals");
    }
  }

  /** The segments of a scope (a team id or ALL), of one dimension or all, best velocity first. */
  List<Map<String, Object>> segments(String scope, String dimension) {
    requireCaughtUp();
    List<Map<String, Object>> out = new ArrayList<>();
    segments.values().forEach(s -> {
      if (scope.equals(s.get("scope")) && (dimension == null || dimension.equals(s.get("dimension")))) {
        out.add(s);
      }
    });
    out.sort(Comparator.comparing((Map<String, Object> s) -> s.get("velocityPerDay") == null ? Double.NEGATIVE_INFINITY
        : (Double) s.get("velocityPerDay")).reversed().thenComparing(s -> (String) s.get("segment")));
    return out;
  }

  /** A scope's stage funnel, stage by stage in funnel order; empty for a scope it has no figures of. */
  List<Map<String, Object>> funnel(String scope) {
    requireCaughtUp();
    List<Map<String, Object>> out = new ArrayList<>();
    for (io.salesvelocity.schemas.Stage stage : io.salesvelocity.schemas.Stage.values()) {
      Map<String, Object> f = funnel.get(scope + "/" + stage.name());
      if (f != null) {
        out.add(f);
      }
    }
    return out;
  }

  /** The deals stalled now (of one team, or all), longest in their stage first. */
  List<Map<String, Object>> stalled(String team) {
    requireCaughtUp();
    List<Map<String, Object>> out = new ArrayList<>();
    stalled.values().forEach(d -> {
      if (team == null || team.equals(d.get("teamId"))) {
        out.add(d);
      }
    });
    out.sort(Comparator.comparing((Map<String, Object> d) -> (String) d.get("visitBegan"))
        .thenComparing(d -> (String) d.get("leadId")));
    return out;
  }

  /** The daily pipeline bridges of every scope (the latest velocity.http.history.days of each). */
  FlowHistory flows() {
    requireCaughtUp();
    return flows;
  }

  /** The daily forecasts of every scope and horizon (the latest velocity.http.history.days of each). */
  ForecastHistory forecasts() {
    requireCaughtUp();
    return forecasts;
  }

  /** A scope's current forecast for horizon n (at the latest event time); null when none. */
  io.salesvelocity.schemas.CurrentForecast currentForecast(String scope, int n) {
    requireCaughtUp();
    return currentForecasts.get(scope + "/" + n);
  }

  /** The horizons a scope has current forecasts of, ascending. */
  List<Integer> currentHorizons(String scope) {
    requireCaughtUp();
    return currentForecasts.values().stream().filter(f -> f.getScope().equals(scope))
        .map(io.salesvelocity.schemas.CurrentForecast::getHorizonDays).sorted().toList();
  }

  private void read() {
    VelocityTopics topics = engine.topics();
    long backoff = 1_000;
    while (!closed) {
      try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(consumerProperties(), new ByteArrayDeserializer(),
          new ByteArrayDeserializer())) {
        consumer = c;
        Map<String, Source<?>> sources = new HashMap<>();
        List<TopicPartition> fromStart = new ArrayList<>();
        List<TopicPartition> fromEnd = new ArrayList<>();
        add(c, sources, new Source<>(topics.segments(), "segment", this::segment), fromStart);
        add(c, sources, new Source<>(topics.funnel(), "funnel", this::funnel), fromStart);
        add(c, sources, new Source<>(topics.stalledDeals(), "stalled", this::stall), fromStart);
        // daily bridges: read for the queries, not streamed (a day's row is final once, at the day's end)
        add(c, sources, new Source<>(topics.pipelineFlowDaily(), null, this::flow), fromStart);
        add(c, sources, new Source<>(topics.forecastDaily(), null, f -> {
          forecasts.put(f);
          return null;
        }), fromStart);
        add(c, sources, new Source<>(topics.forecast(), null, f -> {
          currentForecasts.put(f.getScope() + "/" + f.getHorizonDays(), f);
          return null;
        }), fromStart);
        add(c, sources, new Source<>(topics.velocity(), "team", v -> TeamJson.of(v)), fromEnd);
        List<TopicPartition> all = new ArrayList<>(fromStart);
        all.addAll(fromEnd);
        c.assign(all);
        c.seekToBeginning(fromStart);
        c.seekToEnd(fromEnd);
        Map<TopicPartition, Long> end = c.endOffsets(fromStart);
        while (!closed) {
          for (ConsumerRecord<byte[], byte[]> r : c.poll(POLL)) {
            Source<?> s = sources.get(r.topic());
            if (s != null && r.value() != null) {
              Map<String, Object> json = s.take(r);
              if (caughtUp && json != null && s.event != null) {
                listeners.forEach(l -> l.accept(s.event, json));
              }
            }
          }
          if (!caughtUp && end.entrySet().stream().allMatch(e -> c.position(e.getKey()) >= e.getValue())) {
            caughtUp = true;
            log.info("The server read the segments, the funnel and the stalled deals: {} segments, {} funnel "
                + "stages, {} stalled deals", segments.size(), funnel.size(), stalled.size());
          }
          backoff = 1_000;
        }
      } catch (WakeupException e) {
        return;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        log.warn("Reading the output topics for the API failed; again in {} ms", backoff, e);
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

  private static void add(KafkaConsumer<byte[], byte[]> c, Map<String, Source<?>> sources, Source<?> s,
                          List<TopicPartition> into) {
    sources.put(s.topic.name(), s);
    c.partitionsFor(s.topic.name()).forEach(p -> into.add(new TopicPartition(p.topic(), p.partition())));
  }

  private Map<String, Object> segment(SegmentVelocity v) {
    Map<String, Object> json = RecordJson.of(v);
    segments.put(v.getScope() + "/" + v.getDimension() + "/" + v.getSegment(), json);
    return json;
  }

  private Map<String, Object> funnel(StageFunnel f) {
    Map<String, Object> json = RecordJson.of(f);
    funnel.put(f.getScope() + "/" + f.getStage().name(), json);
    return json;
  }

  private Map<String, Object> flow(io.salesvelocity.schemas.PipelineFlow f) {
    flows.put(f);
    return null;
  }

  private Map<String, Object> stall(StalledDeal d) {
    Map<String, Object> json = RecordJson.of(d);
    if (d.getStatus() == io.salesvelocity.schemas.StallStatus.STALLED) {
      stalled.put(d.getLeadId().toString(), json);
    } else {
      stalled.remove(d.getLeadId().toString());
    }
    return json;
  }

  private Properties consumerProperties() {
    Properties p = engine.config().adminProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, engine.config().applicationId() + "-api-views");
    return p;
  }

  @Override
  public void close() {
    closed = true;
    KafkaConsumer<byte[], byte[]> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    Thread t = reader;
    if (t != null) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** An output topic and how its values become JSON (and views). */
  private record Source<V extends SpecificRecord>(Topic<?, V> topic, String event,
                                                  java.util.function.Function<V, Map<String, Object>> toJson) {
    Map<String, Object> take(ConsumerRecord<byte[], byte[]> r) {
      return toJson.apply(topic.valueSerde().deserializer().deserialize(r.topic(), r.headers(), r.value()));
    }
  }
}
