//! Every fit, the option builder, the random-walk forecast and its
//! backtest, with arbitrary lengths and values: no panic, and no NaN in a
//! successful fit's parameters or a forecast's quantities.
#![no_main]

use costtrend::NanPolicy;
use costtrend::fit::{Accumulator, FitOptions};
use costtrend::forecast::{self, Forecast, RandomWalkOptions};
use libfuzzer_sys::fuzz_target;

mod common;
use common::floats;

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 {
        return;
    }
    let control = data[0];
    let x = floats(&data[1..]);
    let n = x.len() / 2;
    let (t, p) = x.split_at(n);
    let p = &p[..n.min(p.len())];
    let w: Vec<f64> = t.iter().map(|v| v.abs() % 4.0).collect();
    let mut opts = FitOptions::new();
    if control & 1 != 0 {
        opts = opts.nan_policy(NanPolicy::Omit);
    }
    if control & 2 != 0 {
        opts = opts.weights(&w);
    }
    if control & 4 != 0 {
        opts = opts.robust(true);
    }
    if control & 8 != 0 {
        opts = opts.origin(f64::from(control) * 10.0);
    }
    if control & 16 != 0 {
        opts = opts.level(0.5 + f64::from(control & 7) * 0.06);
    }
    let results = [
        opts.exponential(t, p),
        opts.exponential_nls(t, p),
        opts.exponential_with_floor(t, p),
        opts.linear(t, p),
        opts.step_discount(t, p, 1.0 + f64::from(control >> 5)),
    ];
    for f in results.into_iter().flatten() {
        for q in f.parameters() {
            assert!(!q.value().is_nan(), "{q:?}");
            if let Some(se) = q.std_error() {
                assert!(!se.is_nan(), "{q:?}");
            }
        }
        let _ = (f.aic(), f.aicc(), f.bic(), f.r_squared(), f.covariance());
        let e = f.predict(t.first().copied().unwrap_or(0.0));
        let _ = e;
        let _ = f.time_to(p.first().copied().unwrap_or(1.0).abs());
        let _ = f.rate().map(|r| (r.half_life(), r.percent_per(1.0)));
    }
    let _ = opts.compare(t, p);
    let _ = opts.experience_curve(t, p);
    let mut acc = Accumulator::log_linear();
    for (&ti, &pi) in t.iter().zip(p) {
        let _ = acc.push(ti, pi);
    }
    let _ = acc.fit();
    let walk_opts = RandomWalkOptions::new()
        .theta(f64::from(control & 15) / 16.0 - 0.45)
        .nan_policy(if control & 1 != 0 { NanPolicy::Omit } else { NanPolicy::Reject });
    if let Ok(rw) = walk_opts.fit(t, p) {
        for &at in t.iter().take(4) {
            if at.is_finite() {
                assert!(!rw.median_at(at).is_nan(), "{rw:?} at {at}");
                if let Ok(i) = rw.interval_at(at, 0.9) {
                    assert!(!i.lower().is_nan() && !i.upper().is_nan(), "{rw:?} at {at}");
                }
                let _ = rw.prob_at_or_below(at, 1.0);
                let _ = rw.mean_at(at);
            }
        }
        let _ = rw.time_to(p.first().copied().unwrap_or(1.0).abs());
    }
    if t.len() <= 64 {
        let _ = forecast::backtest(t, p);
    }
});
