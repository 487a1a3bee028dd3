package dev.weft.net;

import static dev.weft.future.Async.async;
import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.connectPair;
import static dev.weft.net.NetTesting.eventually;
import static dev.weft.net.NetTesting.openFileDescriptors;
import static dev.weft.net.NetTesting.pattern;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.future.Tuple2;
import dev.weft.net.NetTesting.Watched;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.IoDriverProbe;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.time.Time;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Load and failure: many connections, large transfers, resets, slow readers, leaks. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetStressTest {

  /** An echo server: one task per connection, until the listener closes. */
  private static JoinHandle<Void> echoServer(TcpListener listener) {
    return Task.spawn(async(() -> {
      for (;;) {
        TcpStream s = listener.accept().await();
        Task.spawn(async(() -> {
          try (s) {
            ByteBuffer buf = ByteBuffer.allocate(4096);
            while (s.read(buf.clear()).await() >= 0) {
              s.writeAll(buf.flip()).await();
            }
          }
          return null;
        }));
      }
    }));
  }

  @Test
  void aThousandConcurrentConnectionsOnACurrentThreadRuntime() {
    int connections = 1000;
    try (AsyncRuntime rt = NetFlavour.CURRENT_THREAD.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), connections)) {
      long echoed = run(rt, () -> {
        JoinHandle<Void> server = echoServer(listener);
        List<JoinHandle<Long>> clients = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
          int seed = c;
          clients.add(Task.spawn(async(() -> {
            try (TcpStream s = TcpStream.connect(listener.localAddress()).await()) {
              long sum = 0;
              for (int round = 0; round < 3; round++) {
                ByteBuffer out = pattern(32, seed + round);
                s.writeAll(out.duplicate()).await();
                ByteBuffer in = ByteBuffer.allocate(32);
                s.readExact(in).await();
                assertEquals(out, in.flip());
                sum += 32;
              }
              return sum;
            }
          })));
        }
        long total = 0;
        for (JoinHandle<Long> h : clients) {
          total += h.await();
        }
        server.abort();
        return total;
      });
      assertEquals(connections * 3L * 32, echoed);
    }
  }

  /** 32 MiB each way at once over one connection, each half in its own task, with checksums. */
  @ParameterizedTest
  @EnumSource(names = {"MULTI_THREAD_1", "MULTI_THREAD_4", "MULTI_THREAD_1_SHARED_SELECTOR",
      "MULTI_THREAD_4_SHARED_SELECTOR"})
  void thirtyTwoMebibytesBothWaysAtOnceArriveIntact(NetFlavour flavour) {
    int size = 32 << 20;
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        TcpStream.Halves a = pair.first().split();
        TcpStream.Halves b = pair.second().split();
        JoinHandle<Long> aWrites = Task.spawn(writeRandom(a.writer(), size, 1));
        JoinHandle<Long> bWrites = Task.spawn(writeRandom(b.writer(), size, 2));
        JoinHandle<Long> aReads = Task.spawn(readCrc(a.reader()));
        JoinHandle<Long> bReads = Task.spawn(readCrc(b.reader()));
        assertEquals(aWrites.await(), bReads.await(), "a -> b");
        assertEquals(bWrites.await(), aReads.await(), "b -> a");
        return null;
      });
    }
  }

  /** Writes {@code size} random bytes in chunks of random sizes, closes; returns their CRC. */
  private static dev.weft.future.Future<Long> writeRandom(TcpStream.WriteHalf w, int size,
      long seed) {
    return async(() -> {
      try (w) {
        SplittableRandom random = new SplittableRandom(seed);
        CRC32 crc = new CRC32();
        byte[] chunk = new byte[256 * 1024];
        for (int sent = 0; sent < size; ) {
          int n = Math.min(size - sent, 1 + random.nextInt(chunk.length));
          for (int i = 0; i < n; i++) {
            chunk[i] = (byte) random.nextInt();
          }
          crc.update(chunk, 0, n);
          w.writeAll(ByteBuffer.wrap(chunk, 0, n)).await();
          sent += n;
        }
        return crc.getValue();
      }
    });
  }

  private static dev.weft.future.Future<Long> readCrc(TcpStream.ReadHalf r) {
    return async(() -> {
      try (r) {
        CRC32 crc = new CRC32();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (r.read(buf.clear()).await() >= 0) {
          crc.update(buf.flip());
        }
        return crc.getValue();
      }
    });
  }

  /**
   * A peer that resets its connection (SO_LINGER 0, then close) in the middle of a transfer:
   * the server's write to it, or its read from it, fails with UncheckedIOException, and the
   * runtime goes on serving every other connection. Peers are blocking JDK sockets; each says
   * with its first byte whether the server writes to it without end ('W') or reads from it.
   */
  @ParameterizedTest
  @EnumSource
  void aPeerThatResetsMidTransferFailsOnlyItsOwnConnection(NetFlavour flavour)
      throws Exception {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 64)) {
      Map<Integer, JoinHandle<Throwable>> handlers = new ConcurrentHashMap<>();
      JoinHandle<Void> server = rt.spawn(async(() -> {
        for (;;) {
          TcpStream s = listener.accept().await();
          handlers.put(s.peerAddress().getPort(), Task.spawn(async(() -> serve(s))));
        }
      }));
      InetSocketAddress address = listener.localAddress();
      // The peers are driven from another thread; this one runs the runtime meanwhile (a
      // current-thread runtime runs its tasks only inside blockOn).
      CompletableFuture<Void> peers = CompletableFuture.runAsync(() -> {
        try {
          resetPeers(address, handlers);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }, runnable -> Thread.ofPlatform().name("reset-peers").start(runnable));
      rt.blockOn(Futures.fromCompletionStage(peers));
      assertFalse(server.isFinished(), "the accept loop died");
      server.abort();
    }
  }

  private static void resetPeers(InetSocketAddress address,
      Map<Integer, JoinHandle<Throwable>> handlers) throws IOException {
    for (int round = 0; round < 3; round++) {
      try (Socket good = connect(address, 'W')) {
        Socket resetWhileWritten = connect(address, 'W');
        readAtLeast(resetWhileWritten.getInputStream(), 200_000);
        reset(resetWhileWritten);
        Socket resetWhileRead = connect(address, 'R');
        resetWhileRead.getOutputStream().write(new byte[10_000]);
        handler(handlers, resetWhileRead);
        reset(resetWhileRead);
        for (Socket reset : List.of(resetWhileWritten, resetWhileRead)) {
          Throwable failure = handler(handlers, reset).toCompletableFuture().join();
          assertInstanceOf(UncheckedIOException.class, failure,
              "the reset connection's operation ended with");
        }
        readAtLeast(good.getInputStream(), 1_000_000); // still served
        assertFalse(handler(handlers, good).isFinished());
      }
    }
    try (Socket again = connect(address, 'W')) {
      readAtLeast(again.getInputStream(), 100_000);
    }
  }

  /** Writes without end ('W') or reads until the end ('R'); returns the failure that ended it. */
  private static Throwable serve(TcpStream s) {
    try (s) {
      ByteBuffer mode = ByteBuffer.allocate(1);
      s.readExact(mode).await();
      if (mode.get(0) == 'W') {
        ByteBuffer chunk = pattern(64 * 1024, 0);
        for (;;) {
          s.writeAll(chunk.clear()).await();
        }
      }
      ByteBuffer buf = ByteBuffer.allocate(4096);
      while (s.read(buf.clear()).await() >= 0) {
        // discard
      }
      return null;
    } catch (UncheckedIOException e) {
      return e;
    }
  }

  private static Socket connect(InetSocketAddress address, char mode) throws IOException {
    Socket s = new Socket(address.getAddress(), address.getPort());
    s.getOutputStream().write(mode);
    return s;
  }

  /** Closes with SO_LINGER 0: the peer gets a reset, not an orderly end of stream. */
  private static void reset(Socket s) throws IOException {
    s.setSoLinger(true, 0);
    s.close();
  }

  private static JoinHandle<Throwable> handler(Map<Integer, JoinHandle<Throwable>> handlers,
      Socket client) {
    int port = client.getLocalPort();
    eventually("the server accepted port " + port, () -> handlers.containsKey(port));
    return handlers.get(port);
  }

  private static void readAtLeast(InputStream in, int n) throws IOException {
    byte[] buf = new byte[64 * 1024];
    for (int got = 0; got < n; ) {
      int r = in.read(buf);
      if (r < 0) {
        throw new IOException("end of stream after " + got + " bytes");
      }
      got += r;
    }
  }

  /**
   * A reader that does not read: the writer's write waits (returns pending), having taken from
   * its buffer only what the kernel's socket buffers hold (the stream buffers nothing of its
   * own); when the reader reads, slowly, every byte arrives.
   */
  @ParameterizedTest
  @EnumSource
  void aSlowReaderMakesTheWriterWaitWithBoundedMemory(NetFlavour flavour) {
    int size = 64 << 20;
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort())) {
      run(rt, () -> {
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        try (TcpStream writer = pair.first(); TcpStream reader = pair.second()) {
          AtomicLong taken = new AtomicLong();
          AtomicInteger waits = new AtomicInteger();
          AtomicReference<Watched<Integer>> current = new AtomicReference<>();
          JoinHandle<Void> writing = Task.spawn(async(() -> {
            ByteBuffer src = pattern(size, 3);
            while (src.hasRemaining()) {
              Watched<Integer> write = new Watched<>(writer.write(src));
              current.set(write);
              int n = write.await();
              if (write.wasPending()) {
                waits.incrementAndGet();
              }
              taken.addAndGet(n);
            }
            return null;
          }));
          // Wait until the writer waits for room and takes nothing more for a while.
          long stalledAt = -1;
          for (long last = -2; stalledAt < 0; ) {
            Time.sleep(Duration.ofMillis(100)).await();
            long now = taken.get();
            Watched<Integer> write = current.get();
            if (now == last && write != null && write.wasPending()) {
              stalledAt = now;
            }
            last = now;
          }
          assertFalse(writing.isFinished(), "64 MiB went into a socket nobody reads");
          assertTrue(stalledAt < 32 << 20, "the writer took " + stalledAt + " bytes unread");
          CRC32 got = new CRC32();
          ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
          long received = 0;
          while (received < size) {
            int n = reader.read(buf.clear()).await();
            assertTrue(n > 0, "read " + n);
            got.update(buf.flip());
            received += n;
            if (received < 4 << 20) {
              Time.sleep(Duration.ofMillis(1)).await(); // slow at first
            }
          }
          writing.await();
          assertTrue(waits.get() > 0, "no write ever waited");
          CRC32 expected = new CRC32();
          expected.update(pattern(size, 3));
          assertEquals(expected.getValue(), got.getValue());
        }
        return null;
      });
    }
  }

  /**
   * Sockets closed by other threads while the runtime's selectors are busy with traffic: every
   * close waits for the selector that holds the socket and returns (none hangs, however the
   * closer races the selecting thread), the receive pending on each socket fails as closed, and
   * every descriptor is released.
   */
  @ParameterizedTest
  @EnumSource
  void closesFromOtherThreadsWhileTheSelectorsServeTrafficAllReturn(NetFlavour flavour)
      throws Exception {
    int sockets = 400;
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 64)) {
      long before = openFileDescriptors();
      BlockingQueue<UdpSocket> toClose = new LinkedBlockingQueue<>();
      List<Thread> closers = new ArrayList<>();
      AtomicInteger closed = new AtomicInteger();
      for (int i = 0; i < 3; i++) {
        closers.add(Thread.ofPlatform().name("closer-" + i).start(() -> {
          try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (closed.get() < sockets && System.nanoTime() - deadline < 0) {
              UdpSocket u = toClose.poll(10, TimeUnit.MILLISECONDS);
              if (u != null) {
                u.close();
                closed.incrementAndGet();
              }
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }));
      }
      int failedAsClosed = run(rt, () -> {
        JoinHandle<Void> server = echoServer(listener);
        JoinHandle<Long> traffic = Task.spawn(async(() -> { // keeps the selectors busy
          long n = 0;
          try (TcpStream s = TcpStream.connect(listener.localAddress()).await()) {
            ByteBuffer in = ByteBuffer.allocate(1024);
            while (closed.get() < sockets) {
              s.writeAll(pattern(1024, (int) n)).await();
              s.readExact(in.clear()).await();
              n++;
            }
          }
          return n;
        }));
        List<JoinHandle<Boolean>> receivers = new ArrayList<>();
        for (int i = 0; i < sockets; i++) {
          UdpSocket u = UdpSocket.bind(anyLoopbackPort());
          Watched<InetSocketAddress> receive = new Watched<>(u.receiveFrom(ByteBuffer.allocate(8)));
          receivers.add(Task.spawn(async(() -> {
            try {
              receive.await();
              return false;
            } catch (UncheckedIOException e) {
              return e.getCause() instanceof java.nio.channels.ClosedChannelException;
            }
          })));
          Task.spawn(async(() -> { // hand it to a closer once the receive waits
            while (!receive.wasPending()) {
              Task.yieldNow().await();
            }
            toClose.add(u);
            return null;
          }));
        }
        int ok = 0;
        for (JoinHandle<Boolean> h : receivers) {
          ok += h.await() ? 1 : 0;
        }
        assertTrue(traffic.await() > 0);
        server.abort();
        return ok;
      });
      for (Thread t : closers) {
        t.join();
      }
      assertEquals(sockets, closed.get());
      assertEquals(sockets, failedAsClosed, "receives that failed as closed");
      eventually("every descriptor is released", () -> openFileDescriptors() <= before + 2);
    }
  }

  /**
   * Thousands of connect/accept/close cycles leave no file descriptor open and no key
   * registered, as soon as the last close returned (closing makes the selector drop the key).
   */
  @ParameterizedTest
  @EnumSource
  void connectCloseCyclesLeaveNoFileDescriptorOpen(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build();
        TcpListener listener = TcpListener.bind(anyLoopbackPort(), 128)) {
      run(rt, () -> { // warm up: classes, selectors
        Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
        pair.first().close();
        pair.second().close();
        return null;
      });
      long before = openFileDescriptors();
      run(rt, () -> {
        for (int i = 0; i < 2000; i++) {
          Tuple2<TcpStream, TcpStream> pair = connectPair(listener);
          pair.first().close();
          pair.second().close();
        }
        return null;
      });
      assertEquals(before, openFileDescriptors(), "descriptors left open by closed sockets");
      assertEquals(1, IoDriverProbe.registeredKeys(rt), "keys left: only the listener's may be");
    }
  }
}
