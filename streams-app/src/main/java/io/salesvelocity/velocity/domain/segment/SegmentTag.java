package io.salesvelocity.velocity.domain.segment;

import java.util.Objects;

/**
 * Which segments a delta belongs to: the lead's values on its LeadCreated and the rep it was assigned to at the
 * delta's instant. A null value is the segment {@link #UNKNOWN}.
 */
public record SegmentTag(String industry, String companySize, String region, String source, String owner) {
  /** The segment of a lead without a value for a dimension. */
  public static final String UNKNOWN = "unknown";

  /** The tag of these values; null when every one is null (nothing known of the lead's segments). */
  public static SegmentTag ofNullable(String industry, String companySize, String region, String source, String owner) {
    if (industry == null && companySize == null && region == null && source == null && owner == null) {
      return null;
    }
    return new SegmentTag(industry, companySize, region, source, owner);
  }

  /** The lead's segment along {@code d}. */
  public String valueOf(Dimension d) {
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
}
