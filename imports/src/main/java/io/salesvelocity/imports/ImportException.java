package io.salesvelocity.imports;

/**
 * An import that cannot start or go on: a file or a required column missing, a mapping that does not parse. A bad
 * row is never one: it is skipped and reported ({@link ImportReport}).
 */
public final class ImportException extends RuntimeException {
  public ImportException(String message) {
    super(message);
  }

  public ImportException(String message, Throwable cause) {
    super(message, cause);
  }
}
