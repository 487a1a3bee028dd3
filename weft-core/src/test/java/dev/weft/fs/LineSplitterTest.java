package dev.weft.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link LineSplitter} against {@link BufferedReader#readLine}, the splitter of {@code
 * Files.lines}: random text of every terminator shape and of 1- to 4-byte characters, cut into
 * chunks of random sizes, so that a chunk boundary falls everywhere (inside a character, between
 * {@code \r} and {@code \n}).
 */
class LineSplitterTest {

  @Test
  void splitsAsBufferedReaderWhereverTheChunksAreCut() throws IOException {
    Random r = new Random(17);
    String[] pieces = {"a", "bc", "é", "日", "😀", "\n", "\r", "\r\n", "\n\r", " "};
    for (int round = 0; round < 2000; round++) {
      StringBuilder sb = new StringBuilder();
      int n = r.nextInt(40);
      for (int i = 0; i < n; i++) {
        sb.append(pieces[r.nextInt(pieces.length)]);
      }
      String text = sb.toString();
      List<String> expected = new ArrayList<>();
      try (BufferedReader br = new BufferedReader(new StringReader(text))) {
        for (String line; (line = br.readLine()) != null; ) {
          expected.add(line);
        }
      }
      assertEquals(expected, split(text.getBytes(UTF_8), 1 + r.nextInt(7)),
          () -> "text " + text.replace("\r", "\\r").replace("\n", "\\n"));
    }
  }

  /** What a reader of {@code chunkSize}-byte chunks gets, compacting a cut character's bytes. */
  private static List<String> split(byte[] bytes, int chunkSize) throws IOException {
    LineSplitter splitter = new LineSplitter();
    List<String> out = new ArrayList<>();
    ByteBuffer chunk = ByteBuffer.allocate(chunkSize + 4);
    int offset = 0;
    while (offset < bytes.length) {
      int n = Math.min(chunkSize, bytes.length - offset);
      chunk.put(bytes, offset, n);
      offset += n;
      chunk.flip();
      splitter.feed(chunk, out::add);
      chunk.compact();
    }
    chunk.flip();
    splitter.finish(chunk, out::add);
    return out;
  }
}
