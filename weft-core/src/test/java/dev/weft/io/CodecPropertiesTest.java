package dev.weft.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.future.Futures;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The codecs on random frames (jqwik): encoding then decoding gives the frames back, however the
 * encoded bytes are cut into chunks, through the codec alone and through {@link Framed}.
 */
class CodecPropertiesTest {

  /** {@code bytes} cut into chunks of random sizes from 1 to {@code maxChunk}. */
  private static int[] chunkSizes(int length, int maxChunk, long seed) {
    Random random = new Random(seed);
    int[] sizes = new int[Math.max(1, length)];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 1 + random.nextInt(maxChunk);
    }
    return sizes;
  }

  private static <T> List<T> decodeInChunks(Decoder<T> decoder, byte[] bytes, int[] sizes) {
    CodecFeeder<T> f = new CodecFeeder<>(decoder);
    for (int at = 0, i = 0; at < bytes.length; i++) {
      int n = Math.min(sizes[Math.min(i, sizes.length - 1)], bytes.length - at);
      f.feed(bytes, at, n);
      at += n;
    }
    return f.end();
  }

  private static <T> byte[] encode(Encoder<T> encoder, List<T> frames) {
    WriteBuffer out = new WriteBuffer(1);
    for (T frame : frames) {
      encoder.encode(frame, out);
    }
    return out.toByteArray();
  }

  /** A line as it comes back: no terminator inside, lone surrogates as '?' (UTF-8 has none). */
  private static List<String> asLines(List<String> texts) {
    List<String> lines = new ArrayList<>();
    for (String t : texts) {
      lines.add(new String(t.replace('\n', ' ').replace('\r', ' ').getBytes(UTF_8), UTF_8));
    }
    return lines;
  }

  @Property(tries = 300)
  void linesComeBackWhateverTheChunks(@ForAll @Size(max = 30) List<String> texts,
      @ForAll @IntRange(min = 1, max = 40) int maxChunk, @ForAll long seed) {
    List<String> lines = asLines(texts);
    byte[] bytes = encode(new LinesCodec(), lines);
    assertEquals(lines, decodeInChunks(new LinesCodec(), bytes, chunkSizes(bytes.length, maxChunk,
        seed)));
  }

  @Property(tries = 300)
  void crLfTerminatedLinesComeBackToo(@ForAll @Size(max = 30) List<String> texts,
      @ForAll @IntRange(min = 1, max = 40) int maxChunk, @ForAll long seed) {
    List<String> lines = asLines(texts);
    byte[] bytes = String.join("\r\n", lines).concat(lines.isEmpty() ? "" : "\r\n").getBytes(UTF_8);
    assertEquals(lines, decodeInChunks(new LinesCodec(), bytes, chunkSizes(bytes.length, maxChunk,
        seed)));
  }

  @Property(tries = 300)
  void lengthDelimitedFramesComeBackWhateverTheChunks(
      @ForAll @Size(max = 20) List<@Size(max = 300) List<Byte>> frameBytes,
      @ForAll @IntRange(min = 1, max = 64) int maxChunk, @ForAll long seed) {
    List<byte[]> frames = new ArrayList<>();
    for (List<Byte> fb : frameBytes) {
      byte[] a = new byte[fb.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = fb.get(i);
      }
      frames.add(a);
    }
    byte[] bytes = encode(new LengthDelimitedCodec(), frames);
    List<byte[]> back = decodeInChunks(new LengthDelimitedCodec(), bytes,
        chunkSizes(bytes.length, maxChunk, seed));
    assertEquals(frames.size(), back.size());
    for (int i = 0; i < frames.size(); i++) {
      assertArrayEquals(frames.get(i), back.get(i));
    }
  }

  @Property(tries = 200)
  void framedWritesWhatFramedReadsBack(@ForAll @Size(max = 40) List<String> texts,
      @ForAll @IntRange(min = 1, max = 50) int maxChunk, @ForAll long seed,
      @ForAll @IntRange(min = 1, max = 20) int maxPerWrite) {
    List<String> lines = asLines(texts);
    RecordingWriter out = new RecordingWriter().maxPerWrite(maxPerWrite);
    Framed<String, String> writer = Framed.of(new ScriptedReader(), out, new LinesCodec());
    for (String line : lines) {
      Futures.blockOn(writer.feed(line));
    }
    Futures.blockOn(writer.flush());
    byte[] bytes = out.written();
    Framed<String, String> reader = Framed.of(
        ScriptedReader.of(bytes, chunkSizes(bytes.length, maxChunk, seed)), new RecordingWriter(),
        new LinesCodec());
    assertEquals(lines, Futures.blockOn(reader.collectList()));
  }

  @Property(tries = 100)
  void framedReadsLargeFramesAcrossCompactionsAndGrowth(
      @ForAll @Size(max = 12) List<@IntRange(max = 40_000) Integer> lengths,
      @ForAll @IntRange(min = 1, max = 9_000) int maxChunk, @ForAll long seed) {
    Random random = new Random(seed);
    List<byte[]> frames = new ArrayList<>();
    for (int length : lengths) {
      byte[] frame = new byte[length];
      random.nextBytes(frame);
      frames.add(frame);
    }
    byte[] bytes = encode(new LengthDelimitedCodec(), frames);
    Framed<byte[], byte[]> reader = Framed.of(
        ScriptedReader.of(bytes, chunkSizes(bytes.length, maxChunk, seed)), new RecordingWriter(),
        new LengthDelimitedCodec());
    List<byte[]> back = Futures.blockOn(reader.collectList());
    assertEquals(frames.size(), back.size());
    for (int i = 0; i < frames.size(); i++) {
      assertArrayEquals(frames.get(i), back.get(i));
    }
  }

  @Property(tries = 500)
  void putUtf8OfAnyStringIsStringGetBytes(@ForAll String s) {
    assertArrayEquals(s.getBytes(UTF_8), new WriteBuffer(1).putUtf8(s).toByteArray());
  }
}
