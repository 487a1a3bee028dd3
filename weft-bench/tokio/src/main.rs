//! weft's tokio peer: runs W1-W7 on one tokio runtime and prints the Java harness's lines,
//! `RESULT|tokio-mt|W1_spawn_many|time|ns/task|v1,v2,...`.
//!
//!     weft-tokio-bench --rt mt|ct [--workload all|w1,w2,..] [--rounds 5] [--warmup 2] [--quick]
//!
//! `mt` is the multi-thread runtime with 2 workers, `ct` the current-thread runtime. Sizes are
//! those of the Java harness (`Workloads.Sizes`); keep the two in step.

mod measure;
mod workloads;

use std::time::Duration;

#[global_allocator]
static ALLOC: measure::CountingAlloc = measure::CountingAlloc;

/// The most timed rounds of W6: `Workloads.W6_ROUNDS` in weft-bench.
const W6_ROUNDS: usize = 2;

/// Workload sizes: the same as `Workloads.Sizes` in weft-bench.
struct Sizes {
    spawn: usize,
    ping_pong: u64,
    per_producer: u64,
    idle: usize,
    chain: usize,
    timers: usize,
    yield_tasks: usize,
    yields: usize,
}

const FULL: Sizes = Sizes {
    spawn: 1_000_000,
    ping_pong: 1_000_000,
    per_producer: 1_000_000,
    idle: 1_000_000,
    chain: 1_000_000,
    timers: 1_000_000,
    yield_tasks: 200,
    yields: 1_000,
};

const QUICK: Sizes = Sizes {
    spawn: 200_000,
    ping_pong: 100_000,
    per_producer: 100_000,
    idle: 100_000,
    chain: 200_000,
    timers: 100_000,
    yield_tasks: 200,
    yields: 200,
};

impl Sizes {
    /// One line for the report, in the words of `Workloads.Sizes.describe()`.
    fn describe(&self) -> String {
        format!(
            "W1 {} tasks; W2 {} round trips; W3 4 x {} messages; W4 {} idle tasks; W5 a chain of {}; \
             W6 {} sleeps; W7 {} tasks x {} yields",
            thousands(self.spawn as u64),
            thousands(self.ping_pong),
            thousands(self.per_producer),
            thousands(self.idle as u64),
            thousands(self.chain as u64),
            thousands(self.timers as u64),
            thousands(self.yield_tasks as u64),
            thousands(self.yields as u64)
        )
    }
}

/// 1000000 as "1,000,000".
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn arg<'a>(args: &'a [String], name: &str, default: &'a str) -> &'a str {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map_or(default, String::as_str)
}

fn report(imp: &str, workload: &str, metric: &str, unit: &str, values: &[f64]) {
    let v: Vec<String> = values.iter().map(|x| format!("{x:.3}")).collect();
    println!("RESULT|{imp}|{workload}|{metric}|{unit}|{}", v.join(","));
}

/// Runs `round` `warmup` times untimed, then `rounds` times, and reports the timed values.
fn timed(imp: &str, name: &str, unit: &str, rounds: usize, warmup: usize, mut round: impl FnMut() -> f64) {
    let mut values = Vec::with_capacity(rounds);
    for i in 0..warmup + rounds {
        let v = round();
        let phase = if i < warmup { "warmup" } else { "round" };
        eprintln!("{imp} {name} {phase} {}: {v:.1} {unit}", if i < warmup { i } else { i - warmup });
        if i >= warmup {
            values.push(v);
        }
    }
    report(imp, name, "time", unit, &values);
}

fn build_runtime(kind: &str) -> tokio::runtime::Runtime {
    let mut b = match kind {
        "mt" => {
            let mut b = tokio::runtime::Builder::new_multi_thread();
            b.worker_threads(2);
            b
        }
        "ct" => tokio::runtime::Builder::new_current_thread(),
        other => panic!("--rt mt|ct, not {other}"),
    };
    b.enable_all().build().expect("tokio runtime")
}

/// Keeps freed memory in the process (glibc's malloc otherwise hands the top of its heaps
/// back to the kernel after every round, and the next round pays a page fault per 4 KiB again:
/// on this kind of machine that is ~0.4 s per 100,000 spawned sleeps). This is what
/// `-Xms4g -Xmx4g` does for the JVMs: the heap, once touched, stays.
fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        const M_TRIM_THRESHOLD: i32 = -1;
        // SAFETY: mallopt only sets a tuning parameter of glibc's allocator.
        unsafe {
            mallopt(M_TRIM_THRESHOLD, i32::MAX);
        }
    }
}

fn main() {
    keep_freed_memory();
    let args: Vec<String> = std::env::args().collect();
    let kind = arg(&args, "--rt", "mt");
    let quick = args.iter().any(|a| a == "--quick");
    let rounds: usize = arg(&args, "--rounds", if quick { "1" } else { "5" }).parse().expect("--rounds");
    let warmup: usize = arg(&args, "--warmup", if quick { "1" } else { "2" }).parse().expect("--warmup");
    let which = arg(&args, "--workload", "all");
    let z = if quick { &QUICK } else { &FULL };
    let imp = format!("tokio-{kind}");
    let rt = build_runtime(kind);
    println!("META|{imp}|sizes|{}", z.describe());

    let mut list: Vec<String> = if which == "all" {
        "w4,w1,w2,w3,w5,w7,w6".split(',').map(String::from).collect()
    } else {
        which.split(',').map(|w| w.trim().to_lowercase()).collect()
    };
    if let Some(i) = list.iter().position(|w| w == "w4") {
        let w4 = list.remove(i); // RSS only grows: measure idle memory first
        list.insert(0, w4);
    }

    for w in &list {
        match w.as_str() {
            "w1" => timed(&imp, "W1_spawn_many", "ns/task", rounds, warmup, || workloads::spawn_many(&rt, z.spawn)),
            "w2" => timed(&imp, "W2_ping_pong", "ns/roundtrip", rounds, warmup, || workloads::ping_pong(&rt, z.ping_pong)),
            "w3" => timed(&imp, "W3_mpsc", "ns/msg", rounds, warmup, || workloads::mpsc(&rt, z.per_producer)),
            "w5" => timed(&imp, "W5_chained_spawn", "ns/spawn", rounds, warmup, || workloads::chained_spawn(&rt, z.chain)),
            "w7" => timed(&imp, "W7_yield_many", "ns/yield", rounds, warmup, || {
                workloads::yield_many(&rt, z.yield_tasks, z.yields)
            }),
            "w4" => {
                workloads::idle_memory(&rt, (z.idle / 100).max(1)); // warm the code paths, not the heap
                let m = workloads::idle_memory(&rt, z.idle);
                report(&imp, "W4_idle_memory", "heap_per_task", "B", &[m.heap_per_task]);
                report(&imp, "W4_idle_memory", "rss_per_task", "B", &[m.rss_per_task]);
                report(&imp, "W4_idle_memory", "create_ns_per_task", "ns", &[m.create_ns_per_task]);
            }
            "w6" => {
                // As the Java harness: at most W6_ROUNDS rounds (W6 is the longest workload);
                // with one round, a full-size warm-up so that it is not the first to touch this
                // much memory.
                let timed_rounds = rounds.min(W6_ROUNDS);
                if warmup > 0 {
                    workloads::timers(&rt, if timed_rounds == 1 { z.timers } else { z.timers / 10 });
                }
                let all: Vec<workloads::Timers> = (0..timed_rounds).map(|_| workloads::timers(&rt, z.timers)).collect();
                let col = |f: fn(&workloads::Timers) -> f64| all.iter().map(f).collect::<Vec<f64>>();
                report(&imp, "W6_timers", "wall", "s", &col(|t| t.wall_s));
                report(&imp, "W6_timers", "loaded_lateness_p50", "ms", &col(|t| t.loaded_p50_ms));
                report(&imp, "W6_timers", "loaded_lateness_p99", "ms", &col(|t| t.loaded_p99_ms));
                report(&imp, "W6_timers", "heap_per_sleep", "B", &col(|t| t.heap_per_sleep));
                report(&imp, "W6_timers", "idle_lateness_p50", "ms", &col(|t| t.idle_p50_ms));
                report(&imp, "W6_timers", "idle_lateness_p99", "ms", &col(|t| t.idle_p99_ms));
                report(&imp, "W6_timers", "timeout_ready", "ns", &col(|t| t.timeout_ready_ns));
            }
            other => panic!("unknown workload {other}"),
        }
    }
    rt.shutdown_timeout(Duration::from_secs(5));
}
