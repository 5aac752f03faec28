//! Experience curves (Wright's law) and spend projection.

use approx::assert_relative_eq;
use costtrend::PriceCurve;
use costtrend::fit;
use costtrend::{DecayModel, ExperienceCurve, Growth, Rate, Spend, Turn, Usage};
use proptest::prelude::*;

fn load(name: &str) -> Vec<f64> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    let mut reader = csv::Reader::from_path(path).unwrap();
    reader
        .records()
        .map(|r| r.unwrap()[1].parse().unwrap())
        .collect()
}

#[test]
fn solar_pv_learning_rate_is_about_twenty_percent() {
    let cost = load("solar_pv_module_lafond2017_usd_per_w.csv");
    let capacity = load("solar_pv_cumulative_capacity_lafond2017_mw.csv");
    let f = fit::experience_curve(&capacity, &cost).unwrap();
    // tests/data/SOURCES.md, computed there: exponent -0.3258, r² 0.968.
    let b = f.parameters()[1].value();
    assert!((b - 0.3258).abs() < 5e-5, "b = {b}");
    assert!((f.fit().r_squared() - 0.968).abs() < 5e-4);
    // Published: 22 % (second-hand, method not stated; ±2 points).
    let lr = f.learning_rate();
    let ci = lr.interval().unwrap();
    println!(
        "solar PV learning rate {:.4} [{:.4}, {:.4}]",
        lr.value(),
        ci.lower(),
        ci.upper()
    );
    assert!((lr.value() - 0.22).abs() < 0.02);
    assert!(ci.contains(0.202) && ci.lower() > 0.15 && ci.upper() < 0.25);
}

#[test]
fn experience_fit_recovers_a_known_curve_and_rejects_bad_volumes() {
    let truth = ExperienceCurve::from_learning_rate(300.0, 0.18);
    let x: Vec<f64> = (0..20).map(|i| 10.0 * 1.5f64.powi(i)).collect();
    let c: Vec<f64> = x.iter().map(|&x| truth.cost_at(x)).collect();
    let f = fit::experience_curve(&x, &c).unwrap();
    assert_relative_eq!(f.curve().c1(), 300.0, max_relative = 1e-10);
    assert_relative_eq!(f.learning_rate().value(), 0.18, max_relative = 1e-10);
    assert_relative_eq!(
        f.predict(1e6).value(),
        truth.cost_at(1e6),
        max_relative = 1e-9
    );
    let err = fit::experience_curve(&[1.0, 0.0, 3.0], &[3.0, 2.0, 1.0]).unwrap_err();
    assert_eq!(
        err,
        costtrend::FitError::NonPositiveVolume {
            index: 1,
            value: 0.0
        }
    );
}

#[test]
fn wright_plus_exponential_growth_gives_an_exponential_decline() {
    let c = ExperienceCurve::from_learning_rate(50.0, 0.2);
    let growth = Rate::from_fold_per(2.0, 3.0); // volume doubles every 3 years
    let m = c.to_decay_model(100.0, growth, 2020.0).unwrap();
    for t in [2020.0, 2023.0, 2031.5] {
        let volume = 100.0 * 2f64.powf((t - 2020.0) / 3.0);
        assert_relative_eq!(m.at(t), c.cost_at(volume), max_relative = 1e-12);
    }
}

/// Every price and usage variant, for the closed-form checks.
fn spends() -> Vec<Spend> {
    let prices = [
        DecayModel::exponential(20.0, 0.7).with_origin(1.0),
        DecayModel::exponential(20.0, 0.7).with_floor(3.0),
        DecayModel::exponential(20.0, -0.2),
        DecayModel::linear(20.0, 4.0).with_floor(2.0),
        DecayModel::linear(20.0, -1.0),
        DecayModel::step_discount(20.0, 0.3, 0.75).with_floor(4.0),
        DecayModel::step_discount(20.0, 0.1, 0.5).with_origin(0.2),
        DecayModel::step_discount(20.0, 0.0, 0.5),
    ];
    let usages = [
        Usage::constant(3.0),
        Usage::linear(2.0, 1.5),
        Usage::linear(5.0, -1.0).with_origin(0.5),
        Usage::exponential(1.5, Growth::continuous(0.4)),
        Usage::exponential(1.5, Growth::continuous(-0.9)).with_origin(2.0),
        // usage reaching 0 inside the spans, with a slope other than ±1
        Usage::linear(6.0, -2.0),
    ];
    prices
        .iter()
        .flat_map(|&p| usages.iter().map(move |&u| Spend::new(p, u)))
        .collect()
}

fn quadrature(s: &Spend, a: f64, b: f64) -> f64 {
    let n = 400_000;
    let h = (b - a) / f64::from(n);
    (0..n)
        .map(|i| s.rate_at(a + (f64::from(i) + 0.5) * h))
        .sum::<f64>()
        * h
}

#[test]
fn cumulative_spend_agrees_with_numeric_integration_for_every_combination() {
    for s in spends() {
        for (a, b) in [(0.0, 6.0), (-1.3, 2.9), (2.0, 2.5)] {
            let exact = s.cumulative(a, b);
            let numeric = quadrature(&s, a, b);
            // the midpoint rule is first order across steps and kinks
            assert!(
                (exact - numeric).abs() <= 1e-6 * numeric.abs() + 1e-4,
                "{s}: [{a}, {b}] {exact} vs {numeric}"
            );
            assert_relative_eq!(s.cumulative(b, a), -exact, max_relative = 1e-15);
        }
    }
}

#[test]
fn constant_usage_reproduces_the_price_integral() {
    for s in spends() {
        let unit = Spend::new(s.price(), Usage::constant(1.0));
        assert_relative_eq!(
            unit.cumulative(0.3, 4.1),
            s.price().integral(0.3, 4.1),
            max_relative = 1e-12
        );
    }
}

#[test]
fn price_decline_matched_by_usage_growth_gives_constant_spend() {
    let r = Rate::from_fold_per(10.0, 1.0);
    let s = Spend::new(
        DecayModel::exponential_at_rate(4.0, r),
        Usage::exponential(2.5, Growth::from_fold_per(10.0, 1.0)),
    );
    for t in [0.0, 1.0, 7.5] {
        assert_relative_eq!(s.rate_at(t), 10.0, max_relative = 1e-12);
    }
    assert_relative_eq!(s.cumulative(1.0, 3.0), 20.0, max_relative = 1e-12);
    assert!(!s.jevons().outpaced());
}

#[test]
fn llm_bill_ten_times_cheaper_five_times_more_used_halves_each_year() {
    let price =
        DecayModel::exponential_at_rate(10.0, Rate::from_fold_per(10.0, 1.0)).with_origin(2025.0);
    let usage = Usage::exponential(1_000.0, Growth::from_fold_per(5.0, 1.0)).with_origin(2025.0);
    let bill = Spend::new(price, usage);
    for year in 0..4 {
        let t = 2025.0 + f64::from(year);
        assert_relative_eq!(
            bill.rate_at(t),
            10_000.0 * 0.5f64.powi(year),
            max_relative = 1e-12
        );
    }
    assert_eq!(bill.turning_point(2025.0, 2035.0), Turn::Falling);
    let j = bill.jevons();
    assert!(!j.outpaced() && j.crossover().is_none());
}

#[test]
fn usage_outpacing_the_price_is_the_jevons_case() {
    let s = Spend::new(
        DecayModel::exponential_at_rate(10.0, Rate::from_fold_per(2.0, 1.0)),
        Usage::exponential(1.0, Growth::from_fold_per(5.0, 1.0)),
    );
    assert!(s.jevons().outpaced());
    assert_eq!(s.turning_point(0.0, 10.0), Turn::Rising);
    // with a floor the price stops falling: spend bottoms out, then grows
    let floored = Spend::new(
        DecayModel::exponential(10.0, 2.0).with_floor(0.5),
        Usage::exponential(1.0, Growth::continuous(0.3)),
    );
    let j = floored.jevons();
    assert!(j.outpaced());
    let t = j.crossover().unwrap();
    // closed form: e^{-2t} = g f / ((λ - g) A)
    let expected = -((0.3 * 0.5) / ((2.0 - 0.3) * 9.5f64)).ln() / 2.0;
    assert_relative_eq!(t, expected, max_relative = 1e-12);
}

#[test]
fn peak_of_exponential_price_times_linear_usage_moves_with_slope_and_floor() {
    // (3 + 2t) · 100 e^{-t/4}: peak at 1/lambda - u0/slope = 4 - 1.5.
    let usage = Usage::linear(3.0, 2.0);
    let s = Spend::new(DecayModel::exponential(100.0, 0.25), usage);
    match s.turning_point(0.0, 30.0) {
        Turn::PeaksAt(t) => assert_relative_eq!(t, 2.5, max_relative = 1e-15),
        other => panic!("{other:?}"),
    }
    // A span after the peak sees spend fall; one before it, rise.
    assert_eq!(s.turning_point(3.0, 30.0), Turn::Falling);
    assert_eq!(s.turning_point(-1.0, 2.0), Turn::Rising);
    // With a floor of 10 the closed form no longer holds: the derivative is
    // e^{-t/4} (125 - 50 t) + 20, positive at 2.5, zero near 3.45 (peak)
    // and again near 13.1 (bottom, the floor's spend takes over).
    let floored = Spend::new(DecayModel::exponential(110.0, 0.25).with_floor(10.0), usage);
    let slope = |t: f64| (-0.25 * t).exp() * (125.0 - 50.0 * t) + 20.0;
    match floored.turning_point(0.0, 30.0) {
        Turn::PeaksAt(t) => {
            assert!(t > 3.3 && t < 3.6, "{t}");
            assert!(slope(t).abs() < 1e-9, "{t}: {}", slope(t));
        }
        other => panic!("{other:?}"),
    }
    match floored.turning_point(5.0, 30.0) {
        Turn::BottomsAt(t) => {
            assert!(t > 12.5 && t < 13.5, "{t}");
            assert!(slope(t).abs() < 1e-9, "{t}: {}", slope(t));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn jevons_sees_floors_rising_lines_and_far_crossovers() {
    let growing = Usage::exponential(1.0, Growth::continuous(0.5));
    // An exponential price with a floor is outpaced by any growth, even
    // growth slower than its lambda; spend bottoms where the floor takes over.
    let j = Spend::new(DecayModel::exponential(100.0, 1.0).with_floor(2.0), growing).jevons();
    assert!(j.outpaced());
    assert_relative_eq!(j.crossover().unwrap(), 49f64.ln(), max_relative = 1e-14);
    // Without the floor, the same growth loses to lambda = 1.
    let j = Spend::new(DecayModel::exponential(100.0, 1.0), growing).jevons();
    assert!(!j.outpaced());
    assert_eq!(j.crossover(), None);
    // A line with a floor: outpaced; a rising line: outpaced; a falling
    // line reaches 0, so spend does too.
    let floored_line = DecayModel::linear(20.0, 4.0).with_floor(2.0);
    assert!(Spend::new(floored_line, growing).jevons().outpaced());
    assert!(
        Spend::new(DecayModel::linear(20.0, -1.0), growing)
            .jevons()
            .outpaced()
    );
    assert!(
        !Spend::new(DecayModel::linear(20.0, 1.0), growing)
            .jevons()
            .outpaced()
    );
    // Slow growth against a floor far below the price: the bottom is at
    // ln(1e12) / 0.02 = 1381.6, past a horizon of 1000 (1 + growth) but
    // within 1000 (1 + 1 / growth).
    let far = Spend::new(
        DecayModel::exponential(1.0 + 1e-12, 0.02).with_floor(1e-12),
        Usage::exponential(1.0, Growth::continuous(0.01)),
    );
    let j = far.jevons();
    assert!(j.outpaced());
    assert_relative_eq!(
        j.crossover().unwrap(),
        1e12f64.ln() / 0.02,
        max_relative = 1e-9
    );
}

#[test]
fn peak_of_linear_price_times_exponential_usage_follows_the_product_rule() {
    // (20 - 4t) · 1.5 e^{0.4 t}: d/dt ∝ -4 + 0.4 (20 - 4t) = 0 at t = 2.5;
    // the price reaches its floor 2 at t = 4.5, after which spend rises.
    let s = Spend::new(
        DecayModel::linear(20.0, 4.0).with_floor(2.0),
        Usage::exponential(1.5, Growth::continuous(0.4)),
    );
    match s.turning_point(0.0, 10.0) {
        Turn::PeaksAt(t) => assert_relative_eq!(t, 2.5, max_relative = 1e-12),
        other => panic!("{other:?}"),
    }
    match s.turning_point(3.0, 10.0) {
        Turn::BottomsAt(t) => assert_relative_eq!(t, 4.5, max_relative = 1e-12),
        other => panic!("{other:?}"),
    }
    // Off the scan's grid (the span 0.3..9.7 does not put 2.5 on a grid
    // point) the bisection still lands on the turn.
    match s.turning_point(0.3, 9.7) {
        Turn::PeaksAt(t) => assert_relative_eq!(t, 2.5, max_relative = 1e-12),
        other => panic!("{other:?}"),
    }
    // Only the span asked about is searched: spend falls on [3, 4].
    assert_eq!(s.turning_point(3.0, 4.0), Turn::Falling);
    assert_eq!(s.turning_point(5.0, 9.0), Turn::Rising);
}

#[test]
fn exponential_price_with_floor_times_growing_usage_bottoms_where_the_floor_takes_over() {
    // e^{t/2} (2 + 98 e^{-t}): d/dt ∝ 1 - 49 e^{-t}, zero at t = ln 49.
    let s = Spend::new(
        DecayModel::exponential(100.0, 1.0).with_floor(2.0),
        Usage::exponential(1.0, Growth::continuous(0.5)),
    );
    match s.turning_point(0.0, 20.0) {
        Turn::BottomsAt(t) => assert_relative_eq!(t, 49f64.ln(), max_relative = 1e-14),
        other => panic!("{other:?}"),
    }
    assert_eq!(s.turning_point(0.0, 3.0), Turn::Falling);
    assert_eq!(s.turning_point(4.0, 20.0), Turn::Rising);
}

#[test]
fn exponential_usage_from_zero_stays_zero_and_flat_usage_stays_flat_at_any_time() {
    let none = Usage::exponential(0.0, Growth::continuous(1.0));
    // u0 · exp(1e6) would be 0 · inf
    assert_eq!(none.at(1e6), 0.0);
    let flat = Usage::exponential(2.0, Growth::continuous(0.0));
    // exp(0 · inf) would be NaN
    assert_eq!(flat.at(f64::INFINITY), 2.0);
    assert_eq!(flat.at(-1e308), 2.0);
}

#[test]
fn step_spend_with_a_tiny_discount_and_linear_usage_keeps_its_digits() {
    // Σ_k 10 (1 - d)^k ∫_k^{k+1} (1 + t) dt for d of 1e-12 and 1e-300:
    // the textbook arithmetico-geometric form cancels here (and gave
    // infinity at 1e-300).
    for d in [1e-12, 1e-300, 1e-7] {
        let s = Spend::new(
            DecayModel::step_discount(10.0, d, 1.0),
            Usage::linear(1.0, 1.0),
        );
        for n in [2u32, 10, 1000] {
            let brute: f64 = (0..n)
                .map(|k| 10.0 * (1.0 - d).powi(k as i32) * (1.5 + f64::from(k)))
                .sum();
            assert_relative_eq!(s.cumulative(0.0, f64::from(n)), brute, max_relative = 1e-12);
        }
    }
}

#[test]
fn step_spend_with_a_floor_matches_the_sum_over_periods() {
    // p0 (1 - d)^k per period until the floor; the floor is hit exactly
    // (powers of two) or between two levels, early or after many periods.
    let cases = [
        (100.0, 0.5, 25.0),
        (100.0, 0.5, 12.5),
        (100.0, 0.5, 50.0),
        (100.0, 0.5, 30.0),
        (64.0, 0.75, 0.25),
        (100.0, 0.1, 1.0),
        (1e6, 0.01, 3.0),
    ];
    for (p0, d, floor) in cases {
        for period in [1.0, 0.25] {
            let price = DecayModel::step_discount(p0, d, period).with_floor(floor);
            let s = Spend::new(price, Usage::constant(2.0));
            for n in [1u32, 2, 3, 5, 40, 100, 2000] {
                let b = f64::from(n) * period;
                let brute: f64 = (0..n)
                    .map(|k| 2.0 * period * (p0 * (1.0 - d).powi(k as i32)).max(floor))
                    .sum();
                assert_relative_eq!(s.cumulative(0.0, b), brute, max_relative = 1e-11);
            }
        }
    }
}

#[test]
fn peak_of_exponential_price_times_linear_usage_is_closed_form() {
    let s = Spend::new(
        DecayModel::exponential(100.0, 0.25).with_origin(2020.0),
        Usage::linear(2.0, 1.0).with_origin(2020.0),
    );
    match s.turning_point(2020.0, 2100.0) {
        Turn::PeaksAt(t) => assert_relative_eq!(t, 2020.0 + 4.0 - 2.0, max_relative = 1e-15),
        other => panic!("{other:?}"),
    }
}

#[test]
#[cfg(feature = "serde")]
fn experience_usage_and_spend_round_trip_and_revalidate() {
    let c = ExperienceCurve::from_learning_rate(12.0, 0.2);
    let back: ExperienceCurve = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
    assert_eq!(back, c);
    assert!(serde_json::from_str::<ExperienceCurve>(r#"{"c1":-1,"b":0.3}"#).is_err());
    for s in spends() {
        let json = serde_json::to_string(&s).unwrap();
        let back: Spend = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }
    let u: Usage = serde_json::from_str(r#"{"kind":"exponential","u0":5,"growth":1.6}"#).unwrap();
    assert_relative_eq!(u.at(1.0), 5.0 * 1.6f64.exp(), max_relative = 1e-15);
    assert!(serde_json::from_str::<Usage>(r#"{"kind":"constant","u0":-5}"#).is_err());
    assert!(serde_json::from_str::<Usage>(r#"{"kind":"linear","u0":5}"#).is_err());
}

proptest! {
    #[test]
    fn cumulative_spend_is_additive(i in 0usize..48, a in -3.0..3.0f64, w1 in 0.0..4.0f64, w2 in 0.0..4.0f64) {
        let s = spends()[i];
        let (b, c) = (a + w1, a + w1 + w2);
        let (ab, bc, ac) = (s.cumulative(a, b), s.cumulative(b, c), s.cumulative(a, c));
        prop_assert!((ab + bc - ac).abs() <= 1e-10 * ac.abs().max(1.0), "{s}: {ab} + {bc} != {ac}");
    }
}

#[test]
fn ten_million_step_periods_are_summed_in_closed_form() {
    // A step discount with tiny steps is close to the continuous exponential.
    let d: f64 = 1e-6;
    let period = 1e-6;
    let step = DecayModel::step_discount(10.0, d, period);
    let lambda = -(-d).ln_1p() / period;
    let smooth = DecayModel::exponential(10.0, lambda);
    for usage in [
        Usage::exponential(2.0, Growth::continuous(0.3)),
        Usage::linear(2.0, 0.5),
        Usage::linear(8.0, -1.0),
    ] {
        let (a, b) = (0.1234567, 10.0);
        let stepped = Spend::new(step, usage).cumulative(a, b);
        let continuous = Spend::new(smooth, usage).cumulative(a, b);
        assert!(
            (stepped / continuous - 1.0).abs() < 1e-5,
            "{usage:?}: {stepped} vs {continuous}"
        );
    }
}

#[test]
fn usage_constructors_accept_exactly_the_valid_parameters() {
    use costtrend::ParamError;
    for bad in [-1.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(Usage::try_constant(bad).is_err(), "{bad}");
        assert!(Usage::try_linear(bad, 1.0).is_err(), "{bad}");
        assert!(
            Usage::try_exponential(bad, Growth::continuous(0.1)).is_err(),
            "{bad}"
        );
    }
    for bad in [f64::NAN, f64::INFINITY] {
        assert!(matches!(
            Usage::try_linear(1.0, bad),
            Err(ParamError::NonFinite { name: "slope", .. })
        ));
        assert!(Usage::constant(1.0).try_with_origin(bad).is_err());
    }
    assert!(matches!(
        Usage::try_constant(-1.0),
        Err(ParamError::OutOfRange { name: "u0", .. })
    ));
    assert_eq!(Usage::try_constant(0.0).unwrap().at(5.0), 0.0);
    assert_eq!(Usage::try_linear(2.0, -0.5).unwrap().at(2.0), 1.0);
    let shifted = Usage::try_linear(2.0, 1.0)
        .unwrap()
        .try_with_origin(10.0)
        .unwrap();
    assert_eq!(shifted.at(12.0), 4.0);
    let grown = Usage::try_exponential(2.0, Growth::continuous(0.5))
        .unwrap()
        .try_with_origin(1.0)
        .unwrap();
    assert_relative_eq!(grown.at(3.0), 2.0 * 1f64.exp(), max_relative = 1e-15);
}

#[test]
fn spend_keeps_its_parts_and_prints_price_times_usage() {
    let price = DecayModel::exponential(4.0, 0.5);
    for (usage, text) in [
        (Usage::constant(3.0), "[4 · exp(-0.5 · (t - 0))] × [3]"),
        (
            Usage::linear(2.0, 1.5).with_origin(1.0),
            "[4 · exp(-0.5 · (t - 0))] × [2 + 1.5 · (t - 1)]",
        ),
        (
            Usage::exponential(1.0, Growth::continuous(0.25)),
            "[4 · exp(-0.5 · (t - 0))] × [1 · exp(0.25 · (t - 0))]",
        ),
    ] {
        let s = Spend::new(price, usage);
        assert_eq!(*s.price(), price);
        assert_eq!(s.usage(), usage);
        assert_eq!(s.to_string(), text);
        assert_relative_eq!(
            s.rate_at(2.0),
            price.at(2.0) * usage.at(2.0),
            max_relative = 1e-15
        );
    }
}

#[test]
fn experience_curve_checked_constructors_name_what_is_wrong() {
    use costtrend::ParamError;
    assert_eq!(ExperienceCurve::try_new(10.0, 0.5).unwrap().b(), 0.5);
    for bad in [0.0, -1.0, f64::NAN, f64::INFINITY] {
        assert!(ExperienceCurve::try_new(bad, 0.5).is_err(), "c1 {bad}");
        assert!(
            ExperienceCurve::try_from_learning_rate(bad, 0.2).is_err(),
            "c1 {bad}"
        );
    }
    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(matches!(
            ExperienceCurve::try_new(1.0, bad),
            Err(ParamError::NonFinite { .. })
        ));
    }
    for bad in [1.0, 1.5, f64::NAN, f64::INFINITY] {
        assert!(
            ExperienceCurve::try_from_learning_rate(1.0, bad).is_err(),
            "rate {bad}"
        );
    }
    let c = ExperienceCurve::try_from_learning_rate(1.0, 0.2).unwrap();
    assert_relative_eq!(c.learning_rate(), 0.2, max_relative = 1e-15);
    // a negative learning rate is a curve whose cost rises with volume
    let rising = ExperienceCurve::try_from_learning_rate(1.0, -0.1).unwrap();
    assert!(rising.b() < 0.0);
}

#[test]
fn experience_cost_is_taken_in_logs_where_the_power_alone_underflows() {
    // 1e10^-40 = 1e-400 underflows to 0; 1e300 · 1e-400 = 1e-100 does not.
    let c = ExperienceCurve::new(1e300, 40.0);
    assert_relative_eq!(c.cost_at(1e10), 1e-100, epsilon = 0.0, max_relative = 1e-12);
    // and where it overflows: 1e-10^-40 = 1e400, times 1e-300 is 1e100.
    let c = ExperienceCurve::new(1e-300, 40.0);
    assert_relative_eq!(c.cost_at(1e-10), 1e100, max_relative = 1e-12);
}

#[test]
fn exponential_price_times_linear_usage_moving_the_same_way_never_turns() {
    // Falling price, falling usage (0 from t = 10): spend falls to 0 and
    // stays. The stationary point of (10 - t) e^{-t/2}, t = 12, is where
    // usage is already clamped at 0: not a turn.
    let both_fall = Spend::new(
        DecayModel::exponential(100.0, 0.5),
        Usage::linear(10.0, -1.0),
    );
    assert_eq!(both_fall.turning_point(0.0, 20.0), Turn::Falling);
    assert!(!both_fall.jevons().outpaced());
    assert_eq!(both_fall.jevons().crossover(), None);
    // Rising price, usage growing from 0 at t = 5: spend rises throughout.
    let both_rise = Spend::new(
        DecayModel::exponential(1.0, -0.5),
        Usage::linear(0.0, 1.0).with_origin(5.0),
    );
    assert_eq!(both_rise.turning_point(-10.0, 20.0), Turn::Rising);
    // Tiny rates whose product underflows: still a peak, at 1/lambda - u0/k.
    let tiny = Spend::new(
        DecayModel::exponential(1.0, 1e-200),
        Usage::linear(0.5, 1e-200),
    );
    match tiny.turning_point(0.0, 1e201) {
        Turn::PeaksAt(t) => assert_relative_eq!(t, 0.5e200, max_relative = 1e-12),
        other => panic!("{other:?}"),
    }
}

#[test]
fn linear_usage_slope_counts_while_usage_is_positive() {
    // (20 + t)(10 - t): d/dt = (10 - t) - (20 + t) = -10 - 2t, zero at -5.
    let s = Spend::new(DecayModel::linear(20.0, -1.0), Usage::linear(10.0, -1.0));
    match s.turning_point(-10.0, 5.0) {
        Turn::PeaksAt(t) => assert_relative_eq!(t, -5.0, max_relative = 1e-12),
        other => panic!("{other:?}"),
    }
}

#[test]
fn zero_price_times_overflowing_usage_spends_nothing() {
    // The line reaches 0 at t = 10; usage e^t overflows by t = 1000.
    let s = Spend::new(
        DecayModel::linear(10.0, 1.0),
        Usage::exponential(1.0, Growth::continuous(1.0)),
    );
    assert_eq!(s.rate_at(1000.0), 0.0);
    assert!(s.rate_at(f64::NAN).is_nan());
}

#[test]
fn spend_that_never_turns_is_reported_falling_or_rising() {
    // A floor under the price but shrinking usage: e^{-t/2} (2 + 98 e^{-t})
    // falls throughout (no root of the derivative).
    let shrinking = Spend::new(
        DecayModel::exponential(100.0, 1.0).with_floor(2.0),
        Usage::exponential(1.0, Growth::continuous(-0.5)),
    );
    assert_eq!(shrinking.turning_point(0.0, 20.0), Turn::Falling);
    // Flat spend holds: reported as Falling (which includes holding).
    let flat = Spend::new(DecayModel::linear(5.0, 0.0), Usage::constant(2.0));
    assert_eq!(flat.turning_point(0.0, 10.0), Turn::Falling);
    let flat_steps = Spend::new(
        DecayModel::step_discount(5.0, 0.0, 1.0),
        Usage::constant(2.0),
    );
    assert_eq!(flat_steps.turning_point(0.0, 10.0), Turn::Falling);
}

#[test]
fn jevons_compares_usage_growth_with_the_step_decline() {
    // Halving every period declines at ln 2 = 0.69 per period.
    let price = DecayModel::step_discount(100.0, 0.5, 1.0);
    let slower = Spend::new(price, Usage::exponential(1.0, Growth::continuous(0.3)));
    assert!(!slower.jevons().outpaced());
    let faster = Spend::new(price, Usage::exponential(1.0, Growth::continuous(1.0)));
    assert!(faster.jevons().outpaced());
}

#[test]
fn cumulative_spend_over_unbounded_or_nan_spans() {
    let price = DecayModel::exponential(10.0, 0.5);
    // Constant usage: u0 times the price's integral, p0 / lambda to +inf.
    let constant = Spend::new(price, Usage::constant(2.0));
    assert_relative_eq!(
        constant.cumulative(0.0, f64::INFINITY),
        40.0,
        max_relative = 1e-15
    );
    assert_eq!(
        Spend::new(price, Usage::constant(0.0)).cumulative(0.0, f64::INFINITY),
        0.0
    );
    // Other usage over an unbounded span: unbounded.
    let linear = Spend::new(price, Usage::linear(1.0, 1.0));
    assert_eq!(linear.cumulative(0.0, f64::INFINITY), f64::INFINITY);
    // A NaN bound is NaN, whatever the usage.
    for s in [constant, linear] {
        assert!(s.cumulative(f64::NAN, 1.0).is_nan());
        assert!(s.cumulative(0.0, f64::NAN).is_nan());
    }
    // A flat line (rate 0, no floor) is outpaced by any growth.
    let flat = Spend::new(
        DecayModel::linear(5.0, 0.0),
        Usage::exponential(1.0, Growth::continuous(0.1)),
    );
    assert!(flat.jevons().outpaced());
}

#[test]
fn experience_fit_predicts_observations_with_a_wider_band() {
    let f =
        fit::experience_curve(&[1.0, 2.0, 4.0, 8.0, 16.0], &[10.0, 8.1, 6.3, 5.2, 4.1]).unwrap();
    let (c, o) = (f.predict(32.0), f.predict_observation(32.0));
    assert_relative_eq!(o.value(), c.value(), max_relative = 1e-15);
    assert!(o.value().is_finite() && o.value() < 4.1);
    let (ci, oi) = (c.interval().unwrap(), o.interval().unwrap());
    assert!(oi.lower() < ci.lower() && ci.upper() < oi.upper());
    // volumes must be positive
    assert!(f.predict_observation(0.0).value().is_nan());
    assert!(f.predict_observation(-1.0).value().is_nan());
}

#[test]
fn growth_reads_as_growth_and_calendar_periods_need_no_arithmetic() {
    use costtrend::time::{DAY, MONTH, QUARTER, WEEK, YEAR};
    // the issue's example: 50 % growth a year makes 1 into 1.5, not 2
    let u = Usage::exponential(1.0, Growth::from_percent_per(50.0, YEAR));
    assert_relative_eq!(u.at(1.0), 1.5, max_relative = 1e-14);
    // "usage triples yearly" in percent
    let triples = Growth::from_percent_per(200.0, YEAR);
    assert_relative_eq!(triples.fold_per(1.0), 3.0, max_relative = 1e-14);
    assert_relative_eq!(
        triples.per_unit_time(),
        Growth::from_fold_per(3.0, 1.0).per_unit_time(),
        max_relative = 1e-15
    );
    // shrinking usage is negative growth
    assert!(Growth::from_percent_per(-20.0, YEAR).per_unit_time() < 0.0);
    // a decline and a growth of the same size cancel in spend
    let price = DecayModel::exponential_at_rate(4.0, Rate::from_fold_per(3.0, YEAR));
    let s = Spend::new(price, Usage::exponential(2.0, triples));
    assert_relative_eq!(s.rate_at(5.0), 8.0, max_relative = 1e-12);
    // calendar periods
    assert_eq!(QUARTER * 4.0, YEAR);
    assert_relative_eq!(MONTH * 12.0, YEAR, max_relative = 1e-15);
    assert_relative_eq!(WEEK, 7.0 * DAY, max_relative = 1e-15);
    let monthly = Rate::from_percent_per(3.0, MONTH);
    assert_relative_eq!(
        monthly.fold_per(YEAR),
        (1.0f64 / 0.97).powi(12),
        max_relative = 1e-13
    );
    assert_relative_eq!(
        monthly.percent_per(QUARTER),
        100.0 * (1.0 - 0.97f64.powi(3)),
        max_relative = 1e-13
    );
}

#[test]
fn a_mean_lies_within_the_prices_on_its_span() {
    // issue 20: a constant step's mean over 1e-8 was 100.00095
    let s = DecayModel::step_discount(100.0, 1e-300, 1e-9).with_origin(2024.0);
    assert_eq!(s.mean(2024.0, 2024.0 + 1e-8), 100.0);
    let models = [
        DecayModel::step_discount(100.0, 0.3, 1e-9).with_origin(2024.0),
        DecayModel::exponential(3.0, 40.0)
            .with_origin(2024.0)
            .with_floor(1.0),
        DecayModel::linear(5.0, 3.0).with_origin(2024.0),
    ];
    for m in models {
        for (a, w) in [
            (2024.0, 1e-8),
            (2024.3, 1e-12),
            (2030.0, 3.0),
            (2023.0, 1e-9),
        ] {
            let (pa, pb) = (m.at(a), m.at(a + w));
            let mean = m.mean(a, a + w);
            assert!(
                mean >= pa.min(pb) && mean <= pa.max(pb),
                "{m:?} on [{a}, {}]: {mean}",
                a + w
            );
        }
    }
}

#[test]
fn experience_fit_errors_name_volume_and_cost() {
    // issue 20: they named t and price
    let err = fit::experience_curve(&[1.0, 2.0, 4.0], &[3.0, 0.0, 1.0]).unwrap_err();
    assert!(
        matches!(err, costtrend::FitError::NonPositiveCost { index: 1, .. }),
        "{err}"
    );
    assert!(err.to_string().starts_with("cost[1] is 0"), "{err}");
    let err = fit::experience_curve(&[1.0, f64::NAN, 4.0], &[3.0, 2.0, 1.0]).unwrap_err();
    assert!(
        matches!(
            err,
            costtrend::FitError::NonFinite {
                name: "volume",
                index: 1,
                ..
            }
        ),
        "{err}"
    );
    let err = fit::experience_curve(&[1.0, 2.0, 4.0], &[3.0, f64::INFINITY, 1.0]).unwrap_err();
    assert!(
        matches!(
            err,
            costtrend::FitError::NonFinite {
                name: "cost",
                index: 1,
                ..
            }
        ),
        "{err}"
    );
}
