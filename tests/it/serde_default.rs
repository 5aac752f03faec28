//! Round trips the way most users parse: plain `serde_json` (default
//! features, no `float_roundtrip`), whose fast float parser reads some
//! 17-digit numbers one ulp off. The suite's `serde_json` dev-dependency
//! has default features on purpose; these tests also parse through a
//! deliberately ulp-off reader ([`ulp_noise`]) so that every saved value
//! is loaded from numbers that are not the ones written.
#![cfg(feature = "serde")]

use costtrend::breaks;
use costtrend::fit::{self, Accumulator, Fit, FitOptions};
use costtrend::forecast::{self, Bill, Forecast, RandomWalk, RandomWalkOptions};
use costtrend::{DecayModel, ExperienceCurve, Growth, Piecewise, Rate, Spend, Usage};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::common::Rng;

/// Whether a number needs more than 15 significant digits: only those
/// can be misread by a parser that is exact on 15-digit significands.
fn long(x: f64) -> bool {
    let s = format!("{:e}", x.abs());
    let mantissa = s.split('e').next().unwrap_or("");
    mantissa.chars().filter(char::is_ascii_digit).count() > 15
}

/// Every long float in `v` moved by one ulp up or down, the direction a
/// fixed function of the number (so equal numbers stay equal, as with a
/// real parser): what a parser that is correct to one ulp may read.
fn ulp_noise(v: &Value) -> Value {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().unwrap();
            if x == 0.0 || !long(x) {
                return v.clone();
            }
            let bits = x.to_bits();
            let up = (bits.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 63) == 1;
            let y = if up == (x > 0.0) {
                f64::from_bits(bits + 1)
            } else {
                f64::from_bits(bits - 1)
            };
            serde_json::json!(y)
        }
        Value::Array(a) => Value::Array(a.iter().map(ulp_noise).collect()),
        Value::Object(o) => {
            Value::Object(o.iter().map(|(k, x)| (k.clone(), ulp_noise(x))).collect())
        }
        other => other.clone(),
    }
}

/// Saved as text, loaded with plain serde_json; and saved, moved by an
/// ulp, loaded again.
fn both_loads<T: Serialize + DeserializeOwned>(x: &T) -> [T; 2] {
    let text = serde_json::to_string(x).unwrap();
    let plain: T = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("plain serde_json fails to load {text}: {e}"));
    let noisy_value = ulp_noise(&serde_json::to_value(x).unwrap());
    let noisy: T = serde_json::from_value(noisy_value.clone())
        .unwrap_or_else(|e| panic!("an ulp-off reader fails to load {noisy_value}: {e}"));
    [plain, noisy]
}

fn agree(a: f64, b: f64, rel: f64) -> bool {
    a == b || (a - b).abs() <= rel * a.abs().max(b.abs()) || (a.is_nan() && b.is_nan())
}

/// Parameters and well-conditioned answers agree to 1e-12 relative.
#[track_caller]
fn assert_agree(a: f64, b: f64, what: &str) {
    assert!(agree(a, b, 1e-12), "{what}: {a} vs {b}");
}

/// Answers that amplify the last digit of a stored number agree to that
/// number's ulp times the query's condition: a price on a fast curve
/// years from its origin (`λ (t - origin)` of 10 turns 2e-16 into 2e-15),
/// a linear price near its zero, a band whose variance cancels far from
/// the data, a log-normal mean whose exponent is in the hundreds. The
/// worst seen here, over thousands of random cases, is 1e-11 (1e-10 for
/// the log-normal mean 40 steps out): the loader reads each number to an
/// ulp; the rest is the question's conditioning, as for any input.
#[track_caller]
fn assert_conditioned(a: f64, b: f64, rel: f64, what: &str) {
    assert!(agree(a, b, rel), "{what}: {a} vs {b}");
}

#[test]
fn the_suite_parses_with_plain_serde_json_which_misreads_some_floats() {
    // If this fails, a dependency turned on `float_roundtrip` and the
    // round trips below no longer test what most users run.
    let mut rng = Rng(1);
    let misread = (0..20_000)
        .map(|_| rng.range(1e-3, 1e4))
        .filter(|x| serde_json::from_str::<f64>(&format!("{x:?}")).unwrap() != *x)
        .count();
    assert!(misread > 100, "{misread} of 20000 misread");
}

/// Random fits of every method on noisy decaying data.
fn random_fits(rng: &mut Rng, count: usize) -> Vec<Fit> {
    let mut out = Vec::new();
    while out.len() < count {
        let n = 6 + (rng.next() % 30) as usize;
        let t0 = rng.range(1950.0, 2025.0);
        let lambda = rng.range(0.01, 1.5);
        let floor = rng.range(0.0, 0.5);
        let p0 = 10f64.powf(rng.range(-4.0, 6.0));
        let t: Vec<f64> = (0..n)
            .map(|i| t0 + i as f64 * rng.range(0.2, 1.3))
            .collect();
        let p: Vec<f64> = t
            .iter()
            .map(|&x| {
                p0 * (floor + (-lambda * (x - t0)).exp()) * (1.0 + 0.05 * rng.range(-1.0, 1.0))
            })
            .collect();
        let keep = FitOptions::new().keep_residuals(true).level(0.9);
        for f in [
            fit::exponential(&t, &p),
            keep.exponential(&t, &p),
            fit::exponential_nls(&t, &p),
            fit::exponential_with_floor(&t, &p),
            fit::linear(&t, &p),
            fit::step_discount(&t, &p, rng.range(0.5, 2.0)),
        ]
        .into_iter()
        .flatten()
        {
            out.push(f);
        }
    }
    out
}

#[test]
fn saved_fits_load_with_plain_serde_json_and_answer_the_same() {
    let mut rng = Rng(20);
    let fits = random_fits(&mut rng, 600);
    for f in &fits {
        for g in both_loads(f) {
            assert_eq!(g.method(), f.method());
            assert_eq!(g.n(), f.n());
            assert_eq!(
                g.residuals().map(<[f64]>::len),
                f.residuals().map(<[f64]>::len)
            );
            let t_last = f.model().origin() + 5.0;
            for t in [t_last - 10.0, t_last, t_last + 7.5] {
                assert_conditioned(g.model().at(t), f.model().at(t), 3e-11, "at");
                let (a, b) = (g.predict(t), f.predict(t));
                assert_conditioned(a.value(), b.value(), 3e-11, "predict");
                if let (Some(i), Some(j)) = (a.interval(), b.interval()) {
                    assert_conditioned(i.lower(), j.lower(), 3e-11, "lower");
                    assert_conditioned(i.upper(), j.upper(), 3e-11, "upper");
                } else {
                    assert_eq!(a.interval().is_some(), b.interval().is_some());
                }
            }
            for (p, q) in g.parameters().iter().zip(f.parameters()) {
                assert_agree(p.value(), q.value(), p.name());
            }
            assert_agree(g.aic(), f.aic(), "aic");
            assert_agree(g.r_squared(), f.r_squared(), "r2");
        }
    }
}

#[test]
fn a_break_at_an_observation_survives_a_break_time_read_one_ulp_high() {
    // the case: the observation at the break belongs to the new
    // segment, also when the break was read back one ulp later
    let b = 2004.5564602324782f64;
    let m = Piecewise::new(2000.0, &[b], &[30.0, 10.0], &[0.0, 0.0]);
    let later = Piecewise::new(
        2000.0,
        &[f64::from_bits(b.to_bits() + 2)],
        &[30.0, 10.0],
        &[0.0, 0.0],
    );
    assert_eq!(m.at(b), 10.0);
    assert_eq!(later.at(b), 10.0);
    assert_eq!(later.segment_of(b), 1);
    // a time well before the break stays before it
    assert_eq!(later.segment_of(b - 1e-9), 0);
    assert_eq!(m.segment_of(f64::NEG_INFINITY), 0);
}

/// A random series with a cut halfway and multiplicative noise of `noise`,
/// and its kink, cut or regime fit (by `case % 3`).
fn break_fit(rng: &mut Rng, case: usize, noise: f64) -> (Vec<f64>, Vec<f64>, breaks::Breaks) {
    let n = 20 + (rng.next() % 30) as usize;
    let t: Vec<f64> = (0..n)
        .map(|i| 1990.0 + i as f64 * rng.range(0.3, 1.0))
        .collect();
    let kink = t[n / 2];
    let p: Vec<f64> = t
        .iter()
        .map(|&x| {
            let cut = if x >= kink { 0.4 } else { 1.0 };
            50.0 * cut * (-0.2 * (x - 1990.0)).exp() * (1.0 + noise * rng.range(-1.0, 1.0))
        })
        .collect();
    let fitted = match case % 3 {
        0 => breaks::trend_breaks(&t, &p),
        1 => breaks::price_cuts(&t, &p),
        _ => breaks::regimes(&t, &p),
    }
    .unwrap();
    (t, p, fitted)
}

#[test]
fn fitted_break_models_answer_the_same_after_plain_serde_json() {
    let mut rng = Rng(3);
    for case in 0..60 {
        let (t, _, fitted) = break_fit(&mut rng, case, 0.01);
        let m = fitted.model().clone();
        for back in both_loads(&m) {
            for &x in &t {
                assert_conditioned(back.at(x), m.at(x), 3e-11, "at an observation");
            }
        }
    }
}

#[test]
fn random_walks_and_bills_load_and_forecast_the_same() {
    let mut rng = Rng(4);
    for _ in 0..300 {
        let n = 4 + (rng.next() % 20) as usize;
        let mut y = rng.range(-5.0, 8.0);
        let t: Vec<f64> = (0..n)
            .map(|i| 2000.0 + i as f64 * rng.range(0.1, 1.0))
            .collect();
        let p: Vec<f64> = t
            .iter()
            .map(|_| {
                y += rng.range(-0.6, 0.2);
                y.exp()
            })
            .collect();
        let theta = rng.range(-0.5, 0.9);
        let opts = if rng.next().is_multiple_of(3) {
            RandomWalkOptions::new()
        } else {
            RandomWalkOptions::new().without_prior().theta(theta)
        };
        let rw = opts.fit(&t, &p).unwrap();
        let last = rw.last_time();
        for back in both_loads(&rw) {
            for dt in [0.0, 0.3, 2.0, 40.0] {
                assert_agree(back.median_at(last + dt), rw.median_at(last + dt), "median");
                assert_conditioned(
                    back.mean_at(last + dt),
                    rw.mean_at(last + dt),
                    3e-10,
                    "mean",
                );
                let (a, b) = (
                    back.interval_at(last + dt, 0.8).unwrap(),
                    rw.interval_at(last + dt, 0.8).unwrap(),
                );
                assert_conditioned(a.lower(), b.lower(), 3e-11, "lower");
                assert_conditioned(a.upper(), b.upper(), 3e-11, "upper");
            }
            assert_eq!(back.differences(), rw.differences());
        }
        let usage = Usage::exponential(rng.range(1.0, 100.0), Growth::from_percent_per(30.0, 1.0))
            .with_origin(last);
        let bill = rw.bill(&usage, last + 0.5, last + 1.5, 0.9).unwrap();
        for back in both_loads(&bill) {
            assert_agree(back.expected(), bill.expected(), "expected");
            assert_agree(back.median(), bill.median(), "median bill");
            assert_agree(
                back.interval().upper(),
                bill.interval().upper(),
                "bill upper",
            );
        }
    }
}

#[test]
fn saved_walks_and_bills_are_revalidated() {
    let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0], &[8.0, 6.0, 5.0, 3.0]).unwrap();
    let v = serde_json::to_value(rw).unwrap();
    let cases: [(&str, Value, &str); 6] = [
        ("theta", serde_json::json!(1.0), "theta must be in (-1, 1)"),
        ("level", serde_json::json!(0.0), "level must be in (0, 1)"),
        ("p_last", serde_json::json!(-1.0), "p_last"),
        ("k2", serde_json::json!(-0.5), "k2"),
        (
            "differences",
            serde_json::json!(1),
            "at least 2 differences",
        ),
        ("t_first", serde_json::json!(9.0), "t_first < t_last"),
    ];
    for (field, value, message) in cases {
        let mut w = v.clone();
        w[field] = value;
        let err = serde_json::from_value::<RandomWalk>(w)
            .unwrap_err()
            .to_string();
        assert!(err.contains(message), "{field}: {err}");
    }
    let mut w = v;
    w["extra"] = serde_json::json!(1);
    assert!(serde_json::from_value::<RandomWalk>(w).is_err());
    let bill = rw.bill(&Usage::constant(10.0), 3.0, 4.0, 0.9).unwrap();
    let v = serde_json::to_value(bill).unwrap();
    let mut w = v.clone();
    w["median"] = serde_json::json!(-1.0);
    let err = serde_json::from_value::<Bill>(w).unwrap_err().to_string();
    assert!(err.contains("median must be at least 0"), "{err}");
    let mut w = v;
    w["interval"] = serde_json::json!({"lower": 1e9, "upper": "+inf"});
    let err = serde_json::from_value::<Bill>(w).unwrap_err().to_string();
    assert!(err.contains("hold the median"), "{err}");
}

#[test]
fn models_rates_usage_spend_curves_and_accumulators_load_the_same() {
    let mut rng = Rng(5);
    for _ in 0..2_000 {
        let p0 = 10f64.powf(rng.range(-3.0, 6.0));
        let origin = rng.range(1900.0, 2100.0);
        let floor = p0 * rng.range(0.0, 0.99);
        let models = [
            DecayModel::exponential(p0, rng.range(-2.0, 2.0))
                .with_origin(origin)
                .with_floor(floor),
            DecayModel::linear(p0, p0 * rng.range(-1.0, 1.0))
                .with_origin(origin)
                .with_floor(floor),
            DecayModel::step_discount(p0, rng.range(0.0, 0.9), rng.range(0.05, 3.0))
                .with_origin(origin)
                .with_floor(floor),
        ];
        for m in models {
            for back in both_loads(&m) {
                for dt in [-1.3, 0.0, 0.7, 4.1] {
                    // a step's drop sits on a boundary; compare off them
                    assert_conditioned(
                        back.at(origin + dt + 1e-7),
                        m.at(origin + dt + 1e-7),
                        3e-11,
                        "at",
                    );
                }
            }
        }
        let r = Rate::continuous(rng.range(-3.0, 3.0));
        for back in both_loads(&r) {
            assert_agree(back.lambda(), r.lambda(), "lambda");
        }
        let usage = Usage::exponential(
            rng.range(0.1, 1e4),
            Growth::continuous(rng.range(-1.0, 1.0)),
        )
        .with_origin(origin);
        let spend = Spend::new(models[0], usage);
        for back in both_loads(&spend) {
            assert_conditioned(
                back.rate_at(origin + 1.0),
                spend.rate_at(origin + 1.0),
                3e-11,
                "spend",
            );
        }
        let curve = ExperienceCurve::new(p0, rng.range(0.0, 1.0));
        for back in both_loads(&curve) {
            assert_agree(back.cost_at(1e3), curve.cost_at(1e3), "experience");
        }
    }
    let mut acc = Accumulator::log_linear();
    for i in 0..50 {
        let t = 2000.0 + f64::from(i) * 0.37;
        acc.push(
            t,
            100.0 * (-0.3 * (t - 2000.0)).exp() * (1.0 + 0.01 * (t * 7.0).sin()),
        )
        .unwrap();
    }
    let f = acc.fit().unwrap();
    for back in both_loads(&acc) {
        let g = back.fit().unwrap();
        assert_agree(
            g.model().at(2030.0),
            f.model().at(2030.0),
            "accumulated fit",
        );
    }
}

#[test]
fn a_fit_with_residuals_of_the_wrong_length_is_rejected() {
    let t = [0.0, 1.0, 2.0, 3.0, 4.0];
    let f = FitOptions::new()
        .keep_residuals(true)
        .exponential(&t, &[9.0, 7.0, 5.5, 4.0, 3.1])
        .unwrap();
    let mut v = serde_json::to_value(&f).unwrap();
    v["residuals"] = serde_json::json!([0.1, -0.1]);
    let err = serde_json::from_value::<Fit>(v).unwrap_err().to_string();
    assert!(err.contains("2 residuals for n = 5 observations"), "{err}");
}

#[test]
fn an_accumulator_saved_before_the_sse_was_tracked_still_loads() {
    let mut acc = Accumulator::linear();
    for (t, p) in [(0.0, 3.0), (1.0, 2.5), (2.0, 1.0), (3.0, 0.8)] {
        acc.push(t, p).unwrap();
    }
    let mut v = serde_json::to_value(&acc).unwrap();
    assert!(v["state"]["sse"].is_number());
    v["state"].as_object_mut().unwrap().remove("sse");
    let old: Accumulator = serde_json::from_value(v).unwrap();
    let (a, b) = (old.fit().unwrap(), acc.fit().unwrap());
    assert_agree(a.sse(), b.sse(), "sse");
}

#[test]
fn saved_break_fits_load_back_and_answer_the_same() {
    let mut rng = Rng(8);
    for case in 0..45 {
        let (t, _, b) = break_fit(&mut rng, case, 0.02);
        for back in both_loads(&b) {
            assert_eq!(back.kind(), b.kind());
            assert_eq!(back.times().len(), b.times().len());
            assert_eq!(back.n(), b.n());
            assert_eq!(back.counts().len(), b.counts().len());
            assert_agree(back.log_likelihood(), b.log_likelihood(), "log-likelihood");
            assert_agree(back.bic(), b.bic(), "bic");
            assert_agree(back.aic(), b.aic(), "aic");
            assert_eq!(back.p_value().is_some(), b.p_value().is_some());
            for (s, r) in back.segments().iter().zip(b.segments()) {
                assert_eq!(s.points(), r.points());
                assert_agree(s.level().value(), r.level().value(), "level");
            }
            for &x in &t {
                assert_conditioned(back.model().at(x), b.model().at(x), 3e-11, "model");
            }
        }
    }
}

#[test]
fn a_tampered_break_fit_is_rejected_naming_the_problem() {
    let t: Vec<f64> = (0..30).map(|i| 2000.0 + f64::from(i)).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|&x| if x < 2015.0 { 10.0 } else { 4.0 } * (1.0 + 0.01 * (x * 3.1).sin()))
        .collect();
    let b = breaks::price_cuts(&t, &p).unwrap();
    assert_eq!(b.times().len(), 1);
    let v = serde_json::to_value(&b).unwrap();
    let cases: [(&str, Value, &str); 6] = [
        ("kind", serde_json::json!("bends"), "unknown kind \"bends\""),
        (
            "n",
            serde_json::json!(31),
            "the segments hold 30 points, n = 31",
        ),
        (
            "p_value",
            serde_json::json!(1.5),
            "p_value must be in [0, 1]",
        ),
        ("level", serde_json::json!(1.0), "level must be in (0, 1)"),
        (
            "times",
            serde_json::json!([2016.5]),
            "interval 0 does not hold its break",
        ),
        (
            "intervals",
            serde_json::json!([]),
            "1 breaks need 1 intervals and 2 segments",
        ),
    ];
    for (field, value, message) in cases {
        let mut w = v.clone();
        w[field] = value;
        let err = serde_json::from_value::<breaks::Breaks>(w)
            .unwrap_err()
            .to_string();
        assert!(err.contains(message), "{field}: {err}");
    }
    let mut w = v;
    w["segments"][0]["points"] = serde_json::json!(0);
    let err = serde_json::from_value::<breaks::Breaks>(w)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid segment"), "{err}");
}

#[test]
fn saved_backtest_reports_and_predictive_distributions_load_back() {
    let t: Vec<f64> = (0..30).map(f64::from).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|t| (3.0 - 0.1 * t + 0.2 * (t * 1.3).sin()).exp())
        .collect();
    let r = forecast::backtest(&t, &p).unwrap();
    for back in both_loads(&r) {
        assert_eq!(back.method(), r.method());
        assert_eq!(back.hindcasts(), r.hindcasts());
        assert_eq!(back.by_horizon().len(), r.by_horizon().len());
        assert_agree(back.mean_crps(), r.mean_crps(), "crps");
    }
    let mut w = serde_json::to_value(&r).unwrap();
    w["hindcasts"] = serde_json::json!(1);
    let err = serde_json::from_value::<forecast::BacktestReport>(w)
        .unwrap_err()
        .to_string();
    assert!(err.contains("hindcasts"), "{err}");
    let d = forecast::random_walk(&t, &p)
        .unwrap()
        .log_predictive(35.0)
        .unwrap();
    for back in both_loads(&d) {
        assert_agree(back.scale(), d.scale(), "scale");
    }
    let mut w = serde_json::to_value(d).unwrap();
    w["scale"] = serde_json::json!(-1.0);
    let err = serde_json::from_value::<forecast::LogPredictive>(w)
        .unwrap_err()
        .to_string();
    assert!(err.contains("scale must be finite and at least 0"), "{err}");
}

#[test]
fn a_break_fit_keeps_its_noise_model_through_plain_serde_json() {
    use costtrend::breaks::{BreakOptions, Noise};
    let t: Vec<f64> = (0..40).map(|i| 1980.0 + f64::from(i)).collect();
    let mut y = 0.0;
    let p: Vec<f64> = t
        .iter()
        .map(|&x| {
            y += if x < 2000.0 { -0.05 } else { -0.3 } + 0.05 * (x * 1.9).sin();
            f64::exp(y)
        })
        .collect();
    let b = BreakOptions::new()
        .noise(Noise::RandomWalk)
        .trend_breaks(&t, &p)
        .unwrap();
    assert_eq!(b.noise(), Noise::RandomWalk);
    for back in both_loads(&b) {
        assert_eq!(back.noise(), Noise::RandomWalk);
        assert_eq!(back.times().len(), b.times().len());
    }
    // a fit saved before the field existed loads as independent noise;
    // an unknown noise is refused, naming it
    let mut v = serde_json::to_value(&b).unwrap();
    v.as_object_mut().unwrap().remove("noise");
    let old: breaks::Breaks = serde_json::from_value(v.clone()).unwrap();
    assert_eq!(old.noise(), Noise::Independent);
    v["noise"] = serde_json::json!("pink");
    let e = serde_json::from_value::<breaks::Breaks>(v)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("noise must be \"independent\" or \"random walk\", got \"pink\""),
        "{e}"
    );
}
