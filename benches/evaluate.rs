//! Evaluation speed: one point, bulk arbitrary times, and the queries.
//!
//! `cargo bench --bench evaluate`
#![allow(missing_docs)] // criterion_group! defines an undocumented pub fn

use std::hint::black_box;

use costtrend::DecayModel;
use costtrend::PriceCurve;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};

fn times(n: usize) -> Vec<f64> {
    // A fixed, irregular set of times on [0, 10] (a tiny LCG, no rand crate).
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            (state >> 11) as f64 / (1u64 << 53) as f64 * 10.0
        })
        .collect()
}

fn single_point(c: &mut Criterion) {
    let m = DecayModel::exponential(100.0, 0.3).with_origin(2020.0);
    let (p0, lambda, origin) = (100.0_f64, 0.3_f64, 2020.0_f64);
    let mut g = c.benchmark_group("at_one_point");
    g.bench_function("DecayModel::at", |b| b.iter(|| m.at(black_box(2024.5))));
    g.bench_function("bare expression", |b| {
        b.iter(|| p0 * (-lambda * (black_box(2024.5) - origin)).exp())
    });
    g.finish();
}

fn bulk(c: &mut Criterion) {
    let models = [
        ("exponential", DecayModel::exponential(100.0, 0.3)),
        ("linear", DecayModel::linear(100.0, 8.0)),
        ("step_discount", DecayModel::step_discount(100.0, 0.2, 1.0)),
    ];
    let mut g = c.benchmark_group("eval_into");
    for n in [1_000, 100_000, 1_000_000] {
        let ts = times(n);
        let mut out = vec![0.0; n];
        g.throughput(Throughput::Elements(n as u64));
        for (name, m) in &models {
            g.bench_with_input(BenchmarkId::new(*name, n), &ts, |b, ts| {
                b.iter(|| m.eval_into(black_box(ts), &mut out).unwrap())
            });
        }
    }
    g.finish();
}

fn grid(c: &mut Criterion) {
    let models = [
        ("exponential", DecayModel::exponential(100.0, 0.3)),
        ("linear", DecayModel::linear(100.0, 8.0)),
        ("step_discount", DecayModel::step_discount(100.0, 0.2, 1.0)),
    ];
    let mut g = c.benchmark_group("eval_grid_into");
    for n in [1_000, 1_000_000] {
        let mut out = vec![0.0; n];
        let step = 10.0 / n as f64;
        g.throughput(Throughput::Elements(n as u64));
        for (name, m) in &models {
            g.bench_with_input(BenchmarkId::new(*name, n), &n, |b, _| {
                b.iter(|| m.eval_grid_into(black_box(0.0), step, &mut out))
            });
        }
    }
    g.finish();
}

fn queries(c: &mut Criterion) {
    let models = [
        (
            "exponential",
            DecayModel::exponential(100.0, 0.3).with_floor(5.0),
        ),
        ("linear", DecayModel::linear(100.0, 8.0)),
        ("step_discount", DecayModel::step_discount(100.0, 0.2, 1.0)),
    ];
    let mut g = c.benchmark_group("queries");
    for (name, m) in &models {
        g.bench_function(BenchmarkId::new("time_to", name), |b| {
            b.iter(|| m.time_to(black_box(30.0)))
        });
        g.bench_function(BenchmarkId::new("integral", name), |b| {
            b.iter(|| m.integral(black_box(0.5), black_box(7.25)))
        });
    }
    g.finish();
}

criterion_group!(benches, single_point, bulk, grid, queries);
criterion_main!(benches);
