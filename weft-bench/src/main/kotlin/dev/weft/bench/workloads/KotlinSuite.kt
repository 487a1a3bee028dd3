package dev.weft.bench.workloads

import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExecutorCoroutineDispatcher
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/**
 * The workloads with Kotlin coroutines, as a competent Kotlin user writes them: `launch` for a
 * task, `Channel` for hand-offs, `CompletableDeferred` as a one-shot, `delay` and `yield()`.
 *
 * The dispatcher is `Dispatchers.Default` held to 2 threads by
 * `-Dkotlinx.coroutines.scheduler.core.pool.size=2` (the launcher passes it; [init] sets it when
 * run by hand). Default is the work-stealing scheduler kotlinx.coroutines has for CPU-bound
 * coroutines (per-worker queues, a LIFO slot for the coroutine just woken), what a Kotlin user
 * gets without asking; `limitedParallelism(2)` over it or a fixed thread pool would put a
 * shared queue in front of it. `delay` on Default runs on kotlinx's own timer thread
 * (DefaultExecutor), a third thread that only schedules wake-ups. To check that choice,
 * `-Dweft.bench.kotlinDispatcher=fixed` runs the same code on
 * `Executors.newFixedThreadPool(2).asCoroutineDispatcher()` instead.
 */
internal class KotlinSuite : Suite {
  /** Null unless `-Dweft.bench.kotlinDispatcher=fixed` asks for the other common choice. */
  private val pool: ExecutorCoroutineDispatcher? =
    if (System.getProperty("weft.bench.kotlinDispatcher") == "fixed") {
      Executors.newFixedThreadPool(2).asCoroutineDispatcher()
    } else {
      null
    }
  private val dispatcher: CoroutineDispatcher = pool ?: Dispatchers.Default

  /** Runs [body] as a coroutine on the dispatcher (the "root task") and blocks for its result. */
  private fun <T> root(body: suspend CoroutineScope.() -> T): T = runBlocking(dispatcher, body)

  override fun spawnMany(n: Int): Double = root {
    val left = AtomicInteger(n)
    val done = CompletableDeferred<Unit>()
    val start = System.nanoTime()
    repeat(n) {
      launch {
        if (left.decrementAndGet() == 0) done.complete(Unit)
      }
    }
    done.await()
    (System.nanoTime() - start) / n.toDouble()
  }

  override fun pingPong(n: Int): Double = root {
    val ab = Channel<Long>(1)
    val ba = Channel<Long>(1)
    launch {
      for (v in ab) ba.send(v + 1)
    }
    val a = async {
      val start = System.nanoTime()
      var token = 0L
      repeat(n) {
        ab.send(token)
        token = ba.receive()
      }
      val elapsed = System.nanoTime() - start
      ab.close()
      check(token == n.toLong()) { "token $token" }
      elapsed / n.toDouble()
    }
    a.await()
  }

  override fun mpsc(perProducer: Int): Double = root {
    val producers = 4
    val start = System.nanoTime()
    val ch = Channel<Long>(1024)
    val senders = List(producers) {
      launch {
        for (i in 0L until perProducer) ch.send(i)
      }
    }
    launch {
      senders.joinAll()
      ch.close()
    }
    val consumer = async {
      var sum = 0L
      for (v in ch) sum += v
      sum
    }
    val sum = consumer.await()
    val elapsed = System.nanoTime() - start
    val expected = producers * (perProducer.toLong() * (perProducer - 1) / 2)
    check(sum == expected) { "sum $sum, expected $expected" }
    elapsed / (producers.toDouble() * perProducer)
  }

  override fun idleMemory(n: Int): Suite.IdleMemory {
    val heap0 = Measure.usedHeapAfterGc()
    val rss0 = Measure.rssBytes()
    val senders = ArrayList<CompletableDeferred<Unit>>(n)
    val idle = Job() // the idle tasks' parent, apart from the root so the root can return
    val createNs = root {
      val started = AtomicInteger()
      val allStarted = CompletableDeferred<Unit>()
      val start = System.nanoTime()
      repeat(n) {
        val oneshot = CompletableDeferred<Unit>()
        senders.add(oneshot)
        launch(idle) {
          if (started.incrementAndGet() == n) allStarted.complete(Unit)
          oneshot.await()
        }
      }
      allStarted.await()
      (System.nanoTime() - start) / n.toDouble()
    }
    val heap1 = Measure.usedHeapAfterGc()
    val rss1 = Measure.rssBytes()
    for (s in senders) s.complete(Unit)
    senders.clear()
    idle.complete()
    runBlocking { idle.join() }
    return Suite.IdleMemory((heap1 - heap0) / n.toDouble(), (rss1 - rss0) / n.toDouble(), createNs)
  }

  override fun chainedSpawn(n: Int): Double = root {
    val done = CompletableDeferred<Unit>()
    val start = System.nanoTime()
    chain(this, n, done)
    done.await()
    (System.nanoTime() - start) / n.toDouble()
  }

  /** Each link launches the next as a sibling in [scope] (not as its own child: no 1M-deep job tree). */
  private fun chain(scope: CoroutineScope, n: Int, done: CompletableDeferred<Unit>) {
    if (n == 0) {
      done.complete(Unit)
    } else {
      scope.launch { chain(scope, n - 1, done) }
    }
  }

  override fun timers(n: Int): Suite.Timers {
    val ms = Measure.sleepMillis(n)
    val late = LongArray(n)
    val t0 = System.nanoTime()
    root {
      val start = System.nanoTime()
      for (i in 0 until n) {
        val deadline = start + ms[i] * 1_000_000L
        launch {
          delay(ms[i].toLong())
          late[i] = System.nanoTime() - deadline
        }
      }
    } // the root returns once all its children did
    val wall = (System.nanoTime() - t0) / 1e9

    val heap0 = Measure.usedHeapAfterGc()
    val sleepers = Job()
    root {
      repeat(n) {
        launch(sleepers) { delay(600_000) }
      }
      delay(50) // every sleeper has registered
    }
    val heap1 = Measure.usedHeapAfterGc()
    runBlocking { sleepers.cancelAndJoin() }
    Measure.usedHeapAfterGc() // idle means idle: the GC of the phase before is over first

    val idleLate = root {
      LongArray(200) { i ->
        val d = 1 + (i * 7) % 20
        val s = System.nanoTime()
        delay(d.toLong())
        System.nanoTime() - s - d * 1_000_000L
      }
    }

    var timeoutNs = Double.NaN
    repeat(Measure.TIMEOUT_READY_RUNS) { // the last run counts (see there)
      timeoutNs = root {
        val reps = 1_000_000
        val s = System.nanoTime()
        var sum = 0L
        for (i in 0 until reps) {
          sum += withTimeout(1_000) { i }
        }
        check(sum >= 0)
        (System.nanoTime() - s) / reps.toDouble()
      }
    }
    return Suite.Timers(
      wall, Measure.percentile(late, n, 50.0) / 1e6, Measure.percentile(late, n, 99.0) / 1e6,
      (heap1 - heap0) / n.toDouble(),
      Measure.percentile(idleLate, idleLate.size, 50.0) / 1e6,
      Measure.percentile(idleLate, idleLate.size, 99.0) / 1e6, timeoutNs)
  }

  override fun yieldMany(tasks: Int, yields: Int): Double = root {
    val start = System.nanoTime()
    val jobs = List(tasks) {
      launch {
        repeat(yields) { yield() }
      }
    }
    jobs.joinAll()
    (System.nanoTime() - start) / (tasks.toDouble() * yields)
  }

  override fun close() {
    pool?.close()
  }

  override fun version(): String {
    val coroutines = KotlinSuite::class.java
      .getResourceAsStream("/META-INF/kotlinx_coroutines_core.version")
      ?.use { it.readBytes().decodeToString().trim() } ?: "unknown"
    return "kotlinx.coroutines $coroutines on Kotlin ${KotlinVersion.CURRENT}"
  }

  companion object {
    init {
      // Must happen before Dispatchers.Default is first touched (it reads the property once).
      if (System.getProperty(POOL_SIZE) == null) System.setProperty(POOL_SIZE, "2")
    }

    const val POOL_SIZE = "kotlinx.coroutines.scheduler.core.pool.size"
  }
}
