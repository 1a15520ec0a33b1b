package io.salesvelocity.serving;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Pages of {@code GET /api/stalled}: the deals in their order (longest in their stage first: visit began, then lead),
 * {@code limit} at a time, and a cursor that names the last deal of a page. The cursor is a position in that order,
 * not an index, so a deal that resolves between two pages does not shift the next page over one the client has not
 * seen.
 */
final class StalledPage {
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 1000;

  private StalledPage() {
  }

  /** The cursor after {@code deal}: its visit's beginning and its lead, URL-safe. */
  static String cursorAfter(Map<String, Object> deal) {
    String text = deal.get("visitBegan") + "\n" + deal.get("leadId");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The index of the first deal after {@code cursor} in {@code sorted} (0 without a cursor). */
  static int start(List<Map<String, Object>> sorted, String cursor) {
    if (cursor == null || cursor.isBlank()) {
      return 0;
    }
    String[] after;
    try {
      after = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8).split("\n", 2);
    } catch (IllegalArgumentException e) {
      throw ApiException.badParameter("cursor is not one of this API's cursors: " + cursor);
    }
    if (after.length != 2) {
      throw ApiException.badParameter("cursor is not one of this API's cursors: " + cursor);
    }
    int i = 0;
    while (i < sorted.size() && compare(sorted.get(i), after[0], after[1]) <= 0) {
      i++;
    }
    return i;
  }

  private static int compare(Map<String, Object> deal, String visitBegan, String leadId) {
    int c = ((String) deal.get("visitBegan")).compareTo(visitBegan);
    return c != 0 ? c : ((String) deal.get("leadId")).compareTo(leadId);
  }
}
