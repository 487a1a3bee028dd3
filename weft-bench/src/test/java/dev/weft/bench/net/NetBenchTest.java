package dev.weft.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** What NetBench passes on from its clients' output. */
class NetBenchTest {

  @Test
  void echoClientsResultsAreReportedAsW8AndOtherLinesAreDropped() {
    assertEquals("RESULT|netty|W8_echo|p99|us|900.000,950.000",
        NetBench.asReported("RESULT|netty|W6_echo|p99|us|900.000,950.000"));
    assertEquals("RESULT|netty|W9_many_connections|active_wall|s|1.500",
        NetBench.asReported("RESULT|netty|W9_many_connections|active_wall|s|1.500"));
    assertNull(NetBench.asReported("netty echo round 1 (timed): 171842 rt/s"));
    assertNull(NetBench.asReported("BASELINE"));
  }

  @Test
  void w8ThroughputGivesTheMeanLatencyOfItsClosedLoop() {
    // 50 connections at 125,000 round trips a second: each round trip takes 400 us on average.
    assertEquals("RESULT|netty|W8_echo|mean|us|400.000,500.000",
        NetBench.meanLatency("RESULT|netty|W8_echo|throughput|rt/s|125000.0,100000.0", 50));
    assertNull(NetBench.meanLatency("RESULT|netty|W8_echo|p50|us|200.0", 50));
    assertNull(NetBench.meanLatency("RESULT|netty|W9_many_connections|throughput|rt/s|1.0", 50));
    assertNull(NetBench.meanLatency(null, 50));
  }

  @Test
  void aPassGetsItsShareOfW8sRoundsAndNothingElseChanges() {
    NetBench.Sizes three = NetBench.Sizes.FULL.withEchoRounds(3);
    assertEquals(3, three.echoRounds());
    assertEquals(NetBench.Sizes.FULL.manyRounds(), three.manyRounds());
    assertEquals(NetBench.Sizes.FULL.echoIters(), three.echoIters());
    assertThrows(IllegalArgumentException.class, () -> NetBench.Sizes.FULL.withEchoRounds(0));
  }
}
