//! The main job: the rate conventions, then every bundled real price series
//! fitted, ranked, and forecast.
//!
//! `cargo run --release --example quickstart`

mod report;

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    println!("costtrend quickstart\n");
    print!("{}", report::conventions());
    match report::analyse_all(&data) {
        Ok(rows) => {
            print!("{}", report::render(&rows));
            match report::llm_prior(&data) {
                Ok(text) => print!("{text}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
            match report::hindcasts(&data) {
                Ok(h) => print!("{}", report::render_hindcasts(&h)),
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(2);
                }
            }
            match report::learning_and_spend(&data).and_then(|text| {
                print!("{text}");
                report::breaks(&data)
            }) {
                Ok(text) => {
                    print!("{text}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
