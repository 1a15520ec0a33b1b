package io.salesvelocity.imports;

/** Where in a CRM export something is: a file and its line (from 1, the header is line 1). */
public record Source(String file, long line) {
  @Override
  public String toString() {
    return file + ":" + line;
  }
}
