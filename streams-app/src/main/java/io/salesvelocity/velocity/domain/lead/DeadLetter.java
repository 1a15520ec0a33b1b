package io.salesvelocity.velocity.domain.lead;

/** An event the engine refuses, with its original bytes and the reason. */
public record DeadLetter(RawEvent raw, Rejection reason, String message) { }
