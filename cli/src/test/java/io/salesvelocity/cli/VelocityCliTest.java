package io.salesvelocity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class VelocityCliTest {
  @Test
  void shouldOfferEveryCommandWhenTheDevStackAndTheBacktestAreOnTheClasspath() {
    assertThat(VelocityCli.commandLine(VelocityCli::onClasspath).getSubcommands().keySet())
        .containsExactlyInAnyOrder("run", "generate", "import", "publish", "reset", "help", "demo", "backtest", "bench");
  }

  @Test
  void shouldOfferRunGenerateImportAndPublishWhereTheDevStackTheBacktestAndKafkasToolsAreLeftOutAsInTheDockerImage() {
    var cli = VelocityCli.commandLine(className -> false);
    assertThat(cli.getSubcommands().keySet()).containsExactlyInAnyOrder("run", "generate", "import", "publish", "help");
    assertThat(cli.execute("demo")).as("exit code of an unknown command").isEqualTo(2);
  }

  @Test
  void shouldFindClassesOnTheClasspathAndNotOthers() {
    assertThat(VelocityCli.onClasspath(VelocityCli.DEVSTACK)).isTrue();
    assertThat(VelocityCli.onClasspath(VelocityCli.BACKTEST)).isTrue();
    assertThat(VelocityCli.onClasspath(VelocityCli.RESET_TOOL)).isTrue();
    assertThat(VelocityCli.onClasspath("io.salesvelocity.NoSuchClass")).isFalse();
  }
}
