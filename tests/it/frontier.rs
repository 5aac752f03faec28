//! LLM prices by capability: Epoch AI's thresholds, staircases and decline
//! fits on the bundled listings, against the independent recomputation in
//! `tests/data/llm_frontier_ref.py` (pinned output).

use costtrend::frontier::epoch::{self, BENCHMARKS, REASONING_MODELS};
use costtrend::frontier::{self, Listing, Record, StaircaseOptions};

use crate::common::Rng;

/// `YYYY-MM-DD` as a decimal year (the crate's convention), written out
/// here so that the test needs no date library.
fn decimal_year(date: &str) -> f64 {
    let mut it = date.split('-').map(|x| x.parse::<i64>().unwrap());
    let (y, m, d) = (it.next().unwrap(), it.next().unwrap(), it.next().unwrap());
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let doy: i64 = month_days[..(m - 1) as usize].iter().sum::<i64>() + d - 1;
    y as f64 + doy as f64 / if leap { 366.0 } else { 365.0 }
}

/// Both listing files, rows with a price, reasoning models left out: one
/// listing per benchmark column.
fn listings(bench: &str) -> Vec<Listing> {
    let mut out = Vec::new();
    for file in ["epoch_aa_models.csv", "epoch_models_not_in_aa.csv"] {
        let path = format!(
            "{}/tests/data/llm_listings/{file}",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (name, date, price, score) = (
            col("Model Name"),
            col("Release Date"),
            col("USD per 1M Tokens"),
            col(bench),
        );
        for line in lines {
            let f: Vec<&str> = line.split(',').collect();
            if f[price].is_empty() || REASONING_MODELS.contains(&f[name]) {
                continue;
            }
            let s = (!f[score].is_empty()).then(|| f[score].parse().unwrap());
            out.push(
                Listing::new(
                    f[name],
                    &decimal_year(f[date]),
                    f[price].parse().unwrap(),
                    s,
                )
                .unwrap(),
            );
        }
    }
    out
}

#[test]
fn epochs_thresholds_staircases_and_rates_and_the_hedonic_rates_match_the_independent_reference() {
    let refs: serde_json::Value =
        serde_json::from_str(include_str!("../data/llm_frontier_ref.json")).unwrap();
    let refs = refs.as_array().unwrap();
    let rel = |a: f64, b: f64| (a - b).abs() / b.abs();
    let mut k = 0;
    for bench in BENCHMARKS {
        let l = listings(bench);
        // the rules as SOURCE.md words them, beside the library's
        let floor = matches!(bench, "MMLU" | "GPQA Diamond").then_some(30.0);
        assert_eq!(epoch::floor(bench), floor);
        let opts = if bench == "LMSys Chatbot Arena ELO" {
            StaircaseOptions::new()
        } else {
            StaircaseOptions::new().upper(100.0)
        };
        for th in frontier::thresholds(&l, floor) {
            let stairs: Vec<Record> = frontier::cheapest_at_or_above(&l, th.score, &opts);
            if stairs.len() < epoch::MIN_RECORDS {
                continue;
            }
            let want = &refs[k];
            k += 1;
            assert_eq!(want["bench"], bench);
            assert_eq!(want["threshold_model"], th.name.as_str());
            assert_eq!(want["threshold"].as_f64().unwrap(), th.score);
            assert_eq!(want["n"].as_u64().unwrap() as usize, stairs.len());
            for (p, w) in stairs.iter().zip(want["points"].as_array().unwrap()) {
                assert_eq!(
                    p.t,
                    decimal_year(w[0].as_str().unwrap()),
                    "{bench} {}",
                    th.name
                );
                assert_eq!(p.price, w[1].as_f64().unwrap());
                assert_eq!(p.name, w[2].as_str().unwrap());
            }
            let d = frontier::epoch_decline(&stairs).unwrap();
            let e = d.factor_per_year_ci90();
            let i = e.interval().unwrap();
            let ci = want["ci90"].as_array().unwrap();
            assert!(
                rel(e.value(), want["factor_per_year"].as_f64().unwrap()) < 1e-9,
                "{bench} {}",
                th.name
            );
            assert!(
                rel(i.lower(), ci[0].as_f64().unwrap()) < 1e-9,
                "{bench} {}",
                th.name
            );
            assert!(
                rel(i.upper(), ci[1].as_f64().unwrap()) < 1e-9,
                "{bench} {}",
                th.name
            );
            // the crate's hedonic decline over every listing at or above
            let h = frontier::hedonic_decline(&l, th.score, &opts).unwrap();
            let (want, e) = (&want["hedonic"], h.factor_per_year_ci90());
            let (i, ci) = (e.interval().unwrap(), want["ci90"].as_array().unwrap());
            assert_eq!(h.n(), want["n"].as_u64().unwrap() as usize);
            for (got, want) in [
                (e.value(), &want["factor_per_year"]),
                (i.lower(), &ci[0]),
                (i.upper(), &ci[1]),
            ] {
                assert!(
                    rel(got, want.as_f64().unwrap()) < 1e-9,
                    "hedonic {bench} {}: {got} against {want}",
                    th.name
                );
            }
        }
    }
    // every one of Epoch's 21 thresholds, none more
    assert_eq!(k, refs.len());
    assert_eq!(k, 21);
}

#[test]
fn a_threshold_needs_a_score_above_every_earlier_one_and_none_better_that_day() {
    let l = |name: &str, t: f64, s: f64| Listing::new(name, &t, 1.0, Some(s)).unwrap();
    let listings = [
        l("first", 2023.0, 50.0),
        l("same day, weaker", 2023.5, 55.0),
        l("same day, stronger", 2023.5, 60.0),
        l("equal later", 2024.0, 60.0),
        l("better", 2024.5, 61.0),
    ];
    let names: Vec<String> = frontier::thresholds(&listings, None)
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(names, ["first", "same day, stronger", "better"]);
}

#[test]
fn bad_listings_and_short_staircases_are_typed_errors() {
    use costtrend::FitError;
    assert!(matches!(
        Listing::new("m", &2024.0, -1.0, None),
        Err(FitError::InvalidArgument { name: "price", .. })
    ));
    assert!(matches!(
        Listing::new("m", &2024.0, 1.0, Some(f64::NAN)),
        Err(FitError::InvalidArgument { name: "score", .. })
    ));
    assert!(matches!(
        Listing::new("m", &f64::NAN, 1.0, None),
        Err(FitError::Time(_))
    ));
    let r = |t: f64| Record {
        t,
        price: 1.0,
        name: String::new(),
    };
    assert!(matches!(
        frontier::epoch_decline(&[r(2024.0), r(2025.0)]),
        Err(FitError::TooFewPoints {
            needed: 3,
            got: 2,
            ..
        })
    ));
    assert!(matches!(
        frontier::epoch_decline(&[r(2024.0), r(2024.0), r(2024.0)]),
        Err(FitError::AllTimesEqual { .. })
    ));
}

#[test]
fn a_blended_price_weighs_the_sheet_by_the_mix_and_refuses_bad_rates() {
    use costtrend::FitError;
    use costtrend::frontier::{Mix, blended_price};
    // Epoch's 3:1 blend of GPT-4o's launch sheet ($5 in, $15 out): $7.50,
    // the price its listing shows for GPT-4o-2024-05
    assert_eq!(blended_price(5.0, 15.0, 5.0, &Mix::epoch()).unwrap(), 7.5);
    // shares in any units
    assert_eq!(Mix::new(3.0, 1.0, 0.0).unwrap(), Mix::epoch());
    assert!(matches!(
        Mix::new(0.0, 0.0, 0.0),
        Err(FitError::InvalidArgument {
            name: "input + output + cached_input",
            ..
        })
    ));
    assert!(matches!(
        Mix::new(1.0, f64::NAN, 0.0),
        Err(FitError::InvalidArgument { name: "output", .. })
    ));
    assert!(matches!(
        blended_price(1.0, 2.0, -0.5, &Mix::epoch()),
        Err(FitError::InvalidArgument {
            name: "cached_input",
            ..
        })
    ));
}

/// The true rate of the simulated market: prices of a given score fall
/// eightfold a year.
const TRUE_LAMBDA: f64 = 2.079_441_541_679_836; // ln 8

/// A simulated market from 2022 to `end`: models arriving as a Poisson
/// process (15 a year), each scoring around a capability that rises 12
/// points a year (spread 12), priced `ln p = ln 10 + 0.08 (s - 50) -
/// ln 8 · (t - 2022) + 1.2 e`, with `e` standard normal or, for
/// `heavy`, Student-t with 4 degrees of freedom scaled to variance 1.
fn market(rng: &mut Rng, end: f64, heavy: bool) -> Vec<Listing> {
    let mut out = Vec::new();
    let mut t = 2022.0;
    loop {
        t += -rng.uniform().ln() / 15.0;
        if t >= end {
            return out;
        }
        let s = 40.0 + 12.0 * (t - 2022.0) + 12.0 * rng.normal();
        let e = if heavy {
            rng.normal() / (rng.gamma(2) / 2.0).sqrt() / 2f64.sqrt()
        } else {
            rng.normal()
        };
        let lp = 10f64.ln() + 0.08 * (s - 50.0) - TRUE_LAMBDA * (t - 2022.0) + 1.2 * e;
        out.push(Listing::new("m", &t, lp.exp(), Some(s)).unwrap());
    }
}

/// The threshold a replica is scored on: of the top scorers' thresholds
/// with at least 4 records and 6 listings at or above them (as a user
/// would fit them), the middle one.
fn scored_threshold(listings: &[Listing]) -> Option<f64> {
    let opts = StaircaseOptions::new();
    let valid: Vec<f64> = frontier::thresholds(listings, None)
        .into_iter()
        .map(|t| t.score)
        .filter(|&h| {
            frontier::cheapest_at_or_above(listings, h, &opts).len() >= 4
                && listings.iter().filter(|l| l.score >= Some(h)).count() >= 6
        })
        .collect();
    valid.get(valid.len() / 2).copied()
}

#[test]
fn the_hedonic_90_percent_interval_covers_the_true_rate_where_epochs_does_not() {
    let mut rng = Rng(24);
    let opts = StaircaseOptions::new();
    for heavy in [false, true] {
        let (mut replicas, mut hedonic, mut epoch_ols) = (0, 0, 0);
        while replicas < 300 {
            let listings = market(&mut rng, 2025.0, heavy);
            let Some(h) = scored_threshold(&listings) else {
                continue;
            };
            replicas += 1;
            let truth = TRUE_LAMBDA.exp();
            let d = frontier::hedonic_decline(&listings, h, &opts).unwrap();
            hedonic += usize::from(d.factor_per_year_ci90().interval().unwrap().contains(truth));
            let stairs = frontier::cheapest_at_or_above(&listings, h, &opts);
            let e = frontier::epoch_decline(&stairs).unwrap();
            epoch_ols += usize::from(e.factor_per_year_ci90().interval().unwrap().contains(truth));
        }
        let (hedonic, epoch_ols) = (hedonic as f64 / 300.0, epoch_ols as f64 / 300.0);
        eprintln!(
            "heavy tails {heavy}: 90 % intervals cover {hedonic:.3} (hedonic), {epoch_ols:.3} (Epoch's OLS)"
        );
        assert!((0.85..=0.95).contains(&hedonic), "hedonic {hedonic}");
        assert!(epoch_ols < 0.85, "Epoch's OLS {epoch_ols}");
    }
}

#[test]
fn the_hedonic_forecast_of_the_cheapest_price_a_year_ahead_covers_near_nominal() {
    let mut rng = Rng(2026);
    let opts = StaircaseOptions::new();
    let (mut replicas, mut covered, mut log_width) = (0, 0, 0.0);
    while replicas < 200 {
        let heavy = replicas % 2 == 1;
        let all = market(&mut rng, 2026.0, heavy);
        let seen: Vec<Listing> = all.iter().filter(|l| l.t < 2025.0).cloned().collect();
        let Some(h) = scored_threshold(&seen) else {
            continue;
        };
        replicas += 1;
        let d = frontier::hedonic_decline(&seen, h, &opts).unwrap();
        let i = d.frontier_interval_at(2026.0, 0.9).unwrap();
        // the cheapest price at or above h at 2026, from the full market
        let truth = all
            .iter()
            .filter(|l| l.score >= Some(h))
            .map(|l| l.price)
            .fold(f64::INFINITY, f64::min);
        covered +=
            usize::from(truth >= i.lower() * (1.0 - 1e-9) && truth <= i.upper() * (1.0 + 1e-9));
        log_width += (i.upper() / i.lower()).ln();
    }
    let coverage = covered as f64 / 200.0;
    eprintln!(
        "cheapest price a year ahead: 90 % interval covers {coverage:.3}, mean log width {:.2}",
        log_width / 200.0
    );
    assert!((0.84..=0.95).contains(&coverage), "coverage {coverage}");
}

#[test]
fn prices_exactly_on_a_plane_give_its_rate_and_score_coefficient_with_a_zero_width_interval() {
    // ln p = 1 + 0.05 (s - 60) - 1.5 t': every listing on the plane
    let rows = [
        (2023.0, 60.0),
        (2023.4, 72.0),
        (2023.9, 65.0),
        (2024.3, 80.0),
        (2024.8, 61.0),
    ];
    let l: Vec<Listing> = rows
        .iter()
        .map(|&(t, s)| {
            let lp = 1.0 + 0.05 * (s - 60.0) - 1.5 * (t - 2023.0);
            Listing::new("m", &t, lp.exp(), Some(s)).unwrap()
        })
        .collect();
    let d = frontier::hedonic_decline(&l, 60.0, &StaircaseOptions::new()).unwrap();
    assert!((d.lambda().0 - 1.5).abs() < 1e-12);
    assert!((d.score_coefficient().unwrap() - 0.05).abs() < 1e-12);
    assert!(d.sigma() < 1e-12 && d.dof() == 2.0);
    let i = d.factor_per_year_ci90().interval().unwrap();
    assert!((i.lower() / 1.5f64.exp() - 1.0).abs() < 1e-9);
    assert!((i.upper() / 1.5f64.exp() - 1.0).abs() < 1e-9);
    // the median price of a model scoring exactly 60
    assert!((d.price_at(2024.0) / (1.0f64 - 1.5).exp() - 1.0).abs() < 1e-12);
    // with no spread the forecast is still an answer, not NaN
    let (end, cheapest) = d.end();
    let i = d.frontier_interval_at(end + 1.0, 0.9).unwrap();
    assert!(
        i.lower() > 0.0 && i.lower() <= i.upper() && i.upper() <= cheapest,
        "{i:?}"
    );
}

#[test]
fn listings_with_one_score_fit_without_the_score_term() {
    let l: Vec<Listing> = [(2023.0, 8.0), (2023.5, 4.2), (2024.0, 1.9), (2024.5, 1.1)]
        .iter()
        .map(|&(t, p)| Listing::new("m", &t, p, Some(70.0)).unwrap())
        .collect();
    let d = frontier::hedonic_decline(&l, 70.0, &StaircaseOptions::new()).unwrap();
    assert_eq!(d.score_coefficient(), None);
    assert_eq!(d.dof(), 2.0);
    // the plain least-squares slope of ln p on t
    let (t, y): (Vec<f64>, Vec<f64>) = l.iter().map(|x| (x.t, x.price.ln())).unzip();
    let (mt, my) = (t.iter().sum::<f64>() / 4.0, y.iter().sum::<f64>() / 4.0);
    let sxy: f64 = t.iter().zip(&y).map(|(t, y)| (t - mt) * (y - my)).sum();
    let sxx: f64 = t.iter().map(|t| (t - mt) * (t - mt)).sum();
    assert!((d.lambda().0 + sxy / sxx).abs() < 1e-12);
}

#[test]
fn the_frontier_forecast_never_rises_above_todays_cheapest_and_its_quantiles_increase() {
    let l = listings("GPQA Diamond");
    let opts = StaircaseOptions::new().upper(100.0);
    let d = frontier::hedonic_decline(&l, 35.7, &opts).unwrap();
    let (end, cheapest) = d.end();
    let q: Vec<f64> = [0.05, 0.25, 0.5, 0.75, 0.95]
        .iter()
        .map(|&p| d.frontier_quantile_at(end + 1.0, p).unwrap())
        .collect();
    assert!(q.windows(2).all(|w| w[0] <= w[1]), "{q:?}");
    assert!(q[4] <= cheapest && q[0] > 0.0 && q[0] < cheapest);
    // further ahead, lower
    let later = d.frontier_quantile_at(end + 2.0, 0.5).unwrap();
    assert!(later < q[2]);
    // at the data's end, today's cheapest price
    assert_eq!(d.frontier_quantile_at(end, 0.05).unwrap(), cheapest);
}

#[test]
fn bad_hedonic_queries_are_typed_errors_naming_the_argument() {
    use costtrend::FitError;
    let opts = StaircaseOptions::new();
    let l: Vec<Listing> = [(2023.0, 8.0), (2023.5, 4.2), (2024.0, 1.9), (2024.5, 1.1)]
        .iter()
        .map(|&(t, p)| Listing::new("m", &t, p, Some(70.0)).unwrap())
        .collect();
    assert!(matches!(
        frontier::hedonic_decline(&l, f64::NAN, &opts),
        Err(FitError::InvalidArgument {
            name: "threshold",
            ..
        })
    ));
    assert!(matches!(
        frontier::hedonic_decline(&l, 71.0, &opts),
        Err(FitError::TooFewPoints {
            needed: 4,
            got: 0,
            ..
        })
    ));
    let same_day: Vec<Listing> = (0..4)
        .map(|k| Listing::new("m", &2024.0, 1.0 + f64::from(k), Some(70.0)).unwrap())
        .collect();
    assert!(matches!(
        frontier::hedonic_decline(&same_day, 70.0, &opts),
        Err(FitError::AllTimesEqual { .. })
    ));
    let d = frontier::hedonic_decline(&l, 70.0, &opts).unwrap();
    assert!(matches!(
        d.frontier_quantile_at(2024.0, 0.5),
        Err(FitError::InvalidArgument { name: "t", .. })
    ));
    assert!(matches!(
        d.frontier_quantile_at(f64::NAN, 0.5),
        Err(FitError::InvalidArgument { name: "t", .. })
    ));
    assert!(matches!(
        d.frontier_quantile_at(2025.0, 1.0),
        Err(FitError::InvalidArgument { name: "p", .. })
    ));
    assert!(matches!(
        d.frontier_interval_at(2025.0, 0.0),
        Err(FitError::InvalidOption { name: "level", .. })
    ));
    assert!(matches!(
        d.factor_per_year_ci(f64::NAN),
        Err(FitError::InvalidOption { name: "level", .. })
    ));
}

/// Hindcasts on the bundled listings: the data cut `back` years before
/// their end, every threshold that then had 4 records, the hedonic 90 %
/// forecast of the cheapest price at the end against what it was.
fn hindcast(back: f64) -> (usize, usize) {
    let (mut covered, mut total) = (0, 0);
    for bench in BENCHMARKS {
        let all = listings(bench);
        let end = all.iter().map(|l| l.t).fold(f64::NEG_INFINITY, f64::max);
        let seen: Vec<Listing> = all.iter().filter(|l| l.t <= end - back).cloned().collect();
        let opts = match epoch::upper(bench) {
            Some(u) => StaircaseOptions::new().upper(u),
            None => StaircaseOptions::new(),
        };
        for th in frontier::thresholds(&seen, epoch::floor(bench)) {
            if frontier::cheapest_at_or_above(&seen, th.score, &opts).len() < epoch::MIN_RECORDS {
                continue;
            }
            let d = frontier::hedonic_decline(&seen, th.score, &opts).unwrap();
            let i = d.frontier_interval_at(end, 0.9).unwrap();
            let stairs = frontier::cheapest_at_or_above(&all, th.score, &opts);
            let truth = stairs.last().unwrap().price;
            total += 1;
            covered +=
                usize::from(truth >= i.lower() * (1.0 - 1e-9) && truth <= i.upper() * (1.0 + 1e-9));
        }
    }
    (covered, total)
}

#[test]
fn hedonic_forecasts_of_the_cheapest_price_hold_up_in_hindcasts_on_the_bundled_listings() {
    // half a year and nine months back (a year back leaves one threshold
    // with 4 records): 12 of 15 and 6 of 6 at the time of writing; the
    // misses are all cheaper than forecast (Gemini 2.0 Flash and Phi 4)
    let (c1, n1) = hindcast(0.5);
    let (c2, n2) = hindcast(0.75);
    let coverage = (c1 + c2) as f64 / (n1 + n2) as f64;
    eprintln!("hindcast coverage of 90 % intervals: {c1}/{n1} (6 months), {c2}/{n2} (9 months)");
    assert!(n1 + n2 >= 15);
    assert!(coverage >= 0.75, "coverage {coverage}");
}
