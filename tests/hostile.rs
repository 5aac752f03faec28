//! Hostile and degenerate inputs, one row each: the exact error variant or
//! the documented result. The table must hold at least 40 rows.

use costtrend::fit::{self, Accumulator, FitOptions, NanPolicy};
use costtrend::{DecayModel, FitError, ParamError, Rate};

type Check = Box<dyn Fn() -> Result<(), String>>;

fn expect<T: std::fmt::Debug>(got: T, ok: bool) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("got {got:?}"))
    }
}

fn t5() -> Vec<f64> {
    vec![0.0, 1.0, 2.0, 3.0, 4.0]
}

fn p5() -> Vec<f64> {
    vec![10.0, 8.0, 6.5, 5.0, 4.1]
}

fn rows() -> Vec<(&'static str, Check)> {
    let mut rows: Vec<(&'static str, Check)> = Vec::new();
    macro_rules! row {
        ($name:expr, $body:expr) => {
            rows.push(($name, Box::new($body)));
        };
    }
    row!("empty data, log-linear", || {
        let r = fit::exponential(&[], &[]);
        expect(&r, r.as_ref().err() == Some(&FitError::Empty))
    });
    row!("empty data, nls", || {
        let r = fit::exponential_nls(&[], &[]);
        expect(&r, r.as_ref().err() == Some(&FitError::Empty))
    });
    row!("single point", || {
        let r = fit::linear(&[1.0], &[2.0]);
        expect(
            &r,
            matches!(
                r,
                Err(FitError::TooFewPoints {
                    needed: 2,
                    got: 1,
                    ..
                })
            ),
        )
    });
    row!("two points for the floor fit", || {
        let r = fit::exponential_with_floor(&[1.0, 2.0], &[2.0, 1.0]);
        expect(
            &r,
            matches!(
                r,
                Err(FitError::TooFewPoints {
                    needed: 3,
                    got: 2,
                    ..
                })
            ),
        )
    });
    row!("mismatched lengths", || {
        let r = fit::exponential(&[1.0, 2.0, 3.0], &[1.0, 2.0]);
        expect(
            &r,
            r.as_ref().err() == Some(&FitError::LengthMismatch { t: 3, price: 2 }),
        )
    });
    for (name, index) in [
        ("NaN price at first index", 0usize),
        ("NaN price at middle index", 2),
        ("NaN price at last index", 4),
    ] {
        rows.push((name, Box::new(move || {
            let mut p = p5();
            p[index] = f64::NAN;
            let r = fit::exponential(&t5(), &p);
            expect(&r, matches!(r, Err(FitError::NonFinite { name: "price", index: i, .. }) if i == index))
        })));
    }
    for (name, index) in [
        ("infinite time at first index", 0usize),
        ("infinite time at middle index", 2),
        ("infinite time at last index", 4),
    ] {
        rows.push((
            name,
            Box::new(move || {
                let mut t = t5();
                t[index] = f64::NEG_INFINITY;
                let r = fit::linear(&t, &p5());
                expect(
                    &r,
                    matches!(r, Err(FitError::NonFinite { name: "t", index: i, .. }) if i == index),
                )
            }),
        ));
    }
    row!("NaN omitted and counted", || {
        let mut p = p5();
        p[1] = f64::NAN;
        let r = FitOptions::new()
            .nan_policy(NanPolicy::Omit)
            .exponential(&t5(), &p);
        expect(
            &r,
            r.as_ref().map(|f| (f.dropped(), f.n())).ok() == Some((1, 4)),
        )
    });
    row!("zero price on a log fit", || {
        let mut p = p5();
        p[3] = 0.0;
        let r = fit::exponential(&t5(), &p);
        expect(
            &r,
            r.as_ref().err()
                == Some(&FitError::NonPositivePrice {
                    index: 3,
                    value: 0.0,
                }),
        )
    });
    row!("negative price on a log fit", || {
        let mut p = p5();
        p[0] = -2.0;
        let r = fit::step_discount(&t5(), &p, 1.0);
        expect(
            &r,
            r.as_ref().err()
                == Some(&FitError::NonPositivePrice {
                    index: 0,
                    value: -2.0,
                }),
        )
    });
    row!("zero price on the price scale is fine", || {
        let mut p = p5();
        p[4] = 0.0;
        let r = fit::exponential_nls(&t5(), &p);
        expect(&r, r.is_ok())
    });
    row!("all times equal", || {
        let r = fit::exponential(&[2024.0; 4], &[4.0, 3.0, 2.0, 1.0]);
        expect(
            &r,
            r.as_ref().err() == Some(&FitError::AllTimesEqual { t: 2024.0 }),
        )
    });
    row!("all prices equal: flat, exact, zero errors", || {
        let r = fit::exponential(&t5(), &[3.0; 5]);
        let ok = r.as_ref().is_ok_and(|f| {
            let l = f.parameter("lambda").unwrap();
            l.value() == 0.0 && l.std_error() == Some(0.0) && f.sse() == 0.0
        });
        expect(&r, ok)
    });
    row!("times near 1e15", || {
        let t: Vec<f64> = (0..6).map(|i| 1e15 + f64::from(i) * 16.0).collect();
        let p: Vec<f64> = (0..6)
            .map(|i| 100.0 * (-0.01 * 16.0 * f64::from(i)).exp())
            .collect();
        let r = fit::exponential(&t, &p);
        let ok = r.as_ref().is_ok_and(|f| {
            (f.parameter("lambda").unwrap().value() - 0.01).abs() < 1e-12
                && f.model().origin() == 1e15
        });
        expect(&r, ok)
    });
    row!("a spread of 1e-9 around 2024", || {
        let t: Vec<f64> = (0..10).map(|i| 2024.0 + 1e-10 * f64::from(i)).collect();
        let p: Vec<f64> = t
            .iter()
            .map(|t| 50.0 * (-1e6 * (t - 2024.0)).exp())
            .collect();
        let r = fit::exponential(&t, &p);
        // t is only known to ulp(2024) = 2.3e-13: lambda to about 1e-3.
        let ok = r
            .as_ref()
            .is_ok_and(|f| (f.parameter("lambda").unwrap().value() / 1e6 - 1.0).abs() < 1e-3);
        expect(&r, ok)
    });
    row!("p0 = f64::MAX", || {
        let m = DecayModel::exponential(f64::MAX, 1.0);
        expect(
            m,
            m.at(0.0) == f64::MAX && m.at(1.0).is_finite() && m.at(-1.0) == f64::INFINITY,
        )
    });
    row!("p0 = f64::MIN_POSITIVE", || {
        let m = DecayModel::exponential(f64::MIN_POSITIVE, 1.0);
        expect(
            m,
            m.at(0.0) == f64::MIN_POSITIVE && m.time_to(0.0).is_none(),
        )
    });
    row!("lambda = 1e-300: integral is p0 times the width", || {
        let m = DecayModel::exponential(3.0, 1e-300);
        expect(m, (m.integral(1.0, 5.0) - 12.0).abs() <= 1e-15 * 12.0)
    });
    row!(
        "lambda = 1e300: gone after any time, integral p0 / lambda",
        || {
            let m = DecayModel::exponential(2.0, 1e300);
            expect(
                m,
                m.at(1e-200) == 0.0 && (m.integral(0.0, 1.0) - 2e-300).abs() <= 1e-15 * 2e-300,
            )
        }
    );
    row!(
        "lambda = 1e300 falling back from the origin saturates",
        || {
            let m = DecayModel::exponential(2.0, 1e300);
            expect(
                m,
                m.at(-1.0) == f64::INFINITY && m.integral(-1.0, 0.0) == f64::INFINITY,
            )
        }
    );
    row!("discount 0: the price never moves", || {
        let m = DecayModel::step_discount(5.0, 0.0, 1.0);
        expect(m, m.at(1e12) == 5.0 && m.time_to(4.0).is_none())
    });
    row!(
        "discount 1 - 1e-16 is valid and nearly free after one period",
        || {
            let m = DecayModel::try_step_discount(100.0, 1.0 - 1e-16, 1.0);
            expect(m, m.is_ok_and(|m| m.at(1.0) < 1e-13 && m.at(0.5) == 100.0))
        }
    );
    row!("discount 1 is rejected", || {
        let r = DecayModel::try_step_discount(100.0, 1.0, 1.0);
        expect(
            r,
            matches!(
                r,
                Err(ParamError::OutOfRange {
                    name: "discount",
                    ..
                })
            ),
        )
    });
    row!("period 1e-300: at the floor immediately", || {
        let m = DecayModel::step_discount(100.0, 0.5, 1e-300).with_floor(1.0);
        expect(
            m,
            m.at(1.0) == 1.0 && (m.integral(0.0, 2.0) - 2.0).abs() < 1e-12,
        )
    });
    row!("period 0 is rejected", || {
        let r = DecayModel::try_step_discount(1.0, 0.5, 0.0);
        expect(
            r,
            matches!(r, Err(ParamError::OutOfRange { name: "period", .. })),
        )
    });
    row!("integral over [a, a] is 0", || {
        let m = DecayModel::linear(5.0, 1.0);
        expect(m, m.integral(2.0, 2.0) == 0.0 && m.mean(2.0, 2.0) == 3.0)
    });
    row!("reversed bounds give the negative integral", || {
        let m = DecayModel::exponential(5.0, 0.5);
        expect(m, m.integral(3.0, 1.0) == -m.integral(1.0, 3.0))
    });
    row!("time_to of p0 is the origin", || {
        let m = DecayModel::exponential(5.0, 0.5).with_origin(2020.0);
        expect(m, m.time_to(5.0) == Some(2020.0))
    });
    row!("time_to of the exponential's floor is never", || {
        let m = DecayModel::exponential(5.0, 0.5).with_floor(1.0);
        expect(m, m.time_to(1.0).is_none())
    });
    row!("time_to of the linear floor is the kink", || {
        let m = DecayModel::linear(5.0, 1.0).with_floor(1.0);
        expect(m, m.time_to(1.0) == Some(4.0))
    });
    row!("time_to below the floor is never", || {
        let m = DecayModel::linear(5.0, 1.0).with_floor(1.0);
        expect(m, m.time_to(0.5).is_none())
    });
    row!("at(NaN) is NaN, documented", || {
        let m = DecayModel::step_discount(5.0, 0.5, 1.0);
        expect(
            m,
            m.at(f64::NAN).is_nan() && m.integral(0.0, f64::NAN).is_nan(),
        )
    });
    row!("a rising price overflows to +inf, documented", || {
        let m = DecayModel::exponential(1.0, -1.0);
        expect(m, m.at(1e6) == f64::INFINITY && m.time_to(0.5).is_none())
    });
    row!("negative p0 is rejected naming p0", || {
        let r = DecayModel::try_linear(-1.0, 1.0);
        expect(
            r,
            matches!(r, Err(ParamError::OutOfRange { name: "p0", .. })),
        )
    });
    row!("100 % per year is not a rate", || {
        let r = Rate::try_from_percent_per(100.0, 1.0);
        expect(
            r,
            matches!(
                r,
                Err(ParamError::OutOfRange {
                    name: "percent",
                    ..
                })
            ),
        )
    });
    row!("JSON with an unknown kind", || {
        let r = serde_json::from_str::<DecayModel>(r#"{"kind":"cubic","p0":1}"#);
        expect(
            &r,
            r.as_ref()
                .is_err_and(|e| e.to_string().contains("unknown variant")),
        )
    });
    row!("JSON with a missing field", || {
        let r =
            serde_json::from_str::<DecayModel>(r#"{"kind":"step_discount","p0":1,"discount":0.1}"#);
        expect(
            &r,
            r.as_ref()
                .is_err_and(|e| e.to_string().contains("missing field `period`")),
        )
    });
    row!("JSON with an extra field", || {
        let r =
            serde_json::from_str::<DecayModel>(r#"{"kind":"linear","p0":1,"rate":1,"slope":2}"#);
        expect(
            &r,
            r.as_ref()
                .is_err_and(|e| e.to_string().contains("unknown field `slope`")),
        )
    });
    row!("JSON with a wrong type", || {
        let r = serde_json::from_str::<DecayModel>(r#"{"kind":"linear","p0":[1],"rate":1}"#);
        expect(&r, r.is_err())
    });
    row!("JSON number 1e400", || {
        let r = serde_json::from_str::<Rate>(r#"{"lambda":1e400}"#);
        expect(&r, r.is_err())
    });
    row!("JSON nested 10^5 deep", || {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let r = serde_json::from_str::<DecayModel>(&deep);
        expect(&r, r.is_err())
    });
    row!("JSON that is valid but an invalid model", || {
        let r =
            serde_json::from_str::<DecayModel>(r#"{"kind":"exponential","p0":-1,"lambda":0.2}"#);
        expect(
            &r,
            r.as_ref()
                .is_err_and(|e| e.to_string().contains("p0 must be at least 0")),
        )
    });
    row!("negative weight", || {
        let r = FitOptions::new()
            .weights(&[1.0, -1.0, 1.0, 1.0, 1.0])
            .linear(&t5(), &p5());
        expect(
            &r,
            r.as_ref().err()
                == Some(&FitError::InvalidWeight {
                    index: 1,
                    value: -1.0,
                }),
        )
    });
    row!("NaN weight", || {
        let r = FitOptions::new()
            .weights(&[1.0, 1.0, 1.0, 1.0, f64::NAN])
            .linear(&t5(), &p5());
        expect(
            &r,
            matches!(r, Err(FitError::InvalidWeight { index: 4, .. })),
        )
    });
    row!("all weights zero", || {
        let r = FitOptions::new()
            .weights(&[0.0; 5])
            .exponential(&t5(), &p5());
        expect(&r, r.as_ref().err() == Some(&FitError::AllWeightsZero))
    });
    row!("step fit period of -1", || {
        let r = fit::step_discount(&t5(), &p5(), -1.0);
        expect(
            &r,
            matches!(r, Err(FitError::InvalidOption { name: "period", .. })),
        )
    });
    row!("rising steps are an invalid estimate", || {
        let r = fit::step_discount(&t5(), &[1.0, 2.0, 3.0, 4.0, 5.0], 1.0);
        expect(
            &r,
            matches!(
                r,
                Err(FitError::InvalidEstimate {
                    parameter: "discount",
                    ..
                })
            ),
        )
    });
    row!("as many points as parameters: errors unavailable", || {
        let r = fit::linear(&[0.0, 1.0], &[2.0, 1.0]);
        expect(
            &r,
            r.as_ref()
                .is_ok_and(|f| f.parameters().iter().all(|p| p.std_error().is_none())),
        )
    });
    row!("confidence of NaN", || {
        let r = FitOptions::new().confidence(f64::NAN).linear(&t5(), &p5());
        expect(
            &r,
            matches!(
                r,
                Err(FitError::InvalidOption {
                    name: "confidence",
                    ..
                })
            ),
        )
    });
    row!("floor fit on a straight line", || {
        let t: Vec<f64> = (0..12).map(f64::from).collect();
        let p: Vec<f64> = t.iter().map(|t| 30.0 - 2.0 * t).collect();
        let r = fit::exponential_with_floor(&t, &p);
        expect(
            &r,
            matches!(
                r,
                Err(FitError::NotIdentifiable {
                    parameter: "floor",
                    ..
                }) | Err(FitError::InvalidEstimate {
                    parameter: "floor",
                    ..
                })
            ),
        )
    });
    row!("all prices zero on the price scale", || {
        let r = fit::exponential_nls(&t5(), &[0.0; 5]);
        expect(
            &r,
            matches!(
                r,
                Err(FitError::NotIdentifiable {
                    parameter: "lambda",
                    ..
                })
            ),
        )
    });
    row!("merging different accumulators", || {
        let r = Accumulator::linear().merge(&Accumulator::log_linear());
        let ok = matches!(r, Err(FitError::MergeMismatch { .. }));
        expect(r, ok)
    });
    row!("time_to of a NaN price on a fit", || {
        let f = fit::exponential(&t5(), &p5()).unwrap();
        let r = f.time_to(f64::NAN);
        let ok = matches!(r, Err(FitError::InvalidOption { name: "price", .. }));
        expect(r, ok)
    });
    row!(
        "fuzz: a rate interval with infinite bounds converts without panic",
        || {
            // found by fuzz/fit: lambda around 1e158 with an infinite interval
            let t = [
                8.1733e-320,
                -2.276426217573231e-159,
                -1.7480486088776485e-156,
                -2.039390043687573e-156,
            ];
            let p = [
                5.16449975617389e120,
                3.885337784451513e84,
                1.7422457186352297e41,
                131072.00000000186,
            ];
            let r = fit::exponential(&t, &p);
            let ok = r.as_ref().map_or(true, |f| {
                f.rate().map_or(true, |r| {
                    let (pct, fold, half) = (r.percent_per(1.0), r.fold_per(1.0), r.half_life());
                    !pct.value().is_nan() && !fold.value().is_nan() && !half.value().is_nan()
                })
            });
            expect(&r, ok)
        }
    );
    row!(
        "fuzz: p0 underflowing to 0 has no NaN standard error",
        || {
            // found by fuzz/fit (control byte 186: weights, origin 50)
            let t = [0.0, 1.0, 4e-323, 3.2379e-319];
            let p = [6.324e-321, 8.1106e-320, 8.1995e-320, 7.283111753679049e-304];
            let w: Vec<f64> = t.iter().map(|v: &f64| v.abs() % 4.0).collect();
            let opts = FitOptions::new().weights(&w).origin(1860.0);
            let results = [
                opts.exponential(&t, &p),
                opts.exponential_nls(&t, &p),
                opts.linear(&t, &p),
                opts.step_discount(&t, &p, 6.0),
            ];
            let ok = results.iter().flatten().all(|f| {
                f.parameters()
                    .iter()
                    .all(|q| !q.value().is_nan() && !q.std_error().is_some_and(f64::is_nan))
            });
            expect(&results, ok)
        }
    );
    rows
}

#[test]
fn every_hostile_input_gets_its_documented_answer() {
    let rows = rows();
    assert!(rows.len() >= 40, "only {} rows", rows.len());
    let failures: Vec<String> = rows
        .iter()
        .filter_map(|(name, check)| check().err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} rows failed:\n{}",
        failures.len(),
        rows.len(),
        failures.join("\n")
    );
}
