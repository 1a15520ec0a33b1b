package io.salesvelocity.backtest.replay;

import io.salesvelocity.velocity.inline.InlineRunner;
import io.salesvelocity.velocity.topology.DecodedEvents;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/**
 * Prepares a replay's events a batch ahead on a thread of its own: copies each event's bytes out of the store and
 * decodes them ({@link InlineRunner#decode}), so the replaying thread finds them ready and only processes, on the
 * other core. Decoding is pure, so the replay's results do not depend on it; an event whose decoding fails comes
 * without a result, and the engine decodes it again itself and handles what is wrong, as it would have.
 */
final class DecodeAhead implements AutoCloseable {
  static final int BATCH = 4096;

  /** One event ready to send: the arrays to send (the decoded result is held for exactly these) and the result. */
  record Prepared(String topic, byte[] key, byte[] value, long timestamp, DecodedEvents.Ahead decoded) { }

  private final ReplayEvents events;
  private final int[] order;
  private final InlineRunner engine;
  private final IntFunction<String> topicOf;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "backtest-decode-ahead");
    t.setDaemon(true);
    return t;
  });
  private Future<Prepared[]> next;
  private Prepared[] current = new Prepared[0];
  private int currentFrom;
  private int cursor;

  /** {@code topicOf}: the input topic of an event's index. */
  DecodeAhead(ReplayEvents events, int[] order, InlineRunner engine, IntFunction<String> topicOf) {
    this.events = events;
    this.order = order;
    this.engine = engine;
    this.topicOf = topicOf;
    this.next = order.length == 0 ? null : worker.submit(() -> prepare(0));
  }

  /** The next event in {@code order}. */
  Prepared next() {
    if (cursor - currentFrom >= current.length) {
      try {
        current = next.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while decoding ahead", e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("decoding ahead failed: " + e.getCause(), e.getCause());
      }
      currentFrom = cursor;
      int following = cursor + current.length;
      next = following < order.length ? worker.submit(() -> prepare(following)) : null;
    }
    return current[cursor++ - currentFrom];
  }

  private Prepared[] prepare(int from) {
    Prepared[] batch = new Prepared[Math.min(BATCH, order.length - from)];
    for (int n = 0; n < batch.length; n++) {
      int i = order[from + n];
      String topic = topicOf.apply(i);
      byte[] key = events.key(i);
      byte[] value = events.value(i);
      // the record timestamp is only a placeholder: the engine reads event time from the payload, and Kafka
      // records have no timestamps before 1970
      long timestamp = Math.max(events.time(i), 0);
      DecodedEvents.Ahead decoded;
      try {
        decoded = engine.decode(topic, key, value, timestamp);
      } catch (RuntimeException e) {
        decoded = null; // the engine decodes it again when it is sent, and says what is wrong
      }
      batch[n] = new Prepared(topic, key, value, timestamp, decoded);
    }
    return batch;
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
