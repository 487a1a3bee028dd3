package dev.weft.internal.coro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link LockSites}: what the scan of a class file records, and that it reads real ones. */
class LockSitesTest {
  private static final String PREFIX = "dev/weft/internal/coro/LockSitesTest$";

  static final class SynchronizedMethod {
    synchronized void m() {}
  }

  static final class SynchronizedThis {
    void m() {
      synchronized (this) {
        m();
      }
    }
  }

  static final class StaticSynchronizedMethod {
    static synchronized void m() {}
  }

  static final class FieldLock {
    private final Object lock = new Object();

    void m() {
      synchronized (lock) {
        m();
      }
    }
  }

  static final class FieldLockThroughALocal {
    private final Object lock = new Object();

    void m() {
      Object l = lock;
      int unrelated = 1;
      synchronized (l) {
        m(unrelated);
      }
    }

    void m(int i) {}
  }

  static final class StaticLock {
    static final Object LOCK = new Object();

    static void m() {
      synchronized (LOCK) {
        m();
      }
    }
  }

  static final class ParameterLock {
    // long and double take two slots each: p is in slot 4
    static int m(long a, double b, Object p, int k) {
      int r;
      switch (k) { // a tableswitch and a lookupswitch, padded, before the monitor
        case 0 -> r = 1;
        case 1 -> r = 2;
        case 2 -> r = 3;
        default -> r = 0;
      }
      switch (k) {
        case 10 -> r += 1;
        case 1000 -> r += 2;
        default -> r += 0;
      }
      synchronized (p) {
        return r + (int) a + (int) b;
      }
    }
  }

  static final class ClassLiteralLock {
    void m() {
      synchronized (String.class) {
        m();
      }
    }
  }

  static final class LocalLock {
    static void m(long a) {
      Object o = new Object(); // a local, not a parameter: slot 2, after a's two
      synchronized (o) {
        m(a);
      }
    }
  }

  static final class CallResultLock {
    Object make() {
      return this;
    }

    void m() {
      synchronized (make()) {
        m();
      }
    }
  }

  static final class StaticCall {
    void m() {
      StaticSynchronizedMethod.m();
    }
  }

  @Test
  void aSynchronizedMethodLocksThis() {
    LockSites s = LockSites.of(SynchronizedMethod.class);
    assertTrue(s.locksThis);
    assertFalse(s.locksParameters);
  }

  @Test
  void synchronizedThisLocksThis() {
    assertTrue(LockSites.of(SynchronizedThis.class).locksThis);
  }

  @Test
  void aStaticSynchronizedMethodLocksItsClass() {
    LockSites s = LockSites.of(StaticSynchronizedMethod.class);
    assertEquals(Set.of(PREFIX + "StaticSynchronizedMethod"), s.classes);
    assertFalse(s.locksThis);
  }

  @Test
  void aFieldLockIsRecordedByOwnerAndName() {
    assertEquals(Set.of(PREFIX + "FieldLock.lock"), LockSites.of(FieldLock.class).fields);
  }

  @Test
  void aFieldLockFollowsTheValueThroughALocal() {
    assertEquals(Set.of(PREFIX + "FieldLockThroughALocal.lock"),
        LockSites.of(FieldLockThroughALocal.class).fields);
  }

  @Test
  void aStaticLockIsRecorded() {
    assertEquals(Set.of(PREFIX + "StaticLock.LOCK"), LockSites.of(StaticLock.class).statics);
  }

  @Test
  void aParameterLockIsRecordedAfterWideParametersAndSwitches() {
    LockSites s = LockSites.of(ParameterLock.class);
    assertTrue(s.locksParameters);
    assertNull(s.unreadable);
  }

  @Test
  void aClassLiteralLockIsRecorded() {
    assertEquals(Set.of("java/lang/String"), LockSites.of(ClassLiteralLock.class).classes);
  }

  @Test
  void aLocalThatIsNotAParameterIsNotOne() {
    LockSites s = LockSites.of(LocalLock.class);
    assertFalse(s.locksParameters);
    assertTrue(s.fields.isEmpty() && s.statics.isEmpty() && s.classes.isEmpty());
  }

  @Test
  void aCallsResultIsNotRecorded() {
    LockSites s = LockSites.of(CallResultLock.class);
    assertFalse(s.locksThis);
    assertFalse(s.locksParameters);
    assertTrue(s.fields.isEmpty() && s.statics.isEmpty() && s.classes.isEmpty());
  }

  @Test
  void staticCallsAreRecorded() {
    assertTrue(LockSites.of(StaticCall.class).staticCalls.contains(
        PREFIX + "StaticSynchronizedMethod.m"));
  }

  @Test
  void aClassWithoutAClassFileIsUnreadableAndLocksNothing() {
    Runnable hidden = () -> {};
    LockSites s = LockSites.of(hidden.getClass());
    assertNotNull(s.unreadable);
    assertFalse(s.locksThis || s.locksParameters);
  }

  @Test
  void malformedBytesAreRefusedWithTheScansOwnException() throws IOException {
    assertThrows(LockSites.MalformedClassFile.class, () -> LockSites.scan(new byte[] {1, 2, 3}));
    byte[] real;
    try (var in = LockSitesTest.class.getResourceAsStream("LockSitesTest$ParameterLock.class")) {
      real = in.readAllBytes();
    }
    // A cut anywhere gives the scan's own exception, never an index out of bounds (a cut in
    // the class's trailing attributes, which the scan does not read, may even pass).
    int refused = 0;
    int cuts = 0;
    for (int cut = 0; cut < real.length; cut += 7, cuts++) {
      try {
        LockSites.scan(Arrays.copyOf(real, cut));
      } catch (LockSites.MalformedClassFile expected) {
        refused++;
      }
    }
    assertTrue(refused > cuts / 2, refused + " of " + cuts + " cuts refused");
  }

  @Test
  void everyClassFileOfJavaBaseIsRead() throws Exception {
    List<String> failures = new ArrayList<>();
    int read = 0;
    FileSystem jrt = FileSystems.getFileSystem(URI.create("jrt:/"));
    try (Stream<Path> files = Files.walk(jrt.getPath("/modules/java.base"))) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        try {
          LockSites.scan(Files.readAllBytes(p));
          read++;
        } catch (LockSites.MalformedClassFile e) {
          failures.add(p + ": " + e.getMessage());
        }
      }
    }
    assertEquals(List.of(), failures);
    assertTrue(read > 1000, "read " + read);
  }
}
