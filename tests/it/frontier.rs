//! LLM prices by capability: Epoch AI's thresholds, staircases and decline
//! fits on the bundled listings, against the independent recomputation in
//! `tests/data/llm_frontier_ref.py` (pinned output).

use costtrend::frontier::epoch::{self, BENCHMARKS, REASONING_MODELS};
use costtrend::frontier::{self, Listing, Record, StaircaseOptions};

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
fn epochs_thresholds_staircases_and_rates_match_the_independent_reference() {
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
