package dev.weft.io;

import dev.weft.future.Future;
import dev.weft.future.Tuple2;
import java.util.Objects;

/**
 * Operations over byte streams: copying between them ({@link #copy}, {@link #copyBidirectional})
 * and a connected pair of in-memory streams ({@link #duplex}).
 */
public final class Io {
  private Io() {}

  /**
   * A connected pair of in-memory streams ({@link Io#duplex}): what one end writes, the other
   * reads. The two ends are alike; the names only help to read code that plays a client
   * against a server.
   *
   * @param client one end: it reads what {@code server} writes, and {@code server} reads what it
   *     writes
   * @param server the other end, alike
   */
  public record Duplex(DuplexStream client, DuplexStream server) {}

  /**
   * A future that copies everything {@code from} gives until its end of stream into {@code to},
   * then flushes {@code to}; its value is the number of bytes copied (bytes {@code to} took).
   *
   * <p>It reads into one 8 KiB buffer, reused throughout. Whenever {@code from} would wait and
   * every byte read was written, it flushes {@code to}, so nothing sits in a buffered writer
   * while the copy waits for input. It does not shut {@code to} down.
   *
   * <p><b>Cancel safety:</b> not cancel-safe. Bytes read from {@code from} and not yet written
   * to {@code to} (at most 8 KiB) are lost when it is cancelled, and so is the count.
   *
   * @param from the stream read until its end of stream; non-null. It stays the caller's: the
   *     copy does not close it
   * @param to the stream the bytes are written to, then flushed; non-null. It stays the
   *     caller's: the copy neither shuts it down nor closes it
   * @return a future of the number of bytes {@code to} took; it fails with the first failure of
   *     either stream
   * @throws NullPointerException at the call if an argument is null
   */
  public static Future<Long> copy(AsyncRead from, AsyncWrite to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    return new CopyFuture(from, to);
  }

  /**
   * A future that copies {@code aIn} to {@code bOut} and {@code bIn} to {@code aOut} at the same
   * time, as {@link #copy} does for each direction (an 8 KiB buffer each). When one direction's
   * reader ends, every byte is written and flushed, and the other side's writer is shut down (a
   * half-close: the peer reads end of stream). The value, once both directions have ended, is
   * (bytes copied from a to b, bytes copied from b to a).
   *
   * <p>When one direction fails, the other is cancelled and the future fails with that failure.
   * Nothing is closed: the streams belong to the caller.
   *
   * <p><b>Cancel safety:</b> not cancel-safe. Bytes read and not yet written (at most 8 KiB each
   * way) are lost when it is cancelled, and so are the counts.
   *
   * @param aIn side a's reading half, copied to {@code bOut} until its end of stream; non-null
   * @param aOut side a's writing half, which takes what {@code bIn} gives and is shut down when
   *     {@code bIn} ends; non-null
   * @param bIn side b's reading half, copied to {@code aOut} until its end of stream; non-null
   * @param bOut side b's writing half, which takes what {@code aIn} gives and is shut down when
   *     {@code aIn} ends; non-null
   * @return a future of (bytes copied from a to b, bytes copied from b to a), ready once both
   *     directions have ended; the four streams stay the caller's, none is closed
   * @throws NullPointerException at the call if an argument is null
   */
  public static Future<Tuple2<Long, Long>> copyBidirectional(
      AsyncRead aIn, AsyncWrite aOut, AsyncRead bIn, AsyncWrite bOut) {
    Objects.requireNonNull(aIn, "aIn");
    Objects.requireNonNull(aOut, "aOut");
    Objects.requireNonNull(bIn, "bIn");
    Objects.requireNonNull(bOut, "bOut");
    return new CopyBidirectionalFuture(aIn, aOut, bIn, bOut);
  }

  /**
   * Two connected in-memory streams (tokio's {@code tokio::io::duplex}): what one end writes, the
   * other reads. Each direction holds at most {@code capacity} bytes; a writer that runs ahead of
   * its reader waits until the reader makes room. See {@link DuplexStream} for shutdown, close
   * and threads.
   *
   * <pre>{@code
   * Io.Duplex pipe = Io.duplex(64 * 1024);
   * Framed<String, String> client = Framed.of(pipe.client(), new LinesCodec());
   * Framed<String, String> server = Framed.of(pipe.server(), new LinesCodec());
   * }</pre>
   *
   * @param capacity the most bytes each direction holds, written and not yet read; at least 1.
   *     It bounds memory as well: a direction's buffer grows on demand up to it
   * @return the two ends, each the other's peer (see {@link DuplexStream} for closing them)
   * @throws IllegalArgumentException if {@code capacity < 1}
   */
  public static Duplex duplex(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
    }
    Pipe clientToServer = new Pipe(capacity);
    Pipe serverToClient = new Pipe(capacity);
    return new Duplex(new DuplexStream(serverToClient, clientToServer),
        new DuplexStream(clientToServer, serverToClient));
  }
}
