//! Every constructor and query with arbitrary f64 inputs: no panic, and NaN
//! out only for NaN in.
#![no_main]

use costtrend::{DecayModel, ExperienceCurve, Growth, Rate, Spend, Usage};
use libfuzzer_sys::fuzz_target;

mod common;
use common::{at, floats};

fuzz_target!(|data: &[u8]| {
    let x = floats(data);
    let (a, b, c, d, e) = (at(&x, 0), at(&x, 1), at(&x, 2), at(&x, 3), at(&x, 4));
    let (t, u, p) = (at(&x, 5), at(&x, 6), at(&x, 7));
    let models = [
        DecayModel::try_exponential(a, b),
        DecayModel::try_linear(a, b),
        DecayModel::try_step_discount(a, b, c),
    ];
    for m in models.into_iter().flatten() {
        for m in [Ok(m), m.try_with_origin(d), m.try_with_floor(e)].into_iter().flatten() {
            assert_eq!(m.at(t).is_nan(), t.is_nan(), "{m:?} at {t}");
            assert_eq!(m.slope_at(t).is_nan(), t.is_nan());
            assert_eq!(m.integral(t, u).is_nan(), t.is_nan() || u.is_nan(), "{m:?} [{t}, {u}]");
            assert_eq!(m.mean(t, u).is_nan(), t.is_nan() || u.is_nan(), "{m:?} mean [{t}, {u}]");
            if let Ok(Some(s)) = m.time_to(p) {
                assert!(s >= m.origin() && m.at(s) <= p, "{m:?} time_to {p} = {s}");
            }
            let _ = m.to_string();
            let mut out = [0.0; 3];
            m.eval_into(&[t, u, p], &mut out).unwrap();
            let _ = m.at_grid(t, u, 4);
            if let Ok(usage) = Usage::try_exponential(c, Growth::try_continuous(d).unwrap_or(Growth::continuous(0.0))) {
                let s = Spend::new(m, usage);
                let _ = s.rate_at(t);
                let _ = s.cumulative(t.clamp(-1e6, 1e6), u.clamp(-1e6, 1e6));
            }
        }
    }
    for r in [
        Rate::try_continuous(a),
        Rate::try_from_percent_per(a, b),
        Rate::try_from_half_life(a),
        Rate::try_from_fold_per(a, b),
    ]
    .into_iter()
    .flatten()
    {
        assert!(r.lambda().is_finite());
        let _ = (r.half_life(), r.percent_per(c), r.fold_per(c));
    }
    if let Ok(curve) = ExperienceCurve::try_new(a, b) {
        let _ = (curve.cost_at(t), curve.volume_to(p), curve.learning_rate());
    }
});
