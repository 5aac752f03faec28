//! JSON round trips and re-validation (feature `serde`).
#![cfg(feature = "serde")]

use crate::common::model;
use costtrend::{DecayModel, Rate};
use proptest::prelude::*;

/// Whether two JSON values are equal up to `rel` relative on every
/// number: plain `serde_json` (what these tests and most users run) may
/// read a 17-digit number one ulp off, so a round trip is exact only to
/// that (bit for bit with its `float_roundtrip` feature).
pub(crate) fn json_close(a: &serde_json::Value, b: &serde_json::Value, rel: f64) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            x == y || (x - y).abs() <= rel * x.abs().max(y.abs())
        }
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_close(x, y, rel))
        }
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_close(v, w, rel)))
        }
        _ => a == b,
    }
}

/// Equal up to the one ulp a parser may be off, as JSON.
fn same<T: serde::Serialize>(a: &T, b: &T) -> bool {
    same_to(a, b, 2.5 * f64::EPSILON)
}

/// Equal up to `rel` relative, as JSON: a fit's model and parameters are
/// rebuilt from its stored numbers with a few roundings.
fn same_to<T: serde::Serialize>(a: &T, b: &T, rel: f64) -> bool {
    json_close(
        &serde_json::to_value(a).unwrap(),
        &serde_json::to_value(b).unwrap(),
        rel,
    )
}

fn from_json(s: &str) -> Result<DecayModel, String> {
    serde_json::from_str::<DecayModel>(s).map_err(|e| e.to_string())
}

#[test]
fn exponential_serialises_tagged_with_snake_case_fields() {
    let m = DecayModel::exponential(100.0, 0.2).with_origin(2024.0);
    assert_eq!(
        serde_json::to_string(&m).unwrap(),
        r#"{"kind":"exponential","p0":100.0,"lambda":0.2,"origin":2024.0,"floor":0.0}"#
    );
}

#[test]
fn each_variant_uses_its_documented_field_names() {
    let lin = serde_json::to_value(DecayModel::linear(10.0, 1.5)).unwrap();
    assert_eq!(lin["kind"], "linear");
    assert_eq!(lin["slope"], 1.5);
    let step = serde_json::to_value(DecayModel::step_discount(10.0, 0.25, 0.5)).unwrap();
    assert_eq!(step["kind"], "step_discount");
    assert_eq!(step["discount"], 0.25);
    assert_eq!(step["period"], 0.5);
}

#[test]
fn origin_and_floor_are_optional_on_input() {
    // `rate`, the field's name before 0.2, is still read
    let m = from_json(r#"{"kind":"linear","p0":10,"rate":2}"#).unwrap();
    assert_eq!(
        m,
        from_json(r#"{"kind":"linear","p0":10,"slope":2}"#).unwrap()
    );
    assert_eq!(m, DecayModel::linear(10.0, 2.0));
}

#[test]
fn negative_p0_is_rejected_naming_p0() {
    let err = from_json(r#"{"kind":"exponential","p0":-1,"lambda":0.2}"#).unwrap_err();
    assert!(err.contains("p0 must be at least 0, got -1"), "{err}");
}

#[test]
fn floor_above_p0_is_rejected() {
    let err = from_json(r#"{"kind":"exponential","p0":1,"lambda":0.2,"floor":2}"#).unwrap_err();
    assert!(err.contains("floor must not exceed p0"), "{err}");
}

#[test]
fn discount_of_one_is_rejected() {
    let err = from_json(r#"{"kind":"step_discount","p0":1,"discount":1,"period":1}"#).unwrap_err();
    assert!(err.contains("discount must be in [0, 1), got 1"), "{err}");
}

#[test]
fn unknown_kind_missing_and_extra_fields_are_errors() {
    let unknown = from_json(r#"{"kind":"logistic","p0":1}"#).unwrap_err();
    assert!(unknown.contains("unknown variant `logistic`"), "{unknown}");
    let missing = from_json(r#"{"kind":"exponential","p0":1}"#).unwrap_err();
    assert!(missing.contains("missing field `lambda`"), "{missing}");
    let extra = from_json(r#"{"kind":"exponential","p0":1,"lambda":1,"lamda":2}"#).unwrap_err();
    assert!(extra.contains("unknown field `lamda`"), "{extra}");
    let no_kind = from_json(r#"{"p0":1,"lambda":1}"#).unwrap_err();
    assert!(no_kind.contains("missing field `kind`"), "{no_kind}");
}

#[test]
fn wrong_types_and_out_of_range_numbers_are_errors() {
    assert!(from_json(r#"{"kind":"exponential","p0":"1","lambda":1}"#).is_err());
    assert!(from_json(r#"{"kind":"exponential","p0":1e400,"lambda":1}"#).is_err());
    assert!(from_json(r#"{"kind":"exponential","p0":null,"lambda":1}"#).is_err());
    assert!(
        from_json(
            r#"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"#
        )
        .is_err()
    );
    assert!(from_json("").is_err());
}

#[test]
fn deeply_nested_input_is_an_error_not_a_stack_overflow() {
    let deep = "[".repeat(100_000) + &"]".repeat(100_000);
    assert!(from_json(&deep).is_err());
}

#[test]
fn rate_serialises_as_lambda_and_revalidates() {
    let r = Rate::from_half_life(2.0);
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json, format!(r#"{{"lambda":{}}}"#, r.lambda()));
    assert!(same(&serde_json::from_str::<Rate>(&json).unwrap(), &r));
    assert!(serde_json::from_str::<Rate>(r#"{"lambda":1,"x":2}"#).is_err());
    assert!(serde_json::from_str::<Rate>(r#"{}"#).is_err());
}

proptest! {
    #[test]
    fn every_valid_model_round_trips_to_an_ulp_per_parameter(m in model(true)) {
        let json = serde_json::to_string(&m).unwrap();
        let back: DecayModel = serde_json::from_str(&json).unwrap();
        prop_assert!(same(&back, &m), "{json}");
    }

    #[test]
    fn deserialising_accepts_exactly_what_the_constructors_accept(
        p0 in -2.0..2.0f64, lambda in -2.0..2.0f64, discount in -0.5..1.5f64,
        period in -1.0..2.0f64, floor in -1.0..3.0f64,
    ) {
        let exp_json = format!(r#"{{"kind":"exponential","p0":{p0},"lambda":{lambda},"floor":{floor}}}"#);
        let exp_direct = DecayModel::try_exponential(p0, lambda).and_then(|m| m.try_with_floor(floor));
        let (a, b) = (from_json(&exp_json).ok(), exp_direct.ok());
        prop_assert_eq!(a.is_some(), b.is_some());
        prop_assert!(a.is_none() || same(&a, &b));
        let step_json = format!(
            r#"{{"kind":"step_discount","p0":{p0},"discount":{discount},"period":{period},"floor":{floor}}}"#
        );
        let step_direct = DecayModel::try_step_discount(p0, discount, period)
            .and_then(|m| m.try_with_floor(floor));
        let (a, b) = (from_json(&step_json).ok(), step_direct.ok());
        prop_assert_eq!(a.is_some(), b.is_some());
        prop_assert!(a.is_none() || same(&a, &b));
    }

    #[test]
    fn rates_round_trip_to_an_ulp(lambda in -1e3..1e3f64) {
        let r = Rate::continuous(lambda);
        let back: Rate = serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        prop_assert!((back.lambda() - lambda).abs() <= f64::EPSILON * lambda.abs());
    }
}

/// Every method's fit, from data that suit it.
fn every_fit() -> Vec<costtrend::fit::Fit> {
    use costtrend::fit::{self, FitOptions};
    let t: Vec<f64> = (0..12).map(|i| 2015.0 + 0.5 * f64::from(i)).collect();
    let p: Vec<f64> = t
        .iter()
        .enumerate()
        .map(|(i, t)| {
            (2.0 + 40.0 * (-0.6 * (t - 2015.0)).exp()) * (1.0 + 0.03 * (i as f64 * 1.9).sin())
        })
        .collect();
    vec![
        fit::exponential(&t, &p).unwrap(),
        fit::exponential_nls(&t, &p).unwrap(),
        fit::exponential_with_floor(&t, &p).unwrap(),
        fit::linear(&t, &p).unwrap(),
        fit::step_discount(&t, &p, 1.0).unwrap(),
        FitOptions::new()
            .keep_residuals(true)
            .level(0.8)
            .exponential(&t, &p)
            .unwrap(),
    ]
}

#[test]
fn a_saved_fit_answers_every_query_as_the_original() {
    // to 1e-12 relative with plain serde_json (tests/it/serde_default.rs
    // does the same on hundreds of random fits)
    let close = |a: f64, b: f64| a == b || (a - b).abs() <= 1e-12 * a.abs().max(b.abs());
    for f in every_fit() {
        let json = serde_json::to_string(&f).unwrap();
        let g: costtrend::fit::Fit = serde_json::from_str(&json).unwrap();
        assert_eq!(g.method(), f.method());
        assert!(same_to(&g.model(), &f.model(), 1e-13));
        assert!(same_to(&g.parameters(), &f.parameters(), 1e-13));
        assert!(same(&g.residuals(), &f.residuals()));
        for t in [2014.0, 2017.3, 2020.0, 2030.0] {
            for (a, b) in [
                (g.predict(t), f.predict(t)),
                (g.predict_observation(t), f.predict_observation(t)),
            ] {
                assert!(close(a.value(), b.value()));
                let (i, j) = (a.interval().unwrap(), b.interval().unwrap());
                assert!(close(i.lower(), j.lower()) && close(i.upper(), j.upper()));
            }
        }
        for price in [30.0, 5.0, 2.5, 0.1] {
            let (a, b) = (g.time_to(price).unwrap(), f.time_to(price).unwrap());
            assert_eq!(a.is_some(), b.is_some());
            if let (Some(a), Some(b)) = (a, b) {
                assert!(close(a.value(), b.value()), "{price}");
            }
        }
        assert!(same_to(&g.rate(), &f.rate(), 1e-13));
        assert!(close(g.aic(), f.aic()) && close(g.bic(), f.bic()));
        assert!(close(g.r_squared(), f.r_squared()));
        // and the JSON holds no NaN, infinite bounds as strings
        assert!(!json.contains("NaN") && !json.contains("null,\"upper\""));
    }
}

#[test]
fn a_tampered_fit_is_rejected_naming_the_problem() {
    let f = &every_fit()[0];
    let v = serde_json::to_value(f).unwrap();
    let cases: [(&str, serde_json::Value, &str); 5] = [
        ("method", serde_json::json!("cubic"), "unknown method"),
        ("level", serde_json::json!(1.5), "level must be in (0, 1)"),
        ("sse", serde_json::json!(-1.0), "sse"),
        ("n", serde_json::json!(1), "below the 2 parameters"),
        ("theta", serde_json::json!([1e308, 0.0, 0.0]), "p0"),
    ];
    for (field, value, message) in cases {
        let mut w = v.clone();
        w[field] = value;
        if field == "theta" {
            w.as_object_mut().unwrap().remove("model");
        }
        let err = serde_json::from_value::<costtrend::fit::Fit>(w).unwrap_err();
        assert!(err.to_string().contains(message), "{field}: {err}");
    }
    // a model that does not follow from the numbers
    let mut w = v.clone();
    w["model"]["p0"] = serde_json::json!(123.0);
    assert!(serde_json::from_value::<costtrend::fit::Fit>(w).is_err());
    // unknown fields are rejected
    let mut w = v;
    w["lamda"] = serde_json::json!(1.0);
    assert!(serde_json::from_value::<costtrend::fit::Fit>(w).is_err());
}

#[test]
fn unbounded_sides_are_written_as_signed_infinity_strings() {
    use costtrend::estimate::{Estimate, Interval, Parameter};
    let i = Interval::new(f64::NEG_INFINITY, 3.0);
    let json = serde_json::to_string(&i).unwrap();
    assert_eq!(json, r#"{"lower":"-inf","upper":3.0}"#);
    assert_eq!(serde_json::from_str::<Interval>(&json).unwrap(), i);
    let up = serde_json::to_string(&Interval::new(1.0, f64::INFINITY)).unwrap();
    assert_eq!(up, r#"{"lower":1.0,"upper":"+inf"}"#);
    assert!(serde_json::from_str::<Interval>(r#"{"lower":2,"upper":1}"#).is_err());
    assert!(serde_json::from_str::<Interval>(r#"{"lower":"nan","upper":1}"#).is_err());
    // a flat fit's half-life interval is unbounded above
    let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0, 3.0], &[10.0, 12.0, 8.0, 9.5]).unwrap();
    let h = f.rate().unwrap().half_life().unwrap();
    let json = serde_json::to_string(&h).unwrap();
    assert!(json.contains("\"upper\":\"+inf\""), "{json}");
    assert!(same(&serde_json::from_str::<Estimate>(&json).unwrap(), &h));
    let p = f.lambda().unwrap();
    let back: Parameter = serde_json::from_str(&serde_json::to_string(p).unwrap()).unwrap();
    assert!(same(&back, p));
    assert!(
        serde_json::from_str::<Parameter>(
            r#"{"name":"lamda","value":1,"std_error":null,"interval":null}"#
        )
        .is_err()
    );
    let r = f.rate().unwrap();
    let back: costtrend::estimate::RateEstimate =
        serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert!(same(&back, &r));
    // a comparison serialises every candidate, fitted or not
    let c = costtrend::select::compare(&[0.0, 1.0, 2.0, 3.0], &[10.0, 12.0, 8.0, 9.5]).unwrap();
    let v = serde_json::to_value(&c).unwrap();
    assert_eq!(
        v["candidates"].as_array().unwrap().len(),
        c.candidates().len()
    );
}

#[test]
fn a_fitted_piecewise_model_round_trips_to_an_ulp() {
    let t: Vec<f64> = (0..30).map(|i| 2000.0 + f64::from(i) * 0.7).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|&t| 100.0 * (-0.4 * (t - 2000.0) + 0.3 * (t - 2010.0).max(0.0)).exp())
        .collect();
    let m = costtrend::breaks::trend_breaks(&t, &p)
        .unwrap()
        .model()
        .clone();
    assert!(!m.times().is_empty());
    let json = serde_json::to_string(&m).unwrap();
    let back: costtrend::Piecewise = serde_json::from_str(&json).unwrap();
    assert!(same(&back, &m));
    // every observation stays in its segment
    for &x in &t {
        assert_eq!(back.segment_of(x), m.segment_of(x));
    }
    assert!(json.starts_with("{\"origin\":2000.0,\"times\":["), "{json}");
}

#[test]
fn hostile_piecewise_json_is_rejected_naming_the_problem() {
    let bad = |s: &str| {
        serde_json::from_str::<costtrend::Piecewise>(s)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let e = bad(r#"{"origin":0,"times":[2,1],"levels":[3,2,1],"lambdas":[0,0,0]}"#);
    assert!(e.contains("strictly ascending"), "{e}");
    let e = bad(r#"{"origin":0,"times":[1],"levels":[3],"lambdas":[0,0]}"#);
    assert!(
        e.contains("levels has 1 values but 1 breaks make 2 segments"),
        "{e}"
    );
    let e = bad(r#"{"origin":0,"times":[1],"levels":[3,-2],"lambdas":[0,0]}"#);
    assert!(e.contains("level must be at least 0"), "{e}");
    let e = bad(r#"{"origin":0,"times":[1],"levels":[3,2],"lambdas":[0,0],"floor":1}"#);
    assert!(e.contains("unknown field"), "{e}");
    let e = bad(r#"{"origin":0,"times":[1e999],"levels":[3,2],"lambdas":[0,0]}"#);
    assert!(!e.is_empty());
    let e = bad(r#"{"origin":5,"times":[1],"levels":[3,2],"lambdas":[0,0]}"#);
    assert!(e.contains("after the origin"), "{e}");
}
