package io.salesvelocity.cli.bench;

import io.salesvelocity.velocity.runtime.EngineConfig;
import io.salesvelocity.velocity.runtime.VelocityEngine;
import io.salesvelocity.velocity.topology.EngineMetrics;
import io.salesvelocity.velocity.topology.Names;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** The state an engine holds (heap and store entries) and the time a new instance takes to restore it. */
final class RestoreCheck {
  private long heapWithState;
  private long held;
  private Map<String, Long> byStore = Map.of();

  /** With the engine still running: heap live after a full GC, entries per store and the heap each holds. */
  void measureRunning(VelocityEngine engine) {
    heapWithState = heapAfterFullGc();
    System.out.printf("State: %s entries%n", storeEntries(engine));
    byStore = EngineMetrics.stateHeap(engine.streams().metrics());
  }

  /**
   * The heap each store on the heap reported at the last commit (its {@code state-heap-bytes}: keys, values and the
   * map's nodes), by store name.
   */
  Map<String, Long> heapByStore() {
    return byStore;
  }

  /** After the engine closed: what the heap lost is what the engine held. */
  void measureClosed() {
    long heapWithout = heapAfterFullGc();
    held = heapWithState - heapWithout;
    System.out.printf("State: heap live after a full GC %,d MiB with the engine running, %,d MiB after it "
            + "closed: the engine held %,d MiB (state stores on the heap, record caches, client buffers)%n",
        heapWithState >> 20, heapWithout >> 20, (heapWithState - heapWithout) >> 20);
  }

  /** What the heap lost when the engine closed, after {@link #measureClosed()}. */
  long heldBytes() {
    return held;
  }

  /** A new instance of the application restores every store from its changelog before it runs. */
  static double timeRestore(EngineConfig config) throws InterruptedException {
    long start = System.nanoTime();
    try (VelocityEngine engine = new VelocityEngine(config).start()) {
      if (!engine.awaitRunning(Duration.ofMinutes(10))) {
        throw new IllegalStateException("restored engine not RUNNING: " + engine.state());
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      Map<String, Long> restored = engine.restoredRecords();
      long total = restored.values().stream().mapToLong(Long::longValue).sum();
      System.out.printf("Restore: a new instance on an empty state directory was RUNNING after %.2f s, having "
          + "restored %,d changelog records (%,.0f records/s): %s%n", seconds, total, total / seconds, restored);
      return seconds;
    }
  }

  /** Entries per store, as the stores count them (RocksDB's is an estimate). */
  private static Map<String, Long> storeEntries(VelocityEngine engine) {
    Map<String, Long> out = new TreeMap<>();
    for (String store : List.of(Names.LEAD_STATE_STORE, Names.TEAM_DAYS_STORE, Names.TEAM_OPEN_VISITS_STORE,
        Names.TEAM_CURSOR_STORE)) {
      out.put(store, engine.streams().store(StoreQueryParameters.fromNameAndType(store,
          QueryableStoreTypes.keyValueStore())).approximateNumEntries());
    }
    return out;
  }

  /**
   * The heap live after a full collection: each heap pool's usage as that collection left it. Not the heap's usage
   * read after it: by then the running engine's and the broker's threads have each taken a new allocation buffer
   * from the emptied young generation, and a buffer counts as used in full as soon as it is taken (about 80 MiB of a
   * 16 GB heap in `bench state`, against a class histogram's total).
   */
  static long heapAfterFullGc() {
    ManagementFactory.getMemoryMXBean().gc();
    long live = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      MemoryUsage afterCollection = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
      if (afterCollection != null) {
        live += afterCollection.getUsed();
      }
    }
    return live;
  }
}
