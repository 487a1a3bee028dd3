//! W1-W7 (defined in weft-bench/README.md) on tokio, written as a tokio user writes them:
//! `tokio::spawn` for a
//! task, `Arc` for shared state, `tokio::sync::{mpsc, oneshot, Notify}` for hand-offs,
//! `tokio::time::sleep` and `tokio::task::yield_now`. Each function is one round, run as a
//! spawned "root" task so that on the multi-thread runtime it runs on a worker.

use crate::measure;
use std::future::Future;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::runtime::Runtime;
use tokio::sync::{mpsc, oneshot, Notify};

/// Runs `body` as a task on `rt` and waits for its output.
fn root<F>(rt: &Runtime, body: F) -> F::Output
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    rt.block_on(async move { tokio::spawn(body).await.expect("root task panicked") })
}

/// W6's "timeout ready" runs of a million timeouts each; the last is reported.
const TIMEOUT_READY_RUNS: usize = 3;

fn per(elapsed: Duration, count: u64) -> f64 {
    elapsed.as_nanos() as f64 / count as f64
}

/// A shared count-down: the task that takes it to zero wakes the waiter.
struct Countdown {
    left: AtomicUsize,
    zero: Notify,
}

impl Countdown {
    fn new(n: usize) -> Arc<Self> {
        Arc::new(Countdown { left: AtomicUsize::new(n), zero: Notify::new() })
    }

    fn tick(&self) {
        if self.left.fetch_sub(1, Ordering::AcqRel) == 1 {
            self.zero.notify_one(); // stores a permit if the waiter is not there yet
        }
    }
}

/// W1: from inside the runtime, spawn `n` trivial tasks; ns per task.
pub fn spawn_many(rt: &Runtime, n: usize) -> f64 {
    root(rt, async move {
        let done = Countdown::new(n);
        let start = Instant::now();
        for _ in 0..n {
            let done = done.clone();
            tokio::spawn(async move { done.tick() });
        }
        done.zero.notified().await;
        per(start.elapsed(), n as u64)
    })
}

/// W2: two tasks exchange a token `n` round trips over two capacity-1 channels.
pub fn ping_pong(rt: &Runtime, n: u64) -> f64 {
    root(rt, async move {
        let (to_b, mut from_a) = mpsc::channel::<u64>(1);
        let (to_a, mut from_b) = mpsc::channel::<u64>(1);
        let b = tokio::spawn(async move {
            while let Some(v) = from_a.recv().await {
                if to_a.send(v + 1).await.is_err() {
                    break;
                }
            }
        });
        let a = tokio::spawn(async move {
            let start = Instant::now();
            let mut token = 0;
            for _ in 0..n {
                to_b.send(token).await.expect("B is gone");
                token = from_b.recv().await.expect("B is gone");
            }
            (start.elapsed(), token) // dropping to_b ends B
        });
        let (elapsed, token) = a.await.unwrap();
        b.await.unwrap();
        assert_eq!(token, n, "token");
        per(elapsed, n)
    })
}

/// W3: 4 producers each send `per_producer` numbers into one channel of 1,024; one consumer sums.
pub fn mpsc(rt: &Runtime, per_producer: u64) -> f64 {
    const PRODUCERS: u64 = 4;
    root(rt, async move {
        let start = Instant::now();
        let (tx, mut rx) = mpsc::channel::<u64>(1024);
        for _ in 0..PRODUCERS {
            let tx = tx.clone();
            tokio::spawn(async move {
                for i in 0..per_producer {
                    tx.send(i).await.expect("consumer is gone");
                }
            });
        }
        drop(tx);
        let consumer = tokio::spawn(async move {
            let mut sum = 0u64;
            while let Some(v) = rx.recv().await {
                sum += v;
            }
            sum
        });
        let sum = consumer.await.unwrap();
        let elapsed = start.elapsed();
        assert_eq!(sum, PRODUCERS * (per_producer * (per_producer - 1) / 2), "sum");
        per(elapsed, PRODUCERS * per_producer)
    })
}

/// W4's readings: RSS growth and live heap bytes per idle task, creation time per task.
pub struct IdleMemory {
    pub rss_per_task: f64,
    pub heap_per_task: f64,
    pub create_ns_per_task: f64,
}

/// Spawns `n` tasks each awaiting its own never-sent oneshot; returns the senders (dropping
/// them ends the tasks), the time until all had started, and a count-down of finished tasks.
fn park_idle(rt: &Runtime, n: usize) -> (Vec<oneshot::Sender<()>>, f64, Arc<Countdown>) {
    let finished = Countdown::new(n);
    let fin = finished.clone();
    let (senders, ns) = root(rt, async move {
        let started = Countdown::new(n);
        let mut senders = Vec::with_capacity(n);
        let start = Instant::now();
        for _ in 0..n {
            let (tx, rx) = oneshot::channel::<()>();
            senders.push(tx);
            let started = started.clone();
            let fin = fin.clone();
            tokio::spawn(async move {
                started.tick();
                let _ = rx.await; // Err once the sender is dropped
                fin.tick();
            });
        }
        started.zero.notified().await;
        (senders, per(start.elapsed(), n as u64))
    });
    (senders, ns, finished)
}

fn release_idle(rt: &Runtime, senders: Vec<oneshot::Sender<()>>, finished: Arc<Countdown>) {
    drop(senders);
    root(rt, async move { finished.zero.notified().await });
}

/// W4: `n` tasks each suspended on its own oneshot. RSS and creation time come from a first
/// pass with byte counting off; live heap bytes from a second pass with it on.
pub fn idle_memory(rt: &Runtime, n: usize) -> IdleMemory {
    let rss0 = measure::rss_bytes();
    let (senders, create_ns, finished) = park_idle(rt, n);
    std::thread::sleep(Duration::from_millis(100));
    let rss1 = measure::rss_bytes();
    release_idle(rt, senders, finished);

    measure::counting(true);
    let heap0 = measure::live_bytes();
    let (senders, _, finished) = park_idle(rt, n);
    let heap1 = measure::live_bytes();
    measure::counting(false);
    release_idle(rt, senders, finished);
    IdleMemory {
        rss_per_task: (rss1 as f64 - rss0 as f64) / n as f64,
        heap_per_task: (heap1 - heap0) as f64 / n as f64,
        create_ns_per_task: create_ns,
    }
}

/// W5: each task spawns the next, a chain of `n`; ns per spawn.
pub fn chained_spawn(rt: &Runtime, n: usize) -> f64 {
    fn link(left: usize, done: oneshot::Sender<()>) {
        if left == 0 {
            let _ = done.send(());
        } else {
            tokio::spawn(async move { link(left - 1, done) });
        }
    }
    root(rt, async move {
        let (tx, rx) = oneshot::channel();
        let start = Instant::now();
        link(n, tx);
        rx.await.unwrap();
        per(start.elapsed(), n as u64)
    })
}

/// W6's readings (the heap figure is live bytes per pending sleep task, counted by the allocator).
pub struct Timers {
    pub wall_s: f64,
    pub loaded_p50_ms: f64,
    pub loaded_p99_ms: f64,
    pub heap_per_sleep: f64,
    pub idle_p50_ms: f64,
    pub idle_p99_ms: f64,
    pub timeout_ready_ns: f64,
}

/// W6: `n` concurrent sleeps of 1..1000 ms: wall time and lateness; then the heap of `n`
/// pending sleeps; lateness of single sleeps on an idle runtime; `timeout` around a ready future.
pub fn timers(rt: &Runtime, n: usize) -> Timers {
    let ms = measure::sleep_millis(n);
    let t0 = Instant::now();
    let mut late = root(rt, async move {
        let start = Instant::now();
        let sleepers: Vec<_> = ms
            .into_iter()
            .map(|m| {
                let deadline = start + Duration::from_millis(m);
                tokio::spawn(async move {
                    // Like the Java suites: the sleep starts when the task runs, lateness is
                    // counted from the round's start, so a slow spawn shows as lateness.
                    tokio::time::sleep(Duration::from_millis(m)).await;
                    Instant::now().duration_since(deadline).as_nanos() as i64
                })
            })
            .collect();
        let mut late = Vec::with_capacity(n);
        for s in sleepers {
            late.push(s.await.unwrap());
        }
        late
    });
    let wall_s = t0.elapsed().as_secs_f64();

    measure::counting(true);
    let heap0 = measure::live_bytes();
    let pending = root(rt, async move {
        let pending: Vec<_> = (0..n)
            .map(|_| tokio::spawn(tokio::time::sleep(Duration::from_secs(600))))
            .collect();
        tokio::time::sleep(Duration::from_millis(50)).await; // every sleeper has registered
        pending
    });
    let heap1 = measure::live_bytes();
    measure::counting(false);
    root(rt, async move {
        for p in &pending {
            p.abort();
        }
        for p in pending {
            let _ = p.await;
        }
    });

    let mut idle = root(rt, async {
        let mut late = Vec::with_capacity(200);
        for i in 0..200u64 {
            let d = Duration::from_millis(1 + (i * 7) % 20);
            let s = Instant::now();
            tokio::time::sleep(d).await;
            late.push((s.elapsed().as_nanos() - d.as_nanos()) as i64);
        }
        late
    });

    // As the Java harness (`Measure.TIMEOUT_READY_RUNS`): three runs, the last one counts. A JIT
    // needs the first two; tokio has none, and runs the same shape.
    let mut timeout_ready_ns = f64::NAN;
    for _ in 0..TIMEOUT_READY_RUNS {
        timeout_ready_ns = root(rt, async {
            let reps = 1_000_000u64;
            let s = Instant::now();
            let mut sum = 0u64;
            for i in 0..reps {
                sum += tokio::time::timeout(Duration::from_secs(1), std::future::ready(i)).await.unwrap();
            }
            assert!(sum > 0);
            per(s.elapsed(), reps)
        });
    }

    Timers {
        wall_s,
        loaded_p50_ms: measure::percentile(&mut late, 50.0) / 1e6,
        loaded_p99_ms: measure::percentile(&mut late, 99.0) / 1e6,
        heap_per_sleep: (heap1 - heap0) as f64 / n as f64,
        idle_p50_ms: measure::percentile(&mut idle, 50.0) / 1e6,
        idle_p99_ms: measure::percentile(&mut idle, 99.0) / 1e6,
        timeout_ready_ns,
    }
}

/// W7: `tasks` tasks each yield `yields` times; ns per yield.
pub fn yield_many(rt: &Runtime, tasks: usize, yields: usize) -> f64 {
    root(rt, async move {
        let start = Instant::now();
        let handles: Vec<_> = (0..tasks)
            .map(|_| {
                tokio::spawn(async move {
                    for _ in 0..yields {
                        tokio::task::yield_now().await;
                    }
                })
            })
            .collect();
        for h in handles {
            h.await.unwrap();
        }
        per(start.elapsed(), (tasks * yields) as u64)
    })
}
