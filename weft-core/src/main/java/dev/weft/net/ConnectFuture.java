package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.internal.Failures;
import dev.weft.internal.RuntimeContext;
import dev.weft.internal.io.IoRegistration;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * {@link TcpStream#connect}: resolve the name on the blocking pool if it is unresolved, start a
 * non-blocking connect, wait until the selector reports it finished, then hand out the stream,
 * registered with the runtime that polled the connect.
 */
final class ConnectFuture implements Future<TcpStream> {
  private final InetSocketAddress requested;
  private InetSocketAddress target;
  private JoinHandle<InetSocketAddress> lookup;
  private TcpSocket socket;
  private boolean done;

  ConnectFuture(InetSocketAddress requested) {
    this.requested = requested;
    this.target = requested.isUnresolved() ? null : requested;
  }

  @Override
  public Poll<TcpStream> poll(Context cx) {
    if (done) {
      throw Failures.polledAfterCompletion(this);
    }
    try {
      Poll<TcpStream> p = connect(cx);
      if (p.isReady()) {
        done = true;
      }
      return p;
    } catch (Throwable t) {
      done = true;
      closeQuietly(t);
      throw t;
    }
  }

  private Poll<TcpStream> connect(Context cx) {
    RuntimeContext rt = ChannelIo.currentRuntime("TcpStream.connect");
    if (target == null) {
      if (lookup == null) {
        String host = requested.getHostString();
        int port = requested.getPort();
        lookup = Task.spawnBlocking(() -> new InetSocketAddress(InetAddress.getByName(host), port));
      }
      Poll<InetSocketAddress> resolved;
      try {
        resolved = lookup.poll(cx);
      } catch (Exception e) { // the lookup's own failure (UnknownHostException), as it is
        if (e instanceof IOException io) {
          throw new UncheckedIOException(io);
        }
        throw e;
      }
      if (!resolved.isReady()) {
        return Poll.pending();
      }
      target = resolved.value();
    }
    try {
      if (socket == null) {
        SocketChannel ch = SocketChannel.open();
        socket = new TcpSocket(ch, SelectionKey.OP_CONNECT, rt);
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.connect(target);
      }
      IoRegistration r = socket.registration("TcpStream.connect");
      for (;;) {
        long token = r.pollReady(cx, IoRegistration.WRITE);
        if (token == IoRegistration.PENDING) {
          return Poll.pending();
        }
        if (socket.channel().finishConnect()) {
          r.connected();
          return Poll.ready(new TcpStream(socket));
        }
        r.clearReady(token, IoRegistration.WRITE);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void closeQuietly(Throwable primary) {
    if (socket != null) {
      try {
        socket.close();
      } catch (RuntimeException e) {
        primary.addSuppressed(e);
      }
    }
  }

  /** Closes the half-open socket (and stops waiting for a name lookup, which runs on). */
  @Override
  public void cancel() {
    if (!done) {
      done = true;
      if (lookup != null) {
        lookup.cancel();
      }
      if (socket != null) {
        socket.close();
      }
    }
  }

  @Override
  public String toString() {
    return "TcpStream.connect(" + requested + ")";
  }
}
