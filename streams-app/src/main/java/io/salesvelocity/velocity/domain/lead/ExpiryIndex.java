package io.salesvelocity.velocity.domain.lead;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * When each lead that may be let go becomes due: a closed lead once its close is past the grace period (it is
 * then forgotten), a lead still waiting for its LeadCreated once its latest event is (what it holds is then
 * refused). Open leads are not in it. It is derived from the lead histories alone ({@link #expiryTime}), so it
 * needs no storage of its own: it is rebuilt from the histories whenever they are loaded.
 */
public final class ExpiryIndex {
  /** A lead that is due, and whether it had been created when it was last indexed. */
  public record Due(String leadId, boolean created) {
  }

  private record Key(long time, String leadId) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int byTime = Long.compare(time, o.time);
      return byTime != 0 ? byTime : leadId.compareTo(o.leadId);
    }
  }

  private final TreeMap<Key, Boolean> entries = new TreeMap<>();

  /** When {@code lead} may be forgotten (closed) or given up on (never created); null while it is open. */
  public static Long expiryTime(LeadHistory lead) {
    if (lead.created() == null) {
      return lead.latestTime();
    }
    return lead.closed() == null ? null : lead.closed().time();
  }

  /** Indexes {@code lead} as it is now, given when it was due before it changed (null: not indexed). */
  public void update(LeadHistory lead, Long before) {
    Long after = expiryTime(lead);
    if (before != null && !before.equals(after)) {
      entries.remove(new Key(before, lead.leadId()));
    }
    if (after != null) {
      entries.put(new Key(after, lead.leadId()), lead.created() != null);
    }
  }

  /** Removes and returns the leads due strictly before {@code horizon}, earliest first. */
  public List<Due> pollBefore(long horizon) {
    if (entries.isEmpty() || entries.firstKey().time() >= horizon) {
      return List.of(); // the usual case: it is asked on every event
    }
    List<Due> due = new ArrayList<>();
    Iterator<Map.Entry<Key, Boolean>> it = entries.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Key, Boolean> e = it.next();
      if (e.getKey().time() >= horizon) {
        break;
      }
      due.add(new Due(e.getKey().leadId(), e.getValue()));
      it.remove();
    }
    return due;
  }

  public void clear() {
    entries.clear();
  }
}
