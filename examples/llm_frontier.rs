//! LLM prices by capability: the cheapest price of a model reaching each
//! benchmark threshold, over time, and how fast it falls (Epoch AI's
//! method; `costtrend::frontier`).
//!
//! `cargo run --release --all-features --example llm_frontier -- FILE.csv [FILE.csv ...] [--epoch] [--json]`
//!
//! Reads listing CSVs with Epoch AI's column names (`Model Name`,
//! `Release Date`, `USD per 1M Tokens` and the benchmark columns), combined,
//! rows without a price dropped. `--epoch` applies Epoch's rules: the
//! reasoning models DeepSeek-R1, o1, o1-mini, o1-preview and o3-mini left
//! out, scores under 30 on MMLU and GPQA Diamond not thresholds, scores
//! above 100 not counted (except the Elo). Thresholds with fewer than 4
//! records are reported as skipped. `--json` prints one JSON array, one
//! object per threshold. Bad input gets one line naming the file, the
//! line and the column, and exit code 2.
//!
//! Epoch's 90 % interval assumes independent errors around a line, which a
//! staircase of records is not; the crate's own estimate of the rate, with
//! an interval checked by simulation, is not in this example yet.

use std::process::ExitCode;

use costtrend::frontier::{self, Listing, StaircaseOptions};

const BENCHES: [&str; 6] = [
    "MMLU",
    "GPQA Diamond",
    "MATH-500",
    "MATH 5",
    "HumanEval",
    "LMSys Chatbot Arena ELO",
];
const ELO: &str = "LMSys Chatbot Arena ELO";
const REASONING: [&str; 5] = ["DeepSeek-R1", "o1", "o1-mini", "o1-preview", "o3-mini"];
const MIN_POINTS: usize = 4;

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

pub(crate) fn run(args: &[String]) -> Result<String, String> {
    let epoch = args.iter().any(|a| a == "--epoch");
    let json = args.iter().any(|a| a == "--json");
    let files: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    if files.is_empty() {
        return Err("usage: llm_frontier FILE.csv [FILE.csv ...] [--epoch] [--json]".to_string());
    }
    let mut rows = Vec::new();
    for f in files {
        rows.extend(read(f)?);
    }
    if epoch {
        rows.retain(|r| !REASONING.contains(&r.name.as_str()));
    }
    let mut results = Vec::new();
    let mut text =
        String::from("LLM prices by capability: the cheapest model reaching each threshold\n");
    text.push_str(&format!(
        "{:<26} {:<30} {:>7} {:>3}   {:>12}   {:<26}\n",
        "benchmark",
        "threshold (set by)",
        "score",
        "n",
        "x per year",
        "90 % interval (Epoch's OLS)"
    ));
    let mut skipped = Vec::new();
    for (j, bench) in BENCHES.iter().enumerate() {
        let listings: Vec<Listing> = rows
            .iter()
            .map(|r| Listing::new(&r.name, &r.date, r.price, r.scores[j]))
            .collect::<Result<_, _>>()
            .map_err(|e| e.to_string())?;
        let is_choice = matches!(*bench, "MMLU" | "GPQA Diamond");
        let floor = (epoch && is_choice).then_some(30.0);
        let opts = if epoch && *bench != ELO {
            StaircaseOptions::new().upper(100.0)
        } else {
            StaircaseOptions::new()
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
            text.push_str(&format!(
                "{:<26} {:<30} {:>7} {:>3}   {:>12.4}   [{:.4}, {:.4}]\n",
                bench,
                th.name,
                th.score,
                stairs.len(),
                e.value(),
                i.lower(),
                i.upper()
            ));
            let points: Vec<serde_json::Value> = stairs
                .iter()
                .map(|r| serde_json::json!({"t": r.t, "price": r.price, "model": r.name}))
                .collect();
            results.push(serde_json::json!({
                "bench": bench,
                "threshold_model": th.name,
                "threshold": th.score,
                "n": stairs.len(),
                "epoch": {"factor_per_year": e.value(), "ci90": [i.lower(), i.upper()]},
                "points": points,
            }));
        }
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

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(out) => {
            println!("{out}");
            ExitCode::SUCCESS
        }
        Err(why) => {
            eprintln!("{why}");
            ExitCode::from(2)
        }
    }
}
