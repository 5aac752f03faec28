//! Fit every model to a CSV of dated prices, rank them, forecast, plot.
//!
//! ```text
//! cargo run --release --example fit_csv -- FILE.csv [--time-col NAME] [--price-col NAME]
//!     [--period P] [--target PRICE] [--horizon YEARS] [--forecast random-walk|trend]
//!     [--backtest] [--breaks [kinks|cuts|regimes]] [--max-breaks N] [--plot OUT.svg] [--json]
//! ```
//!
//! The time column holds decimal years or ISO dates (`2024-03-14`). Errors
//! print one line naming the row and column, and exit with code 2.

mod tool;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (code, out, err) = tool::main_with(&args);
    print!("{out}");
    eprint!("{err}");
    ExitCode::from(code)
}
