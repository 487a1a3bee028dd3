package dev.weft.fs;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Turns UTF-8 bytes that come in chunks into lines, exactly as {@link
 * java.io.BufferedReader#readLine} (and so {@link java.nio.file.Files#lines}) splits them: a line
 * ends at {@code \n}, {@code \r} or {@code \r\n}, the terminator is not part of it, and a last
 * line without terminator is a line too. A chunk may end anywhere, inside a character's bytes or
 * between {@code \r} and {@code \n}. Malformed UTF-8 is reported, as {@code Files.lines}
 * reports it.
 */
final class LineSplitter {
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final CharBuffer chars = CharBuffer.allocate(8192);
  private final StringBuilder line = new StringBuilder(); // the line so far, without terminator
  private boolean afterCr; // the last character was \r: a \n now belongs to that terminator

  /**
   * Decodes {@code bytes} (read mode) and gives every line completed to {@code out}. Bytes of a
   * character that the chunk cut are left in {@code bytes} for the next call.
   *
   * @throws CharacterCodingException for malformed UTF-8
   */
  void feed(ByteBuffer bytes, Consumer<String> out) throws CharacterCodingException {
    decode(bytes, false, out);
  }

  /**
   * The end of the input: decodes {@code bytes}, then gives the last line, if any, to
   * {@code out}.
   *
   * @throws CharacterCodingException for malformed UTF-8, a character cut by the end included
   */
  void finish(ByteBuffer bytes, Consumer<String> out) throws CharacterCodingException {
    decode(bytes, true, out);
    CoderResult r;
    do {
      r = decoder.flush(chars);
      split(out);
    } while (r.isOverflow());
    if (!line.isEmpty()) {
      out.accept(line.toString());
      line.setLength(0);
    }
  }

  private void decode(ByteBuffer bytes, boolean endOfInput, Consumer<String> out)
      throws CharacterCodingException {
    for (;;) {
      CoderResult r = decoder.decode(bytes, chars, endOfInput);
      if (r.isError()) {
        r.throwException();
      }
      split(out);
      if (r.isUnderflow()) {
        return;
      }
    }
  }

  /** Splits the decoded characters (chars, write mode), then empties chars. */
  private void split(Consumer<String> out) {
    char[] a = chars.array();
    int end = chars.position();
    int i = 0;
    if (afterCr && end > 0) {
      afterCr = false;
      if (a[0] == '\n') {
        i = 1;
      }
    }
    int start = i;
    while (i < end) {
      char c = a[i];
      if (c != '\n' && c != '\r') {
        i++;
        continue;
      }
      if (line.isEmpty()) {
        out.accept(new String(a, start, i - start));
      } else {
        out.accept(line.append(a, start, i - start).toString());
        line.setLength(0);
      }
      i++;
      if (c == '\r') {
        if (i == end) {
          afterCr = true;
        } else if (a[i] == '\n') {
          i++;
        }
      }
      start = i;
    }
    line.append(a, start, end - start);
    chars.clear();
  }
}
