package dev.weft.contract;

import static dev.weft.future.Async.async;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.fs.AsyncFile;
import dev.weft.fs.AsyncFiles;
import dev.weft.future.Future;
import dev.weft.io.AsyncRead;
import dev.weft.io.AsyncWrite;
import dev.weft.runtime.AsyncRuntime;
import dev.weft.stream.Stream;
import java.lang.reflect.Modifier;
import java.nio.ByteBuffer;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code dev.weft.fs} part of the API as a program, from outside the library's packages (as
 * {@link ApiContractTest} does for the rest): every listed member with its exact types, so a
 * drifted name or signature stops the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class FsApiContractTest {
  @TempDir
  Path dir;

  @Test
  void fsPackageNamesAndTypes() throws Exception {
    Path p = dir.resolve("contract");
    OpenOption[] none = {};
    Future<Void> write = AsyncFiles.write(p, new byte[] {'a', '\n'}, none);
    Future<Void> writeString =
        AsyncFiles.writeString(p, (CharSequence) "b\n", StandardOpenOption.APPEND);
    Future<byte[]> readAllBytes = AsyncFiles.readAllBytes(p);
    Future<String> readString = AsyncFiles.readString(p);
    Stream<String> lines = AsyncFiles.lines(p);
    Future<AsyncFile> open = AsyncFiles.open(p, StandardOpenOption.READ);

    assertTrue(Modifier.isFinal(AsyncFiles.class.getModifiers()));
    assertTrue(Modifier.isFinal(AsyncFile.class.getModifiers()));
    assertTrue(AsyncRead.class.isAssignableFrom(AsyncFile.class));
    assertTrue(AsyncWrite.class.isAssignableFrom(AsyncFile.class));
    assertTrue(AutoCloseable.class.isAssignableFrom(AsyncFile.class));

    try (AsyncRuntime rt = AsyncRuntime.currentThread()) {
      rt.blockOn(write);
      rt.blockOn(writeString);
      assertEquals(4, rt.blockOn(readAllBytes).length);
      assertEquals("a\nb\n", rt.blockOn(readString));
      assertEquals(List.of("a", "b"), rt.blockOn(lines.collectList()));
      long size = rt.blockOn(async(() -> {
        try (AsyncFile f = open.await()) {
          AsyncRead reader = f;
          AsyncWrite writer = f;
          assertEquals(4, reader.read(ByteBuffer.allocate(8)).await());
          writer.flush().await();
          Future<Void> sync = f.sync();
          Future<Long> sizeFuture = f.size();
          sync.await();
          return sizeFuture.await();
        }
      }));
      assertEquals(4L, size);
    }
  }
}
