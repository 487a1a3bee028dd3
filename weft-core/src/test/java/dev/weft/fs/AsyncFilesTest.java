package dev.weft.fs;

import static dev.weft.future.Async.async;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.stream.Stream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link AsyncFiles}: the whole-file calls, {@code lines}, and the rules every call keeps. */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AsyncFilesTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource
  void bytesAndStringsRoundTrip(Flavour flavour) throws IOException {
    Path bin = dir.resolve("bin");
    Path text = dir.resolve("text");
    byte[] bytes = new byte[100_000];
    new Random(1).nextBytes(bytes);
    String s = "grüße, 世界, 😀\r\nsecond line";
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(async(() -> {
        AsyncFiles.write(bin, bytes).await();
        assertArrayEquals(bytes, AsyncFiles.readAllBytes(bin).await());
        AsyncFiles.writeString(text, new StringBuilder(s)).await();
        assertEquals(s, AsyncFiles.readString(text).await());
        AsyncFiles.writeString(text, "!", APPEND).await();
        assertEquals(s + "!", AsyncFiles.readString(text).await());
        AsyncFiles.write(bin, new byte[] {1, 2}).await(); // no options: truncates
        assertArrayEquals(new byte[] {1, 2}, AsyncFiles.readAllBytes(bin).await());
        return null;
      }));
    }
    assertEquals(s + "!", Files.readString(text));
  }

  @ParameterizedTest
  @EnumSource
  void linesOfAFileBiggerThanTheChunkAreThoseOfFilesLines(Flavour flavour) throws IOException {
    Path p = dir.resolve("lines");
    int chunk = LinesStream.CHUNK;
    // A \r\n cut by the first chunk boundary, a 4-byte character by the second one.
    StringBuilder sb = new StringBuilder();
    sb.append("a".repeat(chunk - 1)).append("\r\n");
    sb.append("b".repeat(2 * chunk - 2 - sb.length())).append("😀\n");
    Random r = new Random(7);
    String[] ends = {"\n", "\r", "\r\n", "\r\n"};
    String[] words = {"alpha", "", "béta", "γάμμα", "日本語", "😀", "x".repeat(300)};
    while (sb.length() < 5 * chunk) {
      sb.append(words[r.nextInt(words.length)]).append(ends[r.nextInt(ends.length)]);
    }
    sb.append("the last line, without terminator");
    byte[] bytes = sb.toString().getBytes(UTF_8);
    Files.write(p, bytes);
    List<String> expected;
    try (java.util.stream.Stream<String> lines = Files.lines(p)) {
      expected = lines.toList();
    }
    assertTrue(expected.size() > 1000, "a file of many lines: " + expected.size());
    try (AsyncRuntime rt = flavour.build()) {
      assertEquals(expected, rt.blockOn(AsyncFiles.lines(p).collectList()));
    }
  }

  @ParameterizedTest
  @EnumSource
  void linesReadsTheFileChunkByChunkNeverWhole(Flavour flavour) throws IOException {
    Path p = dir.resolve("chunks");
    int chunks = 6;
    Files.writeString(p, ("0123456789abcde\n").repeat(chunks * LinesStream.CHUNK / 16));
    try (AsyncRuntime rt = flavour.build(); GatedSpawner counting = new GatedSpawner()) {
      counting.open();
      Stream<String> lines = new LinesStream(p, counting);
      assertEquals(Optional.of("0123456789abcde"), rt.blockOn(lines.next()));
      assertEquals(2, counting.spawned(), "the open, then one read of the first chunk only");
      assertEquals(chunks * LinesStream.CHUNK / 16 - 1, rt.blockOn(lines.count()));
      assertEquals(1 + chunks + 1, counting.spawned(), "the open, a read a chunk, the end");
    }
  }

  @Test
  void linesSplitsEveryShapeOfTerminatorAsFilesLines() throws IOException {
    String[] contents = {"", "\n", "\r", "\r\n", "a", "a\n", "a\r", "a\r\n", "\n\n", "\r\r",
        "\n\r", "a\r\r\nb", "a\n\rb\r\n\r\nc", "\r\n\r\n", "x\ny\rz\r\nw"};
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      for (String c : contents) {
        Path p = dir.resolve("shape");
        Files.writeString(p, c);
        List<String> expected;
        try (java.util.stream.Stream<String> lines = Files.lines(p)) {
          expected = lines.toList();
        }
        assertEquals(expected, rt.blockOn(AsyncFiles.lines(p).collectList()),
            () -> "lines of " + c.replace("\r", "\\r").replace("\n", "\\n"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource
  void malformedUtf8FailsLinesAndReadStringAsFilesDoes(Flavour flavour) throws IOException {
    Path p = dir.resolve("bad");
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (int i = 0; content.size() < 3 * LinesStream.CHUNK; i++) {
      content.write(("line " + i + "\n").getBytes(UTF_8));
    }
    content.write(new byte[] {'o', 'k', (byte) 0xC3, '(', '\n', 'x'}); // 0xC3 needs a follower
    Files.write(p, content.toByteArray());
    List<String> before = new ArrayList<>();
    UncheckedIOException expected = assertThrows(UncheckedIOException.class, () -> {
      try (java.util.stream.Stream<String> lines = Files.lines(p)) {
        lines.forEach(before::add);
      }
    });
    assertInstanceOf(MalformedInputException.class, expected.getCause());
    try (AsyncRuntime rt = flavour.build()) {
      Stream<String> lines = AsyncFiles.lines(p);
      List<String> got = new ArrayList<>();
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
        for (Optional<String> l; (l = rt.blockOn(lines.next())).isPresent(); ) {
          got.add(l.get());
        }
      });
      assertInstanceOf(MalformedInputException.class, e.getCause());
      assertTrue(got.size() > 1000, "the lines before the malformed chunk: " + got.size());
      assertEquals(before.subList(0, Math.min(before.size(), got.size())),
          got.subList(0, Math.min(before.size(), got.size())));
      assertSame(e, assertThrows(UncheckedIOException.class, () -> rt.blockOn(lines.next())),
          "a failed stream keeps failing");
      assertInstanceOf(MalformedInputException.class, assertThrows(UncheckedIOException.class,
          () -> rt.blockOn(AsyncFiles.readString(p))).getCause());
    }
  }

  @ParameterizedTest
  @EnumSource
  void aMissingFileFailsWithNoSuchFileException(Flavour flavour) {
    Path missing = dir.resolve("missing");
    List<Supplier<Future<?>>> calls = List.of(
        () -> AsyncFiles.readAllBytes(missing),
        () -> AsyncFiles.readString(missing),
        () -> AsyncFiles.open(missing),
        () -> AsyncFiles.open(missing, READ, WRITE),
        () -> AsyncFiles.write(missing, new byte[1], WRITE), // no CREATE
        () -> AsyncFiles.lines(missing).next());
    try (AsyncRuntime rt = flavour.build()) {
      for (Supplier<Future<?>> call : calls) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
            () -> rt.blockOn(call.get()));
        assertInstanceOf(NoSuchFileException.class, e.getCause());
        assertEquals(missing.toString(), ((NoSuchFileException) e.getCause()).getFile());
        assertInstanceOf(NoSuchFileException.class, rt.blockOn(async(() -> {
          try {
            call.get().await();
            return null;
          } catch (UncheckedIOException thrown) { // await() throws it as it is
            return thrown.getCause();
          }
        })));
      }
    }
    assertFalse(Files.exists(missing));
  }

  @Test
  void pollingOutsideARuntimeThrowsIllegalStateExceptionNamingAsyncRuntime() throws IOException {
    Path p = dir.resolve("f");
    Files.writeString(p, "content");
    List<Supplier<Future<?>>> calls = List.of(
        () -> AsyncFiles.readAllBytes(p),
        () -> AsyncFiles.readString(p),
        () -> AsyncFiles.write(p, new byte[1]),
        () -> AsyncFiles.writeString(p, "x"),
        () -> AsyncFiles.open(p),
        () -> AsyncFiles.lines(p).next());
    for (Supplier<Future<?>> call : calls) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> Futures.blockOn(call.get()));
      assertTrue(e.getMessage().contains("AsyncRuntime"), e.getMessage());
    }
    assertEquals("content", Files.readString(p), "nothing was written");
  }

  @Test
  void callsAreLazyAndNeedNoRuntime() throws IOException {
    Path p = dir.resolve("lazy");
    Future<Void> write = AsyncFiles.write(p, new byte[] {1});
    Future<Void> writeString = AsyncFiles.writeString(p, "x");
    Future<AsyncFile> open = AsyncFiles.open(p, WRITE, CREATE);
    Stream<String> lines = AsyncFiles.lines(p);
    Future<byte[]> read = AsyncFiles.readAllBytes(p);
    assertFalse(Files.exists(p), "a call did I/O before its first poll");
    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      rt.blockOn(writeString);
      assertEquals("x", Files.readString(p));
      write.cancel(); // never polled: never runs
      open.cancel();
      lines.cancel();
      assertArrayEquals(new byte[] {'x'}, rt.blockOn(read));
    }
    assertEquals("x", Files.readString(p));
  }

  @Test
  void argumentsAreCheckedAtTheCall() {
    Path p = dir.resolve("args");
    byte[] b = new byte[1];
    List<Executable> nulls = List.of(
        () -> AsyncFiles.readAllBytes(null),
        () -> AsyncFiles.readString(null),
        () -> AsyncFiles.write(null, b),
        () -> AsyncFiles.write(p, null),
        () -> AsyncFiles.write(p, b, (OpenOption[]) null),
        () -> AsyncFiles.write(p, b, WRITE, null),
        () -> AsyncFiles.writeString(null, "x"),
        () -> AsyncFiles.writeString(p, null),
        () -> AsyncFiles.lines(null),
        () -> AsyncFiles.open(null),
        () -> AsyncFiles.open(p, (OpenOption) null));
    for (Executable call : nulls) {
      assertThrows(NullPointerException.class, call);
    }
    // What FileChannel.open and Files.write would refuse when they run: refused now.
    assertThrows(IllegalArgumentException.class, () -> AsyncFiles.open(p, READ, APPEND));
    assertThrows(IllegalArgumentException.class,
        () -> AsyncFiles.open(p, APPEND, TRUNCATE_EXISTING));
    assertThrows(IllegalArgumentException.class, () -> AsyncFiles.write(p, b, READ));
    assertThrows(IllegalArgumentException.class, () -> AsyncFiles.writeString(p, "x", READ));
    assertThrows(IllegalArgumentException.class,
        () -> AsyncFiles.write(p, b, APPEND, TRUNCATE_EXISTING));
    assertFalse(Files.exists(p));
  }

  @ParameterizedTest
  @EnumSource
  void theBytesGivenToWriteAreCopiedAtTheCall(Flavour flavour) throws IOException {
    Path p = dir.resolve("copy");
    byte[] b = {1, 2, 3};
    Future<Void> write = AsyncFiles.write(p, b);
    b[0] = 9;
    try (AsyncRuntime rt = flavour.build()) {
      rt.blockOn(write);
    }
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(p));
  }
}
