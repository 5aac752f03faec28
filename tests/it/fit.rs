//! Behaviour of the fits beyond the reference values: errors that name the
//! problem, degenerate data, options, forecasts, intervals, streaming.

use approx::assert_relative_eq;
use costtrend::NanPolicy;
use costtrend::estimate;
use costtrend::fit::{self, Accumulator, FitOptions, Method};
use costtrend::select;
use costtrend::{DecayModel, FitError};

fn exact_exponential(n: usize) -> (Vec<f64>, Vec<f64>) {
    let t: Vec<f64> = (0..n).map(|i| 2020.0 + i as f64 * 0.5).collect();
    let p = t
        .iter()
        .map(|t| 80.0 * (-0.4 * (t - 2020.0)).exp())
        .collect();
    (t, p)
}

/// Deterministic pseudo-noise in [-1, 1] (no rand dependency).
fn noise(i: usize) -> f64 {
    let x = ((i as f64 + 1.0) * 12.9898).sin() * 43_758.545_3;
    2.0 * (x - x.floor()) - 1.0
}

/// A fit as a function of its options, to run one check over every fit.
type FitFn = fn(&FitOptions<'_>, &[f64], &[f64]) -> Result<fit::Fit, FitError>;

/// 23 points of 4 + 80 e^{-0.7 (t - start)} with 4 % multiplicative noise,
/// from `start` every 0.3: a decline with a floor.
fn floored_decline(start: f64) -> (Vec<f64>, Vec<f64>) {
    let t: Vec<f64> = (0..23).map(|i| start + 0.3 * f64::from(i)).collect();
    let p = t
        .iter()
        .enumerate()
        .map(|(i, t)| 4.0 + 80.0 * (-0.7 * (t - start)).exp() * (1.0 + 0.04 * noise(i)))
        .collect();
    (t, p)
}

/// A synthetic case from `tests/data/cases` (columns t, price).
fn load_case(name: &str) -> (Vec<f64>, Vec<f64>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/cases");
    let mut reader = csv::Reader::from_path(dir.join(name)).unwrap();
    let (mut t, mut p) = (Vec::new(), Vec::new());
    for row in reader.records() {
        let row = row.unwrap();
        t.push(row[0].parse::<f64>().unwrap());
        p.push(row[1].parse::<f64>().unwrap());
    }
    (t, p)
}

fn noisy_exponential(n: usize, sigma: f64) -> (Vec<f64>, Vec<f64>) {
    let t: Vec<f64> = (0..n).map(|i| i as f64 * 0.25).collect();
    let p = t
        .iter()
        .enumerate()
        .map(|(i, t)| 100.0 * (-0.3 * t + sigma * noise(i)).exp())
        .collect();
    (t, p)
}

#[test]
fn empty_and_mismatched_inputs_are_named() {
    assert_eq!(
        fit::exponential::<f64>(&[], &[]).unwrap_err(),
        FitError::Empty
    );
    assert_eq!(
        fit::linear(&[1.0, 2.0], &[1.0]).unwrap_err(),
        FitError::LengthMismatch { t: 2, price: 1 }
    );
    assert_eq!(
        FitOptions::new()
            .weights(&[1.0])
            .linear(&[1.0, 2.0], &[1.0, 2.0])
            .unwrap_err(),
        FitError::WeightsLength {
            weights: 1,
            data: 2
        }
    );
}

#[test]
fn fewer_points_than_parameters_is_too_few_points() {
    assert_eq!(
        fit::exponential(&[1.0], &[2.0]).unwrap_err(),
        FitError::TooFewPoints {
            model: "exponential",
            needed: 2,
            got: 1
        }
    );
    assert!(matches!(
        fit::exponential_with_floor(&[1.0, 2.0], &[2.0, 1.0]),
        Err(FitError::TooFewPoints { needed: 3, .. })
    ));
}

#[test]
fn non_finite_values_are_rejected_with_their_index() {
    let t = [0.0, 1.0, 2.0, 3.0];
    for bad in [0, 2, 3] {
        let mut p = vec![4.0, 3.0, 2.0, 1.0];
        p[bad] = f64::NAN;
        match fit::exponential(&t, &p).unwrap_err() {
            FitError::NonFinite { name, index, .. } => assert_eq!((name, index), ("price", bad)),
            other => panic!("{other:?}"),
        }
        let mut tt = t.to_vec();
        tt[bad] = f64::INFINITY;
        let err = fit::linear(&tt, &[4.0, 3.0, 2.0, 1.0]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!("t[{bad}] is inf: every value must be finite")
        );
    }
}

#[test]
fn omitting_non_finite_values_reports_how_many_were_dropped() {
    let (t, p) = exact_exponential(8);
    let mut p = p;
    p[3] = f64::NAN;
    let mut t = t;
    t[6] = f64::NEG_INFINITY;
    let f = FitOptions::new()
        .nan_policy(NanPolicy::Omit)
        .exponential(&t, &p)
        .unwrap();
    assert_eq!((f.dropped(), f.n()), (2, 6));
    assert_relative_eq!(
        f.parameter("lambda").unwrap().value(),
        0.4,
        max_relative = 1e-12
    );
}

#[test]
fn non_positive_price_on_log_scale_names_index_and_value() {
    let err = fit::exponential(&[0.0, 1.0, 2.0], &[3.0, 2.0, -1.0]).unwrap_err();
    assert_eq!(
        err,
        FitError::NonPositivePrice {
            index: 2,
            value: -1.0
        }
    );
    // zero is fine on the price scale, negative is not
    assert!(fit::exponential_nls(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.0, 1.0, 0.0]).is_ok());
    assert_eq!(
        fit::linear(&[0.0, 1.0, 2.0], &[3.0, -2.0, 1.0]).unwrap_err(),
        FitError::NegativePrice {
            index: 1,
            value: -2.0
        }
    );
}

#[test]
fn all_equal_times_is_a_typed_error_for_every_fit() {
    let t = [2024.5; 5];
    let p = [5.0, 4.0, 3.0, 2.0, 1.0];
    for result in [
        fit::exponential(&t, &p),
        fit::exponential_nls(&t, &p),
        fit::exponential_with_floor(&t, &p),
        fit::linear(&t, &p),
    ] {
        assert_eq!(result.unwrap_err(), FitError::AllTimesEqual { t: 2024.5 });
    }
    assert_eq!(
        fit::step_discount(&t, &p, 1.0).unwrap_err(),
        FitError::OnePeriod { period: 1.0 }
    );
}

#[test]
fn bad_weights_and_options_are_typed_errors() {
    let (t, p) = ([0.0, 1.0, 2.0], [3.0, 2.0, 1.0]);
    let neg = FitOptions::new().weights(&[1.0, -1.0, 1.0]).linear(&t, &p);
    assert_eq!(
        neg.unwrap_err(),
        FitError::InvalidWeight {
            index: 1,
            value: -1.0
        }
    );
    let nan = FitOptions::new()
        .weights(&[1.0, 1.0, f64::NAN])
        .linear(&t, &p);
    assert!(matches!(
        nan.unwrap_err(),
        FitError::InvalidWeight { index: 2, .. }
    ));
    let zero = FitOptions::new().weights(&[0.0; 3]).linear(&t, &p);
    assert_eq!(zero.unwrap_err(), FitError::AllWeightsZero);
    for period in [0.0, -1.0, f64::NAN] {
        assert!(matches!(
            fit::step_discount(&t, &p, period),
            Err(FitError::InvalidOption { name: "period", .. })
        ));
    }
    for level in [0.0, 1.0, f64::NAN] {
        assert!(matches!(
            FitOptions::new().level(level).linear(&t, &p),
            Err(FitError::InvalidOption { name: "level", .. })
        ));
    }
    assert!(matches!(
        FitOptions::new().origin(f64::INFINITY).linear(&t, &p),
        Err(FitError::InvalidOption { name: "origin", .. })
    ));
}

#[test]
fn exact_data_gives_zero_standard_errors_not_nan() {
    let (t, p) = exact_exponential(10);
    for f in [
        fit::exponential(&t, &p).unwrap(),
        fit::exponential_nls(&t, &p).unwrap(),
    ] {
        for param in f.parameters() {
            let se = param.std_error().unwrap();
            assert!(
                se.abs() <= 1e-9 * param.value().abs(),
                "{}: {se}",
                param.name()
            );
            assert!(!se.is_nan());
        }
    }
    let f = fit::exponential(&t, &p).unwrap();
    assert_eq!(f.sse(), 0.0);
    assert_eq!(f.parameter("lambda").unwrap().std_error(), Some(0.0));
}

#[test]
fn as_many_points_as_parameters_reports_errors_as_unavailable() {
    let f = fit::exponential(&[0.0, 1.0], &[10.0, 5.0]).unwrap();
    assert_eq!(f.dof(), 0);
    for p in f.parameters() {
        assert_eq!((p.std_error(), p.interval()), (None, None));
    }
    assert!(f.covariance().is_none());
    assert!(f.predict(3.0).interval().is_none());
    assert!(f.time_to(1.0).unwrap().unwrap().interval().is_none());
    assert_relative_eq!(f.model().at(1.0), 5.0, max_relative = 1e-14);
}

#[test]
fn rising_steps_are_an_invalid_estimate_not_a_clamped_model() {
    let err = fit::step_discount(&[0.0, 1.0, 2.0], &[1.0, 2.0, 4.0], 1.0).unwrap_err();
    match err {
        FitError::InvalidEstimate {
            parameter, value, ..
        } => {
            assert_eq!(parameter, "discount");
            assert_relative_eq!(value, -1.0, max_relative = 1e-12);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn floor_is_not_identifiable_on_straight_line_data() {
    let t: Vec<f64> = (0..20).map(f64::from).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|t| 100.0 - 3.0 * t + 0.1 * noise(*t as usize))
        .collect();
    match fit::exponential_with_floor(&t, &p).unwrap_err() {
        FitError::NotIdentifiable { parameter, .. }
        | FitError::InvalidEstimate { parameter, .. } => {
            assert_eq!(parameter, "floor")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn floor_fit_recovers_known_floor_on_calendar_years() {
    let t: Vec<f64> = (0..30).map(|i| 2000.0 + f64::from(i) * 0.5).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|t| 12.0 + 300.0 * (-0.35 * (t - 2000.0)).exp())
        .collect();
    let f = fit::exponential_with_floor(&t, &p).unwrap();
    assert_relative_eq!(f.model().floor(), 12.0, max_relative = 1e-9);
    assert_relative_eq!(
        f.parameter("lambda").unwrap().value(),
        0.35,
        max_relative = 1e-9
    );
    assert_relative_eq!(f.model().p0(), 312.0, max_relative = 1e-9);
}

#[test]
fn nls_needs_no_starting_guess_even_far_from_the_log_linear_rate() {
    // Additive noise dominates the tail, so the log-linear start is far too
    // slow; the search must still find the price-scale optimum.
    let t: Vec<f64> = (0..80).map(|i| f64::from(i) * 0.25).collect();
    let p: Vec<f64> = t
        .iter()
        .enumerate()
        .map(|(i, t)| (50.0 * (-0.8 * t).exp() + 0.02 * noise(i)).abs())
        .collect();
    let start = fit::exponential(&t, &p)
        .unwrap()
        .parameter("lambda")
        .unwrap()
        .value();
    assert!(start < 0.6, "log-linear start {start}");
    let f = fit::exponential_nls(&t, &p).unwrap();
    let lambda = f.parameter("lambda").unwrap();
    assert!((lambda.value() - 0.8).abs() < 0.02, "{lambda:?}");
}

#[test]
fn weights_are_relative_and_zero_weight_leaves_a_point_out() {
    let (t, p) = noisy_exponential(30, 0.05);
    let w: Vec<f64> = (0..30).map(|i| 1.0 + (i % 3) as f64).collect();
    let w10: Vec<f64> = w.iter().map(|w| 10.0 * w).collect();
    let a = FitOptions::new().weights(&w).exponential(&t, &p).unwrap();
    let b = FitOptions::new().weights(&w10).exponential(&t, &p).unwrap();
    for (x, y) in a.parameters().iter().zip(b.parameters()) {
        assert_relative_eq!(x.value(), y.value(), max_relative = 1e-12);
        assert_relative_eq!(
            x.std_error().unwrap(),
            y.std_error().unwrap(),
            max_relative = 1e-12
        );
    }
    let mut w0 = vec![1.0; 30];
    w0[29] = 0.0;
    let dropped = FitOptions::new().weights(&w0).exponential(&t, &p).unwrap();
    let shorter = fit::exponential(&t[..29], &p[..29]).unwrap();
    assert_eq!(dropped.n(), 29);
    assert_relative_eq!(
        dropped.parameter("lambda").unwrap().value(),
        shorter.parameter("lambda").unwrap().value(),
        max_relative = 1e-12
    );
}

#[test]
fn zero_weights_leave_points_out_exactly_as_removing_them() {
    // Lengths whose vectorised blocks leave tails of 1, 2 and 3 points, with
    // zero weights in the body and in the tail.
    for len in [9usize, 10, 11, 14] {
        let t: Vec<f64> = (0..len).map(|i| 2020.0 + 0.25 * i as f64).collect();
        let p: Vec<f64> = (0..len)
            .map(|i| 50.0 * (-0.4 * 0.25 * i as f64).exp() * (1.0 + 0.05 * noise(i)))
            .collect();
        let w: Vec<f64> = (0..len)
            .map(|i| match i % 5 {
                1 => 0.0,
                _ if i == len - 1 => 0.0,
                2 => 2.0,
                _ => 1.0,
            })
            .collect();
        let keep: Vec<usize> = (0..len).filter(|&i| w[i] > 0.0).collect();
        let (kt, kp, kw): (Vec<f64>, Vec<f64>, Vec<f64>) = (
            keep.iter().map(|&i| t[i]).collect(),
            keep.iter().map(|&i| p[i]).collect(),
            keep.iter().map(|&i| w[i]).collect(),
        );
        let fits: [FitFn; 4] = [
            |o, t, p| o.exponential(t, p),
            |o, t, p| o.exponential_nls(t, p),
            |o, t, p| o.linear(t, p),
            |o, t, p| o.step_discount(t, p, 0.5),
        ];
        for f in fits {
            let zeroed = f(&FitOptions::new().weights(&w), &t, &p).unwrap();
            let removed = f(&FitOptions::new().weights(&kw), &kt, &kp).unwrap();
            assert_eq!(zeroed.n(), keep.len(), "len {len}");
            assert_eq!(zeroed.dof(), removed.dof());
            assert_relative_eq!(zeroed.sse(), removed.sse(), max_relative = 1e-8);
            assert_relative_eq!(zeroed.r_squared(), removed.r_squared(), max_relative = 1e-8);
            for (a, b) in zeroed.parameters().iter().zip(removed.parameters()) {
                assert_relative_eq!(a.value(), b.value(), max_relative = 1e-8);
                assert_relative_eq!(
                    a.std_error().unwrap(),
                    b.std_error().unwrap(),
                    max_relative = 1e-8
                );
            }
        }
    }
}

#[test]
fn price_scale_fits_report_sse_and_r_squared_of_their_own_predictions() {
    let (t, p) = floored_decline(2019.0);
    let mean = p.iter().sum::<f64>() / p.len() as f64;
    let sst: f64 = p.iter().map(|p| (p - mean).powi(2)).sum();
    for f in [
        fit::exponential_nls(&t, &p).unwrap(),
        fit::exponential_with_floor(&t, &p).unwrap(),
        fit::linear(&t, &p).unwrap(),
    ] {
        let sse: f64 = t
            .iter()
            .zip(&p)
            .map(|(t, p)| {
                // The linear fit's residuals are from its line, which the
                // model clamps at 0 (here past 2024.6).
                let fitted = match f.model() {
                    DecayModel::Linear(l) => l.p0() - l.slope() * (t - l.origin()),
                    m => m.at(*t),
                };
                (p - fitted).powi(2)
            })
            .sum();
        assert_eq!(f.n(), p.len());
        assert_eq!(f.dof(), p.len() - f.parameters().len());
        assert!(
            (f.sse() / sse - 1.0).abs() < 1e-8,
            "{}: {} vs {sse}",
            f.model(),
            f.sse()
        );
        assert_relative_eq!(f.r_squared(), 1.0 - sse / sst, max_relative = 1e-10);
        assert_relative_eq!(f.rmse(), (sse / p.len() as f64).sqrt(), max_relative = 1e-8);
    }
}

#[test]
fn log_likelihood_is_invariant_to_scaling_every_weight() {
    // Weights are relative: w and 3w give the same fit, and the ½ Σ ln w
    // term of ln L cancels the change in the estimated σ².
    let (t, p) = floored_decline(2019.0);
    let w: Vec<f64> = (0..t.len()).map(|i| 0.5 + (i % 3) as f64).collect();
    let w3: Vec<f64> = w.iter().map(|w| 3.0 * w).collect();
    let fits: [FitFn; 5] = [
        |o, t, p| o.exponential(t, p),
        |o, t, p| o.exponential_nls(t, p),
        |o, t, p| o.exponential_with_floor(t, p),
        |o, t, p| o.linear(t, p),
        |o, t, p| o.step_discount(t, p, 1.0),
    ];
    for f in fits {
        let a = f(&FitOptions::new().weights(&w), &t, &p).unwrap();
        let b = f(&FitOptions::new().weights(&w3), &t, &p).unwrap();
        assert_relative_eq!(a.log_likelihood(), b.log_likelihood(), max_relative = 1e-9);
        assert_relative_eq!(a.aicc().unwrap(), b.aicc().unwrap(), max_relative = 1e-9);
        // ... and differs from the unweighted fit's (the weights matter)
        let plain = f(&FitOptions::new(), &t, &p).unwrap();
        assert!((a.log_likelihood() - plain.log_likelihood()).abs() > 1e-6);
    }
}

#[test]
fn parameters_are_named_in_model_order() {
    let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    let p = [10.0, 6.2, 3.9, 2.6, 1.9, 1.4];
    let names =
        |f: fit::Fit| -> Vec<&'static str> { f.parameters().iter().map(|q| q.name()).collect() };
    assert_eq!(names(fit::exponential(&t, &p).unwrap()), ["p0", "lambda"]);
    assert_eq!(
        names(fit::exponential_nls(&t, &p).unwrap()),
        ["p0", "lambda"]
    );
    assert_eq!(
        names(fit::exponential_with_floor(&t, &p).unwrap()),
        ["p0", "lambda", "floor"]
    );
    assert_eq!(names(fit::linear(&t, &p).unwrap()), ["p0", "slope"]);
    assert_eq!(
        names(fit::step_discount(&t, &p, 1.0).unwrap()),
        ["p0", "discount"]
    );
    // Methods print as their names, padded like strings.
    assert_eq!(Method::LogLinear.to_string(), "exponential");
    assert_eq!(format!("{:>16}|", Method::Linear), "          linear|");
    assert_eq!(format!("{:<8}|", Method::StepDiscount), "step_discount|");
}

#[test]
fn information_criteria_follow_their_formulas() {
    let (t, p) = floored_decline(2019.0);
    let n = p.len() as f64;
    for f in [
        fit::exponential(&t, &p).unwrap(),
        fit::exponential_with_floor(&t, &p).unwrap(),
        fit::linear(&t, &p).unwrap(),
    ] {
        // K: the model's parameters plus the noise variance.
        let k = f.parameters().len() as f64 + 1.0;
        let ll = f.log_likelihood();
        assert_relative_eq!(f.aic(), -2.0 * ll + 2.0 * k, max_relative = 1e-14);
        assert_relative_eq!(
            f.aicc().unwrap(),
            -2.0 * ll + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0),
            max_relative = 1e-14
        );
        assert_relative_eq!(f.bic(), -2.0 * ll + k * n.ln(), max_relative = 1e-14);
    }
    // AICc needs n > K + 1: four points for a line (K = 3) are too few,
    // five are enough.
    let four = fit::linear(&[0.0, 1.0, 2.0, 3.0], &[3.0, 2.0, 1.0, 1.0]).unwrap();
    assert_eq!(four.aicc(), None);
    let five = fit::linear(&[0.0, 1.0, 2.0, 3.0, 4.0], &[3.0, 2.0, 1.0, 1.0, 0.2]).unwrap();
    assert!(five.aicc().unwrap().is_finite());
}

/// The half-width of a symmetric t interval over its standard error.
fn t_factor(f: &fit::Fit) -> f64 {
    let lambda = f.parameters()[1];
    let i = lambda.interval().unwrap();
    (i.upper() - i.lower()) / (2.0 * lambda.std_error().unwrap())
}

#[test]
fn prediction_bands_follow_the_delta_method_with_the_reported_covariance() {
    let (t, p) = floored_decline(0.0);
    let at = 2.35;
    let half = |f: &fit::Fit| {
        let e = f.predict(at);
        e.interval().unwrap().upper() - e.value()
    };
    // Price scale, p0 e^{-lambda s}: gradient [e, -p0 s e].
    let f = fit::exponential_nls(&t, &p).unwrap();
    let c = f.covariance().unwrap();
    let (p0, lambda) = (f.parameters()[0].value(), f.parameters()[1].value());
    let e = (-lambda * at).exp();
    let g = [e, -p0 * at * e];
    let var = g[0] * g[0] * c.get("p0", "p0").unwrap()
        + 2.0 * g[0] * g[1] * c.get("p0", "lambda").unwrap()
        + g[1] * g[1] * c.get("lambda", "lambda").unwrap();
    assert_relative_eq!(half(&f), t_factor(&f) * var.sqrt(), max_relative = 1e-9);
    // With a floor: f + (p0 - f) e^{-lambda s}, gradient [e, -(p0 - f) s e, 1 - e].
    let f = fit::exponential_with_floor(&t, &p).unwrap();
    let c = f.covariance().unwrap();
    let v: Vec<f64> = f.parameters().iter().map(|q| q.value()).collect();
    let e = (-v[1] * at).exp();
    let g = [e, -(v[0] - v[2]) * at * e, 1.0 - e];
    let names = ["p0", "lambda", "floor"];
    let mut var = 0.0;
    for i in 0..3 {
        for j in 0..3 {
            var += g[i] * g[j] * c.get(names[i], names[j]).unwrap();
        }
    }
    assert_relative_eq!(half(&f), t_factor(&f) * var.sqrt(), max_relative = 1e-9);
    // Log scale, ln p0 - lambda s: the covariance of (p0, lambda) is that
    // of (ln p0, lambda) scaled by p0 in the p0 entries; the band is
    // exp(v ± h).
    let f = fit::exponential(&t, &p).unwrap();
    let c = f.covariance().unwrap();
    let p0 = f.parameters()[0].value();
    let var = c.get("p0", "p0").unwrap() / (p0 * p0)
        - 2.0 * at * c.get("p0", "lambda").unwrap() / p0
        + at * at * c.get("lambda", "lambda").unwrap();
    let e = f.predict(at);
    let h = (e.interval().unwrap().upper() / e.value()).ln();
    assert_relative_eq!(h, t_factor(&f) * var.sqrt(), max_relative = 1e-9);
    // Step discount, ln p0 + k ln(1 - d) with k = floor(s / period): the
    // (p0, discount) covariance is that of (ln p0, ln(1 - d)) scaled by p0
    // and -(1 - d).
    let period = 0.5;
    let f = fit::step_discount(&t, &p, period).unwrap();
    let c = f.covariance().unwrap();
    let (p0, d) = (f.parameters()[0].value(), f.parameters()[1].value());
    let k = (at / period).floor();
    let var = c.get("p0", "p0").unwrap() / (p0 * p0)
        - 2.0 * k * c.get("p0", "discount").unwrap() / (p0 * (1.0 - d))
        + k * k * c.get("discount", "discount").unwrap() / ((1.0 - d) * (1.0 - d));
    let e = f.predict(at);
    let h = (e.interval().unwrap().upper() / e.value()).ln();
    // The discount's interval is transformed from ln(1 - d), so the t
    // factor comes from p0's, exp(ln p0 ± t se).
    let p0_param = f.parameters()[0];
    let pi = p0_param.interval().unwrap();
    let t_step = (pi.upper() / pi.lower()).ln() / 2.0 / (c.get("p0", "p0").unwrap().sqrt() / p0);
    assert_relative_eq!(h, t_step * var.sqrt(), max_relative = 1e-9);
}

#[test]
fn nls_on_many_noisy_points_agrees_with_its_own_optimality_conditions() {
    // At the least-squares solution the residuals are orthogonal to the
    // Jacobian's columns e and -p0 s e (Σ r e = 0, Σ r s e = 0).
    for n in [50usize, 2000, 20_000] {
        let t: Vec<f64> = (0..n).map(|i| 2020.0 + 6.0 * i as f64 / n as f64).collect();
        let p: Vec<f64> = t
            .iter()
            .enumerate()
            .map(|(i, t)| 90.0 * (-0.45 * (t - 2020.0)).exp() * (1.0 + 0.03 * noise(i)))
            .collect();
        let f = fit::exponential_nls(&t, &p).unwrap();
        let (p0, lambda) = (f.parameters()[0].value(), f.parameters()[1].value());
        let origin = f.model().origin();
        let (mut re, mut rse, mut scale_e, mut scale_se) = (0.0, 0.0, 0.0, 0.0);
        for (t, p) in t.iter().zip(&p) {
            let s = t - origin;
            let e = (-lambda * s).exp();
            let r = p - p0 * e;
            re += r * e;
            rse += r * s * e;
            scale_e += (p * e).abs();
            scale_se += (p * s * e).abs();
        }
        assert!(re.abs() <= 1e-9 * scale_e, "n {n}: Σ r e = {re}");
        assert!(rse.abs() <= 1e-9 * scale_se, "n {n}: Σ r s e = {rse}");
    }
}

#[test]
fn floor_fit_agrees_with_its_own_optimality_conditions() {
    // Columns of the Jacobian of f + (p0 - f) e: e, -(p0 - f) s e, 1 - e;
    // so Σ r e = Σ r s e = Σ r = 0 at the solution.
    for n in [40usize, 3000] {
        let t: Vec<f64> = (0..n).map(|i| 10.0 * i as f64 / n as f64).collect();
        let p: Vec<f64> = t
            .iter()
            .enumerate()
            .map(|(i, t)| (3.0 + 60.0 * (-0.6 * t).exp()) * (1.0 + 0.02 * noise(i)))
            .collect();
        let f = fit::exponential_with_floor(&t, &p).unwrap();
        let v: Vec<f64> = f.parameters().iter().map(|q| q.value()).collect();
        let (p0, lambda, floor) = (v[0], v[1], v[2]);
        let (mut r1, mut re, mut rse, mut scale) = (0.0, 0.0, 0.0, 0.0);
        for (s, p) in t.iter().zip(&p) {
            let e = (-lambda * s).exp();
            let r = p - (floor + (p0 - floor) * e);
            r1 += r;
            re += r * e;
            rse += r * s * e;
            scale += p.abs() * (1.0 + s);
        }
        for (what, x) in [("Σ r", r1), ("Σ r e", re), ("Σ r s e", rse)] {
            assert!(x.abs() <= 1e-9 * scale, "n {n}: {what} = {x}");
        }
    }
}

#[test]
fn log_fits_take_subnormal_prices_at_their_true_logarithm() {
    // ln p = -700 - 5 t: from t = 2 on the prices are subnormal (e^-710 is
    // 4.5e-309), where the vectorised logarithm does not apply.
    let t: Vec<f64> = (0..7).map(f64::from).collect();
    let p: Vec<f64> = t.iter().map(|t| (-700.0 - 5.0 * t).exp()).collect();
    assert!(p[2] < f64::MIN_POSITIVE && p[6] > 0.0);
    let f = fit::exponential(&t, &p).unwrap();
    // e^-730 = 1.3e-317 is stored to about 4e-7 relative: so is lambda.
    assert_relative_eq!(
        f.parameter("lambda").unwrap().value(),
        5.0,
        max_relative = 1e-6
    );
    assert_relative_eq!(f.model().p0(), p[0], epsilon = 0.0, max_relative = 1e-5);
}

#[test]
fn robust_fit_is_a_fixed_point_of_its_huber_weights() {
    // Huber IRLS converges when reweighting by its own residuals no longer
    // moves the fit: weights min(1, c s / |r|) with c = 1.345 and the scale
    // s = 1.4826 · median |r| (the upper median for an even count).
    let (t, p) = load_case("exp_outlier.csv");
    for log_scale in [true, false] {
        let opts = FitOptions::new().robust(true).keep_residuals(true);
        let robust = if log_scale {
            opts.exponential(&t, &p).unwrap()
        } else {
            opts.linear(&t, &p).unwrap()
        };
        let r = robust.residuals().unwrap();
        let mut abs: Vec<f64> = r.iter().map(|x| x.abs()).collect();
        abs.sort_by(f64::total_cmp);
        let scale = 1.482_602_218_505_602 * abs[abs.len() / 2];
        let w: Vec<f64> = r
            .iter()
            .map(|x| (1.345 * scale / x.abs()).min(1.0))
            .collect();
        assert!(w.iter().any(|&w| w < 0.5), "the outlier is down-weighted");
        let opts = FitOptions::new().weights(&w);
        let reweighted = if log_scale {
            opts.exponential(&t, &p).unwrap()
        } else {
            opts.linear(&t, &p).unwrap()
        };
        for (a, b) in robust.parameters().iter().zip(reweighted.parameters()) {
            assert_relative_eq!(a.value(), b.value(), max_relative = 1e-9);
        }
    }
}

#[test]
fn robust_fit_resists_the_outlier_case() {
    let (t, p) = load_case("exp_outlier.csv");
    let plain = fit::exponential(&t, &p).unwrap();
    let robust = FitOptions::new().robust(true).exponential(&t, &p).unwrap();
    let err = |f: &fit::Fit| (f.parameter("lambda").unwrap().value() - 0.3).abs();
    assert!(
        err(&robust) < 0.5 * err(&plain),
        "{} vs {}",
        err(&robust),
        err(&plain)
    );
    assert!(
        robust
            .parameter("lambda")
            .unwrap()
            .interval()
            .unwrap()
            .contains(0.3)
    );
}

#[test]
fn prediction_bands_contain_the_estimate_and_widen_away_from_data() {
    let (t, p) = noisy_exponential(40, 0.05);
    for f in [
        fit::exponential(&t, &p).unwrap(),
        fit::exponential_nls(&t, &p).unwrap(),
        fit::linear(&t, &p).unwrap(),
    ] {
        let near = f.predict(5.0);
        let far = f.predict(25.0);
        for e in [near, far] {
            let i = e.interval().unwrap();
            assert!(
                i.lower() <= e.value() && e.value() <= i.upper(),
                "{:?}",
                f.method()
            );
        }
        let rel_width = |e: estimate::Estimate| {
            let i = e.interval().unwrap();
            (i.upper() - i.lower()) / e.value().max(1e-300)
        };
        if f.method() != Method::Linear {
            assert!(rel_width(far) > rel_width(near));
        }
        let obs = f.predict_observation(5.0).interval().unwrap();
        let curve = near.interval().unwrap();
        assert!(obs.lower() <= curve.lower() && curve.upper() <= obs.upper());
    }
}

#[test]
fn confidence_band_is_exact_for_the_log_linear_fit() {
    // Against the textbook formula for the mean of ln price at s.
    let (t, p) = noisy_exponential(25, 0.1);
    let f = fit::exponential(&t, &p).unwrap();
    let n = t.len() as f64;
    let tbar = t.iter().sum::<f64>() / n;
    let sxx: f64 = t.iter().map(|x| (x - tbar).powi(2)).sum();
    let sigma = f.sigma().unwrap();
    let q = 2.068_657_610_419_041_4; // scipy t.ppf(0.975, 23)
    let x0 = 8.0;
    let half = q * sigma * (1.0 / n + (x0 - tbar).powi(2) / sxx).sqrt();
    let v = f.model().at(x0).ln();
    let band = f.predict(x0).interval().unwrap();
    assert_relative_eq!(band.lower(), (v - half).exp(), max_relative = 1e-10);
    assert_relative_eq!(band.upper(), (v + half).exp(), max_relative = 1e-10);
}

#[test]
fn time_to_interval_is_ordered_and_unbounded_when_rate_may_be_zero() {
    let (t, p) = noisy_exponential(40, 0.05);
    let f = fit::exponential(&t, &p).unwrap();
    let e = f.time_to(1.0).unwrap().unwrap();
    let i = e.interval().unwrap();
    assert!(i.lower() <= e.value() && e.value() <= i.upper());
    assert!(i.lower() >= f.model().origin() && i.is_bounded_above());
    // the bounds are where the band's edges reach the target
    let at_lower = f.predict(i.lower()).interval().unwrap().lower();
    assert_relative_eq!(at_lower, 1.0, max_relative = 1e-9);

    let flat = fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[10.0, 12.0, 8.0, 9.5]).unwrap();
    let lambda_ci = flat.parameter("lambda").unwrap().interval().unwrap();
    assert!(lambda_ci.contains(0.0));
    let e = flat.time_to(1.0).unwrap().unwrap();
    let i = e.interval().unwrap();
    assert!(!i.is_bounded_above());
    assert!(i.lower() >= 0.0 && i.lower() <= e.value());
    let h = flat
        .rate()
        .unwrap()
        .half_life()
        .unwrap()
        .interval()
        .unwrap();
    assert!(!h.is_bounded_above() && h.lower() > 0.0);
}

#[test]
fn time_to_of_a_price_already_reached_is_the_origin() {
    let f = fit::exponential(&[2020.0, 2021.0, 2022.0], &[8.0, 4.1, 2.0]).unwrap();
    assert_eq!(f.time_to(1e6).unwrap().unwrap().value(), 2020.0);
    // A price of 0 is valid and never reached by an exponential; below 0
    // or NaN is an error naming the price.
    assert!(f.time_to(0.0).unwrap().is_none());
    for bad in [-1.0, -f64::MIN_POSITIVE, f64::NAN] {
        assert!(matches!(
            f.time_to(bad),
            Err(FitError::InvalidArgument { name: "price", .. })
        ));
    }
}

#[test]
fn rate_intervals_map_lambda_interval_in_every_convention() {
    let (t, p) = noisy_exponential(40, 0.05);
    let r = fit::exponential(&t, &p).unwrap().rate().unwrap();
    let l = r.lambda().interval().unwrap();
    let pct = r.percent_per(1.0).interval().unwrap();
    assert_relative_eq!(
        pct.lower(),
        100.0 * (1.0 - (-l.lower()).exp()),
        max_relative = 1e-12
    );
    let fold = r.fold_per(2.0).interval().unwrap();
    assert_relative_eq!(fold.upper(), (2.0 * l.upper()).exp(), max_relative = 1e-12);
    let h = r.half_life().unwrap().interval().unwrap();
    assert_relative_eq!(
        h.lower(),
        std::f64::consts::LN_2 / l.upper(),
        max_relative = 1e-12
    );
    assert_relative_eq!(
        h.upper(),
        std::f64::consts::LN_2 / l.lower(),
        max_relative = 1e-12
    );
}

#[test]
fn log_scale_likelihood_includes_the_jacobian() {
    // ln L of the prices under the log-normal model, computed directly.
    let (t, p) = noisy_exponential(30, 0.1);
    let f = fit::exponential(&t, &p).unwrap();
    let s2 = f.sse() / f.n() as f64;
    let direct: f64 = t
        .iter()
        .zip(&p)
        .map(|(&ti, &pi)| {
            let r = pi.ln() - f.model().at(ti).ln();
            -0.5 * (2.0 * std::f64::consts::PI * s2).ln() - r * r / (2.0 * s2) - pi.ln()
        })
        .sum();
    assert_relative_eq!(f.log_likelihood(), direct, max_relative = 1e-10);
}

#[test]
fn compare_prefers_the_generating_family() {
    let (t, p) = noisy_exponential(60, 0.03);
    let ranked = select::compare(&t, &p).unwrap();
    assert!(ranked.best().unwrap().method() == Method::LogLinear);
    let lin: Vec<f64> = t
        .iter()
        .enumerate()
        .map(|(i, t)| 90.0 - 4.0 * t + 0.5 * noise(i))
        .collect();
    let ranked = select::compare(&t, &lin).unwrap();
    assert_eq!(ranked.best().unwrap().method(), Method::Linear);
    let weights: f64 = ranked
        .candidates()
        .iter()
        .filter_map(|c| c.akaike_weight())
        .sum();
    assert_relative_eq!(weights, 1.0, max_relative = 1e-12);
    // Each candidate reports its own fit's criteria, ranked by AICc.
    let best_aicc = ranked.candidates()[0].aicc().unwrap();
    for c in ranked.candidates() {
        let Some(f) = c.fit() else {
            assert!(c.aicc().is_none() && c.bic().is_none() && c.error().is_some());
            continue;
        };
        assert_eq!(c.aicc(), f.aicc());
        assert_eq!(c.bic(), Some(f.bic()));
        assert_eq!(c.delta_aicc(), Some(f.aicc().unwrap() - best_aicc));
        assert!(c.delta_aicc().unwrap() >= 0.0);
    }
    assert!(ranked.candidates()[0].bic() != ranked.candidates()[1].bic());
}

#[test]
fn compare_ranks_the_step_schedule_only_when_given_its_period() {
    let t: Vec<f64> = (0..24).map(|m| 2022.0 + f64::from(m) / 8.0).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|t| 20.0 * 0.8f64.powf(((t - 2022.0) + 1e-9).floor()))
        .collect();
    let without = select::compare(&t, &p).unwrap();
    assert!(
        without
            .candidates()
            .iter()
            .all(|c| c.method() != Method::StepDiscount)
    );
    let with = select::CompareOptions::new()
        .step_period(1.0)
        .compare(&t, &p)
        .unwrap();
    assert_eq!(with.best().unwrap().method(), Method::StepDiscount);
    assert_eq!(with.candidates().len(), without.candidates().len() + 1);
}

#[test]
fn compare_lists_failed_variants_last_with_their_error() {
    let t = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0];
    let p = [10.0, 8.0, 6.0, 4.0, 2.0, 0.0];
    let ranked = select::compare(&t, &p).unwrap();
    let last = ranked.candidates().last().unwrap();
    assert!(last.error().is_some());
    assert!(
        ranked
            .candidates()
            .iter()
            .any(|c| c.method() == Method::LogLinear
                && matches!(c.error(), Some(FitError::NonPositivePrice { index: 5, .. })))
    );
}

#[test]
fn step_period_search_finds_the_schedule() {
    let t: Vec<f64> = (0..36).map(|m| 2022.0 + f64::from(m) / 12.0).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|t| 20.0 * 0.75f64.powf(((t - 2022.0) / 0.5 + 1e-9).floor()))
        .collect();
    let f = FitOptions::new()
        .step_discount_best_period(&t, &p, &[1.0 / 12.0, 0.25, 0.5, 1.0])
        .unwrap();
    let DecayModel::StepDiscount(s) = f.model() else {
        panic!()
    };
    assert_eq!(s.period(), 0.5);
    assert_relative_eq!(s.discount(), 0.25, max_relative = 1e-12);
}

#[test]
fn mean_curve_applies_the_lognormal_correction() {
    let (t, p) = noisy_exponential(30, 0.1);
    let f = fit::exponential(&t, &p).unwrap();
    let s2 = f.sigma().unwrap().powi(2);
    assert_relative_eq!(
        f.mean_curve().unwrap().at(3.0) / f.model().at(3.0),
        (s2 / 2.0).exp(),
        max_relative = 1e-12
    );
    assert!(fit::linear(&t, &p).unwrap().mean_curve().is_none());
}

#[test]
fn streaming_equals_batch_on_calendar_time_with_a_spread_of_days() {
    let t: Vec<f64> = (0..500)
        .map(|i| 2024.0 + f64::from(i) / 365.0 * 0.05)
        .collect();
    let p: Vec<f64> = t
        .iter()
        .enumerate()
        .map(|(i, t)| 3.0 * (-2.0 * (t - 2024.0) + 0.01 * noise(i)).exp())
        .collect();
    for (mut acc, batch) in [
        (Accumulator::log_linear(), fit::exponential(&t, &p).unwrap()),
        (Accumulator::linear(), fit::linear(&t, &p).unwrap()),
    ] {
        // four partitions, merged out of order
        let mut parts: Vec<Accumulator> = (0..4).map(|_| acc.clone()).collect();
        for (i, (&ti, &pi)) in t.iter().zip(&p).enumerate() {
            parts[i % 4].push(ti, pi).unwrap();
        }
        assert!(acc.is_empty());
        for part in parts.iter().rev() {
            acc.merge(part).unwrap();
        }
        assert_eq!(acc.len(), t.len() as u64);
        assert!(!acc.is_empty());
        // pushes after a merge are numbered after every merged push
        let next = acc.clone().push(1.0, f64::NAN).unwrap_err();
        assert!(
            matches!(next, FitError::NonFinite { index, .. } if index == t.len()),
            "{next:?}"
        );
        let streamed = acc.fit().unwrap();
        for (a, b) in streamed.parameters().iter().zip(batch.parameters()) {
            assert_relative_eq!(a.value(), b.value(), max_relative = 1e-12);
            assert_relative_eq!(
                a.std_error().unwrap(),
                b.std_error().unwrap(),
                max_relative = 1e-10
            );
        }
        assert_eq!(streamed.model().origin(), 2024.0);
    }
}

#[test]
#[cfg(feature = "serde")]
fn accumulator_round_trips_through_json_and_rejects_hostile_state() {
    let mut acc = Accumulator::log_linear();
    for (t, p) in [(2024.0, 5.0), (2024.5, 4.0), (2025.0, 3.1)] {
        acc.push(t, p).unwrap();
    }
    let json = serde_json::to_string(&acc).unwrap();
    let back: Accumulator = serde_json::from_str(&json).unwrap();
    assert_eq!(back, acc);
    let empty = serde_json::to_string(&Accumulator::linear()).unwrap();
    assert_eq!(
        serde_json::from_str::<Accumulator>(&empty).unwrap(),
        Accumulator::linear()
    );
    let hostile = json.replace("\"sxx\":", "\"sxx\":-");
    assert!(serde_json::from_str::<Accumulator>(&hostile).is_err());
    // Each sum of squares is checked on its own.
    let hostile = json.replace("\"syy\":", "\"syy\":-");
    assert!(serde_json::from_str::<Accumulator>(&hostile).is_err());
    // One point: every centred sum is 0, a valid state.
    let mut one = Accumulator::linear();
    one.push(2024.0, 5.0).unwrap();
    let back: Accumulator = serde_json::from_str(&serde_json::to_string(&one).unwrap()).unwrap();
    assert_eq!(back, one);
    assert!(
        serde_json::from_str::<Accumulator>(r#"{"kind":"cubic","pushed":0,"state":null}"#).is_err()
    );
}

#[test]
fn accumulator_errors_name_the_push_index() {
    let mut acc = Accumulator::log_linear();
    acc.push(1.0, 2.0).unwrap();
    assert_eq!(
        acc.push(2.0, 0.0).unwrap_err(),
        FitError::NonPositivePrice {
            index: 1,
            value: 0.0
        }
    );
    assert_eq!(
        acc.fit().unwrap_err(),
        FitError::TooFewPoints {
            model: "exponential",
            needed: 2,
            got: 1
        }
    );
    assert_eq!(Accumulator::linear().fit().unwrap_err(), FitError::Empty);
    // Weights must be finite and non-negative.
    for w in [f64::INFINITY, f64::NAN, -1.0] {
        assert!(matches!(
            acc.push_weighted(3.0, 1.0, w),
            Err(FitError::InvalidWeight { index: 1, .. })
        ));
    }
}

#[test]
fn intervals_and_covariance_report_their_bounds_and_names() {
    use costtrend::estimate::Interval;
    let i = Interval::new(1.0, 2.0);
    assert!(i.contains(1.0) && i.contains(2.0) && !i.contains(2.5) && !i.contains(f64::NAN));
    assert!(i.is_bounded_above() && i.is_bounded_below());
    let open = Interval::new(f64::NEG_INFINITY, 2.0);
    assert!(!open.is_bounded_below() && open.is_bounded_above());
    let up = Interval::new(0.0, f64::INFINITY);
    assert!(up.is_bounded_below() && !up.is_bounded_above());
    let (t, p) = noisy_exponential(20, 0.05);
    let f = fit::exponential_with_floor(&t, &p).unwrap();
    assert_eq!(f.covariance().unwrap().names(), &["p0", "lambda", "floor"]);
    assert_eq!(
        fit::linear(&t, &p).unwrap().covariance().unwrap().names(),
        &["p0", "slope"]
    );
}

#[test]
fn accumulator_fit_with_takes_origin_and_confidence() {
    let mut acc = Accumulator::linear();
    for (t, p) in [(1.0, 3.0), (2.0, 2.1), (3.0, 0.9), (4.0, 0.1)] {
        acc.push(t, p).unwrap();
    }
    let batch = FitOptions::new()
        .origin(0.0)
        .level(0.8)
        .linear(&[1.0, 2.0, 3.0, 4.0], &[3.0, 2.1, 0.9, 0.1])
        .unwrap();
    let streamed = acc
        .fit_with(&FitOptions::new().origin(0.0).level(0.8))
        .unwrap();
    assert_eq!(streamed.model().origin(), 0.0);
    for (a, b) in streamed.parameters().iter().zip(batch.parameters()) {
        assert_relative_eq!(a.value(), b.value(), max_relative = 1e-12);
        let (ia, ib) = (a.interval().unwrap(), b.interval().unwrap());
        assert_relative_eq!(ia.lower(), ib.lower(), max_relative = 1e-12);
        assert_relative_eq!(ia.upper(), ib.upper(), max_relative = 1e-12);
    }
    // the default origin is the first time, and the default level 95 %
    assert_eq!(acc.fit().unwrap().model().origin(), 1.0);
    assert!(matches!(
        acc.fit_with(&FitOptions::new().level(1.5)),
        Err(FitError::InvalidOption { .. })
    ));
}

#[test]
fn price_scale_fits_accept_zero_prices_and_log_fits_name_them() {
    let t = [0.0, 1.0, 2.0, 3.0, 4.0];
    let p = [4.0, 3.1, 1.9, 1.0, 0.0];
    assert!(fit::linear(&t, &p).is_ok());
    assert!(fit::exponential_nls(&t, &p).is_ok());
    assert_eq!(
        fit::exponential(&t, &p).unwrap_err(),
        FitError::NonPositivePrice {
            index: 4,
            value: 0.0
        }
    );
    let negative = [4.0, 3.1, -1.9, 1.0, 0.5];
    assert!(matches!(
        fit::linear(&t, &negative),
        Err(FitError::NegativePrice { index: 2, .. })
    ));
}

#[test]
fn unit_weights_give_the_unweighted_fit_across_blocks_and_tails() {
    // 1003 points: several vectorised blocks of 256 and a tail of 3, where
    // the weighted sums are taken about each block's first point.
    let n = 1003;
    let t: Vec<f64> = (0..n).map(|i| 2020.0 + i as f64 / 200.0).collect();
    let p: Vec<f64> = (0..n)
        .map(|i| 3.0 + 50.0 * (-0.6 * (t[i] - 2020.0)).exp() * (1.0 + 0.03 * noise(i)))
        .collect();
    let ones = vec![1.0; n];
    let fits: [FitFn; 5] = [
        |o, t, p| o.exponential(t, p),
        |o, t, p| o.exponential_nls(t, p),
        |o, t, p| o.exponential_with_floor(t, p),
        |o, t, p| o.linear(t, p),
        |o, t, p| o.step_discount(t, p, 0.25),
    ];
    for f in fits {
        let plain = f(&FitOptions::new(), &t, &p).unwrap();
        let weighted = f(&FitOptions::new().weights(&ones), &t, &p).unwrap();
        for (a, b) in plain.parameters().iter().zip(weighted.parameters()) {
            assert_relative_eq!(a.value(), b.value(), max_relative = 1e-9);
            assert_relative_eq!(
                a.std_error().unwrap(),
                b.std_error().unwrap(),
                max_relative = 1e-9
            );
        }
        assert_relative_eq!(plain.sse(), weighted.sse(), max_relative = 1e-9);
    }
}

#[test]
fn nls_recovers_a_decline_of_nearly_300_decades() {
    // 1e100 e^{-10 t} for t up to 69: lambda · span = 690, near the
    // search's limit of 700, prices from 1e100 down to 3.6e-200.
    let t: Vec<f64> = (0..70).map(f64::from).collect();
    let p: Vec<f64> = t.iter().map(|t| 1e100 * (-10.0 * t).exp()).collect();
    let f = fit::exponential_nls(&t, &p).unwrap();
    assert_relative_eq!(f.parameters()[1].value(), 10.0, max_relative = 1e-9);
    assert_relative_eq!(f.model().p0(), 1e100, max_relative = 1e-9);
}

#[test]
fn robust_fit_ignores_zero_weight_points_like_removed_ones() {
    // The Huber scale is the median absolute residual of the points that
    // count: zero-weight points must not enter it.
    let (t, p) = load_case("exp_outlier.csv");
    let mut w = vec![1.0; t.len()];
    let (mut kt, mut kp) = (Vec::new(), Vec::new());
    for i in 0..t.len() {
        if i % 3 == 1 {
            w[i] = 0.0;
        } else {
            kt.push(t[i]);
            kp.push(p[i]);
        }
    }
    for log_scale in [true, false] {
        let (zeroed, removed) = if log_scale {
            (
                FitOptions::new()
                    .robust(true)
                    .weights(&w)
                    .exponential(&t, &p)
                    .unwrap(),
                FitOptions::new()
                    .robust(true)
                    .exponential(&kt, &kp)
                    .unwrap(),
            )
        } else {
            (
                FitOptions::new()
                    .robust(true)
                    .weights(&w)
                    .linear(&t, &p)
                    .unwrap(),
                FitOptions::new().robust(true).linear(&kt, &kp).unwrap(),
            )
        };
        for (a, b) in zeroed.parameters().iter().zip(removed.parameters()) {
            assert_relative_eq!(a.value(), b.value(), max_relative = 1e-9);
        }
    }
}

#[test]
fn a_time_prints_to_the_hundredth_of_a_year_not_rounded_to_the_year() {
    // issue 20: a crossing at 2027.519 printed as "2028 [2025, unbounded]"
    let t = [2020.0, 2021.0, 2022.0, 2023.0, 2024.0];
    let p = [100.0, 52.0, 24.0, 13.5, 6.0];
    let f = fit::exponential(&t, &p).unwrap();
    let e = f.time_to(0.5).unwrap().unwrap();
    let text = e.to_string();
    assert!(text.starts_with(&format!("{:.2} [", e.value())), "{text}");
    let i = e.interval().unwrap();
    assert!(text.contains(&format!("{:.2}", i.lower())), "{text}");
    // prices keep four significant digits
    assert_eq!(
        f.predict(2024.0)
            .to_string()
            .split(' ')
            .next()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn the_nan_policy_applies_to_times_of_every_type() {
    use costtrend::NanPolicy;
    use costtrend::fit::FitOptions;
    use costtrend::time::{DecimalYear, TimeError};
    /// A user's own time type: a quarter index, with no year before 1.
    #[derive(Clone, Copy)]
    struct Quarter(i32);
    impl DecimalYear for Quarter {
        fn to_year(&self) -> Result<f64, TimeError> {
            if self.0 < 0 {
                return Err(TimeError::NotFinite { year: f64::NAN });
            }
            Ok(2000.0 + f64::from(self.0) / 4.0)
        }
        fn from_year(year: f64) -> Result<Self, TimeError> {
            Ok(Quarter(((year - 2000.0) * 4.0).round() as i32))
        }
    }
    let q = [Quarter(0), Quarter(1), Quarter(-1), Quarter(3), Quarter(4)];
    let t = [2000.0, 2000.25, f64::NAN, 2000.75, 2001.0];
    let p = [10.0, 8.0, 7.0, 5.0, 4.1];
    let omit = FitOptions::new().nan_policy(NanPolicy::Omit);
    let custom = omit.exponential(&q, &p).unwrap();
    let plain = omit.exponential(&t, &p).unwrap();
    assert_eq!(custom.n(), 4);
    assert_eq!(custom.dropped(), 1);
    assert_eq!(custom.model(), plain.model());
    // rejecting stays the default, naming the index of the bad time
    assert!(matches!(
        FitOptions::new().exponential(&q, &p),
        Err(FitError::NonFinite {
            name: "t",
            index: 2,
            ..
        })
    ));
}

#[test]
fn without_degrees_of_freedom_an_estimate_has_no_interval_and_a_quantile_is_an_error() {
    // issue 20 asked for one rule; this pins the documented one
    use costtrend::forecast::Forecast;
    let f = fit::linear(&[0.0, 1.0], &[3.0, 2.0]).unwrap();
    assert_eq!(f.dof(), 0);
    assert!(f.predict(2.0).interval().is_none());
    assert!(f.predict_observation(2.0).interval().is_none());
    for r in [f.quantile_at(2.0, 0.9), f.prob_at_or_below(2.0, 1.0)] {
        assert!(matches!(r, Err(FitError::TooFewPoints { .. })), "{r:?}");
    }
    assert!(matches!(
        f.interval_at(2.0, 0.9),
        Err(FitError::TooFewPoints { .. })
    ));
}
