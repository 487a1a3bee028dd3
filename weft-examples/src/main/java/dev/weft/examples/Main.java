package dev.weft.examples;

import java.util.List;

/**
 * Runs the programs of the Rust async text, written with weft: {@code ./weft examples} runs them
 * all, {@code ./weft examples NAME} runs one.
 */
public final class Main {
  private Main() {}

  /** One runnable program: its name (the Rust function's), what it shows, and its body. */
  record Example(String name, String shows, Runnable body) {}

  static final List<Example> EXAMPLES = List.of(
      new Example("get_book_and_music",
          "join: two futures run concurrently within one task; the result is a tuple",
          GetBookAndMusic::run),
      new Example("race_tasks",
          "select over two fused futures: the first to complete picks the branch",
          RaceTasks::run),
      new Example("move_block",
          "an async block that owns a value it captured and outlives the method that made it",
          MoveBlock::run),
      new Example("blocks",
          "two async blocks that share a string, run concurrently with join",
          Blocks::run),
      new Example("sum_with_next",
          "a while-loop over stream.next().await(): a stream is a future of each next item",
          SumWithNext::run),
      new Example("sum_with_try_next",
          "a stream whose items can fail: the sum stops at the first failure, which surfaces",
          SumWithTryNext::run),
      new Example("jump_around",
          "forEachConcurrent with a limit of 100: the jumpers jump concurrently, never more than 100",
          JumpAround::run),
      new Example("send_recv",
          "an mpsc channel of BUFFER_SIZE 10 whose receiver is a stream that ends when every sender is gone",
          SendRecv::run),
      new Example("runtimes",
          "the same crawler (JoinSet, sleep, timeout) on the event-loop runtime and on the work-stealing one",
          Runtimes::run),
      new Example("echo",
          "a TCP echo server, a task per connection, and a client of it on 127.0.0.1",
          Echo::run),
      new Example("chat",
          "a line-based chat server: Broadcast for the room, a task per client, Framed lines",
          Chat::run),
      new Example("proxy",
          "a TCP proxy: copyBidirectional between each client and a fresh upstream connection",
          Proxy::run),
      new Example("deadlock",
          "two tasks deadlock on two Mutexes; a task dump shows each waiting in lock()",
          Deadlock::run),
      new Example("slow_poll",
          "Thread.sleep inside a task holds its worker: the watchdog reports the slow poll",
          SlowPoll::run));

  public static void main(String[] args) {
    String which = args.length > 0 ? args[0] : "all";
    boolean found = false;
    for (Example e : EXAMPLES) {
      if (which.equals("all") || which.equals(e.name())) {
        found = true;
        System.out.println("== " + e.name() + " — " + e.shows());
        e.body().run();
        System.out.println();
      }
    }
    if (!found) {
      System.err.println("no example named '" + which + "'; the examples are:");
      EXAMPLES.forEach(e -> System.err.println("  " + e.name()));
      System.exit(2);
    }
  }
}
