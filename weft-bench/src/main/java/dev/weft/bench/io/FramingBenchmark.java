// Run (from the repository root):
//   ./weft bench jmh 'dev.weft.bench.io.FramingBenchmark' -prof gc -f 1 -wi 3 -i 5
package dev.weft.bench.io;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import dev.weft.io.Framed;
import dev.weft.io.Io;
import dev.weft.io.LengthDelimitedCodec;
import dev.weft.io.LinesCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Steady-state framing with {@link Framed}: nanoseconds and bytes allocated per frame (see
 * {@code gc.alloc.rate.norm}, per frame thanks to {@code @OperationsPerInvocation}).
 *
 * <ul>
 *   <li>{@link #linesDecode}: {@link LinesCodec} decoding 40-byte lines from an endless in-memory
 *       reader that hands out 16 KiB a read, polled through {@code pollNext}. What must be
 *       allocated per frame: the {@code String} and its array, the {@code Optional} and the
 *       {@code Poll.Ready} of {@code pollNext}'s answer.
 *   <li>{@link #linesDecodeWithNext}: the same through {@code next()}, one future per frame.
 *   <li>{@link #lengthDelimitedRoundTrip}: {@link LengthDelimitedCodec}, 1,000 frames of 64 bytes
 *       fed (one {@code feed} future each), flushed through an {@link Io#duplex} pair, and read
 *       back from the other end: the decoded {@code byte[]}, its {@code Optional} and
 *       {@code Poll}, and the {@code feed} future.
 * </ul>
 * Everything runs on the benchmark thread, polled by hand with a no-op waker (no runtime, so no
 * cooperative budget): the figures are the framing's own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class FramingBenchmark {
  static final int FRAMES = 1_000;
  static final Context NOOP = Context.of(Waker.noop());

  /** Gives the same bytes over and over, at most 16 KiB a read: a peer that never stops. */
  static final class EndlessReader implements AsyncRead {
    private final ByteBuffer source;

    EndlessReader(byte[] pattern) {
      this.source = ByteBuffer.wrap(pattern);
    }

    @Override
    public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
      if (!source.hasRemaining()) {
        source.rewind();
      }
      int n = Math.min(Math.min(dst.remaining(), source.remaining()), 16 * 1024);
      int limit = source.limit();
      source.limit(source.position() + n);
      dst.put(source);
      source.limit(limit);
      return Poll.ready(n);
    }
  }

  private Framed<String, String> lines;
  private Framed<byte[], byte[]> sender;
  private Framed<byte[], byte[]> receiver;
  private final byte[] payload = new byte[64];

  @Setup
  public void setup() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 4096; i++) {
      text.append(String.format("line %06d of the benchmark input....", i)).append('\n');
    }
    byte[] pattern = text.toString().getBytes(StandardCharsets.UTF_8);
    lines = Framed.of(new EndlessReader(pattern), new UnusedWriter(), new LinesCodec());
    Io.Duplex pair = Io.duplex(1024 * 1024);
    sender = Framed.of(pair.client(), new LengthDelimitedCodec());
    receiver = Framed.of(pair.server(), new LengthDelimitedCodec());
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long linesDecode() {
    long length = 0;
    for (int i = 0; i < FRAMES; i++) {
      length += lines.pollNext(NOOP).value().orElseThrow().length();
    }
    return length;
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long linesDecodeWithNext() {
    long length = 0;
    for (int i = 0; i < FRAMES; i++) {
      length += lines.next().poll(NOOP).value().orElseThrow().length();
    }
    return length;
  }

  @Benchmark
  @OperationsPerInvocation(FRAMES)
  public long lengthDelimitedRoundTrip() {
    for (int i = 0; i < FRAMES; i++) {
      if (!sender.feed(payload).poll(NOOP).isReady()) {
        throw new IllegalStateException("the duplex pair is too small for a batch");
      }
    }
    if (!sender.flush().poll(NOOP).isReady()) {
      throw new IllegalStateException("flush");
    }
    long length = 0;
    for (int i = 0; i < FRAMES; i++) {
      Optional<byte[]> frame = receiver.pollNext(NOOP).value();
      length += frame.orElseThrow().length;
    }
    return length;
  }

  /** {@link Framed} needs a writer; the line benchmarks never write. */
  static final class UnusedWriter implements AsyncWrite {
    @Override
    public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
      throw new UnsupportedOperationException("not written to");
    }

    @Override
    public Poll<Void> pollFlush(Context cx) {
      return Poll.ready(null);
    }

    @Override
    public Poll<Void> pollShutdown(Context cx) {
      return Poll.ready(null);
    }
  }
}
