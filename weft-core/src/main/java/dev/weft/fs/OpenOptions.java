package dev.weft.fs;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;

import java.nio.file.OpenOption;
import java.util.List;
import java.util.Objects;

/**
 * The open options of a file call, checked at the call as the JDK would check them when the
 * blocking call runs, so that a bad combination fails where it was written, not at a later poll.
 */
final class OpenOptions {
  private OpenOptions() {}

  /** The options of {@code FileChannel.open}: a copy, after the JDK's own checks. */
  static OpenOption[] forOpen(OpenOption[] options) {
    List<OpenOption> list = copy(options);
    if (list.contains(READ) && list.contains(APPEND)) {
      throw new IllegalArgumentException("READ + APPEND not allowed");
    }
    return checkAppend(list);
  }

  /** The options of {@code Files.write}: a copy, after the JDK's own checks. */
  static OpenOption[] forWrite(OpenOption[] options) {
    List<OpenOption> list = copy(options);
    if (list.contains(READ)) {
      throw new IllegalArgumentException("READ not allowed");
    }
    return checkAppend(list);
  }

  private static OpenOption[] checkAppend(List<OpenOption> list) {
    if (list.contains(APPEND) && list.contains(TRUNCATE_EXISTING)) {
      throw new IllegalArgumentException("APPEND + TRUNCATE_EXISTING not allowed");
    }
    return list.toArray(new OpenOption[0]);
  }

  private static List<OpenOption> copy(OpenOption[] options) {
    Objects.requireNonNull(options, "options");
    for (OpenOption o : options) {
      Objects.requireNonNull(o, "an open option is null");
    }
    return List.of(options);
  }
}
