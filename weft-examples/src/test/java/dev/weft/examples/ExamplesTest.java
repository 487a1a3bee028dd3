package dev.weft.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weft.internal.woven.WovenBlock;
import dev.weft.sync.Barrier;
import dev.weft.sync.Mutex;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each example prints what the Rust text says it should. */
class ExamplesTest {

  private static List<String> output(Runnable example) {
    PrintStream saved = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      example.run();
    } finally {
      System.setOut(saved);
    }
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void getBookAndMusicJoinsConcurrently() {
    List<String> out = output(GetBookAndMusic::run);
    assertEquals("book:  The Rust Programming Language", out.get(0));
    assertEquals("music: Goldberg Variations", out.get(1));
    assertTrue(out.get(2).contains("overlapped"), out.get(2));
  }

  @Test
  void raceTasksPicksTheFasterTask() {
    assertEquals(List.of("task one completed first"), output(RaceTasks::run));
  }

  @Test
  void moveBlockPrintsTheOwnedStringOnlyWhenAwaited() {
    assertEquals(List.of(
            "moveBlock() returned; now awaiting the future it made",
            "the block owns my_string: foo"),
        output(MoveBlock::run));
  }

  @Test
  void blocksPrintFooTwice() {
    assertEquals(List.of("future_one: foo", "future_two: foo"), output(Blocks::run));
  }

  @Test
  void sumWithNextSumsTheStream() {
    assertEquals(List.of("sum of 1..5: 15"), output(SumWithNext::run));
  }

  @Test
  void sumWithTryNextStopsAtTheFirstFailureAndSurfacesIt() {
    assertEquals(List.of(
            "every reading succeeds:",
            "  added 1, sum so far 1",
            "  added 2, sum so far 3",
            "  added 3, sum so far 6",
            "  added 4, sum so far 10",
            "  added 5, sum so far 15",
            "Ok(15)",
            "reading 3 fails:",
            "  added 1, sum so far 1",
            "  added 2, sum so far 3",
            "Err(java.io.IOException: reading 3 failed)"),
        output(SumWithTryNext::run));
  }

  @Test
  void jumpAroundNeverHasMoreThanAHundredJumpersInTheAir() {
    List<String> out = output(JumpAround::run);
    int expectedJumps = 0;
    for (int i = 0; i < 300; i++) {
      expectedJumps += 10 + i % 40;
    }
    assertEquals("jumpers: 300, jumps reported: " + expectedJumps, out.get(0));
    assertEquals("most jumpers in the air at once: 100 (the limit is 100)", out.get(1));
    assertTrue(out.get(2).contains("overlapped"), out.get(2));
  }

  @Test
  void sendRecvReceivesTheValuesThenTheStreamEnds() {
    assertEquals(List.of("received 1", "received 2", "the stream ended: every sender is gone"),
        output(SendRecv::run));
  }

  @Test
  void runtimesGiveTheSameAnswerOnBothFlavours() {
    List<String> pages = List.of(
        "  fetched page-1 (20 ms)",
        "  fetched page-3 (50 ms)",
        "  fetched page-0 (80 ms)",
        "  gave up on a page after 120 ms");
    List<String> out = output(Runtimes::run);
    assertEquals("current-thread runtime, on the caller's thread only:", out.get(0));
    assertEquals(pages, out.subList(1, 5));
    assertTrue(out.get(5).startsWith("multi-thread runtime, 2 workers"), out.get(5));
    assertEquals(pages, out.subList(6, 10));
  }

  @Test
  void echoServerEchoesEveryMessageAndEndsWithTheConnection() {
    assertEquals(List.of(
            "server: listening on 127.0.0.1 (a port the system chose)",
            "client: sent \"hello\", got \"hello\" back",
            "client: sent \"async world\", got \"async world\" back",
            "client: sent \"bye\", got \"bye\" back",
            "client: after shutdown the server closed too (read gives -1)",
            "server: the connection's task echoed 19 bytes and ended"),
        output(Echo::run));
  }

  @Test
  void chatRoomPassesEveryLineToTheOthersAndAnnouncesJoinsAndLeaves() {
    assertEquals(List.of(
            "alice <- welcome alice (1 online)",
            "bob <- welcome bob (2 online)",
            "alice <- * bob joined",
            "bob <- alice: hello bob",
            "alice <- bob: hi alice",
            "carol <- welcome carol (3 online)",
            "alice <- * carol joined",
            "bob <- * carol joined",
            "alice <- carol: hey all",
            "bob <- carol: hey all",
            "alice <- * bob left",
            "carol <- * bob left",
            "carol <- * alice left",
            "server: 3 client tasks ended, 0 online"),
        output(Chat::run));
  }

  @Test
  void proxyCopiesBothWaysAndPassesTheHalfCloseOn() {
    assertEquals(List.of(
            "client: \"through the proxy\" -> \"THROUGH THE PROXY\"",
            "client: \"and back again\" -> \"AND BACK AGAIN\"",
            "client: upstream closed after us: true",
            "proxy: copied 33 bytes client->upstream and 33 bytes upstream->client"),
        output(Proxy::run));
  }

  @Test
  void deadlockShowsBothTasksWaitingInLockForTheMutexTheOtherHolds() {
    List<String> out = output(Deadlock::run);
    Matcher names = Pattern.compile("the fork is (Mutex@\\w+), the knife is (Mutex@\\w+)")
        .matcher(out.get(0));
    assertTrue(names.matches(), out.get(0));
    String fork = names.group(1);
    String knife = names.group(2);
    assertEquals("neither finishes; the task dump shows why:", out.get(1));
    assertTrue(out.get(3).matches(
        "task dump of runtime diners \\(current-thread\\) at .*: 2 tasks"), out.get(3));
    // The woven build (./weft test runs it after the plain one) weaves the diners into state
    // machines, which have no stack: the dump names the frame of the await and shows it alone.
    boolean woven = Deadlock.diner("probe", new Mutex<>(""), new Mutex<>(""), new Barrier(2))
        instanceof WovenBlock;
    String waitsAt = "  awaiting: " + (woven ? "woven " : "")
        + "async block at dev.weft.examples.Deadlock.lambda$diner$0(Deadlock.java:";
    String lambdaFrame = "    at dev.weft.examples.Deadlock.lambda$diner$0(Deadlock.java:";
    for (String[] diner : List.of(new String[] {"alice", knife}, new String[] {"bob", fork})) {
      int head = indexOfMatch(out, "task \\d+ \"" + diner[0] + "\" idle, age .*");
      assertTrue(out.get(head + 1).startsWith(waitsAt), out.get(head + 1));
      assertTrue(out.get(head + 1).endsWith(" <- lock(" + diner[1] + ")"), out.get(head + 1));
      if (woven) {
        assertTrue(out.get(head + 2).startsWith(lambdaFrame), out.get(head + 2));
        assertTrue(out.get(head + 3).isEmpty(), "one frame: " + out.get(head + 3));
      } else {
        assertTrue(out.get(head + 2).startsWith("    at dev.weft.future.Future.await("));
        assertTrue(out.get(head + 3).startsWith(lambdaFrame), out.get(head + 3));
      }
    }
    int n = out.size();
    assertEquals("alice waits for " + knife + ", which bob holds; bob waits for " + fork
        + ", which alice holds: a deadlock", out.get(n - 4));
    assertTrue(out.get(n - 3).matches("task \\d+ was aborted"), out.get(n - 3));
    assertTrue(out.get(n - 2).matches("task \\d+ was aborted"), out.get(n - 2));
    assertEquals("the runtime closed cleanly", out.get(n - 1));
  }

  private static int indexOfMatch(List<String> lines, String regex) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).matches(regex)) {
        return i;
      }
    }
    throw new AssertionError("no line matches " + regex + " in\n" + String.join("\n", lines));
  }

  @Test
  void slowPollReportsTheSleepInATaskButNotOnTheBlockingPool() {
    List<String> out = output(SlowPoll::run);
    assertEquals("nap-in-a-task: woke up", out.get(0));
    assertTrue(out.get(1).matches("WARNING: slow poll: task \\d+ \"nap-in-a-task\" held thread"
        + " sleepy-worker-0 for about \\d+ ms in one poll \\(runtime sleepy, slow-poll threshold"
        + " 50 ms\\); the tasks queued behind it waited meanwhile\\. Its stack \\d+ ms into the"
        + " poll:"), out.get(1));
    assertTrue(out.contains("    at java.base/java.lang.Thread.sleep(Thread.java:540)")
        || out.stream().anyMatch(l -> l.startsWith("    at java.base/java.lang.Thread.sleep(")),
        String.join("\n", out));
    assertTrue(out.stream().anyMatch(
        l -> l.startsWith("    at dev.weft.examples.SlowPoll.lambda$run$0(SlowPoll.java:")),
        String.join("\n", out));
    int n = out.size();
    assertEquals(List.of("slow polls so far: 1", "nap-on-the-blocking-pool: woke up",
        "slow polls after it: 1"), out.subList(n - 3, n));
  }

  @Test
  void everyExampleHasAUniqueName() {
    assertEquals(Main.EXAMPLES.size(),
        Main.EXAMPLES.stream().map(Main.Example::name).distinct().count());
  }
}
