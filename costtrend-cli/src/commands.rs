//! What each subcommand computes for one series: a text report and the
//! same result as JSON (the structures the library serialises, so a saved
//! result loads back with `serde_json`).

use std::fmt::Write as _;

use costtrend::breaks::{BreakKind, BreakOptions, Breaks};
use costtrend::estimate::Estimate;
use costtrend::forecast::{self, Backtest, BacktestOptions, BacktestReport, Forecast, RandomWalk};
use costtrend::select::{CompareOptions, Comparison};
use serde_json::{Value, json};

use crate::format::{percent, price, when};
use crate::input::{Series, locate};

/// One series' result: the text report and its JSON.
pub(crate) struct Outcome {
    pub text: String,
    pub json: Value,
}

/// Above this upper / lower ratio a 95 % interval is too wide to act on.
const WIDE: f64 = 1000.0;

/// The last observation `(t, price)`, by time.
pub(crate) fn last_point(t: &[f64], p: &[f64]) -> (f64, f64) {
    t.iter()
        .zip(p)
        .fold((f64::NEG_INFINITY, f64::NAN), |a, (&t, &p)| {
            if t > a.0 { (t, p) } else { a }
        })
}

/// Every model fitted and ranked; an error when none could be fitted.
pub(crate) fn compare(s: &Series, period: Option<f64>) -> Result<Comparison, String> {
    let mut opts = CompareOptions::new();
    if let Some(period) = period {
        opts = opts.step_period(period);
    }
    let ranked = opts.compare(&s.t, &s.p).map_err(|e| locate(&e, &s.lines))?;
    if ranked.best().is_none() {
        let why: Vec<String> = ranked
            .candidates()
            .iter()
            .filter_map(|c| {
                c.error()
                    .map(|e| format!("{}: {}", c.method(), locate(e, &s.lines)))
            })
            .collect();
        return Err(format!("no model could be fitted ({})", why.join("; ")));
    }
    Ok(ranked)
}

/// A target price and when `time_to` reaches it (`None` inside: never),
/// if a target was given.
type Reach = Option<(f64, Option<Estimate>)>;

fn reach(
    target: Option<f64>,
    time_to: impl FnOnce(f64) -> Result<Option<Estimate>, costtrend::FitError>,
) -> Result<Reach, String> {
    target
        .map(|goal| {
            time_to(goal)
                .map(|at| (goal, at))
                .map_err(|e| e.to_string())
        })
        .transpose()
}

/// The target as JSON: `{price, time}` (`time` an Estimate or null), or null.
fn reach_json(r: &Reach) -> Value {
    r.as_ref()
        .map_or(Value::Null, |(p, t)| json!({"price": p, "time": t}))
}

/// `costtrend fit`: the ranking and the best fit's report; with a target,
/// when the best trend reaches it.
pub(crate) fn fit(s: &Series, period: Option<f64>, target: Option<f64>) -> Result<Outcome, String> {
    let ranked = compare(s, period)?;
    let best = ranked.best().expect("checked by compare");
    let mut text = format!("{ranked}\n\nbest fit:\n{best}\n");
    let reach = reach(target, |p| best.time_to(p))?;
    if let Some((goal, at)) = &reach {
        let _ = match at {
            Some(e) => writeln!(
                text,
                "\nthe best trend reaches {} at {}{}",
                price(*goal),
                when(e.value(), s.dated),
                e.interval().map_or(String::new(), |i| format!(
                    " (95 % interval {} to {})",
                    when(i.lower(), s.dated),
                    when(i.upper(), s.dated)
                ))
            ),
            None => writeln!(text, "\nthe best trend never reaches {}", price(*goal)),
        };
    }
    let json = json!({
        "model": best.model(),
        "fit": best,
        "comparison": ranked,
        "target": reach_json(&reach),
    });
    Ok(Outcome { text, json })
}

/// How `forecast` forecasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Method {
    /// The random walk with drift (the library's default forecast).
    RandomWalk,
    /// The best trend fit, assuming independent noise around the curve.
    Trend,
}

/// When to forecast.
pub(crate) enum Times {
    /// Yearly steps after the last observation, up to this many years.
    Horizon(f64),
    /// These times (decimal years).
    At(Vec<f64>),
}

impl Times {
    fn resolve(&self, last: f64) -> Vec<f64> {
        match self {
            Times::Horizon(h) => (1..=h.ceil() as usize)
                .map(|k| last + (k as f64).min(*h))
                .collect(),
            Times::At(t) => t.clone(),
        }
    }
}

/// `costtrend forecast`: the random walk's median, mean and intervals at
/// each time (the trend fit's when asked, or when no walk can be fitted).
pub(crate) fn forecast(
    s: &Series,
    times: &Times,
    levels: &[f64],
    method: Method,
    target: Option<f64>,
) -> Result<Outcome, String> {
    let (t_end, p_end) = last_point(&s.t, &s.p);
    let times = times.resolve(t_end);
    let walk = match method {
        Method::RandomWalk => {
            Some(forecast::random_walk(&s.t, &s.p).map_err(|e| locate(&e, &s.lines)))
        }
        Method::Trend => None,
    };
    let mut text = String::new();
    let mut out = match walk {
        Some(Ok(w)) => {
            let table = w.table(&times, levels).map_err(|e| e.to_string())?;
            let _ = writeln!(
                text,
                "forecast: random walk with drift (Farmer & Lafond 2016) on the last {} differences, \
                 theta {}, {:.1} degrees of freedom",
                w.differences(),
                w.theta(),
                w.dof()
            );
            let _ = write!(text, "{:>12} {:>12} {:>12}", "t", "median", "mean");
            for l in table.levels() {
                let _ = write!(text, " {:>28}", format!("{} % interval", percent(*l)));
            }
            text.push('\n');
            for row in table.rows() {
                let _ = write!(
                    text,
                    "{:>12} {:>12} {:>12}",
                    when(row.t, s.dated),
                    price(row.median),
                    price(row.mean)
                );
                for i in &row.intervals {
                    let _ = write!(
                        text,
                        " {:>28}",
                        format!("[{}, {}]", price(i.lower()), price(i.upper()))
                    );
                }
                text.push('\n');
            }
            if let (Some(&far), Some(&top)) =
                (times.last(), levels.iter().max_by(|a, b| a.total_cmp(b)))
                && let Ok(i) = w.interval_at(far, top)
                && i.spread() > WIDE
            {
                let _ = writeln!(
                    text,
                    "warning: the {} % interval at {} spans {:.1e}x (upper / lower): too wide \
                             to act on. More history would narrow it, or a prior learned from similar \
                             series (costtrend::forecast::Prior::learn).",
                    percent(top),
                    when(far, s.dated),
                    i.spread()
                );
            }
            let time = reach(target, |p| w.time_to(p))?;
            let json = json!({"method": "random_walk", "walk": &w, "table": table, "target": reach_json(&time)});
            (json, time)
        }
        other => {
            let ranked = compare(s, None)?;
            let best = ranked.best().expect("checked by compare");
            if let Some(Err(why)) = &other {
                let _ = writeln!(
                    text,
                    "random walk not fitted ({why}); the trend fit's forecast instead"
                );
            }
            let _ = writeln!(
                text,
                "forecast: the best trend fit, {} (assumes independent noise around the curve: its \
                 intervals do not widen with the horizon as real prices do; see `costtrend backtest`)",
                best.method()
            );
            let _ = writeln!(
                text,
                "{:>12} {:>12} {:>28} {:>28}",
                "t", "price", "95 % CI (curve)", "95 % PI (observation)"
            );
            let mut points = Vec::new();
            for &x in &times {
                let e = best.predict(x);
                let o = best.predict_observation(x);
                let band = |i: Option<costtrend::estimate::Interval>| {
                    i.map_or("-".into(), |i| {
                        format!("[{}, {}]", price(i.lower()), price(i.upper()))
                    })
                };
                let _ = writeln!(
                    text,
                    "{:>12} {:>12} {:>28} {:>28}",
                    when(x, s.dated),
                    price(e.value()),
                    band(e.interval()),
                    band(o.interval())
                );
                points.push(json!({"t": x, "estimate": e, "observation": o}));
            }
            let time = reach(target, |p| best.time_to(p))?;
            let why = match other {
                Some(Err(why)) => Some(why),
                _ => None,
            };
            let json = json!({"method": "trend", "why_not_random_walk": why, "fit": best, "points": points, "target": reach_json(&time)});
            (json, time)
        }
    };
    if let Some((goal, time)) = out.1.take() {
        if p_end <= goal {
            let _ = writeln!(
                text,
                "already at or below {}: the last observation is {} at {}",
                price(goal),
                price(p_end),
                when(t_end, s.dated)
            );
        } else {
            let _ = match time {
                Some(e) => writeln!(
                    text,
                    "reaches {} at {}{}",
                    price(goal),
                    when(e.value(), s.dated),
                    e.interval().map_or(String::new(), |i| format!(
                        " (95 % interval {} to {})",
                        when(i.lower(), s.dated),
                        when(i.upper(), s.dated)
                    ))
                ),
                None => writeln!(text, "never reaches {} on the median path", price(goal)),
            };
        }
    }
    Ok(Outcome { text, json: out.0 })
}

/// The break fit of one kind.
pub(crate) fn find_breaks(
    s: &Series,
    kind: BreakKind,
    max_breaks: Option<usize>,
) -> Result<Breaks, String> {
    let mut opts = BreakOptions::new();
    if let Some(m) = max_breaks {
        opts = opts.max_breaks(m);
    }
    let fitted = match kind {
        BreakKind::Cuts => opts.price_cuts(&s.t, &s.p),
        BreakKind::Regimes => opts.regimes(&s.t, &s.p),
        _ => opts.trend_breaks(&s.t, &s.p),
    };
    fitted.map_err(|e| locate(&e, &s.lines))
}

/// `costtrend breaks`: the breaks with their intervals, the segments with
/// their rates; the JSON is the [`Breaks`] as the library saves it.
pub(crate) fn breaks(
    s: &Series,
    kind: BreakKind,
    max_breaks: Option<usize>,
) -> Result<Outcome, String> {
    let b = find_breaks(s, kind, max_breaks)?;
    let what = match b.kind() {
        BreakKind::Cuts => "price cuts (flat between)",
        BreakKind::Regimes => "regimes (level and rate change)",
        _ => "kinks (the rate changes, the price does not jump)",
    };
    let mut text = String::new();
    let _ = writeln!(
        text,
        "{} {what}, chosen by BIC{}; {} noise; no-break test p = {}",
        b.times().len(),
        if b.exact() { "" } else { " (local search)" },
        b.noise().name(),
        b.p_value().map_or("-".into(), |p| format!("{p:.3}"))
    );
    for (t, i) in b.times().iter().zip(b.intervals()) {
        let _ = writeln!(
            text,
            "  break at {}  95 % interval {} to {}",
            when(*t, s.dated),
            when(i.lower(), s.dated),
            when(i.upper(), s.dated)
        );
    }
    for seg in b.segments() {
        let _ = write!(
            text,
            "  from {}: {} points, level {}",
            when(seg.start(), s.dated),
            seg.points(),
            price(seg.level().value())
        );
        if let Some(r) = seg.rate() {
            let e = r.percent_per(1.0);
            let _ = write!(text, ", {:.1} % per year", e.value());
            if let Some(i) = e.interval() {
                let _ = write!(text, " [{:.1}, {:.1}]", i.lower(), i.upper());
            }
        }
        text.push('\n');
    }
    let json = serde_json::to_value(&b).map_err(|e| e.to_string())?;
    Ok(Outcome { text, json })
}

fn backtest_of(s: &Series, method: Method) -> Result<BacktestReport, String> {
    let m = match method {
        Method::RandomWalk => Backtest::RandomWalk(Default::default()),
        Method::Trend => Backtest::Trend,
    };
    BacktestOptions::new()
        .method(m)
        .backtest(&[(&s.t[..], &s.p[..])])
        .map_err(|e| locate(&e, &s.lines))
}

fn backtest_json(r: &BacktestReport) -> Value {
    json!({
        "method": r.method(),
        "series": r.series(),
        "hindcasts": r.hindcasts(),
        "levels": r.levels(),
        "coverage": r.coverage(),
        "mean_log_score": r.mean_log_score(),
        "mean_crps": r.mean_crps(),
        "bias": r.bias(),
        "by_horizon": r.by_horizon().iter().filter(|h| h.hindcasts() > 0).map(|h| json!({
            "horizon": h.horizon(),
            "hindcasts": h.hindcasts(),
            "coverage": h.coverage(),
            "xi": h.xi(),
            "xi_theory": h.xi_theory(),
        })).collect::<Vec<_>>(),
    })
}

/// `costtrend backtest`: hindcasts from every origin, the chosen method's
/// coverage and scores, the other method's coverage beside it.
pub(crate) fn backtest(s: &Series, method: Method) -> Result<Outcome, String> {
    let report = backtest_of(s, method)?;
    if report.hindcasts() == 0 {
        return Err(format!(
            "too few points for a hindcast ({} here; a backtest needs at least 7)",
            s.t.len()
        ));
    }
    let other = match method {
        Method::RandomWalk => Method::Trend,
        Method::Trend => Method::RandomWalk,
    };
    let beside = backtest_of(s, other)?;
    let mut text = report.to_string();
    let _ = writeln!(
        text,
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
    let json = json!({"report": backtest_json(&report), "comparison": backtest_json(&beside)});
    Ok(Outcome { text, json })
}

/// `costtrend plot`: the SVG of the data, every fitted curve, the random
/// walk's fan (when one can be fitted) and the breaks asked for.
pub(crate) fn plot(
    s: &Series,
    path: &std::path::Path,
    title: &str,
    horizon: f64,
    breaks: Option<BreakKind>,
) -> Result<Outcome, String> {
    let ranked = compare(s, None)?;
    let walk: Option<RandomWalk> = forecast::random_walk(&s.t, &s.p).ok();
    let found = breaks
        .map(|k| find_breaks(s, k, None))
        .transpose()
        .map_err(|e| format!("breaks: {e}"))?;
    crate::plot::plot(
        path,
        title,
        (&s.t, &s.p),
        &ranked,
        walk.as_ref(),
        found.as_ref(),
        horizon,
    )?;
    let best = ranked.best().expect("checked by compare");
    Ok(Outcome {
        text: format!("wrote {}\n", path.display()),
        json: json!({"svg": path.display().to_string(), "best": best.method().to_string(), "breaks": found}),
    })
}
