//! LLM prices by capability: the cheapest price of a model reaching each
//! benchmark threshold, over time, and how fast it falls (Epoch AI's
//! method; `costtrend::frontier`).
//!
//! `costtrend llm FILE.csv [FILE.csv ...] [--epoch] [--json] [--plot OUT.svg]`
//!
//! Reads listing CSVs with Epoch AI's column names (`Model Name`,
//! `Release Date`, `USD per 1M Tokens` and the benchmark columns), combined,
//! rows without a price dropped. `--epoch` applies Epoch's rules: the
//! reasoning models DeepSeek-R1, o1, o1-mini, o1-preview and o3-mini left
//! out, scores under 30 on MMLU and GPQA Diamond not thresholds, scores
//! above 100 not counted (except the Elo). Thresholds with fewer than 4
//! records are reported as skipped. `--json` prints one JSON array, one
//! object per threshold; without it, a table and a plot (in the system's
//! temporary directory unless `--plot OUT.svg` names the file) of one
//! threshold's staircase
//! (GPQA Diamond at GPT-4 level where present, else the first) with
//! Epoch's line and the hedonic forecast fan of the cheapest price a year
//! ahead. Bad input gets one line naming the file, the line and the
//! column, and exit code 2.
//!
//! Beside Epoch's estimate (OLS on the staircase's few records, whose 90 %
//! interval assumes independent errors around a line, which records are
//! not) each threshold gets the crate's own (`"honest"`):
//! `frontier::hedonic_decline`, a regression of log price on time and
//! score over every listing at or above the threshold, whose 90 % interval
//! covers the true rate in 90.7-92.3 % of simulated markets where Epoch's
//! covers 72.3-75.0 % (the core crate's `tests/it/frontier.rs`), and a forecast of the cheapest
//! price a year after the data end.

use std::path::PathBuf;

use costtrend::frontier::{self, EpochDecline, HedonicDecline, Listing, Record, StaircaseOptions};

use frontier::epoch::{BENCHMARKS as BENCHES, ELO, MIN_RECORDS as MIN_POINTS};

/// One listing row: name, date, price and a score per benchmark.
struct Row {
    name: String,
    date: jiff::civil::Date,
    price: f64,
    scores: [Option<f64>; 6],
}

/// Reads one file, or the line that names what is wrong.
fn read(path: &str) -> Result<Vec<Row>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines
        .next()
        .ok_or_else(|| format!("{path}: line 1: empty file"))?
        .split(',')
        .map(str::trim)
        .collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .ok_or_else(|| format!("{path}: line 1: missing column '{name}'"))
    };
    let (name, date, price) = (
        col("Model Name")?,
        col("Release Date")?,
        col("USD per 1M Tokens")?,
    );
    let benches = BENCHES.map(col);
    let mut out = Vec::new();
    for (k, line) in lines.enumerate() {
        let at = k + 2;
        let f: Vec<&str> = line.split(',').map(str::trim).collect();
        let cell = |i: usize| f.get(i).copied().unwrap_or("");
        if cell(price).is_empty() {
            continue;
        }
        let bad = |column: &str, what: String| format!("{path}:{at}: column '{column}': {what}");
        let p: f64 = cell(price).parse().map_err(|_| {
            bad(
                "USD per 1M Tokens",
                format!("not a number: '{}'", cell(price)),
            )
        })?;
        if !(p.is_finite() && p > 0.0) {
            return Err(bad(
                "USD per 1M Tokens",
                format!("a price must be greater than 0, got {p}"),
            ));
        }
        let d: jiff::civil::Date = cell(date).parse().map_err(|_| {
            bad(
                "Release Date",
                format!("not a date (YYYY-MM-DD): '{}'", cell(date)),
            )
        })?;
        let mut scores = [None; 6];
        for (j, b) in BENCHES.iter().enumerate() {
            let Ok(c) = &benches[j] else { continue };
            let s = cell(*c);
            if s.is_empty() {
                continue;
            }
            let v: f64 = s
                .parse()
                .map_err(|_| bad(b, format!("not a number: '{s}'")))?;
            let ok = if *b == ELO {
                v.is_finite() && v > 0.0
            } else {
                (0.0..=100.0).contains(&v)
            };
            if !ok {
                let range = if *b == ELO { "above 0" } else { "in [0, 100]" };
                return Err(bad(b, format!("a score must be {range}, got {v}")));
            }
            scores[j] = Some(v);
        }
        out.push(Row {
            name: cell(name).to_string(),
            date: d,
            price: p,
            scores,
        });
    }
    Ok(out)
}

/// `costtrend llm`: every threshold's staircase, Epoch's rate and the
/// crate's hedonic rate with a year's forecast of the cheapest price; text
/// (and a plot) or JSON.
pub(crate) fn run(
    files: &[PathBuf],
    epoch: bool,
    json: bool,
    plot_to: Option<PathBuf>,
) -> Result<String, String> {
    // the table comes with a plot: where --plot says, else in the
    // system's temporary directory (its path is printed)
    let plot_to = match plot_to {
        Some(p) => Some(p.display().to_string()),
        None if !json => Some(
            std::env::temp_dir()
                .join("costtrend_llm.svg")
                .display()
                .to_string(),
        ),
        None => None,
    };
    if files.is_empty() {
        return Err("give at least one listings CSV file".to_string());
    }
    let mut rows = Vec::new();
    for f in files {
        rows.extend(read(&f.display().to_string())?);
    }
    if epoch {
        rows.retain(|r| !frontier::epoch::REASONING_MODELS.contains(&r.name.as_str()));
    }
    let mut results = Vec::new();
    let mut text =
        String::from("LLM prices by capability: the cheapest model reaching each threshold\n");
    text.push_str(&format!(
        "{:<24} {:<26} {:>6} {:>3} {:>8} {:<22} {:>4} {:>8} {:<22} {:<20}\n",
        "benchmark",
        "threshold (set by)",
        "score",
        "n",
        "Epoch x/yr",
        "90 % (Epoch's OLS)",
        "n",
        "hedonic",
        "90 % (hedonic)",
        "cheapest in a year, 90 %"
    ));
    let mut skipped = Vec::new();
    let mut fitted: Vec<(String, Vec<Record>, EpochDecline, HedonicDecline)> = Vec::new();
    for (j, bench) in BENCHES.iter().enumerate() {
        let listings: Vec<Listing> = rows
            .iter()
            .map(|r| Listing::new(&r.name, &r.date, r.price, r.scores[j]))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        let floor = frontier::epoch::floor(bench).filter(|_| epoch);
        let opts = match frontier::epoch::upper(bench).filter(|_| epoch) {
            Some(u) => StaircaseOptions::new().upper(u),
            None => StaircaseOptions::new(),
        };
        for th in frontier::thresholds(&listings, floor) {
            let stairs = frontier::cheapest_at_or_above(&listings, th.score, &opts);
            if stairs.len() < MIN_POINTS {
                skipped.push(format!(
                    "{bench} {} ({}): {} records, fewer than {MIN_POINTS}",
                    th.name,
                    th.score,
                    stairs.len()
                ));
                continue;
            }
            let d = frontier::epoch_decline(&stairs).map_err(|e| e.to_string())?;
            let e = d.factor_per_year_ci90();
            let i = e.interval().ok_or("no interval")?;
            let h = frontier::hedonic_decline(&listings, th.score, &opts)
                .map_err(|e| format!("{bench} {}: {e}", th.name))?;
            let he = h.factor_per_year_ci90();
            let hi = he.interval().ok_or("no interval")?;
            let (end, cheapest) = h.end();
            let ahead = end + 1.0;
            let median = h
                .frontier_quantile_at(ahead, 0.5)
                .map_err(|e| e.to_string())?;
            let fan = h
                .frontier_interval_at(ahead, 0.9)
                .map_err(|e| e.to_string())?;
            text.push_str(&format!(
                "{:<24} {:<26} {:>6} {:>3} {:>8.1} {:<22} {:>4} {:>8.1} {:<22} {:<20}\n",
                short(bench),
                short(&th.name),
                th.score,
                stairs.len(),
                e.value(),
                format!("[{:.3}, {:.4}]", i.lower(), i.upper()),
                h.n(),
                he.value(),
                format!("[{:.3}, {:.4}]", hi.lower(), hi.upper()),
                format!("${:.3}-{:.3}", fan.lower(), fan.upper())
            ));
            let points: Vec<serde_json::Value> = stairs
                .iter()
                .map(|r| serde_json::json!({"t": r.t, "price": r.price, "model": r.name}))
                .collect();
            fitted.push((
                format!("{bench} at {} level", th.name),
                stairs.clone(),
                d,
                h.clone(),
            ));
            results.push(serde_json::json!({
                "bench": bench,
                "threshold_model": th.name,
                "threshold": th.score,
                "n": stairs.len(),
                "epoch": {"factor_per_year": e.value(), "ci90": [i.lower(), i.upper()]},
                "honest": {
                    "method": "hedonic: OLS of ln price on time and score over every listing at or above the threshold",
                    "factor_per_year": he.value(),
                    "ci90": [hi.lower(), hi.upper()],
                    "n_listings": h.n(),
                    "score_coefficient": h.score_coefficient(),
                    "arrivals_per_year": h.arrivals_per_year(),
                    "forecast": {
                        "from": end,
                        "cheapest_now": cheapest,
                        "t": ahead,
                        "median": median,
                        "ci90": [fan.lower(), fan.upper()],
                    },
                },
                "points": points,
            }));
        }
    }
    if let Some(path) = &plot_to {
        plot(path, &fitted)?;
        text.push_str(&format!("plot: {path}\n"));
    }
    if json {
        for s in &skipped {
            eprintln!("skipped: {s}");
        }
        return serde_json::to_string_pretty(&results).map_err(|e| e.to_string());
    }
    for s in &skipped {
        text.push_str(&format!("skipped: {s}\n"));
    }
    Ok(text)
}

/// A name cut to fit the table's column.
fn short(name: &str) -> String {
    if name.chars().count() <= 24 {
        name.to_string()
    } else {
        name.chars().take(23).chain(std::iter::once('~')).collect()
    }
}

/// Draws one threshold's staircase, Epoch's line and the hedonic forecast
/// of the cheapest price a year ahead (80 % and 95 %), on a log price axis.
fn plot(
    path: &str,
    fitted: &[(String, Vec<Record>, EpochDecline, HedonicDecline)],
) -> Result<(), String> {
    use plotters::prelude::*;
    let k = fitted
        .iter()
        .position(|f| f.0 == "GPQA Diamond at GPT-4-0314 level")
        .unwrap_or(0);
    let (title, stairs, line, hedonic) = fitted.get(k).ok_or("no threshold to plot")?;
    let t: Vec<f64> = stairs.iter().map(|r| r.t).collect();
    let p: Vec<f64> = stairs.iter().map(|r| r.price).collect();
    let (end, cheapest) = hedonic.end();
    let t0 = t[0];
    let t1 = end + 1.0;
    let last = end;
    let grid: Vec<f64> = (0..=50).map(|i| end + f64::from(i) / 50.0).collect();
    let fan = |level: f64| -> Vec<(f64, f64, f64)> {
        grid.iter()
            .filter_map(|&x| {
                hedonic
                    .frontier_interval_at(x, level)
                    .ok()
                    .map(|i| (x, i.lower(), i.upper()))
            })
            .collect()
    };
    let (f80, f95) = (fan(0.8), fan(0.95));
    let lo = f95
        .iter()
        .map(|r| r.1)
        .fold(p[p.len() - 1], f64::min)
        .max(p[p.len() - 1] / 1e4)
        / 1.5;
    let hi = f95.iter().map(|r| r.2).fold(p[0], f64::max).min(p[0] * 1e2) * 1.5;
    let clamp = |v: f64| v.clamp(lo, hi);
    let err = |e: &dyn std::fmt::Display| format!("cannot write {path}: {e}");
    let root = SVGBackend::new(path, (960, 600)).into_drawing_area();
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(format!("Cheapest LLM price, {title}"), ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(80)
        .build_cartesian_2d(t0 - 0.1..t1, (lo..hi).log_scale())
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("time (decimal year)")
        .y_desc("USD per million tokens (log scale)")
        .draw()
        .map_err(|e| err(&e))?;
    let area = |rows: &[(f64, f64, f64)]| -> Vec<(f64, f64)> {
        let mut pts: Vec<(f64, f64)> = rows.iter().map(|&(x, _, h)| (x, clamp(h))).collect();
        pts.extend(rows.iter().rev().map(|&(x, l, _)| (x, clamp(l))));
        pts
    };
    for (rows, alpha, label) in [
        (
            &f95,
            0.10,
            "95 % forecast of the cheapest price (hedonic, arriving models)",
        ),
        (&f80, 0.25, "80 % forecast interval"),
    ] {
        chart
            .draw_series(std::iter::once(Polygon::new(area(rows), BLUE.mix(alpha))))
            .map_err(|e| err(&e))?
            .label(label)
            .legend(move |(x, y)| {
                Rectangle::new([(x, y - 5), (x + 16, y + 5)], BLUE.mix(alpha).filled())
            });
    }
    // the staircase: each record holds until the next
    let mut steps = Vec::new();
    for w in stairs.windows(2) {
        steps.push((w[0].t, w[0].price));
        steps.push((w[1].t, w[0].price));
    }
    steps.push((t[t.len() - 1], cheapest));
    steps.push((last, cheapest));
    chart
        .draw_series(LineSeries::new(steps, BLACK.stroke_width(2)))
        .map_err(|e| err(&e))?
        .label("cheapest price at or above the threshold")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLACK.stroke_width(2)));
    chart
        .draw_series(
            t.iter()
                .zip(&p)
                .map(|(&x, &y)| Circle::new((x, y), 4, BLACK.filled())),
        )
        .map_err(|e| err(&e))?;
    let ols: Vec<(f64, f64)> = (0..=100)
        .map(|i| {
            let x = t0 + (t1 - t0) * f64::from(i) / 100.0;
            (x, clamp(line.price_at(x)))
        })
        .collect();
    chart
        .draw_series(LineSeries::new(ols, RED.stroke_width(1)))
        .map_err(|e| err(&e))?
        .label(format!(
            "Epoch's line: {:.0}x cheaper a year",
            line.factor_per_year()
        ))
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], RED));
    let median: Vec<(f64, f64)> = grid
        .iter()
        .filter_map(|&x| {
            let m = hedonic.frontier_quantile_at(x, 0.5).ok()?;
            Some((x, clamp(m)))
        })
        .collect();
    chart
        .draw_series(LineSeries::new(median, BLUE.stroke_width(2)))
        .map_err(|e| err(&e))?
        .label("median forecast")
        .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE.stroke_width(2)));
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::LowerLeft)
        .background_style(WHITE.mix(0.8))
        .border_style(BLACK)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(())
}
