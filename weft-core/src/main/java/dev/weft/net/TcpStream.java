package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.RuntimeContext;
import dev.weft.internal.io.IoRegistration;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * A TCP connection: tokio's {@code TcpStream}. Made by {@link #connect} or
 * {@link TcpListener#accept()}; reads and writes without blocking a thread.
 *
 * <pre>{@code
 * try (TcpStream s = TcpStream.connect(new InetSocketAddress("127.0.0.1", port)).await()) {
 *   s.writeAll(ByteBuffer.wrap("ping\n".getBytes(UTF_8))).await();
 *   ByteBuffer reply = ByteBuffer.allocate(64);
 *   int n = s.read(reply).await();   // -1: the peer closed its side
 * }
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>The stream belongs to the runtime that polled the connect or accept that made it;
 *       polling it from another runtime throws {@link IllegalStateException}, and so does
 *       polling it after that runtime was closed.
 *   <li>One pending read and one pending write at a time: another read future polled while one
 *       is pending throws {@link IllegalStateException}. To read and write from two tasks,
 *       {@link #split()} the stream.
 *   <li>{@code TCP_NODELAY} is on (small writes go out at once, as a request/response protocol
 *       wants); {@link #setNoDelay} turns it off.
 *   <li>{@link #shutdown()} is a half-close: the peer reads end of stream ({@code -1}) and this
 *       side can still read; a write after it throws {@link UncheckedIOException}. After the
 *       peer's half-close, writes here still work.
 *   <li>I/O failures are {@link UncheckedIOException}s whose cause is the original (a reset
 *       connection, {@link java.nio.channels.ClosedChannelException} for a read or write on a
 *       closed stream, including one pending when it was closed).
 *   <li>Cancelling a task closes nothing by itself: close the stream (try-with-resources in the
 *       task; its {@code finally} runs when the task is cancelled). {@link #close()} is
 *       idempotent.
 * </ul>
 */
public final class TcpStream implements AsyncRead, AsyncWrite, AutoCloseable {
  private final TcpSocket socket;
  private final InetSocketAddress local;
  private final InetSocketAddress peer;
  private volatile boolean split;

  TcpStream(SocketChannel channel, RuntimeContext owner) throws IOException {
    channel.configureBlocking(false);
    channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
    this.socket = new TcpSocket(channel, SelectionKey.OP_WRITE, owner);
    this.local = (InetSocketAddress) channel.getLocalAddress();
    this.peer = (InetSocketAddress) channel.getRemoteAddress();
  }

  /** A stream over a channel a connect future has already registered and connected. */
  TcpStream(TcpSocket socket) throws IOException {
    this.socket = socket;
    this.local = (InetSocketAddress) socket.channel().getLocalAddress();
    this.peer = (InetSocketAddress) socket.channel().getRemoteAddress();
  }

  /**
   * A future that opens a connection to {@code address}. An unresolved address is resolved on the
   * runtime's blocking pool (a name lookup blocks), never on a worker.
   *
   * <p><b>Cancel safety:</b> cancelling it before it completed closes the half-open socket; no
   * connection is left behind.
   *
   * @param address where to connect
   * @return a future of the connected stream; it fails with {@link UncheckedIOException} whose
   *     cause is a {@link java.net.ConnectException} when the connection is refused
   */
  public static Future<TcpStream> connect(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    return new ConnectFuture(address);
  }

  /**
   * The local address of the connection.
   *
   * @return the local address and port
   */
  public InetSocketAddress localAddress() {
    return local;
  }

  /**
   * The address of the peer.
   *
   * @return the peer's address and port
   */
  public InetSocketAddress peerAddress() {
    return peer;
  }

  /**
   * Whether {@code TCP_NODELAY} is on (it is by default).
   *
   * @return true if small writes go out without waiting to be coalesced
   */
  public boolean noDelay() {
    usable();
    try {
      return socket.channel().getOption(StandardSocketOptions.TCP_NODELAY);
    } catch (IOException e) {
      throw ChannelIo.unchecked(e);
    }
  }

  /**
   * Turns {@code TCP_NODELAY} on or off.
   *
   * @param on true to send small writes at once (Nagle's algorithm off)
   */
  public void setNoDelay(boolean on) {
    usable();
    try {
      socket.channel().setOption(StandardSocketOptions.TCP_NODELAY, on);
    } catch (IOException e) {
      throw ChannelIo.unchecked(e);
    }
  }

  private void usable() {
    if (split) {
      throw new IllegalStateException("this TcpStream was split: use its halves (only"
          + " localAddress() and peerAddress() still work on the stream itself)");
    }
  }

  @Override
  public Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
    usable();
    return socket.pollRead(cx, dst);
  }

  @Override
  public Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
    usable();
    return socket.pollWrite(cx, src);
  }

  /** Ready at once: a TCP stream buffers nothing of its own. */
  @Override
  public Poll<Void> pollFlush(Context cx) {
    usable();
    return socket.pollFlush();
  }

  @Override
  public Poll<Void> pollShutdown(Context cx) {
    usable();
    return socket.pollShutdown();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Holds this stream's read slot while pending (one pending read at a time).
   */
  @Override
  public Future<Integer> read(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    usable(); // refused at the call, and not skipped when there is nothing to do
    return new SlotFuture<>(socket.reads(), AsyncRead.super.read(dst));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Holds this stream's read slot while pending (one pending read at a time).
   */
  @Override
  public Future<Void> readExact(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    usable(); // refused at the call, and not skipped when there is nothing to do
    return new SlotFuture<>(socket.reads(), AsyncRead.super.readExact(dst));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Holds this stream's write slot while pending (one pending write at a time).
   */
  @Override
  public Future<Integer> write(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    usable(); // refused at the call, and not skipped when there is nothing to do
    return new SlotFuture<>(socket.writes(), AsyncWrite.super.write(src));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Holds this stream's write slot while pending (one pending write at a time).
   */
  @Override
  public Future<Void> writeAll(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    usable(); // refused at the call, and not skipped when there is nothing to do
    return new SlotFuture<>(socket.writes(), AsyncWrite.super.writeAll(src));
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException (at the call) if the stream was split
   */
  @Override
  public Future<Void> flush() {
    usable();
    return AsyncWrite.super.flush();
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalStateException (at the call) if the stream was split
   */
  @Override
  public Future<Void> shutdown() {
    usable();
    return AsyncWrite.super.shutdown();
  }

  /**
   * A future that completes when the stream may be readable: bytes arrived, the peer closed, or
   * an error is pending. Then {@link #tryRead} reads without waiting; it may still find nothing
   * (a false alarm), and the caller waits again. With it a server can wait for many idle
   * connections without giving each a buffer (tokio's {@code readable}).
   *
   * <p><b>Cancel safety:</b> cancel-safe: it consumes nothing.
   *
   * @return a future that completes when a read may make progress
   */
  public Future<Void> readable() {
    usable();
    return new OnceFuture<>() {
      @Override
      protected Poll<Void> pollOnce(Context cx) {
        return socket.pollReady(cx, IoRegistration.READ, "TcpStream.readable");
      }
    };
  }

  /**
   * A future that completes when the stream may be writable (tokio's {@code writable}); then
   * {@link #tryWrite} writes without waiting.
   *
   * <p><b>Cancel safety:</b> cancel-safe: it consumes nothing.
   *
   * @return a future that completes when a write may make progress
   */
  public Future<Void> writable() {
    usable();
    return new OnceFuture<>() {
      @Override
      protected Poll<Void> pollOnce(Context cx) {
        return socket.pollReady(cx, IoRegistration.WRITE, "TcpStream.writable");
      }
    };
  }

  /**
   * Reads what has arrived into {@code dst}, without waiting (tokio's {@code try_read}); must be
   * called on a thread of the runtime the stream belongs to.
   *
   * @param dst where the bytes go
   * @return the bytes read, {@code -1} at end of stream, or 0 if nothing has arrived (or
   *     {@code dst} has no room)
   * @throws UncheckedIOException for an I/O failure or a closed stream
   */
  public int tryRead(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    usable();
    return socket.tryRead(dst);
  }

  /**
   * Writes what fits now from {@code src}, without waiting (tokio's {@code try_write}); must be
   * called on a thread of the runtime the stream belongs to.
   *
   * @param src the bytes to write (its position advances)
   * @return the bytes written, 0 if there is no room now
   * @throws UncheckedIOException for an I/O failure, a closed stream or after shutdown()
   */
  public int tryWrite(ByteBuffer src) {
    Objects.requireNonNull(src, "src");
    usable();
    return socket.tryWrite(src);
  }

  /**
   * Splits the stream into a read half and a write half, owned by two tasks. After this the
   * stream itself may not be read, written or closed ({@link IllegalStateException}); closing
   * the write half sends end of stream to the peer, closing the read half fails later reads on
   * it, and the socket closes when both halves are closed.
   *
   * @return the two halves
   */
  public Halves split() {
    usable();
    split = true;
    return new Halves(new TcpReadHalf(socket), new TcpWriteHalf(socket));
  }

  /** Closes the connection; idempotent. Pending reads and writes fail as closed. */
  @Override
  public void close() {
    if (split) {
      throw new IllegalStateException("this TcpStream was split: close its halves instead");
    }
    socket.close();
  }

  @Override
  public String toString() {
    return "TcpStream[" + local + " -> " + peer + (socket.isClosed() ? ", closed" : "") + "]";
  }

  /**
   * The two owned halves of a split stream.
   *
   * @param reader the half that reads
   * @param writer the half that writes
   */
  public record Halves(ReadHalf reader, WriteHalf writer) {}

  /** The read half of a split {@link TcpStream}. */
  public interface ReadHalf extends AsyncRead, AutoCloseable {
    /** Closes this half: later reads on it fail; the socket closes once both halves are closed. */
    @Override
    void close();
  }

  /** The write half of a split {@link TcpStream}. */
  public interface WriteHalf extends AsyncWrite, AutoCloseable {
    /** Closes this half: the peer reads end of stream; the socket closes once both are closed. */
    @Override
    void close();
  }

  static UncheckedIOException unchecked(IOException e) {
    return ChannelIo.unchecked(e);
  }
}
