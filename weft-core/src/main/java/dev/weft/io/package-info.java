/**
 * Asynchronous byte streams and framing: {@link dev.weft.io.AsyncRead} and
 * {@link dev.weft.io.AsyncWrite} (tokio's traits), {@link dev.weft.io.Io#copy} and
 * {@link dev.weft.io.Io#copyBidirectional}, buffered readers and writers
 * ({@link dev.weft.io.BufReader} reads lines), and codecs that turn a byte stream into a
 * {@link dev.weft.stream.Stream} of frames ({@link dev.weft.io.Framed} with a
 * {@link dev.weft.io.LinesCodec}, a {@link dev.weft.io.LengthDelimitedCodec} or a codec of your
 * own).
 *
 * <pre>{@code
 * try (TcpStream s = TcpStream.connect(address).await()) {
 *   Framed<String, String> lines = Framed.of(s, new LinesCodec());
 *   lines.send("hello").await();
 *   Optional<String> reply = lines.next().await();
 * }
 * }</pre>
 *
 * <p>{@link dev.weft.io.Io#duplex} makes two connected in-memory streams, each end an
 * {@code AsyncRead} and an {@code AsyncWrite} with back-pressure: a socket without the network,
 * for tests of protocol code or to connect two tasks.
 *
 * <p>I/O failures are {@link java.io.UncheckedIOException}s whose cause is the original
 * {@link java.io.IOException}. Nothing here needs a runtime by itself (the duplex pair works
 * under {@code Futures.blockOn} too): the sockets of {@code dev.weft.net} and the files of
 * {@code dev.weft.fs} do. Reading lines ({@code BufReader.readLine()}, {@code lines()}) and
 * frames ({@code Framed.next()}) is cancel-safe: a partial line or frame stays buffered for the
 * next call.
 *
 * <p>Depends on {@code dev.weft.future}, {@code dev.weft.stream} and {@code dev.weft.internal}.
 */
package dev.weft.io;
