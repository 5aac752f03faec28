//! The logic of `fit_csv`, separate from `main` so tests can call it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use costtrend::DecayModel;
use costtrend::breaks::Breaks;
use costtrend::fit::Fit;
use costtrend::forecast::{self, Backtest, BacktestOptions, Forecast, RandomWalk};
use costtrend::select::{CompareOptions, Comparison};

#[path = "../shared/fmt.rs"]
pub(crate) mod fmt;

/// Command-line options.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Args {
    pub file: PathBuf,
    pub time_col: Option<String>,
    pub price_col: Option<String>,
    pub period: Option<f64>,
    pub target: Option<f64>,
    pub horizon: f64,
    pub plot: Option<PathBuf>,
    pub json: bool,
    /// Forecast with the trend fit instead of the random walk.
    pub trend: bool,
    pub backtest: bool,
    /// Find trend breaks of this kind.
    pub breaks: Option<costtrend::breaks::BreakKind>,
    /// The most breaks BIC considers.
    pub max_breaks: Option<usize>,
}

pub(crate) const USAGE: &str = "usage: fit_csv FILE.csv [--time-col NAME] [--price-col NAME] [--period P] \
[--target PRICE] [--horizon YEARS] [--forecast random-walk|trend] [--backtest] \
[--breaks [kinks|cuts|regimes]] [--max-breaks N] [--plot OUT.svg] [--json]";

/// Parses the arguments after the program name.
pub(crate) fn parse_args(args: &[String]) -> Result<Args, String> {
    let mut out = Args {
        horizon: 3.0,
        ..Args::default()
    };
    let mut file = None;
    let mut it = args.iter().peekable();
    while let Some(a) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{name} needs a value"))
        };
        let number = |name: &str, v: String| {
            v.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| format!("{name} must be a finite number, got '{v}'"))
        };
        match a.as_str() {
            "--time-col" => out.time_col = Some(value(a)?),
            "--price-col" => out.price_col = Some(value(a)?),
            "--period" => out.period = Some(number(a, value(a)?)?),
            "--target" => out.target = Some(number(a, value(a)?)?),
            "--horizon" => {
                out.horizon = number(a, value(a)?)?;
                if !(out.horizon > 0.0 && out.horizon <= 1000.0) {
                    return Err(format!(
                        "--horizon must be in (0, 1000], got {}",
                        out.horizon
                    ));
                }
            }
            "--plot" => out.plot = Some(PathBuf::from(value(a)?)),
            "--json" => out.json = true,
            "--backtest" => out.backtest = true,
            "--breaks" => {
                use costtrend::breaks::BreakKind;
                let kind = match it.peek().map(|v| v.as_str()) {
                    Some("cuts") => BreakKind::Cuts,
                    Some("regimes") => BreakKind::Regimes,
                    Some("kinks") => BreakKind::Kinks,
                    _ => {
                        out.breaks = Some(BreakKind::Kinks);
                        continue;
                    }
                };
                it.next();
                out.breaks = Some(kind);
            }
            "--max-breaks" => {
                let v = value(a)?;
                out.max_breaks = Some(
                    v.parse()
                        .map_err(|_| format!("--max-breaks must be a whole number, got '{v}'"))?,
                );
            }
            "--forecast" => {
                out.trend = match value(a)?.as_str() {
                    "random-walk" => false,
                    "trend" => true,
                    other => {
                        return Err(format!(
                            "--forecast must be random-walk or trend, got '{other}'"
                        ));
                    }
                }
            }
            "-h" | "--help" => return Err(USAGE.to_string()),
            s if s.starts_with('-') => return Err(format!("unknown option '{s}'")),
            s => {
                if file.replace(PathBuf::from(s)).is_some() {
                    return Err("give exactly one CSV file".into());
                }
            }
        }
    }
    out.file = file.ok_or("give a CSV file")?;
    Ok(out)
}

/// What a time cell held.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeKind {
    /// A bare number: a decimal year.
    Year,
    /// A calendar date or a civil date-time.
    Date,
    /// An RFC 3339 timestamp with an offset.
    Instant,
}

/// A time cell as a decimal year (the crate's convention, through jiff):
/// a number as is; `YYYY-MM-DD` (or `YYYY-MM`, the first of the month) at
/// midnight; a civil date-time `YYYY-MM-DDTHH:MM:SS` as written; an RFC 3339
/// timestamp with an offset (`2024-03-14T09:30:00+01:00`, `...Z`) read in
/// UTC.
pub(crate) fn parse_time_kind(s: &str) -> Option<(f64, TimeKind)> {
    use costtrend::time::DecimalYear;
    let s = s.trim();
    if let Ok(x) = s.parse::<f64>() {
        return x.is_finite().then_some((x, TimeKind::Year));
    }
    if s.len() == 7 && s.as_bytes()[4] == b'-' {
        let d: jiff::civil::Date = format!("{s}-01").parse().ok()?;
        return Some((d.to_year().ok()?, TimeKind::Date));
    }
    if s.len() == 10 {
        let d: jiff::civil::Date = s.parse().ok()?;
        return Some((d.to_year().ok()?, TimeKind::Date));
    }
    if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        return Some((ts.to_year().ok()?, TimeKind::Instant));
    }
    let dt: jiff::civil::DateTime = s.parse().ok()?;
    Some((dt.to_year().ok()?, TimeKind::Date))
}

/// [`parse_time_kind`]'s decimal year (the tests call it; the binary
/// needs the kind too).
#[allow(dead_code)]
pub(crate) fn parse_time(s: &str) -> Option<f64> {
    parse_time_kind(s).map(|(t, _)| t)
}

/// A read file: times, prices, the physical line of each row, and whether
/// the times were dates (so results print as dates).
pub(crate) struct Series {
    pub t: Vec<f64>,
    pub p: Vec<f64>,
    pub lines: Vec<usize>,
    pub dated: bool,
}

/// Reads the time and price columns.
pub(crate) fn read(args: &Args) -> Result<Series, String> {
    let name = args.file.display();
    let text = std::fs::read(&args.file).map_err(|e| format!("cannot read {name}: {e}"))?;
    // The physical line a record starts on. The csv reader's positions
    // point at the end of the previous record (before its line ending and
    // any blank lines), and its line count drifts after CRLF endings and
    // blank lines: skip the line endings, then count newlines.
    let line_of = |byte: u64| {
        let mut b = (byte as usize).min(text.len());
        while b < text.len() && (text[b] == b'\n' || text[b] == b'\r') {
            b += 1;
        }
        1 + text[..b].iter().filter(|&&c| c == b'\n').count()
    };
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_reader(&text[..]);
    let headers = reader
        .headers()
        .map_err(|e| format!("{name}: cannot read the header: {e}"))?
        .clone();
    if headers.is_empty() {
        return Err(format!("{name}: the file is empty"));
    }
    let column =
        |wanted: &Option<String>, default: &str, fallback: usize| -> Result<usize, String> {
            let listed = || headers.iter().collect::<Vec<_>>().join(", ");
            match wanted {
                Some(w) => headers.iter().position(|h| h == w).ok_or_else(|| {
                    format!("{name}: no column named '{w}' (columns: {})", listed())
                }),
                None => headers
                    .iter()
                    .position(|h| h == default)
                    .or((headers.len() > fallback).then_some(fallback))
                    .ok_or_else(|| {
                        format!("{name}: no '{default}' column (columns: {})", listed())
                    }),
            }
        };
    let tc = column(&args.time_col, "t", 0)?;
    let pc = column(&args.price_col, "price", 1)?;
    if tc == pc {
        return Err(format!("{name}: the time and price columns are the same"));
    }
    let (tname, pname) = (headers[tc].to_string(), headers[pc].to_string());
    let (mut t, mut p, mut lines) = (Vec::new(), Vec::new(), Vec::new());
    let mut first_kind: Option<(TimeKind, usize)> = None;
    for record in reader.records() {
        let record = record.map_err(|e| format!("{name}: {e}"))?;
        let line = record.position().map_or(0, |pos| line_of(pos.byte()));
        let cell = |i: usize, col: &str| {
            record
                .get(i)
                .ok_or_else(|| format!("{name}: line {line}, column '{col}': missing value"))
        };
        let tv = cell(tc, &tname)?;
        let pv = cell(pc, &pname)?;
        let (tt, kind) = parse_time_kind(tv).ok_or_else(|| {
            format!(
                "{name}: line {line}, column '{tname}': cannot read '{tv}' as a decimal year, \
                 a YYYY-MM-DD date or an RFC 3339 timestamp"
            )
        })?;
        match first_kind {
            None => first_kind = Some((kind, line)),
            Some((k, at)) if (k == TimeKind::Year) != (kind == TimeKind::Year) => {
                return Err(format!(
                    "{name}: line {line}, column '{tname}': '{tv}' mixes {} with the {} of line {at}; \
                     give every time the same way",
                    if kind == TimeKind::Year {
                        "a bare year"
                    } else {
                        "a date"
                    },
                    if k == TimeKind::Year {
                        "bare years"
                    } else {
                        "dates"
                    },
                ));
            }
            _ => {}
        }
        t.push(tt);
        p.push(
            pv.parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    format!("{name}: line {line}, column '{pname}': cannot read '{pv}' as a number")
                })?,
        );
        lines.push(line);
    }
    if t.is_empty() {
        return Err(format!("{name}: no data rows"));
    }
    let dated = first_kind.is_some_and(|(k, _)| k != TimeKind::Year);
    Ok(Series { t, p, lines, dated })
}

/// An error of the fits, with the file's line where it names a row.
pub(crate) fn locate(e: &costtrend::FitError, lines: &[usize]) -> String {
    use costtrend::FitError as E;
    let index = match e {
        E::NonFinite { index, .. }
        | E::NonPositivePrice { index, .. }
        | E::NegativePrice { index, .. }
        | E::InvalidWeight { index, .. }
        | E::DuplicateTime { index, .. } => Some(*index),
        _ => None,
    };
    match index.and_then(|i| lines.get(i)) {
        Some(line) => format!("line {line}: {e}"),
        None => e.to_string(),
    }
}

/// A time for printing: a date when the input had dates, else a year.
pub(crate) fn when(t: f64, dated: bool) -> String {
    use costtrend::time::DecimalYear;
    if !t.is_finite() {
        return if t > 0.0 { "never".into() } else { "-".into() };
    }
    if dated {
        if let Ok(d) = jiff::civil::Date::from_year(t) {
            return d.to_string();
        }
    }
    format!("{t:.2}")
}

/// Fits every variant.
pub(crate) fn compare(
    args: &Args,
    t: &[f64],
    p: &[f64],
    lines: &[usize],
) -> Result<Comparison, String> {
    let mut opts = CompareOptions::new();
    if let Some(period) = args.period {
        opts = opts.step_period(period);
    }
    let ranked = opts
        .compare(t, p)
        .map_err(|e| format!("{}: {}", args.file.display(), locate(&e, lines)))?;
    if ranked.best().is_none() {
        let why: Vec<String> = ranked
            .candidates()
            .iter()
            .filter_map(|c| {
                c.error()
                    .map(|e| format!("{}: {}", c.method(), locate(e, lines)))
            })
            .collect();
        return Err(format!("no model could be fitted ({})", why.join("; ")));
    }
    Ok(ranked)
}

/// Above this upper / lower ratio a 95 % interval is too wide to act on.
const WIDE: f64 = 1000.0;

fn last_time(t: &[f64]) -> f64 {
    t.iter().copied().fold(f64::NEG_INFINITY, f64::max)
}

/// The last observation `(t, price)`, by time.
fn last_point(t: &[f64], p: &[f64]) -> (f64, f64) {
    t.iter()
        .zip(p)
        .fold((f64::NEG_INFINITY, f64::NAN), |a, (&t, &p)| {
            if t > a.0 { (t, p) } else { a }
        })
}

/// The ranked comparison and the forecast, as text.
pub(crate) fn report(
    args: &Args,
    series: &Series,
    ranked: &Comparison,
    walk: &Result<RandomWalk, String>,
) -> Result<String, String> {
    let (t, p, dated) = (&series.t[..], &series.p[..], series.dated);
    let mut s = String::new();
    let best = ranked.best().expect("checked by compare");
    let _ = writeln!(s, "{} ({} observations)\n", args.file.display(), t.len());
    let _ = writeln!(s, "{ranked}");
    let _ = writeln!(s, "\nbest fit:\n{best}");
    let last = last_time(t);
    let steps = args.horizon.ceil() as usize;
    let at = |k: usize| last + (k as f64).min(args.horizon);
    match walk {
        Ok(w) => {
            let _ = writeln!(
                s,
                "\nforecast: random walk with drift (Farmer & Lafond 2016), last {} differences, theta {}",
                w.differences(),
                w.theta()
            );
            let _ = writeln!(
                s,
                "{:>10} {:>12} {:>12} {:>28} {:>28}",
                "t", "median", "mean", "80 % interval", "95 % interval"
            );
            for k in 1..=steps {
                let x = at(k);
                let band = |level: f64| {
                    w.interval_at(x, level)
                        .map_or("-".into(), |i| i.to_string())
                };
                let _ = writeln!(
                    s,
                    "{:>10} {:>12} {:>12} {:>28} {:>28}",
                    when(x, dated),
                    fmt::price(w.median_at(x)),
                    fmt::price(w.mean_at(x)),
                    band(0.8),
                    band(0.95)
                );
            }
            // Say when an interval is too wide to act on, and what narrows it.
            if let Ok(i) = w.interval_at(at(steps), 0.95) {
                if i.spread() > WIDE {
                    let _ = writeln!(
                        s,
                        "warning: the 95 % interval at {} spans {:.1e}x (upper / lower; {:.1} degrees of freedom): \
                         too wide to act on. More history would narrow it, or a prior learned from similar \
                         series (costtrend::forecast::Prior::learn).",
                        when(at(steps), dated),
                        i.spread(),
                        w.dof()
                    );
                }
            }
        }
        Err(why) => {
            if !args.trend {
                let _ = writeln!(
                    s,
                    "\nrandom walk not fitted ({why}); the trend fit's forecast instead"
                );
            }
            let _ = writeln!(
                s,
                "\nforecast: the best trend fit (assumes independent noise around the curve: its\n\
                 intervals do not widen with the horizon as real prices do; see --backtest)"
            );
            let _ = writeln!(
                s,
                "{:>10} {:>12} {:>28} {:>28}",
                "t", "price", "95 % CI (curve)", "95 % PI (observation)"
            );
            for k in 1..=steps {
                let x = at(k);
                let e = best.predict(x);
                let o = best.predict_observation(x);
                let ci = e.interval().map_or("-".into(), |i| i.to_string());
                let pi = o.interval().map_or("-".into(), |i| i.to_string());
                let _ = writeln!(
                    s,
                    "{:>10} {:>12} {:>28} {:>28}",
                    when(x, dated),
                    fmt::price(e.value()),
                    ci,
                    pi
                );
            }
        }
    }
    let (t_end, p_end) = last_point(t, p);
    if let Some(target) = args.target.filter(|&x| p_end <= x) {
        // Not a forecast: the data are there already.
        let _ = writeln!(
            s,
            "\nalready at or below {}: the last observation is {} at {}",
            fmt::price(target),
            fmt::price(p_end),
            when(t_end, dated)
        );
    } else if let Some(target) = args.target {
        let e = match walk {
            Ok(w) => w.time_to(target),
            Err(_) => best.time_to(target),
        }
        .map_err(|e| e.to_string())?;
        match e {
            Some(e) => {
                let i = e.interval().map_or("-".into(), |i| {
                    if dated {
                        let side = |x: f64| {
                            if x.is_finite() {
                                when(x, true)
                            } else {
                                "unbounded".into()
                            }
                        };
                        format!("[{}, {}]", side(i.lower()), side(i.upper()))
                    } else {
                        format!("{i:.5}")
                    }
                });
                let at = if dated {
                    when(e.value(), true)
                } else {
                    fmt::year(e.value())
                };
                let _ = writeln!(s, "\nreaches {} at {} {}", fmt::price(target), at, i);
            }
            None => {
                let _ = writeln!(
                    s,
                    "\nnever reaches {} on the median path",
                    fmt::price(target)
                );
            }
        }
    }
    if args.backtest {
        s.push('\n');
        s.push_str(&backtest(args, t, p)?);
    }
    Ok(s)
}

/// The break fit asked for with `--breaks`, if any.
pub(crate) fn breaks(args: &Args, series: &Series) -> Result<Option<Breaks>, String> {
    use costtrend::breaks::{BreakKind, BreakOptions};
    let Some(kind) = args.breaks else {
        return Ok(None);
    };
    let mut opts = BreakOptions::new();
    if let Some(m) = args.max_breaks {
        opts = opts.max_breaks(m);
    }
    let (t, p) = (&series.t[..], &series.p[..]);
    let fitted = match kind {
        BreakKind::Cuts => opts.price_cuts(t, p),
        BreakKind::Regimes => opts.regimes(t, p),
        _ => opts.trend_breaks(t, p),
    };
    fitted.map(Some).map_err(|e| {
        format!(
            "{}: breaks: {}",
            args.file.display(),
            locate(&e, &series.lines)
        )
    })
}

/// The break fit as text: breaks with their intervals, segments with rates.
pub(crate) fn breaks_report(b: &Breaks, dated: bool) -> String {
    let mut s = String::new();
    let what = match b.kind() {
        costtrend::breaks::BreakKind::Cuts => "price cuts (flat between)",
        costtrend::breaks::BreakKind::Regimes => "regimes (level and rate change)",
        _ => "kinks (the rate changes, the price does not jump)",
    };
    let _ = writeln!(
        s,
        "
breaks: {} {what}, chosen by BIC{}; {} noise; no-break test p = {}",
        b.times().len(),
        if b.exact() { "" } else { " (local search)" },
        b.noise().name(),
        b.p_value().map_or("-".into(), |p| format!("{p:.3}"))
    );
    for (t, i) in b.times().iter().zip(b.intervals()) {
        let _ = writeln!(
            s,
            "  break at {}  95 % interval {} to {}",
            when(*t, dated),
            when(i.lower(), dated),
            when(i.upper(), dated)
        );
    }
    for seg in b.segments() {
        let _ = write!(
            s,
            "  from {}: {} points, level {}",
            when(seg.start(), dated),
            seg.points(),
            fmt::price(seg.level().value())
        );
        if let Some(r) = seg.rate() {
            let e = r.percent_per(1.0);
            let _ = write!(s, ", {:.1} % per year", e.value());
            if let Some(i) = e.interval() {
                let _ = write!(s, " [{:.1}, {:.1}]", i.lower(), i.upper());
            }
        }
        s.push('\n');
    }
    s
}

/// Why there is no random walk.
pub(crate) enum Why {
    /// `--forecast trend` was asked for.
    Chosen(String),
    /// The data do not allow one.
    Fit(costtrend::FitError),
}

/// The random walk, unless `--forecast trend` or it cannot be fitted (the
/// reason, then).
pub(crate) fn walk(args: &Args, t: &[f64], p: &[f64]) -> Result<RandomWalk, Why> {
    if args.trend {
        return Err(Why::Chosen("--forecast trend".into()));
    }
    forecast::random_walk(t, p).map_err(Why::Fit)
}

/// The hindcast report of the chosen method, with the other's coverage
/// beside it.
pub(crate) fn backtest(args: &Args, t: &[f64], p: &[f64]) -> Result<String, String> {
    let method = if args.trend {
        Backtest::Trend
    } else {
        Backtest::RandomWalk(Default::default())
    };
    let other = if args.trend {
        Backtest::RandomWalk(Default::default())
    } else {
        Backtest::Trend
    };
    let run = |m: Backtest| {
        BacktestOptions::new()
            .method(m)
            .backtest(&[(t, p)])
            .map_err(|e| format!("backtest: {e}"))
    };
    let report = run(method)?;
    if report.hindcasts() == 0 {
        return Ok("backtest: too few points for a hindcast (needs at least 7)\n".into());
    }
    let beside = run(other)?;
    let mut s = report.to_string();
    let _ = writeln!(
        s,
        "for comparison, {}: coverage {}",
        beside.method(),
        beside
            .levels()
            .iter()
            .zip(beside.coverage())
            .map(|(l, c)| format!("{:.0} %: {c:.3}", l * 100.0))
            .collect::<Vec<_>>()
            .join("  ")
    );
    Ok(s)
}

/// The best model, its fit, the forecast and the comparison as JSON:
/// `model` loads with `serde_json::from_value::<DecayModel>`, `fit` with
/// `serde_json::from_value::<Fit>`, `forecast.walk` with
/// `serde_json::from_value::<RandomWalk>` and `forecast.table` with
/// `serde_json::from_value::<ForecastTable>`; with `--breaks`, `breaks` holds the
/// break fit (its `model` loads as a `Piecewise`).
pub(crate) fn json(
    args: &Args,
    t: &[f64],
    ranked: &Comparison,
    walk: &Result<RandomWalk, String>,
    breaks: Option<&Breaks>,
) -> Result<String, String> {
    let best = ranked.best().expect("checked by compare");
    let last = last_time(t);
    let times: Vec<f64> = (1..=args.horizon.ceil() as usize)
        .map(|k| last + (k as f64).min(args.horizon))
        .collect();
    let forecast = match walk {
        Ok(w) => {
            let points: Vec<serde_json::Value> = times
                .iter()
                .map(|&at| {
                    serde_json::json!({
                        "t": at,
                        "median": w.median_at(at),
                        "mean": w.mean_at(at),
                        "interval_80": w.interval_at(at, 0.8).ok(),
                        "interval_95": w.interval_at(at, 0.95).ok(),
                    })
                })
                .collect();
            // the same forecast as a ForecastTable, which loads back
            // with serde_json::from_value::<ForecastTable>
            let table = w.table(&times, &[0.8, 0.95]).ok();
            serde_json::json!({"method": "random_walk", "walk": w, "points": points, "table": table})
        }
        Err(why) => {
            let points: Vec<serde_json::Value> = times
                .iter()
                .map(|&at| {
                    serde_json::json!({
                        "t": at,
                        "estimate": best.predict(at),
                        "observation": best.predict_observation(at),
                    })
                })
                .collect();
            serde_json::json!({"method": "trend", "why_not_random_walk": why, "points": points})
        }
    };
    let target = match args.target {
        Some(price) => Some(serde_json::json!({
            "price": price,
            "time": match walk {
                Ok(w) => w.time_to(price),
                Err(_) => best.time_to(price),
            }
            .map_err(|e| e.to_string())?,
        })),
        None => None,
    };
    // The best fit and the comparison as the crate serialises them: a
    // `fit` loads back with `serde_json::from_value::<Fit>`.
    let value = serde_json::json!({
        "model": best.model(),
        "fit": best,
        "forecast": forecast,
        "target": target,
        "comparison": ranked,
        "breaks": breaks,
    });
    serde_json::to_string_pretty(&value).map_err(|e| e.to_string())
}

/// Writes the SVG plot: data, every fitted curve, the best model's
/// confidence and prediction bands, on a log price axis.
pub(crate) fn plot(
    path: &Path,
    title: &str,
    (t, p): (&[f64], &[f64]),
    ranked: &Comparison,
    walk: Option<&RandomWalk>,
    breaks: Option<&Breaks>,
    horizon: f64,
) -> Result<(), String> {
    use plotters::prelude::*;

    let best: &Fit = ranked.best().expect("checked by compare");
    let last = last_time(t);
    let (t0, t1) = (
        t.iter().copied().fold(f64::INFINITY, f64::min),
        last_time(t) + horizon,
    );
    let grid: Vec<f64> = (0..=240)
        .map(|i| t0 + (t1 - t0) * f64::from(i) / 240.0)
        .collect();
    let band = |obs: bool| -> Vec<(f64, f64, f64)> {
        grid.iter()
            .filter_map(|&x| {
                let e = if obs {
                    best.predict_observation(x)
                } else {
                    best.predict(x)
                };
                e.interval().map(|i| (x, i.lower(), i.upper()))
            })
            .collect()
    };
    // With a random walk, its forecast fan replaces the trend's bands.
    let fan = |level: f64| -> Vec<(f64, f64, f64)> {
        let Some(w) = walk else { return Vec::new() };
        grid.iter()
            .filter(|&&x| x >= last)
            .filter_map(|&x| {
                w.interval_at(x, level)
                    .ok()
                    .map(|i| (x, i.lower(), i.upper()))
            })
            .collect()
    };
    let (ci, pi) = if walk.is_some() {
        (fan(0.8), fan(0.95))
    } else {
        (band(false), band(true))
    };
    let positive = |v: f64| v.is_finite() && v > 0.0;
    let mut lo = p
        .iter()
        .copied()
        .filter(|v| positive(*v))
        .fold(f64::INFINITY, f64::min);
    let mut hi = p
        .iter()
        .copied()
        .filter(|v| positive(*v))
        .fold(f64::NEG_INFINITY, f64::max);
    for &(_, l, h) in &pi {
        if positive(l) {
            lo = lo.min(l);
        }
        if positive(h) {
            hi = hi.max(h);
        }
    }
    if !(positive(lo) && positive(hi)) {
        return Err("nothing positive to plot on a log axis".into());
    }
    // Keep the axis readable when a band runs off to extremes.
    let data_lo = p
        .iter()
        .copied()
        .filter(|v| positive(*v))
        .fold(f64::INFINITY, f64::min);
    let data_hi = p
        .iter()
        .copied()
        .filter(|v| positive(*v))
        .fold(f64::NEG_INFINITY, f64::max);
    lo = lo.max(data_lo / 1e3) / 1.5;
    hi = hi.min(data_hi * 1e3) * 1.5;
    let clamp = |v: f64| v.clamp(lo, hi);

    let root = SVGBackend::new(path, (960, 600)).into_drawing_area();
    let err = |e: &dyn std::fmt::Display| format!("cannot write {}: {e}", path.display());
    root.fill(&WHITE).map_err(|e| err(&e))?;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(80)
        .build_cartesian_2d(t0..t1, (lo..hi).log_scale())
        .map_err(|e| err(&e))?;
    chart
        .configure_mesh()
        .x_desc("time (decimal year)")
        .y_desc("price (log scale)")
        .y_label_formatter(&|v| fmt::price(*v))
        .draw()
        .map_err(|e| err(&e))?;
    let area = |rows: &[(f64, f64, f64)]| -> Vec<(f64, f64)> {
        let mut pts: Vec<(f64, f64)> = rows.iter().map(|&(x, _, h)| (x, clamp(h))).collect();
        pts.extend(
            rows.iter()
                .rev()
                .map(|&(x, l, _)| (x, clamp(if positive(l) { l } else { lo }))),
        );
        pts
    };
    let (outer, inner) = if walk.is_some() {
        (
            "95 % forecast interval (random walk)",
            "80 % forecast interval (random walk)",
        )
    } else {
        (
            "95 % prediction interval (best)",
            "95 % confidence band (best)",
        )
    };
    chart
        .draw_series(std::iter::once(Polygon::new(area(&pi), BLUE.mix(0.10))))
        .map_err(|e| err(&e))?
        .label(outer)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BLUE.mix(0.10).filled()));
    chart
        .draw_series(std::iter::once(Polygon::new(area(&ci), BLUE.mix(0.25))))
        .map_err(|e| err(&e))?
        .label(inner)
        .legend(|(x, y)| Rectangle::new([(x, y - 5), (x + 16, y + 5)], BLUE.mix(0.25).filled()));
    if let Some(w) = walk {
        let median: Vec<(f64, f64)> = grid
            .iter()
            .filter(|&&x| x >= last)
            .map(|&x| (x, clamp(w.median_at(x))))
            .collect();
        chart
            .draw_series(LineSeries::new(median, BLUE.stroke_width(2)))
            .map_err(|e| err(&e))?
            .label("median forecast (random walk)")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 16, y)], BLUE.stroke_width(2)));
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![(last, lo), (last, hi)],
                BLACK.mix(0.6).stroke_width(1),
            )))
            .map_err(|e| err(&e))?
            .label("forecast starts (last observation)")
            .legend(|(x, y)| {
                PathElement::new(vec![(x + 8, y - 6), (x + 8, y + 6)], BLACK.mix(0.6))
            });
    }
    let palette = [RED, GREEN, MAGENTA, CYAN, BLACK];
    for (i, c) in ranked.candidates().iter().enumerate() {
        let Some(f) = c.fit() else { continue };
        let model: DecayModel = f.model();
        let color = palette[i % palette.len()];
        let width = if i == 0 { 3 } else { 1 };
        // Monotone curves leave the axis only at their ends: drop those
        // points rather than drawing them along the edge.
        let line: Vec<(f64, f64)> = grid
            .iter()
            .map(|&x| (x, model.at(x)))
            .filter(|&(_, y)| positive(y) && (lo..=hi).contains(&y))
            .collect();
        let label = if i == 0 {
            format!("{} (best)", c.method())
        } else {
            c.method().to_string()
        };
        chart
            .draw_series(LineSeries::new(line, color.stroke_width(width)))
            .map_err(|e| err(&e))?
            .label(label)
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], color.stroke_width(width))
            });
    }
    if let Some(b) = breaks {
        // The fitted segments over the data, and a dashed mark at each break.
        let model = b.model();
        let line: Vec<(f64, f64)> = grid
            .iter()
            .filter(|&&x| x <= last)
            .map(|&x| (x, model.at(x)))
            .filter(|&(_, y)| positive(y) && (lo..=hi).contains(&y))
            .collect();
        let orange = RGBColor(230, 120, 0);
        chart
            .draw_series(LineSeries::new(line, orange.stroke_width(3)))
            .map_err(|e| err(&e))?
            .label(format!("{} {} (segments)", b.times().len(), b.kind()))
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 16, y)], orange.stroke_width(3))
            });
        for &bt in b.times() {
            chart
                .draw_series(DashedLineSeries::new(
                    vec![(bt, lo), (bt, hi)],
                    4,
                    4,
                    orange.mix(0.7).stroke_width(1),
                ))
                .map_err(|e| err(&e))?;
        }
    }
    chart
        .draw_series(
            t.iter()
                .zip(p)
                .filter(|(_, v)| positive(**v))
                .map(|(&x, &v)| Circle::new((x, clamp(v)), 3, BLACK.filled())),
        )
        .map_err(|e| err(&e))?
        .label("observed")
        .legend(|(x, y)| Rectangle::new([(x + 5, y - 3), (x + 11, y + 3)], BLACK.filled()));
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .position(SeriesLabelPosition::UpperRight)
        .draw()
        .map_err(|e| err(&e))?;
    root.present().map_err(|e| err(&e))?;
    Ok(())
}

/// The whole tool: text (or JSON) on success, a one-line message on error.
pub(crate) fn run(args: &Args) -> Result<String, String> {
    let series = read(args)?;
    let (t, p) = (&series.t, &series.p);
    let ranked = compare(args, t, p, &series.lines)?;
    let walk = walk(args, t, p).map_err(|e| match e {
        Why::Fit(e) => locate(&e, &series.lines),
        Why::Chosen(s) => s,
    });
    let found = breaks(args, &series)?;
    if let Some(path) = &args.plot {
        let title = args
            .file
            .file_stem()
            .map_or("data".into(), |s| s.to_string_lossy().into_owned());
        plot(
            path,
            &title,
            (t, p),
            &ranked,
            walk.as_ref().ok(),
            found.as_ref(),
            args.horizon,
        )?;
    }
    if args.json {
        json(args, t, &ranked, &walk, found.as_ref())
    } else {
        let mut text = report(args, &series, &ranked, &walk)?;
        if let Some(b) = &found {
            text.push_str(&breaks_report(b, series.dated));
        }
        Ok(text)
    }
}

/// The program: arguments in; exit code, standard output and standard
/// error out. Every failure is one line on standard error and code 2.
pub(crate) fn main_with(args: &[String]) -> (u8, String, String) {
    match parse_args(args).and_then(|a| run(&a)) {
        Ok(out) => (0, format!("{out}\n"), String::new()),
        Err(e) => (
            2,
            String::new(),
            format!("error: {}\n", e.replace('\n', " ")),
        ),
    }
}
