package io.salesvelocity.velocity.topology;

import io.salesvelocity.serde.RegistryUnavailableException;
import io.salesvelocity.velocity.domain.flow.FlowPart;
import io.salesvelocity.velocity.domain.forecast.ForecastParts;
import io.salesvelocity.velocity.domain.lead.Attribution;
import io.salesvelocity.velocity.domain.lead.DeadLetter;
import io.salesvelocity.velocity.domain.lead.ExpiryIndex;
import io.salesvelocity.velocity.domain.funnel.FunnelChange;
import io.salesvelocity.velocity.domain.lead.LeadContribution;
import io.salesvelocity.velocity.domain.lead.LeadEvent;
import io.salesvelocity.velocity.domain.lead.LeadFlow;
import io.salesvelocity.velocity.domain.lead.LeadForecast;
import io.salesvelocity.velocity.domain.lead.LeadFunnel;
import io.salesvelocity.velocity.domain.lead.LeadHistory;
import io.salesvelocity.velocity.domain.lead.LeadRules;
import io.salesvelocity.velocity.domain.lead.RawEvent;
import io.salesvelocity.velocity.domain.lead.Rejection;
import io.salesvelocity.velocity.domain.lead.Verdict;
import io.salesvelocity.velocity.domain.math.Delta;
import io.salesvelocity.velocity.domain.math.UtcDays;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.segment.Dimension;
import io.salesvelocity.velocity.domain.segment.SegmentTag;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.state.CommitBufferedStore;
import io.salesvelocity.velocity.state.CommitHook;
import io.salesvelocity.velocity.state.LeadCodec;
import io.salesvelocity.velocity.state.LeadStore;
import io.salesvelocity.velocity.state.Outbox;
import io.salesvelocity.velocity.state.ParkedEvents;
import io.salesvelocity.velocity.state.RecentLeads;
import io.salesvelocity.velocity.state.StringIds;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keyed by leadId: decodes and validates each CRM event, applies the lead rules to the lead's history, and
 * sends the teams the difference the event makes to the lead's contribution: into the task's {@link Outbox}, sent as
 * one batch per team every batch interval and before every clock tick. Refused events go out as dead letters. Event time is its own clock (the largest event time accepted on this task), persisted so a
 * restart judges lateness the same way; it never moves for an event more than the allowed clock skew ahead of
 * the wall clock. No record can stop it: what the rules do not foresee is dead-lettered as
 * {@code processing-error}; only failures of the runtime itself (the broker, the registry) propagate.
 */
final class LeadProcessor implements Processor<byte[], byte[], String, LeadOutput> {
  private static final Logger log = LoggerFactory.getLogger(LeadProcessor.class);
  private static final String CLOCK_KEY = "event-time";
  /**
   * Decoded lead histories each lead task keeps on the heap (least recently used go first): a lead's events are
   * days to months of event time apart, so a few hundred bytes per lead buys skipping most store reads.
   */
  private static final int RECENT_LEADS = 100_000;
  static final long FIRST_RETRY_WAIT = 1_000;
  static final long MAX_RETRY_WAIT = 30_000;
  /** A key longer than this is left out of a record-too-large dead letter, like the value. */
  private static final int MAX_KEY_IN_DEAD_LETTER = 1024;

  private final DecodedEvents events;
  private final EngineSettings settings;
  private final int entryStage;
  /** Whether deltas carry the lead's segments (and a copy goes to the scope of all teams). */
  private final boolean segments;
  /** Whether the rep is tracked: the owner dimension is on. */
  private final boolean byOwner;
  /** Whether the teams get the leads' stage funnel facts. */
  private final boolean funnel;
  /** Whether the teams get the leads' flows for the daily pipeline bridges. */
  private final boolean bridge;
  /** The forecasts' horizons (none: the teams get no forecast parts). */
  private final int[] horizons;
  private final long graceMillis;
  private final long maxSkewMillis;
  private final RecentLeads recent;
  /**
   * Whether the task runs in process (a replay): its stores hold live objects and nothing survives the run, so the
   * lead histories are not encoded and the outbox is not stored.
   */
  private final boolean inProcess;
  private Outbox outbox;

  private ProcessorContext<String, LeadOutput> context;
  private LeadStore leads;
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
  private Sensor unreadableState;
  private Sensor parkedSensor;
  private ParkedEvents parked;
  /** Wall-clock time of the next try of the oldest parked record, and the wait before the one after. */
  private long retryAt;
  private long retryWait = FIRST_RETRY_WAIT;

  /**
   * {@code cacheRecent}: keep decoded copies of recently used leads on the heap (for stores slow to read);
   * {@code inProcess}: the stores hold live objects and nothing survives the run (an in-process replay).
   */
  LeadProcessor(DecodedEvents events, EngineSettings settings, boolean cacheRecent, boolean inProcess) {
    this.events = events;
    this.inProcess = inProcess;
    this.recent = new RecentLeads(cacheRecent ? RECENT_LEADS : 0);
    this.settings = settings;
    this.entryStage = settings.entryStage().ordinal();
    this.segments = settings.segmentsOn();
    this.byOwner = settings.segments().contains(Dimension.OWNER);
    this.funnel = settings.funnel();
    this.bridge = settings.bridge();
    this.horizons = settings.horizons();
    this.graceMillis = settings.grace().toMillis();
    this.maxSkewMillis = settings.maxClockSkew().toMillis();
  }

  @Override
  public void init(ProcessorContext<String, LeadOutput> context) {
    long began = System.nanoTime();
    this.context = context;
    // init runs again when a task is revived after a failure: what was cached may be ahead of the restored store
    this.recent.clear();
    // what changed is written once per commit (in-process, where nothing commits, at once)
    StateStore commits = context.getStateStore(Names.LEAD_COMMIT_HOOK);
    this.leads = inProcess ? LeadStore.live(context.getStateStore(Names.LEAD_STATE_STORE))
        : LeadStore.encoded(CommitBufferedStore.of(context.getStateStore(Names.LEAD_STATE_STORE), commits),
            new LeadCodec(new StringIds(context.getStateStore(Names.LEAD_DICTIONARY_STORE))));
    this.expiry.clear();
    this.unreadableState = EngineMetrics.sensor(context, EngineMetrics.UNREADABLE_STATE);
    leads.forEach(lead -> expiry.update(lead, null), (leadId, e) -> {
      // one stored history that cannot be read must not stop the task at every start; that lead's events are
      // refused (processing-error) until its state is written anew
      unreadableState.record();
      log.error("The stored history of lead {} of task {} cannot be read and is left out of expiry", leadId,
          context.taskId(), e);
    });
    this.clockStore = context.getStateStore(Names.LEAD_CLOCK_STORE);
    Long stored = clockStore.get(CLOCK_KEY);
    this.clock = stored == null ? Long.MIN_VALUE : stored;
    this.persistedClock = clock;
    this.lastBroadcast = Long.MIN_VALUE;
    for (Rejection r : Rejection.values()) {
      rejected.put(r, EngineMetrics.sensor(context, EngineMetrics.deadLetters(r)));
    }
    this.duplicates = EngineMetrics.sensor(context, EngineMetrics.DUPLICATE_EVENTS);
    this.eventsRead = EngineMetrics.sensor(context, EngineMetrics.EVENTS_READ);
    this.ignoredAfterClose = EngineMetrics.sensor(context, EngineMetrics.IGNORED_AFTER_CLOSE);
    this.watermarks = EngineMetrics.sensor(context, EngineMetrics.WATERMARKS);
    this.parkedSensor = EngineMetrics.sensor(context, EngineMetrics.PARKED);
    this.parked = new ParkedEvents(context.getStateStore(Names.LEAD_PARKED_STORE));
    this.retryAt = 0;
    this.retryWait = FIRST_RETRY_WAIT;
    if (parked.size() > 0) {
      log.info("Task {} holds {} records parked while the schema registry was unavailable", context.taskId(),
          parked.size());
    }
    this.partition = TeamDeltaRecords.partitionText(context.taskId().partition());
    this.outbox = new Outbox(inProcess ? null : context.getStateStore(Names.LEAD_OUTBOX_STORE));
    if (commits instanceof CommitHook hook) {
      hook.register(Names.LEAD_OUTBOX_STORE, outbox::persist, () -> { });
    }
    if (outbox.size() > 0) {
      log.info("Task {} holds {} changes for the teams not sent yet; they go with its next batches", context.taskId(),
          outbox.size());
    }
    // a batch per team each interval; and batches reach only their team's partition: tell every team partition
    // where this one's event time is
    context.schedule(settings.batchInterval(), PunctuationType.WALL_CLOCK_TIME, now -> {
      drainParked(now);
      sendBatches();
      if (clock > lastBroadcast) {
        tick();
      }
    });
    long held = leads.approximateNumEntries();
    if (held > 0) { // a task that restored state, not one that starts empty (a new application, a backtest)
      log.info("Task {} initialized from its stores in {} ms ({} leads)", context.taskId(),
          (System.nanoTime() - began) / 1_000_000, held);
    }
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    RecordMetadata meta = context.recordMetadata().orElseThrow();
    Source source = new Source(meta.topic(), meta.partition(), meta.offset());
    if (record.value() == null && Watermark.isWatermark(record.headers())) {
      watermark(record, source);
      return;
    }
    eventsRead.record();
    try {
      judge(record, source, record.timestamp());
    } catch (RegistryUnavailableException e) {
      if (parked.full()) {
        throw e; // the task cannot hold more: this record waits in the thread, as a failure of the runtime
      }
      park(record, source, e);
    }
  }

  /**
   * Processes one event, keeping a record the engine itself fails on from reaching Kafka Streams: what the rules do
   * not foresee is refused as processing-error. A registry outage is not about the record: it propagates.
   */
  private void judge(Record<byte[], byte[]> record, Source source, long originalTimestamp) {
    try {
      event(record, source, originalTimestamp);
    } catch (RegistryUnavailableException | SecurityException e) {
      throw e;
    } catch (KafkaException e) {
      throw e; // the runtime's own failures (fencing, timeouts): Kafka Streams handles or retries them
    } catch (RuntimeException e) {
      // a fault of the engine's own: this record is refused with the reason, the next one processed as usual
      String key = record.key() == null ? null : new String(record.key(), java.nio.charset.StandardCharsets.UTF_8);
      if (key != null) {
        recent.remove(key); // a cached copy may be half changed; the store holds the history as last written
      }
      log.error("Refusing the record at {}-{}@{}: processing failed", source.topic(), source.partition(),
          source.offset(), e);
      RawEvent raw = new RawEvent(null, record.timestamp(), source.topic(), source.partition(), source.offset(),
          originalTimestamp, record.key(), record.value());
      refuse(new DeadLetter(raw, Rejection.PROCESSING_ERROR, "the engine failed on this record: " + e), record);
    }
  }

  /** Keeps a record that needs the unavailable registry in the task's state, to be processed when it answers. */
  private void park(Record<byte[], byte[]> record, Source source, RegistryUnavailableException why) {
    if (parked.size() == 0) {
      log.warn("Schema registry unavailable ({}); task {} parks the records that need it and goes on with the "
          + "others", why.getMessage(), context.taskId());
      retryAt = context.currentSystemTimeMs() + retryWait;
    }
    parked.park(source.topic(), source.partition(), source.offset(),
        events.originalTimestamp(record.value(), record.timestamp()), record);
    parkedSensor.record();
  }

  /** Tries the parked records, oldest first, once their next try is due; stops at the first the registry still fails. */
  private void drainParked(long now) {
    if (parked.size() == 0 || now < retryAt) {
      return;
    }
    int done = 0;
    ParkedEvents.Parked p;
    while ((p = parked.oldest()) != null) {
      try {
        judge(p.record(), new Source(p.topic(), p.partition(), p.offset()), p.timestamp());
      } catch (RegistryUnavailableException e) {
        retryWait = Math.min(retryWait * 2, MAX_RETRY_WAIT);
        retryAt = now + retryWait;
        return;
      }
      parked.remove(p);
      done++;
    }
    retryWait = FIRST_RETRY_WAIT;
    log.info("Schema registry available: task {} processed its {} parked records", context.taskId(), done);
  }

  /** Where a record was read. */
  private record Source(String topic, int partition, long offset) { }

  private void event(Record<byte[], byte[]> record, Source meta, long originalTimestamp) {
    long size = RecordSize.of(record.key(), record.value(), record.headers());
    if (size > settings.maxRecordBytes()) {
      byte[] key = record.key() != null && record.key().length <= MAX_KEY_IN_DEAD_LETTER ? record.key() : null;
      long timestamp = events.originalTimestamp(record.value(), originalTimestamp);
      RawEvent raw = new RawEvent(null, record.timestamp(), meta.topic(), meta.partition(), meta.offset(),
          timestamp, key, null);
      refuse(new DeadLetter(raw, Rejection.RECORD_TOO_LARGE, "record of " + size + " bytes (key, value and headers) "
          + "is larger than velocity.max.record.bytes=" + settings.maxRecordBytes() + "; its value is left out of "
          + "this dead letter, read it at its source offset"), record, size);
      return;
    }
    DecodedEvents.Ahead ahead = events.take(meta.topic(), record.key(), record.value(), originalTimestamp);
    CrmEventDecoder.Decoded decoded = ahead.decoded();
    LeadEvent event = decoded.event();
    long now = context.currentSystemTimeMs();
    RawEvent raw = new RawEvent(decoded.eventId(), event == null ? record.timestamp() : event.time(), meta.topic(),
        meta.partition(), meta.offset(), ahead.originalTimestamp(), record.key(), record.value());
    if (decoded.rejection() != null) {
      refuse(new DeadLetter(raw, decoded.rejection(), decoded.message()), record);
      return;
    }
    if (event.time() > latestAllowed(now)) {
      refuse(new DeadLetter(raw, Rejection.FUTURE_EVENT_TIME, future(event.time(), now)), record);
      return;
    }
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
    // before the "before": the contribution of what a fold leaves behind is already sent and stays out of both
    lead.compact(clock == Long.MIN_VALUE ? Long.MIN_VALUE : clock - graceMillis);
    Long expiryBefore = ExpiryIndex.expiryTime(lead);
    Map<Attribution, Delta> before = LeadContribution.of(lead, entryStage, byOwner);
    // a lead whose facts the teams do not have yet (stored before the funnel was on) sends them all
    Map<LeadFunnel.Place, FunnelChange> funnelBefore = funnel && lead.funnelSent() ? LeadFunnel.of(lead) : Map.of();
    // an event changes the lead's state from its instant on: its flows from its day on, its forecast parts from it
    long eventDay = UtcDays.dayOf(event.time());
    Map<LeadFlow.Key, FlowPart> flowBefore = bridge ? LeadFlow.routed(lead, entryStage, eventDay) : Map.of();
    Map<LeadForecast.Key, LeadForecast.Part> forecastBefore = horizons.length > 0
        ? LeadForecast.ofTeams(lead, entryStage, horizons, event.time()) : Map.of();
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
    Map<Attribution, Delta> changes = LeadContribution.diff(before, LeadContribution.of(lead, entryStage, byOwner));
    Map<LeadFunnel.Place, FunnelChange> funnelChanges = Map.of();
    if (funnel) {
      funnelChanges = LeadFunnel.diff(funnelBefore, lead.funnelSent() ? LeadFunnel.of(lead)
          : LeadFunnel.firstSend(lead));
    }
    lead.setFunnelSent(funnel);
    Map<LeadFlow.Key, FlowPart> flowChanges = bridge ? LeadFlow.diff(flowBefore, LeadFlow.routed(lead, entryStage,
        eventDay)) : Map.of();
    Map<LeadForecast.Key, LeadForecast.Part> forecastChanges = horizons.length > 0
        ? LeadForecast.diff(forecastBefore, LeadForecast.ofTeams(lead, entryStage, horizons, event.time())) : Map.of();
    clock = Math.max(clock, event.time());
    for (DeadLetter letter : verdict.evicted()) {
      refuse(letter, null);
    }
    if (verdict.ignoredStages() > 0) {
      ignoredAfterClose.record(verdict.ignoredStages());
    }
    SegmentTag profile = segments && lead.created() != null ? lead.created().segments() : null;
    // a team's funnel facts of an instant ride with its delta of that instant, if there is one
    Map<LeadFunnel.Place, FunnelChange> unsent = funnelChanges.isEmpty() ? Map.of() : new LinkedHashMap<>(funnelChanges);
    for (Map.Entry<Attribution, Delta> e : changes.entrySet()) {
      Attribution at = e.getKey();
      FunnelChange facts = unsent.isEmpty() ? null : unsent.remove(new LeadFunnel.Place(at.teamId(), at.time()));
      outbox.add(at.teamId(), new TeamDelta(at.time(), e.getValue(), profile == null ? null
          : profile.withOwner(at.ownerId()), facts));
    }
    for (Map.Entry<LeadFunnel.Place, FunnelChange> e : unsent.entrySet()) {
      outbox.add(e.getKey().teamId(), new TeamDelta(e.getKey().time(), Delta.ZERO, null, e.getValue()));
    }
    // a day's flows at the day's first instant: the team's log sums them with the day, never in a window
    for (Map.Entry<LeadFlow.Key, FlowPart> e : flowChanges.entrySet()) {
      outbox.add(e.getKey().teamId(), new TeamDelta(e.getKey().day() * VelocityFigures.MILLIS_PER_DAY, Delta.ZERO,
          null, null, e.getValue()));
    }
    // forecast parts by team and the instant they count from (which may be after the clock), after the deltas
    if (!forecastChanges.isEmpty()) {
      Map<LeadFunnel.Place, Map<ForecastParts.Slot, LeadForecast.Part>> byInstant = new LinkedHashMap<>();
      forecastChanges.forEach((k, p) -> byInstant.computeIfAbsent(new LeadFunnel.Place(k.teamId(), k.at()),
          x -> new LinkedHashMap<>()).put(new ForecastParts.Slot(k.kind(), k.stage(), k.horizon()), p));
      byInstant.forEach((k, parts) -> outbox.add(k.teamId(), new TeamDelta(k.time(), Delta.ZERO, null, null, null,
          ForecastParts.of(parts))));
    }
    leads.put(lead);
    recent.put(lead);
    expiry.update(lead, expiryBefore);
    clockMoved();
  }

  /** A promise that no event earlier than its time will follow on this partition: event time moves on. */
  private void watermark(Record<byte[], byte[]> record, Source meta) {
    RawEvent raw = new RawEvent(null, record.timestamp(), meta.topic(), meta.partition(), meta.offset(),
        record.timestamp(), record.key(), null);
    long time;
    try {
      time = Watermark.timeOf(record.headers());
    } catch (IllegalArgumentException e) {
      refuse(new DeadLetter(raw, Rejection.INVALID_WATERMARK, e.getMessage()), record);
      return;
    }
    long now = context.currentSystemTimeMs();
    if (time > latestAllowed(now)) {
      refuse(new DeadLetter(raw, Rejection.FUTURE_EVENT_TIME, "watermark " + future(time, now)), record);
      return;
    }
    watermarks.record();
    if (time > clock) {
      clock = time;
      sendBatches();
      tick(); // rare and explicit: passed on at once
      clockMoved();
    }
  }

  private long latestAllowed(long now) {
    long limit = now + maxSkewMillis;
    return limit < now ? Long.MAX_VALUE : limit;
  }

  private String future(long time, long now) {
    return "event time " + Instant.ofEpochMilli(time) + " is more than velocity.max.clock.skew ("
        + settings.maxClockSkew() + ") ahead of the engine's clock " + Instant.ofEpochMilli(now);
  }

  /**
   * Tells the team tasks when the clock has put another day past the grace period (they may then make it
   * final), persists the clock and expires what the clock put past grace. Between those ticks, the team tasks
   * hear the clock from batches and from the wall-clock tick every batch interval. A team task makes days final only
   * at ticks: a batch carries the clock as of its sending, but parts of events processed before it may still be on
   * their way to another team of the same partition in the batches sent with it.
   */
  private void clockMoved() {
    if (lastBroadcast == Long.MIN_VALUE || finalDayAt(clock) > finalDayAt(lastBroadcast)) {
      sendBatches(); // everything the events before the tick changed reaches the teams before it
      tick();
    }
    if (clock != persistedClock) { // an event behind the clock leaves it where it is
      clockStore.put(CLOCK_KEY, clock);
      persistedClock = clock;
    }
    expire(); // a look at the index's first entry when nothing is due
  }

  /** Each team's batch: what the events changed for it since the last batch, in one record. */
  private void sendBatches() {
    if (outbox.size() == 0) {
      return;
    }
    long now = context.currentSystemTimeMs();
    outbox.drain().forEach((team, parts) -> context.forward(new Record<>(team, (LeadOutput) new LeadOutput.Batch(parts),
        stamp(now), fromHere())));
  }

  private void tick() {
    context.forward(new Record<>(TeamDeltaRecords.TICK_KEY, (LeadOutput) new LeadOutput.Tick(clock),
        stamp(context.currentSystemTimeMs()), fromHere()));
    lastBroadcast = clock;
  }

  /** The UTC day a team task may make final once every lead partition's clock is at {@code time}. */
  private long finalDayAt(long time) {
    return Math.floorDiv(time - graceMillis, VelocityFigures.MILLIS_PER_DAY);
  }

  /** The record timestamp of what goes to the teams: the clock, but never later than the wall clock. */
  private long stamp(long now) {
    return Math.max(0, Math.min(clock, now));
  }

  private Headers fromHere() {
    return TeamDeltaRecords.headers(partition, clock);
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
      leads.delete(due.leadId()); // a delete that does not read (and decode) the old value back
      recent.remove(due.leadId());
    }
  }

  private void refuse(DeadLetter letter, Record<byte[], byte[]> original) {
    refuse(letter, original, 0);
  }

  private void refuse(DeadLetter letter, Record<byte[], byte[]> original, long originalSize) {
    rejected.get(letter.reason()).record();
    RawEvent raw = letter.raw();
    String key = raw.key() == null ? null : new String(raw.key(), java.nio.charset.StandardCharsets.UTF_8);
    long timestamp = Math.max(0, Math.min(raw.timestamp(), context.currentSystemTimeMs()));
    context.forward(new Record<>(key, (LeadOutput) new LeadOutput.Refused(letter), timestamp,
        DeadLetterHeaders.of(letter, original == null ? null : original.headers(), originalSize)));
  }
}
