package dev.weft.redis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A connection's output: replies are encoded here in order (RESP2) and flushed together, so a
 * pipeline of commands costs one write. Bytes in {@code [head, tail)} are still to be sent.
 * Unsynchronised: only the connection's task touches it.
 */
final class Reply {
  private static final byte[] OK = "+OK\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_BULK = "$-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NULL_ARRAY = "*-1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ZERO = ":0\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] ONE = ":1\r\n".getBytes(StandardCharsets.US_ASCII);
  private static final int SHRINK_ABOVE = 1 << 20;
  private static final int INITIAL = 16 * 1024;

  private byte[] buf = new byte[INITIAL];
  private int head;
  private int tail;
  private ByteBuffer view = ByteBuffer.wrap(buf);

  /** Bytes encoded and not yet sent. */
  int pending() {
    return tail - head;
  }

  /** The unsent bytes as a buffer for a socket write; {@link #consumed} reports progress. */
  ByteBuffer unsent() {
    view.limit(tail).position(head);
    return view;
  }

  /** Marks what a write took from {@link #unsent()}; resets (and shrinks) once all is sent. */
  void consumed() {
    head = view.position();
    if (head == tail) {
      head = 0;
      tail = 0;
      if (buf.length > SHRINK_ABOVE) {
        buf = new byte[INITIAL];
        view = ByteBuffer.wrap(buf);
      }
    }
  }

  private void room(int n) {
    if (tail + n <= buf.length) {
      return;
    }
    if (head > 0 && tail - head + n <= buf.length) {
      System.arraycopy(buf, head, buf, 0, tail - head);
      tail -= head;
      head = 0;
      return;
    }
    long want = Math.max((long) buf.length * 2, (long) tail - head + n);
    if (want > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a reply above 2 GB");
    }
    byte[] grown = new byte[(int) want];
    System.arraycopy(buf, head, grown, 0, tail - head);
    tail -= head;
    head = 0;
    buf = grown;
    view = ByteBuffer.wrap(buf);
  }

  Reply raw(byte[] b) {
    room(b.length);
    System.arraycopy(b, 0, buf, tail, b.length);
    tail += b.length;
    return this;
  }

  Reply ok() {
    return raw(OK);
  }

  Reply simple(String s) {
    room(s.length() + 3);
    buf[tail++] = '+';
    ascii(s);
    return crlf();
  }

  /** An error reply: {@code message} starts with its code ("ERR ...", "WRONGTYPE ..."). */
  Reply error(String message) {
    String m = Errors.oneLine(message);
    byte[] b = m.getBytes(StandardCharsets.ISO_8859_1); // the client's bytes back (Errors)
    room(b.length + 3);
    buf[tail++] = '-';
    System.arraycopy(b, 0, buf, tail, b.length);
    tail += b.length;
    return crlf();
  }

  Reply integer(long v) {
    if (v == 0) {
      return raw(ZERO);
    }
    if (v == 1) {
      return raw(ONE);
    }
    return header((byte) ':', v);
  }

  Reply bulk(byte[] b) {
    if (b == null) {
      return raw(NULL_BULK);
    }
    return bulk(b, 0, b.length);
  }

  Reply bulk(byte[] b, int off, int len) {
    header((byte) '$', len);
    room(len + 2);
    System.arraycopy(b, off, buf, tail, len);
    tail += len;
    return crlf();
  }

  Reply bulk(String s) {
    return bulk(s.getBytes(StandardCharsets.UTF_8));
  }

  Reply bulk(long v) {
    return bulk(Bytes.ofLong(v));
  }

  Reply nullBulk() {
    return raw(NULL_BULK);
  }

  Reply nullArray() {
    return raw(NULL_ARRAY);
  }

  Reply array(long n) {
    return header((byte) '*', n);
  }

  private Reply crlf() {
    room(2);
    buf[tail++] = '\r';
    buf[tail++] = '\n';
    return this;
  }

  private void ascii(String s) {
    for (int i = 0; i < s.length(); i++) {
      buf[tail++] = (byte) s.charAt(i);
    }
  }

  private Reply header(byte type, long v) {
    room(24);
    buf[tail++] = type;
    if (v < 0) {
      if (v == Long.MIN_VALUE) {
        ascii(Long.toString(v));
        return crlf();
      }
      buf[tail++] = '-';
      v = -v;
    }
    int digits = 1;
    for (long x = v; x >= 10; x /= 10) {
      digits++;
    }
    int end = tail + digits;
    for (int i = end - 1; i >= tail; i--) {
      buf[i] = (byte) ('0' + (v % 10));
      v /= 10;
    }
    tail = end;
    buf[tail++] = '\r';
    buf[tail++] = '\n';
    return this;
  }

  /** Rolls the encoded bytes back to {@code mark} (an earlier {@link #mark()}). */
  void reset(int mark) {
    tail = head + mark;
  }

  /** A position to {@link #reset} to, relative to the unsent start. */
  int mark() {
    return tail - head;
  }

  /** A copy of the unsent bytes (tests). */
  byte[] toByteArray() {
    return Arrays.copyOfRange(buf, head, tail);
  }
}
