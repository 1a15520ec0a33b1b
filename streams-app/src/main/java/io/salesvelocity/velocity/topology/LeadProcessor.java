package io.salesvelocity.velocity.topology;

import io.salesvelocity.velocity.lead.DeadLetter;
import io.salesvelocity.velocity.lead.ExpiryIndex;
import io.salesvelocity.velocity.lead.LeadContribution;
import io.salesvelocity.velocity.lead.LeadEvent;
import io.salesvelocity.velocity.lead.LeadHistory;
import io.salesvelocity.velocity.lead.LeadRules;
import io.salesvelocity.velocity.lead.RawEvent;
import io.salesvelocity.velocity.lead.Rejection;
import io.salesvelocity.velocity.lead.TeamInstant;
import io.salesvelocity.velocity.lead.Verdict;
import io.salesvelocity.velocity.math.Delta;
import io.salesvelocity.velocity.math.VelocityFigures;
import io.salesvelocity.velocity.team.TeamDelta;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keyed by leadId: decodes and validates each CRM event, applies the lead rules to the lead's history, and
 * sends the teams the difference the event makes to the lead's contribution. Refused events go out as dead
 * letters. Event time is its own clock (the largest event time accepted on this task), persisted so a
 * restart judges lateness the same way.
 */
final class LeadProcessor implements Processor<byte[], byte[], String, LeadOutput> {
  private static final String CLOCK_KEY = "event-time";
  /** Key of clock ticks on the team-deltas topic; team ids are never blank, so it cannot collide. */
  static final String TICK_KEY = "";
  /** Header of everything sent to the teams: the lead partition it comes from (see {@code LeadClocks}). */
  static final String PARTITION_HEADER = "velocity.lead.partition";
  /**
   * Decoded lead histories each lead task keeps on the heap (least recently used go first): a lead's events are
   * days to months of event time apart, so a few hundred bytes per lead buys skipping most store reads.
   */
  private static final int RECENT_LEADS = 100_000;

  private final CrmEventDecoder decoder;
  private final EngineSettings settings;
  private final int entryStage;
  private final long graceMillis;
  private final RecentLeads recent;

  private ProcessorContext<String, LeadOutput> context;
  private KeyValueStore<String, LeadHistory> leads;
  /** Derived from the lead histories, so rebuilt from them at init rather than kept in a store of its own. */
  private final ExpiryIndex expiry = new ExpiryIndex();
  private KeyValueStore<String, Long> clockStore;
  private long clock = Long.MIN_VALUE;
  private long persistedClock = Long.MIN_VALUE;
  private long lastBroadcast = Long.MIN_VALUE;
  private byte[] partition;
  private final Map<Rejection, Sensor> rejected = new EnumMap<>(Rejection.class);
  private Sensor duplicates;
  private Sensor eventsRead;
  private Sensor ignoredAfterClose;
  private Sensor watermarks;

  /** {@code cacheRecent}: keep decoded copies of recently used leads on the heap (for stores slow to read). */
  LeadProcessor(CrmEventDecoder decoder, EngineSettings settings, boolean cacheRecent) {
    this.decoder = decoder;
    this.recent = new RecentLeads(cacheRecent ? RECENT_LEADS : 0);
    this.settings = settings;
    this.entryStage = settings.entryStage().ordinal();
    this.graceMillis = settings.grace().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, LeadOutput> context) {
    this.context = context;
    // init runs again when a task is revived after a failure: what was cached may be ahead of the restored store
    this.recent.clear();
    this.leads = context.getStateStore(Names.LEAD_STATE_STORE);
    this.expiry.clear();
    try (KeyValueIterator<String, LeadHistory> all = leads.all()) {
      all.forEachRemaining(kv -> expiry.update(kv.value, null));
    }
    this.clockStore = context.getStateStore(Names.LEAD_CLOCK_STORE);
    Long stored = clockStore.get(CLOCK_KEY);
    this.clock = stored == null ? Long.MIN_VALUE : stored;
    this.persistedClock = clock;
    this.lastBroadcast = Long.MIN_VALUE;
    for (Rejection r : Rejection.values()) {
      rejected.put(r, EngineMetrics.sensor(context, "dead-letter-" + r.code()));
    }
    this.duplicates = EngineMetrics.sensor(context, "duplicate-events");
    this.eventsRead = EngineMetrics.sensor(context, "events-read");
    this.ignoredAfterClose = EngineMetrics.sensor(context, "stage-changes-ignored-after-close");
    this.watermarks = EngineMetrics.sensor(context, "watermarks");
    this.partition = Integer.toString(context.taskId().partition()).getBytes(StandardCharsets.UTF_8);
    // deltas reach only their team's partition: tell every team partition where this one's event time is
    context.schedule(settings.emitInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
      if (clock > lastBroadcast) {
        tick();
      }
    });
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    if (record.value() == null && Watermark.isWatermark(record.headers())) {
      watermark(record, meta);
      return;
    }
    eventsRead.record();
    CrmEventDecoder.Decoded decoded = decoder.decode(meta.topic(), record.key(), record.value());
    String eventId = decoded.event() == null ? null : decoded.event().eventId();
    long eventTime = decoded.event() == null ? record.timestamp() : decoded.event().time();
    RawEvent raw = new RawEvent(eventId, eventTime, meta.topic(), meta.partition(), meta.offset(),
        record.timestamp(), record.key(), record.value());
    if (decoded.rejection() != null) {
      refuse(new DeadLetter(raw, decoded.rejection(), decoded.message()), record);
      return;
    }
    LeadEvent event = decoded.event();
    if (clock != Long.MIN_VALUE && event.time() < clock - graceMillis) {
      refuse(new DeadLetter(raw, Rejection.LATE_BEYOND_GRACE, "event time " + Instant.ofEpochMilli(event.time())
          + " is more than the grace period " + graceMillis + " ms behind the stream's event time "
          + Instant.ofEpochMilli(clock)), record);
      return;
    }

    LeadHistory lead = lead(event.leadId());
    if (lead == null) {
      lead = new LeadHistory(event.leadId());
    }
    Long expiryBefore = ExpiryIndex.expiryTime(lead);
    Map<TeamInstant, Delta> before = LeadContribution.of(lead, entryStage);
    Verdict verdict = LeadRules.apply(lead, event, raw);
    switch (verdict.status()) {
      case DUPLICATE -> {
        duplicates.record();
        return;
      }
      case REJECTED -> {
        refuse(new DeadLetter(raw, verdict.rejection(), verdict.message()), record);
        return;
      }
      case ACCEPTED -> { }
    }
    clock = Math.max(clock, event.time());
    for (DeadLetter letter : verdict.evicted()) {
      refuse(letter, null);
    }
    if (verdict.ignoredStages() > 0) {
      ignoredAfterClose.record(verdict.ignoredStages());
    }
    Map<TeamInstant, Delta> after = LeadContribution.of(lead, entryStage);
    for (Map.Entry<TeamInstant, Delta> e : LeadContribution.diff(before, after).entrySet()) {
      context.forward(new Record<>(e.getKey().teamId(),
          (LeadOutput) new LeadOutput.ToTeam(new TeamDelta(e.getKey().time(), e.getValue())), clock, fromHere()));
    }
    leads.put(lead.leadId(), lead);
    recent.put(lead);
    expiry.update(lead, expiryBefore);
    clockMoved();
  }

  /** A promise that no event earlier than its time will follow on this partition: event time moves on. */
  private void watermark(Record<byte[], byte[]> record, RecordMetadata meta) {
    long time;
    try {
      time = Watermark.timeOf(record.headers());
    } catch (IllegalArgumentException e) {
      RawEvent raw = new RawEvent(null, record.timestamp(), meta.topic(), meta.partition(), meta.offset(),
          record.timestamp(), record.key(), null);
      refuse(new DeadLetter(raw, Rejection.INVALID_WATERMARK, e.getMessage()), record);
      return;
    }
    watermarks.record();
    if (time > clock) {
      clock = time;
      tick(); // rare and explicit: passed on at once
      clockMoved();
    }
  }

  /**
   * Tells the team tasks when the clock has put another day past the grace period (they may then make it
   * final), persists the clock and expires what the clock put past grace. Between those ticks, the team tasks
   * hear the clock from deltas and from the wall-clock tick every emit interval: a tick per event would double
   * the records on the team-deltas topic and change nothing but how soon "current" figures see the clock.
   */
  private void clockMoved() {
    if (lastBroadcast == Long.MIN_VALUE || finalDayAt(clock) > finalDayAt(lastBroadcast)) {
      tick();
    }
    if (clock != persistedClock) { // an event behind the clock leaves it where it is
      clockStore.put(CLOCK_KEY, clock);
      persistedClock = clock;
    }
    expire(); // a look at the index's first entry when nothing is due
  }

  private void tick() {
    context.forward(new Record<>(TICK_KEY, (LeadOutput) new LeadOutput.Tick(clock), clock, fromHere()));
    lastBroadcast = clock;
  }

  /** The UTC day a team task may make final once every lead partition's clock is at {@code time}. */
  private long finalDayAt(long time) {
    return Math.floorDiv(time - graceMillis, VelocityFigures.MILLIS_PER_DAY);
  }

  private Headers fromHere() {
    RecordHeaders h = new RecordHeaders();
    h.add(PARTITION_HEADER, partition);
    return h;
  }

  /** The lead partition a record sent to the teams came from (0 when it does not say). */
  static int partitionOf(Headers headers) {
    Header h = headers == null ? null : headers.lastHeader(PARTITION_HEADER);
    return h == null ? 0 : Integer.parseInt(new String(h.value(), StandardCharsets.UTF_8));
  }

  private LeadHistory lead(String leadId) {
    LeadHistory lead = recent.get(leadId);
    if (lead == null) {
      lead = leads.get(leadId);
      if (lead != null) {
        recent.put(lead);
      }
    }
    return lead;
  }

  /** Forgets closed leads and refuses never-created ones, once their time is past the grace period. */
  private void expire() {
    long horizon = clock - graceMillis;
    if (horizon <= Long.MIN_VALUE + 1) {
      return;
    }
    for (ExpiryIndex.Due due : expiry.pollBefore(horizon)) {
      // a created lead holds nothing to refuse: only a lead indexed while not created needs its history read
      if (!due.created()) {
        LeadHistory lead = lead(due.leadId());
        if (lead != null && lead.created() == null) {
          for (DeadLetter letter : LeadRules.expireUnknown(lead)) {
            refuse(letter, null);
          }
        }
      }
      leads.put(due.leadId(), null); // a delete that does not read (and decode) the old value back
      recent.remove(due.leadId());
    }
  }

  private void refuse(DeadLetter letter, Record<byte[], byte[]> original) {
    rejected.get(letter.reason()).record();
    RawEvent raw = letter.raw();
    String key = raw.key() == null ? null : new String(raw.key(), StandardCharsets.UTF_8);
    context.forward(new Record<>(key, (LeadOutput) new LeadOutput.Refused(letter), raw.timestamp(),
        DeadLetterHeaders.of(letter, original == null ? null : original.headers())));
  }
}
