package dev.weft.io;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Tuple2;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.JoinHandle;
import dev.weft.runtime.Task;
import dev.weft.time.Time;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Io#duplex} under load on the real runtimes: 32 MiB through a duplex pair and a relay
 * ({@link Io#copy}) with writes and reads of random sizes on the multi-thread runtime, checked
 * by CRC-32 and count, and back-pressure keeping a fast writer within the capacity of a slow
 * reader.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class DuplexStressTest {
  private static final int MIB = 1024 * 1024;

  /** Writes {@code total} pseudo-random bytes in chunks of random sizes; returns their CRC-32. */
  private static long writeRandom(DuplexStream out, long total, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    CRC32 crc = new CRC32();
    byte[] chunk = new byte[64 * 1024];
    long left = total;
    while (left > 0) {
      int n = (int) Math.min(left, 1 + random.nextInt(chunk.length));
      for (int i = 0; i < n; i++) {
        chunk[i] = (byte) random.nextInt();
      }
      crc.update(chunk, 0, n);
      out.writeAll(ByteBuffer.wrap(chunk, 0, n)).await();
      left -= n;
    }
    out.shutdown().await();
    return crc.getValue();
  }

  /** Reads to the end in reads of random sizes; returns (bytes read, their CRC-32). */
  private static Tuple2<Long, Long> readAll(DuplexStream in, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    CRC32 crc = new CRC32();
    ByteBuffer dst = ByteBuffer.allocate(50_000);
    long count = 0;
    for (;;) {
      dst.clear().limit(1 + random.nextInt(dst.capacity()));
      int n = in.read(dst).await();
      if (n < 0) {
        return new Tuple2<>(count, crc.getValue());
      }
      crc.update(dst.array(), 0, n);
      count += n;
    }
  }

  @Test
  void thirtyTwoMegabytesThroughADuplexAndARelayArriveIntactOnTheMultiThreadRuntime() {
    long total = 32L * MIB;
    try (AsyncRuntime rt = Flavour.MULTI_THREAD.build()) {
      for (long seed : new long[] {1, 2}) {
        Tuple2<Long, Tuple2<Long, Long>> result = rt.blockOn(rt.spawn(async(() -> {
          Io.Duplex first = Io.duplex(4096 + (int) seed * 1000);
          Io.Duplex second = Io.duplex(64 * 1024);
          JoinHandle<Long> writer =
              Task.spawn(async(() -> writeRandom(first.client(), total, seed)));
          JoinHandle<Long> relay = Task.spawn(async(() -> {
            long n = Io.copy(first.server(), second.client()).await();
            second.client().shutdown().await();
            return n;
          }));
          JoinHandle<Tuple2<Long, Long>> reader =
              Task.spawn(async(() -> readAll(second.server(), seed + 100)));
          long written = writer.await();
          assertEquals(total, relay.await(), "the relay counted every byte");
          return new Tuple2<>(written, reader.await());
        })));
        assertEquals(total, result.second().first(), "bytes read");
        assertEquals(result.first(), result.second().second(),
            "CRC-32 of what was written and what was read");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void eightMegabytesEachWayAtOnceArriveIntact(Flavour flavour) {
    long total = 8L * MIB;
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex pipe = Io.duplex(10_000);
        JoinHandle<Long> up = Task.spawn(async(() -> writeRandom(pipe.client(), total, 5)));
        JoinHandle<Long> down = Task.spawn(async(() -> writeRandom(pipe.server(), total, 6)));
        JoinHandle<Tuple2<Long, Long>> serverReads =
            Task.spawn(async(() -> readAll(pipe.server(), 7)));
        Tuple2<Long, Long> clientReads = readAll(pipe.client(), 8);
        assertEquals(new Tuple2<>(total, up.await()), serverReads.await());
        assertEquals(new Tuple2<>(total, down.await()), clientReads);
        return null;
      })));
    }
  }

  @ParameterizedTest
  @EnumSource(Flavour.class)
  void aWriterFasterThanItsReaderStaysWithinTheCapacity(Flavour flavour) {
    int capacity = 64 * 1024;
    int readSize = 1000;
    long total = 4L * MIB;
    AtomicLong written = new AtomicLong();
    AtomicLong read = new AtomicLong();
    AtomicLong mostAhead = new AtomicLong();
    AtomicLong mostAllocated = new AtomicLong();
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex pipe = Io.duplex(capacity);
        JoinHandle<Void> writer = Task.spawn(async(() -> {
          ByteBuffer chunk = ByteBuffer.allocate(256 * 1024);
          while (written.get() < total) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), total - written.get()));
            int n = pipe.client().write(chunk).await();
            long ahead = written.addAndGet(n) - read.get();
            mostAhead.accumulateAndGet(ahead, Math::max);
            mostAllocated.accumulateAndGet(pipe.client().allocatedBytes(), Math::max);
          }
          pipe.client().shutdown().await();
          return null;
        }));
        ByteBuffer dst = ByteBuffer.allocate(readSize);
        int n;
        int reads = 0;
        while ((n = pipe.server().read(dst.clear()).await()) > 0) {
          read.addAndGet(n);
          if (++reads % 512 == 0) {
            Time.sleep(Duration.ofMillis(1)).await(); // a slow reader
          }
        }
        writer.await();
        return null;
      })));
    }
    assertEquals(total, read.get());
    assertTrue(mostAhead.get() <= capacity + readSize,
        "the writer ran at most the capacity ahead of the reader: " + mostAhead.get());
    assertTrue(mostAllocated.get() <= capacity, "memory: " + mostAllocated.get());
    assertTrue(mostAhead.get() >= capacity / 2, "the writer did fill the pipe: " + mostAhead.get());
  }

  @Test
  void randomWritesAndReadsOfOnePairOnTheMultiThreadRuntimeKeepTheOrder() {
    try (AsyncRuntime rt = Flavour.MULTI_THREAD.build()) {
      int count = 200_000;
      long sum = rt.blockOn(rt.spawn(async(() -> {
        Io.Duplex pipe = Io.duplex(7);
        Task.spawn(async(() -> {
          Random random = new Random(9);
          ByteBuffer ints = ByteBuffer.allocate(4 * 64);
          int next = 0;
          while (next < count) {
            ints.clear();
            int batch = Math.min(count - next, 1 + random.nextInt(64));
            for (int i = 0; i < batch; i++) {
              ints.putInt(next++);
            }
            pipe.client().writeAll(ints.flip()).await();
          }
          pipe.client().close();
          return null;
        }));
        ByteBuffer four = ByteBuffer.allocate(4);
        long s = 0;
        int expected = 0;
        while (true) {
          four.clear();
          int n = pipe.server().read(four).await();
          if (n < 0) {
            break;
          }
          while (four.hasRemaining()) {
            int more = pipe.server().read(four).await();
            assertTrue(more > 0, "an int cut by the end of the stream");
          }
          int v = four.flip().getInt();
          assertEquals(expected++, v);
          s += v;
        }
        assertEquals(count, expected);
        return s;
      })));
      assertEquals((long) count * (count - 1) / 2, sum);
    }
  }
}
