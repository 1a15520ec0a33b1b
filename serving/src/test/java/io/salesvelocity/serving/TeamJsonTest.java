package io.salesvelocity.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.salesvelocity.schemas.TeamVelocity;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class TeamJsonTest {
  private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.WRITE_BIGDECIMAL_AS_PLAIN);

  private static TeamVelocity articleExample() {
    Instant asOf = Instant.parse("2026-03-31T23:59:59.999Z");
    return TeamVelocity.newBuilder().setTeamId("emea").setAsOf(asOf).setWindowStart(asOf.minusSeconds(90 * 86_400))
        .setWindowEnd(asOf).setWindowDays(90).setPipelineCount(250).setWonCount(18).setLostCount(82)
        .setWonAmount(new BigDecimal("1440000.00")).setAvgDealSize(new BigDecimal("80000.000000")).setWinRate(0.18)
        .setAvgCycleDays(120.0).setVelocityPerDay(30_000.0).setFinal$(true).build();
  }

  @Test
  void shouldWriteTheFiguresUnderTheirTopicNamesWithExactMoneyAndIsoInstants() throws Exception {
    String text = json.writeValueAsString(TeamJson.of(articleExample()));

    assertThat(text).isEqualTo("{\"teamId\":\"emea\",\"velocityPerDay\":30000.0,\"pipelineCount\":250,"
        + "\"avgDealSize\":80000.000000,\"winRate\":0.18,\"avgCycleDays\":120.0,\"wonCount\":18,\"lostCount\":82,"
        + "\"wonAmount\":1440000.00,\"asOf\":\"2026-03-31T23:59:59.999Z\",\"windowStart\":\"2025-12-31T23:59:59.999Z\","
        + "\"windowEnd\":\"2026-03-31T23:59:59.999Z\",\"windowDays\":90,\"final\":true}");
  }

  @Test
  void shouldWriteUndefinedRatiosAsNullAndADayWithItsDateFirst() throws Exception {
    TeamVelocity none = TeamVelocity.newBuilder(articleExample()).setWonCount(0).setAvgDealSize(null).setWinRate(null)
        .setAvgCycleDays(null).setVelocityPerDay(null).build();

    var day = json.readTree(json.writeValueAsString(TeamJson.day(LocalDate.parse("2026-03-31"), none)));

    assertThat(day.fieldNames().next()).isEqualTo("date");
    assertThat(day.get("date").asText()).isEqualTo("2026-03-31");
    assertThat(day.get("velocityPerDay").isNull()).isTrue();
    assertThat(day.get("avgDealSize").isNull()).isTrue();
    assertThat(day.get("winRate").isNull()).isTrue();
  }
}
