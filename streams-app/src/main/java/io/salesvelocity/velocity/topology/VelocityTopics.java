package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.DealClosed;
import io.salesvelocity.schemas.EventType;
import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.FunnelKey;
import io.salesvelocity.schemas.LeadCreated;
import io.salesvelocity.schemas.CurrentForecast;
import io.salesvelocity.schemas.ForecastDay;
import io.salesvelocity.schemas.ForecastKey;
import io.salesvelocity.schemas.PipelineFlow;
import io.salesvelocity.schemas.SalesForecast;
import io.salesvelocity.schemas.ScopeDay;
import io.salesvelocity.schemas.SegmentDay;
import io.salesvelocity.schemas.SegmentKey;
import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.StageChanged;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.schemas.TeamDay;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.serde.ConfluentAvroSerde;
import io.salesvelocity.serde.SchemaRegistryClient;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The engine's topics, each with its serdes, made once from the topic names, one registry client and the
 * serde settings. The only place that knows a registry exists.
 */
public record VelocityTopics(Topic<String, LeadCreated> leadCreated, Topic<String, StageChanged> stageChanged,
                             Topic<String, DealClosed> dealClosed, Topic<String, TeamVelocity> velocity,
                             Topic<TeamDay, TeamVelocity> velocityDaily, Topic<byte[], byte[]> deadLetters,
                             Topic<SegmentKey, SegmentVelocity> segments,
                             Topic<SegmentDay, SegmentVelocity> segmentsDaily, Topic<FunnelKey, StageFunnel> funnel,
                             Topic<FunnelDay, StageFunnel> funnelDaily, Topic<String, StalledDeal> stalledDeals,
                             Topic<ScopeDay, PipelineFlow> pipelineFlowDaily,
                             Topic<ForecastDay, SalesForecast> forecastDaily,
                             Topic<ForecastKey, CurrentForecast> forecast) {

  public static final String DEFAULT_LEAD_CREATED = "crm.lead-created";
  public static final String DEFAULT_STAGE_CHANGED = "crm.stage-changed";
  public static final String DEFAULT_DEAL_CLOSED = "crm.deal-closed";
  public static final String DEFAULT_VELOCITY = "sales-velocity";
  public static final String DEFAULT_VELOCITY_DAILY = "sales-velocity-daily";
  public static final String DEFAULT_DEAD_LETTERS = "velocity-dlq";
  public static final String DEFAULT_SEGMENTS = "sales-velocity-segments";
  public static final String DEFAULT_SEGMENTS_DAILY = "sales-velocity-segments-daily";
  public static final String DEFAULT_FUNNEL = "sales-funnel";
  public static final String DEFAULT_FUNNEL_DAILY = "sales-funnel-daily";
  public static final String DEFAULT_STALLED_DEALS = "stalled-deals";
  public static final String DEFAULT_PIPELINE_FLOW_DAILY = "pipeline-flow-daily";
  public static final String DEFAULT_FORECAST_DAILY = "sales-forecast-daily";
  public static final String DEFAULT_FORECAST = "sales-forecast";

  /** Topic names, defaults as documented in docs/contract.md and docs/outputs.md. */
  public record TopicNames(String leadCreated, String stageChanged, String dealClosed, String velocity,
                           String velocityDaily, String deadLetters, String segments, String segmentsDaily,
                           String funnel, String funnelDaily, String stalledDeals, String pipelineFlowDaily,
                           String forecastDaily, String forecast) {
    /** The segment, funnel and bridge topics by default. */
    public TopicNames(String leadCreated, String stageChanged, String dealClosed, String velocity,
                      String velocityDaily, String deadLetters) {
      this(leadCreated, stageChanged, dealClosed, velocity, velocityDaily, deadLetters, DEFAULT_SEGMENTS,
          DEFAULT_SEGMENTS_DAILY, DEFAULT_FUNNEL, DEFAULT_FUNNEL_DAILY, DEFAULT_STALLED_DEALS,
          DEFAULT_PIPELINE_FLOW_DAILY, DEFAULT_FORECAST_DAILY, DEFAULT_FORECAST);
    }

    public static TopicNames defaults() {
      return new TopicNames(DEFAULT_LEAD_CREATED, DEFAULT_STAGE_CHANGED, DEFAULT_DEAL_CLOSED, DEFAULT_VELOCITY,
          DEFAULT_VELOCITY_DAILY, DEFAULT_DEAD_LETTERS);
    }

    /** The input topic of one type of CRM event. */
    public String input(EventType type) {
      return switch (type) {
        case LEAD_CREATED -> leadCreated;
        case STAGE_CHANGED -> stageChanged;
        case DEAL_CLOSED -> dealClosed;
      };
    }

    public java.util.List<String> inputs() {
      return java.util.List.of(leadCreated, stageChanged, dealClosed);
    }

    public java.util.List<String> all() {
      return java.util.List.of(leadCreated, stageChanged, dealClosed, velocity, velocityDaily, deadLetters, segments,
          segmentsDaily, funnel, funnelDaily, stalledDeals, pipelineFlowDaily, forecastDaily, forecast);
    }
  }

  public static VelocityTopics create(TopicNames names, SchemaRegistryClient registry, Map<String, ?> serdeConfig) {
    return new VelocityTopics(
        new Topic<>(names.leadCreated(), Serdes.String(),
            ConfluentAvroSerde.configured(LeadCreated.class, registry, serdeConfig, false)),
        new Topic<>(names.stageChanged(), Serdes.String(),
            ConfluentAvroSerde.configured(StageChanged.class, registry, serdeConfig, false)),
        new Topic<>(names.dealClosed(), Serdes.String(),
            ConfluentAvroSerde.configured(DealClosed.class, registry, serdeConfig, false)),
        new Topic<>(names.velocity(), Serdes.String(),
            ConfluentAvroSerde.configured(TeamVelocity.class, registry, serdeConfig, false)),
        new Topic<>(names.velocityDaily(), ConfluentAvroSerde.configured(TeamDay.class, registry, serdeConfig, true),
            ConfluentAvroSerde.configured(TeamVelocity.class, registry, serdeConfig, false)),
        new Topic<>(names.deadLetters(), Serdes.ByteArray(), Serdes.ByteArray()),
        new Topic<>(names.segments(), ConfluentAvroSerde.configured(SegmentKey.class, registry, serdeConfig, true),
            ConfluentAvroSerde.configured(SegmentVelocity.class, registry, serdeConfig, false)),
        new Topic<>(names.segmentsDaily(),
            ConfluentAvroSerde.configured(SegmentDay.class, registry, serdeConfig, true),
            ConfluentAvroSerde.configured(SegmentVelocity.class, registry, serdeConfig, false)),
        new Topic<>(names.funnel(), ConfluentAvroSerde.configured(FunnelKey.class, registry, serdeConfig, true),
            ConfluentAvroSerde.configured(StageFunnel.class, registry, serdeConfig, false)),
        new Topic<>(names.funnelDaily(), ConfluentAvroSerde.configured(FunnelDay.class, registry, serdeConfig, true),
            ConfluentAvroSerde.configured(StageFunnel.class, registry, serdeConfig, false)),
        new Topic<>(names.stalledDeals(), Serdes.String(),
            ConfluentAvroSerde.configured(StalledDeal.class, registry, serdeConfig, false)),
        new Topic<>(names.pipelineFlowDaily(),
            ConfluentAvroSerde.configured(ScopeDay.class, registry, serdeConfig, true),
            ConfluentAvroSerde.configured(PipelineFlow.class, registry, serdeConfig, false)),
        new Topic<>(names.forecastDaily(),
            ConfluentAvroSerde.configured(ForecastDay.class, registry, serdeConfig, true),
            ConfluentAvroSerde.configured(SalesForecast.class, registry, serdeConfig, false)),
        new Topic<>(names.forecast(), ConfluentAvroSerde.configured(ForecastKey.class, registry, serdeConfig, true),
            ConfluentAvroSerde.configured(CurrentForecast.class, registry, serdeConfig, false)));
  }

  /** The input topic of one type of CRM event, with its serdes. */
  public Topic<String, ? extends SpecificRecord> input(EventType type) {
    return switch (type) {
      case LEAD_CREATED -> leadCreated;
      case STAGE_CHANGED -> stageChanged;
      case DEAL_CLOSED -> dealClosed;
    };
  }

  public TopicNames names() {
    return new TopicNames(leadCreated.name(), stageChanged.name(), dealClosed.name(), velocity.name(),
        velocityDaily.name(), deadLetters.name(), segments.name(), segmentsDaily.name(), funnel.name(),
        funnelDaily.name(), stalledDeals.name(), pipelineFlowDaily.name(), forecastDaily.name(),
        forecast.name());
  }
}
