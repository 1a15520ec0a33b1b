package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.SegmentVelocity;
import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.segment.SegmentKey;
import io.salesvelocity.velocity.domain.team.Cursor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The one mapping from the math to the output contract: the figures of a ledger's window at a cursor's instant as
 * a {@link TeamVelocity} or a {@link SegmentVelocity}. Money leaves the engine at the contract's scales (won amount
 * 2 places, average deal 6), rounded half-even; the ratios are doubles.
 */
public final class VelocityRecords {
  private VelocityRecords() {
  }

  public static TeamVelocity of(String teamId, Cursor cursor, EngineSettings settings, boolean isFinal) {
    VelocityFigures f = cursor.totals().figures();
    return TeamVelocity.newBuilder()
        .setTeamId(teamId)
        .setAsOf(Instant.ofEpochMilli(cursor.at()))
        .setWindowStart(Instant.ofEpochMilli(cursor.at() - settings.windowMillis()))
        .setWindowEnd(Instant.ofEpochMilli(cursor.at()))
        .setWindowDays(settings.windowDays())
        .setPipelineCount(f.pipelineCount())
        .setWonCount(f.wonCount())
        .setLostCount(f.lostCount())
        .setWonAmount(wonAmount(f))
        .setAvgDealSize(avgDealSize(f))
        .setWinRate(f.winRate())
        .setAvgCycleDays(f.avgCycleDays())
        .setVelocityPerDay(f.velocityPerDay())
        .setFinal$(isFinal)
        .build();
  }

  public static SegmentVelocity segment(SegmentKey key, Cursor cursor, EngineSettings settings, boolean isFinal) {
    VelocityFigures f = cursor.totals().figures();
    return SegmentVelocity.newBuilder()
        .setScope(key.scopeLabel())
        .setDimension(key.dimension().label())
        .setSegment(key.segment())
        .setAsOf(Instant.ofEpochMilli(cursor.at()))
        .setWindowStart(Instant.ofEpochMilli(cursor.at() - settings.windowMillis()))
        .setWindowEnd(Instant.ofEpochMilli(cursor.at()))
        .setWindowDays(settings.windowDays())
        .setPipelineCount(f.pipelineCount())
        .setWonCount(f.wonCount())
        .setLostCount(f.lostCount())
        .setWonAmount(wonAmount(f))
        .setAvgDealSize(avgDealSize(f))
        .setWinRate(f.winRate())
        .setAvgCycleDays(f.avgCycleDays())
        .setVelocityPerDay(f.velocityPerDay())
        .setFinal$(isFinal)
        .build();
  }

  /** The output key of a segment. */
  public static io.salesvelocity.schemas.SegmentKey key(SegmentKey key) {
    return new io.salesvelocity.schemas.SegmentKey(key.scopeLabel(), key.dimension().label(), key.segment());
  }

  private static BigDecimal wonAmount(VelocityFigures f) {
    return f.wonAmount().setScale(2, RoundingMode.HALF_EVEN);
  }

  private static BigDecimal avgDealSize(VelocityFigures f) {
    return f.avgDealSize() == null ? null : f.avgDealSize().setScale(6, RoundingMode.HALF_EVEN);
  }
}
