//! Pinned values: a change of numbers is noticed here.

use approx::assert_relative_eq;
use costtrend::PriceCurve;
use costtrend::{DecayModel, Rate};

/// Tolerance for values computed by one or two correctly rounded operations.
const TIGHT: f64 = 1e-14;

#[test]
fn naive_twenty_percent_as_continuous_rate_gives_367879() {
    let m = DecayModel::exponential(1_000_000.0, 0.2);
    assert_relative_eq!(m.at(5.0), 367_879.441_171_442_3, max_relative = TIGHT);
}

#[test]
fn true_twenty_percent_per_year_gives_327680_after_five_years() {
    let m = DecayModel::exponential_at_rate(1_000_000.0, Rate::from_percent_per(20.0, 1.0));
    assert_relative_eq!(m.at(5.0), 327_680.0, max_relative = TIGHT);
    // and not the 640,000 that circulates (20 % of the start taken off yearly)
    assert!((m.at(5.0) - 640_000.0).abs() > 1e5);
}

#[test]
fn half_life_of_ln2_is_one() {
    let r = Rate::continuous(std::f64::consts::LN_2);
    assert_relative_eq!(r.half_life().unwrap(), 1.0, max_relative = TIGHT);
}

#[test]
fn ten_fold_per_year_is_ninety_percent_per_year() {
    assert_relative_eq!(
        Rate::from_fold_per(10.0, 1.0).percent_per(1.0),
        90.0,
        max_relative = TIGHT
    );
}

#[test]
fn step_discount_gives_64_at_two_and_a_half_periods() {
    let m = DecayModel::step_discount(100.0, 0.2, 1.0);
    assert_relative_eq!(m.at(2.5), 64.0, max_relative = TIGHT);
    assert_eq!(m.at(0.999), 100.0);
    assert_eq!(m.at(1.0), 80.0);
}

#[test]
fn exponential_integral_to_a_far_horizon_approaches_p0_over_lambda() {
    let m = DecayModel::exponential(100.0, 0.25);
    assert_relative_eq!(m.integral(0.0, 1e4), 400.0, max_relative = TIGHT);
    assert_relative_eq!(m.integral(0.0, 1e300), 400.0, max_relative = TIGHT);
}

#[test]
fn step_time_to_target_is_start_of_qualifying_period() {
    let m = DecayModel::step_discount(100.0, 0.2, 1.0).with_origin(2024.0);
    assert_eq!(m.time_to(64.0), Ok(Some(2026.0)));
}

#[test]
fn epoch_forty_fold_llm_decline_in_every_convention() {
    // Epoch AI: GPT-4-level GPQA price fell about 40x per year.
    let r = Rate::from_fold_per(40.0, 1.0);
    assert_relative_eq!(r.lambda(), 40f64.ln(), max_relative = TIGHT);
    assert_relative_eq!(r.percent_per(1.0), 97.5, max_relative = TIGHT);
    assert_relative_eq!(
        r.half_life().unwrap(),
        2f64.ln() / 40f64.ln(),
        max_relative = TIGHT
    );
    // one month of a 40x-per-year decline
    assert_relative_eq!(
        r.fold_per(1.0 / 12.0),
        40f64.powf(1.0 / 12.0),
        max_relative = TIGHT
    );
}

#[test]
fn linear_time_to_and_integral_are_exact() {
    let m = DecayModel::linear(100.0, 20.0).with_floor(10.0);
    assert_eq!(m.time_to(10.0), Ok(Some(4.5)));
    // trapezoid 100 -> 10 over 4.5 years, then 10 per year for 5.5
    assert_relative_eq!(
        m.integral(0.0, 10.0),
        4.5 * 55.0 + 55.0,
        max_relative = TIGHT
    );
}

#[test]
fn mean_over_one_half_life_is_p0_over_2_ln2() {
    let m = DecayModel::exponential_at_rate(100.0, Rate::from_half_life(1.0));
    assert_relative_eq!(
        m.mean(0.0, 1.0),
        50.0 / std::f64::consts::LN_2,
        max_relative = TIGHT
    );
}

#[test]
fn integral_as_lambda_tends_to_zero_reaches_p0_times_width() {
    for lambda in [1e-6, 1e-9, 1e-12, 1e-15, 1e-200, 0.0] {
        let m = DecayModel::exponential(3.0, lambda);
        // exact: p0 exp(-lambda a) (1 - exp(-lambda w)) / lambda, a = 1, w = 4
        let exact = if lambda == 0.0 {
            12.0
        } else {
            3.0 * (-lambda).exp() * -(-lambda * 4.0_f64).exp_m1() / lambda
        };
        assert_relative_eq!(m.integral(1.0, 5.0), exact, max_relative = 1e-12);
        assert_relative_eq!(m.integral(1.0, 5.0), 12.0, max_relative = 1e-5);
    }
}

#[test]
fn calendar_year_origin_loses_no_digits() {
    let m = DecayModel::exponential(30.0, 2.0).with_origin(2024.5);
    assert_relative_eq!(
        m.at(2024.5 + 1.0 / 365.0),
        30.0 * (-2.0_f64 / 365.0).exp(),
        max_relative = 1e-12
    );
}
