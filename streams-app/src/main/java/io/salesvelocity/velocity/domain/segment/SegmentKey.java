package io.salesvelocity.velocity.domain.segment;

import java.util.Objects;

/**
 * One segment in one scope: {@code scope} is a team id, or null for every team ({@link #ALL}).
 * {@link #id()} is its name in the engine's state: unambiguous whatever the team ids and segment values hold.
 */
public record SegmentKey(String scope, Dimension dimension, String segment) {
  /** How the scope of every team is written in outputs. */
  public static final String ALL = "ALL";

  public SegmentKey {
    Objects.requireNonNull(dimension, "dimension");
    Objects.requireNonNull(segment, "segment");
  }

  public static SegmentKey of(String scope, Dimension d, SegmentTag tag) {
    return new SegmentKey(scope, d, tag.valueOf(d));
  }

  public boolean allTeams() {
    return scope == null;
  }

  /** The scope as outputs write it: the team id, or {@value #ALL}. */
  public String scopeLabel() {
    return scope == null ? ALL : scope;
  }

  /** Length-prefixed, so that no team id or segment value can make two keys one. */
  public String id() {
    String s = scope == null ? "*" : scope.length() + ":" + scope;
    return s + "|" + dimension.ordinal() + "|" + segment;
  }

  /** The key whose {@link #id()} is {@code id}. */
  public static SegmentKey parse(String id) {
    String scope = null;
    int at = 1;
    if (!id.startsWith("*")) {
      int colon = id.indexOf(':');
      int length = Integer.parseInt(id.substring(0, colon));
      scope = id.substring(colon + 1, colon + 1 + length);
      at = colon + 1 + length;
    }
    if (id.charAt(at) != '|') {
      throw new IllegalArgumentException("not a segment key: " + id);
    }
    int bar = id.indexOf('|', at + 1);
    Dimension d = Dimension.values()[Integer.parseInt(id.substring(at + 1, bar))];
    return new SegmentKey(scope, d, id.substring(bar + 1));
  }
}
