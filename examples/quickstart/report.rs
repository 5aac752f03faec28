//! The quickstart's work, separated from printing so tests can check it.

use std::error::Error;
use std::path::Path;

use costtrend::Rate;
use costtrend::breaks;
use costtrend::estimate::Interval;
use costtrend::fit::{self, Fit};
use costtrend::forecast::{self, Backtest, BacktestOptions, Forecast};
use costtrend::select;

#[path = "../shared/fmt.rs"]
pub(crate) mod fmt;
#[path = "../shared/series.rs"]
mod series;

/// One bundled series and the price target asked of it.
pub(crate) struct Series {
    pub file: &'static str,
    pub label: &'static str,
    pub unit: &'static str,
    pub target: f64,
}

/// The bundled series (examples/data/SOURCES.md).
pub(crate) const SERIES: [Series; 5] = [
    Series {
        file: "solar_pv_module_usd_per_w.csv",
        label: "Solar PV modules",
        unit: "2024 US$/W",
        target: 0.1,
    },
    Series {
        file: "llm_epoch_mmlu_gpt3_level_usd_per_mtok.csv",
        label: "LLM at GPT-3 level (MMLU)",
        unit: "US$/Mtok",
        target: 0.01,
    },
    Series {
        file: "llm_epoch_gpqa_gpt4_level_usd_per_mtok.csv",
        label: "LLM at GPT-4 level (GPQA)",
        unit: "US$/Mtok",
        target: 0.01,
    },
    Series {
        file: "genome_sequencing_usd_per_genome.csv",
        label: "Genome sequencing",
        unit: "US$/genome",
        target: 100.0,
    },
    Series {
        file: "hdd_usd_per_mb_mccallum.csv",
        label: "Hard disk drives",
        unit: "US$/MB",
        target: 1e-6,
    },
];

/// What the quickstart reports for one series.
pub(crate) struct Row {
    pub label: &'static str,
    pub unit: &'static str,
    pub n: usize,
    pub first: f64,
    pub last: f64,
    pub best: String,
    pub r_squared: f64,
    /// Decline rate of the best exponential-family fit: (value, lower, upper).
    pub percent_per_year: (f64, f64, f64),
    pub fold_per_year: (f64, f64, f64),
    pub half_life: (f64, f64, f64),
    /// Random-walk forecasts at last + 1 and last + 3 years: (median,
    /// lower, upper) of the 95 % interval.
    pub forecast_1: (f64, f64, f64),
    pub forecast_3: (f64, f64, f64),
    pub target: f64,
    /// When the random walk's median reaches the target, with its 95 %
    /// interval: (value, lower, upper); infinite if never.
    pub reached: (f64, f64, f64),
}

fn triple(e: costtrend::estimate::Estimate) -> (f64, f64, f64) {
    match e.interval() {
        Some(i) => (e.value(), i.lower(), i.upper()),
        None => (e.value(), f64::NAN, f64::NAN),
    }
}

/// Reads a `t,price` CSV.
pub(crate) fn load(path: &Path) -> Result<(Vec<f64>, Vec<f64>), Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    let (mut t, mut p) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record?;
        t.push(record[0].trim().parse()?);
        p.push(record[1].trim().parse()?);
    }
    Ok((t, p))
}

/// Fits one series: the best model by AICc, its rate (or the log-linear
/// rate where the best model is not exponential), forecasts and target.
pub(crate) fn analyse(series: &Series, data_dir: &Path) -> Result<Row, Box<dyn Error>> {
    let (t, p) = load(&data_dir.join(series.file))?;
    let ranked = select::compare(&t, &p)?;
    let best: &Fit = ranked.best().ok_or("no variant could be fitted")?;
    let log_linear = fit::exponential(&t, &p)?;
    let rate = best.rate().or_else(|| log_linear.rate()).ok_or("no rate")?;
    let walk = forecast::random_walk(&t, &p)?;
    let last = t.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let first = t.iter().copied().fold(f64::INFINITY, f64::min);
    Ok(Row {
        label: series.label,
        unit: series.unit,
        n: best.n(),
        first,
        last,
        best: best.method().name().to_string(),
        r_squared: best.r_squared(),
        percent_per_year: triple(rate.percent_per(1.0)),
        fold_per_year: triple(rate.fold_per(1.0)),
        half_life: rate
            .half_life()
            .map_or((f64::INFINITY, f64::INFINITY, f64::INFINITY), triple),
        forecast_1: band(&walk, last + 1.0)?,
        forecast_3: band(&walk, last + 3.0)?,
        target: series.target,
        reached: walk
            .time_to(series.target)?
            .map_or((f64::INFINITY, f64::INFINITY, f64::INFINITY), triple),
    })
}

/// The forecast's median and 95 % interval at `t`.
fn band(f: &impl Forecast, t: f64) -> Result<(f64, f64, f64), Box<dyn Error>> {
    let i = f.interval_at(t, 0.95)?;
    Ok((f.median_at(t), i.lower(), i.upper()))
}

/// Every bundled series.
pub(crate) fn analyse_all(data_dir: &Path) -> Result<Vec<Row>, Box<dyn Error>> {
    SERIES.iter().map(|s| analyse(s, data_dir)).collect()
}

/// The worked example of the rate conventions.
pub(crate) fn conventions() -> String {
    use costtrend::DecayModel;
    let naive = DecayModel::exponential(1_000_000.0, 0.2);
    let right = DecayModel::exponential_at_rate(1_000_000.0, Rate::from_percent_per(20.0, 1.0));
    let mut s = String::new();
    s.push_str("1. \"20 % cheaper per year\" is not exp(-0.2 t): 1,000,000 after 5 years\n");
    s.push_str(&format!(
        "   {:<40} {:>12.2}\n",
        format!(
            "exp(-0.2 t) ({:.2} % per year)",
            naive.rate().unwrap().percent_per(1.0)
        ),
        naive.at(5.0)
    ));
    s.push_str(&format!(
        "   {:<40} {:>12.2}\n",
        format!(
            "20 % per year (lambda = {:.4})",
            right.rate().unwrap().lambda()
        ),
        right.at(5.0)
    ));
    s
}

/// The tables.
pub(crate) fn render(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str("\n2. Which curve? Best variant by AICc (examples/data, sources in SOURCES.md)\n");
    s.push_str(&format!(
        "   {:<26} {:>3} {:>11}  {:<22} {:>7}\n",
        "series", "n", "years", "best model", "R²"
    ));
    for r in rows {
        s.push_str(&format!(
            "   {:<26} {:>3} {:>11}  {:<22} {:>7.4}\n",
            r.label,
            r.n,
            format!("{:.0}-{:.0}", r.first.floor(), r.last.floor()),
            r.best,
            r.r_squared
        ));
    }
    s.push_str("\n3. How fast? Decline rate with 95 % confidence interval\n");
    s.push_str(&format!(
        "   {:<26} {:>24} {:>24} {:>22}\n",
        "series", "% per year", "x cheaper per year", "half-life (years)"
    ));
    for r in rows {
        let (p, pl, ph) = r.percent_per_year;
        let (f, fl, fh) = r.fold_per_year;
        let (h, hl, hh) = r.half_life;
        let pct = |x: f64| format!("{x:.1}");
        let fold = |x: f64| fmt::price(x);
        let half = |x: f64| format!("{x:.2}");
        s.push_str(&format!(
            "   {:<26} {:>24} {:>24} {:>22}\n",
            r.label,
            format!("{} {:.3}", pct(p), Interval::new(pl, ph)),
            format!("{} {:.4}", fold(f), Interval::new(fl, fh)),
            format!("{} {:.3}", half(h), Interval::new(hl, hh)),
        ));
    }
    s.push_str(
        "\n4. What next? Random-walk forecast (Farmer & Lafond) with 95 % interval, and a target\n",
    );
    s.push_str(&format!(
        "   {:<26} {:<11} {:>31} {:>31} {:>10} {:>24}\n",
        "series", "unit", "last + 1 year", "last + 3 years", "target", "reached in"
    ));
    for r in rows {
        let f1 = r.forecast_1;
        let f3 = r.forecast_3;
        let (y, yl, yh) = r.reached;
        s.push_str(&format!(
            "   {:<26} {:<11} {:>31} {:>31} {:>10} {:>24}\n",
            r.label,
            r.unit,
            format!("{} {}", fmt::price(f1.0), Interval::new(f1.1, f1.2)),
            format!("{} {}", fmt::price(f3.0), Interval::new(f3.1, f3.2)),
            fmt::price(r.target),
            format!("{} {:.5}", fmt::year(y), Interval::new(yl, yh)),
        ));
    }
    let wide: Vec<&str> = rows
        .iter()
        .filter(|r| Interval::new(r.forecast_1.1, r.forecast_1.2).spread() > 1000.0)
        .map(|r| r.label)
        .collect();
    if !wide.is_empty() {
        s.push_str(&format!(
            "   too wide to act on (95 % interval above 1000x a year ahead): {}; more history or a prior narrows them (4b)\n",
            wide.join(", ")
        ));
    }
    s
}

/// The bundled long series of the hindcast section.
pub(crate) const LONG_SERIES: [(&str, &str); 6] = [
    ("solar_pv_module_usd_per_w.csv", "Solar PV modules"),
    (
        "solar_pv_module_lafond2017_usd_per_w.csv",
        "Solar PV (Lafond 2017)",
    ),
    ("hdd_usd_per_mb_mccallum.csv", "Hard disk drives"),
    ("memory_usd_per_mb_mccallum.csv", "Memory"),
    ("flash_usd_per_mb_mccallum.csv", "Flash"),
    ("genome_sequencing_usd_per_genome.csv", "Genome sequencing"),
];

/// One row of the hindcast section: label, hindcasts, and the coverage of
/// the nominal 95 % intervals of the trend fit, of the default random walk
/// and of the walk without a prior.
pub(crate) type HindcastRow = (String, usize, f64, f64, f64);

/// Hindcast coverage of the nominal 95 % intervals, trend against random
/// walk, per long series and pooled.
pub(crate) fn hindcasts(data_dir: &Path) -> Result<Vec<HindcastRow>, Box<dyn Error>> {
    let data = LONG_SERIES
        .iter()
        .map(|(file, _)| load(&data_dir.join(file)))
        .collect::<Result<Vec<_>, _>>()?;
    let mut rows = Vec::new();
    let run = |series: &[(&[f64], &[f64])]| -> Result<HindcastRow, Box<dyn Error>> {
        let trend = BacktestOptions::new()
            .method(Backtest::Trend)
            .levels(&[0.95])
            .backtest(series)?;
        let walk = BacktestOptions::new().levels(&[0.95]).backtest(series)?;
        let data_only = BacktestOptions::new()
            .method(Backtest::RandomWalk(
                costtrend::forecast::RandomWalkOptions::new().without_prior(),
            ))
            .levels(&[0.95])
            .backtest(series)?;
        Ok((
            String::new(),
            walk.hindcasts(),
            trend.coverage()[0],
            walk.coverage()[0],
            data_only.coverage()[0],
        ))
    };
    for ((_, label), (t, p)) in LONG_SERIES.iter().zip(&data) {
        let mut row = run(&[(t, p)])?;
        row.0 = label.to_string();
        rows.push(row);
    }
    let all: Vec<(&[f64], &[f64])> = data.iter().map(|(t, p)| (&t[..], &p[..])).collect();
    let mut row = run(&all)?;
    row.0 = "pooled".to_string();
    rows.push(row);
    Ok(rows)
}

/// The hindcast section.
pub(crate) fn render_hindcasts(rows: &[HindcastRow]) -> String {
    let mut s = String::new();
    s.push_str("\n5. Why a random walk? Hindcasts: fit on the data up to each point, forecast the next 1-20\n");
    s.push_str("   points; share of outcomes inside the nominal 95 % interval\n");
    s.push_str(&format!(
        "   {:<26} {:>9} {:>14} {:>14} {:>16}\n",
        "series", "hindcasts", "trend fit", "random walk", "without a prior"
    ));
    for (label, n, trend, walk, data_only) in rows {
        s.push_str(&format!(
            "   {:<26} {:>9} {:>14.3} {:>14.3} {:>16.3}\n",
            label, n, trend, walk, data_only
        ));
    }
    s.push_str(
        "   (the default walk's prior, chosen on 36 technologies' histories, trusts a steady drift;\n\
         \x20   these long records change drift, and the walk on the last 5 differences alone,\n\
         \x20   RandomWalkOptions::new().without_prior(), keeps closer to 95 % on them)\n",
    );
    s
}

/// Wright's law on solar PV and an LLM bill: the experience-curve and
/// spend sections.
pub(crate) fn learning_and_spend(data_dir: &Path) -> Result<String, Box<dyn Error>> {
    use costtrend::{DecayModel, Growth, Spend, Turn, Usage};
    let (_, cost) = load(&data_dir.join("solar_pv_module_lafond2017_usd_per_w.csv"))?;
    let (_, capacity) = load(&data_dir.join("solar_pv_cumulative_capacity_lafond2017_mw.csv"))?;
    let f = fit::experience_curve(&capacity, &cost)?;
    let lr = f.learning_rate();
    let ci = lr.interval().ok_or("no interval")?;
    let mut s = String::new();
    s.push_str("\n6. Experience curve (Wright's law): solar PV modules vs cumulative capacity, 1976-2016\n");
    s.push_str(&format!(
        "   cost = {:.4}  learning rate per doubling {:.1} % [{:.1}, {:.1}] (published: about 20-22 %)\n",
        f.curve(),
        100.0 * lr.value(),
        100.0 * ci.lower(),
        100.0 * ci.upper()
    ));
    s.push_str("\n7. Spend: an LLM bill, $10 per million tokens falling 10x per year, usage 1,000 Mtok/yr growing 5x per year\n");
    let price =
        DecayModel::exponential_at_rate(10.0, Rate::from_fold_per(10.0, 1.0)).with_origin(2025.0);
    let usage = Usage::exponential(1_000.0, Growth::from_fold_per(5.0, 1.0)).with_origin(2025.0);
    let bill = Spend::new(price, usage);
    s.push_str(&format!(
        "   {:<8} {:>14} {:>16}\n",
        "year", "spend rate/yr", "spent in year"
    ));
    for year in 2025..2029 {
        let t = f64::from(year);
        s.push_str(&format!(
            "   {:<8} {:>14} {:>16}\n",
            year,
            fmt::price(bill.rate_at(t)),
            fmt::price(bill.cumulative(t, t + 1.0))
        ));
    }
    let turn = match bill.turning_point(2025.0, 2035.0) {
        Turn::Falling => "falls throughout".to_string(),
        Turn::Rising => "rises throughout".to_string(),
        Turn::PeaksAt(t) => format!("peaks in {t:.1}"),
        Turn::BottomsAt(t) => format!("bottoms out in {t:.1}"),
        _ => "turns".to_string(),
    };
    let jevons = bill.jevons();
    s.push_str(&format!(
        "   spend {turn}; usage outpaces the price (Jevons): {}\n",
        if jevons.outpaced() { "yes" } else { "no" }
    ));
    // The same usage at an uncertain price: the random walk of the
    // cheapest GPT-3-level model's price (Epoch AI), from late 2024.
    let (t, p) = load(&data_dir.join("llm_epoch_mmlu_gpt3_level_usd_per_mtok.csv"))?;
    let walk = forecast::random_walk(&t, &p)?;
    s.push_str(
        "\n   The same usage at the uncertain price of a GPT-3-level model (random walk on Epoch AI's series):\n",
    );
    s.push_str(&format!(
        "   {:<8} {:>14} {:>14} {:>26} {:>18}\n",
        "year", "expected bill", "median bill", "90 % interval", "P(above prior yr)"
    ));
    for year in 2025..2029 {
        let (a, b) = (f64::from(year), f64::from(year + 1));
        let bill = walk.bill(&usage, a, b, 0.9)?;
        let i = bill.interval();
        let rises = walk.prob_bill_rises(&usage, a, b)?;
        s.push_str(&format!(
            "   {:<8} {:>14} {:>14} {:>26} {:>18.2}\n",
            year,
            fmt::price(bill.expected()),
            fmt::price(bill.median()),
            i.to_string(),
            rises
        ));
    }
    s.push_str("   A budget needs the expected bill, from the mean price path: the bill at the median price\n");
    s.push_str(
        "   understates it, because an uncertain price's upside is larger than its downside.\n",
    );
    Ok(s)
}

/// Reads the bundled list-price CSV (`t` an ISO date, then price, model).
pub(crate) fn load_dated(path: &Path) -> Result<(Vec<f64>, Vec<f64>), Box<dyn Error>> {
    let mut reader = csv::Reader::from_path(path)?;
    let (mut t, mut p) = (Vec::new(), Vec::new());
    for record in reader.records() {
        let record = record?;
        t.push(fmt::parse_date(&record[0]).ok_or("not an ISO date")?);
        p.push(record[1].trim().parse()?);
    }
    Ok((t, p))
}

/// One kink fit's lines: the breaks with intervals, then the rates.
fn kinks_report(label: &str, b: &breaks::Breaks) -> String {
    let mut s = format!(
        "   {label}: {} kinks, {} noise (read from the data, no cap); no-break test p = {}\n",
        b.times().len(),
        b.noise().name(),
        b.p_value().map_or("-".into(), |p| format!("{p:.3}"))
    );
    let breaks: Vec<String> = b
        .times()
        .iter()
        .zip(b.intervals())
        .map(|(t, i)| format!("{t:.2} [{:.2}, {:.2}]", i.lower(), i.upper()))
        .collect();
    s.push_str(&format!("     kinks at {}\n", breaks.join(" and ")));
    let rates: Vec<String> = b
        .segments()
        .iter()
        .filter_map(|seg| seg.rate())
        .map(|r| {
            let e = r.percent_per(1.0);
            let i = e.interval().map_or(String::new(), |i| {
                format!(" [{:.1}, {:.1}]", i.lower(), i.upper())
            });
            format!("{:.1} %{i}", e.value())
        })
        .collect();
    s.push_str(&format!(
        "     decline per year: {}\n",
        rates.join(", then ")
    ));
    s
}

/// Section 8: where the decline changed (kinks) and where a list price
/// was cut.
pub(crate) fn breaks(data_dir: &Path) -> Result<String, Box<dyn Error>> {
    use costtrend::breaks::BreakOptions;
    let mut s = String::new();
    s.push_str(
        "\n8. When did the decline change? Trend breaks (kinks in ln price), 95 % intervals\n",
    );
    for (file, label) in [
        ("genome_sequencing_usd_per_genome.csv", "Genome sequencing"),
        ("hdd_usd_per_mb_mccallum.csv", "Hard disk drives"),
    ] {
        let (t, p) = load(&data_dir.join(file))?;
        s.push_str(&kinks_report(label, &breaks::trend_breaks(&t, &p)?));
        let level = BreakOptions::new()
            .noise(breaks::Noise::Independent)
            .trend_breaks(&t, &p)?;
        s.push_str(&format!(
            "     (a fit that assumed independent noise would report {} kinks: the walk's wanderings)\n",
            level.times().len()
        ));
    }
    let (t, p) = load_dated(&data_dir.join("llm_openai_flagship_input_usd_per_mtok.csv"))?;
    let cuts = breaks::price_cuts(&t, &p)?;
    s.push_str(&format!(
        "\n   OpenAI flagship input list price (US$/Mtok): {} cuts found on irregular dates, no-break p = {}\n",
        cuts.times().len(),
        cuts.p_value().map_or("-".into(), |p| format!("{p:.3}"))
    ));
    let segs = cuts.segments();
    for (j, (t, i)) in cuts.times().iter().zip(cuts.intervals()).enumerate() {
        s.push_str(&format!(
            "     {} (after {}): {} -> {}\n",
            fmt::date(*t),
            fmt::date(i.lower()),
            fmt::price(segs[j].level().value()),
            fmt::price(segs[j + 1].level().value())
        ));
    }
    Ok(s)
}

/// Epoch AI's threshold series from the long file: (bench and threshold,
/// times, prices), each sorted by time, with repeated times kept once.
fn llm_collection(data_dir: &Path) -> Result<Vec<series::Named>, Box<dyn Error>> {
    let text = std::fs::read_to_string(data_dir.join("llm_epoch_all_thresholds_long.csv"))?;
    let mut by: std::collections::BTreeMap<String, Vec<(f64, f64)>> = Default::default();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let key = format!("{} {}", f[0], f[1]);
        by.entry(key)
            .or_default()
            .push((f[2].parse()?, f[3].parse()?));
    }
    Ok(series::gather(by))
}

/// Section 4b: the GPT-4-level LLM forecast with a prior learned from the
/// other Epoch thresholds, and how calibrated that pooled method was on
/// the collection's own hindcasts (each series' prior learned from the
/// others).
pub(crate) fn llm_prior(data_dir: &Path) -> Result<String, Box<dyn Error>> {
    use costtrend::forecast::{Prior, RandomWalkOptions};
    let all: Vec<_> = llm_collection(data_dir)?
        .into_iter()
        .filter(|s| s.1.len() >= 3)
        .collect();
    let others = |skip: usize| -> Vec<(&[f64], &[f64])> {
        all.iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, s)| (&s.1[..], &s.2[..]))
            .collect()
    };
    let mut s = String::from(
        "\n4b. Short LLM series, with a prior learned from the other Epoch thresholds (empirical Bayes)\n",
    );
    let gpt4 = all
        .iter()
        .position(|s| s.0 == "GPQA Diamond GPT-4-0314")
        .ok_or("no GPQA GPT-4 series")?;
    let (_, t, p) = &all[gpt4];
    let prior = Prior::learn(&others(gpt4))?;
    let data_only = RandomWalkOptions::new().without_prior().fit(t, p)?;
    let default = forecast::random_walk(t, p)?;
    let pooled = RandomWalkOptions::new().prior(&prior).fit(t, p)?;
    let at = t[t.len() - 1] + 1.0;
    for (name, w) in [
        ("without a prior", &data_only),
        ("default prior", &default),
        ("with the LLM prior", &pooled),
    ] {
        let i = w.interval_at(at, 0.95)?;
        s.push_str(&format!(
            "   GPT-4 level (GPQA), last + 1 year, {name:<18} {} {}  (upper / lower {:.1e})\n",
            fmt::price(w.median_at(at)),
            i,
            i.upper() / i.lower(),
        ));
    }
    s.push_str(&format!(
        "   prior from {} series: noise {:.3} per sqrt(year), drift {:.2} per year (about {:.0}x cheaper a year)\n",
        prior.series(),
        prior.scale(),
        prior.drift(),
        (-prior.drift()).exp(),
    ));
    // leave-one-out hindcasts: every origin with 3 points or more
    let (mut n, mut c80, mut c95) = (0usize, 0usize, 0usize);
    for (k, (_, t, p)) in all.iter().enumerate() {
        let prior = Prior::learn(&others(k))?;
        for o in 2..t.len() - 1 {
            let w = RandomWalkOptions::new()
                .prior(&prior)
                .fit(&t[..=o], &p[..=o])?;
            for j in o + 1..t.len() {
                n += 1;
                c80 += usize::from(w.interval_at(t[j], 0.8)?.contains(p[j]));
                c95 += usize::from(w.interval_at(t[j], 0.95)?.contains(p[j]));
            }
        }
    }
    s.push_str(&format!(
        "   calibration on the collection's own hindcasts ({n}, each series' prior from the others):\n   80 % interval {:.2}, 95 % interval {:.2}\n",
        c80 as f64 / n as f64,
        c95 as f64 / n as f64,
    ));
    Ok(s)
}
