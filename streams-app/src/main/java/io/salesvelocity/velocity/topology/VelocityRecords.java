package io.salesvelocity.velocity.topology;

import io.salesvelocity.schemas.TeamVelocity;
import io.salesvelocity.velocity.domain.math.VelocityFigures;
import io.salesvelocity.velocity.domain.team.Cursor;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The one mapping from the math to the output contract: the figures of a ledger's window at a cursor's instant as
 * a {@link TeamVelocity}. Money leaves the engine at the contract's scales (won amount 2 places, average deal 6),
 * rounded half-even; the ratios are doubles.
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
        .setWonAmount(f.wonAmount().setScale(2, RoundingMode.HALF_EVEN))
        .setAvgDealSize(f.avgDealSize() == null ? null : f.avgDealSize().setScale(6, RoundingMode.HALF_EVEN))
        .setWinRate(f.winRate())
        .setAvgCycleDays(f.avgCycleDays())
        .setVelocityPerDay(f.velocityPerDay())
        .setFinal$(isFinal)
        .build();
  }
}
