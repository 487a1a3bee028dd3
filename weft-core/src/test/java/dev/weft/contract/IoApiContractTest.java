package dev.weft.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.future.Poll;
import dev.weft.future.Tuple2;
import dev.weft.future.Waker;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import dev.weft.io.BufReader;
import dev.weft.io.BufWriter;
import dev.weft.io.Codec;
import dev.weft.io.CorruptFrameException;
import dev.weft.io.Decoder;
import dev.weft.io.DuplexStream;
import dev.weft.io.Encoder;
import dev.weft.io.Framed;
import dev.weft.io.Io;
import dev.weft.io.LengthDelimitedCodec;
import dev.weft.io.LinesCodec;
import dev.weft.io.WriteBuffer;
import dev.weft.stream.Stream;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The {@code dev.weft.io} part of the API contract as a program (as {@link ApiContractTest} is
 * for the other packages): every listed type and member used with the exact types stated, from
 * outside the library's packages, so a drifted name or signature stops the build. The duplex
 * pair, which needs no runtime, lets the behaviours run under {@code Futures.blockOn}.
 */
class IoApiContractTest {

  @Test
  void ioPackageNamesAndTypes() throws Exception {
    Io.Duplex pair = Io.duplex(1024);
    DuplexStream a = pair.client();
    DuplexStream b = pair.server();
    AsyncRead aRead = a;
    AsyncWrite aWrite = a;
    AutoCloseable closeable = a;

    Poll<Integer> polled = b.pollRead(Context.of(Waker.noop()), ByteBuffer.allocate(1));
    assertTrue(!polled.isReady());
    Future<Integer> write = aWrite.write(ByteBuffer.wrap(new byte[] {1}));
    Future<Void> writeAll = aWrite.writeAll(ByteBuffer.wrap(new byte[] {2, 3}));
    Future<Void> flush = aWrite.flush();
    Future<Integer> read = b.read(ByteBuffer.allocate(1));
    Future<Void> readExact = b.readExact(ByteBuffer.allocate(2));
    assertEquals(1, Futures.blockOn(write));
    Futures.blockOn(writeAll);
    Futures.blockOn(flush);
    assertEquals(1, Futures.blockOn(read));
    Futures.blockOn(readExact);
    Future<Void> shutdown = aWrite.shutdown();
    Futures.blockOn(shutdown);

    Future<Long> copy = Io.copy(b, new BufWriter(b));
    Future<Tuple2<Long, Long>> both = Io.copyBidirectional(aRead, aWrite, b, b);
    copy.cancel();
    both.cancel();

    Io.Duplex lines = Io.duplex(64);
    BufReader reader = new BufReader(lines.server());
    BufReader reader2 = new BufReader(lines.server(), 16);
    BufWriter writer = new BufWriter(lines.client());
    BufWriter writer2 = new BufWriter(lines.client(), 16);
    AsyncRead asRead = reader2;
    AsyncWrite asWrite = writer2;
    Futures.blockOn(writer.writeAll(ByteBuffer.wrap("x\r\ny".getBytes())));
    Futures.blockOn(writer.shutdown());
    Future<Optional<String>> line = reader.readLine();
    Stream<String> rest = reader.lines();
    assertEquals(Optional.of("x"), Futures.blockOn(line));
    assertEquals(List.of("y"), Futures.blockOn(rest.collectList()));

    RuntimeException corrupt = new CorruptFrameException("bad");
    Decoder<String> decoder = new LinesCodec();
    Encoder<String> encoder = new LinesCodec(10);
    Codec<String, String> linesCodec = new LinesCodec();
    Codec<byte[], byte[]> lengthCodec = new LengthDelimitedCodec();
    Codec<byte[], byte[]> lengthCodec2 = new LengthDelimitedCodec(100);
    Optional<String> decoded = decoder.decode(ByteBuffer.wrap("a\n".getBytes()));
    Optional<String> decodedAtEof = decoder.decodeEof(ByteBuffer.wrap("b".getBytes()));
    assertEquals(Optional.of("a"), decoded);
    assertEquals(Optional.of("b"), decodedAtEof);

    WriteBuffer out = new WriteBuffer();
    WriteBuffer out2 = new WriteBuffer(8);
    WriteBuffer chained = out.put((byte) 1).put(new byte[] {2}).put(new byte[] {3, 4}, 1, 1)
        .put(ByteBuffer.wrap(new byte[] {5})).putInt(6).putUtf8("7");
    int size = chained.size();
    byte[] bytes = chained.toByteArray();
    assertArrayEquals(new byte[] {1, 2, 4, 5, 0, 0, 0, 6, '7'}, bytes);
    assertEquals(9, size);
    encoder.encode("e", out2);
    assertEquals(2, out2.size());

    Io.Duplex framedPair = Io.duplex(1024);
    Framed<String, String> client = Framed.of(framedPair.client(), linesCodec);
    Framed<byte[], byte[]> split =
        Framed.of(framedPair.server(), framedPair.server(), lengthCodec2);
    Stream<String> asStream = client;
    AutoCloseable asCloseable = client;
    Future<Void> send = client.send("hi");
    Future<Void> feed = client.feed("there");
    Future<Void> flushed = client.flush();
    Futures.blockOn(send);
    Futures.blockOn(feed);
    Futures.blockOn(flushed);
    Framed<String, String> server = Framed.of(framedPair.server(), new LinesCodec());
    assertEquals(Optional.of("hi"), Futures.blockOn(server.next()));
    client.close();
    split.close();
    server.close();
    assertTrue(lengthCodec.decode(ByteBuffer.allocate(0)).isEmpty());
    closeable.close();
    assertTrue(corrupt.getMessage().equals("bad") && asRead != null && asWrite != null
        && asStream != null && asCloseable != null);
  }

  @Test
  void everyListedIoTypeIsPublicAndTheClassesAreFinalWhereListedSo() {
    for (Class<?> t : List.of(AsyncRead.class, AsyncWrite.class, Io.class, BufReader.class,
        BufWriter.class, CorruptFrameException.class, Decoder.class, WriteBuffer.class,
        Encoder.class, Codec.class, Framed.class, LinesCodec.class, LengthDelimitedCodec.class)) {
      assertTrue(Modifier.isPublic(t.getModifiers()), t + " is public");
    }
    for (Class<?> t : List.of(Io.class, BufReader.class, BufWriter.class, WriteBuffer.class,
        Framed.class, LinesCodec.class, LengthDelimitedCodec.class)) {
      assertTrue(Modifier.isFinal(t.getModifiers()), t + " is final");
    }
    assertTrue(RuntimeException.class.isAssignableFrom(CorruptFrameException.class));
  }
}
