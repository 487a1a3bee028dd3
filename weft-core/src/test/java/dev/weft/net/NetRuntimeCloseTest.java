package dev.weft.net;

import static dev.weft.future.Async.async;
import static dev.weft.net.NetTesting.anyLoopbackPort;
import static dev.weft.net.NetTesting.channelOf;
import static dev.weft.net.NetTesting.eventually;
import static dev.weft.net.NetTesting.eventuallyAsync;
import static dev.weft.net.NetTesting.liveThreads;
import static dev.weft.net.NetTesting.openFileDescriptors;
import static dev.weft.net.NetTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Futures;
import dev.weft.net.NetTesting.Watched;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.IoDriverProbe;
import dev.weft.runtime.Task;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Closing a runtime whose sockets are still open and waiting. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class NetRuntimeCloseTest {

  /**
   * Connections open, reads and an accept pending: close() cancels the tasks (those that hold
   * their stream in try-with-resources close it: the peer reads the end), joins every thread,
   * and leaves no channel registered; the streams nobody closed are closed afterwards and every
   * descriptor is released.
   */
  @ParameterizedTest
  @EnumSource
  void closingTheRuntimeWithConnectionsOpenLeavesNoThreadAndNoRegisteredKey(NetFlavour flavour)
      throws IOException {
    closeWithConnectionsOpen(flavour, true);
  }

  /**
   * The JDK opens a few descriptors once per process, on first use (a socket it uses to close a
   * channel that another thread may be blocked in): the scenario runs once before any count.
   */
  @BeforeAll
  static void warmUp() throws IOException {
    closeWithConnectionsOpen(NetFlavour.CURRENT_THREAD, false);
  }

  private static void closeWithConnectionsOpen(NetFlavour flavour, boolean countDescriptors)
      throws IOException {
    long descriptorsBefore = openFileDescriptors();
    String prefix = flavour.newPrefix();
    AsyncRuntime rt = flavour.build(prefix);
    TcpListener listener = TcpListener.bind(anyLoopbackPort(), 64);
    InetSocketAddress address = listener.localAddress();
    List<Socket> peers = new ArrayList<>();
    List<TcpStream> leftOpen = new CopyOnWriteArrayList<>();
    List<TcpStream> served = new CopyOnWriteArrayList<>();
    AtomicInteger pending = new AtomicInteger();
    run(rt, () -> {
      Task.spawn(async(() -> { // the accept loop: one reading task per connection
        for (;;) {
          TcpStream s = listener.accept().await();
          served.add(s);
          Task.spawn(async(() -> {
            try (s) {
              Watched<Integer> read = new Watched<>(s.read(ByteBuffer.allocate(16)));
              Task.spawn(async(() -> {
                eventuallyAsync("the read is pending", read::wasPending);
                pending.incrementAndGet();
                return null;
              }));
              return read.await();
            }
          }));
        }
      }));
      for (int i = 0; i < 8; i++) {
        peers.add(new Socket(address.getAddress(), address.getPort())); // loopback: at once
      }
      for (int i = 0; i < 4; i++) { // streams no task closes, with a read pending on each
        TcpStream s = TcpStream.connect(address).await();
        leftOpen.add(s);
        Watched<Integer> read = new Watched<>(s.read(ByteBuffer.allocate(16)));
        Task.spawn(read);
        eventuallyAsync("the read is pending", read::wasPending);
      }
      eventuallyAsync("every served read is pending", () -> pending.get() == 8 + 4);
      return null;
    });
    assertTrue(IoDriverProbe.registeredKeys(rt) >= 1 + 12 + 4,
        IoDriverProbe.registeredKeys(rt) + " keys");

    rt.close();

    assertEquals(List.of(), liveThreads(prefix), "threads of the closed runtime still alive");
    assertEquals(0, IoDriverProbe.registeredKeys(rt));
    assertFalse(channelOf(listener).isRegistered());
    for (TcpStream s : served) {
      assertFalse(channelOf(s).isRegistered(), s.toString());
      assertFalse(channelOf(s).isOpen(), "a cancelled task did not close its stream " + s);
    }
    for (TcpStream s : leftOpen) {
      assertFalse(channelOf(s).isRegistered(), s.toString());
      assertTrue(channelOf(s).isOpen(), "closing the runtime closed a stream " + s);
      assertThrows(IllegalStateException.class,
          () -> Futures.blockOn(s.read(ByteBuffer.allocate(1))));
    }
    for (Socket peer : peers) {
      peer.setSoTimeout(20_000);
      assertEquals(-1, peer.getInputStream().read(), "the served stream was not closed");
    }
    // The rest is closed by its owner: everything is released now.
    leftOpen.forEach(TcpStream::close);
    listener.close();
    for (Socket peer : peers) {
      peer.close();
    }
    assertThrows(IllegalStateException.class, () -> rt.blockOn(Futures.ready(1)));
    if (!countDescriptors) {
      return;
    }
    eventually("every descriptor is released (" + descriptorsBefore + " before, "
        + openFileDescriptors() + " at the first look)",
        () -> openFileDescriptors() <= descriptorsBefore);
  }
}
