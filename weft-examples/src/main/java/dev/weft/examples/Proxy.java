package dev.weft.examples;

import static dev.weft.future.Async.async;

import dev.weft.future.Tuple2;
import dev.weft.io.Framed;
import dev.weft.io.Io;
import dev.weft.io.LinesCodec;
import dev.weft.net.TcpListener;
import dev.weft.net.TcpStream;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A TCP proxy: for each client it connects to the upstream server and copies bytes both ways
 * with {@code Io.copyBidirectional} until both sides are done (tokio's
 * {@code copy_bidirectional}). Here the upstream answers each line in capitals, and one client
 * talks to it through the proxy.
 */
final class Proxy {
  private Proxy() {}

  static final List<String> LINES = List.of("through the proxy", "and back again");

  /** Upstream: a line server that answers each line in capitals. */
  static JoinHandle<Void> upstream(TcpListener listener) {
    return Task.spawn(async(() -> {
      try (Framed<String, String> lines = Framed.of(listener.accept().await(), new LinesCodec())) {
        Optional<String> line;
        while ((line = lines.next().await()).isPresent()) {
          lines.send(line.get().toUpperCase(Locale.ROOT)).await();
        }
      }
      return null;
    }));
  }

  /** The proxy: one client, copied to a fresh upstream connection both ways. */
  static JoinHandle<Tuple2<Long, Long>> proxy(TcpListener listener, InetSocketAddress target) {
    return Task.spawn(async(() -> {
      try (TcpStream client = listener.accept().await();
          TcpStream server = TcpStream.connect(target).await()) {
        return Io.copyBidirectional(client, client, server, server).await();
      }
    }));
  }

  static void run() {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    try (AsyncRuntime rt = AsyncRuntime.builder().multiThread().workers(2).build();
        TcpListener upstreamListener = TcpListener.bind(any);
        TcpListener proxyListener = TcpListener.bind(any)) {
      Tuple2<Long, Long> copied = rt.blockOn(async(() -> {
        JoinHandle<Void> upstream = upstream(upstreamListener);
        JoinHandle<Tuple2<Long, Long>> proxy =
            proxy(proxyListener, upstreamListener.localAddress());
        TcpStream toProxy = TcpStream.connect(proxyListener.localAddress()).await();
        try (Framed<String, String> lines = Framed.of(toProxy, new LinesCodec())) {
          for (String l : LINES) {
            lines.send(l).await();
            System.out.println("client: \"" + l + "\" -> \"" + lines.next().await().orElseThrow()
                + "\"");
          }
          toProxy.shutdown().await(); // done sending: the proxy passes the half-close on
          System.out.println("client: upstream closed after us: " + lines.next().await().isEmpty());
        }
        upstream.await();
        return proxy.await();
      }));
      System.out.println("proxy: copied " + copied.first() + " bytes client->upstream and "
          + copied.second() + " bytes upstream->client");
    }
  }

  public static void main(String[] args) {
    run();
  }
}
