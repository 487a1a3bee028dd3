package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.ThreadState;
import dev.weft.internal.io.IoRegistration;
import dev.weft.stream.Stream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.Optional;

/**
 * A TCP socket that listens for connections: tokio's {@code TcpListener}.
 *
 * <pre>{@code
 * try (TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *   for (TcpStream s : listener.incoming().asIterable()) {   // inside an async block
 *     Task.spawn(async(() -> { try (s) { handle(s); } return null; }));
 *   }
 * }
 * }</pre>
 *
 * <p>{@link #bind} and {@link #close()} are synchronous; binding needs no runtime, accepting
 * does (the listener then belongs to the runtime that first polled an accept). A stream from
 * {@link #accept()} belongs to the runtime that polled the accept.
 *
 * <p>Running out of file descriptors ({@code EMFILE}) does not end accepting: the accept backs
 * off (10 ms, doubling to 1 s) and tries again, and the first such failure is logged, once per
 * listener. The connections already accepted keep working; the pending ones wait in the
 * kernel's backlog.
 */
public final class TcpListener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger("dev.weft.net");
  private static final long FIRST_BACKOFF_NANOS = 10_000_000L;
  private static final long MAX_BACKOFF_NANOS = 1_000_000_000L;

  private final ServerSocketChannel channel;
  private final ChannelIo io;
  private final InetSocketAddress local;
  private final OpSlot accepts;
  private volatile boolean exhaustionLogged;

  private TcpListener(ServerSocketChannel channel) throws IOException {
    this.channel = channel;
    this.io = new ChannelIo(channel, SelectionKey.OP_ACCEPT, 0, null);
    this.accepts = new OpSlot("an accept on this TcpListener", io);
    this.local = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Binds a listener to {@code address} ({@code SO_REUSEADDR} on; port 0: any free port, see
   * {@link #localAddress()}), with the JDK's default backlog.
   *
   * @param address where to listen
   * @return the bound listener
   * @throws UncheckedIOException with a {@link java.net.BindException} cause if the address is in
   *     use
   */
  public static TcpListener bind(InetSocketAddress address) {
    return bind(address, 0);
  }

  /**
   * Binds a listener to {@code address} with a backlog of pending connections.
   *
   * @param address where to listen
   * @param backlog how many connections the kernel queues before accept (0 or less: its default)
   * @return the bound listener
   * @throws UncheckedIOException with a {@link java.net.BindException} cause if the address is in
   *     use
   */
  public static TcpListener bind(InetSocketAddress address, int backlog) {
    Objects.requireNonNull(address, "address");
    ServerSocketChannel ch = null;
    try {
      ch = ServerSocketChannel.open();
      ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      ch.bind(address, Math.max(0, backlog));
      ch.configureBlocking(false);
      return new TcpListener(ch);
    } catch (IOException e) {
      if (ch != null) {
        try {
          ch.close();
        } catch (IOException closing) {
          e.addSuppressed(closing);
        }
      }
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The address the listener is bound to (with the port the system chose for port 0).
   *
   * @return the local address
   */
  public InetSocketAddress localAddress() {
    return local;
  }

  /**
   * A future of the next connection.
   *
   * <p><b>Cancel safety:</b> cancel-safe: a cancelled accept took no connection; the next accept
   * gets it.
   *
   * @return a future of the accepted stream; it fails with {@link UncheckedIOException} (cause
   *     {@link ClosedChannelException}) if the listener is or gets closed
   */
  public Future<TcpStream> accept() {
    return new SlotFuture<>(accepts, new AcceptFuture());
  }

  /**
   * The connections as a stream: {@link #accept()} in a loop. A {@code next()} fails when its
   * accept fails (the listener was closed: every later {@code next()} fails so too); the stream
   * never ends by itself. Its pending accept is the listener's one pending accept: an
   * {@link #accept()} or another stream's {@code next()} polled meanwhile throws
   * {@link IllegalStateException}, until it gives a connection or fails, or the stream is
   * cancelled.
   *
   * <p><b>Cancel safety:</b> as {@link #accept()}'s: a cancelled {@code next()} took nothing.
   *
   * @return a stream of accepted connections
   */
  public Stream<TcpStream> incoming() {
    return new Incoming();
  }

  /** Closes the listener; idempotent. Pending accepts fail with ClosedChannelException. */
  @Override
  public void close() {
    io.close();
  }

  @Override
  public String toString() {
    return "TcpListener[" + local + (io.isClosed() ? ", closed" : "") + "]";
  }

  /** Is {@code e} the system telling us it has no file descriptor left (EMFILE, ENFILE)? */
  private static boolean outOfDescriptors(IOException e) {
    String m = e.getMessage();
    return m != null && (m.contains("Too many open files") || m.contains("ENFILE")
        || m.contains("file table overflow"));
  }

  /**
   * {@link #incoming()}: one accept at a time, which holds the listener's accept slot while it is
   * pending, as {@link #accept()}'s future does (the registration wakes one waiter per
   * direction: a second pending accept would take the first one's wake-ups). The slot is given
   * back when the accept gives a connection or fails, or when the stream is cancelled; a
   * cancelled {@code next()} leaves the accept to the stream's next {@code next()}.
   */
  private final class Incoming implements Stream<TcpStream> {
    private AcceptFuture current;

    @Override
    public Poll<Optional<TcpStream>> pollNext(Context cx) {
      accepts.claim(this); // one pending accept per listener (a second concurrent one is refused)
      if (current == null) {
        current = new AcceptFuture();
      }
      Poll<TcpStream> p;
      try {
        p = current.poll(cx);
      } catch (RuntimeException | Error e) {
        current = null; // a failed accept is spent: the next poll accepts anew (or fails again)
        accepts.release(this);
        throw e;
      }
      if (!p.isReady()) {
        return Poll.pending();
      }
      current = null;
      accepts.release(this);
      return Poll.ready(Optional.of(p.value()));
    }

    @Override
    public void cancel() {
      AcceptFuture c = current;
      current = null;
      if (c != null) {
        c.cancel();
      }
      accepts.release(this);
    }

    /**
     * A {@code next()} whose cancellation gives the slot back as well (the stream stays usable):
     * a {@code select} or timeout that drops a pending {@code next()} must not leave the
     * listener refusing every other accept, as a cancelled {@link #accept()} does not.
     */
    @Override
    public Future<Optional<TcpStream>> next() {
      Future<Optional<TcpStream>> next = Stream.super.next();
      return new Future<>() {
        @Override
        public Poll<Optional<TcpStream>> poll(Context cx) {
          return next.poll(cx);
        }

        @Override
        public void cancel() {
          next.cancel();
          Incoming.this.cancel(); // nothing was accepted yet: the next next() accepts anew
        }
      };
    }

    @Override
    public String toString() {
      return "TcpListener.incoming(" + local + ")";
    }
  }

  /** One accept: wait for the listener to be readable, accept, and back off on EMFILE. */
  private final class AcceptFuture extends OnceFuture<TcpStream> {
    private long backoffNanos;
    private Future<Void> backoff;

    @Override
    protected Poll<TcpStream> pollOnce(Context cx) {
      io.checkOpen();
      if (backoff != null) {
        if (!backoff.poll(cx).isReady()) {
          return Poll.pending();
        }
        backoff = null;
      }
      if (!Coop.proceed(cx)) {
        return Poll.pending();
      }
      IoRegistration r = io.registration("TcpListener.accept");
      for (;;) {
        long token = r.pollReady(cx, IoRegistration.READ);
        if (token == IoRegistration.PENDING) {
          Coop.refund();
          return Poll.pending();
        }
        SocketChannel accepted;
        try {
          accepted = channel.accept();
        } catch (ClosedChannelException e) {
          throw new UncheckedIOException(e);
        } catch (IOException e) {
          if (!outOfDescriptors(e)) {
            throw new UncheckedIOException(e);
          }
          Coop.refund();
          return backOff(cx, e);
        }
        if (accepted != null) {
          backoffNanos = 0;
          try {
            return Poll.ready(new TcpStream(accepted, ThreadState.current().runtime));
          } catch (IOException e) {
            try {
              accepted.close();
            } catch (IOException closing) {
              e.addSuppressed(closing);
            }
            throw new UncheckedIOException(e);
          }
        }
        r.clearReady(token, IoRegistration.READ);
      }
    }

    /** EMFILE: sleep a while (longer each time), then accept again; log the first time. */
    private Poll<TcpStream> backOff(Context cx, IOException e) {
      if (!exhaustionLogged) {
        exhaustionLogged = true;
        LOG.log(System.Logger.Level.WARNING, "TcpListener on " + local + " cannot accept: the"
            + " process is out of file descriptors; backing off and retrying (logged once)", e);
      }
      backoffNanos = backoffNanos == 0 ? FIRST_BACKOFF_NANOS
          : Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
      backoff = dev.weft.time.Time.sleep(java.time.Duration.ofNanos(backoffNanos));
      if (backoff.poll(cx).isReady()) {
        backoff = null;
        cx.waker().wake(); // poll again soon
      }
      return Poll.pending();
    }

    @Override
    public void cancel() {
      markCompleted();
      if (backoff != null) {
        backoff.cancel();
        backoff = null;
      }
    }
  }
}
