//! Fitting speed for every fit at n = 1e3, 1e5, 1e6, and the streaming
//! accumulator's `push`.
//!
//! `cargo bench --bench fit`
#![allow(missing_docs)] // criterion_group! defines an undocumented pub fn

use std::hint::black_box;
use std::time::Duration;

use costtrend::fit::{self, Accumulator};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

/// `t` uniform on [0, 10] (a small LCG), `price = 100 exp(-0.3 t)` times a
/// deterministic log-normal-like factor, plus a floor of 2 for the floor fit.
fn data(n: usize, floor: f64) -> (Vec<f64>, Vec<f64>) {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64;
    let mut uniform = move || {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let t: Vec<f64> = (0..n).map(|_| 10.0 * uniform()).collect();
    let p = t
        .iter()
        .map(|t| floor + 100.0 * (-0.3 * t).exp() * (0.05 * (uniform() - 0.5) * 3.46).exp())
        .collect();
    (t, p)
}

fn fits(c: &mut Criterion) {
    let mut g = c.benchmark_group("fit");
    for n in [1_000usize, 100_000, 1_000_000] {
        if n >= 1_000_000 {
            g.sample_size(10).measurement_time(Duration::from_secs(4));
        } else {
            g.sample_size(20).measurement_time(Duration::from_secs(2));
        }
        g.throughput(Throughput::Elements(n as u64));
        let (t, p) = data(n, 0.0);
        let (tf, pf) = data(n, 2.0);
        g.bench_with_input(BenchmarkId::new("exponential", n), &n, |b, _| {
            b.iter(|| fit::exponential(black_box(&t), black_box(&p)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("exponential_nls", n), &n, |b, _| {
            b.iter(|| fit::exponential_nls(black_box(&t), black_box(&p)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("exponential_with_floor", n), &n, |b, _| {
            b.iter(|| fit::exponential_with_floor(black_box(&tf), black_box(&pf)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("linear", n), &n, |b, _| {
            b.iter(|| fit::linear(black_box(&t), black_box(&p)).unwrap())
        });
        g.bench_with_input(BenchmarkId::new("step_discount", n), &n, |b, _| {
            b.iter(|| fit::step_discount(black_box(&t), black_box(&p), 1.0).unwrap())
        });
    }
    g.finish();
}

fn streaming(c: &mut Criterion) {
    let (t, p) = data(10_000, 0.0);
    let mut g = c.benchmark_group("accumulator");
    g.throughput(Throughput::Elements(t.len() as u64));
    g.bench_function("push 1e4", |b| {
        b.iter(|| {
            let mut acc = Accumulator::log_linear();
            for (&ti, &pi) in t.iter().zip(&p) {
                acc.push(ti, pi).unwrap();
            }
            black_box(acc)
        })
    });
    g.finish();
}

criterion_group!(benches, fits, streaming);
criterion_main!(benches);
