package io.salesvelocity.velocity.state;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.internals.InternalProcessorContext;
import org.apache.kafka.streams.processor.internals.ProcessorRecordContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * Tells a task's processors that the task is about to commit, so that they write what they changed since the last
 * commit once, in that commit's transaction: a state store that holds nothing and has no changelog, whose cache Kafka
 * Streams flushes, as it flushes every store's record cache, before it flushes the task's producer and commits
 * ({@code StreamTask.prepareCommit}). The processors' {@link CommitBufferedStore}s write at that moment.
 *
 * <p>Why not Kafka Streams' record cache, which also writes a key once per commit: its clean entries stay until the
 * thread's cache is full, and from then on a put evicts from the store written to, which flushes all that store's
 * dirty entries. A task with a million leads fills any cache, after which a store written many times a commit (the
 * outbox, a team's cursors) is written through on every put. Here nothing is kept after a commit.
 *
 * <p>{@link CachedStateStore} is Kafka Streams' internal interface for exactly this call (its record caches use it),
 * and {@link InternalProcessorContext} its way to stamp what a flush writes; the topology tests and the integration
 * tests run this under TopologyTestDriver and the real runtime, so a Kafka upgrade that changes them fails a test,
 * not production.
 */
public final class CommitHook implements StateStore, CachedStateStore<Object, Object> {
  private final String name;
  private final Map<String, Runnable> onCommit = new LinkedHashMap<>();
  private final Map<String, Runnable> onDiscard = new LinkedHashMap<>();
  private boolean open;
  /** The task's context, to stamp what is written at the commit (see {@link #flushCache}). */
  private InternalProcessorContext<?, ?> internal;

  private CommitHook(String name) {
    this.name = name;
  }

  /** Builds a hook named {@code name}: never logged, never cached, whatever the topology asks. */
  public static StoreBuilder<CommitHook> builder(String name) {
    return new Builder(name);
  }

  /**
   * Runs {@code write} before each commit of the task and {@code discard} when the task drops what it did since its
   * last commit (a task closed dirty, to be revived from its changelogs). An earlier registration under the same
   * {@code owner} (a store's name) is replaced: a processor initialized again registers anew.
   */
  public void register(String owner, Runnable write, Runnable discard) {
    onCommit.put(owner, write);
    onDiscard.put(owner, discard);
  }

  @Override
  public void flushCache() {
    if (onCommit.isEmpty()) {
      return;
    }
    if (internal == null) {
      onCommit.values().forEach(Runnable::run);
      return;
    }
    // the changelog records written now carry the timestamp of the task's record context: that of the last input
    // record, whose event time may be ahead of the wall clock, which brokers refuse past an hour; stamp them with
    // that time but never later than the wall clock, as everything else the engine writes (Kafka Streams' own record
    // caches set the record context the same way when they flush)
    ProcessorRecordContext previous = internal.recordContext();
    long now = internal.currentSystemTimeMs();
    long stamp = previous == null ? now : Math.max(0, Math.min(previous.timestamp(), now));
    internal.setRecordContext(previous == null ? new ProcessorRecordContext(stamp, -1, -1, null, new RecordHeaders())
        : new ProcessorRecordContext(stamp, previous.offset(), previous.partition(), previous.topic(),
            new RecordHeaders()));
    try {
      onCommit.values().forEach(Runnable::run);
    } finally {
      internal.setRecordContext(previous);
    }
  }

  @Override
  public void clearCache() {
    onDiscard.values().forEach(Runnable::run);
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<Object, Object> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    this.internal = context instanceof InternalProcessorContext<?, ?> c ? c : null;
    onCommit.clear();
    onDiscard.clear();
    context.register(root, (key, value) -> { }); // nothing to restore: it has no changelog
    open = true;
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    onCommit.clear();
    onDiscard.clear();
    internal = null;
    open = false;
  }

  @Override
  public boolean persistent() {
    return false;
  }

  @Override
  public boolean isOpen() {
    return open;
  }

  private static final class Builder implements StoreBuilder<CommitHook> {
    private final String name;

    Builder(String name) {
      this.name = name;
    }

    @Override
    public StoreBuilder<CommitHook> withCachingEnabled() {
      return this;
    }

    @Override
    public StoreBuilder<CommitHook> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<CommitHook> withLoggingEnabled(Map<String, String> config) {
      return this;
    }

    @Override
    public StoreBuilder<CommitHook> withLoggingDisabled() {
      return this;
    }

    @Override
    public CommitHook build() {
      return new CommitHook(name);
    }

    @Override
    public Map<String, String> logConfig() {
      return Map.of();
    }

    @Override
    public boolean loggingEnabled() {
      return false;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
