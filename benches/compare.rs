//! The Rust side of `bench/compare.sh`: times costtrend on the data files the
//! script generates and prints JSON (ns per point, minimum over repeats).
//!
//! `cargo bench --bench compare -- DATA_DIR`

use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use costtrend::PriceCurve;
use costtrend::{DecayModel, fit};

const SIZES: [usize; 3] = [1_000, 100_000, 1_000_000];

#[path = "shared/timing.rs"]
mod timing;
use timing::read_f64s;

/// Minimum time of one call over as many calls as fit in about a second.
fn best(f: impl FnMut()) -> Duration {
    timing::best(1.0, 2000.0, f)
}

/// `--memory OP N`: builds N points in memory, runs OP once and exits, so
/// that `/usr/bin/time -v` shows the peak memory of OP on top of the data
/// (OP `none` measures the data alone).
fn memory_mode(op: &str, n: usize) {
    let t: Vec<f64> = (0..n)
        .map(|i| (i as f64 * 0.618_033_988_749_894_9).fract() * 10.0)
        .collect();
    let p: Vec<f64> = t.iter().map(|t| 100.0 * (-0.3 * t).exp()).collect();
    let check = match op {
        "none" => t[n / 2] + p[n / 2],
        "fit_loglinear" => fit::exponential(&t, &p).unwrap().model().p0(),
        "fit_nls" => fit::exponential_nls(&t, &p).unwrap().model().p0(),
        "fit_floor" => fit::exponential_with_floor(&t, &p).unwrap().model().p0(),
        "fit_linear" => fit::linear(&t, &p).unwrap().model().p0(),
        "fit_step" => fit::step_discount(&t, &p, 1.0).unwrap().model().p0(),
        other => panic!("unknown op {other}"),
    };
    println!("{op} n={n} result {check}");
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--memory") {
        let op = args.get(i + 1).map_or("none", String::as_str);
        let n = args
            .get(i + 2)
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(1e7) as usize;
        memory_mode(op, n);
        return;
    }
    let dir = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_else(|| "bench/data".into());
    let dir = Path::new(&dir);
    let model = DecayModel::exponential(100.0, 0.3);
    let mut rows = Vec::new();
    for n in SIZES {
        let t = read_f64s(&dir.join(format!("t_{n}.f64")));
        let p = read_f64s(&dir.join(format!("p_{n}.f64")));
        let mut out = vec![0.0; n];
        let step = 10.0 / (n - 1) as f64;
        let ops: [(&str, Duration); 4] = [
            (
                "eval",
                best(|| model.eval_into(black_box(&t), &mut out).unwrap()),
            ),
            (
                "eval_grid",
                best(|| model.eval_grid_into(black_box(0.0), step, &mut out)),
            ),
            (
                "fit_loglinear",
                best(|| {
                    black_box(fit::exponential(black_box(&t), &p).unwrap());
                }),
            ),
            (
                "fit_nls",
                best(|| {
                    black_box(fit::exponential_nls(black_box(&t), &p).unwrap());
                }),
            ),
        ];
        for (op, d) in ops {
            rows.push(format!(
                "{{\"op\":\"{op}\",\"n\":{n},\"ns_per_point\":{}}}",
                d.as_secs_f64() * 1e9 / n as f64
            ));
        }
    }
    let features = match (cfg!(feature = "simd"), cfg!(feature = "avx512")) {
        (true, true) => "simd + avx512 features (runtime dispatch up to AVX-512)",
        (true, false) => "simd feature only (runtime dispatch up to AVX2)",
        _ => "no simd feature (baseline target)",
    };
    #[cfg(target_arch = "x86_64")]
    let cpu = if std::arch::is_x86_feature_detected!("avx512f") {
        "AVX-512"
    } else if std::arch::is_x86_feature_detected!("avx2") {
        "AVX2"
    } else {
        "SSE2"
    };
    #[cfg(not(target_arch = "x86_64"))]
    let cpu = "not x86-64";
    let build = format!("{features}; this CPU has {cpu}");
    println!("{{\"build\":\"{build}\",\"results\":[{}]}}", rows.join(","));
}
