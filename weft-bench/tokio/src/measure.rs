//! What the workloads read besides the clock: live heap bytes (a counting allocator), the
//! process's RSS, percentiles, and the W6 sleep lengths (the same sequence as the Java harness).

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

/// The system allocator, counting the bytes of live allocations while [`counting`] is on.
/// Off (the timed workloads), it costs one relaxed load per call; on, counts go to per-thread
/// slots so that the two workers do not fight over one cache line.
pub struct CountingAlloc;

const SLOTS: usize = 64;

#[repr(align(64))]
struct Slot(AtomicI64);

static ON: AtomicBool = AtomicBool::new(false);
#[allow(clippy::declare_interior_mutable_const)]
const ZERO: Slot = Slot(AtomicI64::new(0));
static LIVE: [Slot; SLOTS] = [ZERO; SLOTS];
static NEXT_SLOT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

thread_local! {
    static MY_SLOT: usize = NEXT_SLOT.fetch_add(1, Ordering::Relaxed) % SLOTS;
}

fn add(delta: i64) {
    if ON.load(Ordering::Relaxed) {
        let slot = MY_SLOT.try_with(|s| *s).unwrap_or(0);
        LIVE[slot].0.fetch_add(delta, Ordering::Relaxed);
    }
}

unsafe impl GlobalAlloc for CountingAlloc {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as i64);
        System.alloc(layout)
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        add(layout.size() as i64);
        System.alloc_zeroed(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        add(-(layout.size() as i64));
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        add(new_size as i64 - layout.size() as i64);
        System.realloc(ptr, layout, new_size)
    }
}

/// Turns byte counting on or off (on for the memory readings of W4 and W6 only).
pub fn counting(on: bool) {
    ON.store(on, Ordering::SeqCst);
}

/// Net bytes allocated and not freed since counting was turned on (requested sizes, so
/// without the allocator's own per-chunk overhead).
pub fn live_bytes() -> i64 {
    LIVE.iter().map(|s| s.0.load(Ordering::SeqCst)).sum()
}

/// This process's resident set size in bytes (Linux), or 0 elsewhere.
pub fn rss_bytes() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
        .map_or(0, |kb| kb * 1024)
}

/// The p-th percentile (0..100) of `values`, which it sorts; nearest rank, as the Java harness.
pub fn percentile(values: &mut [i64], p: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_unstable();
    let i = (p / 100.0 * (values.len() - 1) as f64).round() as usize;
    values[i.min(values.len() - 1)] as f64
}

/// Sleep lengths 1..1000 ms for W6: the xorshift sequence of the Java harness's
/// `Measure.sleepMillis`, so every implementation sleeps the same lengths.
pub fn sleep_millis(n: usize) -> Vec<u64> {
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            1 + (x as i64).rem_euclid(1000) as u64
        })
        .collect()
}
