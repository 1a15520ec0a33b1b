package io.salesvelocity.imports;

import io.salesvelocity.schemas.Outcome;
import io.salesvelocity.schemas.Stage;

/** What a CRM's stage name stands for: one of the contract's stages, or a close (won or lost). */
public record StageTarget(Stage stage, Outcome outcome) {
  public StageTarget {
    if ((stage == null) == (outcome == null)) {
      throw new IllegalArgumentException("a stage or an outcome");
    }
  }

  public static StageTarget of(Stage stage) {
    return new StageTarget(stage, null);
  }

  public static StageTarget of(Outcome outcome) {
    return new StageTarget(null, outcome);
  }

  public boolean closed() {
    return outcome != null;
  }

  /** A stage or outcome by its contract name (NEW ... NEGOTIATION, WON, LOST), any case. */
  static StageTarget parse(String name) {
    String n = name.trim().toUpperCase(java.util.Locale.ROOT);
    for (Stage s : Stage.values()) {
      if (s.name().equals(n)) {
        return of(s);
      }
    }
    for (Outcome o : Outcome.values()) {
      if (o.name().equals(n)) {
        return of(o);
      }
    }
    throw new ImportException("'" + name.trim() + "' is neither a stage of the contract (NEW, MQL, SRL, SAL, SQL, "
        + "PROPOSAL, NEGOTIATION) nor WON or LOST");
  }

  @Override
  public String toString() {
    return stage != null ? stage.name() : outcome.name();
  }
}
