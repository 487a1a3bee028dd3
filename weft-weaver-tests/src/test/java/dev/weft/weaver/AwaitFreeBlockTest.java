package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.weaver.fixtures.Basics;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A block without an await never suspends, so its woven class keeps no suspension state (where
 * it stopped, what it waits for): only its captured values. Spawned blocks that only compute are
 * of this kind, and the two fields were 8 of their 32 bytes. A block with an await keeps both.
 */
class AwaitFreeBlockTest {

  @Test
  void aBlockWithoutAnAwaitHoldsOnlyWhatItCaptured() throws Throwable {
    try (Woven w = Woven.pkg(Basics.class)) {
      w.assertWoven(Basics.class, "noAwait");
      Future<?> f = (Future<?>) w.call(Basics.class, "noAwait", 21);
      assertTrue(f.getClass().getSimpleName().contains("Woven"), f.getClass().getName());
      assertEquals(Set.of("c0"), instanceFields(f.getClass()));
      assertEquals(42, Futures.blockOn(f));
      assertTrue(f.toString().contains("noAwait"), f.toString());
    }
  }

  @Test
  void aBlockWithAnAwaitKeepsWhereItStoppedAndWhatItAwaits() throws Throwable {
    try (Woven w = Woven.pkg(Basics.class)) {
      w.assertWoven(Basics.class, "sum");
      Future<?> f = (Future<?>) w.call(Basics.class, "sum", Futures.ready(1), Futures.ready(2));
      Set<String> fields = instanceFields(f.getClass());
      assertTrue(fields.containsAll(Set.of("label", "awaited")), fields.toString());
      assertEquals(3, Futures.blockOn(f));
    }
  }

  private static Set<String> instanceFields(Class<?> c) {
    Set<String> names = new TreeSet<>();
    Arrays.stream(c.getDeclaredFields())
        .filter(x -> !Modifier.isStatic(x.getModifiers()))
        .map(Field::getName)
        .forEach(names::add);
    return names;
  }
}
