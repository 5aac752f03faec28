//! The Rust side of `bench/breaks.sh`: times the exact segmentation (price
//! cuts and regimes, 5 breaks, segments of at least 10 points) on the data
//! files the script generates and prints JSON (seconds, minimum over
//! repeats, and the breaks found as indices, to check against ruptures),
//! and the one-kink fit on the kink series (seconds a series, the kinks).
//!
//! `cargo bench --bench breaks_compare -- DATA_DIR`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use costtrend::breaks::{BreakOptions, Breaks};

const SIZES: [usize; 2] = [1_000, 10_000];
/// Points in each kink series.
const KINK_POINTS: usize = 60;

#[path = "shared/timing.rs"]
mod timing;
use timing::read_f64s;

/// Minimum time of one call over as many calls as fit in about two seconds.
fn best(f: impl FnMut()) -> Duration {
    timing::best(2.0, 200.0, f)
}

fn main() {
    let Some(dir) = std::env::args().skip(1).find(|a| !a.starts_with('-')) else {
        eprintln!("usage: breaks_compare DATA_DIR (run by bench/breaks.sh)");
        return;
    };
    let dir = Path::new(&dir);
    let opts = BreakOptions::new().min_len(10).breaks(5).replicas(0);
    let mut cases = Vec::new();
    for n in SIZES {
        let t = read_f64s(&dir.join(format!("t_{n}.f64")));
        let p: Vec<f64> = read_f64s(&dir.join(format!("y_{n}.f64")))
            .iter()
            .map(|y| y.exp())
            .collect();
        type FitFn = fn(&BreakOptions<'static>, &[f64], &[f64]) -> Breaks;
        let fits: [(&str, FitFn); 2] = [
            ("cuts", |o, t, p| o.price_cuts(t, p).unwrap()),
            ("regimes", |o, t, p| o.regimes(t, p).unwrap()),
        ];
        for (name, fit) in fits {
            let b = fit(&opts, &t, &p);
            assert!(b.exact());
            let starts: Vec<usize> = b
                .times()
                .iter()
                .map(|&x| t.partition_point(|&v| v < x))
                .collect();
            let d = best(|| {
                black_box(fit(&opts, black_box(&t), black_box(&p)));
            });
            cases.push(format!(
                "{{\"n\": {n}, \"cost\": \"{name}\", \"seconds\": {}, \"starts\": {starts:?}}}",
                d.as_secs_f64()
            ));
        }
    }
    // one kink between observations (bench/breaks.py generate_kinks)
    let ys = read_f64s(&dir.join("kinks_y.f64"));
    let t: Vec<f64> = (0..KINK_POINTS).map(|i| 1960.0 + i as f64).collect();
    let series: Vec<Vec<f64>> = ys
        .chunks(KINK_POINTS)
        .map(|c| c.iter().map(|y| y.exp()).collect())
        .collect();
    let one = BreakOptions::new().breaks(1).replicas(0);
    let kinks: Vec<f64> = series
        .iter()
        .map(|p| one.trend_breaks(&t, p).unwrap().times()[0])
        .collect();
    let d = best(|| {
        for p in &series {
            black_box(one.trend_breaks(black_box(&t), black_box(p)).unwrap());
        }
    });
    println!(
        "{{\"cases\": [{}], \"kinks\": {{\"seconds_per_series\": {}, \"kinks\": {kinks:?}}}}}",
        cases.join(", "),
        d.as_secs_f64() / series.len() as f64
    );
}
