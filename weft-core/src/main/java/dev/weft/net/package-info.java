/**
 * Networking on the runtime's I/O driver: {@link dev.weft.net.TcpListener},
 * {@link dev.weft.net.TcpStream} and {@link dev.weft.net.UdpSocket} (tokio's {@code net}).
 *
 * <pre>{@code
 * try (AsyncRuntime rt = AsyncRuntime.multiThread();
 *      TcpListener listener = TcpListener.bind(new InetSocketAddress("127.0.0.1", 0))) {
 *   rt.blockOn(async(() -> {
 *     for (TcpStream s : listener.incoming().asIterable()) {
 *       Task.spawn(async(() -> {          // one task per connection
 *         try (s) {
 *           Io.copy(s, s).await();          // echo
 *         }
 *         return null;
 *       }));
 *     }
 *     return null;
 *   }));
 * }
 * }</pre>
 *
 * <p>Sockets are made and bound anywhere; their futures need a runtime (either flavour) and the
 * socket then belongs to the runtime that first polled it. Readiness comes from a
 * {@code java.nio.channels.Selector} that the runtime waits in when it has nothing to run, one
 * per worker or one shared. I/O failures are {@link java.io.UncheckedIOException}s whose cause
 * is the original {@link java.io.IOException}.
 *
 * <p>Depends on {@code dev.weft.future}, {@code .stream}, {@code .io}, {@code .time},
 * {@code .runtime} (the blocking pool, for name lookups) and {@code dev.weft.internal}.
 */
package dev.weft.net;
