//! W8's shape for its p99.9 latency: `conns` connections, all connected before the clock
//! starts, each doing `iters` sequential round trips of `size` bytes. One warm-up round of
//! `warmup_iters`, then one timed round. Percentiles are taken as `echo_client` takes them (the
//! sample at index `count * q` of the sorted latencies), so the figures line up with its p50
//! and p99.

use crate::{fail, report};
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;
use tokio::sync::Barrier;

pub struct Config {
    pub port: u16,
    pub conns: usize,
    pub iters: usize,
    pub size: usize,
    pub warmup_iters: usize,
}

/// The longest a round may take before the client gives up.
const ROUND_LIMIT: Duration = Duration::from_secs(300);

pub fn run(rt: &Runtime, label: &str, cfg: Config) {
    for (phase, iters) in [("warmup", cfg.warmup_iters), ("timed", cfg.iters)] {
        let (took, mut lat) = one_round(rt, &cfg, iters);
        lat.sort_unstable();
        let count = lat.len();
        if count == 0 {
            fail("a round made no round trips");
        }
        let p = |q: f64| lat[((count as f64 * q) as usize).min(count - 1)] as f64 / 1000.0;
        eprintln!(
            "{label} W8 echo {phase}: {:.0} rt/s p50 {:.1} us p99 {:.1} us p99.9 {:.1} us ({count} in {:.2} s)",
            count as f64 / took.as_secs_f64(),
            p(0.50),
            p(0.99),
            p(0.999),
            took.as_secs_f64()
        );
        eprintln!(
            "{label} W8 echo {phase} distribution (us): p10 {:.1} p25 {:.1} p75 {:.1} p90 {:.1} p95 {:.1} p99.9 {:.1} max {:.1}",
            p(0.10), p(0.25), p(0.75), p(0.90), p(0.95), p(0.999), p(1.0)
        );
        if phase == "timed" {
            report(label, "W8_echo", "p99.9_one_round", "us", &[p(0.999)]);
        }
    }
}

fn one_round(rt: &Runtime, cfg: &Config, iters: usize) -> (Duration, Vec<u32>) {
    let (port, conns, size) = (cfg.port, cfg.conns, cfg.size);
    rt.block_on(async move {
        let barrier = Arc::new(Barrier::new(conns + 1));
        let tasks: Vec<_> = (0..conns)
            .map(|c| tokio::spawn(round_trips(port, c, iters, size, barrier.clone())))
            .collect();
        barrier.wait().await;
        let start = Instant::now();
        let joined = tokio::time::timeout(ROUND_LIMIT, async {
            let mut all = Vec::with_capacity(conns * iters);
            for task in tasks {
                match task.await {
                    Ok(Ok(lat)) => all.extend(lat),
                    Ok(Err(e)) => return Err(e.to_string()),
                    Err(e) => return Err(format!("task failed: {e}")),
                }
            }
            Ok(all)
        })
        .await;
        match joined {
            Err(_) => fail(&format!("the round took longer than {ROUND_LIMIT:?}")),
            Ok(Err(why)) => fail(&format!("a connection failed: {why}")),
            Ok(Ok(all)) => (start.elapsed(), all),
        }
    })
}

/// One connection: connects, waits at the barrier with the others, then `iters` round trips;
/// the latency of each in nanoseconds.
async fn round_trips(
    port: u16,
    c: usize,
    iters: usize,
    size: usize,
    barrier: Arc<Barrier>,
) -> io::Result<Vec<u32>> {
    // A connect failure must still reach the barrier, or the other tasks would wait for ever.
    let connected = TcpStream::connect(("127.0.0.1", port)).await;
    barrier.wait().await;
    let mut sock = connected?;
    sock.set_nodelay(true)?;
    let msg: Vec<u8> = (0..size).map(|i| (i + c) as u8).collect();
    let mut buf = vec![0u8; size];
    let mut lat = Vec::with_capacity(iters);
    for _ in 0..iters {
        let t0 = Instant::now();
        sock.write_all(&msg).await?;
        sock.read_exact(&mut buf).await?;
        lat.push(t0.elapsed().as_nanos().min(u32::MAX as u128) as u32);
    }
    if buf != msg {
        return Err(io::Error::new(io::ErrorKind::InvalidData, "the echo differs from the message"));
    }
    Ok(lat)
}
