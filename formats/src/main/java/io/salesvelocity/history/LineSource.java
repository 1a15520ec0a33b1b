package io.salesvelocity.history;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without trusting it: a line is at most {@code maxLineBytes} (a longer one is
 * reported and skipped, without being held in memory), a UTF-8 byte order mark at the start is dropped, and a line
 * is never decoded here (the caller decodes it strictly, in parallel with parsing). A stream that goes on for
 * {@code maxSkipBytes} without a line break, or that is binary where a line was too long, ends the file: there is
 * no next line to find in {@code /dev/zero}.
 */
final class LineSource {
  /** One line: its bytes (without the line break), or why it has none. */
  record Line(long number, byte[] bytes, String reason, String problem) {
  }

  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  private final InputStream in;
  private final int maxLineBytes;
  private final long maxSkipBytes;
  private final byte[] buffer = new byte[1 << 16];
  private int pos;
  private int limit;
  private byte[] line = new byte[256];
  private int length;
  private long number;
  private boolean started;
  private boolean ended;

  LineSource(InputStream in, int maxLineBytes, long maxSkipBytes) {
    this.in = in;
    this.maxLineBytes = maxLineBytes;
    this.maxSkipBytes = maxSkipBytes;
  }

  /** The next line, or null at the end of the stream (or once the stream is found not to be text). */
  Line next() throws IOException {
    if (ended) {
      return null;
    }
    if (!started) {
      started = true;
      skipByteOrderMark();
    }
    length = 0;
    boolean tooLong = false;
    boolean nul = false;
    long skipped = 0;
    while (true) {
      if (pos == limit && !fill()) {
        ended = true;
        if (length == 0 && !tooLong) {
          return null;
        }
        break;
      }
      int start = pos;
      int end = start;
      while (end < limit && buffer[end] != '\n') {
        end++;
      }
      int chunk = end - start;
      if (!tooLong) {
        if (length + chunk > maxLineBytes) {
          tooLong = true;
          nul = contains(line, 0, length, (byte) 0) || contains(buffer, start, Math.min(end, start + maxLineBytes), (byte) 0);
          skipped = length;
          length = 0;
        } else {
          append(start, chunk);
        }
      }
      if (tooLong) {
        skipped += chunk;
        if (skipped > maxSkipBytes || nul) {
          ended = true; // no line break in sight, or binary: the rest of the stream is not a history file
          number++;
          return new Line(number, null, nul ? HistoryEntry.BINARY_INPUT : HistoryEntry.LINE_TOO_LONG,
              (nul ? "binary data (NUL bytes) and no line break within " : "no line break within ")
                  + maxLineBytes + " bytes: not a JSON Lines file; the rest of the file is not read");
        }
      }
      pos = end;
      if (end < limit) {
        pos++; // the line break
        break;
      }
    }
    number++;
    if (tooLong) {
      return new Line(number, null, HistoryEntry.LINE_TOO_LONG, "line of " + skipped + " bytes is longer than the limit of "
          + maxLineBytes + " bytes");
    }
    int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    if (contains(line, 0, n, (byte) 0)) {
      return new Line(number, null, HistoryEntry.BINARY_INPUT, "binary data (NUL bytes) in a text line");
    }
    return new Line(number, Arrays.copyOf(line, n), null, null);
  }

  /** Whether the line the source is at is the end of the stream because it was found not to be text. */
  boolean ended() {
    return ended;
  }

  private void skipByteOrderMark() throws IOException {
    while (limit - pos < BOM.length) {
      if (!fillMore()) {
        break;
      }
    }
    if (limit - pos >= BOM.length && Arrays.equals(buffer, pos, pos + BOM.length, BOM, 0, BOM.length)) {
      pos += BOM.length;
    }
  }

  private boolean fill() throws IOException {
    pos = 0;
    limit = 0;
    return fillMore();
  }

  /** Reads more bytes after {@code limit}; false at the end of the stream. */
  private boolean fillMore() throws IOException {
    if (limit == buffer.length) {
      System.arraycopy(buffer, pos, buffer, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    int n = in.read(buffer, limit, buffer.length - limit);
    if (n <= 0) {
      return false;
    }
    limit += n;
    return true;
  }

  private void append(int start, int chunk) {
    if (length + chunk > line.length) {
      line = Arrays.copyOf(line, Math.max(line.length * 2, length + chunk));
    }
    System.arraycopy(buffer, start, line, length, chunk);
    length += chunk;
  }

  private static boolean contains(byte[] bytes, int from, int to, byte b) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return true;
      }
    }
    return false;
  }
}
