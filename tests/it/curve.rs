//! `PriceCurve`: the queries every curve answers, and what code written
//! against the trait (spend, means, crossings) does on each curve.

use costtrend::{
    DecayModel, ExperienceCurve, Growth, ParamError, Piecewise, PriceCurve, Rate, Spend, Usage,
};

use crate::common::close;

/// A user's own curve that implements only the required methods: spend
/// on it takes the quadrature path.
struct Opaque(DecayModel);

impl PriceCurve for Opaque {
    fn at(&self, t: f64) -> f64 {
        self.0.at(t)
    }
    fn integral(&self, a: f64, b: f64) -> f64 {
        self.0.integral(a, b)
    }
    fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError> {
        self.0.time_to(price)
    }
    fn slope_at(&self, t: f64) -> f64 {
        self.0.slope_at(t)
    }
}

/// `∫_a^b p0 e^{-λ(t - s)} · u0 e^{g(t - o)} dt`, by hand.
fn exp_times_exp(
    (p0, lambda, s): (f64, f64, f64),
    (u0, g, o): (f64, f64, f64),
    a: f64,
    b: f64,
) -> f64 {
    let c = g - lambda;
    let at_a = p0 * u0 * (-lambda * (a - s) + g * (a - o)).exp();
    at_a * (c * (b - a)).exp_m1() / c
}

#[test]
fn spend_on_a_break_model_is_the_sum_of_its_segments_in_closed_form() {
    // $10 falling 30 %/yr from 2024, cut to $4 in 2025.5 and then falling
    // 10 %/yr; usage growing 2x a year from 1,000 units in 2024.
    let (l1, l2) = (-(0.7f64).ln(), -(0.9f64).ln());
    let price = Piecewise::new(2024.0, &[2025.5], &[10.0, 4.0], &[l1, l2]);
    let usage = Usage::exponential(1_000.0, Growth::from_fold_per(2.0, 1.0)).with_origin(2024.0);
    let g = 2f64.ln();
    let bill = Spend::new(price.clone(), usage);
    let (a, b) = (2024.2, 2027.0);
    let expected = exp_times_exp((10.0, l1, 2024.0), (1_000.0, g, 2024.0), a, 2025.5)
        + exp_times_exp((4.0, l2, 2025.5), (1_000.0, g, 2024.0), 2025.5, b);
    let got = bill.cumulative(a, b);
    assert!(close(got, expected, 1e-12, 0.0), "{got} vs {expected}");
    // signed like every integral
    assert!(close(bill.cumulative(b, a), -expected, 1e-12, 0.0));
    assert_eq!(bill.cumulative(a, a), 0.0);
    // the rate is price times usage at every time
    assert!(close(
        bill.rate_at(2026.0),
        price.at(2026.0) * usage.at(2026.0),
        1e-15,
        0.0
    ));
}

#[test]
fn a_break_model_without_a_break_spends_and_averages_as_its_single_curve() {
    let single = DecayModel::exponential(10.0, 0.4).with_origin(2024.0);
    let split = Piecewise::continuous(10.0, 2024.0, &[2025.0, 2026.5], &[0.4, 0.4, 0.4]);
    let usage = Usage::linear(5.0, 2.0).with_origin(2024.0);
    for (a, b) in [(2024.0, 2030.0), (2023.0, 2025.0), (2025.2, 2025.3)] {
        let one = Spend::new(single, usage).cumulative(a, b);
        let many = Spend::new(&split, usage).cumulative(a, b);
        assert!(close(one, many, 1e-12, 0.0), "[{a}, {b}]: {one} vs {many}");
        assert!(close(single.mean(a, b), split.mean(a, b), 1e-12, 0.0));
        assert_eq!(single.time_to(3.0).is_ok(), split.time_to(3.0).is_ok());
    }
    let (x, y) = (
        single.time_to(3.0).unwrap().unwrap(),
        split.time_to(3.0).unwrap().unwrap(),
    );
    assert!(close(x, y, 1e-14, 0.0));
}

#[test]
fn spend_on_a_curve_without_closed_form_pieces_agrees_with_the_closed_form() {
    let model =
        DecayModel::exponential_at_rate(60.0, Rate::from_fold_per(10.0, 1.0)).with_origin(2022.0);
    for usage in [
        Usage::constant(3.0),
        Usage::exponential(100.0, Growth::from_fold_per(5.0, 1.0)).with_origin(2022.0),
        Usage::linear(10.0, 4.0).with_origin(2022.0),
    ] {
        let exact = Spend::new(model, usage).cumulative(2022.5, 2026.0);
        let quad = Spend::new(Opaque(model), usage).cumulative(2022.5, 2026.0);
        assert!(
            close(exact, quad, 1e-10, 0.0),
            "{usage:?}: {exact} vs {quad}"
        );
    }
    // infinite spans: exact with constant usage, +inf otherwise
    let flat = Spend::new(Opaque(model), Usage::constant(2.0));
    assert!(close(
        flat.cumulative(2022.0, f64::INFINITY),
        2.0 * model.integral(2022.0, f64::INFINITY),
        1e-12,
        0.0
    ));
    assert!(flat.cumulative(f64::NAN, 1.0).is_nan());
}

#[test]
fn an_experience_curve_integrates_the_cost_of_a_production_run() {
    // 20 % per doubling: the cost of units 100..200 by the closed form, and
    // against the sum of the unit costs (midpoint rule, 1e-5 relative).
    let c = ExperienceCurve::from_learning_rate(1_000.0, 0.2);
    let total = c.integral(100.0, 200.0);
    let sum: f64 = (0..100_000)
        .map(|i| c.cost_at(100.0 + (f64::from(i) + 0.5) / 1_000.0) / 1_000.0)
        .sum();
    assert!(close(total, sum, 1e-9, 0.0), "{total} vs {sum}");
    assert!(close(c.mean(100.0, 200.0) * 100.0, total, 1e-12, 0.0));
    // b = 1: the logarithm
    let one = ExperienceCurve::new(10.0, 1.0);
    assert!(close(one.integral(1.0, 8.0), 10.0 * 8f64.ln(), 1e-14, 0.0));
    // from zero volume: finite below b = 1, infinite above
    assert!(ExperienceCurve::new(1.0, 0.5).integral(0.0, 4.0) == 4.0);
    assert_eq!(
        ExperienceCurve::new(1.0, 1.5).integral(0.0, 4.0),
        f64::INFINITY
    );
    // before zero volume there is no cost
    assert!(c.integral(-1.0, 1.0).is_nan());
    assert!(close(
        c.slope_at(4.0),
        -c.b() * c.cost_at(4.0) / 4.0,
        1e-15,
        0.0
    ));
}

#[test]
fn an_experience_curve_reaches_a_cost_by_volume_and_rejects_bad_targets() {
    let falling = ExperienceCurve::new(100.0, 0.5);
    assert_eq!(falling.time_to(10.0), Ok(falling.volume_to(10.0)));
    assert_eq!(falling.time_to(0.0), Ok(None)); // approached, never reached
    let flat = ExperienceCurve::new(5.0, 0.0);
    assert_eq!(flat.time_to(5.0), Ok(Some(0.0)));
    assert_eq!(flat.time_to(4.9), Ok(None));
    let rising = ExperienceCurve::new(5.0, -0.5);
    assert_eq!(rising.time_to(1.0), Ok(Some(0.0)));
    assert!(matches!(
        falling.time_to(f64::NAN),
        Err(ParamError::NonFinite { .. })
    ));
    assert!(matches!(
        falling.time_to(-1.0),
        Err(ParamError::OutOfRange { .. })
    ));
}

#[test]
fn provided_queries_agree_with_the_required_ones_on_every_curve() {
    fn check<C: PriceCurve>(c: &C, ts: &[f64]) {
        let many = c.at_many(ts);
        let mut out = vec![0.0; ts.len()];
        c.eval_into(ts, &mut out).unwrap();
        for ((&t, &m), &o) in ts.iter().zip(&many).zip(&out) {
            assert!(close(m, c.at(t), 4e-16, 0.0), "at_many({t})");
            assert_eq!(m.to_bits(), o.to_bits(), "eval_into({t})");
        }
        let mut short = vec![0.0; ts.len() - 1];
        assert!(c.eval_into(ts, &mut short).is_err());
        assert_eq!(c.at_time(&ts[0]), Ok(c.at(ts[0])));
        assert_eq!(c.mean(ts[1], ts[1]), c.at(ts[1]));
    }
    let ts = [1.0, 2.0, 3.5, 7.0];
    check(&DecayModel::exponential(9.0, 0.3), &ts);
    check(&DecayModel::step_discount(9.0, 0.2, 1.0), &ts);
    check(&Piecewise::new(0.0, &[2.5], &[9.0, 3.0], &[0.1, 0.2]), &ts);
    check(&ExperienceCurve::new(9.0, 0.3), &ts);
    check(&Opaque(DecayModel::linear(9.0, 1.0)), &ts);
}
