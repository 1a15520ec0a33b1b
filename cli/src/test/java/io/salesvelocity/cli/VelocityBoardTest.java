package io.salesvelocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesvelocity.schemas.Stage;
import io.salesvelocity.schemas.StageFunnel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VelocityBoardTest {
  private static StageFunnel stage(Stage s, long exits, Double conversion, Double median, long open, long stalled) {
    return StageFunnel.newBuilder().setScope("A").setStage(s).setAsOf(Instant.EPOCH).setWindowStart(Instant.EPOCH)
        .setWindowEnd(Instant.EPOCH).setWindowDays(90).setExits(exits).setAdvanced(0).setConversion(conversion)
        .setMedianDays(median).setP90Days(median == null ? null : median * 2).setOpenNow(open).setStalledNow(stalled)
        .build();
  }

  @Test
  void shouldShowATeamsFunnelStageByStage() {
    String panel = VelocityBoard.renderFunnel("A", List.of(stage(Stage.MQL, 40, 0.75, 2.25, 12, 3),
        stage(Stage.SQL, 0, null, null, 4, 0)));
    List<String> lines = panel.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).contains("funnel of A", "conversion", "median days", "stalled");
    assertThat(lines.get(1)).containsSubsequence("MQL", "40", "75.0%", "2.3", "4.5", "12", "3");
    assertThat(lines.get(2)).containsSubsequence("SQL", "0", "-", "-", "-", "4", "-");
  }
}
