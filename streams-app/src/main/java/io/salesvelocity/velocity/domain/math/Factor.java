package io.salesvelocity.velocity.domain.math;

/**
 * The four factors of velocity (open pipeline x average won deal x win rate / average cycle): their words in a
 * report, and their names in a what-if scenario ({@code cycle=-25%}).
 */
public enum Factor {
  PIPELINE("open pipeline", "pipeline"),
  DEAL_SIZE("average deal size", "deal-size"),
  WIN_RATE("win rate", "win-rate"),
  CYCLE("average cycle", "cycle");

  private final String label;
  private final String option;

  Factor(String label, String option) {
    this.label = label;
    this.option = option;
  }

  /** The factor in words, as a report says it. */
  public String label() {
    return label;
  }

  /** The factor's name in a what-if scenario. */
  public String option() {
    return option;
  }

  /** The factor a what-if scenario names. */
  public static Factor ofOption(String option) {
    for (Factor f : values()) {
      if (f.option.equals(option)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown factor '" + option + "': use pipeline, deal-size, win-rate or cycle");
  }
}
