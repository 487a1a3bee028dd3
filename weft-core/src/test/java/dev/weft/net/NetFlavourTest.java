package dev.weft.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.weft.runtime.AsyncRuntime;
import dev.weft.runtime.IoDriverProbe;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The flavours build what they say: one selector per worker, or one shared. */
class NetFlavourTest {

  @ParameterizedTest
  @EnumSource
  void eachFlavourHasTheSelectorsItNames(NetFlavour flavour) {
    try (AsyncRuntime rt = flavour.build()) {
      int expected = flavour.multiThread && !flavour.sharedSelector ? flavour.workers : 1;
      assertEquals(expected, IoDriverProbe.selectors(rt));
      assertEquals(flavour.workers, rt.metrics().workers());
    }
    assertNull(System.getProperty("weft.io.selectors"), "the selector property was left set");
  }
}
