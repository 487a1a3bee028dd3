package dev.weft.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The parser hands a pipelined request the previous request's command-name array when the
 * bytes are the same (one allocation less per command). What must hold: only equal bytes are
 * shared (not another case, not another length), every other argument is a fresh array, and a
 * name split across two reads is still parsed whole.
 */
class RequestParserSharedNameTest {
  private static void feed(RequestParser p, String s) {
    ByteBuffer b = p.readTarget();
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    b.put(bytes);
    p.filled(bytes.length);
  }

  private static String str(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  @Test
  void aRepeatedNameIsSharedAndEveryOtherArgumentIsItsOwn() {
    RequestParser p = new RequestParser(new Limits());
    feed(p, RawClient.cmd("SET", "a", "1") + RawClient.cmd("SET", "b", "2")
        + RawClient.cmd("set", "c", "3") + RawClient.cmd("GET", "a") + RawClient.cmd("GETX")
        + RawClient.cmd("GET", "a"));
    byte[][] first = p.next();
    byte[][] second = p.next();
    byte[][] lower = p.next();
    byte[][] get = p.next();
    byte[][] longer = p.next();
    byte[][] getAgain = p.next();
    assertNull(p.next());

    assertSame(first[0], second[0], "the same name, the same array");
    assertEquals("SET", str(second[0]));
    assertArrayEquals(new String[] {"b", "2"}, new String[] {str(second[1]), str(second[2])});
    assertNotSame(first[1], second[1]);
    assertEquals("set", str(lower[0]), "another case is another name");
    assertNotSame(first[0], lower[0]);
    assertEquals("GET", str(get[0]));
    assertEquals("GETX", str(longer[0]), "a longer name is not the shorter one");
    assertEquals("GET", str(getAgain[0]));
    assertNotSame(get[1], getAgain[1], "a key is never shared: a command may store it");
  }

  @Test
  void aNameSplitAcrossReadsIsParsedWhole() {
    RequestParser p = new RequestParser(new Limits());
    feed(p, RawClient.cmd("PING"));
    byte[][] ping = p.next();
    String next = RawClient.cmd("PINGS");
    feed(p, next.substring(0, next.length() - 4)); // "*1\r\n$5\r\nPI"
    assertNull(p.next());
    feed(p, next.substring(next.length() - 4));
    byte[][] pings = p.next();
    assertEquals("PINGS", str(pings[0]));
    assertEquals("PING", str(ping[0]));
  }
}
