//! `costtrend`: fit, forecast, find breaks in, backtest and plot price
//! series from CSV files, from the command line.
//!
//! ```text
//! costtrend fit prices.csv
//! costtrend forecast prices.csv --horizon 5 --level 0.8,0.95
//! costtrend breaks prices.csv --kind cuts --json
//! costtrend backtest prices.csv
//! costtrend plot prices.csv -o prices.svg
//! costtrend fit all.csv --group-col technology --json
//! ```
//!
//! Exit codes: 0 on success; 1 when some groups of a `--group-col` run
//! failed (the others are printed); 2 for a file that cannot be read, a
//! series that cannot be fitted, or a usage error.

#![forbid(unsafe_code)]

mod commands;
mod format;
mod groups;
mod input;
mod llm;
mod plot;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use costtrend::breaks::BreakKind;

use commands::{Method, Outcome, Times};
use input::{Columns, Series};

const AFTER: &str = "\
Input: a CSV file (`-` reads standard input) with a time column (decimal years such as 2019.5, \
ISO dates 2024-03-14, months 2024-03, or RFC 3339 timestamps) and a price column; by default the \
columns named `t` and `price`, else the first two.

Exit codes: 0 success; 1 some groups failed (the rest is printed); 2 unreadable input, a series \
that cannot be fitted, or a usage error.";

/// Fit, forecast and find breaks in falling prices (costtrend).
#[derive(Parser, Debug)]
#[command(name = "costtrend", version, about, after_help = AFTER)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The options every subcommand that reads one price file shares.
#[derive(Args, Debug)]
struct Input {
    /// The CSV file (`-`: standard input).
    file: PathBuf,
    /// The time column (default: `t`, else the first column).
    #[arg(long, value_name = "NAME")]
    time_col: Option<String>,
    /// The price column (default: `price`, else the second column).
    #[arg(long, value_name = "NAME")]
    price_col: Option<String>,
    /// Run on each group of rows sharing this column's value (in parallel;
    /// one result per group, in the order groups first appear).
    #[arg(long, value_name = "NAME")]
    group_col: Option<String>,
    /// Print JSON (the structures the library serialises, loadable back
    /// with serde_json) instead of text.
    #[arg(long)]
    json: bool,
}

/// A kind of break.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Kind {
    /// The rate changes, the price does not jump (continuous segments).
    Kinks,
    /// Flat prices that drop at each break.
    Cuts,
    /// Level and rate both change at each break.
    Regimes,
}

impl From<Kind> for BreakKind {
    fn from(k: Kind) -> Self {
        match k {
            Kind::Kinks => BreakKind::Kinks,
            Kind::Cuts => BreakKind::Cuts,
            Kind::Regimes => BreakKind::Regimes,
        }
    }
}

fn positive_years(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(h) if h > 0.0 && h <= 1000.0 => Ok(h),
        _ => Err(format!("must be a number of years in (0, 1000], got '{s}'")),
    }
}

fn level(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(l) if l > 0.0 && l < 1.0 => Ok(l),
        _ => Err(format!(
            "must be a probability in (0, 1) such as 0.95, got '{s}'"
        )),
    }
}

fn finite(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() => Ok(x),
        _ => Err(format!("must be a finite number, got '{s}'")),
    }
}

fn time(s: &str) -> Result<f64, String> {
    input::parse_time(s).map(|(t, _)| t).ok_or_else(|| {
        format!("cannot read '{s}' as a decimal year, a YYYY-MM-DD date or an RFC 3339 timestamp")
    })
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Fit every model (exponential, linear, step, ...), rank them by AICc and
    /// print the best fit's report.
    #[command(
        after_help = "Example:\n  costtrend fit examples/data/solar_pv_module_usd_per_w.csv --target 0.1"
    )]
    Fit {
        #[command(flatten)]
        input: Input,
        /// The period of the step-discount model, in years (default: searched).
        #[arg(long, value_parser = finite)]
        period: Option<f64>,
        /// Also say when the best trend reaches this price.
        #[arg(long, value_parser = finite)]
        target: Option<f64>,
    },
    /// Forecast the price: median, mean and intervals (the random walk with
    /// drift by default, whose intervals widen with the horizon).
    #[command(
        after_help = "Examples:\n  costtrend forecast examples/data/solar_pv_module_usd_per_w.csv --horizon 5\n  \
costtrend forecast prices.csv --at 2027-01-01 2028-01-01 --level 0.5,0.9 --json"
    )]
    Forecast {
        #[command(flatten)]
        input: Input,
        /// Forecast yearly up to this many years after the last observation.
        #[arg(long, value_parser = positive_years, default_value = "3", conflicts_with = "at")]
        horizon: f64,
        /// Forecast at these times instead (decimal years or dates).
        #[arg(long, value_parser = time, num_args = 1.., value_name = "TIME")]
        at: Vec<f64>,
        /// Interval levels, comma-separated.
        #[arg(long, value_parser = level, value_delimiter = ',', default_value = "0.8,0.95")]
        level: Vec<f64>,
        /// How to forecast.
        #[arg(long, value_enum, default_value = "random-walk")]
        method: Method,
        /// Also say when the forecast's median reaches this price.
        #[arg(long, value_parser = finite)]
        target: Option<f64>,
    },
    /// Find where the trend breaks, the number of breaks chosen by BIC and
    /// gated by a no-break test.
    #[command(
        after_help = "Example:\n  costtrend breaks examples/data/genome_sequencing_usd_per_genome.csv --kind kinks"
    )]
    Breaks {
        #[command(flatten)]
        input: Input,
        /// What kind of break.
        #[arg(long, value_enum, default_value = "kinks")]
        kind: Kind,
        /// The most breaks considered.
        #[arg(long, value_name = "N")]
        max_breaks: Option<usize>,
    },
    /// Hindcast from every origin and score the forecasts' intervals
    /// (coverage, log score, CRPS).
    #[command(
        after_help = "Example:\n  costtrend backtest examples/data/hdd_usd_per_mb_mccallum.csv"
    )]
    Backtest {
        #[command(flatten)]
        input: Input,
        /// The forecaster to score (the other's coverage is printed beside).
        #[arg(long, value_enum, default_value = "random-walk")]
        method: Method,
    },
    /// Draw the data, the fitted curves and the forecast fan as SVG.
    #[command(
        after_help = "Example:\n  costtrend plot examples/data/solar_pv_module_usd_per_w.csv -o solar.svg --breaks kinks"
    )]
    Plot {
        #[command(flatten)]
        input: Input,
        /// The SVG file to write; with `--group-col`, one file per group,
        /// the group's key added to the name (`OUT-KEY.svg`).
        #[arg(short, long, value_name = "OUT.svg")]
        output: PathBuf,
        /// Years of forecast to draw after the data.
        #[arg(long, value_parser = positive_years, default_value = "3")]
        horizon: f64,
        /// Also draw the breaks of this kind.
        #[arg(long, value_enum)]
        breaks: Option<Kind>,
    },
    /// LLM prices by capability: the cheapest model reaching each benchmark
    /// threshold over time, Epoch AI's rate and the crate's hedonic rate,
    /// with a year's forecast of the cheapest price.
    #[command(after_help = "Example (the bundled listings, Epoch's rules):\n  \
costtrend llm tests/data/llm_listings/epoch_aa_models.csv tests/data/llm_listings/epoch_models_not_in_aa.csv --epoch\n\n\
Listing files have Epoch AI's column names: `Model Name`, `Release Date`, `USD per 1M Tokens` \
and benchmark columns (MMLU, GPQA Diamond, ...).")]
    Llm {
        /// Listing CSV files, read together.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Epoch AI's rules: reasoning models left out, scores under 30 on
        /// MMLU and GPQA Diamond not thresholds, scores over 100 not counted.
        #[arg(long)]
        epoch: bool,
        /// Print a JSON array, one object per threshold.
        #[arg(long)]
        json: bool,
        /// Where to write the plot (default: the system's temporary directory).
        #[arg(long, value_name = "OUT.svg")]
        plot: Option<PathBuf>,
    },
}

/// The error a run ends with: the message and the exit code.
struct Failure(u8, String);

impl From<String> for Failure {
    fn from(s: String) -> Self {
        Failure(2, s)
    }
}

fn columns(i: &Input) -> Columns {
    Columns {
        time: i.time_col.clone(),
        price: i.price_col.clone(),
        group: i.group_col.clone(),
    }
}

/// Runs `work` on every series of the input and prints the results.
fn each(
    input: &Input,
    work: impl Fn(&Series) -> Result<Outcome, String> + Sync,
) -> Result<(), Failure> {
    let name = input::display_name(&input.file);
    let series = input::read(&input.file, &columns(input))?;
    let results = groups::run(&series, &work);
    let grouped = input.group_col.is_some();
    let failed = results.iter().filter(|r| r.is_err()).count();
    if !grouped {
        // One series: its result, or its error as the run's.
        let outcome = results
            .into_iter()
            .next()
            .expect("read gives at least one series");
        let outcome = outcome.map_err(|e| format!("{name}: {e}"))?;
        if input.json {
            println!(
                "{}",
                serde_json::to_string_pretty(&outcome.json).map_err(|e| e.to_string())?
            );
        } else {
            print!(
                "{name} ({} observations)\n\n{}",
                series[0].t.len(),
                outcome.text
            );
        }
        return Ok(());
    }
    let key = |s: &Series| s.group.clone().unwrap_or_default();
    if input.json {
        let rows: Vec<serde_json::Value> = series
            .iter()
            .zip(&results)
            .map(|(s, r)| match r {
                Ok(o) => serde_json::json!({"group": key(s), "n": s.t.len(), "result": o.json}),
                Err(e) => serde_json::json!({"group": key(s), "n": s.t.len(), "error": e}),
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&rows).map_err(|e| e.to_string())?
        );
    } else {
        for (s, r) in series.iter().zip(&results) {
            match r {
                Ok(o) => print!("== {} ({} rows) ==\n{}\n", key(s), s.t.len(), o.text),
                Err(e) => print!("== {} ({} rows) ==\nerror: {e}\n\n", key(s), s.t.len()),
            }
        }
    }
    for (s, r) in series.iter().zip(&results) {
        if let Err(e) = r {
            eprintln!("error: {name}: group '{}': {e}", key(s));
        }
    }
    if failed == 0 {
        Ok(())
    } else if failed == results.len() {
        Err(Failure(2, format!("{name}: every group failed")))
    } else {
        Err(Failure(
            1,
            format!("{name}: {failed} of {} groups failed", results.len()),
        ))
    }
}

fn run(cli: Cli) -> Result<(), Failure> {
    match cli.command {
        Command::Fit {
            input,
            period,
            target,
        } => each(&input, |s| commands::fit(s, period, target)),
        Command::Forecast {
            input,
            horizon,
            at,
            level,
            method,
            target,
        } => {
            let times = if at.is_empty() {
                Times::Horizon(horizon)
            } else {
                Times::At(at)
            };
            each(&input, |s| {
                commands::forecast(s, &times, &level, method, target)
            })
        }
        Command::Breaks {
            input,
            kind,
            max_breaks,
        } => each(&input, |s| commands::breaks(s, kind.into(), max_breaks)),
        Command::Backtest { input, method } => each(&input, |s| commands::backtest(s, method)),
        Command::Plot {
            input,
            output,
            horizon,
            breaks,
        } => {
            let grouped = input.group_col.is_some();
            let title = input
                .file
                .file_stem()
                .map_or("data".into(), |s| s.to_string_lossy().into_owned());
            each(&input, |s| {
                let path = if grouped {
                    plot::path_for_group(&output, s.group.as_deref().unwrap_or_default())
                } else {
                    output.clone()
                };
                let title = match &s.group {
                    Some(g) => format!("{title}: {g}"),
                    None => title.clone(),
                };
                commands::plot(s, &path, &title, horizon, breaks.map(Into::into))
            })
        }
        Command::Llm {
            files,
            epoch,
            json,
            plot,
        } => {
            println!("{}", llm::run(&files, epoch, json, plot)?);
            Ok(())
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(code, message)) => {
            eprintln!("error: {}", message.replace('\n', " "));
            ExitCode::from(code)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_definition_is_consistent() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
