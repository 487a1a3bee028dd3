package dev.weft.net;

import dev.weft.internal.RuntimeContext;
import dev.weft.internal.ThreadState;
import dev.weft.internal.io.IoRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;

/**
 * A non-blocking channel and its registration with a runtime's selector, made at the first poll
 * that needs it, on the selector of the thread that polls (a worker's own, when each worker has
 * one). The channel then belongs to that runtime: polling it from another runtime throws.
 *
 * <p>Shared by the socket types of this package (a TCP stream's {@link TcpSocket} extends it);
 * closing goes through here, so that the key is cancelled and dropped by the selector before
 * {@link #close} returns (the JDK closes a registered socket only when its selector drops the
 * key: IoRegistration#deregister).
 */
class ChannelIo {
  final SelectableChannel channel;
  private final byte readOp;   // SelectionKey ops fit a byte: 6 bytes less for every socket
  private final byte writeOp;
  private volatile RuntimeContext owner;    // the runtime the channel belongs to, once known
  private volatile IoRegistration registration;
  private volatile boolean closed;

  /**
   * @param owner the runtime the channel already belongs to (a stream made by an accept or a
   *     connect), or null (bound by the user: the first poll decides)
   */
  ChannelIo(SelectableChannel channel, int readOp, int writeOp, RuntimeContext owner) {
    this.channel = channel;
    this.readOp = (byte) readOp;
    this.writeOp = (byte) writeOp;
    this.owner = owner;
  }

  /** The runtime of the calling thread, or a clear error for {@code what} outside one. */
  static RuntimeContext currentRuntime(String what) {
    RuntimeContext rt = ThreadState.current().runtime;
    if (rt == null) {
      throw new IllegalStateException(what + " was polled outside a runtime: sockets need the I/O"
          + " driver of an AsyncRuntime (await it in a task or in runtime.blockOn), not"
          + " Futures.blockOn");
    }
    return rt;
  }

  boolean isClosed() {
    return closed;
  }

  /** Throws what an operation on a closed channel throws (clarification of the I/O rules). */
  void checkOpen() {
    if (closed) {
      throw new UncheckedIOException(new ClosedChannelException());
    }
  }

  /** The registration, made on first use by the calling thread's runtime. */
  IoRegistration registration(String what) {
    IoRegistration r = registration;
    RuntimeContext rt = currentRuntime(what);
    if (r != null) {
      if (rt != owner) {
        throw otherRuntime(what);
      }
      return r;
    }
    synchronized (this) { // a monitor, not a lock object: 48 bytes less for every connection
      r = registration;
      if (r == null) {
        RuntimeContext o = owner;
        if (o != null && o != rt) {
          throw otherRuntime(what);
        }
        if (rt.isClosed()) {
          throw new IllegalStateException(what + " was polled on an AsyncRuntime that is closed");
        }
        checkOpen();
        try {
          r = rt.selectorForNewChannel().register(channel, readOp, writeOp);
        } catch (ClosedChannelException e) {
          throw new UncheckedIOException(e);
        }
        owner = rt;
        registration = r;
        if (closed) { // closed by another thread while we registered
          r.deregister();
        }
      } else if (rt != owner) {
        throw otherRuntime(what);
      }
      return r;
    }
  }

  /**
   * Wakes the operation waiting for {@code direction} ({@code IoRegistration.READ} or
   * {@code WRITE}), after its owner closed that direction. A poll that registers or stores its
   * waker concurrently must look at the closed flag again afterwards (TcpSocket does).
   */
  void wakeWaiter(int direction) {
    IoRegistration r = registration;
    if (r != null) {
      r.wakeWaiter(direction);
    }
  }

  private static IllegalStateException otherRuntime(String what) {
    return new IllegalStateException(what + " was polled on another AsyncRuntime than the one"
        + " its socket belongs to (the runtime that first polled it, or that accepted or"
        + " connected it); a socket is served by one runtime's I/O driver");
  }

  /** Closes the channel; idempotent. Pending operations are woken and fail as closed. */
  void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      IoRegistration r = registration;
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } finally {
        if (r != null) {
          r.deregister(); // wakes waiters; the selector drops the key: the socket is closed now
        }
      }
    }
  }

  static UncheckedIOException unchecked(IOException e) {
    return new UncheckedIOException(e);
  }
}
