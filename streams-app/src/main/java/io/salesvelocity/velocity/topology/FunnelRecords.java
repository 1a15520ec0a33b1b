package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.FunnelDay;
import io.salesvelocity.schemas.FunnelKey;
import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageFunnel;
import io.salesvelocity.schemas.StallStatus;
import io.salesvelocity.schemas.StalledDeal;
import io.salesvelocity.velocity.domain.funnel.StageFigures;
import io.salesvelocity.velocity.domain.funnel.StallEvent;
import io.salesvelocity.velocity.domain.math.UtcDays;
import java.time.Instant;

/** The one mapping from the funnel math to the output contract: {@link StageFunnel} and {@link StalledDeal}. */
public final class FunnelRecords {
  private static final Stage[] STAGES = Stage.values();

  private FunnelRecords() {
  }

  public static StageFunnel of(String scope, StageFigures f, long at, EngineSettings settings, boolean isFinal) {
    return StageFunnel.newBuilder()
        .setScope(scope)
        .setStage(STAGES[f.stage()])
        .setAsOf(Instant.ofEpochMilli(at))
        .setWindowStart(Instant.ofEpochMilli(at - settings.windowMillis()))
        .setWindowEnd(Instant.ofEpochMilli(at))
        .setWindowDays(settings.windowDays())
        .setExits(f.exits())
        .setAdvanced(f.advanced())
        .setConversion(f.conversion())
        .setAvgDays(f.avgDays())
        .setMedianDays(f.medianDays())
        .setP90Days(f.p90Days())
        .setOpenNow(f.openNow())
        .setStalledNow(f.stalledNow())
        .setStallThresholdDays(f.thresholdMillis() == null ? null : StageFigures.days(f.thresholdMillis()))
        .setFinal$(isFinal)
        .build();
  }

  public static FunnelKey key(String scope, int stage) {
    return new FunnelKey(scope, STAGES[stage]);
  }

  public static FunnelDay day(String scope, int stage, long epochDay) {
    return new FunnelDay(scope, STAGES[stage], UtcDays.date(epochDay));
  }

  public static StalledDeal stalled(StallEvent e) {
    StalledDeal.Builder b = StalledDeal.newBuilder()
        .setLeadId(e.visit().leadId())
        .setTeamId(e.teamId())
        .setOwnerId(e.visit().ownerId())
        .setStage(STAGES[e.visit().stage()])
        .setVisitBegan(Instant.ofEpochMilli(e.visit().began()))
        .setStalledOn(UtcDays.date(e.stalledOn()))
        .setAmount(e.amount());
    if (e instanceof StallEvent.Found f) {
      return b.setStatus(StallStatus.STALLED)
          .setDaysInStage(StageFigures.days(f.inStageMillis()))
          .setThresholdDays(StageFigures.days(f.thresholdMillis()))
          .build();
    }
    StallEvent.Resolved r = (StallEvent.Resolved) e;
    return b.setStatus(StallStatus.RESOLVED)
        .setResolvedAt(Instant.ofEpochMilli(r.at()))
        .setResolution(r.how().label())
        .build();
  }
}
