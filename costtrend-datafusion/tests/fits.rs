//! Per group, the SQL functions equal costtrend's batch fits and
//! forecasts on the same points, whatever the partitioning, row order,
//! group size or bad rows.

use std::collections::BTreeMap;
use std::sync::Arc;

use costtrend::fit;
use datafusion::arrow::array::{
    Array, AsArray, Float64Array, RecordBatch, StringArray, StructArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Float64Type, Schema};
use datafusion::datasource::MemTable;
use datafusion::prelude::{SessionConfig, SessionContext};
use proptest::prelude::*;

/// One input row: group, time, price, weight (NULLs as `None`).
type Row = (String, Option<f64>, Option<f64>, Option<f64>);

/// A context with the functions and the rows split into `parts`
/// partitions, aggregated with `target` partitions.
fn context(rows: &[Row], parts: usize, target: usize) -> SessionContext {
    let ctx = SessionContext::new_with_config(
        SessionConfig::new()
            .with_target_partitions(target)
            .with_information_schema(true),
    );
    costtrend_datafusion::register(&ctx);
    let schema = Arc::new(Schema::new(vec![
        Field::new("sku", DataType::Utf8, false),
        Field::new("t", DataType::Float64, true),
        Field::new("price", DataType::Float64, true),
        Field::new("weight", DataType::Float64, true),
    ]));
    let chunk = rows.len().div_ceil(parts.max(1)).max(1);
    let partitions: Vec<Vec<RecordBatch>> = rows
        .chunks(chunk)
        .map(|c| {
            vec![
                RecordBatch::try_new(
                    schema.clone(),
                    vec![
                        Arc::new(StringArray::from_iter_values(c.iter().map(|r| r.0.clone()))),
                        Arc::new(Float64Array::from_iter(c.iter().map(|r| r.1))),
                        Arc::new(Float64Array::from_iter(c.iter().map(|r| r.2))),
                        Arc::new(Float64Array::from_iter(c.iter().map(|r| r.3))),
                    ],
                )
                .unwrap(),
            ]
        })
        .collect();
    let partitions = if partitions.is_empty() {
        vec![vec![RecordBatch::new_empty(schema.clone())]]
    } else {
        partitions
    };
    let table = MemTable::try_new(schema, partitions).unwrap();
    ctx.register_table("prices", Arc::new(table)).unwrap();
    ctx
}

async fn query(ctx: &SessionContext, sql: &str) -> Vec<RecordBatch> {
    ctx.sql(sql).await.unwrap().collect().await.unwrap()
}

/// Each group's fit struct, by group.
async fn fits(ctx: &SessionContext, call: &str) -> BTreeMap<String, StructArray> {
    let batches = query(
        ctx,
        &format!("SELECT sku, {call} AS f FROM prices GROUP BY sku"),
    )
    .await;
    let mut out = BTreeMap::new();
    for b in batches {
        let skus = b.column(0).as_string::<i32>();
        let f = b.column(1).as_struct();
        for i in 0..b.num_rows() {
            out.insert(skus.value(i).to_string(), f.slice(i, 1));
        }
    }
    out
}

fn field(s: &StructArray, name: &str) -> Option<f64> {
    let a = s
        .column_by_name(name)
        .unwrap()
        .as_primitive::<Float64Type>();
    a.is_valid(0).then(|| a.value(0))
}

fn error(s: &StructArray) -> Option<String> {
    let a = s.column_by_name("error").unwrap().as_string::<i32>();
    a.is_valid(0).then(|| a.value(0).to_string())
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1e-300)
}

/// Checks every group against costtrend's batch fit of its valid rows.
fn check(rows: &[Row], got: &BTreeMap<String, StructArray>, linear: bool) {
    let mut by: BTreeMap<&str, Vec<(f64, f64, f64)>> = BTreeMap::new();
    let mut refused: BTreeMap<&str, bool> = BTreeMap::new();
    for (g, t, p, w) in rows {
        // a NULL anywhere skips the row
        let (Some(t), Some(p), Some(w)) = (t, p, w) else {
            by.entry(g).or_default();
            continue;
        };
        let price_ok = if linear { *p >= 0.0 } else { *p > 0.0 };
        let bad = !(t.is_finite() && p.is_finite() && price_ok && w.is_finite() && *w >= 0.0);
        *refused.entry(g).or_default() |= bad;
        by.entry(g).or_default().push((*t, *p, *w));
    }
    assert_eq!(got.len(), by.len());
    for (g, points) in &by {
        let s = &got[*g];
        if refused.get(g).copied().unwrap_or(false) {
            assert!(error(s).is_some(), "{g}: {:?}", s);
            assert_eq!(field(s, "p0"), None);
            continue;
        }
        let t: Vec<f64> = points.iter().map(|p| p.0).collect();
        let p: Vec<f64> = points.iter().map(|p| p.1).collect();
        let w: Vec<f64> = points.iter().map(|p| p.2).collect();
        let opts = fit::FitOptions::new().weights(&w);
        let want = if linear {
            opts.linear(&t, &p)
        } else {
            opts.exponential(&t, &p)
        };
        match want {
            Err(e) => assert_eq!(error(s), Some(e.to_string()), "{g}"),
            Ok(f) => {
                assert_eq!(error(s), None, "{g}");
                let name = if linear { "slope" } else { "lambda" };
                let par = f.parameter(name).unwrap();
                assert!(close(field(s, name).unwrap(), par.value()), "{g} {name}");
                assert!(close(field(s, "p0").unwrap(), f.model().p0()), "{g} p0");
                assert_eq!(field(s, "origin"), Some(f.model().origin()));
                match par.std_error() {
                    Some(se) => assert!(close(field(s, &format!("{name}_se")).unwrap(), se)),
                    None => assert_eq!(field(s, &format!("{name}_se")), None),
                }
                if let Some(iv) = par.interval() {
                    assert!(close(
                        field(s, &format!("{name}_lower")).unwrap(),
                        iv.lower()
                    ));
                    assert!(close(
                        field(s, &format!("{name}_upper")).unwrap(),
                        iv.upper()
                    ));
                }
                if !linear {
                    let pct = f.rate().unwrap().percent_per(1.0).value();
                    assert!(close(field(s, "percent_per_year").unwrap(), pct), "{g} pct");
                }
                let r2 = f.r_squared();
                if !r2.is_nan() {
                    assert!(
                        close(field(s, "r_squared").unwrap(), r2)
                            || (r2 - field(s, "r_squared").unwrap()).abs() < 1e-12
                    );
                }
                let n = s
                    .column_by_name("n")
                    .unwrap()
                    .as_primitive::<datafusion::arrow::datatypes::UInt64Type>()
                    .value(0);
                assert_eq!(n as usize, f.n());
            }
        }
    }
}

/// Deterministic pseudo-random numbers.
struct Lcg(u64);
impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Groups of 1, 2, 10 and 10,000 rows with realistic prices, one group
/// with NULLs, one with a negative price, one with a NaN time.
fn rows(seed: u64, shuffle: bool) -> Vec<Row> {
    let mut rng = Lcg(seed);
    let mut out = Vec::new();
    for (g, n) in [("one", 1usize), ("two", 2), ("ten", 10), ("big", 10_000)] {
        let p0 = 10.0 + 100.0 * rng.next();
        for i in 0..n {
            // spread over four years, whatever the group's size
            let t = 2020.0 + 4.0 * i as f64 / n as f64 + 0.01 * rng.next();
            let p = p0 * (-0.3 * (t - 2020.0)).exp() * (1.0 + 0.1 * (rng.next() - 0.5));
            out.push((g.to_string(), Some(t), Some(p), Some(0.5 + rng.next())));
        }
    }
    for i in 0..6 {
        let t = 2020.0 + f64::from(i);
        out.push((
            "nulls".into(),
            Some(t),
            Some(50.0 * 0.8f64.powf(f64::from(i))),
            None,
        ));
        out.push(("nulls".into(), None, Some(1.0), Some(1.0)));
        out.push(("nulls".into(), Some(t), None, Some(1.0)));
        out.push((
            "negative".into(),
            Some(t),
            Some(if i == 3 { -1.0 } else { 5.0 + f64::from(i) }),
            Some(1.0),
        ));
        out.push((
            "nan_time".into(),
            Some(if i == 2 { f64::NAN } else { t }),
            Some(5.0),
            Some(1.0),
        ));
        out.push((
            "flat_time".into(),
            Some(2020.0),
            Some(5.0 + f64::from(i)),
            Some(1.0),
        ));
    }
    if shuffle {
        for i in (1..out.len()).rev() {
            let j = (rng.next() * (i + 1) as f64) as usize;
            out.swap(i, j);
        }
    }
    out
}

#[tokio::test]
async fn every_group_equals_the_batch_fit_for_any_partitioning() {
    for (shuffle, parts, target) in [(false, 1, 1), (true, 3, 3), (true, 5, 16), (false, 2, 16)] {
        let data = rows(7, shuffle);
        let ctx = context(&data, parts, target);
        let weighted = fits(&ctx, "decay_fit(t, price, weight)").await;
        check(&data, &weighted, false);
        let linear = fits(&ctx, "linear_fit(t, price, weight)").await;
        check(&data, &linear, true);
        // without weights: every weight 1
        let plain: Vec<Row> = data
            .iter()
            .map(|r| (r.0.clone(), r.1, r.2, Some(1.0)))
            .collect();
        check(&plain, &fits(&ctx, "decay_fit(t, price)").await, false);
    }
}

/// Checks every group's `decay_forecast` against costtrend's random walk
/// of its rows with a time and a price (the weight plays no part).
fn check_forecasts(rows: &[Row], got: &BTreeMap<String, StructArray>, at: f64, level: f64) {
    use costtrend::forecast::{self, Forecast};
    let mut by: BTreeMap<&str, (Vec<f64>, Vec<f64>)> = BTreeMap::new();
    let mut refused: BTreeMap<&str, bool> = BTreeMap::new();
    for (g, t, p, _) in rows {
        let entry = by.entry(g).or_default();
        let (Some(t), Some(p)) = (t, p) else {
            continue;
        };
        *refused.entry(g).or_default() |= !(t.is_finite() && p.is_finite() && *p > 0.0);
        entry.0.push(*t);
        entry.1.push(*p);
    }
    assert_eq!(got.len(), by.len());
    for (g, (t, p)) in &by {
        let s = &got[*g];
        if refused.get(g).copied().unwrap_or(false) {
            assert!(error(s).is_some(), "{g}: {s:?}");
            assert_eq!(field(s, "median"), None);
            continue;
        }
        let want = forecast::random_walk(t, p).and_then(|w| {
            let band = w.interval_at(at, level)?;
            Ok((w, band))
        });
        match want {
            Err(e) => {
                assert!(error(s).is_some(), "{g}: {e}");
                assert_eq!(field(s, "median"), None, "{g}");
            }
            Ok((w, band)) => {
                assert_eq!(error(s), None, "{g}");
                assert!(
                    close(field(s, "median").unwrap(), w.median_at(at)),
                    "{g} median"
                );
                assert!(close(field(s, "lower").unwrap(), band.lower()), "{g} lower");
                assert!(close(field(s, "upper").unwrap(), band.upper()), "{g} upper");
                assert!(close(field(s, "mean").unwrap(), w.mean_at(at)), "{g} mean");
                assert!(close(field(s, "drift").unwrap(), w.drift()), "{g} drift");
                let n = s
                    .column_by_name("n")
                    .unwrap()
                    .as_primitive::<datafusion::arrow::datatypes::UInt64Type>()
                    .value(0);
                assert_eq!(n as usize, w.n());
            }
        }
    }
}

#[tokio::test]
async fn every_group_forecast_equals_the_random_walk_for_any_partitioning() {
    for (shuffle, parts, target) in [(false, 1, 1), (true, 3, 3), (true, 5, 16), (false, 2, 16)] {
        let data = rows(11, shuffle);
        let ctx = context(&data, parts, target);
        check_forecasts(
            &data,
            &fits(&ctx, "decay_forecast(t, price, 2027.5)").await,
            2027.5,
            0.95,
        );
        check_forecasts(
            &data,
            &fits(&ctx, "decay_forecast(t, price, 2030, 0.8)").await,
            2030.0,
            0.8,
        );
    }
}

#[tokio::test]
async fn refused_forecasts_say_why_as_the_fits_do() {
    let data = rows(3, false);
    let ctx = context(&data, 2, 2);
    let got = fits(&ctx, "decay_forecast(t, price, 2026.0)").await;
    assert!(error(&got["negative"]).unwrap().contains("a price is -1"));
    assert!(error(&got["nan_time"]).unwrap().contains("a time is NaN"));
    assert_eq!(
        error(&got["two"]).unwrap(),
        "a random walk needs at least 3 points, got 2"
    );
    assert_eq!(
        error(&got["flat_time"]).unwrap(),
        "the time 2020 appears twice: a random walk needs distinct times"
    );
    assert_eq!(error(&got["nulls"]), None); // rows with a NULL time or price are skipped
    // a time before a group's first point is refused by the random walk
    let early = fits(&ctx, "decay_forecast(t, price, 1990.0)").await;
    assert!(
        error(&early["ten"]).unwrap().contains("before"),
        "{:?}",
        error(&early["ten"])
    );
}

#[tokio::test]
async fn refused_groups_say_why_and_do_not_fail_the_query() {
    let data = rows(3, false);
    let ctx = context(&data, 2, 2);
    let got = fits(&ctx, "decay_fit(t, price)").await;
    assert!(
        error(&got["negative"]).unwrap().contains("a price is -1"),
        "{:?}",
        error(&got["negative"])
    );
    assert!(error(&got["nan_time"]).unwrap().contains("a time is NaN"));
    assert!(error(&got["one"]).unwrap().contains("at least 2 points"));
    assert!(
        error(&got["flat_time"])
            .unwrap()
            .contains("all times are equal")
    );
    assert_eq!(error(&got["nulls"]), None); // NULLs are skipped
}

#[tokio::test]
async fn the_scalar_functions_agree_with_the_model_and_the_fit() {
    let data = rows(11, false);
    let ctx = context(&data, 2, 2);
    let batches = query(
        &ctx,
        "SELECT sku, decay_at(decay_fit(t, price), 2022.5) AS at,
                decay_time_to(decay_fit(t, price), 1.0) AS reach,
                decay_predict_interval(decay_fit(t, price), 2022.5, 0.9) AS pi,
                decay_at(linear_fit(t, price), 2021.0) AS lin
         FROM prices WHERE sku = 'ten' GROUP BY sku",
    )
    .await;
    let b = &batches[0];
    let pts: Vec<(f64, f64)> = data
        .iter()
        .filter(|r| r.0 == "ten")
        .map(|r| (r.1.unwrap(), r.2.unwrap()))
        .collect();
    let (t, p): (Vec<f64>, Vec<f64>) = pts.into_iter().unzip();
    let f = fit::exponential(&t, &p).unwrap();
    let m = f.model();
    let v = |c: usize| b.column(c).as_primitive::<Float64Type>().value(0);
    assert!(close(v(1), m.at(2022.5)));
    assert!(close(v(2), m.time_to(1.0).unwrap().unwrap()));
    assert!(close(v(4), fit::linear(&t, &p).unwrap().model().at(2021.0)));
    let pi = b.column(3).as_struct();
    let want = fit::FitOptions::new()
        .level(0.9)
        .exponential(&t, &p)
        .unwrap()
        .predict_observation(2022.5);
    let g = |n: &str| {
        pi.column_by_name(n)
            .unwrap()
            .as_primitive::<Float64Type>()
            .value(0)
    };
    assert!(close(g("estimate"), want.value()));
    assert!(close(g("lower"), want.interval().unwrap().lower()));
    assert!(close(g("upper"), want.interval().unwrap().upper()));
}

#[tokio::test]
async fn bad_calls_are_planning_errors_naming_the_function() {
    let ctx = context(&rows(1, false), 1, 1);
    for (sql, needle) in [
        (
            "SELECT decay_fit(t) FROM prices",
            "call to 'decay_fit' function",
        ),
        (
            "SELECT decay_fit(t, sku) FROM prices",
            "call to 'decay_fit' function",
        ),
        (
            "SELECT linear_fit(t, price, weight, 0.9, 1.0) FROM prices",
            "call to 'linear_fit' function",
        ),
        (
            "SELECT decay_fit(t, price, weight, 1.5) FROM prices",
            "decay_fit: the level must be in (0, 1), got 1.5",
        ),
        (
            "SELECT decay_fit(t, price, weight, price) FROM prices",
            "decay_fit: the level (fourth argument) must be a constant",
        ),
        (
            "SELECT decay_at(t, 2020.0) FROM prices",
            "call to 'decay_at' function",
        ),
        (
            "SELECT decay_predict_interval(decay_fit(t, price), 2030.0, 0.0) FROM prices",
            "decay_predict_interval: the level must be in (0, 1), got 0",
        ),
        (
            "SELECT decay_forecast(t, price) FROM prices",
            "call to 'decay_forecast' function",
        ),
        (
            "SELECT decay_forecast(t, price, t) FROM prices",
            "decay_forecast: the time to forecast (third argument) must be a constant",
        ),
        (
            "SELECT decay_forecast(t, price, 2030.0, 1.0) FROM prices",
            "decay_forecast: the level must be in (0, 1), got 1",
        ),
    ] {
        let err = match ctx.sql(sql).await {
            Err(e) => e.to_string(),
            Ok(df) => df
                .collect()
                .await
                .map(|_| String::new())
                .unwrap_or_else(|e| e.to_string()),
        };
        assert!(err.contains(needle), "{sql}: {err}");
        assert!(err.contains("Error during planning"), "{sql}: {err}");
    }
}

#[tokio::test]
async fn show_functions_describes_each_function() {
    let ctx = context(&rows(1, false), 1, 1);
    for (name, says) in [
        ("decay_fit", "costtrend::fit::exponential"),
        ("linear_fit", "costtrend::fit::linear"),
        ("decay_at", "The fitted price at time t"),
        ("decay_time_to", "The first time at or after"),
        (
            "decay_predict_interval",
            "The prediction interval of a new observation",
        ),
        ("decay_forecast", "costtrend::forecast::random_walk"),
    ] {
        let batches = query(&ctx, &format!("SHOW FUNCTIONS LIKE '{name}'")).await;
        let text = datafusion::arrow::util::pretty::pretty_format_batches(&batches)
            .unwrap()
            .to_string();
        assert!(text.contains(name) && text.contains(says), "{name}: {text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    #[test]
    fn random_groups_and_partitionings_match_the_batch_fits(
        sizes in prop::collection::vec(1usize..40, 1..8),
        parts in 1usize..6,
        target in 1usize..9,
        seed in any::<u64>(),
    ) {
        let mut rng = Lcg(seed);
        let mut data = Vec::new();
        for (g, &n) in sizes.iter().enumerate() {
            for i in 0..n {
                let t = 2000.0 + i as f64 * 0.5 + rng.next();
                let p = 80.0 * (-0.2 * (t - 2000.0)).exp() * (0.8 + 0.4 * rng.next());
                data.push((format!("g{g}"), Some(t), Some(p), Some(1.0)));
            }
        }
        for i in (1..data.len()).rev() {
            let j = (rng.next() * (i + 1) as f64) as usize;
            data.swap(i, j);
        }
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        rt.block_on(async {
            let ctx = context(&data, parts, target);
            check(&data, &fits(&ctx, "decay_fit(t, price)").await, false);
            check(&data, &fits(&ctx, "linear_fit(t, price)").await, true);
            check_forecasts(&data, &fits(&ctx, "decay_forecast(t, price, 2030.0)").await, 2030.0, 0.95);
        });
    }
}
