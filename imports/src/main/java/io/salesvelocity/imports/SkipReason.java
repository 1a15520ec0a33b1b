package io.salesvelocity.imports;

/** Why a row (or one value of it) of a CRM export did not become an event: the import's report says each. */
public enum SkipReason {
  MISSING_ID("missing-id", "no id"),
  MISSING_CREATION_DATE("missing-creation-date", "no creation date"),
  MISSING_TEAM("missing-team", "no team"),
  UNPARSEABLE_DATE("unparseable-date", "a date that does not parse"),
  UNPARSEABLE_AMOUNT("unparseable-amount", "an amount that is not a decimal number of at most 16 digits before the "
      + "point and 2 after"),
  NEGATIVE_AMOUNT("negative-amount", "a won amount below 0"),
  WON_WITHOUT_AMOUNT("won-without-amount", "a won deal without an amount: the contract needs one, the deal stays open"),
  UNKNOWN_STAGE("unknown-stage", "a stage the stage map does not know (add it with a stage map)"),
  MISSING_CLOSE_DATE("missing-close-date", "a won or lost deal without a close date: the deal stays open"),
  CLOSE_BEFORE_CREATION("close-before-creation", "a close before the creation"),
  CHANGE_BEFORE_CREATION("change-before-creation", "a stage change before the creation"),
  AFTER_CLOSE("after-close", "a change after the deal closed (a reopened deal: the contract closes a lead once)"),
  DUPLICATE_ID("duplicate-id", "an id seen before in the same file"),
  UNKNOWN_OPPORTUNITY("unknown-opportunity", "a history row of an opportunity that is not in Opportunity.csv"),
  OF_SKIPPED_OPPORTUNITY("of-skipped-opportunity", "a history row of an opportunity skipped for another reason"),
  IDENTIFIER_TOO_LONG("identifier-too-long", "an id, team, owner, industry, company size or region longer than "
      + "256 bytes of UTF-8"),
  MISSING_LOOKUP("missing-lookup", "no row of a lookup file with this key");

  private final String code;
  private final String meaning;

  SkipReason(String code, String meaning) {
    this.code = code;
    this.meaning = meaning;
  }

  /** The reason as the report prints it. */
  public String code() {
    return code;
  }

  public String meaning() {
    return meaning;
  }
}
