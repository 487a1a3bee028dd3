package dev.weft.redis;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Parses requests straight from a connection's read buffer: RESP arrays of bulk strings and
 * inline (telnet-style) lines, as many as one read brought, keeping a partial request across
 * reads. Every limit is checked on a header before anything is allocated for it:
 *
 * <ul>
 *   <li>a multibulk count above {@link Limits#maxMultibulk} or not a number: {@code invalid
 *       multibulk length}; a bulk length above {@link Limits#maxBulk}, negative or not a number:
 *       {@code invalid bulk length}; anything but '$' where a bulk header belongs: {@code expected
 *       '$', got 'x'};
 *   <li>a header line or an inline request longer than {@link Limits#maxInline} without its end
 *       of line: {@code too big mbulk count string}, {@code too big bulk count string}, {@code
 *       too big inline request};
 *   <li>a large argument is not allocated at its declared size but grown as its bytes arrive,
 *       so a header that lies costs nothing; a request whose arguments add up to more than
 *       {@link Limits#maxQuery} closes the connection (Redis's query buffer limit).
 * </ul>
 *
 * <p>The buffer holds at most one partial header or small argument beyond what was parsed, so
 * it stays near its initial size.
 */
final class RequestParser {
  /** What {@link #next()} returns for an empty request (a blank line, {@code *0}): skip it. */
  static final byte[][] EMPTY = new byte[0][];
  private static final int BIG_ARG = 32 * 1024;

  private final Limits limits;
  private byte[] data;
  private ByteBuffer view;
  private int rpos;
  private int wpos;

  // A multibulk request in progress.
  private byte[][] argv;
  private int argc;
  private int remaining;    // arguments still to come; 0: no request in progress
  private long bulkLen = -1;  // the length of the argument being read, -1: its header is next
  private byte[] big;       // a large argument, filled as its bytes arrive
  private int bigFill;
  private long querySize;   // argument bytes of the request in progress
  private final long[] number = new long[1]; // a parsed header's value (no allocation per header)
  // The previous request's command name: a pipeline repeats it, and sharing the array (argv[0]
  // is only ever read) saves an allocation per command, so what a command stores sits among
  // less garbage until a young collection packs it
  private byte[] lastName;

  RequestParser(Limits limits) {
    this.limits = limits;
    this.data = new byte[16 * 1024];
    this.view = ByteBuffer.wrap(data);
  }

  /** The free space to read into (write mode); call {@link #filled(int)} after the read. */
  ByteBuffer readTarget() {
    if (rpos == wpos) {
      rpos = 0;
      wpos = 0;
    } else if (rpos > 0 && data.length - wpos < 4096) {
      System.arraycopy(data, rpos, data, 0, wpos - rpos);
      wpos -= rpos;
      rpos = 0;
    }
    if (data.length - wpos < 1024) {
      // An unfinished header or small argument fills the buffer: grow it (bounded by the limits:
      // a header line is at most maxInline, a small argument BIG_ARG).
      data = Arrays.copyOf(data, data.length * 2);
      view = ByteBuffer.wrap(data);
    }
    view.limit(data.length).position(wpos);
    return view;
  }

  void filled(int n) {
    wpos += n;
  }

  /** Bytes received and not yet parsed. */
  int buffered() {
    return wpos - rpos;
  }

  /** Shrinks a buffer that grew for a long header back to its usual size, when idle. */
  void trim() {
    if (rpos == wpos && data.length > 64 * 1024) {
      data = new byte[16 * 1024];
      view = ByteBuffer.wrap(data);
      rpos = 0;
      wpos = 0;
    }
  }

  /**
   * The next complete request, {@link #EMPTY} for one to skip, or null when more bytes are needed.
   *
   * @throws ProtocolError when the input is not a valid request
   */
  byte[][] next() {
    if (remaining == 0) {
      if (rpos == wpos) {
        return null;
      }
      if (data[rpos] == '*') {
        int cr = indexOf((byte) '\r');
        if (cr < 0 || cr + 1 >= wpos) {
          if (wpos - rpos > limits.maxInline) {
            throw new ProtocolError("Protocol error: too big mbulk count string", true);
          }
          return null;
        }
        long[] n = number;
        if (!Bytes.parseLong(data, rpos + 1, cr, n) || n[0] > limits.maxMultibulk) {
          throw new ProtocolError("Protocol error: invalid multibulk length", true);
        }
        rpos = cr + 2;
        if (n[0] <= 0) {
          return EMPTY;
        }
        remaining = (int) n[0];
        argv = new byte[Math.min(remaining, 1024)][];
        argc = 0;
        querySize = 0;
      } else {
        return inline();
      }
    }
    while (remaining > 0) {
      if (bulkLen < 0) {
        int cr = indexOf((byte) '\r');
        if (cr < 0 || cr + 1 >= wpos) {
          if (wpos - rpos > limits.maxInline) {
            throw new ProtocolError("Protocol error: too big bulk count string", true);
          }
          return null;
        }
        if (data[rpos] != '$') {
          throw new ProtocolError("Protocol error: expected '$', got '"
              + (char) (data[rpos] & 0xff) + "'", true);
        }
        long[] n = number;
        if (!Bytes.parseLong(data, rpos + 1, cr, n) || n[0] < 0 || n[0] > limits.maxBulk) {
          throw new ProtocolError("Protocol error: invalid bulk length", true);
        }
        querySize += n[0];
        if (querySize > limits.maxQuery) {
          throw new ProtocolError("query buffer limit reached", false);
        }
        rpos = cr + 2;
        bulkLen = n[0];
        if (bulkLen >= BIG_ARG) {
          big = new byte[(int) Math.min(bulkLen, BIG_ARG * 2L)];
          bigFill = 0;
        }
      }
      byte[] arg;
      if (big != null) {
        int take = (int) Math.min(wpos - rpos, bulkLen - bigFill);
        if (take > 0) {
          if (bigFill + take > big.length) {
            big = Arrays.copyOf(big, (int) Math.min(bulkLen,
                Math.max((long) big.length * 2, (long) bigFill + take)));
          }
          System.arraycopy(data, rpos, big, bigFill, take);
          bigFill += take;
          rpos += take;
        }
        if (bigFill < bulkLen || wpos - rpos < 2) {
          return null;
        }
        arg = big;
        big = null;
        rpos += 2;
      } else {
        if (wpos - rpos < bulkLen + 2) {
          return null;
        }
        int len = (int) bulkLen;
        arg = argc == 0 ? commandName(data, rpos, rpos + len)
            : Arrays.copyOfRange(data, rpos, rpos + len);
        rpos += len + 2;
      }
      bulkLen = -1;
      if (argc == argv.length) {
        argv = Arrays.copyOf(argv, Math.min(argv.length * 2, argc + remaining));
      }
      argv[argc++] = arg;
      remaining--;
    }
    byte[][] done = argc == argv.length ? argv : Arrays.copyOf(argv, argc);
    argv = null;
    return done;
  }

  private int indexOf(byte b) {
    for (int i = rpos; i < wpos; i++) {
      if (data[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private byte[][] inline() {
    int nl = indexOf((byte) '\n');
    if (nl < 0) {
      if (wpos - rpos > limits.maxInline) {
        throw new ProtocolError("Protocol error: too big inline request", true);
      }
      return null;
    }
    int end = nl > rpos && data[nl - 1] == '\r' ? nl - 1 : nl;
    byte[][] plain = splitPlain(data, rpos, end);
    if (plain != null) {
      rpos = nl + 1;
      return plain.length == 0 ? EMPTY : plain;
    }
    List<byte[]> args = splitArgs(data, rpos, end);
    if (args == null) {
      throw new ProtocolError("Protocol error: unbalanced quotes in request", true);
    }
    rpos = nl + 1;
    return args.isEmpty() ? EMPTY : args.toArray(new byte[0][]);
  }

  /**
   * {@link #splitArgs} for the common line (redis-benchmark's {@code PING}, a typed {@code GET
   * key}): no quote, NUL, vertical tab or form feed, so arguments are the runs of bytes between
   * blanks, copied straight out of the buffer. Null when the line has one of those bytes, for
   * splitArgs to read. The command name reuses the last one's array, as a multibulk request's
   * does.
   */
  private byte[][] splitPlain(byte[] s, int from, int to) {
    int count = 0;
    boolean inArg = false;
    for (int i = from; i < to; i++) {
      byte c = s[i];
      switch (c) {
        case '"', '\'', 0, 0x0b, '\f' -> {
          return null;
        }
        case ' ', '\t', '\r', '\n' -> inArg = false;
        default -> {
          if (!inArg) {
            count++;
            inArg = true;
          }
        }
      }
    }
    byte[][] args = new byte[count][];
    int p = from;
    for (int k = 0; k < count; k++) {
      while (space(s[p])) { // (the line has no vertical tab or form feed: only blanks)
        p++;
      }
      int start = p;
      while (p < to && !space(s[p])) {
        p++;
      }
      args[k] = k == 0 ? commandName(s, start, p) : Arrays.copyOfRange(s, start, p);
    }
    return args;
  }

  /** The command name in {@code s[from, to)}: the last request's array if the bytes are equal. */
  private byte[] commandName(byte[] s, int from, int to) {
    byte[] name = lastName;
    int len = to - from;
    if (name != null && name.length == len && Arrays.equals(s, from, to, name, 0, len)) {
      return name;
    }
    name = Arrays.copyOfRange(s, from, to);
    lastName = name;
    return name;
  }

  private static boolean space(byte c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0x0b || c == '\f';
  }

  private static int hex(byte c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /**
   * Splits an inline request into arguments as redis-cli and Redis do: blanks separate, "double
   * quotes" take C escapes (\n, \r, \t, \b, \a, \xHH), 'single quotes' take \' only, and a
   * closing quote must be followed by a blank or the end. Null when the quotes do not balance.
   */
  static List<byte[]> splitArgs(byte[] s, int from, int to) {
    List<byte[]> out = new ArrayList<>();
    int p = from;
    java.io.ByteArrayOutputStream cur = new java.io.ByteArrayOutputStream();
    for (;;) {
      while (p < to && space(s[p])) {
        p++;
      }
      if (p >= to) {
        return out;
      }
      boolean inq = false;
      boolean insq = false;
      boolean done = false;
      cur.reset();
      while (!done) {
        if (inq) {
          if (p >= to) {
            return null;
          }
          if (s[p] == '\\' && p + 3 < to && s[p + 1] == 'x' && hex(s[p + 2]) >= 0
              && hex(s[p + 3]) >= 0) {
            cur.write(hex(s[p + 2]) * 16 + hex(s[p + 3]));
            p += 3;
          } else if (s[p] == '\\' && p + 1 < to) {
            p++;
            byte c = s[p];
            cur.write(switch (c) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'a' -> 7;
              default -> c;
            });
          } else if (s[p] == '"') {
            if (p + 1 < to && !space(s[p + 1])) {
              return null;
            }
            done = true;
          } else {
            cur.write(s[p]);
          }
        } else if (insq) {
          if (p >= to) {
            return null;
          }
          if (s[p] == '\\' && p + 1 < to && s[p + 1] == '\'') {
            p++;
            cur.write('\'');
          } else if (s[p] == '\'') {
            if (p + 1 < to && !space(s[p + 1])) {
              return null;
            }
            done = true;
          } else {
            cur.write(s[p]);
          }
        } else {
          if (p >= to) {
            done = true;
            break;
          }
          switch (s[p]) {
            case ' ', '\n', '\r', '\t', 0 -> done = true;
            case '"' -> inq = true;
            case '\'' -> insq = true;
            default -> cur.write(s[p]);
          }
        }
        if (p < to) {
          p++;
        }
      }
      out.add(cur.toByteArray());
    }
  }
}
