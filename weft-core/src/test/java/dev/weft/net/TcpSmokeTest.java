package dev.weft.net;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TcpSmokeTest {
  static AsyncRuntime runtime(String kind) {
    return switch (kind) {
      case "ct" -> AsyncRuntime.currentThread();
      case "mt" -> AsyncRuntime.builder().multiThread().workers(2).build();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"ct", "mt"})
  void manyClientsEchoThroughOneServer(String kind) {
    try (AsyncRuntime rt = runtime(kind);
        TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
      InetSocketAddress addr = listener.localAddress();
      long total = rt.blockOn(async(() -> {
        Task.spawn(async(() -> {
          for (;;) {
            TcpStream s = listener.accept().await();
            Task.spawn(async(() -> {
              try (s) {
                ByteBuffer buf = ByteBuffer.allocate(4096);
                for (;;) {
                  buf.clear();
                  int n = s.read(buf).await();
                  if (n < 0) {
                    return null;
                  }
                  buf.flip();
                  s.writeAll(buf).await();
                }
              }
            }));
          }
        }));
        List<JoinHandle<Long>> clients = new ArrayList<>();
        for (int c = 0; c < 50; c++) {
          clients.add(Task.spawn(async(() -> {
            long sum = 0;
            try (TcpStream s = TcpStream.connect(addr).await()) {
              ByteBuffer out = ByteBuffer.allocate(64);
              ByteBuffer in = ByteBuffer.allocate(64);
              for (int i = 0; i < 200; i++) {
                out.clear();
                while (out.hasRemaining()) {
                  out.put((byte) i);
                }
                out.flip();
                s.writeAll(out).await();
                in.clear();
                s.readExact(in).await();
                sum += in.get(0);
              }
            }
            return sum;
          })));
        }
        long all = 0;
        for (JoinHandle<Long> h : clients) {
          all += h.await();
        }
        return all;
      }));
      long perClient = 0;
      for (int i = 0; i < 200; i++) {
        perClient += (byte) i;
      }
      assertEquals(50 * perClient, total);
    }
  }
}
