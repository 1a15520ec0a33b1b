package io.salesvelocity.serving;

/**
 * A request the API answers with an error: its HTTP status, a short machine-readable code and a sentence for people.
 * Sent as {@code {"status": 404, "error": "unknown-team", "message": "..."}}.
 */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  public ApiException(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  static ApiException badParameter(String message) {
    return new ApiException(400, "bad-parameter", message);
  }

  static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message);
  }

  static ApiException unavailable(String message) {
    return new ApiException(503, "not-ready", message);
  }
}
