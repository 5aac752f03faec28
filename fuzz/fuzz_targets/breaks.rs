//! The break fits (kinks, cuts, regimes) with arbitrary lengths, values
//! and options, and the piecewise model they return: no panic, and no NaN
//! in a successful fit's estimates, intervals or report.
#![no_main]

use costtrend::breaks::BreakOptions;
use libfuzzer_sys::fuzz_target;

mod common;
use common::floats;

fuzz_target!(|data: &[u8]| {
    if data.len() < 3 {
        return;
    }
    let (c0, c1) = (data[0], data[1]);
    let x = floats(&data[2..]);
    let n = x.len() / 2;
    let (t, rest) = x.split_at(n);
    let p = &rest[..n.min(rest.len())];
    let at: Vec<f64> = t.iter().rev().take(usize::from(c1 & 3)).copied().collect();
    let mut o = BreakOptions::new().replicas(usize::from(c0 & 7));
    if c0 & 8 != 0 {
        o = o.min_len(usize::from(c1 >> 4));
    }
    if c0 & 16 != 0 {
        o = o.breaks(usize::from((c1 >> 2) & 3));
    }
    if c0 & 32 != 0 {
        o = o.max_breaks(usize::from(c1 >> 5));
    }
    if c0 & 64 != 0 {
        o = o.at(&at);
    }
    if c0 & 128 != 0 {
        o = o.level(f64::from(c1) / 256.0);
    }
    for b in [o.price_cuts(t, p), o.trend_breaks(t, p), o.regimes(t, p)]
        .into_iter()
        .flatten()
    {
        assert!(!b.to_string().contains("NaN"), "{b}");
        for s in b.segments() {
            assert!(!s.level().value().is_nan());
            if let Some(r) = s.rate() {
                assert!(!r.lambda().value().is_nan());
            }
        }
        for i in b.intervals() {
            assert!(!i.lower().is_nan() && !i.upper().is_nan());
        }
        assert!(!b.sigma().is_nan() && !b.bic().is_nan() && !b.log_likelihood().is_nan());
        if let Some(pv) = b.p_value() {
            assert!(pv > 0.0 && pv <= 1.0);
        }
        for &at in t.iter().take(4) {
            let m = b.model();
            if at.is_finite() {
                assert!(!m.at(at).is_nan());
            }
            let _ = (m.time_to(at.abs()), m.integral(at, 0.0), m.mean(at, 1.0), m.slope_at(at));
        }
    }
});
