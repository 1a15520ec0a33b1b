package io.salesvelocity.imports;

/**
 * Salesforce record ids: the 15-character case-sensitive id, or the same with a 3-character checksum of its case
 * (the 18-character form exports and the API give). One file may name a record in one form, another file in the
 * other; both are the same record.
 */
final class SalesforceIds {
  private static final String CHECKSUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

  private SalesforceIds() {
  }

  /** The 15-character form of an 18-character Salesforce id (its checksum verified); any other text as it is. */
  static String canonical(String id) {
    if (id.length() == 18 && id.chars().allMatch(c -> c < 128 && Character.isLetterOrDigit(c))
        && id.substring(15).equals(checksum(id.substring(0, 15)))) {
      return id.substring(0, 15);
    }
    return id;
  }

  /** The 3-character suffix of the 18-character form: for each 5 characters, which are upper-case letters. */
  static String checksum(String id15) {
    StringBuilder suffix = new StringBuilder(3);
    for (int chunk = 0; chunk < 3; chunk++) {
      int bits = 0;
      for (int i = 0; i < 5; i++) {
        char c = id15.charAt(chunk * 5 + i);
        if (c >= 'A' && c <= 'Z') {
          bits |= 1 << i;
        }
      }
      suffix.append(CHECKSUM.charAt(bits));
    }
    return suffix.toString();
  }
}
