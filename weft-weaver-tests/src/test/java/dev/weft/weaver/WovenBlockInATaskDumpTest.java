package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.weaver.fixtures.Dumped;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A woven block has no stack for a task dump to walk: the weaver generates the frame of the
 * await it is suspended at (its lambda's class, method and the await's line, from the label)
 * and the future awaited there. The dump of a woven task then names the same line and the same
 * future as the dump of the same program on the continuation engine, whose stack it walks.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class WovenBlockInATaskDumpTest {

  @Test
  @SuppressWarnings("unchecked")
  void aWovenBlockShowsTheLineOfItsAwaitAndWhatItAwaitsAsTheUnwovenOneDoes() throws Throwable {
    List<String> plain = (List<String>) Woven.callOriginal(Dumped.class, "atSecondAwait");
    String at =
        "async block at dev.weft.weaver.fixtures.Dumped.lambda$atSecondAwait$0(Dumped.java:";
    assertTrue(plain.get(0).startsWith(at) && plain.get(0).endsWith(") <- recv(mpsc)"),
        plain.toString());
    assertEquals(2, plain.size(), "one block, one stack: " + plain);
    try (Woven w = Woven.pkg(Dumped.class)) {
      w.assertWoven(Dumped.class, "atSecondAwait");
      List<String> woven = (List<String>) w.call(Dumped.class, "atSecondAwait");
      assertEquals("woven " + plain.get(0), woven.get(0),
          "the woven block names the same await line and the same future");
      String awaitFrame = plain.get(0).substring("async block at ".length(),
          plain.get(0).indexOf(" <- "));
      assertEquals(List.of("[" + awaitFrame + "]"), woven.subList(1, woven.size()),
          "its stack is the one frame of the await");
      assertTrue(plain.get(1).startsWith("[dev.weft.future.Future.await(")
          && plain.get(1).contains(awaitFrame), "the walked stack has the same frame: " + plain);
    }
  }
}
