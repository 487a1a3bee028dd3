/**
 * Asynchronous byte streams and framing: {@link dev.weft.io.AsyncRead} and
 * {@link dev.weft.io.AsyncWrite} (tokio's traits), {@code Io.copy}, buffered readers
 * and writers, and codecs that turn a byte stream into a {@link dev.weft.stream.Stream} of frames
 * ({@code Framed}).
 *
 * <pre>{@code
 * try (TcpStream s = TcpStream.connect(address).await()) {
 *   Framed<String, String> lines = Framed.of(s, new LinesCodec());
 *   lines.send("hello").await();
 *   Optional<String> reply = lines.next().await();
 * }
 * }</pre>
 *
 * <p>I/O failures are {@link java.io.UncheckedIOException}s whose cause is the original
 * {@link java.io.IOException}. Nothing here needs a runtime by itself: the sockets of
 * {@code dev.weft.net} and the files of {@code dev.weft.fs} do.
 *
 * <p>Depends on {@code dev.weft.future}, {@code dev.weft.stream} and {@code dev.weft.internal}.
 */
package dev.weft.io;
