package dev.weft.weaver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.weft.future.Future;
import dev.weft.future.Futures;
import dev.weft.weaver.fixtures.Basics;
import org.junit.jupiter.api.Test;

class BasicsWeavingTest {
  @Test
  void straightLineBlocksGiveTheSameValuesWoven() throws Throwable {
    try (Woven w = Woven.pkg(Basics.class)) {
      System.out.println(w.report.text());
      w.assertWoven(Basics.class, "sum");
      @SuppressWarnings("unchecked")
      Future<Integer> f = (Future<Integer>) w.call(Basics.class, "sum", Futures.ready(40),
          Futures.ready(2));
      assertEquals(42, Futures.blockOn(f));
    }
  }
}
