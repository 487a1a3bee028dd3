//! W9 many_connections: `conns` connections opened at once, each echoing `msgs` messages of
//! `size` bytes in sequence, then held open idle.
//!
//! The conversation with the harness, one line each way (with stdin at its end, as when run by
//! hand, every wait returns at once):
//!   1. two warm-up rounds of `warmup_conns` connections, each opened, echoed and closed, so that
//!      the server's code for all of it is compiled before its memory is read;
//!   2. prints `BASELINE` and waits for a line on stdin (the harness reads the server's memory);
//!   3. the memory round: the active phase at full size, its connections then held open idle;
//!      prints `IDLE <connections>` and waits for a line (the harness reads the memory again);
//!      then closes them;
//!   4. `rounds` timed rounds of the active phase, each closed at its end.
//! Reported: the active phase's wall time in each timed round. The memory round is the first at
//! full size (the server grows its tables then), so it counts as a warm-up and is only logged.
//!
//! Connections are held to `connect_limit` in flight from the connect to the first echo: ten
//! thousand at once would overflow the servers' accept backlog (1,024, tokio's default), and each
//! dropped SYN costs a 1 s retransmission, which would measure the backlog instead of the server.
//! The first echo, not the connect, ends a connection's turn: a connect returns as soon as the
//! kernel has put the connection in the server's accept queue, before the server accepts it, so
//! a limit on connects alone let the queue grow past the backlog whenever the server accepted
//! more slowly than the client connected (one W9 run of the current-thread weft server: 7,666
//! listen-queue overflows and as many SYN retransmissions; rounds took 1.3-1.6 s or, with a
//! retransmission inside, 2.2-2.5 s). Connections close with SO_LINGER 0 (a reset): no
//! TIME_WAIT, so the rounds cannot run out of ephemeral ports.

use crate::{fail, report};
use std::io::{self, BufRead, Write};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::runtime::Runtime;
use tokio::sync::Semaphore;

pub struct Config {
    pub port: u16,
    pub conns: usize,
    pub msgs: usize,
    pub size: usize,
    pub rounds: usize,
    pub warmup_conns: usize,
    pub connect_limit: usize,
}

const WORKLOAD: &str = "W9_many_connections";
/// The longest an active phase may take before the client gives up.
const PHASE_LIMIT: Duration = Duration::from_secs(180);
/// Rest between rounds, so that the server's teardown of the last round's connections does not
/// run inside the next round's timing.
const PAUSE: Duration = Duration::from_millis(1000);

pub fn run(rt: &Runtime, label: &str, cfg: Config) {
    for i in 0..2 {
        let (took, open) = active_phase(rt, &cfg, cfg.warmup_conns);
        eprintln!("{label} W9 warmup {i}: {} connections in {:.3} s", open.len(), took.as_secs_f64());
        close_all(open);
        std::thread::sleep(PAUSE);
    }
    wait_for_harness("BASELINE");
    let (took, open) = active_phase(rt, &cfg, cfg.conns);
    eprintln!("{label} W9 memory round: {} connections in {:.3} s", open.len(), took.as_secs_f64());
    wait_for_harness(&format!("IDLE {}", open.len()));
    close_all(open);
    std::thread::sleep(PAUSE);
    let mut walls = Vec::with_capacity(cfg.rounds);
    for i in 0..cfg.rounds {
        let (took, open) = active_phase(rt, &cfg, cfg.conns);
        eprintln!("{label} W9 round {i}: {} connections in {:.3} s", open.len(), took.as_secs_f64());
        walls.push(took.as_secs_f64());
        close_all(open);
        std::thread::sleep(PAUSE);
    }
    if !walls.is_empty() {
        report(label, WORKLOAD, "active_wall", "s", &walls);
    }
}

/// Opens `conns` connections at once and echoes on each; returns the wall time from the first
/// connect to the last echo, and the connections, still open. Any failed connection stops the
/// client: a figure over fewer connections would not be W9's.
fn active_phase(rt: &Runtime, cfg: &Config, conns: usize) -> (Duration, Vec<TcpStream>) {
    let (port, msgs, size) = (cfg.port, cfg.msgs, cfg.size);
    let connects = Arc::new(Semaphore::new(cfg.connect_limit));
    rt.block_on(async move {
        let start = Instant::now();
        let tasks: Vec<_> = (0..conns)
            .map(|id| tokio::spawn(open_and_echo(port, id, msgs, size, connects.clone())))
            .collect();
        let joined = tokio::time::timeout(PHASE_LIMIT, async {
            let mut open = Vec::with_capacity(conns);
            let mut failures = 0usize;
            let mut first_failure = None;
            for task in tasks {
                match task.await {
                    Ok(Ok(sock)) => open.push(sock),
                    Ok(Err(e)) => {
                        failures += 1;
                        first_failure.get_or_insert_with(|| e.to_string());
                    }
                    Err(e) => {
                        failures += 1;
                        first_failure.get_or_insert_with(|| format!("task failed: {e}"));
                    }
                }
            }
            (open, failures, first_failure)
        })
        .await;
        let elapsed = start.elapsed();
        match joined {
            Err(_) => fail(&format!("{conns} connections did not finish in {PHASE_LIMIT:?}")),
            Ok((_, failures, Some(first))) => {
                fail(&format!("{failures} of {conns} connections failed; the first: {first}"))
            }
            Ok((open, _, None)) => (elapsed, open),
        }
    })
}

/// One connection: connect, then `msgs` sequential round trips of `size` bytes, each echo
/// checked. It holds one of the connect permits from before the connect until its first echo
/// has come back, which proves the server accepted it (see the module comment).
async fn open_and_echo(
    port: u16,
    id: usize,
    msgs: usize,
    size: usize,
    connects: Arc<Semaphore>,
) -> io::Result<TcpStream> {
    let mut permit =
        Some(connects.acquire().await.expect("the connect semaphore is never closed"));
    let mut sock = TcpStream::connect(("127.0.0.1", port)).await?;
    sock.set_nodelay(true)?;
    let msg: Vec<u8> = (0..size).map(|i| (i + id) as u8).collect();
    let mut buf = vec![0u8; size];
    for _ in 0..msgs {
        sock.write_all(&msg).await?;
        sock.read_exact(&mut buf).await?;
        if buf != msg {
            return Err(io::Error::new(io::ErrorKind::InvalidData, "the echo differs from the message"));
        }
        permit.take(); // accepted: the next connection may start
    }
    drop(permit); // msgs == 0: no echo to wait for
    Ok(sock)
}

/// Closes every connection with a reset (SO_LINGER 0), so that none lingers in TIME_WAIT.
fn close_all(open: Vec<TcpStream>) {
    let mut refused = 0usize;
    for sock in &open {
        if sock.set_linger(Some(Duration::ZERO)).is_err() {
            refused += 1; // still closed, with a FIN instead
        }
    }
    if refused > 0 {
        eprintln!("weft-net-client: {refused} connections refused SO_LINGER 0 and closed normally");
    }
    drop(open);
}

/// Tells the harness where the client stands (a line on stdout), then waits for its answer.
fn wait_for_harness(signal: &str) {
    println!("{signal}");
    if let Err(e) = io::stdout().flush() {
        fail(&format!("cannot write to the harness: {e}"));
    }
    let mut answer = String::new();
    if let Err(e) = io::stdin().lock().read_line(&mut answer) {
        fail(&format!("cannot read the harness's answer: {e}"));
    }
}
