package io.salesvelocity.velocity.state;

import io.salesvelocity.velocity.domain.lead.LeadHistory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The lead histories a lead task used last, decoded, in front of its store (write-through: every change is
 * put in the store as well, so the store stays the truth and a restored task starts with an empty cache).
 * Bounded, least recently used first out. Safe to hand out live objects because the lead rules change a
 * history only when they accept an event, and an accepted event is always written back.
 */
public final class RecentLeads {
  private final int capacity;
  private final LinkedHashMap<String, LeadHistory> byId;

  public RecentLeads(int capacity) {
    this.capacity = capacity;
    this.byId = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, LeadHistory> eldest) {
        return size() > RecentLeads.this.capacity;
      }
    };
  }

  /** The cached history, or null when it is not cached. */
  public LeadHistory get(String leadId) {
    return capacity == 0 ? null : byId.get(leadId);
  }

  public void put(LeadHistory lead) {
    if (capacity > 0) {
      byId.put(lead.leadId(), lead);
    }
  }

  public void remove(String leadId) {
    byId.remove(leadId);
  }

  public void clear() {
    byId.clear();
  }
}
