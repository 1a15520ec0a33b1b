package io.salesvelocity.velocity.lead;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine remembers of one lead: the accepted events in compact form, plus the raw bytes of events
 * that may still be dead-lettered. Everything the lead contributes is derived from this, so the same set of
 * events gives the same contribution whatever order they arrived in.
 */
public final class LeadHistory {
  static final Comparator<StageEntry> BY_TIME = Comparator.comparingLong(StageEntry::time)
      .thenComparing(StageEntry::eventId);

  private final String leadId;
  private Created created;
  private final List<StageEntry> stages;
  private Closed closed;
  /** eventId -> raw record, for events still waiting to be judged (see {@link RawEvent}). */
  private final Map<String, RawEvent> held;
  private int cachedEntryStage = -1;
  private Map<TeamInstant, io.salesvelocity.velocity.math.Delta> cachedContribution;

  public LeadHistory(String leadId) {
    this(leadId, null, new ArrayList<>(), null, new LinkedHashMap<>());
  }

  public LeadHistory(String leadId, Created created, List<StageEntry> stages, Closed closed,
                     Map<String, RawEvent> held) {
    this.leadId = Objects.requireNonNull(leadId, "leadId");
    this.created = created;
    this.stages = new ArrayList<>(stages);
    this.stages.sort(BY_TIME);
    this.closed = closed;
    this.held = new LinkedHashMap<>(held);
  }

  public String leadId() {
    return leadId;
  }

  public Created created() {
    return created;
  }

  /** The stage changes in time order; a read-only view (copy it to change the history while iterating). */
  public List<StageEntry> stages() {
    return java.util.Collections.unmodifiableList(stages);
  }

  public Closed closed() {
    return closed;
  }

  public Map<String, RawEvent> held() {
    return Map.copyOf(held);
  }

  public boolean hasSeen(String eventId) {
    if (created != null && created.eventId().equals(eventId)) {
      return true;
    }
    if (closed != null && closed.eventId().equals(eventId)) {
      return true;
    }
    for (StageEntry s : stages) {
      if (s.eventId().equals(eventId)) {
        return true;
      }
    }
    return false;
  }

  /** The latest event time this lead has seen; drives expiry of leads waiting for their LeadCreated. */
  public long latestTime() {
    long latest = Long.MIN_VALUE;
    if (created != null) {
      latest = created.time();
    }
    if (closed != null) {
      latest = Math.max(latest, closed.time());
    }
    for (StageEntry s : stages) {
      latest = Math.max(latest, s.time());
    }
    return latest;
  }

  void setCreated(Created c) {
    this.created = c;
    changed();
  }

  void addStage(StageEntry s) {
    stages.add(s);
    stages.sort(BY_TIME);
    changed();
  }

  void removeStage(String eventId) {
    stages.removeIf(s -> s.eventId().equals(eventId));
    changed();
  }

  void setClosed(Closed c) {
    this.closed = c;
    changed();
  }

  /**
   * The contribution derived from this history, remembered until the history changes: the lead processor
   * needs it before and after each event, and the "after" of one event is the "before" of the next.
   */
  Map<TeamInstant, io.salesvelocity.velocity.math.Delta> cachedContribution(int entryStage) {
    return cachedEntryStage == entryStage ? cachedContribution : null;
  }

  void cacheContribution(int entryStage, Map<TeamInstant, io.salesvelocity.velocity.math.Delta> contribution) {
    this.cachedEntryStage = entryStage;
    this.cachedContribution = contribution;
  }

  private void changed() {
    cachedEntryStage = -1;
    cachedContribution = null;
  }

  void hold(RawEvent raw) {
    held.put(raw.eventId(), raw);
  }

  RawEvent release(String eventId) {
    return held.remove(eventId);
  }

  /** LeadCreated, in compact form. */
  public record Created(String eventId, long time, String teamId, int stage) { }

  /** An accepted StageChanged; {@code teamId} null when it does not reassign the lead. */
  public record StageEntry(String eventId, long time, int stage, String teamId) { }

  /** The accepted DealClosed; {@code amount} null for a lost deal. */
  public record Closed(String eventId, long time, boolean won, BigDecimal amount, String teamId) { }
}
