//! Numerical care: limits, cancellation and overflow.

use approx::assert_relative_eq;
use costtrend::fit::{self, Accumulator};
use costtrend::DecayModel;

#[test]
fn integral_and_mean_tend_to_the_flat_limit_as_lambda_vanishes() {
    for lambda in [1e-8, 1e-12, 1e-16, 1e-300, -1e-12] {
        let m = DecayModel::exponential(7.0, lambda).with_origin(2020.0);
        // p0 (b - a) to first order in lambda: relative error ~ lambda (b - a)
        let (a, b) = (2021.0, 2031.0);
        let limit = 7.0 * (b - a);
        let tol = 1e-12_f64.max(20.0 * lambda.abs() * (b - 2020.0));
        assert!(
            (m.integral(a, b) / limit - 1.0).abs() <= tol,
            "lambda {lambda}"
        );
        assert!((m.mean(a, b) / 7.0 - 1.0).abs() <= tol, "lambda {lambda}");
    }
    let m = DecayModel::exponential(7.0, 0.0);
    assert_eq!(m.integral(1.0, 11.0), 70.0);
    // Flat over an unbounded span: +inf, never NaN (0 · inf in the exponent).
    assert_eq!(m.integral(0.0, f64::INFINITY), f64::INFINITY);
    assert_eq!(m.integral(f64::NEG_INFINITY, 0.0), f64::INFINITY);
    assert_eq!(
        m.with_floor(7.0).integral(f64::NEG_INFINITY, 0.0),
        f64::INFINITY
    );
}

#[test]
fn no_intermediate_overflow_when_the_price_is_representable() {
    // exp(1000) overflows, 1e-300 · e^1000 = 1.97e134 does not.
    let m = DecayModel::exponential(1e-300, 1.0);
    assert_relative_eq!(
        m.at(-1000.0),
        (1000.0 - 300.0 * 10f64.ln()).exp(),
        max_relative = 1e-12
    );
    // exp(-800) underflows, 1e300 · e^-800 = 3.6e-48 does not.
    let m = DecayModel::exponential(1e300, 1.0);
    assert_relative_eq!(
        m.at(800.0),
        (300.0 * 10f64.ln() - 800.0).exp(),
        epsilon = 0.0,
        max_relative = 1e-12
    );
    // and the bulk path agrees
    assert_relative_eq!(m.at_many(&[800.0])[0], m.at(800.0), max_relative = 1e-15);
    // steps: 0.5^2000 underflows, 1e300 · 0.5^1100 = 7.4e-32 does not
    let s = DecayModel::step_discount(1e300, 0.5, 1.0);
    assert_relative_eq!(
        s.at(1100.5),
        (300.0 * 10f64.ln() - 1100.0 * 2f64.ln()).exp(),
        epsilon = 0.0,
        max_relative = 1e-12
    );
    // exponential: t - origin overflows, the exponent -2 does not
    let e = DecayModel::exponential(3.0, 1e-308).with_origin(-1e308);
    assert_relative_eq!(e.at(1e308), 3.0 * (-2.0f64).exp(), max_relative = 1e-12);
    // ... and where the exponent itself is unbounded, the limits
    let falling = DecayModel::exponential(5.0, 0.5)
        .with_floor(1.0)
        .with_origin(-f64::MAX);
    assert_eq!(falling.at(f64::MAX), 1.0);
    let rising = DecayModel::exponential(5.0, -0.5).with_origin(-f64::MAX);
    assert_eq!(rising.at(f64::MAX), f64::INFINITY);
    // linear: t - origin overflows, the line does not
    let l = DecayModel::linear(5.0, -1e-300).with_origin(-1e308);
    assert_relative_eq!(l.at(1e308), 5.0 + 2e8, max_relative = 1e-12);
}

#[test]
fn mean_over_a_span_wider_than_f64_max_averages_its_two_halves() {
    // hi - lo overflows to infinity; the mean must not, as long as the
    // integral over each half (at most f64::MAX wide) is representable.
    let flat = DecayModel::exponential(0.5, 0.0);
    assert_eq!(flat.mean(-f64::MAX, f64::MAX), 0.5);
    // 0.1 exp(-1e-308 t) averages 0.1 sinh(x) / x over [-f64::MAX,
    // f64::MAX], x = 1e-308 · f64::MAX.
    let falling = DecayModel::exponential(0.1, 1e-308);
    let x = 1e-308 * f64::MAX;
    assert_relative_eq!(
        falling.mean(-f64::MAX, f64::MAX),
        0.1 * x.sinh() / x,
        max_relative = 1e-12
    );
    // The documented saturation: the half-span integral 5 · f64::MAX
    // overflows.
    assert_eq!(
        DecayModel::exponential(5.0, 0.0).mean(-f64::MAX, f64::MAX),
        f64::INFINITY
    );
}

#[test]
fn a_rising_price_saturates_to_infinity_only_past_f64_max() {
    let m = DecayModel::exponential(1.0, -1.0);
    assert!(m.at(709.0).is_finite());
    assert_eq!(m.at(710.0), f64::INFINITY);
    assert_eq!(m.integral(0.0, 1e4), f64::INFINITY);
}

#[test]
fn calendar_year_sums_are_centred_and_lose_no_digits() {
    // A spread of hours around 2024: raw sums of t² would cancel 15 digits.
    let t: Vec<f64> = (0..200).map(|i| 2024.3 + f64::from(i) / 8760.0).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|t| 2.0 * (-30.0 * (t - 2024.3)).exp())
        .collect();
    let f = fit::exponential(&t, &p).unwrap();
    assert_relative_eq!(
        f.parameter("lambda").unwrap().value(),
        30.0,
        max_relative = 1e-9
    );
    let mut acc = Accumulator::log_linear();
    for (&ti, &pi) in t.iter().zip(&p) {
        acc.push(ti, pi).unwrap();
    }
    assert_relative_eq!(
        acc.fit().unwrap().parameter("lambda").unwrap().value(),
        30.0,
        max_relative = 1e-9
    );
}

#[test]
fn step_time_to_and_integral_are_exact_when_a_target_or_floor_is_a_level() {
    // With keep = 1/2 or 1/4 every level p0 · keep^k is exact, so a target
    // equal to a level puts ln(target / p0) / ln(keep) on a whole number,
    // where the rounded logarithms may land on either side of it.
    for (p0, discount) in [(100.0, 0.5), (3.0, 0.75), (1e10, 0.5), (7.0, 0.5)] {
        let keep = 1.0 - discount;
        let s = DecayModel::step_discount(p0, discount, 0.5).with_origin(2020.0);
        let mut level = p0;
        for k in 1..=60 {
            level *= keep;
            let at_level = s.time_to(level).unwrap();
            assert_eq!(
                at_level,
                2020.0 + 0.5 * f64::from(k),
                "{p0} {discount} k={k}"
            );
            // a hair above the level: the same drop; a hair below: the next
            let above = f64::from_bits(level.to_bits() + 1);
            let below = f64::from_bits(level.to_bits() - 1);
            assert_eq!(s.time_to(above), Some(at_level), "k={k}");
            assert_eq!(s.time_to(below), Some(at_level + 0.5), "k={k}");
        }
        // A floor equal to a level: whole periods sum to the levels above
        // it plus the floor after.
        let mut level = p0;
        for k in 1..=30 {
            level *= keep;
            let floored = DecayModel::step_discount(p0, discount, 1.0).with_floor(level);
            let n = k + 5;
            let mut expected = 0.0;
            let mut l = p0;
            for _ in 0..n {
                expected += l.max(level);
                l *= keep;
            }
            assert_relative_eq!(
                floored.integral(0.0, f64::from(n)),
                expected,
                max_relative = 1e-14
            );
        }
    }
}

#[test]
fn step_integrals_to_infinity_and_without_discount() {
    // From the middle of a period: half of it, then 100 · Σ_{k>=1} 0.5^k.
    let s = DecayModel::step_discount(100.0, 0.5, 1.0);
    assert_eq!(s.integral(0.5, f64::INFINITY), 150.0);
    assert_eq!(s.integral(0.0, f64::INFINITY), 200.0);
    // No discount: the floor never binds, the price stays p0.
    let flat = DecayModel::step_discount(10.0, 0.0, 1.0).with_floor(2.0);
    assert_eq!(flat.integral(0.0, 5.0), 50.0);
    assert_eq!(flat.integral(0.25, 3.5), 32.5);
    // A subnormal discount summed to infinity: p0 · period / discount,
    // where 1 / discount alone overflows.
    let d = 1e-310;
    let slow = DecayModel::step_discount(1e-5, d, 1.0);
    assert_relative_eq!(
        slow.integral(0.0, f64::INFINITY),
        1e-5 / d,
        max_relative = 1e-9
    );
}

#[test]
fn linear_prices_far_from_zero_time_keep_their_digits() {
    // t - origin is exact here; rate · t - rate · origin would not be.
    let l = DecayModel::linear(10.0, 0.1).with_origin(1e15);
    assert_eq!(l.at(1e15 + 0.5), 10.0 - 0.1 * 0.5);
    assert_eq!(l.at(1e15 - 2.0), 10.0 + 0.1 * 2.0);
}

#[test]
fn uncountably_many_periods_integrate_as_the_continuous_decline() {
    // A subnormal period and discount: (b - a) / period overflows, while
    // ln(1 - d) / period = -1/2, so the steps trace 100 e^{-(t - origin)/2}.
    let (d, period): (f64, f64) = (1e-310, 2e-310);
    let rate = -(-d).ln_1p() / period;
    assert!((rate - 0.5).abs() < 1e-9);
    let plain = DecayModel::step_discount(100.0, d, period);
    let expected = 100.0 * (1.0 - (-10.0 * rate).exp()) / rate;
    assert_relative_eq!(plain.integral(0.0, 10.0), expected, max_relative = 1e-9);
    // with a floor of 10, reached at t = ln(10) / rate
    let floored = plain.with_floor(10.0);
    let t_floor = 10f64.ln() / rate;
    let expected = 90.0 / rate + 10.0 * (10.0 - t_floor);
    assert_relative_eq!(floored.integral(0.0, 10.0), expected, max_relative = 1e-9);
    // starting past the floor's time (4.6): all floor
    assert_relative_eq!(floored.integral(5.0, 10.0), 50.0, max_relative = 1e-12);
    // A discount so small that ln(1 - d) / period underflows to 0, over a
    // span whose distance to the origin overflows: flat at p0.
    let flat = DecayModel::step_discount(1.0, 1e-323, 8.0).with_origin(-f64::MAX);
    assert_eq!(flat.integral(0.0, f64::MAX), f64::MAX);
    // A subnormal period with a normal discount: infinitely fast steps, at
    // the floor from the origin on, unbounded before it.
    let instant = DecayModel::step_discount(10.0, 0.5, 5e-324).with_floor(2.0);
    assert_eq!(instant.integral(1.0, 3.0), 4.0);
    assert_eq!(instant.integral(-1.0, 3.0), f64::INFINITY);
    let to_zero = DecayModel::step_discount(10.0, 0.5, 5e-324);
    assert_eq!(to_zero.integral(1.0, 3.0), 0.0);
    // shifted origin: the same curve, moved
    let shifted = floored.with_origin(3.0);
    assert_relative_eq!(
        shifted.integral(3.0, 13.0),
        floored.integral(0.0, 10.0),
        max_relative = 1e-9
    );
    // before the origin the price is p0 / (1 - d)^k: it grows back
    assert!(shifted.integral(2.0, 13.0) > shifted.integral(3.0, 13.0) + 100.0);
}
