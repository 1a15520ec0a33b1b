package io.salesvelocity.generator;

import io.salesvelocity.history.HistoryWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.function.Consumer;

/** Writes simulated traffic, in delivery order, to a history file until a simulated instant or an event count. */
public final class HistoryExport {
  /** How far an export got: entries written (events, plus unreadable lines), and skipped unrepresentable ones. */
  public record Progress(long written, long skipped, Instant simulatedTime) { }

  private HistoryExport() {
  }

  public static Progress write(Iterator<Delivery> source, HistoryWriter writer, Instant until, long maxEvents,
                               Consumer<Progress> onProgress) {
    long skipped = 0;
    long lastReport = System.nanoTime();
    Instant at = null;
    while (writer.written() < maxEvents && source.hasNext()) {
      Delivery d = source.next();
      if (until != null && !d.deliverAt().isBefore(until)) {
        break;
      }
      at = d.deliverAt();
      if (d.record() != null) {
        writer.write(d.record());
      } else if (!writer.writeUnreadable(new String(d.rawValue(), StandardCharsets.UTF_8))) {
        skipped++;
      }
      if (onProgress != null && (writer.written() & 0xFFFF) == 0 && System.nanoTime() - lastReport > 1_000_000_000L) {
        onProgress.accept(new Progress(writer.written(), skipped, at));
        lastReport = System.nanoTime();
      }
    }
    return new Progress(writer.written(), skipped, at);
  }
}
