package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.FunnelKey;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentKey;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.CurrentForecast;
import io.salesvelocity.schemas.ForecastDay;
import io.salesvelocity.schemas.ForecastKey;
import io.salesvelocity.schemas.PipelineFlow;
import io.salesvelocity.schemas.SalesForecast;
import io.salesvelocity.schemas.ScopeDay;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.team.TeamDelta;
import io.salesvelocity.velocity.state.CommitHook;
import io.salesvelocity.velocity.state.ParkedEvents;
import io.salesvelocity.velocity.state.ScopePartial;
import io.salesvelocity.velocity.state.StateSerdes;
import io.salesvelocity.velocity.state.StateStorage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;

/**
 * The sales velocity topology. Pure: settings and typed topics in, a {@link Topology} out.
 *
 * <pre>
 * crm.lead-created ┐  (merged by event time; stamp: record timestamps at most the wall clock)
 * crm.stage-changed├─ merge ─ stamp ─ lead-events [lead-state, lead-clock, lead-parked] ─┬─ deltas ─ team-deltas (by team)
 * crm.deal-closed  ┘                                                              └─ dead letters ─ velocity-dlq
 * team-deltas ─ team-velocity [team-cursors, team-days,      ┬─ current ─ sales-velocity
 *              team-clock, segment-cursors,                    ├─ daily ─── sales-velocity-daily
 *              team-open-visits]                               │
 *                                                              ├─ segment current ─ sales-velocity-segments
 *                                                              ├─ segment daily ─── sales-velocity-segments-daily
 *                                                              ├─ funnel current ── sales-funnel
 *                                                              ├─ funnel daily ──── sales-funnel-daily
 *                                                              └─ stalled ───────── stalled-deals
 * </pre>
 */
public final class VelocityTopology {
  private VelocityTopology() {
  }

  /** The topology with the live engine's default state stores (on the heap, changelogged). */
  public static Topology buildTopology(EngineSettings settings, VelocityTopics topics) {
    return buildTopology(settings, topics, StateStorage.DURABLE_IN_MEMORY);
  }

  /** The same topology with the given kind of state stores (same names either way). */
  public static Topology buildTopology(EngineSettings settings, VelocityTopics topics, StateStorage storage) {
    return buildTopology(settings, topics, storage, System::currentTimeMillis);
  }

  /**
   * The topology, its timestamp extractor judging event times against {@code wallClock} (Kafka Streams calls an
   * extractor outside any processor context: tests give it their driver's mock time).
   */
  static Topology buildTopology(EngineSettings settings, VelocityTopics topics, StateStorage storage,
                                LongSupplier wallClock) {
    StreamsBuilder builder = new StreamsBuilder();
    DecodedEvents decoded = new DecodedEvents(new CrmEventDecoder(topics));
    // merged in event-time order whatever timestamps the producers gave the records
    Consumed<byte[], byte[]> raw = Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
        .withTimestampExtractor(new EventTimeExtractor(decoded, settings, wallClock));
    KStream<byte[], byte[]> events = builder
        .stream(topics.leadCreated().name(), raw.withName(Names.SOURCE_LEAD_CREATED))
        .merge(builder.stream(topics.stageChanged().name(), raw.withName(Names.SOURCE_STAGE_CHANGED)),
            Named.as(Names.MERGE_CRM_EVENTS))
        .merge(builder.stream(topics.dealClosed().name(), raw.withName(Names.SOURCE_DEAL_CLOSED)),
            Named.as(Names.MERGE_CRM_EVENTS_2));

    Map<String, KStream<String, LeadOutput>> leadOutputs = events
        .processValues(WallClockStamp::new, Named.as(Names.WALL_CLOCK_STAMP))
        .process(leadProcessor(decoded, settings, storage), Named.as(Names.LEAD_PROCESSOR))
        .split(Named.as(Names.LEAD_OUTPUT_SPLIT))
        .branch((k, v) -> toTeams(v), Branched.as(Names.LEAD_OUTPUT_DELTAS))
        .defaultBranch(Branched.as(Names.LEAD_OUTPUT_DEAD_LETTERS));

    leadOutputs.get(Names.LEAD_OUTPUT_SPLIT + Names.LEAD_OUTPUT_DEAD_LETTERS)
        .map((k, v) -> deadLetter(v), Named.as(Names.DEAD_LETTER_UNWRAP))
        .to(topics.deadLetters().name(), Produced.with(topics.deadLetters().keySerde(),
            topics.deadLetters().valueSerde()).withName(Names.DEAD_LETTER_SINK));

    Map<String, KStream<Object, TeamOutput>> teamOutputs = leadOutputs
        .get(Names.LEAD_OUTPUT_SPLIT + Names.LEAD_OUTPUT_DELTAS)
        .mapValues(VelocityTopology::teamBatch, Named.as(Names.DELTA_UNWRAP))
        .repartition(Repartitioned.<String, List<TeamDelta>>as(Names.TEAM_DELTAS_REPARTITION)
            .withKeySerde(Serdes.String()).withValueSerde(StateSerdes.deltaLogEntry())
            .withStreamPartitioner(new TeamPartitioner()))
        .process(teamProcessor(settings, storage), Named.as(Names.TEAM_PROCESSOR))
        .split(Named.as(Names.TEAM_OUTPUT_SPLIT))
        .branch((k, v) -> v instanceof TeamOutput.Current, Branched.as(Names.TEAM_OUTPUT_CURRENT))
        .branch((k, v) -> v instanceof TeamOutput.Refused, Branched.as(Names.TEAM_OUTPUT_DEAD_LETTERS))
        .branch((k, v) -> v instanceof TeamOutput.SegmentCurrent, Branched.as(Names.TEAM_OUTPUT_SEGMENT_CURRENT))
        .branch((k, v) -> v instanceof TeamOutput.SegmentDaily, Branched.as(Names.TEAM_OUTPUT_SEGMENT_DAILY))
        .branch((k, v) -> v instanceof TeamOutput.AllTeams, Branched.as(Names.TEAM_OUTPUT_ALL_TEAMS))
        .branch((k, v) -> v instanceof TeamOutput.FunnelCurrent, Branched.as(Names.TEAM_OUTPUT_FUNNEL_CURRENT))
        .branch((k, v) -> v instanceof TeamOutput.FunnelDaily, Branched.as(Names.TEAM_OUTPUT_FUNNEL_DAILY))
        .branch((k, v) -> v instanceof TeamOutput.Stalled, Branched.as(Names.TEAM_OUTPUT_STALLED))
        .branch((k, v) -> v instanceof TeamOutput.FlowDaily, Branched.as(Names.TEAM_OUTPUT_FLOW_DAILY))
        .branch((k, v) -> v instanceof TeamOutput.ForecastDaily, Branched.as(Names.TEAM_OUTPUT_FORECAST_DAILY))
        .branch((k, v) -> v instanceof TeamOutput.ForecastCurrent, Branched.as(Names.TEAM_OUTPUT_FORECAST_CURRENT))
        .defaultBranch(Branched.as(Names.TEAM_OUTPUT_DAILY));

    teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_CURRENT)
        .map((k, v) -> KeyValue.pair(((TeamOutput.Current) v).teamId(), ((TeamOutput.Current) v).velocity()),
            Named.as(Names.CURRENT_UNWRAP))
        .processValues(ServingStores.currentWriter(storage), Named.as(Names.SERVING_CURRENT_WRITER))
        .to(topics.velocity().name(), Produced.with(topics.velocity().keySerde(), topics.velocity().valueSerde())
            .withName(Names.VELOCITY_SINK));

    teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_DEAD_LETTERS)
        .map((k, v) -> rawOf(((TeamOutput.Refused) v).letter()), Named.as(Names.TEAM_DEAD_LETTER_UNWRAP))
        .to(topics.deadLetters().name(), Produced.with(topics.deadLetters().keySerde(),
            topics.deadLetters().valueSerde()).withName(Names.TEAM_DEAD_LETTER_SINK));

    teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_DAILY)
        .<TeamDay, TeamVelocity>map((k, v) -> KeyValue.pair(((TeamOutput.Daily) v).key(),
            ((TeamOutput.Daily) v).velocity()), Named.as(Names.DAILY_UNWRAP))
        .processValues(ServingStores.dailyWriter(settings, storage), Named.as(Names.SERVING_DAILY_WRITER))
        .to(topics.velocityDaily().name(), Produced.with(topics.velocityDaily().keySerde(),
            topics.velocityDaily().valueSerde()).withName(Names.DAILY_SINK));

    toSegments(teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_SEGMENT_CURRENT), topics,
        Names.SEGMENT_CURRENT_UNWRAP, Names.SEGMENT_SINK);
    toSegmentsDaily(teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_SEGMENT_DAILY), topics,
        Names.SEGMENT_DAILY_UNWRAP, Names.SEGMENT_DAILY_SINK);

    toFunnel(teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FUNNEL_CURRENT), topics,
        Names.FUNNEL_CURRENT_UNWRAP, Names.FUNNEL_SINK);
    teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FUNNEL_DAILY)
        .<FunnelDay, StageFunnel>map((k, v) -> KeyValue.pair(((TeamOutput.FunnelDaily) v).key(),
            ((TeamOutput.FunnelDaily) v).funnel()), Named.as(Names.FUNNEL_DAILY_UNWRAP))
        .to(topics.funnelDaily().name(), Produced.with(topics.funnelDaily().keySerde(),
            topics.funnelDaily().valueSerde()).withName(Names.FUNNEL_DAILY_SINK));
    teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_STALLED)
        .<String, StalledDeal>map((k, v) -> KeyValue.pair(((TeamOutput.Stalled) v).leadId(),
            ((TeamOutput.Stalled) v).deal()), Named.as(Names.STALLED_UNWRAP))
        .to(topics.stalledDeals().name(), Produced.with(topics.stalledDeals().keySerde(),
            topics.stalledDeals().valueSerde()).withName(Names.STALLED_SINK));
    toFlowDaily(teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FLOW_DAILY), topics,
        Names.FLOW_DAILY_UNWRAP, Names.FLOW_DAILY_SINK);
    toForecastDaily(teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FORECAST_DAILY), topics,
        Names.FORECAST_DAILY_UNWRAP, Names.FORECAST_DAILY_SINK);
    toForecast(teamOutputs.get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FORECAST_CURRENT), topics,
        Names.FORECAST_CURRENT_UNWRAP, Names.FORECAST_CURRENT_SINK);

    // the scope of all teams: every team partition's sums, to one partition, summed by one task
    Map<String, KStream<Object, TeamOutput>> allTeamsOutputs = teamOutputs
        .get(Names.TEAM_OUTPUT_SPLIT + Names.TEAM_OUTPUT_ALL_TEAMS)
        .map((k, v) -> KeyValue.pair((String) k, ((TeamOutput.AllTeams) v).partial()), Named.as(Names.ALL_TEAMS_UNWRAP))
        .repartition(Repartitioned.<String, ScopePartial>as(Names.ALL_TEAMS_REPARTITION)
            .withKeySerde(Serdes.String()).withValueSerde(StateSerdes.scopePartial()).withNumberOfPartitions(1))
        .process(allTeamsProcessor(settings, storage), Named.as(Names.ALL_TEAMS_PROCESSOR))
        .split(Named.as(Names.ALL_TEAMS_OUTPUT_SPLIT))
        .branch((k, v) -> v instanceof TeamOutput.SegmentCurrent, Branched.as(Names.TEAM_OUTPUT_SEGMENT_CURRENT))
        .branch((k, v) -> v instanceof TeamOutput.Refused, Branched.as(Names.TEAM_OUTPUT_DEAD_LETTERS))
        .branch((k, v) -> v instanceof TeamOutput.FunnelDaily, Branched.as(Names.TEAM_OUTPUT_FUNNEL_DAILY))
        .branch((k, v) -> v instanceof TeamOutput.FunnelCurrent, Branched.as(Names.TEAM_OUTPUT_FUNNEL_CURRENT))
        .branch((k, v) -> v instanceof TeamOutput.FlowDaily, Branched.as(Names.TEAM_OUTPUT_FLOW_DAILY))
        .branch((k, v) -> v instanceof TeamOutput.ForecastDaily, Branched.as(Names.TEAM_OUTPUT_FORECAST_DAILY))
        .branch((k, v) -> v instanceof TeamOutput.ForecastCurrent, Branched.as(Names.TEAM_OUTPUT_FORECAST_CURRENT))
        .defaultBranch(Branched.as(Names.TEAM_OUTPUT_SEGMENT_DAILY));

    toSegments(allTeamsOutputs.get(Names.ALL_TEAMS_OUTPUT_SPLIT + Names.TEAM_OUTPUT_SEGMENT_CURRENT), topics,
        Names.ALL_TEAMS_SEGMENT_CURRENT_UNWRAP, Names.ALL_TEAMS_SEGMENT_SINK);
    toSegmentsDaily(allTeamsOutputs.get(Names.ALL_TEAMS_OUTPUT_SPLIT + Names.TEAM_OUTPUT_SEGMENT_DAILY), topics,
        Names.ALL_TEAMS_SEGMENT_DAILY_UNWRAP, Names.ALL_TEAMS_SEGMENT_DAILY_SINK);

    allTeamsOutputs.get(Names.ALL_TEAMS_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FUNNEL_DAILY)
        .<FunnelDay, StageFunnel>map((k, v) -> KeyValue.pair(((TeamOutput.FunnelDaily) v).key(),
            ((TeamOutput.FunnelDaily) v).funnel()), Named.as(Names.ALL_TEAMS_FUNNEL_DAILY_UNWRAP))
        .to(topics.funnelDaily().name(), Produced.with(topics.funnelDaily().keySerde(),
            topics.funnelDaily().valueSerde()).withName(Names.ALL_TEAMS_FUNNEL_DAILY_SINK));

    toFunnel(allTeamsOutputs.get(Names.ALL_TEAMS_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FUNNEL_CURRENT), topics,
        Names.ALL_TEAMS_FUNNEL_CURRENT_UNWRAP, Names.ALL_TEAMS_FUNNEL_SINK);

    toFlowDaily(allTeamsOutputs.get(Names.ALL_TEAMS_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FLOW_DAILY), topics,
        Names.ALL_TEAMS_FLOW_DAILY_UNWRAP, Names.ALL_TEAMS_FLOW_DAILY_SINK);
    toForecastDaily(allTeamsOutputs.get(Names.ALL_TEAMS_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FORECAST_DAILY), topics,
        Names.ALL_TEAMS_FORECAST_DAILY_UNWRAP, Names.ALL_TEAMS_FORECAST_DAILY_SINK);
    toForecast(allTeamsOutputs.get(Names.ALL_TEAMS_OUTPUT_SPLIT + Names.TEAM_OUTPUT_FORECAST_CURRENT), topics,
        Names.ALL_TEAMS_FORECAST_CURRENT_UNWRAP, Names.ALL_TEAMS_FORECAST_CURRENT_SINK);

    allTeamsOutputs.get(Names.ALL_TEAMS_OUTPUT_SPLIT + Names.TEAM_OUTPUT_DEAD_LETTERS)
        .map((k, v) -> rawOf(((TeamOutput.Refused) v).letter()), Named.as(Names.ALL_TEAMS_DEAD_LETTER_UNWRAP))
        .to(topics.deadLetters().name(), Produced.with(topics.deadLetters().keySerde(),
            topics.deadLetters().valueSerde()).withName(Names.ALL_TEAMS_DEAD_LETTER_SINK));

    return builder.build();
  }

  /** Segment current figures (of the teams' sub-topology or of all teams') to the segments topic. */
  private static void toSegments(KStream<Object, TeamOutput> out, VelocityTopics topics, String unwrap, String sink) {
    out.<SegmentKey, SegmentVelocity>map((k, v) -> KeyValue.pair(((TeamOutput.SegmentCurrent) v).key(),
            ((TeamOutput.SegmentCurrent) v).velocity()), Named.as(unwrap))
        .to(topics.segments().name(), Produced.with(topics.segments().keySerde(), topics.segments().valueSerde())
            .withName(sink));
  }

  /** Current stage funnels (of the teams' sub-topology or of all teams') to the funnel topic. */
  private static void toFunnel(KStream<Object, TeamOutput> out, VelocityTopics topics, String unwrap, String sink) {
    out.<FunnelKey, StageFunnel>map((k, v) -> KeyValue.pair(((TeamOutput.FunnelCurrent) v).key(),
            ((TeamOutput.FunnelCurrent) v).funnel()), Named.as(unwrap))
        .to(topics.funnel().name(), Produced.with(topics.funnel().keySerde(), topics.funnel().valueSerde())
            .withName(sink));
  }

  /** Daily pipeline bridges (of the teams' sub-topology or of all teams') to the pipeline-flow-daily topic. */
  private static void toFlowDaily(KStream<Object, TeamOutput> out, VelocityTopics topics, String unwrap,
                                  String sink) {
    out.<ScopeDay, PipelineFlow>map((k, v) -> KeyValue.pair(((TeamOutput.FlowDaily) v).key(),
            ((TeamOutput.FlowDaily) v).flow()), Named.as(unwrap))
        .to(topics.pipelineFlowDaily().name(), Produced.with(topics.pipelineFlowDaily().keySerde(),
            topics.pipelineFlowDaily().valueSerde()).withName(sink));
  }

  /** Current forecasts (of the teams' sub-topology or of all teams') to the sales-forecast topic. */
  private static void toForecast(KStream<Object, TeamOutput> out, VelocityTopics topics, String unwrap, String sink) {
    out.<ForecastKey, CurrentForecast>map((k, v) -> KeyValue.pair(((TeamOutput.ForecastCurrent) v).key(),
            ((TeamOutput.ForecastCurrent) v).forecast()), Named.as(unwrap))
        .to(topics.forecast().name(), Produced.with(topics.forecast().keySerde(), topics.forecast().valueSerde())
            .withName(sink));
  }

  /** Daily forecasts (of the teams' sub-topology or of all teams') to the sales-forecast-daily topic. */
  private static void toForecastDaily(KStream<Object, TeamOutput> out, VelocityTopics topics, String unwrap,
                                      String sink) {
    out.<ForecastDay, SalesForecast>map((k, v) -> KeyValue.pair(((TeamOutput.ForecastDaily) v).key(),
            ((TeamOutput.ForecastDaily) v).forecast()), Named.as(unwrap))
        .to(topics.forecastDaily().name(), Produced.with(topics.forecastDaily().keySerde(),
            topics.forecastDaily().valueSerde()).withName(sink));
  }

  /** Segment daily points to the segments-daily topic. */
  private static void toSegmentsDaily(KStream<Object, TeamOutput> out, VelocityTopics topics, String unwrap,
                                      String sink) {
    out.<SegmentDay, SegmentVelocity>map((k, v) -> KeyValue.pair(((TeamOutput.SegmentDaily) v).key(),
            ((TeamOutput.SegmentDaily) v).velocity()), Named.as(unwrap))
        .to(topics.segmentsDaily().name(), Produced.with(topics.segmentsDaily().keySerde(),
            topics.segmentsDaily().valueSerde()).withName(sink));
  }

  /** The processor of the scope of all teams with its store ({@link Names#ALL_TEAMS_STORES}), as wired above. */
  public static ProcessorSupplier<String, ScopePartial, Object, TeamOutput> allTeamsProcessor(EngineSettings settings,
                                                                                      StateStorage storage) {
    return new ProcessorSupplier<>() {
      @Override
      public AllTeamsProcessor get() {
        return new AllTeamsProcessor(settings);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        return Set.of(storage.keyedStore(Names.ALL_TEAMS_STORE, Serdes.String(), StateSerdes.scopePartial()),
            storage.keyedStore(Names.ALL_TEAMS_DAYS_STORE, Serdes.Bytes(), StateSerdes.deltaLogEntry()),
            storage.keyedStore(Names.ALL_TEAMS_FUNNEL_CURSOR_STORE, Serdes.String(), StateSerdes.teamState()),
            storage.keyedStore(Names.ALL_TEAMS_OPEN_VISITS_STORE, Serdes.String(), Serdes.ByteArray()),
            CommitHook.builder(Names.ALL_TEAMS_COMMIT_HOOK));
      }
    };
  }

  /** Whether a lead processor output goes to the teams (a delta or a clock tick) rather than to dead letters. */
  public static boolean toTeams(LeadOutput v) {
    return !(v instanceof LeadOutput.Refused);
  }

  /** What a team task receives for a lead processor output: a team's batch of parts, or none for a tick. */
  public static List<TeamDelta> teamBatch(LeadOutput v) {
    return v instanceof LeadOutput.Tick ? List.of() : ((LeadOutput.Batch) v).parts();
  }

  /** The dead-letter record of a refused event: its original key and value bytes. */
  public static KeyValue<byte[], byte[]> deadLetter(LeadOutput v) {
    return rawOf(((LeadOutput.Refused) v).letter());
  }

  private static KeyValue<byte[], byte[]> rawOf(io.salesvelocity.velocity.domain.lead.DeadLetter letter) {
    return KeyValue.pair(letter.raw().key(), letter.raw().value());
  }

  /** The lead-events processor with its stores ({@link Names#LEAD_STORES}), as the topology wires it. */
  public static ProcessorSupplier<byte[], byte[], String, LeadOutput> leadProcessor(VelocityTopics topics,
                                                                                   EngineSettings settings,
                                                                                   StateStorage storage) {
    return leadProcessor(new DecodedEvents(new CrmEventDecoder(topics)), settings, storage);
  }

  /**
   * The lead-events processor reading its decoded records from {@code events} (an in-process replay decodes ahead
   * and hands them in there).
   */
  public static ProcessorSupplier<byte[], byte[], String, LeadOutput> leadProcessor(DecodedEvents events,
                                                                            EngineSettings settings,
                                                                            StateStorage storage) {
    return new ProcessorSupplier<>() {
      @Override
      public LeadProcessor get() {
        return new LeadProcessor(events, settings, storage.slowReads(), storage == StateStorage.IN_MEMORY);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        // lead-state and the outbox are written at commits (CommitHook), so through no record cache
        StoreBuilder<?> leads = storage.keyedStore(Names.LEAD_STATE_STORE, Serdes.String(), Serdes.ByteArray());
        StoreBuilder<?> clock = storage.store(Names.LEAD_CLOCK_STORE, Serdes.String(), Serdes.Long());
        StoreBuilder<?> parked = storage.store(Names.LEAD_PARKED_STORE, Serdes.Long(), ParkedEvents.serde());
        StoreBuilder<?> outbox = storage.keyedStore(Names.LEAD_OUTBOX_STORE, Serdes.String(), Serdes.ByteArray());
        StoreBuilder<?> dictionary = storage.store(Names.LEAD_DICTIONARY_STORE, Serdes.Integer(), Serdes.String());
        return Set.of(leads, clock, parked, outbox, dictionary, CommitHook.builder(Names.LEAD_COMMIT_HOOK));
      }
    };
  }

  /** The team-velocity processor with its stores ({@link Names#TEAM_STORES}), as the topology wires it. */
  public static ProcessorSupplier<String, List<TeamDelta>, Object, TeamOutput> teamProcessor(EngineSettings settings,
                                                                               StateStorage storage) {
    return new ProcessorSupplier<>() {
      @Override
      public TeamVelocityProcessor get() {
        return new TeamVelocityProcessor(settings);
      }

      @Override
      public Set<StoreBuilder<?>> stores() {
        // written at commits (CommitHook) or once per entry (the days), so through no record cache
        StoreBuilder<?> cursors = storage.keyedStore(Names.TEAM_CURSOR_STORE, Serdes.String(),
            StateSerdes.teamState());
        StoreBuilder<?> days = storage.keyedStore(Names.TEAM_DAYS_STORE, Serdes.Bytes(), StateSerdes.deltaLogEntry());
        StoreBuilder<?> clock = storage.keyedStore(Names.TEAM_CLOCK_STORE, Serdes.String(), Serdes.Long());
        StoreBuilder<?> segments = storage.keyedStore(Names.SEGMENT_CURSOR_STORE, Serdes.String(),
            StateSerdes.teamState());
        StoreBuilder<?> visits = storage.keyedStore(Names.TEAM_OPEN_VISITS_STORE, Serdes.String(),
            StateSerdes.visitBucket());
        StoreBuilder<?> flows = storage.keyedStore(Names.TEAM_FLOW_STORE, Serdes.String(), Serdes.String());
        StoreBuilder<?> forecasts = storage.keyedStore(Names.TEAM_FORECAST_STORE, Serdes.String(), Serdes.String());
        return Set.of(cursors, days, clock, segments, visits, flows, forecasts,
            CommitHook.builder(Names.TEAM_COMMIT_HOOK));
      }
    };
  }
}
