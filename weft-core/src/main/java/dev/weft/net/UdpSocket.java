package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.internal.OnceFuture;
import dev.weft.internal.io.IoRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectionKey;
import java.nio.channels.UnresolvedAddressException;
import java.util.Objects;

/**
 * A UDP socket: tokio's {@code UdpSocket}. Datagrams go out whole or not at all, and one
 * receive takes one datagram.
 *
 * <pre>{@code
 * try (UdpSocket s = UdpSocket.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *   s.sendTo(ByteBuffer.wrap(bytes), peer).await();
 *   ByteBuffer buf = ByteBuffer.allocate(1500);
 *   InetSocketAddress from = s.receiveFrom(buf).await();
 * }
 * }</pre>
 *
 * <p>{@link #bind} and {@link #connect} are synchronous and need no runtime; the futures need
 * one, and the socket belongs to the runtime that first polled one of them. {@code bind} does
 * not set {@code SO_REUSEADDR}: a second bind of the same port fails with a
 * {@link java.net.BindException} cause. One pending send and one pending receive at a time. On
 * a closed socket every operation fails with a {@link java.nio.channels.ClosedChannelException}
 * cause. Every send and receive is cancel-safe.
 */
public final class UdpSocket implements AutoCloseable {
  private final DatagramChannel channel;
  private final ChannelIo io;
  private final InetSocketAddress local;
  private final OpSlot sends;
  private final OpSlot receives;

  private UdpSocket(DatagramChannel channel) throws IOException {
    this.channel = channel;
    this.io = new ChannelIo(channel, SelectionKey.OP_READ, SelectionKey.OP_WRITE, null);
    this.sends = new OpSlot("a send on this UdpSocket", io);
    this.receives = new OpSlot("a receive on this UdpSocket", io);
    this.local = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Binds a UDP socket to {@code address} (port 0: any free port).
   *
   * @param address where to receive
   * @return the bound socket
   * @throws UncheckedIOException with a {@link java.net.BindException} cause if the port is taken
   */
  public static UdpSocket bind(InetSocketAddress address) {
    Objects.requireNonNull(address, "address");
    DatagramChannel ch = null;
    try {
      ch = DatagramChannel.open();
      ch.bind(address);
      ch.configureBlocking(false);
      return new UdpSocket(ch);
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
   * The address the socket is bound to.
   *
   * @return the local address and port
   */
  public InetSocketAddress localAddress() {
    return local;
  }

  /**
   * Sends one datagram to {@code target}.
   *
   * <p><b>Cancel safety:</b> cancel-safe: a send cancelled before it was ready sent nothing.
   *
   * @param datagram the bytes to send (from its position to its limit; consumed when sent)
   * @param target where to send (a resolved address)
   * @return a future of the number of bytes sent (the whole datagram)
   * @throws UnresolvedAddressException (an {@link IllegalArgumentException}, at the call) if
   *     {@code target} is unresolved
   */
  public Future<Integer> sendTo(ByteBuffer datagram, InetSocketAddress target) {
    Objects.requireNonNull(datagram, "datagram");
    Objects.requireNonNull(target, "target");
    if (target.isUnresolved()) { // refused at the call, as connect and bind refuse it
      throw new UnresolvedAddressException();
    }
    return new SlotFuture<>(sends, op("UdpSocket.sendTo", IoRegistration.WRITE,
        () -> {
          int n = channel.send(datagram, target);
          return n == 0 && datagram.hasRemaining() ? null : n;
        }));
  }

  /**
   * Receives one datagram into {@code dst}; what does not fit is discarded.
   *
   * <p><b>Cancel safety:</b> cancel-safe: a receive cancelled before it was ready took no
   * datagram.
   *
   * @param dst where the datagram goes
   * @return a future of the sender's address
   */
  public Future<InetSocketAddress> receiveFrom(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    return new SlotFuture<>(receives, op("UdpSocket.receiveFrom", IoRegistration.READ,
        () -> (InetSocketAddress) channel.receive(dst)));
  }

  /**
   * Sets the one peer {@link #send} and {@link #receive} talk to; datagrams from other
   * addresses are then dropped. Synchronous.
   *
   * @param peer the peer's address
   */
  public void connect(InetSocketAddress peer) {
    Objects.requireNonNull(peer, "peer");
    io.checkOpen();
    try {
      channel.connect(peer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends one datagram to the connected peer.
   *
   * <p><b>Cancel safety:</b> cancel-safe: a send cancelled before it was ready sent nothing.
   *
   * @param datagram the bytes to send
   * @return a future of the number of bytes sent
   * @throws NotYetConnectedException if {@link #connect} was not called
   */
  public Future<Integer> send(ByteBuffer datagram) {
    Objects.requireNonNull(datagram, "datagram");
    requireConnected();
    return new SlotFuture<>(sends, op("UdpSocket.send", IoRegistration.WRITE, () -> {
      int n = channel.write(datagram);
      return n == 0 && datagram.hasRemaining() ? null : n;
    }));
  }

  /**
   * Receives one datagram from the connected peer into {@code dst}; what does not fit is
   * discarded.
   *
   * <p><b>Cancel safety:</b> cancel-safe: a receive cancelled before it was ready took no
   * datagram.
   *
   * @param dst where the datagram goes
   * @return a future of the number of bytes received
   * @throws NotYetConnectedException if {@link #connect} was not called
   */
  public Future<Integer> receive(ByteBuffer dst) {
    Objects.requireNonNull(dst, "dst");
    requireConnected();
    return new SlotFuture<>(receives, op("UdpSocket.receive", IoRegistration.READ, () -> {
      int before = dst.position();
      SocketAddress from = channel.receive(dst);
      return from == null ? null : dst.position() - before;
    }));
  }

  private void requireConnected() {
    // A closed socket is not connected either, but its futures fail as closed when awaited, as
    // every I/O future does (op checks): making one does nothing.
    if (!io.isClosed() && !channel.isConnected()) {
      throw new NotYetConnectedException();
    }
  }

  /** Closes the socket; idempotent. Pending operations fail with ClosedChannelException. */
  @Override
  public void close() {
    io.close();
  }

  @Override
  public String toString() {
    return "UdpSocket[" + local + (io.isClosed() ? ", closed" : "") + "]";
  }

  /** One try of a datagram operation: a value, or null when it would block. */
  @FunctionalInterface
  private interface Attempt<T> {
    T attempt() throws IOException;
  }

  /** A future that waits for {@code direction} and tries {@code attempt} until it gives a value. */
  private <T> Future<T> op(String what, int direction, Attempt<T> attempt) {
    return new OnceFuture<>() {
      @Override
      protected Poll<T> pollOnce(Context cx) {
        io.checkOpen();
        if (!Coop.proceed(cx)) {
          return Poll.pending();
        }
        IoRegistration r = io.registration(what);
        for (;;) {
          long token = r.pollReady(cx, direction);
          if (token == IoRegistration.PENDING) {
            Coop.refund();
            return Poll.pending();
          }
          T v;
          try {
            v = attempt.attempt();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          if (v != null) {
            return Poll.ready(v);
          }
          r.clearReady(token, direction);
        }
      }
    };
  }
}
