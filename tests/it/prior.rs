//! Priors for the random walk: the posterior predictive's calibration by
//! simulation under its own model, empirical Bayes recovering known
//! hyperparameters, hindcasts on the tuning set, and bad input.

use costtrend::FitError;
use costtrend::forecast::{self, Forecast, Prior, RandomWalkOptions};
use std::collections::BTreeMap;

use crate::common::Rng;

/// A series drawn from the prior's own model: σ² ~ IG(2, 2 s²),
/// mu ~ N(drift, σ² / weight), yearly increments N(mu, σ²).
fn draw(rng: &mut Rng, s: f64, drift: f64, weight: f64, n: usize) -> (Vec<f64>, Vec<f64>) {
    let sigma2 = 2.0 * s * s / rng.gamma(2);
    let mu = drift + (sigma2 / weight).sqrt() * rng.normal();
    let mut y = 2.0;
    let t: Vec<f64> = (0..n).map(|i| 2000.0 + i as f64).collect();
    let p = t
        .iter()
        .enumerate()
        .map(|(i, _)| {
            if i > 0 {
                y += mu + sigma2.sqrt() * rng.normal();
            }
            y.exp()
        })
        .collect();
    (t, p)
}

#[test]
fn the_posterior_predictive_is_calibrated_under_its_own_model() {
    let prior = Prior::new(2.0, 0.15, -0.05, 2.0).unwrap();
    let mut rng = Rng(2016);
    let (mut n, mut hit80, mut hit95) = (0usize, 0usize, 0usize);
    for k in 0..3_000 {
        let len = 4 + k % 7; // 4 to 10 points observed
        let (t, p) = draw(&mut rng, 0.15, -0.05, 2.0, len + 5);
        let rw = RandomWalkOptions::new()
            .prior(&prior)
            .fit(&t[..len], &p[..len])
            .unwrap();
        for j in len..len + 5 {
            n += 1;
            hit80 += usize::from(rw.interval_at(t[j], 0.8).unwrap().contains(p[j]));
            hit95 += usize::from(rw.interval_at(t[j], 0.95).unwrap().contains(p[j]));
        }
    }
    let (c80, c95) = (hit80 as f64 / n as f64, hit95 as f64 / n as f64);
    // 15,000 correlated hindcasts: a few tenths of a percent of noise
    assert!((c80 - 0.8).abs() < 0.015, "80 %: {c80}");
    assert!((c95 - 0.95).abs() < 0.01, "95 %: {c95}");
}

#[test]
fn empirical_bayes_recovers_the_hyperparameters_of_a_simulated_collection() {
    let mut rng = Rng(7);
    let series: Vec<(Vec<f64>, Vec<f64>)> = (0..400)
        .map(|k| draw(&mut rng, 0.12, -0.08, 3.0, 8 + k % 10))
        .collect();
    let refs: Vec<(&[f64], &[f64])> = series.iter().map(|(t, p)| (&t[..], &p[..])).collect();
    let prior = Prior::learn(&refs).unwrap();
    assert_eq!(prior.series(), 400);
    assert!((prior.drift() + 0.08).abs() < 0.02, "{prior:?}");
    assert!((prior.scale() / 0.12 - 1.0).abs() < 0.2, "{prior:?}");
    assert!(prior.shape() > 1.0 && prior.shape() < 4.0, "{prior:?}");
    assert!(prior.weight() > 1.0 && prior.weight() < 9.0, "{prior:?}");
}

#[test]
fn learning_refuses_bad_collections_naming_the_series() {
    assert!(matches!(Prior::learn(&[]), Err(FitError::Empty)));
    let t = [0.0, 1.0, 2.0];
    let good = [3.0, 2.0, 1.5];
    let short = (&t[..2], &good[..2]);
    let err = Prior::learn(&[(&t, &good), short]).unwrap_err();
    assert!(
        matches!(&err, FitError::InSeries { series: 1, source } if matches!(**source, FitError::TooFewPoints { got: 2, .. })),
        "{err}"
    );
    let bad = [3.0, -2.0, 1.5];
    let err = Prior::learn(&[(&t, &good), (&t, &good), (&t, &bad)]).unwrap_err();
    assert!(
        matches!(&err, FitError::InSeries { series: 2, source } if matches!(**source, FitError::NonPositivePrice { index: 1, .. })),
        "{err}"
    );
    assert_eq!(
        err.to_string(),
        "series 2: price[1] is -2: a log-scale fit needs prices greater than 0"
    );
    assert!(matches!(
        Prior::new(1.0, f64::NAN, 0.0, 1.0),
        Err(FitError::InvalidOption { name: "scale", .. })
    ));
}

/// The tuning set: 36 technologies' cost histories (tests/data/SOURCES.md).
fn tuning_set() -> Vec<(Vec<f64>, Vec<f64>)> {
    let text = include_str!("../data/farmer_lafond_train.csv");
    let mut by: BTreeMap<&str, Vec<(f64, f64)>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let mut f = line.rsplitn(3, ',');
        let (p, t, name) = (f.next().unwrap(), f.next().unwrap(), f.next().unwrap());
        by.entry(name)
            .or_default()
            .push((t.parse().unwrap(), p.parse().unwrap()));
    }
    by.into_values()
        .map(|mut v| {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            (
                v.iter().map(|x| x.0).collect(),
                v.iter().map(|x| x.1).collect(),
            )
        })
        .collect()
}

/// Coverage at 80 and 95 % and the mean 95 % interval score (log scale:
/// width plus 40 times the miss) of the forecasts from every history of 6
/// up to `longest` points of each series, `ahead` observations on.
fn hindcast(
    series: &[(Vec<f64>, Vec<f64>)],
    options: RandomWalkOptions,
    longest: usize,
    ahead: usize,
) -> (f64, f64, f64, usize) {
    let (mut n, mut c80, mut c95, mut score) = (0usize, 0usize, 0usize, 0.0);
    for (t, p) in series {
        for k in 6..=longest.min(t.len() - 1) {
            let rw = options.fit(&t[..k], &p[..k]).unwrap();
            for j in k..t.len().min(k + ahead) {
                let i = rw.interval_at(t[j], 0.95).unwrap();
                let (l, u, y) = (i.lower().ln(), i.upper().ln(), p[j].ln());
                score += (u - l) + 40.0 * ((l - y).max(0.0) + (y - u).max(0.0));
                c95 += usize::from(y >= l && y <= u);
                c80 += usize::from(rw.interval_at(t[j], 0.8).unwrap().contains(p[j]));
                n += 1;
            }
        }
    }
    (
        c80 as f64 / n as f64,
        c95 as f64 / n as f64,
        score / n as f64,
        n,
    )
}

#[test]
fn on_the_tuning_set_the_default_prior_is_calibrated_and_sharper_than_the_data_alone() {
    let set = tuning_set();
    assert_eq!(set.len(), 36);
    let (d80, d95, d_score, n) = hindcast(
        &set,
        RandomWalkOptions::new().without_prior(),
        usize::MAX,
        20,
    );
    let (p80, p95, p_score, _) = hindcast(&set, RandomWalkOptions::new(), usize::MAX, 20);
    let refs: Vec<(&[f64], &[f64])> = set.iter().map(|(t, p)| (&t[..], &p[..])).collect();
    let learned = Prior::learn(&refs).unwrap();
    let (l80, l95, l_score, _) = hindcast(
        &set,
        RandomWalkOptions::new().prior(&learned),
        usize::MAX,
        20,
    );
    println!(
        "tuning set, {n} hindcasts (6+ points, 20 ahead): coverage 80 % / 95 %, 95 % interval score"
    );
    println!("  without a prior    {d80:.3} / {d95:.3}  {d_score:.3}");
    println!("  default (Prior::technology) {p80:.3} / {p95:.3}  {p_score:.3}");
    println!("  Prior::learn       {l80:.3} / {l95:.3}  {l_score:.3}  ({learned:?})");
    assert!(
        (0.75..=0.85).contains(&p80) && (0.92..=0.97).contains(&p95),
        "{p80} {p95}"
    );
    assert!(p_score < 0.7 * d_score, "{p_score} vs {d_score}");
    // the learned prior (in sample) is calibrated and sharper than the walk without one too
    assert!(
        (0.72..=0.88).contains(&l80) && (0.90..=0.98).contains(&l95),
        "{l80} {l95}"
    );
    assert!(l_score < d_score, "{l_score} vs {d_score}");
    // short histories
    let (d80, d95, d_score, n) = hindcast(&set, RandomWalkOptions::new().without_prior(), 10, 10);
    let (p80, p95, p_score, _) = hindcast(&set, RandomWalkOptions::new(), 10, 10);
    println!("tuning set, first 6-10 points, 10 ahead ({n} hindcasts):");
    println!("  without a prior    {d80:.3} / {d95:.3}  {d_score:.3}");
    println!("  default (Prior::technology) {p80:.3} / {p95:.3}  {p_score:.3}");
    assert!(
        (0.72..=0.86).contains(&p80) && (0.90..=0.975).contains(&p95),
        "{p80} {p95}"
    );
    assert!(p_score < 0.85 * d_score, "{p_score} vs {d_score}");
}

#[test]
fn a_walk_with_a_prior_and_the_prior_load_back() {
    #[cfg(feature = "serde")]
    {
        let t = [2019.0, 2020.0, 2021.0, 2022.0, 2023.0, 2024.0];
        let p = [60.0, 30.0, 10.0, 6.0, 1.2, 0.4];
        let prior = Prior::new(2.0, 0.5, -1.0, 1.5).unwrap();
        let rw = RandomWalkOptions::new().prior(&prior).fit(&t, &p).unwrap();
        let back: forecast::RandomWalk =
            serde_json::from_str(&serde_json::to_string(&rw).unwrap()).unwrap();
        let (a, b) = (
            back.interval_at(2026.0, 0.9).unwrap(),
            rw.interval_at(2026.0, 0.9).unwrap(),
        );
        assert!((a.upper() / b.upper() - 1.0).abs() < 1e-12);
        let q: Prior = serde_json::from_str(&serde_json::to_string(&prior).unwrap()).unwrap();
        assert!((q.scale() - 0.5).abs() < 1e-15);
        assert!(
            serde_json::from_str::<Prior>(r#"{"shape":-1,"scale":1,"drift":0,"weight":1}"#)
                .is_err()
        );
    }
    // the backtest applies the prior as the fit does
    let t: Vec<f64> = (0..20).map(f64::from).collect();
    let p: Vec<f64> = t
        .iter()
        .map(|t| (3.0 - 0.1 * t + 0.2 * (t * 1.3).sin()).exp())
        .collect();
    let opts = RandomWalkOptions::new().prior(&Prior::new(3.0, 0.4, -0.5, 2.0).unwrap());
    let r = forecast::BacktestOptions::new()
        .method(forecast::Backtest::RandomWalk(opts))
        .backtest(&[(&t, &p)])
        .unwrap();
    let default = forecast::backtest(&t, &p).unwrap();
    assert_ne!(r.coverage(), default.coverage());
    let mut direct = (0usize, 0usize);
    for origin in 5..t.len() - 1 {
        let rw = opts.fit(&t[..=origin], &p[..=origin]).unwrap();
        for j in origin + 1..t.len().min(origin + 21) {
            direct.0 += 1;
            direct.1 += usize::from(rw.interval_at(t[j], 0.95).unwrap().contains(p[j]));
        }
    }
    assert_eq!(r.hindcasts(), direct.0);
    assert_eq!(r.levels()[2], 0.95);
    assert!((r.coverage()[2] - direct.1 as f64 / direct.0 as f64).abs() < 1e-12);
}
