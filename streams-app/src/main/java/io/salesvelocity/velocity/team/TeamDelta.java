package io.salesvelocity.velocity.team;

import io.salesvelocity.velocity.math.Delta;

/** A delta on its way to its team: the instant it applies at, and the change. */
public record TeamDelta(long time, Delta delta) { }
