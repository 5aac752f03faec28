//! Forecasting speed: `random_walk` on n = 1e6 points (target: at most
//! 2 ns per point), by default (the prior on every difference: one pass
//! that checks every point and takes a logarithm of every price) and
//! without a prior (the same pass, summing the last 5 differences); the
//! queries of one walk (median, 95 % interval, the capped mean, which is a
//! quadrature, and a bill); and a backtest of 60 series with about 8,000
//! hindcasts (target: under 20 ms).
//!
//! `cargo bench --bench forecast`
#![allow(missing_docs)] // criterion_group! defines an undocumented pub fn

use std::hint::black_box;
use std::time::Duration;

use costtrend::forecast::{BacktestOptions, RandomWalkOptions};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

/// A geometric random walk with drift on a yearly grid (xorshift noise).
fn walk(n: usize, seed: u64, drift: f64) -> (Vec<f64>, Vec<f64>) {
    let mut s = seed | 1;
    let mut y = 5.0;
    let mut t = Vec::with_capacity(n);
    let mut p = Vec::with_capacity(n);
    for i in 0..n {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let u = (s >> 11) as f64 / (1u64 << 53) as f64;
        y += drift + 0.3 * (u - 0.5);
        t.push(1950.0 + i as f64);
        p.push(y.exp());
    }
    (t, p)
}

fn random_walk(c: &mut Criterion) {
    let (t, p) = walk(1_000_000, 7, 0.0); // no drift: a million steps stay in range
    let mut g = c.benchmark_group("forecast");
    g.sample_size(20).measurement_time(Duration::from_secs(4));
    g.throughput(Throughput::Elements(t.len() as u64));
    g.bench_function("random_walk default 1e6", |b| {
        b.iter(|| costtrend::forecast::random_walk(black_box(&t), black_box(&p)).unwrap())
    });
    g.bench_function("random_walk without a prior 1e6", |b| {
        let opts = RandomWalkOptions::new().without_prior();
        b.iter(|| opts.fit(black_box(&t), black_box(&p)).unwrap())
    });
    g.finish();
}

fn queries(c: &mut Criterion) {
    use costtrend::Usage;
    use costtrend::forecast::Forecast;
    let (t, p) = walk(24, 3, -0.2);
    let rw = costtrend::forecast::random_walk(&t, &p).unwrap();
    let at = t[23] + 2.5;
    let mut g = c.benchmark_group("forecast query");
    g.bench_function("median_at", |b| b.iter(|| rw.median_at(black_box(at))));
    g.bench_function("interval_at 95 %", |b| {
        b.iter(|| rw.interval_at(black_box(at), 0.95).unwrap())
    });
    g.bench_function("mean_at (capped, quadrature)", |b| {
        b.iter(|| rw.mean_at(black_box(at)))
    });
    g.bench_function("bill over a year (4,000 paths)", |b| {
        let u = Usage::constant(1.0);
        b.iter(|| rw.bill(&u, black_box(at), at + 1.0, 0.9).unwrap())
    });
    g.finish();
}

fn backtest(c: &mut Criterion) {
    // 60 series of 22 points: 16 origins each, up to 20 points ahead.
    let data: Vec<_> = (0..60).map(|k| walk(22, 100 + k, -0.1)).collect();
    let series: Vec<(&[f64], &[f64])> = data.iter().map(|(t, p)| (&t[..], &p[..])).collect();
    let opts = BacktestOptions::new();
    let hindcasts = opts.backtest(&series).unwrap().hindcasts();
    let mut g = c.benchmark_group("forecast");
    g.throughput(Throughput::Elements(hindcasts as u64));
    g.bench_function(format!("backtest 60 series, {hindcasts} hindcasts"), |b| {
        b.iter(|| opts.backtest(black_box(&series)).unwrap())
    });
    g.finish();
}

criterion_group!(benches, random_walk, queries, backtest);
criterion_main!(benches);
