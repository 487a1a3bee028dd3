package dev.weft.fs;

import static dev.weft.fs.FsTesting.inRuntime;
import static dev.weft.fs.FsTesting.pollUntilReady;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.test.MockTask;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression: {@code writeAll} was ready before its bytes were written, and left the file's write
 * slot taken.
 *
 * <p>The first design of {@link AsyncFile} took a write's bytes from the source buffer (moving
 * its position) when the blocking call began, while the write stayed pending until the call
 * ended. {@code writeAll} loops {@code while (src.hasRemaining())}:
 * <ol>
 *   <li>its first poll starts the blocking write, which empties {@code src}, and is pending;
 *   <li>polled again while the call is still in flight, it finds {@code src} empty and returns
 *       ready without polling the write again: ready while its bytes are not in the file;
 *   <li>the write slot of the one-pending-write rule still names that finished {@code
 *       writeAll}, so the next {@code writeAll} on the file throws {@link
 *       IllegalStateException} ("a second write ... while one is pending").
 * </ol>
 * The 32 MiB copy of {@code AsyncFileTest} failed so at its second chunk.
 *
 * <p>The fix ({@code AsyncFile} rule 9): a write copies its bytes without moving {@code src}'s
 * position; the position moves when the write is ready, or when it is cancelled in flight. This
 * test replays the steps with the blocking call held at a gate.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WriteAllReadyBeforeItsWriteEndedTest {
  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource
  void writeAllStaysPendingUntilItsBlockingWriteEnded(Flavour flavour) throws IOException {
    Path p = dir.resolve("f");
    try (AsyncRuntime rt = flavour.build(); GatedSpawner gate = new GatedSpawner()) {
      AsyncFile f = new AsyncFile(FileChannel.open(p, WRITE, CREATE_NEW), "f", gate);
      inRuntime(rt, () -> {
        ByteBuffer src = ByteBuffer.wrap("first".getBytes(UTF_8));
        MockTask<Void> first = MockTask.of(f.writeAll(src));
        first.assertPending(); // step 1: the blocking write is held at the gate
        first.assertPending(); // step 2: still in flight, so still pending
        assertEquals(0, src.position(), "a pending write has taken nothing yet");
        gate.open();
        pollUntilReady(first);
        assertEquals(5, src.position());
        assertEquals("first", Files.readString(p));
        pollUntilReady(MockTask.of(f.writeAll(ByteBuffer.wrap(" second".getBytes(UTF_8)))));
        f.close();
      });
    }
    assertEquals("first second", Files.readString(p));
  }
}
