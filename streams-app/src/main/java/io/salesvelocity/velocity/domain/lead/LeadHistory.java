package io.salesvelocity.velocity.domain.lead;

import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine remembers of one lead: the accepted events in compact form, plus the raw bytes of events
 * that may still be dead-lettered. Everything the lead contributes is derived from this, so the same set of
 * events gives the same contribution whatever order they arrived in.
 *
 * <p>Bounded, whatever a CRM sends: a created lead keeps at most {@link #MAX_STAGES} stage changes; beyond that the
 * oldest are folded into a {@link Fold} (the team they leave the lead in, and the earliest time at each stage), so
 * that one lead's work and bytes per event stay constant. Their contribution to the teams is already sent and can
 * no longer change, because the lead refuses events older than the fold ({@code too-many-events}). A lead still
 * waiting for its LeadCreated holds the raw bytes of its events (they may yet be refused), at most
 * {@link #MAX_HELD_BYTES} of them.
 */
public final class LeadHistory {
  /** Stage changes a created lead keeps before the oldest are folded (real leads have a handful). */
  public static final int MAX_STAGES = 256;
  /** Stage changes kept by a fold that the horizon alone does not allow: the newest half. */
  static final int KEPT_BY_FOLD = MAX_STAGES / 2;
  /** Raw bytes a lead may hold for events that may still be dead-lettered. */
  public static final long MAX_HELD_BYTES = 512 * 1024;

  static final Comparator<StageEntry> BY_TIME = Comparator.comparingLong(StageEntry::time)
      .thenComparing(StageEntry::eventId);

  private final String leadId;
  private Created created;
  /** Sorted by time, then eventId; the stage changes at or after the fold. */
  private final ArrayList<StageEntry> stages;
  private final Map<String, StageEntry> stagesById;
  private Fold fold;
  private Closed closed;
  /** eventId -> raw record, for events still waiting to be judged (see {@link RawEvent}). */
  private final Map<String, RawEvent> held;
  private long heldBytes;
  private int cachedEntryStage = -1;
  private boolean cachedByOwner;
  private Map<Attribution, Delta> cachedContribution;
  private Object cachedFunnel;
  private boolean funnelSent;

  public LeadHistory(String leadId) {
    this(leadId, null, List.of(), null, null, Map.of());
  }

  public LeadHistory(String leadId, Created created, List<StageEntry> stages, Fold fold, Closed closed,
                     Map<String, RawEvent> held) {
    this.leadId = Objects.requireNonNull(leadId, "leadId");
    this.created = created;
    this.stages = new ArrayList<>(stages);
    this.stages.sort(BY_TIME);
    this.stagesById = new HashMap<>();
    for (StageEntry s : this.stages) {
      stagesById.put(s.eventId(), s);
    }
    this.fold = fold;
    this.closed = closed;
    this.held = new LinkedHashMap<>(held);
    this.held.values().forEach(r -> heldBytes += r.size());
  }

  public String leadId() {
    return leadId;
  }

  public Created created() {
    return created;
  }

  /** The stage changes kept (those at or after the fold), in time order; a read-only view. */
  public List<StageEntry> stages() {
    return Collections.unmodifiableList(stages);
  }

  /** What the stage changes before {@link Fold#before()} left behind; null while nothing is folded. */
  public Fold fold() {
    return fold;
  }

  /** Events earlier than this are no longer comparable with the lead's history (Long.MIN_VALUE: any time). */
  public long foldedBefore() {
    return fold == null ? Long.MIN_VALUE : fold.before();
  }

  public Closed closed() {
    return closed;
  }

  public Map<String, RawEvent> held() {
    return Collections.unmodifiableMap(held);
  }

  public long heldBytes() {
    return heldBytes;
  }

  /** The content fingerprint of the accepted event with this id, or null when the lead has none (kept). */
  public Long fingerprintOf(String eventId) {
    if (created != null && created.eventId().equals(eventId)) {
      return created.fingerprint();
    }
    if (closed != null && closed.eventId().equals(eventId)) {
      return closed.fingerprint();
    }
    StageEntry s = stagesById.get(eventId);
    return s == null ? null : s.fingerprint();
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
    if (!stages.isEmpty()) {
      latest = Math.max(latest, stages.get(stages.size() - 1).time());
    }
    return latest;
  }

  /**
   * Keeps a created lead within {@link #MAX_STAGES}: once it has that many stage changes, the oldest are folded,
   * every one before {@code horizon} (nothing earlier can arrive in time any more) and, if that is not enough, all
   * but the newest {@link #KEPT_BY_FOLD}. Never past the close: the close and its instant stay comparable. Call it
   * before deriving the "before" contribution of an event, never between that and the "after".
   */
  public void compact(long horizon) {
    if (created == null || stages.size() < MAX_STAGES) {
      return;
    }
    long before = Math.max(horizon, stages.get(stages.size() - KEPT_BY_FOLD).time());
    if (closed != null) {
      before = Math.min(before, closed.time());
    }
    int n = 0;
    while (n < stages.size() && stages.get(n).time() < before) {
      n++;
    }
    if (n == 0) {
      return;
    }
    long[] earliest = fold == null ? Fold.none() : fold.earliestByStage().clone();
    String team = fold == null ? null : fold.teamId();
    String owner = fold == null ? null : fold.ownerId();
    // the stage visit the folded changes leave the lead in: what a stage change after them ends
    int visitStage = fold == null ? created.stage() : fold.visitStage();
    long visitBegan = fold == null ? created.time() : fold.visitBegan();
    BigDecimal amount = fold == null ? created.amount() : fold.amount();
    for (StageEntry s : stages.subList(0, n)) {
      if (s.amount() != null) {
        amount = s.amount(); // in time order: the last revision is the amount the folded changes leave
      }
      earliest[s.stage()] = Math.min(earliest[s.stage()], s.time());
      if (s.stage() != visitStage) {
        visitStage = s.stage();
        visitBegan = s.time();
      }
      if (s.teamId() != null) {
        team = s.teamId(); // in (time, eventId) order: the last one is the team the folded changes leave
      }
      if (s.ownerId() != null) {
        owner = s.ownerId();
      }
      stagesById.remove(s.eventId());
      release(s.eventId());
    }
    stages.subList(0, n).clear();
    fold = new Fold(Math.max(before, foldedBefore()), team, earliest, owner, visitStage, visitBegan, amount);
    changed();
  }

  void setCreated(Created c) {
    this.created = c;
    changed();
  }

  void addStage(StageEntry s) {
    int at = Collections.binarySearch(stages, s, BY_TIME);
    stages.add(at < 0 ? -at - 1 : at, s);
    stagesById.put(s.eventId(), s);
    changed();
  }

  void removeStage(StageEntry s) {
    int at = Collections.binarySearch(stages, s, BY_TIME);
    if (at >= 0) {
      stages.remove(at);
      stagesById.remove(s.eventId());
      changed();
    }
  }

  void setClosed(Closed c) {
    this.closed = c;
    changed();
  }

  /**
   * The contribution derived from this history, remembered until the history changes: the lead processor
   * needs it before and after each event, and the "after" of one event is the "before" of the next.
   */
  Map<Attribution, Delta> cachedContribution(int entryStage, boolean byOwner) {
    return cachedEntryStage == entryStage && cachedByOwner == byOwner ? cachedContribution : null;
  }

  void cacheContribution(int entryStage, boolean byOwner, Map<Attribution, Delta> contribution) {
    this.cachedEntryStage = entryStage;
    this.cachedByOwner = byOwner;
    this.cachedContribution = contribution;
  }

  /**
   * Whether the teams have this lead's stage funnel facts: false for a lead stored before the funnel existed or while
   * it was off, so that its next change sends them all rather than a difference (see {@link LeadFunnel#firstSend}).
   */
  public boolean funnelSent() {
    return funnelSent;
  }

  public void setFunnelSent(boolean sent) {
    this.funnelSent = sent;
  }

  /** The stage funnel facts derived from this history (see {@link LeadFunnel}), remembered like the contribution. */
  Object cachedFunnel() {
    return cachedFunnel;
  }

  void cacheFunnel(Object funnel) {
    this.cachedFunnel = funnel;
  }

  private void changed() {
    cachedEntryStage = -1;
    cachedContribution = null;
    cachedFunnel = null;
  }

  void hold(RawEvent raw) {
    RawEvent previous = held.put(raw.eventId(), raw);
    heldBytes += raw.size() - (previous == null ? 0 : previous.size());
  }

  RawEvent release(String eventId) {
    RawEvent raw = held.remove(eventId);
    if (raw != null) {
      heldBytes -= raw.size();
    }
    return raw;
  }

  /**
   * LeadCreated, in compact form; {@code profile} the lead's segment values on it, its owner the rep it names
   * (null: none, and for state written before segments); {@code amount} its estimated amount (null: none given).
   */
  public record Created(String eventId, long time, String teamId, int stage, long fingerprint, SegmentTag profile,
                        BigDecimal amount) {
    public Created(String eventId, long time, String teamId, int stage, long fingerprint, SegmentTag profile) {
      this(eventId, time, teamId, stage, fingerprint, profile, null);
    }

    public Created(String eventId, long time, String teamId, int stage, long fingerprint) {
      this(eventId, time, teamId, stage, fingerprint, null);
    }

    /** The lead's segment values; all unknown for a lead stored without them. */
    public SegmentTag segments() {
      return profile == null ? NO_PROFILE : profile;
    }
  }

  /**
   * An accepted StageChanged; {@code teamId} and {@code ownerId} null when it does not reassign the lead,
   * {@code amount} null when it does not revise the estimated amount.
   */
  public record StageEntry(String eventId, long time, int stage, String teamId, long fingerprint, String ownerId,
                           BigDecimal amount) {
    public StageEntry(String eventId, long time, int stage, String teamId, long fingerprint, String ownerId) {
      this(eventId, time, stage, teamId, fingerprint, ownerId, null);
    }

    public StageEntry(String eventId, long time, int stage, String teamId, long fingerprint) {
      this(eventId, time, stage, teamId, fingerprint, null);
    }
  }

  /** The accepted DealClosed; {@code amount} null for a lost deal; {@code teamId}, {@code ownerId} null unless reassigned. */
  public record Closed(String eventId, long time, boolean won, BigDecimal amount, String teamId, long fingerprint,
                       String ownerId) {
    public Closed(String eventId, long time, boolean won, BigDecimal amount, String teamId, long fingerprint) {
      this(eventId, time, won, amount, teamId, fingerprint, null);
    }
  }

  private static final SegmentTag NO_PROFILE = new SegmentTag(null, null, null, null, null);

  /**
   * The stage changes before {@code before}, folded: {@code teamId} is the team the last of them reassigned the lead
   * to (null: none did), {@code ownerId} likewise the rep, {@code earliestByStage[s]} the earliest time the lead
   * reached stage s in them (Long.MAX_VALUE: never). Their instants are all before {@code before}. {@code visitStage}
   * and {@code visitBegan} are the stage visit they leave the lead in and when it began ({@link #UNKNOWN_VISIT}: a
   * fold stored before the stage funnel, whose visit at the fold is not known). {@code amount} is the latest estimated
   * amount of the LeadCreated and the folded changes (null: none, or stored before amounts were kept).
   */
  public record Fold(long before, String teamId, long[] earliestByStage, String ownerId, int visitStage,
                     long visitBegan, BigDecimal amount) {
    /** The {@code visitStage} of a fold that does not know the visit it leaves the lead in. */
    public static final int UNKNOWN_VISIT = -1;

    public Fold {
      earliestByStage = earliestByStage.clone();
    }

    public Fold(long before, String teamId, long[] earliestByStage, String ownerId, int visitStage,
                long visitBegan) {
      this(before, teamId, earliestByStage, ownerId, visitStage, visitBegan, null);
    }

    public Fold(long before, String teamId, long[] earliestByStage, String ownerId) {
      this(before, teamId, earliestByStage, ownerId, UNKNOWN_VISIT, Long.MIN_VALUE);
    }

    public Fold(long before, String teamId, long[] earliestByStage) {
      this(before, teamId, earliestByStage, null);
    }

    static long[] none() {
      long[] a = new long[io.salesvelocity.schemas.Stage.values().length];
      Arrays.fill(a, Long.MAX_VALUE);
      return a;
    }

    @Override
    public long[] earliestByStage() {
      return earliestByStage.clone();
    }

    /** The earliest folded time at stage {@code stage} or above; Long.MAX_VALUE when there is none. */
    public long earliestAtOrAbove(int stage) {
      long min = Long.MAX_VALUE;
      for (int s = stage; s < earliestByStage.length; s++) {
        min = Math.min(min, earliestByStage[s]);
      }
      return min;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Fold f && f.before == before && Objects.equals(f.teamId, teamId)
          && Objects.equals(f.ownerId, ownerId) && Arrays.equals(f.earliestByStage, earliestByStage)
          && f.visitStage == visitStage && f.visitBegan == visitBegan && Objects.equals(f.amount, amount);
    }

    @Override
    public int hashCode() {
      return Objects.hash(before, teamId, ownerId, visitStage, visitBegan, amount) * 31
          + Arrays.hashCode(earliestByStage);
    }

    @Override
    public String toString() {
      return "Fold[before=" + before + ", teamId=" + teamId + ", ownerId=" + ownerId + ", earliestByStage="
          + Arrays.toString(earliestByStage) + ", visitStage=" + visitStage + ", visitBegan=" + visitBegan + ", amount=" + amount + "]";
    }
  }
}
