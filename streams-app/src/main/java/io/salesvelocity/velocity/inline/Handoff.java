package io.salesvelocity.velocity.inline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;

/**
 * Items taken on, in the order added, by a thread of their own: the second stage of a two-stage pipeline. Items
 * travel in batches, so the threads meet once per batch rather than once per item. A failure of the consumer
 * stops it (later items are dropped) and is thrown to the producing thread at its next {@link #add} of a full batch
 * or {@link #flush}, so nothing fails silently.
 */
final class Handoff<T> implements AutoCloseable {
  static final int BATCH = 1024;
  /** Batches in flight: bounds the memory, and how far the producer runs ahead of the consumer. */
  private static final int QUEUED_BATCHES = 8;

  /** A batch (possibly empty); {@code done} is counted down once it is taken on; {@code last} ends the thread. */
  private record Item<T>(List<T> batch, CountDownLatch done, boolean last) { }

  private final BlockingQueue<Item<T>> queue = new ArrayBlockingQueue<>(QUEUED_BATCHES);
  private final Consumer<T> consumer;
  private final Thread thread;
  private List<T> batch = new ArrayList<>(BATCH);
  private volatile Throwable failure;
  /** Whether the failure was thrown already: once is enough (and a second time would suppress itself). */
  private boolean thrown;
  private boolean closed;

  Handoff(String threadName, Consumer<T> consumer) {
    this.consumer = consumer;
    this.thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    while (true) {
      Item<T> item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        failure = e;
        return;
      }
      if (failure == null) {
        try {
          item.batch().forEach(consumer);
        } catch (Throwable t) { // whatever it is, the producer must hear of it
          failure = t;
        }
      }
      if (item.done() != null) {
        item.done().countDown();
      }
      if (item.last()) {
        return;
      }
    }
  }

  /** Adds an item; passes the batch on once full. */
  void add(T item) {
    batch.add(item);
    if (batch.size() >= BATCH) {
      throwIfFailed();
      put(new Item<>(batch, null, false));
      batch = new ArrayList<>(BATCH);
    }
  }

  /** Returns once every item added has been taken on; throws what the consumer failed on, if it did. */
  void flush() {
    CountDownLatch done = new CountDownLatch(1);
    put(new Item<>(batch, done, false));
    batch = new ArrayList<>(BATCH);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the pipeline's second stage", e);
    }
    throwIfFailed();
  }

  /** Ends the thread after what was added so far (without throwing what it failed on: {@link #flush} does). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      put(new Item<>(batch, null, true));
    } catch (IllegalStateException e) {
      return; // the thread has already stopped
    }
    batch = new ArrayList<>();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void put(Item<T> item) {
    try {
      while (!queue.offer(item, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        if (!thread.isAlive()) {
          throw new IllegalStateException("the pipeline's second stage has stopped", failure);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while handing over to the pipeline's second stage", e);
    }
  }

  private void throwIfFailed() {
    Throwable t = failure;
    if (t == null || thrown) {
      return;
    }
    thrown = true;
    if (t instanceof RuntimeException e) {
      throw e;
    }
    if (t instanceof Error e) {
      throw e;
    }
    throw new IllegalStateException("the pipeline's second stage failed: " + t, t);
  }
}
