package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An inline request without quotes or unusual blanks is split straight from the read buffer;
 * every other line goes through {@link RequestParser#splitArgs}, Redis's rules. Both must give
 * the same arguments for every line: checked on hand-picked edge cases and on random lines
 * made of letters, blanks (space, tab, carriage return), quotes, backslashes, NUL, vertical tab
 * and form feed.
 */
class InlinePlainLinesTest {
  private static final byte[] ALPHABET =
      {'a', 'b', 'Z', '1', ' ', ' ', '\t', '\r', '"', '\'', '\\', 'x', 0, 0x0b, '\f'};

  private static byte[][] parseInline(RequestParser p, byte[] line) {
    ByteBuffer b = p.readTarget();
    b.put(line).put((byte) '\n');
    p.filled(line.length + 1);
    return p.next();
  }

  /** What Redis's rules give for the line: null for unbalanced quotes, EMPTY for no argument. */
  private static byte[][] expected(byte[] line) {
    int end = line.length > 0 && line[line.length - 1] == '\r' ? line.length - 1 : line.length;
    List<byte[]> args = RequestParser.splitArgs(line, 0, end);
    if (args == null) {
      return null;
    }
    return args.isEmpty() ? RequestParser.EMPTY : args.toArray(new byte[0][]);
  }

  private static void check(RequestParser p, byte[] line) {
    byte[][] want = expected(line);
    String shown = new String(line, StandardCharsets.ISO_8859_1)
        .replace("\r", "\\r").replace("\t", "\\t").replace("\0", "\\0");
    if (want == null) {
      ProtocolError e = org.junit.jupiter.api.Assertions.assertThrows(ProtocolError.class,
          () -> parseInline(p, line), "unbalanced quotes in [" + shown + "]");
      assertEquals("Protocol error: unbalanced quotes in request", e.getMessage());
      return;
    }
    byte[][] got = parseInline(p, line);
    if (want == RequestParser.EMPTY) {
      assertSame(RequestParser.EMPTY, got, "[" + shown + "]");
      return;
    }
    assertEquals(want.length, got.length, "argument count of [" + shown + "]");
    for (int i = 0; i < want.length; i++) {
      assertArrayEquals(want[i], got[i], "argument " + i + " of [" + shown + "]");
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void edgeCasesSplitAsRedisSplitsThem() {
    for (String line : new String[] {
        "PING", "  PING  ", "GET key", "SET\tk\tv", "SET k v\r", "a  b   c", "", "   ", "\t\r",
        "a\rb", "a\\nb", "\"a b\" c", "'x' y", "a\0b", "\0", "a\u000bb", "a\fb", "\u000bPING",
        "\"unbalanced", "x\"y", "ECHO \"\\x41\""}) {
      // A fresh parser each time: a line that fails closes the connection in the server.
      check(new RequestParser(new Limits()), bytes(line));
    }
  }

  @Test
  void randomLinesSplitAsRedisSplitsThem() {
    Random r = new Random(42);
    for (int n = 0; n < 20_000; n++) {
      byte[] line = new byte[r.nextInt(12)];
      for (int i = 0; i < line.length; i++) {
        // Mostly letters and blanks, so most lines take the plain path.
        line[i] = ALPHABET[r.nextInt(r.nextInt(4) == 0 ? ALPHABET.length : 8)];
      }
      check(new RequestParser(new Limits()), line);
    }
  }

  @Test
  void pipelinedInlineRequestsShareTheCommandNameAndNothingElse() {
    RequestParser p = new RequestParser(new Limits());
    ByteBuffer b = p.readTarget();
    byte[] in = bytes("GET a\r\nGET b\r\nget c\r\n");
    b.put(in);
    p.filled(in.length);
    byte[][] first = p.next();
    byte[][] second = p.next();
    byte[][] lower = p.next();
    assertNull(p.next());
    assertSame(first[0], second[0], "the same name, the same array");
    assertEquals("b", new String(second[1], StandardCharsets.ISO_8859_1));
    assertEquals("get", new String(lower[0], StandardCharsets.ISO_8859_1));
    assertEquals(2, lower.length);
  }
}
