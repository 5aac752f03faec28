//! Break fits (issue 14). Exact segmentation of n = 1,000 and 10,000 points
//! with 5 breaks (price cuts and regimes; bench/breaks.sh compares them
//! with ruptures), and the scale target: n = 1e6 points with segments of at
//! least 1 % (the coarse-to-fine search, approximate) against one
//! log-linear fit of the same data, measured in the same run (target: at
//! most 100x). The no-break test is off (`replicas(0)`): the search is
//! what is timed.
//!
//! `cargo bench --bench breaks`
#![allow(missing_docs)] // criterion_group! defines an undocumented pub fn

use std::hint::black_box;
use std::time::Duration;

use costtrend::breaks::BreakOptions;
use costtrend::fit;
use criterion::{Criterion, criterion_group, criterion_main};

/// Sorted times on [0, 10] and prices whose log level drops at t = 3 and 6
/// on a slope of -0.1, with uniform noise (xorshift).
fn series(n: usize) -> (Vec<f64>, Vec<f64>) {
    let mut s = 0x2545_F491_4F6C_DD1Du64;
    let mut u = move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    };
    let t: Vec<f64> = (0..n).map(|i| 10.0 * (i as f64 + u()) / n as f64).collect();
    let p = t
        .iter()
        .map(|&x| {
            let level = if x < 3.0 {
                0.0
            } else if x < 6.0 {
                -1.0
            } else {
                -1.5
            };
            (level - 0.1 * x + 0.5 * (u() - 0.5)).exp()
        })
        .collect();
    (t, p)
}

fn exact(c: &mut Criterion) {
    let mut g = c.benchmark_group("breaks exact");
    g.sample_size(10).measurement_time(Duration::from_secs(6));
    let opts = BreakOptions::new().min_len(10).breaks(5).replicas(0);
    for n in [1_000, 10_000] {
        let (t, p) = series(n);
        g.bench_function(format!("price_cuts 5 breaks n={n}"), |b| {
            b.iter(|| opts.price_cuts(black_box(&t), black_box(&p)).unwrap())
        });
        g.bench_function(format!("regimes 5 breaks n={n}"), |b| {
            b.iter(|| opts.regimes(black_box(&t), black_box(&p)).unwrap())
        });
    }
    let (t, p) = series(1_000);
    g.bench_function("trend_breaks BIC up to 5, n=1000", |b| {
        b.iter(|| {
            BreakOptions::new()
                .replicas(0)
                .trend_breaks(black_box(&t), black_box(&p))
                .unwrap()
        })
    });
    g.bench_function("no-break test, 999 replicas, n=1000", |b| {
        b.iter(|| {
            BreakOptions::new()
                .max_breaks(1)
                .price_cuts(black_box(&t), black_box(&p))
                .unwrap()
        })
    });
    g.finish();
}

fn scale(c: &mut Criterion) {
    let n = 1_000_000;
    let (t, p) = series(n);
    let opts = BreakOptions::new().min_len(n / 100).replicas(0);
    let mut g = c.benchmark_group("breaks scale 1e6");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    g.bench_function("log-linear fit (the yardstick)", |b| {
        b.iter(|| fit::exponential(black_box(&t), black_box(&p)).unwrap())
    });
    g.bench_function("price_cuts min_len 1%", |b| {
        b.iter(|| opts.price_cuts(black_box(&t), black_box(&p)).unwrap())
    });
    g.bench_function("regimes min_len 1%", |b| {
        b.iter(|| opts.regimes(black_box(&t), black_box(&p)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, exact, scale);
criterion_main!(benches);
