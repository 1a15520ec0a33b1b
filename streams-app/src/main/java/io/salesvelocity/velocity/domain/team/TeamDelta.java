package io.salesvelocity.velocity.domain.team;

import io.salesvelocity.velocity.domain.math.Delta;

/** A delta on its way to its team: the instant it applies at, and the change. */
public record TeamDelta(long time, Delta delta) { }
