package dev.weft.net;

import dev.weft.future.Context;
import dev.weft.future.Poll;
import dev.weft.internal.Coop;
import dev.weft.internal.RuntimeContext;
import dev.weft.internal.io.IoRegistration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * What a {@link TcpStream} and its two halves share: the channel and its registration (this is
 * the socket's {@link ChannelIo}, extended rather than referenced: one object less for every
 * connection, W9), and the state of each direction. The read and write loops are the pattern
 * of every socket operation here: wait for readiness, try the operation, and if it would block,
 * clear that readiness (only if no newer event came: IoRegistration's tick) and wait again. A
 * ready operation consumes one unit of the task's cooperative budget. Every poll, even one with
 * nothing to do (an empty buffer, a flush), first takes the registration, which checks that it
 * runs on the socket's runtime.
 *
 * <p>Closing one direction (the read half, or the write direction by {@code shutdown()} or the
 * write half's close) sets its flag, then wakes the operation waiting in that direction; an
 * operation that stored its waker looks at the flag once more before it returns pending. Both
 * are volatile, so a close from another thread is seen by the waiting operation either way.
 */
final class TcpSocket extends ChannelIo {
  private static final VarHandle READS;
  private static final VarHandle WRITES;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      READS = l.findVarHandle(TcpSocket.class, "reads", OpSlot.class);
      WRITES = l.findVarHandle(TcpSocket.class, "writes", OpSlot.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  // Made at the first read or write future: a server that waits with readable() and reads with
  // tryRead never needs them, and an idle connection keeps 48 bytes less (W9).
  private volatile OpSlot reads;
  private volatile OpSlot writes;
  private volatile boolean readClosed;  // the read half was closed
  private volatile boolean outputShut;  // shutdown() or the write half's close: FIN sent
  private volatile boolean readHalfOpen = true;
  private volatile boolean writeHalfOpen = true;

  /**
   * @param writeOp the interest of a write: {@code OP_WRITE}, or {@code OP_CONNECT} until a
   *     connect completes
   * @param owner the runtime the socket belongs to (ChannelIo)
   */
  TcpSocket(SocketChannel channel, int writeOp, RuntimeContext owner) {
    super(channel, SelectionKey.OP_READ, writeOp, owner);
  }

  /** The channel, as the socket channel it is. */
  SocketChannel channel() {
    return (SocketChannel) channel;
  }

  /** The read direction's slot (one pending read future at a time). */
  OpSlot reads() {
    OpSlot s = reads;
    return s != null ? s : install(READS, "a read on this TCP stream");
  }

  /** The write direction's slot (one pending write future at a time). */
  OpSlot writes() {
    OpSlot s = writes;
    return s != null ? s : install(WRITES, "a write on this TCP stream");
  }

  /** Creates a slot, unless another thread's creation won: every caller gets the same one. */
  private OpSlot install(VarHandle field, String what) {
    OpSlot made = new OpSlot(what, this);
    OpSlot won = (OpSlot) field.compareAndExchange(this, (OpSlot) null, made);
    return won != null ? won : made;
  }

  Poll<Integer> pollRead(Context cx, ByteBuffer dst) {
    IoRegistration r = registration("a read on a TcpStream"); // first: checks the runtime
    checkOpen();
    if (readClosed) {
      throw new UncheckedIOException(new ClosedChannelException());
    }
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    if (!dst.hasRemaining()) {
      return Poll.ready(0); // after the budget: a loop of empty calls must still yield
    }
    for (;;) {
      long token = r.pollReady(cx, IoRegistration.READ);
      if (token == IoRegistration.PENDING) {
        Coop.refund();
        if (readClosed) { // closed after our first look: its wake-up may have missed our waker
          throw new UncheckedIOException(new ClosedChannelException());
        }
        return Poll.pending();
      }
      int n;
      try {
        n = channel().read(dst);
      } catch (IOException e) {
        throw ChannelIo.unchecked(e);
      }
      if (n > 0 && dst.hasRemaining()) {
        // Less than asked for: the socket is drained (tokio's rule), so the next read waits for
        // readiness instead of trying, failing with EAGAIN, and then waiting.
        r.clearReady(token, IoRegistration.READ);
      }
      if (n != 0) {
        return Poll.ready(n); // bytes, or -1 at end of stream
      }
      r.clearReady(token, IoRegistration.READ);
    }
  }

  Poll<Integer> pollWrite(Context cx, ByteBuffer src) {
    IoRegistration r = registration("a write on a TcpStream"); // first: checks the runtime
    checkOpen();
    if (outputShut) {
      throw new UncheckedIOException(new ClosedChannelException());
    }
    if (!Coop.proceed(cx)) {
      return Poll.pending();
    }
    if (!src.hasRemaining()) {
      return Poll.ready(0); // after the budget: a loop of empty calls must still yield
    }
    for (;;) {
      long token = r.pollReady(cx, IoRegistration.WRITE);
      if (token == IoRegistration.PENDING) {
        Coop.refund();
        if (outputShut) { // shut after our first look: its wake-up may have missed our waker
          throw new UncheckedIOException(new ClosedChannelException());
        }
        return Poll.pending();
      }
      int n;
      try {
        n = channel().write(src);
      } catch (IOException e) {
        throw ChannelIo.unchecked(e);
      }
      if (n > 0) {
        if (src.hasRemaining()) {
          r.clearReady(token, IoRegistration.WRITE); // the send buffer is full: wait next time
        }
        return Poll.ready(n);
      }
      r.clearReady(token, IoRegistration.WRITE);
    }
  }

  /** Waits until {@code direction} may be ready; consumes no budget and tries nothing. */
  Poll<Void> pollReady(Context cx, int direction, String what) {
    checkOpen();
    IoRegistration r = registration(what);
    return r.pollReady(cx, direction) == IoRegistration.PENDING ? Poll.pending() : Poll.ready(null);
  }

  /** One read that never waits: bytes, -1 at end of stream, 0 if it would block (or no room). */
  int tryRead(ByteBuffer dst) {
    checkOpen();
    if (readClosed) {
      throw new UncheckedIOException(new ClosedChannelException());
    }
    if (!dst.hasRemaining()) {
      return 0;
    }
    IoRegistration r = registration("TcpStream.tryRead");
    long token = r.readyNow(IoRegistration.READ);
    int n;
    try {
      n = channel().read(dst);
    } catch (IOException e) {
      throw ChannelIo.unchecked(e);
    }
    if (token != IoRegistration.PENDING && (n == 0 || (n > 0 && dst.hasRemaining()))) {
      r.clearReady(token, IoRegistration.READ); // would block, or drained (see pollRead)
    }
    return n;
  }

  /** One write that never waits: the bytes taken, 0 if there is no room now. */
  int tryWrite(ByteBuffer src) {
    checkOpen();
    if (outputShut) {
      throw new UncheckedIOException(new ClosedChannelException());
    }
    if (!src.hasRemaining()) {
      return 0;
    }
    IoRegistration r = registration("TcpStream.tryWrite");
    long token = r.readyNow(IoRegistration.WRITE);
    int n;
    try {
      n = channel().write(src);
    } catch (IOException e) {
      throw ChannelIo.unchecked(e);
    }
    if (n == 0 && token != IoRegistration.PENDING) {
      r.clearReady(token, IoRegistration.WRITE);
    }
    return n;
  }

  /** Ready at once: a TCP stream buffers nothing of its own. */
  Poll<Void> pollFlush() {
    registration("a flush of a TcpStream"); // checks the runtime, as every poll does
    checkOpen();
    return Poll.ready(null);
  }

  Poll<Void> pollShutdown() {
    registration("a shutdown of a TcpStream"); // checks the runtime, as every poll does
    checkOpen();
    shutdownOutput();
    return Poll.ready(null);
  }

  /**
   * Sends FIN once: the peer reads end of stream; reading here goes on. A write waiting for room
   * is woken and fails.
   */
  void shutdownOutput() {
    if (outputShut) {
      return;
    }
    outputShut = true;
    try {
      channel().shutdownOutput();
    } catch (ClosedChannelException alreadyClosed) {
      // closed meanwhile: nothing left to shut down
    } catch (IOException e) {
      throw ChannelIo.unchecked(e);
    } finally {
      wakeWaiter(IoRegistration.WRITE);
    }
  }

  /**
   * The read half was closed: later reads fail, and a pending one is woken to fail; the socket
   * closes once both halves are.
   */
  void closeReadHalf() {
    readClosed = true;
    readHalfOpen = false;
    wakeWaiter(IoRegistration.READ);
    if (!writeHalfOpen) {
      close();
    }
  }

  /** The write half was closed: FIN is sent; the socket closes once both halves are. */
  void closeWriteHalf() {
    writeHalfOpen = false;
    try {
      if (!isClosed()) {
        shutdownOutput();
      }
    } finally {
      if (!readHalfOpen) {
        close();
      }
    }
  }
}
