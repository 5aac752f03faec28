//! The main job: rate conventions, published decline rates and queries.
//!
//! Run with `cargo run --release --example quickstart`.

use std::error::Error;
use std::path::Path;

use costtrend::{DecayModel, Rate};

/// One published rate from `examples/data/published_rates.csv`.
struct Published {
    series: String,
    parameter: String,
    value: f64,
}

fn load_published(path: &Path) -> Result<Vec<Published>, Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record?;
        let Ok(value) = record[2].parse::<f64>() else {
            continue; // ranges such as "9-900" are quoted, not rates
        };
        rows.push(Published {
            series: record[0].to_string(),
            parameter: record[1].to_string(),
            value,
        });
    }
    Ok(rows)
}

/// The rate a published figure stands for, per year, if it is a time rate.
fn as_rate(p: &Published) -> Option<Rate> {
    match p.parameter.as_str() {
        "factor_per_year" => Rate::try_from_fold_per(p.value, 1.0).ok(),
        "annual_decline" => Rate::try_from_percent_per(100.0 * p.value, 1.0).ok(),
        // FLOP/s per dollar doubles: the price of a FLOP halves.
        "doubling_time_years" => Rate::try_from_half_life(p.value).ok(),
        _ => None,
    }
}

fn short(series: &str, width: usize) -> String {
    let s = series
        .trim_end_matches(".csv")
        .trim_start_matches('(')
        .trim_end_matches(')');
    if s.chars().count() <= width {
        s.to_string()
    } else {
        let cut: String = s.chars().take(width - 1).collect();
        format!("{cut}…")
    }
}

fn main() -> Result<(), Box<dyn Error>> {
    println!("costtrend quickstart\n");

    println!("1. \"20 % cheaper per year\" is not exp(-0.2 t): 1,000,000 after 5 years");
    let naive = DecayModel::exponential(1_000_000.0, 0.2);
    let right = DecayModel::exponential_at_rate(1_000_000.0, Rate::from_percent_per(20.0, 1.0));
    println!(
        "   {:<44} {:>12.2}",
        format!(
            "lambda = 0.2 ({:.2} % per year)",
            naive.rate().unwrap().percent_per(1.0)
        ),
        naive.at(5.0)
    );
    println!(
        "   {:<44} {:>12.2}",
        format!(
            "20 % per year (lambda = {:.4})",
            right.rate().unwrap().lambda()
        ),
        right.at(5.0)
    );
    println!();

    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/published_rates.csv");
    let published = load_published(&path)?;
    println!("2. Published decline rates in every convention (examples/data/published_rates.csv)");
    println!(
        "   {:<40} {:>9} {:>10} {:>10} {:>12}",
        "series", "lambda/yr", "% per yr", "x per yr", "half-life yr"
    );
    for p in &published {
        let Some(rate) = as_rate(p) else { continue };
        println!(
            "   {:<40} {:>9.4} {:>10.2} {:>10.2} {:>12.3}",
            short(&p.series, 40),
            rate.lambda(),
            rate.percent_per(1.0),
            rate.fold_per(1.0),
            rate.half_life().unwrap_or(f64::INFINITY),
        );
    }
    let skipped = published.iter().filter(|p| as_rate(p).is_none()).count();
    println!("   ({skipped} rows are not rates per unit time, such as learning rates per doubling: left out)");
    println!();

    println!(
        "3. Queries: LLM inference at $60 per million tokens in late 2021, 10x cheaper per year"
    );
    println!("   (a16z \"LLMflation\": published rate, model illustrative)");
    let llm =
        DecayModel::exponential_at_rate(60.0, Rate::from_fold_per(10.0, 1.0)).with_origin(2021.9);
    println!("   model                                  {llm:.4}");
    println!(
        "   price at 2024.9                         ${:>10.4} per Mtok",
        llm.at(2024.9)
    );
    let when = llm
        .time_to(0.01)
        .map_or("never".to_string(), |t| format!("{t:.2}"));
    println!("   first reaches $0.01 per Mtok in         {when:>11}");
    println!(
        "   mean price over 2024                    ${:>10.4} per Mtok",
        llm.mean(2024.0, 2025.0)
    );
    println!(
        "   1 Mtok a day through 2024 costs         ${:>10.2}",
        365.0 * llm.integral(2024.0, 2025.0)
    );
    println!();

    println!("4. Step discount: list price 100, 20 % off at the end of every year (illustrative)");
    let step = DecayModel::step_discount(100.0, 0.2, 1.0).with_origin(2024.0);
    println!("   model                                  {step}");
    for t in [2024.5, 2025.0, 2026.5] {
        println!(
            "   price at {t:<6}                          {:>10.2}",
            step.at(t)
        );
    }
    let when = step
        .time_to(50.0)
        .map_or("never".to_string(), |t| format!("{t:.2}"));
    println!("   first at or below 50 in                 {when:>10}");
    println!(
        "   cost of one unit a year, 2024-2030      {:>10.2}",
        step.integral(2024.0, 2030.0)
    );
    Ok(())
}
