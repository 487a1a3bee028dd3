package dev.weft.net;

import static dev.weft.future.Async.async;
import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.assertIoFailure;
import static dev.weft.net.NetTesting.connectPair;
import static dev.weft.net.NetTesting.eventuallyAsync;
import static dev.weft.net.NetTesting.pattern;
import static dev.weft.net.NetTesting.remaining;
import static dev.weft.net.NetTesting.run;
import static dev.weft.test.BudgetProbe.readyInOnePoll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Result;
import dev.weft.future.Tuple2;
import dev.weft.internal.Coop;
import dev.weft.net.NetTesting.Watched;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.test.MockTask;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The rules that tie sockets to runtimes: where their futures may be polled, which runtime a
 * socket belongs to, the cooperative budget, and what cancelling a task does to its sockets.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetRuntimeRulesTest {

  /** Every I/O future polled under Futures.blockOn (no runtime) throws, naming AsyncRuntime. */
  @ParameterizedTest
  @EnumSource
  void ioFuturesPolledUnderFuturesBlockOnThrowIllegalStateExceptionNamingAsyncRuntime(
      NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort());
        UdpSocket udp = UdpSocket.bind(anyLoopbackPort());
        UdpSocket connectedUdp = UdpSocket.bind(anyLoopbackPort())) {
      connectedUdp.connect(udp.localAddress());
      Tuple2<TcpStream, TcpStream> pair = run(rt, () -> connectPair(listener));
      try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
        List<Supplier<Future<?>>> futures = List.of(
            listener::accept,
            () -> TcpStream.connect(listener.localAddress()),
            () -> a.read(ByteBuffer.allocate(1)),
            () -> a.readExact(ByteBuffer.allocate(1)),
            () -> a.write(pattern(1, 0)),
            () -> a.writeAll(pattern(1, 0)),
            () -> udp.sendTo(pattern(1, 0), connectedUdp.localAddress()),
            () -> udp.receiveFrom(ByteBuffer.allocate(1)),
            () -> connectedUdp.send(pattern(1, 0)),
            () -> connectedUdp.receive(ByteBuffer.allocate(1)));
        for (int i = 0; i < futures.size(); i++) {
          Future<?> f = futures.get(i).get();
          IllegalStateException e =
              assertThrows(IllegalStateException.class, () -> Futures.blockOn(f), "future " + i);
          assertTrue(e.getMessage().contains("AsyncRuntime"), e.getMessage());
        }
        // The stream is unharmed: it still works on its runtime.
        run(rt, () -> {
          a.writeAll(pattern(2, 1)).await();
          ByteBuffer got = ByteBuffer.allocate(2);
          b.readExact(got).await();
          assertArrayEquals(remaining(pattern(2, 1)), got.array());
          return null;
        });
      }
    }
  }

  /** bind, and making any future, need no runtime; the first runtime to poll owns the socket. */
  @ParameterizedTest
  @EnumSource
  void socketsAndFuturesAreMadeOutsideARuntimeAndPolledInOne(NetFlavour flavour) {
    try (TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      Future<TcpStream> accept = listener.accept();
      Future<TcpStream> connect = TcpStream.connect(listener.localAddress());
      try (AsyncRuntime rt = flavour.build()) {
        Tuple2<TcpStream, TcpStream> pair = rt.blockOn(Futures.join(accept, connect));
        pair.first().close();
        pair.second().close();
      }
    }
  }

  /**
   * A socket belongs to the runtime that first polled it; a stream to the runtime that polled
   * the accept or the connect that made it. Polling from another runtime throws.
   */
  @ParameterizedTest
  @EnumSource
  void aSocketUsedFromAnotherRuntimeThrowsIllegalStateException(NetFlavour flavour) {
    try (AsyncRuntime first = flavour.build();
        AsyncRuntime second = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      // The listener's first accept is polled by `first`: the listener and what it accepts are
      // first's; the connect is polled by `second`: that stream is second's.
      JoinHandle<TcpStream> accepted = first.spawn(listener.accept());
      TcpStream connected = run(second, () -> TcpStream.connect(listener.localAddress()).await());
      TcpStream server = first.blockOn(accepted);
      try (connected; server) {
        assertThrows(IllegalStateException.class, () -> second.blockOn(listener.accept()));
        assertThrows(IllegalStateException.class,
            () -> second.blockOn(server.read(ByteBuffer.allocate(1))));
        assertThrows(IllegalStateException.class,
            () -> second.blockOn(server.write(pattern(1, 0))));
        assertThrows(IllegalStateException.class,
            () -> first.blockOn(connected.write(pattern(1, 0))));
        // Each works on its own runtime.
        assertEquals(1, (int) second.blockOn(connected.write(pattern(1, 0))));
        assertEquals(1, (int) first.blockOn(server.read(ByteBuffer.allocate(1))));
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void aUdpSocketUsedFromAnotherRuntimeThrowsIllegalStateException(NetFlavour flavour) {
    try (AsyncRuntime first = flavour.build();
        AsyncRuntime second = flavour.build();
        UdpSocket udp = UdpSocket.bind(anyLoopbackPort())) {
      InetSocketAddress self = udp.localAddress();
      assertEquals(1, (int) first.blockOn(udp.sendTo(pattern(1, 0), self)));
      assertThrows(IllegalStateException.class,
          () -> second.blockOn(udp.receiveFrom(ByteBuffer.allocate(1))));
      assertEquals(self, first.blockOn(udp.receiveFrom(ByteBuffer.allocate(1))));
    }
  }

  /** After the runtime a socket is registered with closed, its futures throw. */
  @ParameterizedTest
  @EnumSource
  void afterItsRuntimeClosedASocketsFuturesThrowIllegalStateException(NetFlavour flavour) {
    try (TcpListener listener = TcpListener.bind(anyLoopbackPort());
        AsyncRuntime other = flavour.build()) {
      AsyncRuntime rt = flavour.build();
      Tuple2<TcpStream, TcpStream> pair = run(rt, () -> connectPair(listener));
      rt.close();
      try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
        assertThrows(IllegalStateException.class, () -> Futures.blockOn(a.read(
            ByteBuffer.allocate(1))));
        assertThrows(IllegalStateException.class,
            () -> other.blockOn(a.read(ByteBuffer.allocate(1))));
        assertThrows(IllegalStateException.class, () -> other.blockOn(b.write(pattern(1, 0))));
        assertThrows(IllegalStateException.class, () -> other.blockOn(listener.accept()));
      }
    }
  }

  /**
   * Readiness consumes the cooperative budget: one poll does at most 128 ready reads; the next
   * one returns pending and wakes its task at once.
   */
  @ParameterizedTest
  @EnumSource
  void aReadyReadConsumesTheCooperativeBudget(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          a.writeAll(pattern(4 * Coop.BUDGET, 0)).await();
          b.readExact(ByteBuffer.allocate(1)).await(); // the bytes have arrived
          ByteBuffer one = ByteBuffer.allocate(1);
          readyInOnePoll(() -> b.read(one.clear()), n -> assertEquals(1, n));
          Task.yieldNow().await();
          assertEquals(1, b.read(one.clear()).await(), "a new poll reads again");
        }
        return null;
      });
    }
  }

  /** The same for writes with room. */
  @ParameterizedTest
  @EnumSource
  void aReadyWriteConsumesTheCooperativeBudget(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          int ready = readyInOnePoll(() -> a.write(pattern(1, 0)), n -> assertEquals(1, n));
          b.readExact(ByteBuffer.allocate(ready)).await();
        }
        return null;
      });
    }
  }

  /** The same for ready accepts: connections waiting in the backlog. */
  @ParameterizedTest
  @EnumSource
  void aReadyAcceptConsumesTheCooperativeBudget(NetFlavour flavour) throws Exception {
    int waiting = Coop.BUDGET + 20;
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 2 * waiting)) {
      InetSocketAddress address = listener.localAddress();
      List<java.net.Socket> clients = new java.util.ArrayList<>();
      try {
        for (int i = 0; i < waiting; i++) { // loopback: connected at once, queued in the backlog
          clients.add(new java.net.Socket(address.getAddress(), address.getPort()));
        }
        run(rt, () -> {
          List<TcpStream> accepted = new java.util.ArrayList<>();
          readyInOnePoll(listener::accept, accepted::add);
          accepted.forEach(TcpStream::close);
          return null;
        });
      } finally {
        for (java.net.Socket c : clients) {
          c.close();
        }
      }
    }
  }

  /**
   * A read into a buffer with no room and a write of an empty buffer are ready with 0 at once,
   * and each counts against the budget as any ready read or write does: a poll does at most 128
   * of them, then the next one returns pending and wakes its task.
   */
  @ParameterizedTest
  @EnumSource
  void aReadOrWriteOfNoBytesConsumesTheCooperativeBudget(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          ByteBuffer none = ByteBuffer.allocate(0);
          List<Supplier<Future<Integer>>> ops = List.of(() -> b.read(none), () -> a.write(none));
          for (Supplier<Future<Integer>> op : ops) {
            readyInOnePoll(op, n -> assertEquals(0, n));
            Task.yieldNow().await();
            assertEquals(0, op.get().await(), "a new poll is ready with 0 again");
          }
        }
        return null;
      });
    }
  }

  /**
   * Runs {@code loop} (an async block of its own, so that a woven build sees its awaits) as a
   * task beside one that counts its own polls, on the current-thread runtime {@code run} runs
   * on; returns how often the counter ran meanwhile.
   */
  private static long counterRunsDuring(Future<?> loop) {
    AtomicLong counter = new AtomicLong();
    JoinHandle<Void> counting = Task.spawn(async(() -> {
      for (;;) {
        counter.incrementAndGet();
        Task.yieldNow().await();
      }
    }));
    JoinHandle<Long> looping = Task.spawn(async(() -> {
      long before = counter.get();
      loop.await();
      return counter.get() - before;
    }));
    long counted = looping.await();
    counting.abort();
    return counted;
  }

  /**
   * On a current-thread runtime, a task looping on reads into a full buffer (each ready with 0
   * at once) still lets another task run: before, it starved it for as long as it looped.
   */
  @Test
  void aTaskLoopingOnReadsOfNoBytesLetsAnotherTaskRun() {
    int calls = 20_000;
    try (AsyncRuntime rt = NetFlavour.CURRENT_THREAD.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          long counted = counterRunsDuring(async(() -> {
            ByteBuffer full = ByteBuffer.allocate(0);
            for (int i = 0; i < calls; i++) {
              assertEquals(0, b.read(full).await());
            }
            return null;
          }));
          assertTrue(counted >= calls / Coop.BUDGET / 2,
              "the counter ran " + counted + " times while " + calls + " empty reads ran");
        }
        return null;
      });
    }
  }

  /**
   * On a current-thread runtime, a task reading a long stream of bytes that have all arrived
   * (every read ready at once) still lets another task run.
   */
  @Test
  void aTaskDoingThousandsOfReadyReadsLetsAnotherTaskRun() {
    int bytes = 20_000;
    try (AsyncRuntime rt = NetFlavour.CURRENT_THREAD.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          a.writeAll(pattern(bytes, 0)).await();
          a.shutdown().await(); // all sent: on loopback, all arrived
          long counted = counterRunsDuring(async(() -> {
            ByteBuffer one = ByteBuffer.allocate(1);
            int n = 0;
            while (b.read(one.clear()).await() > 0) {
              n++;
            }
            assertEquals(bytes, n);
            return null;
          }));
          assertTrue(counted >= bytes / Coop.BUDGET / 2,
              "the counter ran " + counted + " times while " + bytes + " ready reads ran");
        }
        return null;
      });
    }
  }

  /** Aborting a task that uses a stream does not close the stream. */
  @ParameterizedTest
  @EnumSource
  void cancellingATaskClosesNothingByItself(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first(); TcpStream b = pair.second()) {
          Watched<Integer> read = new Watched<>(b.read(ByteBuffer.allocate(4)));
          JoinHandle<Integer> reader = Task.spawn(async(() -> read.await()));
          eventuallyAsync("the read is pending", read::wasPending);
          reader.abort();
          Result<Integer> r = reader.result().await();
          assertInstanceOf(CancellationException.class, ((Result.Err<Integer>) r).error());
          // b is open, and the aborted read took nothing.
          a.writeAll(pattern(4, 2)).await();
          ByteBuffer got = ByteBuffer.allocate(4);
          b.readExact(got).await();
          assertArrayEquals(remaining(pattern(4, 2)), got.array());
          b.writeAll(pattern(3, 3)).await();
          a.readExact(ByteBuffer.allocate(3)).await();
        }
        return null;
      });
    }
  }

  /** A task that holds its stream in try-with-resources closes it when it is aborted. */
  @ParameterizedTest
  @EnumSource
  void aTaskAbortedInsideTryWithResourcesClosesItsStream(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream a = pair.first()) {
          TcpStream b = pair.second();
          Watched<Integer> read = new Watched<>(b.read(ByteBuffer.allocate(4)));
          JoinHandle<Integer> reader = Task.spawn(async(() -> {
            try (b) {
              return read.await();
            }
          }));
          eventuallyAsync("the read is pending", read::wasPending);
          reader.abort();
          assertThrows(CancellationException.class, reader::await);
          assertEquals(-1, a.read(ByteBuffer.allocate(1)).await(), "b was not closed");
          assertIoFailure(java.nio.channels.ClosedChannelException.class,
              () -> b.read(ByteBuffer.allocate(1)).await());
        }
        return null;
      });
    }
  }
}
