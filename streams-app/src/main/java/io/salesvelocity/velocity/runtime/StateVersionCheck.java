package io.salesvelocity.velocity.runtime;

import io.salesvelocity.velocity.topology.Names;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;

/**
 * Refuses to run an application whose state an earlier version of the engine wrote: this version keeps its state in
 * other stores (by day, in other formats) and cannot read it. The changelog topics of the stores it retired are the
 * mark of such state; the remedy is to reset the application (which deletes its internal topics) and let it
 * reprocess its input topics, the source of truth.
 */
final class StateVersionCheck {
  private StateVersionCheck() {
  }

  /** Throws {@link IllegalStateException}, saying what to do, if {@code applicationId} has state of an earlier version. */
  static void check(Admin admin, String applicationId) {
    Set<String> topics;
    try {
      topics = admin.listTopics().names().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while listing topics", e);
    } catch (ExecutionException e) {
      throw new KafkaException("cannot list the cluster's topics to check the application's state", e.getCause());
    }
    List<String> earlier = retiredChangelogs(applicationId, topics);
    if (!earlier.isEmpty()) {
      throw new IllegalStateException("Application " + applicationId + " holds state written by an earlier version of "
          + "the engine (changelog topics " + String.join(", ", earlier) + "), which this version does not read: it "
          + "keeps its state by day, in other stores. Stop every instance of the application, run `velocity reset "
          + "--config FILE` (it deletes the application's internal topics and rewinds its input), then start this "
          + "version: it reprocesses the input topics from the start. Or run it under a new application.id.");
    }
  }

  /** The changelog topics of retired stores among {@code topics}, sorted. */
  static List<String> retiredChangelogs(String applicationId, Set<String> topics) {
    Set<String> found = new TreeSet<>();
    for (String store : Names.RETIRED_STORES) {
      String changelog = applicationId + "-" + store + "-changelog";
      if (topics.contains(changelog)) {
        found.add(changelog);
      }
    }
    return List.copyOf(found);
  }
}
