//! Properties that must hold for every valid model and every input.

use crate::common::{any_f64, close, model, next_down};
use costtrend::PriceCurve;
use costtrend::{DecayModel, ParamError, Rate};
use proptest::prelude::*;

fn all_finite(xs: &[f64]) -> bool {
    xs.iter().all(|x| x.is_finite())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn try_constructors_never_panic_and_accept_exactly_the_valid_range(
        p0 in any_f64(), x in any_f64(), period in any_f64(), origin in any_f64(), floor in any_f64(),
    ) {
        let exp = DecayModel::try_exponential(p0, x);
        prop_assert_eq!(exp.is_ok(), all_finite(&[p0, x]) && p0 >= 0.0);
        let lin = DecayModel::try_linear(p0, x);
        prop_assert_eq!(lin.is_ok(), all_finite(&[p0, x]) && p0 >= 0.0);
        let step = DecayModel::try_step_discount(p0, x, period);
        prop_assert_eq!(
            step.is_ok(),
            all_finite(&[p0, x, period]) && p0 >= 0.0 && (0.0..1.0).contains(&x) && period > 0.0
        );
        for m in [exp, lin, step].into_iter().flatten() {
            prop_assert_eq!(m.try_with_origin(origin).is_ok(), origin.is_finite());
            let floored = m.try_with_floor(floor);
            prop_assert_eq!(floored.is_ok(), floor.is_finite() && floor >= 0.0 && floor <= m.p0());
            if let Err(e) = floored {
                let names_floor = matches!(
                    e,
                    ParamError::NonFinite { name: "floor", .. }
                        | ParamError::OutOfRange { name: "floor", .. }
                        | ParamError::FloorAboveP0 { .. }
                );
                prop_assert!(names_floor, "{e}");
            }
        }
        let _ = Rate::try_continuous(x);
        let _ = Rate::try_from_percent_per(x, period);
        let _ = Rate::try_from_half_life(x);
        let _ = Rate::try_from_fold_per(x, period);
    }

    #[test]
    fn queries_never_panic_and_give_nan_only_for_nan_input(
        m in model(true), t in any_f64(), u in any_f64(), p in any_f64(),
    ) {
        prop_assert_eq!(m.at(t).is_nan(), t.is_nan());
        prop_assert_eq!(m.slope_at(t).is_nan(), t.is_nan());
        prop_assert_eq!(m.integral(t, u).is_nan(), t.is_nan() || u.is_nan());
        prop_assert_eq!(m.mean(t, u).is_nan(), t.is_nan() || u.is_nan());
        if let Ok(Some(s)) = m.time_to(p) {
            prop_assert!(s.is_finite() && s >= m.origin());
        }
    }

    #[test]
    fn at_is_non_increasing_for_non_negative_rates(m in model(false), t1 in -100.0..2200.0f64, dt in 0.0..100.0f64) {
        let t2 = t1 + dt;
        prop_assert!(m.at(t1) >= m.at(t2), "{m}: at({t1}) = {} < at({t2}) = {}", m.at(t1), m.at(t2));
        prop_assert!(m.slope_at(t1) <= 0.0);
    }

    #[test]
    fn time_to_returns_the_earliest_time_at_or_below_target(m in model(true), frac in -0.1..1.2f64) {
        let target = frac * m.p0();
        match m.time_to(target) {
            // a negative target is an invalid argument
            Err(_) => prop_assert!(target < 0.0),
            Ok(Some(t)) => {
                prop_assert!(t >= m.origin());
                prop_assert!(m.at(t) <= target, "{m}: at({t}) = {} > {target}", m.at(t));
                if t > m.origin() {
                    // Steps answer with the boundary as written; times a few
                    // ulps before it count as on it (StepDiscount::at).
                    let before = if let DecayModel::StepDiscount(_) = m {
                        let o = m.origin();
                        t - 16.0 * f64::EPSILON * (t.abs() + o.abs() + (t - o).abs())
                    } else {
                        next_down(t)
                    };
                    prop_assert!(m.at(before) > target, "{m}: earlier {before} also reaches {target}");
                }
            }
            Ok(None) => {
                // Only when the price starts above the target and the target
                // is out of reach: not falling, or at/below the floor.
                prop_assert!(m.p0() > target);
                let falling = m.at(m.origin() + 1e3) < m.p0();
                prop_assert!(!falling || target <= m.floor(), "{m}: {target} should be reachable");
            }
        }
    }

    #[test]
    fn integral_is_additive_over_adjacent_spans(
        m in model(true), a in -20.0..20.0f64, w1 in 0.0..10.0f64, w2 in 0.0..10.0f64,
    ) {
        let (a, b, c) = (m.origin() + a, m.origin() + a + w1, m.origin() + a + w1 + w2);
        let (ab, bc, ac) = (m.integral(a, b), m.integral(b, c), m.integral(a, c));
        prop_assume!(ab.is_finite() && bc.is_finite() && ac.is_finite());
        prop_assert!(close(ab + bc, ac, 1e-11, 1e-300), "{m}: {ab} + {bc} != {ac}");
        prop_assert!(close(m.integral(c, a), -ac, 0.0, 0.0));
    }

    #[test]
    fn integral_agrees_with_fine_numeric_quadrature(
        m in model(true), a in -5.0..5.0f64, w in 0.01..10.0f64,
    ) {
        let (a, b) = (m.origin() + a, m.origin() + a + w);
        let exact = m.integral(a, b);
        prop_assume!(exact.is_finite());
        let n = 20_000;
        let h = (b - a) / n as f64;
        // Midpoint rule: second order where the price is smooth, first order
        // across a kink or a step, so the tolerance allows for both.
        let quad: f64 = (0..n).map(|i| m.at(a + (i as f64 + 0.5) * h)).sum::<f64>() * h;
        let scale = m.at(a).max(m.at(b)).max(m.p0());
        let jump_allowance = match m {
            DecayModel::StepDiscount(s) => (w / s.period() + 2.0) * scale * h,
            _ => scale * h * 1e-3,
        };
        prop_assert!(
            (exact - quad).abs() <= 1e-6 * exact.abs() + jump_allowance,
            "{m}: exact {exact}, quadrature {quad}"
        );
    }

    #[test]
    fn mean_times_width_is_the_integral(m in model(true), a in -5.0..5.0f64, w in 1e-3..10.0f64) {
        let (a, b) = (m.origin() + a, m.origin() + a + w);
        let i = m.integral(a, b);
        prop_assume!(i.is_finite());
        prop_assert!(close(m.mean(a, b) * (b - a), i, 1e-12, 1e-300));
    }

    #[test]
    fn rate_conversions_round_trip(lambda in -20.0..20.0f64, period in 0.01..10.0f64) {
        prop_assume!(lambda != 0.0);
        let r = Rate::continuous(lambda);
        let percent = r.percent_per(period);
        // A percentage near 100 keeps few digits of a steep decline: the
        // round trip is as good as the percentage's conditioning allows, and
        // a decline that rounds to 100 % cannot be turned back into a rate.
        match Rate::try_from_percent_per(percent, period) {
            Ok(via_percent) => {
                let conditioning = 1e-13 * (1.0 + (lambda * period).exp()) / period;
                prop_assert!(close(via_percent.lambda(), lambda, 1e-12, conditioning));
            }
            Err(_) => prop_assert_eq!(percent, 100.0),
        }
        // A fold near 1 keeps only its rounding's worth of the rate: an
        // absolute error of about ε / period in lambda.
        let via_fold = Rate::from_fold_per(r.fold_per(period), period);
        prop_assert!(close(via_fold.lambda(), lambda, 1e-12, 4.0 * f64::EPSILON / period));
        if let Some(h) = r.half_life() {
            prop_assert!(close(Rate::from_half_life(h).lambda(), lambda, 1e-14, 0.0));
        } else {
            prop_assert!(lambda < 0.0);
        }
    }

    #[test]
    fn exponential_at_rate_matches_each_convention(
        p0 in 1e-3..1e6f64, fold in 1.01..1000.0f64, t in 0.0..10.0f64,
    ) {
        let m = DecayModel::exponential_at_rate(p0, Rate::from_fold_per(fold, 1.0));
        prop_assert!(close(m.at(t), p0 / fold.powf(t), 1e-12, 0.0));
        let pct = 100.0 * (1.0 - 1.0 / fold);
        let m2 = DecayModel::exponential_at_rate(p0, Rate::from_percent_per(pct, 1.0));
        // the percentage carries the rate with a conditioning of 1 / (1 - pct / 100)
        prop_assert!(close(m2.at(t), m.at(t), 1e-10, 0.0));
    }

    #[test]
    fn eval_into_and_at_many_agree_with_at(m in model(true), ts in prop::collection::vec(any_f64(), 0..600)) {
        let many = m.at_many(&ts);
        let mut out = vec![0.0; ts.len()];
        m.eval_into(&ts, &mut out).unwrap();
        for ((&t, &a), &b) in ts.iter().zip(&many).zip(&out) {
            // The vectorised exponential is within 2 ulp of `f64::exp`.
            let exact = m.at(t);
            prop_assert!(b.to_bits() == a.to_bits());
            if exact.is_nan() {
                prop_assert!(a.is_nan());
            } else {
                prop_assert!(a.to_bits().abs_diff(exact.to_bits()) <= 2, "{m}: at({t}) = {exact}, bulk {a}");
            }
        }
    }
}

#[test]
fn grid_evaluation_stays_finite_where_the_price_is_representable() {
    // found by the mutation-testing baseline: exp(699) is finite but
    // 4.3e5 · exp(699) is not; at() returns 9.9e306 at the last point.
    let m = DecayModel::exponential(428_511.886_505_451_6, 1.573_542_663_948_137_1)
        .with_origin(1_365.289_639_782_787);
    let (start, step) = (920.862_381_566_909_3, 0.394_318_048_321_274_76);
    for (i, v) in m.at_grid(start, step, 6).iter().enumerate() {
        let exact = m.at(start + i as f64 * step);
        assert!(
            v == &exact || (v - exact).abs() <= 1e-12 * exact,
            "{i}: {v} vs {exact}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn grid_evaluation_is_within_1e_12_of_at(
        m in model(true), start in -50.0..2100.0f64, step in 1e-4..0.5f64, n in 0usize..3000,
    ) {
        let grid = m.at_grid(start, step, n);
        let lambda = m.rate().map_or(0.0, |r| r.lambda().abs());
        for (i, &v) in grid.iter().enumerate() {
            let t = start + i as f64 * step;
            let exact = m.at(t);
            // `at` itself sees t rounded to its ulp: an exponent error of
            // lambda · ulp(t), which the grid (built from exact offsets)
            // does not share.
            let conditioning = 4.0 * f64::EPSILON * lambda * (t.abs() + m.origin().abs());
            prop_assert!(
                (v - exact).abs() <= (1e-12 + conditioning) * exact.abs() || (v.is_infinite() && v == exact),
                "{m}: grid[{i}] = {v}, at = {exact}"
            );
        }
    }

    #[test]
    fn bulk_exponential_is_within_two_ulp_of_at_on_realistic_times(
        p0 in 1e-6..1e9f64, lambda in -3.0..5.0f64, origin in 1900.0..2100.0f64,
        ts in prop::collection::vec(1900.0..2200.0f64, 1..1200),
    ) {
        let m = DecayModel::exponential(p0, lambda).with_origin(origin);
        let bulk = m.at_many(&ts);
        for (&t, &v) in ts.iter().zip(&bulk) {
            let exact = m.at(t);
            prop_assert!(v.to_bits().abs_diff(exact.to_bits()) <= 2, "at({t}) = {exact}, bulk {v}");
        }
    }
}

#[test]
fn grid_evaluation_into_a_buffer_matches_point_evaluation_for_every_variant() {
    for m in [
        DecayModel::exponential(100.0, 0.3).with_floor(5.0),
        DecayModel::linear(100.0, 7.0)
            .with_floor(2.0)
            .with_origin(2020.0),
        DecayModel::step_discount(100.0, 0.2, 0.75).with_origin(2020.0),
    ] {
        let mut out = vec![f64::NAN; 700];
        m.eval_grid_into(2019.5, 0.01, &mut out);
        for (i, v) in out.iter().enumerate() {
            let exact = m.at(2019.5 + i as f64 * 0.01);
            assert!((v - exact).abs() <= 1e-12 * exact, "{m}: {i}");
        }
        // a non-finite start falls back to `at`, which gives NaN for NaN
        let mut bad = vec![0.0; 3];
        m.eval_grid_into(f64::NAN, 1.0, &mut bad);
        assert!(bad.iter().all(|v| v.is_nan()));
        // an infinite step: the start, then the limit at +inf
        let mut far = vec![0.0; 3];
        m.eval_grid_into(2021.0, f64::INFINITY, &mut far);
        assert_eq!(far[0], m.at(2021.0));
        assert_eq!(&far[1..], &[m.at(f64::INFINITY); 2]);
        // an infinite start: the limit at -inf everywhere
        m.eval_grid_into(f64::NEG_INFINITY, 1.0, &mut far);
        assert_eq!(far, vec![m.at(f64::NEG_INFINITY); 3]);
    }
    assert!(DecayModel::try_exponential_at_rate(-1.0, costtrend::Rate::continuous(0.1)).is_err());
    assert!(DecayModel::try_exponential_at_rate(1.0, costtrend::Rate::continuous(0.1)).is_ok());
}
