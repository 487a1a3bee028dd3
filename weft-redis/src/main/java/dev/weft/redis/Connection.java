package dev.weft.redis;

import dev.weft.future.Context;
import dev.weft.future.Future;
import dev.weft.future.Poll;
import dev.weft.future.Waker;
import dev.weft.net.TcpStream;
import dev.weft.runtime.Task;
import dev.weft.time.Time;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * One client connection, as a hand-written future: the task polls it, and each poll does all
 * the work the connection can do without waiting.
 *
 * <h2>One poll</h2>
 * <ol>
 *   <li>If the client is blocked in a pop, see whether a push served it or its timeout passed.
 *   <li>Parse every complete request in the read buffer and run it, appending the replies to
 *       one {@link Reply} (pipelining: one read can bring many requests; their replies leave in
 *       order, in one write).
 *   <li>Move pub/sub messages from the {@link Mailbox} into the replies, while those are small.
 *   <li>Write what the socket takes. Unsent replies above the output limit disconnect the
 *       client (Redis's {@code client-output-buffer-limit}); checked before each request, so a
 *       single large reply to a client that reads still goes out.
 *   <li>Read more, and loop while reads bring bytes; otherwise return pending. The read, the
 *       write, the waiter and the mailbox all register the same waker, so whichever becomes
 *       ready first wakes the task.
 * </ol>
 *
 * <h2>Memory of one connection</h2>
 * The read buffer holds one partial header or small argument (16 KB, growing only while a
 * header up to 64 KB arrives); a large argument grows as its bytes arrive, up to 512 MB; the
 * requests parsed ahead of running, at most 16 and, but for the last one parsed, 64 KB of
 * arguments; the replies up to the output limit; the mailbox up to the pub/sub limit. While
 * blocked, the connection keeps reading (to notice a client that leaves) but stops at 64 KB
 * buffered.
 *
 * <h2>Closing</h2>
 * After QUIT or a protocol error: once the replies are flushed. At end of stream: once the
 * replies to what was received are flushed. On a server shutdown: no further request is read;
 * the replies already made are flushed within the shutdown deadline, then the socket closes.
 * Cancelling the task (the runtime closing) closes at once.
 */
final class Connection implements Future<Void> {
  private static final System.Logger LOG = System.getLogger("dev.weft.redis");
  private static final int MAILBOX_DRAIN_BELOW = 64 * 1024;

  private final Server server;
  private final TcpStream stream;
  private final Session session;
  private final RequestParser parser;
  private final Reply out = new Reply();
  private final Keyspace keyspace;
  private final CommandTable commands;
  /**
   * The shards still locked by the previous command of the batch {@link #runBuffered} is
   * running, and how many commands ran under them: consecutive commands on the same shards
   * keep the lock instead of releasing and taking it again for each (redis-benchmark's LPUSH
   * pipelines sixteen pushes to one key; on the multi-thread runtime every release handed the
   * lock's cache line to the other worker). Released at the end of the batch, before a command
   * that needs other shards, and after {@link #MAX_LOCKED_RUN} commands, so no lock is held
   * across a poll and another connection waits for a bounded run at most.
   */
  private long heldMask;
  private int heldRun;
  private static final int MAX_LOCKED_RUN = 32;
  /**
   * Requests parsed ahead of running them, up to {@link #AHEAD} (and {@link #AHEAD_BYTES} of
   * arguments): before the first of them runs, {@link Keyspace#touch} reads their keys' table
   * slots and entries, so that the cache misses of a pipelined batch's lookups overlap instead
   * of following one another (at -P 16 a GET's lookup missed the caches three to four times in
   * a row, a quarter of the workers' time). Entries from {@code aheadNext} to {@code aheadEnd}
   * have not run yet; a protocol error met while parsing ahead is answered when the requests
   * before it have run.
   */
  private static final int AHEAD = 16;
  private static final int AHEAD_BYTES = 64 * 1024;
  private final byte[][][] ahead = new byte[AHEAD][][];
  private final Command[] aheadCommands = new Command[AHEAD];
  private final byte[][] aheadKeys = new byte[AHEAD][];
  private final Object[] touchScratch = new Object[AHEAD];
  private int aheadNext;
  private int aheadEnd;
  private ProtocolError parseError;
  private int touched; // what Keyspace#touch read, kept so the reads are not optimised away
  /**
   * The next request's shards are held by another thread: it runs first when the shard's unlock
   * wakes this task (Keyspace#tryLockOrWait). A worker that waited on the lock itself could sit
   * out the whole time slice of a holder the kernel had preempted (the load client shares the
   * cores), and every other connection of that worker with it: redis-benchmark's SET, GET and
   * INCR at -P 16 on the multi-thread runtime saw about a hundred lock waits over a millisecond
   * in five seconds, and p99s of 3-4.6 ms.
   */
  private boolean waitingForShard;
  private boolean eof;
  private boolean yieldedBeforeWrite; // this batch's replies wait for one yield (see step)
  private int parsedSinceWrite;       // requests parsed since the last write (see step)
  private boolean done;
  private Future<Void> blockTimer;     // the blocked pop's timeout
  private Future<Void> shutdownTimer;  // the flush deadline of a shutdown

  Connection(Server server, TcpStream stream, Session session) {
    this.server = server;
    this.stream = stream;
    this.session = session;
    this.parser = new RequestParser(server.limits);
    this.keyspace = server.keyspace;
    this.commands = server.commands;
  }

  @Override
  public Poll<Void> poll(Context cx) {
    if (done) {
      throw new IllegalStateException("a finished connection was polled again");
    }
    try {
      if (step(cx)) {
        finish();
        return Poll.ready(null);
      }
      return Poll.pending();
    } catch (UncheckedIOException peerGone) {
      finish(); // reset by the peer, or closed under us: nothing to report to anyone
      return Poll.ready(null);
    } catch (RuntimeException | Error e) {
      try {
        finish();
      } catch (RuntimeException | Error closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  @Override
  public void cancel() {
    if (!done) {
      finish();
    }
  }

  /** Does what can be done now; true when the connection is over. */
  private boolean step(Context cx) {
    Waker waker = cx.waker();
    session.waker = waker;
    if (session.everSubscribed) {
      session.mailbox.setWaker(waker);
    }
    for (;;) {
      if (server.shuttingDown) {
        return shuttingDown(cx);
      }
      if (session.mailbox.overLimit()) {
        return disconnectOverLimit("pub/sub output buffer");
      }
      if (session.blocked != null) {
        pollBlocked(cx);
      }
      boolean paused = false; // stopped at the output limit with requests still buffered
      if (session.blocked == null && !session.closeAfterReply) {
        paused = runBuffered();
        if (session.blocked != null) {
          continue; // register with the waiter and start the timeout
        }
        if (waitingForShard && !paused) { // (paused: the write below comes first)
          return false; // the shard's unlock wakes this task
        }
      }
      if (session.everSubscribed) {
        session.mailbox.drainInto(out, MAILBOX_DRAIN_BELOW);
      }
      if (out.pending() > 0 && !yieldedBeforeWrite && !paused && !eof && parsedSinceWrite != 1) {
        yieldedBeforeWrite = true;
        // A yield puts the connection behind every other ready one, so their replies leave
        // together, as redis-server's do (written in beforeSleep, after the event loop's whole
        // batch): the load client then finds more replies per epoll_wait. On the current-thread
        // runtime at -P 16 GET went from 1.51 to 1.90 million requests a second (4 million
        // requests), p99 from 0.94 to 0.61 ms, -P 1 unchanged. On the multi-thread runtime the
        // yield paid only since Task.yieldNow stopped waking a sleeping worker there (the yielder
        // waits for its worker's other tasks instead): at -P 16, medians of 3 alternated rounds of
        // a million requests, GET p99 from 1.49x redis-server's to 1.02x, SET 1.21x to 0.99x, INCR
        // 1.17x to 1.08x, requests a second within the spread but LPUSH p99 0.9x to 1.3x.
        // A single request since the last write (a client waiting for each reply, -P 1) does not
        // yield: its one reply gains nothing from company, and the yield's trip through the
        // queue delays the client's next request. redis-benchmark -P 1, 7 tests in each of four
        // sessions of 3-5 alternated rounds (three on the multi-thread runtime, one on the
        // current-thread one): 23 of the 28 medians faster, by 1-22 %, 5 slower by 1.3 % at most.
        Task.yieldNow().poll(cx); // pending: this task is woken after the others
        return false;
      }
      yieldedBeforeWrite = false;
      parsedSinceWrite = 0;
      if (out.pending() > 0) {
        flush(cx);
        if (out.pending() > outputLimit()) {
          return disconnectOverLimit(session.subscribed() ? "pub/sub output buffer"
              : "output buffer");
        }
      }
      if (paused) {
        continue; // the write made room under the limit: run the rest before reading more
      }
      // At end of stream every complete request has run; what is left is a partial one.
      if (out.pending() == 0 && (session.closeAfterReply || (eof && session.blocked == null))) {
        return true;
      }
      if (eof || session.closeAfterReply) {
        PopWaiter w = session.blocked;
        if (w != null) {
          if (w.giveUp()) {
            clearBlocked(); // the client left while blocked: it takes nothing
            continue;
          }
          if (w.state() == PopWaiter.SERVED) {
            continue;
          }
          return false; // a push is handing a value over; it wakes us when done
        }
        return false; // waiting for the socket to take the rest of the replies
      }
      if (session.blocked != null && parser.buffered() > server.limits.maxInline) {
        return false; // blocked: keep what arrived, read no more until it is served
      }
      Poll<Integer> r = stream.pollRead(cx, parser.readTarget());
      if (!r.isReady()) {
        parser.trim();
        return false;
      }
      int n = r.value();
      if (n < 0) {
        eof = true;
      } else {
        parser.filled(n);
      }
    }
  }

  private long outputLimit() {
    return session.subscribed() ? server.limits.pubsubOutputHard
        : server.limits.normalOutputHard;
  }

  private boolean disconnectOverLimit(String which) {
    server.outputLimitDisconnects.increment();
    LOG.log(System.Logger.Level.DEBUG, () -> "client " + session.id + " (" + session.addr()
        + ") closed for overcoming its " + which + " limit");
    return true;
  }

  /** Writes replies until all are sent or the socket is full. */
  private void flush(Context cx) {
    while (out.pending() > 0) {
      Poll<Integer> w = stream.pollWrite(cx, out.unsent());
      out.consumed();
      if (!w.isReady()) {
        break;
      }
    }
    session.unsent = out.pending();
  }

  /**
   * Parses and runs every complete request in the read buffer; true if it stopped at the
   * output limit instead (requests may be left in the buffer: no read will announce them).
   */
  private boolean runBuffered() {
    try {
      return runEachBuffered();
    } finally {
      releaseHeld();
      // once a batch: a shared counter bumped per command moves between the workers' caches
      if (session.commandsUncounted != 0) {
        server.commandsProcessed.add(session.commandsUncounted);
        session.commandsUncounted = 0;
      }
    }
  }

  private boolean runEachBuffered() {
    waitingForShard = false;
    for (;;) {
      if (out.pending() > outputLimit()) {
        return true; // the caller writes, then disconnects or comes back for the rest
      }
      if (aheadNext == aheadEnd && !parseAhead()) {
        return false;
      }
      byte[][] argv = ahead[aheadNext];
      if (argv.length > 0 && !run(argv, aheadCommands[aheadNext])) {
        waitingForShard = true; // the caller returns pending; this request runs first
        return false;
      }
      ahead[aheadNext] = null;
      aheadCommands[aheadNext] = null;
      aheadNext++;
      if (session.blocked != null || session.closeAfterReply) {
        return false;
      }
    }
  }

  /**
   * Parses the complete requests in the read buffer into {@link #ahead} and touches their
   * keys; false if there is none (after answering a protocol error met first).
   */
  private boolean parseAhead() {
    aheadNext = 0;
    aheadEnd = 0;
    long bytes = 0;
    while (parseError == null && aheadEnd < AHEAD && bytes < AHEAD_BYTES) {
      byte[][] argv;
      try {
        argv = parser.next();
      } catch (ProtocolError e) {
        parseError = e;
        break;
      }
      if (argv == null) {
        break;
      }
      ahead[aheadEnd] = argv;
      aheadCommands[aheadEnd] = argv.length > 0 ? commands.lookup(argv[0]) : null;
      aheadEnd++;
      for (byte[] a : argv) {
        bytes += a.length;
      }
    }
    if (aheadEnd == 0) {
      if (parseError != null) {
        if (parseError.replied()) {
          out.error("ERR " + parseError.getMessage());
        }
        session.closeAfterReply = true;
      }
      return false;
    }
    parsedSinceWrite += aheadEnd;
    if (aheadEnd > 1) {
      int keys = 0;
      for (int i = 0; i < aheadEnd; i++) {
        Command c = aheadCommands[i];
        if (c != null && c.firstKey > 0 && ahead[i].length > c.firstKey) {
          aheadKeys[keys++] = ahead[i][c.firstKey];
        }
      }
      if (keys > 1) {
        touched += keyspace.touch(aheadKeys, keys, touchScratch);
        java.util.Arrays.fill(aheadKeys, 0, keys, null);
      }
    }
    return true;
  }

  /**
   * Runs one request, {@code c} its command or null for an unknown one; false if it did not
   * run because its shards are busy (see waitingForShard).
   */
  private boolean run(byte[][] argv, Command c) {
    session.commandsUncounted++;
    if (c == null) {
      out.error(Errors.unknownCommand(argv));
      return true;
    }
    session.lastCommand = c.name;
    if (!c.arityOk(argv.length)) {
      out.error(Errors.arity(c.name));
      return true;
    }
    String name = c.name;
    if (c.container) {
      try {
        name = Subcommands.fullName(c, argv); // an unknown subcommand, or its arity, first
      } catch (RedisError e) {
        out.error(e.getMessage());
        return true;
      }
    }
    if (session.subscriptions > 0 && !c.has(Command.PUBSUB)) {
      out.error("ERR Can't execute '" + name + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE"
          + " / PING / QUIT / RESET are allowed in this context");
      return true;
    }
    int mark = out.mark();
    long mask = c.lockMask(keyspace, argv);
    if (mask != heldMask || heldRun == MAX_LOCKED_RUN) {
      releaseHeld(); // first: holding one set while taking another could deadlock
      if (!keyspace.tryLockOrWait(mask, session.waker)) {
        session.commandsUncounted--; // counted when it runs
        return false;
      }
      heldMask = mask;
    }
    heldRun++;
    try {
      c.handler.run(session, argv, out);
    } catch (RedisError e) {
      out.reset(mark);
      out.error(e.getMessage());
    } catch (RuntimeException e) {
      out.reset(mark);
      out.error("ERR internal error in '" + c.name + "': " + e);
      server.internalErrors.increment();
      LOG.log(System.Logger.Level.WARNING, "weft-redis: internal error in " + c.name, e);
    }
    if (session.subscriptions > 0 && !session.everSubscribed) {
      session.everSubscribed = true;
      session.mailbox.setWaker(session.waker); // before the drain below looks at it
    }
    if (session.blocked != null) {
      server.blockedClients.increment();
    }
    return true;
  }

  private void releaseHeld() {
    if (heldMask != 0) {
      keyspace.unlock(heldMask);
      heldMask = 0;
    }
    heldRun = 0;
  }

  /* ---- Blocking pops ---- */

  private void pollBlocked(Context cx) {
    PopWaiter w = session.blocked;
    w.setWaker(cx.waker());
    for (;;) {
      int st = w.state();
      if (st == PopWaiter.SERVED) {
        out.array(2);
        out.bulk(w.servedKey());
        out.bulk(w.servedValue());
        clearBlocked();
        return;
      }
      if (st != PopWaiter.WAITING) {
        return; // a push is handing a value over right now; it wakes us when done
      }
      if (session.blockedDeadline == 0) {
        return;
      }
      if (blockTimer == null) {
        long left = session.blockedDeadline - Keyspace.now();
        blockTimer = Time.sleep(Duration.ofMillis(Math.max(0, left)));
      }
      if (!blockTimer.poll(cx).isReady()) {
        return;
      }
      blockTimer = null;
      if (w.giveUp()) {
        out.nullArray();
        clearBlocked();
        return;
      }
      // a push claimed it just now: loop to take the value
    }
  }

  /** Takes the waiter out of every queue it is in and forgets it. */
  private void clearBlocked() {
    PopWaiter w = session.blocked;
    session.blocked = null;
    server.blockedClients.decrement();
    if (blockTimer != null) {
      blockTimer.cancel();
      blockTimer = null;
    }
    for (byte[] k : w.keys) {
      long mask = 1L << keyspace.shardIndex(k);
      keyspace.lock(mask);
      try {
        keyspace.dequeueWaiter(k, w);
      } finally {
        keyspace.unlock(mask);
      }
    }
  }

  /* ---- Shutdown and close ---- */

  private boolean shuttingDown(Context cx) {
    if (session.blocked != null && session.blocked.giveUp()) {
      clearBlocked();
    }
    if (out.pending() == 0) {
      return true;
    }
    if (shutdownTimer == null) {
      shutdownTimer = Time.sleep(Duration.ofMillis(server.limits.shutdownFlushMillis));
    }
    flush(cx);
    if (out.pending() == 0) {
      return true;
    }
    return shutdownTimer.poll(cx).isReady(); // the deadline passed: close with replies unsent
  }

  private void finish() {
    if (done) {
      return;
    }
    done = true;
    try {
      if (session.blocked != null) {
        session.blocked.giveUp();
        clearBlocked();
      }
      if (blockTimer != null) {
        blockTimer.cancel();
      }
      if (shutdownTimer != null) {
        shutdownTimer.cancel();
      }
      PubSubCommands.unsubscribeAll(session);
      session.mailbox.close();
    } finally {
      server.clients.remove(session.id);
      stream.close();
    }
  }
}
