//! weft's load client for the network workloads, the same binary against every echo server on
//! 127.0.0.1. It prints the Java harness's lines, `RESULT|<label>|W9_many_connections|...`.
//!
//!     weft-net-client many --port P --label NAME [--conns 10000] [--msgs 10] [--size 64]
//!                          [--rounds 3] [--warmup-conns 1000] [--connect-limit 512]
//!     weft-net-client echo --port P --label NAME [--conns 50] [--iters 20000] [--size 64]
//!                          [--warmup-iters 5000]
//!
//! `many` is W9: connections that each echo a few messages, then stay open idle while the
//! harness reads the server's memory (see many.rs for the conversation on stdin and stdout).
//! `echo` is one round of W8's shape that reports the p99.9 latency, which W8's client of record
//! (`echo_client` of the shared tokio benchmarks) does not print.

mod echo;
mod many;

use std::process::exit;

fn arg<'a>(args: &'a [String], name: &str, default: &'a str) -> &'a str {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map_or(default, String::as_str)
}

fn number(args: &[String], name: &str, default: &str) -> usize {
    let text = arg(args, name, default);
    text.parse().unwrap_or_else(|_| fail(&format!("{name} needs a number, not {text}")))
}

/// Stops the client with a message; the harness reads the exit code and the log.
pub fn fail(why: &str) -> ! {
    eprintln!("weft-net-client: {why}");
    exit(1)
}

pub fn report(label: &str, workload: &str, metric: &str, unit: &str, values: &[f64]) {
    let v: Vec<String> = values.iter().map(|x| format!("{x:.3}")).collect();
    println!("RESULT|{label}|{workload}|{metric}|{unit}|{}", v.join(","));
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let mode = args.get(1).map_or("", String::as_str);
    let port = u16::try_from(number(&args, "--port", "0")).unwrap_or(0);
    if port == 0 {
        fail("--port P is needed (the echo server's port on 127.0.0.1)");
    }
    let label = arg(&args, "--label", "server").to_string();
    // The clients of record (echo_client) use the same: a multi-thread runtime with 2 workers.
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap_or_else(|e| fail(&format!("no tokio runtime: {e}")));
    match mode {
        "many" => many::run(
            &rt,
            &label,
            many::Config {
                port,
                conns: number(&args, "--conns", "10000"),
                msgs: number(&args, "--msgs", "10"),
                size: number(&args, "--size", "64"),
                rounds: number(&args, "--rounds", "3"),
                warmup_conns: number(&args, "--warmup-conns", "1000"),
                connect_limit: number(&args, "--connect-limit", "512").max(1),
            },
        ),
        "echo" => echo::run(
            &rt,
            &label,
            echo::Config {
                port,
                conns: number(&args, "--conns", "50"),
                iters: number(&args, "--iters", "20000"),
                size: number(&args, "--size", "64"),
                warmup_iters: number(&args, "--warmup-iters", "5000"),
            },
        ),
        other => fail(&format!("the first argument is many or echo, not '{other}'")),
    }
}
