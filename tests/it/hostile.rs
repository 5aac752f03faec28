//! Hostile and degenerate inputs, one row each: the exact error variant or
//! the documented result. Each row is its own test (over 50 of them).

use costtrend::NanPolicy;
use costtrend::PriceCurve;
use costtrend::breaks;
use costtrend::breaks::BreakOptions;
use costtrend::fit::{self, Accumulator, FitOptions};
use costtrend::{DecayModel, FitError, ParamError, Piecewise, Rate};

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

/// One row of the table: its own `#[test]`, so a single row can be run by
/// name and one failure does not hide the others.
macro_rules! row {
    ($(#[$m:meta])* $name:ident, $body:expr) => {
        $(#[$m])*
        #[test]
        fn $name() {
            let check: fn() -> Result<(), String> = $body;
            if let Err(e) = check() {
                panic!("{}: {e}", stringify!($name));
            }
        }
    };
}

row! {
    /// empty data, log-linear
    empty_data_log_linear,
    || {
        let r = fit::exponential::<f64>(&[], &[]);
        expect(&r, r.as_ref().err() == Some(&FitError::Empty))
    }
}

row! {
    /// empty data, nls
    empty_data_nls,
    || {
        let r = fit::exponential_nls::<f64>(&[], &[]);
        expect(&r, r.as_ref().err() == Some(&FitError::Empty))
    }
}

row! {
    /// single point
    single_point,
    || {
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
    }
}

row! {
    /// two points for the floor fit
    two_points_for_the_floor_fit,
    || {
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
    }
}

row! {
    /// mismatched lengths
    mismatched_lengths,
    || {
        let r = fit::exponential(&[1.0, 2.0, 3.0], &[1.0, 2.0]);
        expect(
            &r,
            r.as_ref().err() == Some(&FitError::LengthMismatch { t: 3, price: 2 }),
        )
    }
}

row! {
    /// NaN omitted and counted
    nan_omitted_and_counted,
    || {
        let mut p = p5();
        p[1] = f64::NAN;
        let r = FitOptions::new()
            .nan_policy(NanPolicy::Omit)
            .exponential(&t5(), &p);
        expect(
            &r,
            r.as_ref().map(|f| (f.dropped(), f.n())).ok() == Some((1, 4)),
        )
    }
}

row! {
    /// zero price on a log fit
    zero_price_on_a_log_fit,
    || {
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
    }
}

row! {
    /// negative price on a log fit
    negative_price_on_a_log_fit,
    || {
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
    }
}

row! {
    /// zero price on the price scale is fine
    zero_price_on_the_price_scale_is_fine,
    || {
        let mut p = p5();
        p[4] = 0.0;
        let r = fit::exponential_nls(&t5(), &p);
        expect(&r, r.is_ok())
    }
}

row! {
    /// all times equal
    all_times_equal,
    || {
        let r = fit::exponential(&[2024.0; 4], &[4.0, 3.0, 2.0, 1.0]);
        expect(
            &r,
            r.as_ref().err() == Some(&FitError::AllTimesEqual { t: 2024.0 }),
        )
    }
}

row! {
    /// all prices equal: flat, exact, zero errors
    all_prices_equal_flat_exact_zero_errors,
    || {
        let r = fit::exponential(&t5(), &[3.0; 5]);
        let ok = r.as_ref().is_ok_and(|f| {
            let l = f.parameter("lambda").unwrap();
            l.value() == 0.0 && l.std_error() == Some(0.0) && f.sse() == 0.0
        });
        expect(&r, ok)
    }
}

row! {
    /// times near 1e15
    times_near_1e15,
    || {
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
    }
}

row! {
    /// a spread of 1e-9 around 2024
    a_spread_of_1e_9_around_2024,
    || {
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
    }
}

row! {
    /// p0 = f64::MAX
    p0_f64_max,
    || {
        let m = DecayModel::exponential(f64::MAX, 1.0);
        expect(m,
            m.at(0.0) == f64::MAX && m.at(1.0).is_finite() && m.at(-1.0) == f64::INFINITY,
        )
    }
}

row! {
    /// p0 = f64::MIN_POSITIVE
    p0_f64_min_positive,
    || {
        let m = DecayModel::exponential(f64::MIN_POSITIVE, 1.0);
        expect(m,
            m.at(0.0) == f64::MIN_POSITIVE && m.time_to(0.0) == Ok(None),
        )
    }
}

row! {
    /// lambda = 1e-300: integral is p0 times the width
    lambda_1e_300_integral_is_p0_times_the_width,
    || {
        let m = DecayModel::exponential(3.0, 1e-300);
        expect(m, (m.integral(1.0, 5.0) - 12.0).abs() <= 1e-15 * 12.0)
    }
}

row! {
    /// lambda = 1e300: gone after any time, integral p0 / lambda
    lambda_1e300_gone_after_any_time_integral_p0_lambda,
    || {
            let m = DecayModel::exponential(2.0, 1e300);
            expect(m,
                m.at(1e-200) == 0.0 && (m.integral(0.0, 1.0) - 2e-300).abs() <= 1e-15 * 2e-300,
            )
        }
}

row! {
    /// lambda = 1e300 falling back from the origin saturates
    lambda_1e300_falling_back_from_the_origin_saturates,
    || {
            let m = DecayModel::exponential(2.0, 1e300);
            expect(m,
                m.at(-1.0) == f64::INFINITY && m.integral(-1.0, 0.0) == f64::INFINITY,
            )
        }
}

row! {
    /// discount 0: the price never moves
    discount_0_the_price_never_moves,
    || {
        let m = DecayModel::step_discount(5.0, 0.0, 1.0);
        expect(m, m.at(1e12) == 5.0 && m.time_to(4.0) == Ok(None))
    }
}

row! {
    /// discount 1 - 1e-16 is valid and nearly free after one period
    discount_1_1e_16_is_valid_and_nearly_free_after_one_period,
    || {
            let m = DecayModel::try_step_discount(100.0, 1.0 - 1e-16, 1.0);
            expect(&m, m.as_ref().is_ok_and(|m| m.at(1.0) < 1e-13 && m.at(0.5) == 100.0))
        }
}

row! {
    /// discount 1 is rejected
    discount_1_is_rejected,
    || {
        let r = DecayModel::try_step_discount(100.0, 1.0, 1.0);
        expect(&r,
            matches!(
                r,
                Err(ParamError::OutOfRange {
                    name: "discount",
                    ..
                })
            ),
        )
    }
}

row! {
    /// period 1e-300: at the floor immediately
    period_1e_300_at_the_floor_immediately,
    || {
        let m = DecayModel::step_discount(100.0, 0.5, 1e-300).with_floor(1.0);
        expect(m,
            m.at(1.0) == 1.0 && (m.integral(0.0, 2.0) - 2.0).abs() < 1e-12,
        )
    }
}

row! {
    /// period 0 is rejected
    period_0_is_rejected,
    || {
        let r = DecayModel::try_step_discount(1.0, 0.5, 0.0);
        expect(&r,
            matches!(r, Err(ParamError::OutOfRange { name: "period", .. })),
        )
    }
}

row! {
    /// integral over [a, a] is 0
    integral_over_a_a_is_0,
    || {
        let m = DecayModel::linear(5.0, 1.0);
        expect(m, m.integral(2.0, 2.0) == 0.0 && m.mean(2.0, 2.0) == 3.0)
    }
}

row! {
    /// reversed bounds give the negative integral
    reversed_bounds_give_the_negative_integral,
    || {
        let m = DecayModel::exponential(5.0, 0.5);
        expect(m, m.integral(3.0, 1.0) == -m.integral(1.0, 3.0))
    }
}

row! {
    /// time_to of p0 is the origin
    time_to_of_p0_is_the_origin,
    || {
        let m = DecayModel::exponential(5.0, 0.5).with_origin(2020.0);
        expect(m, m.time_to(5.0) == Ok(Some(2020.0)))
    }
}

row! {
    /// time_to of the exponential's floor is never
    time_to_of_the_exponential_s_floor_is_never,
    || {
        let m = DecayModel::exponential(5.0, 0.5).with_floor(1.0);
        expect(m, m.time_to(1.0) == Ok(None))
    }
}

row! {
    /// time_to of the linear floor is the kink
    time_to_of_the_linear_floor_is_the_kink,
    || {
        let m = DecayModel::linear(5.0, 1.0).with_floor(1.0);
        expect(m, m.time_to(1.0) == Ok(Some(4.0)))
    }
}

row! {
    /// time_to below the floor is never
    time_to_below_the_floor_is_never,
    || {
        let m = DecayModel::linear(5.0, 1.0).with_floor(1.0);
        expect(m, m.time_to(0.5) == Ok(None))
    }
}

row! {
    /// at(NaN) is NaN, documented
    at_nan_is_nan_documented,
    || {
        let m = DecayModel::step_discount(5.0, 0.5, 1.0);
        expect(m,
            m.at(f64::NAN).is_nan() && m.integral(0.0, f64::NAN).is_nan(),
        )
    }
}

row! {
    /// a rising price overflows to +inf, documented
    a_rising_price_overflows_to_plusinf_documented,
    || {
        let m = DecayModel::exponential(1.0, -1.0);
        expect(m, m.at(1e6) == f64::INFINITY && m.time_to(0.5) == Ok(None))
    }
}

row! {
    /// negative p0 is rejected naming p0
    negative_p0_is_rejected_naming_p0,
    || {
        let r = DecayModel::try_linear(-1.0, 1.0);
        expect(&r,
            matches!(r, Err(ParamError::OutOfRange { name: "p0", .. })),
        )
    }
}

row! {
    /// 100 % per year is not a rate
    n100_percent_per_year_is_not_a_rate,
    || {
        let r = Rate::try_from_percent_per(100.0, 1.0);
        expect(&r,
            matches!(
                r,
                Err(ParamError::OutOfRange {
                    name: "percent",
                    ..
                })
            ),
        )
    }
}

row! {
    /// JSON with an unknown kind
    #[cfg(feature = "serde")]
    json_with_an_unknown_kind,
    || {
        let r = serde_json::from_str::<DecayModel>(r#"{"kind":"cubic","p0":1}"#);
        expect(
            &r,
            r.as_ref()
                .is_err_and(|e| e.to_string().contains("unknown variant")),
        )
    }
}

row! {
    /// JSON with a missing field
    #[cfg(feature = "serde")]
    json_with_a_missing_field,
    || {
        let r =
            serde_json::from_str::<DecayModel>(r#"{"kind":"step_discount","p0":1,"discount":0.1}"#);
        expect(
            &r,
            r.as_ref()
                .is_err_and(|e| e.to_string().contains("missing field `period`")),
        )
    }
}

row! {
    /// JSON with an extra field
    #[cfg(feature = "serde")]
    json_with_an_extra_field,
    || {
        let r =
            serde_json::from_str::<DecayModel>(r#"{"kind":"linear","p0":1,"slope":1,"rise":2}"#);
        expect(
            &r,
            r.as_ref()
                .is_err_and(|e| e.to_string().contains("unknown field `rise`")),
        )
    }
}

row! {
    /// JSON with a wrong type
    #[cfg(feature = "serde")]
    json_with_a_wrong_type,
    || {
        let r = serde_json::from_str::<DecayModel>(r#"{"kind":"linear","p0":[1],"slope":1}"#);
        expect(&r, r.as_ref().is_err_and(|e| e.is_data() && e.to_string().contains("invalid type: sequence")))
    }
}

row! {
    /// JSON number 1e400
    #[cfg(feature = "serde")]
    json_number_1e400,
    || {
        let r = serde_json::from_str::<Rate>(r#"{"lambda":1e400}"#);
        expect(&r, r.as_ref().is_err_and(|e| e.to_string().contains("number out of range")))
    }
}

row! {
    /// JSON nested 10^5 deep: refused at the first bracket, no deep recursion
    #[cfg(feature = "serde")]
    json_nested_10_pow_5_deep,
    || {
        let deep = "[".repeat(100_000) + &"]".repeat(100_000);
        let r = serde_json::from_str::<DecayModel>(&deep);
        expect(&r, r.as_ref().is_err_and(|e| e.is_data() && e.to_string().contains("invalid type: sequence")))
    }
}

row! {
    /// JSON that is valid but an invalid model
    #[cfg(feature = "serde")]
    json_that_is_valid_but_an_invalid_model,
    || {
        let r =
            serde_json::from_str::<DecayModel>(r#"{"kind":"exponential","p0":-1,"lambda":0.2}"#);
        expect(
            &r,
            r.as_ref()
                .is_err_and(|e| e.to_string().contains("p0 must be at least 0")),
        )
    }
}

row! {
    /// negative weight
    negative_weight,
    || {
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
    }
}

row! {
    /// NaN weight
    nan_weight,
    || {
        let r = FitOptions::new()
            .weights(&[1.0, 1.0, 1.0, 1.0, f64::NAN])
            .linear(&t5(), &p5());
        expect(
            &r,
            matches!(r, Err(FitError::InvalidWeight { index: 4, .. })),
        )
    }
}

row! {
    /// all weights zero
    all_weights_zero,
    || {
        let r = FitOptions::new()
            .weights(&[0.0; 5])
            .exponential(&t5(), &p5());
        expect(&r, r.as_ref().err() == Some(&FitError::AllWeightsZero))
    }
}

row! {
    /// step fit period of -1
    step_fit_period_of_1,
    || {
        let r = fit::step_discount(&t5(), &p5(), -1.0);
        expect(
            &r,
            matches!(r, Err(FitError::InvalidOption { name: "period", .. })),
        )
    }
}

row! {
    /// rising steps are an invalid estimate
    rising_steps_are_an_invalid_estimate,
    || {
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
    }
}

row! {
    /// as many points as parameters: errors unavailable
    as_many_points_as_parameters_errors_unavailable,
    || {
        let r = fit::linear(&[0.0, 1.0], &[2.0, 1.0]);
        expect(
            &r,
            r.as_ref()
                .is_ok_and(|f| f.parameters().iter().all(|p| p.std_error().is_none())),
        )
    }
}

row! {
    /// level of NaN
    level_of_nan,
    || {
        let r = FitOptions::new().level(f64::NAN).linear(&t5(), &p5());
        expect(
            &r,
            matches!(
                r,
                Err(FitError::InvalidOption {
                    name: "level",
                    ..
                })
            ),
        )
    }
}

row! {
    /// floor fit on a straight line
    floor_fit_on_a_straight_line,
    || {
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
    }
}

row! {
    /// all prices zero on the price scale
    all_prices_zero_on_the_price_scale,
    || {
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
    }
}

row! {
    /// merging different accumulators
    merging_different_accumulators,
    || {
        let r = Accumulator::linear().merge(&Accumulator::log_linear());
        let ok = matches!(r, Err(FitError::MergeMismatch { .. }));
        expect(&r, ok)
    }
}

row! {
    /// time_to of a NaN price on a fit
    time_to_of_a_nan_price_on_a_fit,
    || {
        let f = fit::exponential(&t5(), &p5()).unwrap();
        let r = f.time_to(f64::NAN);
        let ok = matches!(r, Err(FitError::InvalidArgument { name: "price", .. }));
        expect(&r, ok)
    }
}

row! {
    /// fuzz: a rate interval with infinite bounds converts without panic
    fuzz_a_rate_interval_with_infinite_bounds_converts_without_panic,
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
                f.rate().is_none_or(|r| {
                    let (pct, fold, half) = (r.percent_per(1.0), r.fold_per(1.0), r.half_life());
                    !pct.value().is_nan() && !fold.value().is_nan() && half.is_none_or(|h| !h.value().is_nan())
                })
            });
            expect(&r, ok)
        }
}

row! {
    /// fuzz: p0 underflowing to 0 has no NaN standard error
    fuzz_p0_underflowing_to_0_has_no_nan_standard_error,
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
}

// Break fits and the piecewise model (issue 14).

row! {
    /// break fits on empty data
    breaks_empty_data,
    || {
        let all = [breaks::trend_breaks::<f64>(&[], &[]), breaks::price_cuts::<f64>(&[], &[]), breaks::regimes::<f64>(&[], &[])];
        expect(&all, all.iter().all(|r| r.as_ref().err() == Some(&FitError::Empty)))
    }
}

row! {
    /// break fits on mismatched lengths
    breaks_mismatched_lengths,
    || {
        let r = breaks::price_cuts(&t5(), &[1.0, 2.0]);
        expect(&r, matches!(r, Err(FitError::LengthMismatch { t: 5, price: 2 })))
    }
}

row! {
    /// a NaN time in a break fit
    breaks_nan_time,
    || {
        let r = breaks::trend_breaks(&[0.0, 1.0, f64::NAN, 3.0, 4.0], &p5());
        expect(&r, matches!(r, Err(FitError::NonFinite { name: "t", index: 2, .. })))
    }
}

row! {
    /// an infinite price in a break fit
    breaks_infinite_price,
    || {
        let r = breaks::regimes(&t5(), &[1.0, 2.0, f64::INFINITY, 1.0, 1.0]);
        expect(&r, matches!(r, Err(FitError::NonFinite { name: "price", index: 2, .. })))
    }
}

row! {
    /// a zero price on the log scale names its index
    breaks_zero_price,
    || {
        let r = breaks::price_cuts(&t5(), &[10.0, 8.0, 6.0, 0.0, 4.0]);
        expect(&r, r.as_ref().err() == Some(&FitError::NonPositivePrice { index: 3, value: 0.0 }))
    }
}

row! {
    /// all times equal
    breaks_all_times_equal,
    || {
        let r = breaks::trend_breaks(&[3.0; 6], &[5.0, 4.0, 3.0, 2.0, 1.0, 1.0]);
        expect(&r, r.as_ref().err() == Some(&FitError::AllTimesEqual { t: 3.0 }))
    }
}

row! {
    /// fewer points than the minimum segment
    breaks_fewer_points_than_min_len,
    || {
        let r = BreakOptions::new().min_len(8).regimes(&t5(), &p5());
        expect(&r, matches!(r, Err(FitError::TooFewPoints { needed: 8, got: 5, .. })))
    }
}

row! {
    /// more breaks forced than the data allow
    breaks_too_many_forced,
    || {
        let r = BreakOptions::new().min_len(2).breaks(3).price_cuts(&t5(), &p5());
        expect(&r, matches!(r, Err(FitError::TooManyBreaks { asked: 3, most: 1, .. })))
    }
}

row! {
    /// a break given outside the data
    breaks_given_outside_the_data,
    || {
        let r = BreakOptions::new().at(&[7.0]).price_cuts(&t5(), &p5());
        let ok = matches!(&r, Err(FitError::InvalidBreak { index: 0, value, .. }) if *value == 7.0);
        let msg = r.as_ref().map_err(ToString::to_string).err().unwrap_or_default();
        expect(&r, ok && msg.contains("inside the data, in (0, 4]"))
    }
}

row! {
    /// given breaks out of order
    breaks_given_out_of_order,
    || {
        let r = BreakOptions::new().at(&[3.0, 2.0]).trend_breaks(&t5(), &p5());
        expect(&r, matches!(r, Err(FitError::InvalidBreak { index: 1, .. })))
    }
}

row! {
    /// two given breaks with no observation between
    breaks_given_with_an_empty_segment,
    || {
        let r = BreakOptions::new().at(&[2.2, 2.6]).price_cuts(&t5(), &p5());
        expect(&r, matches!(r, Err(FitError::InvalidBreak { index: 1, .. })))
    }
}

row! {
    /// a minimum segment of 0 points
    breaks_zero_min_len,
    || {
        let r = BreakOptions::new().min_len(0).price_cuts(&t5(), &p5());
        expect(&r, matches!(r, Err(FitError::InvalidOption { name: "min_len", .. })))
    }
}

row! {
    /// both a number of breaks and their dates
    breaks_count_and_dates,
    || {
        let r = BreakOptions::new().breaks(1).at(&[2.0]).price_cuts(&t5(), &p5());
        expect(&r, matches!(r, Err(FitError::OptionNotApplicable { name: "breaks", .. })))
    }
}

row! {
    /// times spanning the whole float range
    breaks_times_overflowing_their_squares,
    || {
        let r = breaks::trend_breaks(&[-1e300, 0.0, 1.0, 2.0, 1e300], &p5());
        expect(&r, matches!(r, Err(FitError::NotIdentifiable { .. })))
    }
}

row! {
    /// a constant price: no break, no test, no NaN
    breaks_constant_price,
    || {
        let r = breaks::price_cuts(&t5(), &[3.0; 5]).map_err(|e| e.to_string())?;
        expect(&r, r.times().is_empty() && r.p_value().is_none() && r.sigma() == Some(0.0))
    }
}

row! {
    /// a piecewise model with breaks out of order
    piecewise_breaks_out_of_order,
    || {
        let r = Piecewise::try_new(0.0, &[2.0, 2.0], &[3.0, 2.0, 1.0], &[0.0; 3]);
        expect(&r, matches!(r, Err(ParamError::BreaksNotAscending { index: 1, .. })))
    }
}

row! {
    /// a piecewise model with a level too few
    piecewise_level_too_few,
    || {
        let r = Piecewise::try_new(0.0, &[1.0], &[3.0], &[0.0, 0.0]);
        expect(&r, matches!(r, Err(ParamError::SegmentCount { name: "levels", got: 1, breaks: 1 })))
    }
}

row! {
    /// an accumulator state no accumulator could reach
    accumulator_state_out_of_reach,
    || {
        let mut acc = Accumulator::log_linear();
        for (t, p) in [(2024.0, 10.0), (2025.0, 6.0), (2026.0, 3.5)] {
            acc.push(t, p).map_err(|e| e.to_string())?;
        }
        let good = acc.state();
        let m = |name| good.moment(name).unwrap();
        let cases = [
            (good.with_moment("sxx", -1.0), "sxx"),
            (
                costtrend::fit::AccumulatorState::new(true, good.pushed(), good.pushed() + 1, good.moments()),
                "n",
            ),
            (good.with_moment("mx", f64::NAN), "mx"),
            (good.with_moment("sxy", 10.0 * (m("sxx") * m("syy")).sqrt() + 1.0), "sxy"),
            // set while empty
            (Accumulator::linear().state().with_moment("syy", 1.0), "n"),
        ];
        let refused = cases.iter().all(|(s, name)| {
            matches!(Accumulator::from_state(s), Err(FitError::InvalidState { name: n, .. }) if n == *name)
        });
        expect(cases, refused && Accumulator::from_state(&good) == Ok(acc))
    }
}

row! {
    /// two points are too few for a trend with a kink
    breaks_two_points_for_kinks,
    || {
        let r = breaks::trend_breaks(&[0.0, 1.0], &[2.0, 1.0]);
        expect(&r, matches!(r, Err(FitError::TooFewPoints { needed: 3, got: 2, .. })))
    }
}

#[test]
fn every_time_to_refuses_a_nan_or_negative_target_the_same_way() {
    // issue 20: None on the models, Err on fits and walks; now one rule
    let models = [
        DecayModel::exponential(10.0, 0.3),
        DecayModel::linear(10.0, 1.0),
        DecayModel::step_discount(10.0, 0.2, 1.0),
    ];
    let pw = Piecewise::new(0.0, &[1.0], &[10.0, 5.0], &[0.1, 0.2]);
    for bad in [f64::NAN, -1.0] {
        // NaN is not a number at all; -1 is a number out of range
        let exact = |r: Result<Option<f64>, ParamError>| match r {
            Err(ParamError::NonFinite { name: "price", .. }) => bad.is_nan(),
            Err(ParamError::OutOfRange { name: "price", .. }) => bad == -1.0,
            _ => false,
        };
        for m in &models {
            assert!(exact(m.time_to(bad)));
            assert!(exact(m.time_to_as::<f64>(bad)));
        }
        assert!(exact(pw.time_to(bad)) && exact(pw.time_to_as::<f64>(bad)));
        let f = costtrend::fit::exponential(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.1]).unwrap();
        assert!(matches!(
            f.time_to(bad),
            Err(FitError::InvalidArgument { name: "price", .. })
        ));
        let rw = costtrend::forecast::random_walk(&[0.0, 1.0, 2.0], &[8.0, 4.0, 2.1]).unwrap();
        assert!(matches!(
            rw.time_to(bad),
            Err(FitError::InvalidArgument { name: "price", .. })
        ));
    }
    // never reached stays Ok(None); +inf is reached at once
    assert_eq!(models[0].time_to(0.0), Ok(None));
    assert_eq!(models[0].time_to(f64::INFINITY), Ok(Some(0.0)));
}
