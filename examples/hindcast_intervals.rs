//! Hindcast intervals for the side-by-side forecast benchmark
//! (`bench/forecast_peers.sh`): reads a long CSV `series,t,price`, and from
//! every origin with at least 6 points forecasts the next 20 observations
//! with costtrend's random walk, printing one CSV row per hindcast (the
//! 80 % and 95 % intervals of log price and the outcome). With `short`,
//! only the first 6 to 10 points of each series are histories, forecasting
//! the next 10 (the short-history test of issue 22).
//!
//! `cargo run --release --example hindcast_intervals -- FILE METHOD [short]`,
//! with METHOD `default` (the default prior, `Prior::technology()`),
//! `data_only` (`RandomWalkOptions::without_prior`) or `learned` (a prior
//! learned by empirical Bayes from the other series of the file).

use costtrend::forecast::{Forecast, Prior, RandomWalkOptions};
use std::collections::BTreeMap;
use std::error::Error;

#[path = "shared/series.rs"]
mod series;
use series::Named as Series;

fn read(path: &str) -> Result<Vec<Series>, Box<dyn Error>> {
    let text = std::fs::read_to_string(path)?;
    let mut by: BTreeMap<String, Vec<(f64, f64)>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let mut f = line.rsplitn(3, ',');
        let (p, t, name) = (f.next(), f.next(), f.next());
        let (Some(p), Some(t), Some(name)) = (p, t, name) else {
            return Err(format!("bad line: {line}").into());
        };
        by.entry(name.to_string())
            .or_default()
            .push((t.parse()?, p.parse()?));
    }
    Ok(series::gather(by))
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().collect();
    let (path, method, short) = match &args[..] {
        [_, path, method] => (path.as_str(), method.as_str(), false),
        [_, path, method, s] if s == "short" => (path.as_str(), method.as_str(), true),
        _ => {
            return Err("usage: hindcast_intervals FILE default|data_only|learned [short]".into());
        }
    };
    // origins: histories of 6 points or more (6 to 10 when short)
    let (end_origin, ahead) = if short { (10, 10) } else { (usize::MAX, 20) };
    let all = read(path)?;
    let start = std::time::Instant::now();
    let mut out = String::from("series,origin,target,steps,lo80,hi80,lo95,hi95,actual\n");
    for (k, (name, t, p)) in all.iter().enumerate() {
        let options = match method {
            "default" => RandomWalkOptions::new(),
            "data_only" => RandomWalkOptions::new().without_prior(),
            "learned" => {
                let others: Vec<(&[f64], &[f64])> = all
                    .iter()
                    .enumerate()
                    .filter(|(i, s)| *i != k && s.1.len() >= 3)
                    .map(|(_, s)| (&s.1[..], &s.2[..]))
                    .collect();
                RandomWalkOptions::new().prior(&Prior::learn(&others)?)
            }
            other => return Err(format!("unknown method {other}").into()),
        };
        for o in 5..t.len().saturating_sub(1).min(end_origin) {
            let rw = options.fit(&t[..=o], &p[..=o])?;
            for j in o + 1..t.len().min(o + 1 + ahead) {
                let (a, b) = (rw.interval_at(t[j], 0.8)?, rw.interval_at(t[j], 0.95)?);
                out.push_str(&format!(
                    "{name},{o},{j},{},{},{},{},{},{}\n",
                    j - o,
                    a.lower().ln(),
                    a.upper().ln(),
                    b.lower().ln(),
                    b.upper().ln(),
                    p[j].ln()
                ));
            }
        }
    }
    eprintln!("seconds {}", start.elapsed().as_secs_f64());
    print!("{out}");
    Ok(())
}
