package io.salesvelocity.generator;

import io.salesvelocity.schemas.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Publishes simulated CRM traffic to Kafka with the Confluent Avro serializer. Pacing: as fast as possible,
 * at a target rate, or with simulated time compressed ({@code speed} simulated seconds per wall second).
 * Record timestamps are left to the producer by default (the send time, as a CRM's producer sets them), or are
 * the events' delivery times in simulated time ({@link RecordTimestamps#DELIVERY_TIME}); brokers refuse
 * timestamps more than {@code log.message.timestamp.after.max.ms} (1 h by default) in the future.
 */
public final class LivePublisher implements AutoCloseable {
  /** The topic each type of event goes to (the engine's input topics: {@code TopicNames::input}). */
  @FunctionalInterface
  public interface Topics {
    String of(EventType type);
  }

  /** How fast: {@code eventsPerSecond} 0 = unlimited; {@code speed} 0 = no time pacing. */
  public record Pace(double eventsPerSecond, double speed) {
    public static Pace unlimited() {
      return new Pace(0, 0);
    }
  }

  /** Progress so far. */
  public record Progress(long sent, double ratePerSecond, Instant simulatedTime) { }

  /** How records are stamped. */
  public enum RecordTimestamps {
    /** As Kafka's producer does when it is not told: the time of the send. */
    PRODUCER,
    /** The simulated delivery time of the event. */
    DELIVERY_TIME
  }

  private static final int BATCH = 2048;

  private record Serialized(Delivery delivery, String topic, byte[] value) { }
  private final AtomicLong failedSends = new AtomicLong();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
  private final org.apache.kafka.clients.producer.Callback onSent = (meta, e) -> {
    if (e != null) {
      failedSends.incrementAndGet();
      firstFailure.compareAndSet(null, e);
    }
  };
  private final KafkaProducer<String, byte[]> producer;
  private final Serializer<SpecificRecord> serializer;
  private final Topics topics;
  private final RecordTimestamps timestamps;
  private final AtomicBoolean stopped = new AtomicBoolean();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicReference<Instant> simulated = new AtomicReference<>();

  /**
   * @param producerProps bootstrap.servers and any producer overrides
   * @param serializer    a configured value serializer (the Confluent Avro one)
   */
  public LivePublisher(Map<String, Object> producerProps, Serializer<SpecificRecord> serializer, Topics topics) {
    this(producerProps, serializer, topics, RecordTimestamps.PRODUCER);
  }

  public LivePublisher(Map<String, Object> producerProps, Serializer<SpecificRecord> serializer, Topics topics,
                       RecordTimestamps timestamps) {
    this.timestamps = timestamps;
    Properties p = new Properties();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.putAll(producerProps);
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.serializer = serializer;
    this.topics = topics;
  }

  /**
   * Sends deliveries until {@code maxEvents} are sent, simulated time reaches {@code simulatedEnd}, wall time
   * {@code maxWall} has passed, or {@link #stop()}. Returns the number sent.
   */
  public long run(java.util.Iterator<Delivery> source, Pace pace, long maxEvents, Instant simulatedEnd, Duration maxWall,
                  Consumer<Progress> onProgress) {
    if (pace.eventsPerSecond() <= 0 && pace.speed() <= 0) {
      return runPipelined(source, maxEvents, simulatedEnd, maxWall, onProgress);
    }
    long startNanos = System.nanoTime();
    Instant simStart = null;
    long lastReport = startNanos;
    long count = 0;
    while (!stopped.get() && count < maxEvents && source.hasNext()) {
      if (maxWall != null && System.nanoTime() - startNanos > maxWall.toNanos()) {
        break;
      }
      Delivery d = source.next();
      if (simulatedEnd != null && d.deliverAt().isAfter(simulatedEnd)) {
        break;
      }
      if (simStart == null) {
        simStart = d.deliverAt();
      }
      waitForTurn(pace, startNanos, count, simStart, d.deliverAt());
      String topic = topics.of(d.kind());
      byte[] value = d.record() != null ? serializer.serialize(topic, d.record()) : d.rawValue();
      producer.send(new ProducerRecord<>(topic, null, timestampOf(d), d.key(), value), onSent);
      count++;
      sent.incrementAndGet();
      simulated.set(d.deliverAt());
      long now = System.nanoTime();
      if (onProgress != null && now - lastReport >= 1_000_000_000L) {
        onProgress.accept(new Progress(count, count / ((now - startNanos) / 1e9), d.deliverAt()));
        lastReport = now;
      }
    }
    producer.flush();
    checkSent(count);
    return count;
  }

  /**
   * As fast as possible: the simulation and serialization run on their own thread, a batch ahead of this one,
   * which sends (the two halves of the work each keep a core busy). Whatever was simulated is sent, also when stopped
   * early, so the ground truth still describes exactly what was published.
   */
  private long runPipelined(java.util.Iterator<Delivery> source, long maxEvents, Instant simulatedEnd,
                            Duration maxWall, Consumer<Progress> onProgress) {
    long startNanos = System.nanoTime();
    long deadline = maxWall == null ? Long.MAX_VALUE : startNanos + maxWall.toNanos();
    java.util.concurrent.BlockingQueue<java.util.List<Serialized>> queue =
        new java.util.concurrent.ArrayBlockingQueue<>(4);
    java.util.List<Serialized> end = java.util.List.of();
    Thread simulation = new Thread(() -> {
      long made = 0;
      try {
        while (!stopped.get() && made < maxEvents && System.nanoTime() < deadline && source.hasNext()) {
          java.util.List<Serialized> batch = new java.util.ArrayList<>(BATCH);
          while (batch.size() < BATCH && made < maxEvents && source.hasNext()) {
            Delivery d = source.next();
            if (simulatedEnd != null && d.deliverAt().isAfter(simulatedEnd)) {
              made = maxEvents; // past the end: nothing after it is sent either
              break;
            }
            String topic = topics.of(d.kind());
            batch.add(new Serialized(d, topic, d.record() != null ? serializer.serialize(topic, d.record())
                : d.rawValue()));
            made++;
          }
          queue.put(batch);
        }
        queue.put(end);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "generator-simulation");
    simulation.setDaemon(true);
    simulation.start();
    long count = 0;
    long lastReport = startNanos;
    try {
      for (java.util.List<Serialized> batch = queue.take(); batch != end; batch = queue.take()) {
        for (Serialized s : batch) {
          Delivery d = s.delivery();
          producer.send(new ProducerRecord<>(s.topic(), null, timestampOf(d), d.key(), s.value()), onSent);
          count++;
          sent.incrementAndGet();
          simulated.set(d.deliverAt());
        }
        long now = System.nanoTime();
        if (onProgress != null && now - lastReport >= 1_000_000_000L) {
          onProgress.accept(new Progress(count, count / ((now - startNanos) / 1e9), simulated.get()));
          lastReport = now;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopped.set(true);
    }
    producer.flush();
    checkSent(count);
    return count;
  }

  /**
   * Fails the run if the broker did not take every record: the count sent (and the ground truth) must not claim
   * events that are not in Kafka. The producer retries what can be retried until its delivery timeout first.
   */
  private void checkSent(long count) {
    long failed = failedSends.getAndSet(0);
    Exception first = firstFailure.getAndSet(null);
    if (failed > 0) {
      throw new IllegalStateException(failed + " of " + count + " events were not published: " + first, first);
    }
  }

  private Long timestampOf(Delivery d) {
    return timestamps == RecordTimestamps.DELIVERY_TIME ? d.deliverAt().toEpochMilli() : null;
  }

  private void waitForTurn(Pace pace, long startNanos, long count, Instant simStart, Instant at) {
    long dueNanos = 0;
    if (pace.eventsPerSecond() > 0) {
      dueNanos = Math.max(dueNanos, (long) (count / pace.eventsPerSecond() * 1e9));
    }
    if (pace.speed() > 0) {
      dueNanos = Math.max(dueNanos, (long) ((at.toEpochMilli() - simStart.toEpochMilli()) / pace.speed() * 1e6));
    }
    long waitNanos = startNanos + dueNanos - System.nanoTime();
    if (waitNanos > 1_000_000) {
      try {
        Thread.sleep(waitNanos / 1_000_000); // pacing to a schedule is what sleeping is for
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopped.set(true);
      }
    }
  }

  public void stop() {
    stopped.set(true);
  }

  /** Events sent by every run so far, and the simulated time of the latest. */
  public Progress progress() {
    return new Progress(sent.get(), 0, simulated.get());
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
