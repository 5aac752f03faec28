//! What the side-by-side benchmarks share: reading the script's raw
//! `f64` files and timing a call by its minimum over repeats.

use std::path::Path;
use std::time::{Duration, Instant};

/// A file of little-endian `f64`s, as the comparison scripts write them.
pub(crate) fn read_f64s(path: &Path) -> Vec<f64> {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bytes
        .chunks_exact(8)
        .map(|c| f64::from_le_bytes(c.try_into().unwrap()))
        .collect()
}

/// Minimum time of one call over as many calls as fit in about
/// `budget_secs` (at least 3, at most `max_reps`).
pub(crate) fn best(budget_secs: f64, max_reps: f64, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    f();
    let first = start.elapsed();
    let reps = (budget_secs / first.as_secs_f64().max(1e-9)).clamp(3.0, max_reps) as usize;
    let mut best = first;
    for _ in 0..reps {
        let s = Instant::now();
        f();
        best = best.min(s.elapsed());
    }
    best
}
