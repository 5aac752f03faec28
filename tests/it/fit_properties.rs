//! Properties of the fits on generated data.

use costtrend::fit::{self, FitOptions};
use costtrend::select;
use proptest::prelude::*;

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / b.abs().max(1e-300)
}

fn times(n: usize, start: f64, step: f64) -> Vec<f64> {
    (0..n).map(|i| start + step * i as f64).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn noise_free_exponential_is_recovered_by_both_losses(
        p0 in 1e-3..1e6f64, lambda in -0.5..3.0f64, start in -10.0..2100.0f64,
        step in 0.01..1.0f64, n in 3usize..60,
    ) {
        let t = times(n, start, step);
        let p: Vec<f64> = t.iter().map(|t| p0 * (-lambda * (t - start)).exp()).collect();
        let log = fit::exponential(&t, &p).unwrap();
        prop_assert!(rel(log.model().p0(), p0) < 1e-9);
        prop_assert!((log.parameter("lambda").unwrap().value() - lambda).abs() < 1e-9 * (1.0 + lambda.abs()));
        let nls = fit::exponential_nls(&t, &p).unwrap();
        prop_assert!(rel(nls.model().p0(), p0) < 1e-8, "{} vs {p0}", nls.model().p0());
        prop_assert!((nls.parameter("lambda").unwrap().value() - lambda).abs() < 1e-8 * (1.0 + lambda.abs()));
    }

    #[test]
    fn noise_free_line_and_steps_are_recovered(
        p0 in 1.0..1e4f64, rate_frac in 0.0..0.5f64, discount in 0.0..0.9f64,
        n in 4usize..60, start in -10.0..2100.0f64,
    ) {
        let t = times(n, start, 0.25);
        let span = t[n - 1] - t[0];
        let rate = rate_frac * p0 / span.max(1e-9);
        let line: Vec<f64> = t.iter().map(|t| p0 - rate * (t - start)).collect();
        let f = fit::linear(&t, &line).unwrap();
        prop_assert!(rel(f.model().p0(), p0) < 1e-9);
        prop_assert!((f.parameter("slope").unwrap().value() - rate).abs() < 1e-9 * (rate + p0 / span));
        // prices from the model itself, so periods are counted as it counts
        // them (a time a few ulps before a boundary is on it)
        let model = costtrend::DecayModel::step_discount(p0, discount, 1.0).with_origin(start);
        let steps: Vec<f64> = t.iter().map(|&t| model.at(t)).collect();
        if span >= 1.0 {
            let s = fit::step_discount(&t, &steps, 1.0).unwrap();
            prop_assert!((s.parameter("discount").unwrap().value() - discount).abs() < 1e-9);
        }
    }

    #[test]
    fn permuting_the_observations_changes_nothing(seed in 0u64..1000, n in 3usize..40) {
        let t = times(n, 2020.0, 0.3);
        let p: Vec<f64> = t.iter().enumerate().map(|(i, t)| {
            40.0 * (-0.5 * (t - 2020.0)).exp() * (1.0 + 0.05 * ((i as f64 * 7.3 + seed as f64).sin()))
        }).collect();
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|i| (i * 7919 + seed as usize * 31) % 1009);
        let tp: Vec<f64> = order.iter().map(|&i| t[i]).collect();
        let pp: Vec<f64> = order.iter().map(|&i| p[i]).collect();
        for (a, b) in [
            (fit::exponential(&t, &p).unwrap(), fit::exponential(&tp, &pp).unwrap()),
            (fit::exponential_nls(&t, &p).unwrap(), fit::exponential_nls(&tp, &pp).unwrap()),
            (fit::linear(&t, &p).unwrap(), fit::linear(&tp, &pp).unwrap()),
        ] {
            for (x, y) in a.parameters().iter().zip(b.parameters()) {
                prop_assert!(rel(x.value(), y.value()) < 1e-10, "{} {} vs {}", x.name(), x.value(), y.value());
            }
        }
    }

    #[test]
    fn scaling_prices_scales_p0_and_keeps_lambda(c in 1e-6..1e6f64, n in 4usize..40) {
        let t = times(n, 0.0, 0.5);
        let p: Vec<f64> = t.iter().enumerate().map(|(i, t)| 7.0 * (-0.3 * t).exp() * (1.0 + 0.1 * (i as f64).sin())).collect();
        let scaled: Vec<f64> = p.iter().map(|p| c * p).collect();
        for (a, b) in [
            (fit::exponential(&t, &p).unwrap(), fit::exponential(&t, &scaled).unwrap()),
            (fit::exponential_nls(&t, &p).unwrap(), fit::exponential_nls(&t, &scaled).unwrap()),
        ] {
            prop_assert!(rel(b.model().p0(), c * a.model().p0()) < 1e-9);
            let (la, lb) = (a.parameter("lambda").unwrap().value(), b.parameter("lambda").unwrap().value());
            prop_assert!((la - lb).abs() < 1e-9);
        }
    }

    #[test]
    fn shifting_times_shifts_the_origin(shift in -1e3..1e3f64, n in 4usize..40) {
        let t = times(n, 2000.0, 0.5);
        let p: Vec<f64> = t.iter().enumerate().map(|(i, t)| 9.0 * (-0.2 * (t - 2000.0)).exp() * (1.0 + 0.1 * (i as f64).cos())).collect();
        let moved: Vec<f64> = t.iter().map(|t| t + shift).collect();
        let a = fit::exponential(&t, &p).unwrap();
        let b = fit::exponential(&moved, &p).unwrap();
        prop_assert!((b.model().origin() - (a.model().origin() + shift)).abs() < 1e-9);
        prop_assert!(rel(b.model().p0(), a.model().p0()) < 1e-9);
        let opts = FitOptions::new().origin(2000.0 + shift);
        let c = opts.exponential(&moved, &p).unwrap();
        prop_assert!(rel(c.model().p0(), a.model().p0()) < 1e-9);
    }

    #[test]
    fn fits_never_panic_on_arbitrary_input(
        t in prop::collection::vec(prop::num::f64::ANY, 0..12),
        p in prop::collection::vec(prop::num::f64::ANY, 0..12),
    ) {
        let _ = fit::exponential(&t, &p);
        let _ = fit::exponential_nls(&t, &p);
        let _ = fit::exponential_with_floor(&t, &p);
        let _ = fit::linear(&t, &p);
        let _ = fit::step_discount(&t, &p, 1.0);
        let _ = select::compare(&t, &p);
        let n = t.len().min(p.len());
        if let Ok(f) = fit::exponential(&t[..n], &p[..n]) {
            for q in f.parameters() {
                prop_assert!(!q.value().is_nan());
                if let Some(se) = q.std_error() { prop_assert!(!se.is_nan()); }
            }
        }
    }
}
