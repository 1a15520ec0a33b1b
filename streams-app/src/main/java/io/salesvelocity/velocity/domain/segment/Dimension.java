package io.salesvelocity.velocity.domain.segment;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A dimension of the ideal customer profile: what a lead's segment is along it. */
public enum Dimension {
  /** The lead's industry on its LeadCreated. */
  INDUSTRY("industry"),
  /** The lead's company size on its LeadCreated. */
  COMPANY_SIZE("companySize"),
  /** The lead's region on its LeadCreated. */
  REGION("region"),
  /** The lead's source on its LeadCreated. */
  SOURCE("source"),
  /** The rep: the ownerId of the lead's latest assignment to a rep at or before the instant. */
  OWNER("owner");

  /** The dimensions of {@code velocity.segments} by default: all of them. */
  public static final List<Dimension> ALL = List.of(values());

  private final String label;

  Dimension(String label) {
    this.label = label;
  }

  /** The name in configuration, output keys and CSV files. */
  public String label() {
    return label;
  }

  public static Dimension of(String label) {
    for (Dimension d : values()) {
      if (d.label.equalsIgnoreCase(label)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown segment dimension '" + label + "'; the dimensions are "
        + String.join(", ", labels(ALL)));
  }

  /**
   * The dimensions of a comma-separated list, in the order of this enum whatever the list's order, each once;
   * a blank list is none (segments off).
   */
  public static List<Dimension> parseList(String list) {
    Set<Dimension> out = EnumSet.noneOf(Dimension.class);
    for (String part : list.split(",")) {
      if (!part.isBlank()) {
        out.add(of(part.trim()));
      }
    }
    return List.copyOf(out);
  }

  public static List<String> labels(List<Dimension> dimensions) {
    List<String> out = new ArrayList<>();
    dimensions.forEach(d -> out.add(d.label));
    return out;
  }
}
