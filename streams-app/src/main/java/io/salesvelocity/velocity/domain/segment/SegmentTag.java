package io.salesvelocity.velocity.domain.segment;

import java.util.Objects;

/**
 * Which segments a delta belongs to: the lead's values on its LeadCreated and the rep it was assigned to at the
 * delta's instant. A null value is the segment {@link #UNKNOWN}.
 *
 * <p>A value class rather than a record: the hash is computed once and equality of the same instance is settled
 * without comparing the values; and a segment book may extend it to hand out its own instance of each set of values,
 * carrying what the book resolved it to (equal to any other instance of the same values).
 */
public class SegmentTag {
  /** The segment of a lead without a value for a dimension. */
  public static final String UNKNOWN = "unknown";

  private final String industry;
  private final String companySize;
  private final String region;
  private final String source;
  private final String owner;
  private final int hash;

  /** The same values as {@code other}. */
  protected SegmentTag(SegmentTag other) {
    this(other.industry, other.companySize, other.region, other.source, other.owner);
  }

  public SegmentTag(String industry, String companySize, String region, String source, String owner) {
    this.industry = industry;
    this.companySize = companySize;
    this.region = region;
    this.source = source;
    this.owner = owner;
    this.hash = Objects.hash(industry, companySize, region, source, owner);
  }

  /** The tag of these values; null when every one is null (nothing known of the lead's segments). */
  public static SegmentTag ofNullable(String industry, String companySize, String region, String source, String owner) {
    if (industry == null && companySize == null && region == null && source == null && owner == null) {
      return null;
    }
    return new SegmentTag(industry, companySize, region, source, owner);
  }

  public String industry() {
    return industry;
  }

  public String companySize() {
    return companySize;
  }

  public String region() {
    return region;
  }

  public String source() {
    return source;
  }

  public String owner() {
    return owner;
  }

  /** The lead's segment along {@code d}. */
  public final String valueOf(Dimension d) {
    String v = switch (d) {
      case INDUSTRY -> industry;
      case COMPANY_SIZE -> companySize;
      case REGION -> region;
      case SOURCE -> source;
      case OWNER -> owner;
    };
    return v == null ? UNKNOWN : v;
  }

  /** The same lead values with another rep. */
  public SegmentTag withOwner(String ownerId) {
    return Objects.equals(owner, ownerId) ? this : new SegmentTag(industry, companySize, region, source, ownerId);
  }

  @Override
  public final boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    return o instanceof SegmentTag t && hash == t.hash && Objects.equals(industry, t.industry)
        && Objects.equals(companySize, t.companySize) && Objects.equals(region, t.region)
        && Objects.equals(source, t.source) && Objects.equals(owner, t.owner);
  }

  @Override
  public final int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return "SegmentTag[industry=" + industry + ", companySize=" + companySize + ", region=" + region + ", source="
        + source + ", owner=" + owner + "]";
  }
}
