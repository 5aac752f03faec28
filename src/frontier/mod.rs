//! LLM prices by capability: the cheapest price of any model that reaches
//! a benchmark score, over time, and how fast it falls.
//!
//! The reference analysis is Epoch AI's data insight "LLM inference prices
//! have fallen rapidly but unequally across tasks" (2025,
//! <https://epoch.ai/data-insights/llm-inference-price-trends>): for each
//! capability threshold (the score of a model that was the best when it
//! came out) it follows the running minimum of price among the models
//! scoring at or above it, and fits a line to the log price of those
//! records. This module computes the same: [`Listing`]s, the
//! [`thresholds`] a user usually wants, the [`cheapest_at_or_above`]
//! staircase and [`epoch_decline`], Epoch's estimate of the rate, to
//! 1e-9 of an independent recomputation
//! (`tests/data/llm_frontier_ref.py`).
//!
//! **Read Epoch's interval with care.** The staircase's points are records
//! (each one below all before it), not independent noise around a line,
//! and there are 4 to 9 of them: the OLS interval assumes what the data do
//! not have (one threshold's 90 % interval is 0.12x to 4 million x a
//! year; in simulated markets its 90 % interval covers the true rate in
//! about 3 replicas of 4). The crate's own estimate,
//! [`hedonic_decline`], regresses log price on time and score over every
//! listing at or above the threshold, covers the true rate in 90.7-92.3 % of
//! the same replicas, and forecasts the cheapest price as models keep
//! arriving ([`HedonicDecline::frontier_interval_at`]). The random walk
//! ([`forecast::random_walk`](crate::forecast::random_walk)) on the
//! staircase with a [`Prior`](crate::forecast::Prior) learned from the
//! other thresholds (the quickstart's section 4b) is another honest
//! forecast.
//!
//! # Example
//!
//! ```
//! # fn main() -> Result<(), costtrend::FitError> {
//! use costtrend::frontier::{self, Listing, StaircaseOptions};
//! let listings = [
//!     Listing::new("big", &2023.0, 30.0, Some(80.0))?,
//!     Listing::new("small", &2023.5, 2.0, Some(60.0))?,
//!     Listing::new("better", &2024.0, 5.0, Some(85.0))?,
//!     Listing::new("cheap", &2024.5, 0.5, Some(81.0))?,
//!     Listing::new("cheaper", &2025.0, 0.1, Some(90.0))?,
//! ];
//! let stairs = frontier::cheapest_at_or_above(&listings, 80.0, &StaircaseOptions::new());
//! let names: Vec<&str> = stairs.iter().map(|p| p.name.as_str()).collect();
//! assert_eq!(names, ["big", "better", "cheap", "cheaper"]);
//! let d = frontier::epoch_decline(&stairs)?;
//! assert!(d.factor_per_year() > 1.0); // cheaper every year
//! # Ok(()) }
//! ```

mod hedonic;

pub use hedonic::{HedonicDecline, hedonic_decline};

use crate::FitError;
use crate::estimate::{Estimate, Interval};
use crate::numeric::stats;
use crate::time::{DecimalYear, day_number};

/// One model's listing (or one price change): its name, when, its price
/// and its score on one benchmark (`None` where not known).
#[derive(Clone, Debug, PartialEq)]
pub struct Listing {
    /// The model's name.
    pub name: String,
    /// The release (or price-change) time, a decimal year.
    pub t: f64,
    /// The price, greater than 0.
    pub price: f64,
    /// The benchmark score, if known.
    pub score: Option<f64>,
}

impl Listing {
    /// A listing at any [`DecimalYear`] time (a decimal year, or a date).
    ///
    /// # Errors
    ///
    /// [`FitError::Time`] for a time that is no decimal year,
    /// [`FitError::InvalidArgument`] for a price that is not finite and
    /// greater than 0 or a score that is not finite.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::frontier::Listing;
    /// assert!(Listing::new("m", &2024.2, 1.5, Some(70.0)).is_ok());
    /// assert!(Listing::new("m", &2024.2, 0.0, Some(70.0)).is_err());
    /// ```
    pub fn new<T: DecimalYear>(
        name: &str,
        t: &T,
        price: f64,
        score: Option<f64>,
    ) -> Result<Self, FitError> {
        let t = t.to_year()?;
        if !(price.is_finite() && price > 0.0) {
            return Err(FitError::InvalidArgument {
                name: "price",
                value: price,
                expected: "finite and greater than 0",
            });
        }
        if let Some(s) = score.filter(|s| !s.is_finite()) {
            return Err(FitError::InvalidArgument {
                name: "score",
                value: s,
                expected: "finite",
            });
        }
        Ok(Self {
            name: name.to_string(),
            t,
            price,
            score,
        })
    }
}

/// A capability threshold: the score of a model that was the top scorer
/// when it came out ([`thresholds`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    /// The model that set it.
    pub name: String,
    /// Its release time.
    pub t: f64,
    /// Its score.
    pub score: f64,
}

/// The listings in time order, ties in the order given.
fn in_time_order(listings: &[Listing]) -> Vec<&Listing> {
    let mut sorted: Vec<&Listing> = listings.iter().collect();
    sorted.sort_by(|a, b| a.t.total_cmp(&b.t)); // stable
    sorted
}

/// The scores of the models that were the top scorer at their release:
/// above every score released earlier and not below any released the same
/// day, in time order. Listings without a score are skipped; so are
/// scores under `floor` (Epoch skips multiple-choice scores under 30).
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::frontier::{self, Listing};
/// let l = [
///     Listing::new("a", &2023.0, 10.0, Some(50.0))?,
///     Listing::new("b", &2023.5, 5.0, Some(45.0))?,
///     Listing::new("c", &2024.0, 8.0, Some(70.0))?,
/// ];
/// let top: Vec<f64> = frontier::thresholds(&l, None).iter().map(|t| t.score).collect();
/// assert_eq!(top, [50.0, 70.0]);
/// assert_eq!(frontier::thresholds(&l, Some(60.0)).len(), 1);
/// # Ok(()) }
/// ```
#[must_use]
pub fn thresholds(listings: &[Listing], floor: Option<f64>) -> Vec<Threshold> {
    let scored: Vec<&Listing> = in_time_order(listings)
        .into_iter()
        .filter(|l| l.score.is_some())
        .collect();
    let score = |l: &Listing| l.score.unwrap_or(f64::NEG_INFINITY);
    let mut out = Vec::new();
    let mut best_before = f64::NEG_INFINITY;
    let mut i = 0;
    while i < scored.len() {
        // one release day at a time
        let day = scored[i].t;
        let end = scored[i..]
            .iter()
            .position(|l| l.t != day)
            .map_or(scored.len(), |k| i + k);
        let best_today = scored[i..end]
            .iter()
            .map(|l| score(l))
            .fold(f64::NEG_INFINITY, f64::max);
        for l in &scored[i..end] {
            let s = score(l);
            if s > best_before && s >= best_today && floor.is_none_or(|f| s >= f) {
                out.push(Threshold {
                    name: l.name.clone(),
                    t: l.t,
                    score: s,
                });
            }
        }
        best_before = best_before.max(best_today);
        i = end;
    }
    out
}

/// Options of [`cheapest_at_or_above`].
///
/// | option | default | meaning |
/// |---|---|---|
/// | [`upper`](Self::upper) | none | scores above it do not count (Epoch: 100 for percentages) |
/// | [`keep_all_on_a_day`](Self::keep_all_on_a_day) | off | keep every record of a day, not only the last (cheapest) |
///
/// # Example
///
/// ```
/// use costtrend::frontier::StaircaseOptions;
/// assert_eq!(StaircaseOptions::new(), StaircaseOptions::default());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StaircaseOptions {
    upper: Option<f64>,
    keep_all: bool,
}

impl StaircaseOptions {
    /// No upper bound; one record per day (the later, cheaper one), as
    /// Epoch keeps.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Scores above `upper` do not count (a percentage above 100 is an
    /// error in the data).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::frontier::{self, Listing, StaircaseOptions};
    /// let l = [Listing::new("odd", &2024.0, 1.0, Some(130.0))?];
    /// assert!(frontier::cheapest_at_or_above(&l, 50.0, &StaircaseOptions::new().upper(100.0)).is_empty());
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn upper(mut self, upper: f64) -> Self {
        self.upper = Some(upper);
        self
    }

    /// Keeps every record set on one day instead of the last.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::frontier::{self, Listing, StaircaseOptions};
    /// let l = [
    ///     Listing::new("a", &2024.0, 3.0, Some(80.0))?,
    ///     Listing::new("b", &2024.0, 2.0, Some(80.0))?,
    /// ];
    /// assert_eq!(frontier::cheapest_at_or_above(&l, 80.0, &StaircaseOptions::new()).len(), 1);
    /// assert_eq!(frontier::cheapest_at_or_above(&l, 80.0, &StaircaseOptions::new().keep_all_on_a_day()).len(), 2);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn keep_all_on_a_day(mut self) -> Self {
        self.keep_all = true;
        self
    }
}

/// One step of the staircase: a new lowest price among the models that
/// reach the threshold, and the model that set it.
#[derive(Clone, Debug, PartialEq)]
pub struct Record {
    /// When (a decimal year).
    pub t: f64,
    /// The new lowest price.
    pub price: f64,
    /// The model that set it.
    pub name: String,
}

/// The staircase of the cheapest price at or above `threshold`: walking
/// the listings in time order (ties in the order given), every new running
/// minimum of price among those scoring at least `threshold` (and at most
/// the options' upper bound), with the model that set it. Where two
/// records fall on one day the later, cheaper one is kept, unless the
/// options keep both.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::frontier::{self, Listing, StaircaseOptions};
/// let l = [
///     Listing::new("a", &2023.0, 10.0, Some(70.0))?,
///     Listing::new("weak", &2023.5, 1.0, Some(40.0))?,
///     Listing::new("b", &2024.0, 4.0, Some(75.0))?,
/// ];
/// let s = frontier::cheapest_at_or_above(&l, 70.0, &StaircaseOptions::new());
/// assert_eq!(s.iter().map(|r| r.price).collect::<Vec<_>>(), [10.0, 4.0]);
/// # Ok(()) }
/// ```
#[must_use]
pub fn cheapest_at_or_above(
    listings: &[Listing],
    threshold: f64,
    options: &StaircaseOptions,
) -> Vec<Record> {
    let mut out: Vec<Record> = Vec::new();
    let mut best = f64::INFINITY;
    for l in in_time_order(listings) {
        let Some(s) = l.score else { continue };
        if s < threshold || options.upper.is_some_and(|u| s > u) || l.price >= best {
            continue;
        }
        best = l.price;
        let record = Record {
            t: l.t,
            price: l.price,
            name: l.name.clone(),
        };
        match out.last_mut() {
            Some(last) if last.t == l.t && !options.keep_all => *last = record,
            _ => out.push(record),
        }
    }
    out
}

/// Epoch AI's estimate of a staircase's decline: ordinary least squares of
/// `log10(price)` on the date in days, the factor per year `10^(-slope ·
/// 365)` and its 90 % interval from the slope's Student-t interval with
/// `n - 2` degrees of freedom ([`epoch_decline`]).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct EpochDecline {
    slope: f64,
    slope_se: f64,
    n: usize,
    /// The records' mean day and mean `log10(price)`, through which the
    /// line passes.
    mean_day: f64,
    mean_log10: f64,
}

impl EpochDecline {
    /// The slope of `log10(price)` per day.
    #[must_use]
    pub fn slope_per_day(&self) -> f64 {
        self.slope
    }
    /// Its OLS standard error.
    #[must_use]
    pub fn slope_se(&self) -> f64 {
        self.slope_se
    }
    /// The points fitted.
    #[must_use]
    pub fn n(&self) -> usize {
        self.n
    }
    /// The fitted line's price at `t` (a decimal year):
    /// `10^(mean log10 price + slope · (day(t) - mean day))`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::frontier::{self, Record};
    /// let r = |t: f64, price: f64| Record { t, price, name: String::new() };
    /// let d = frontier::epoch_decline(&[r(2021.0, 100.0), r(2022.0, 10.0), r(2023.0, 1.0)])?;
    /// assert!((d.price_at(2022.0) - 10.0).abs() < 1e-9);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn price_at(&self, t: f64) -> f64 {
        10f64.powf(self.mean_log10 + self.slope * (day_number(t) - self.mean_day))
    }
    /// How many times cheaper per year: `10^(-slope · 365)`.
    #[must_use]
    pub fn factor_per_year(&self) -> f64 {
        10f64.powf(-self.slope * 365.0)
    }
    /// The factor per year with its 90 % interval, as Epoch reports it
    /// (an interval that assumes independent errors around a line, which a
    /// staircase of records does not have; see the [module docs](self)).
    #[must_use]
    pub fn factor_per_year_ci90(&self) -> Estimate {
        let q = stats::t_quantile(0.95, (self.n - 2) as f64);
        let f = |slope: f64| 10f64.powf(-slope * 365.0);
        Estimate::new(
            self.factor_per_year(),
            Some(Interval::new(
                f(self.slope + q * self.slope_se),
                f(self.slope - q * self.slope_se),
            )),
        )
    }
}

/// Fits Epoch AI's decline to a staircase (see [`EpochDecline`]): the
/// model `log10(price) = a + slope · day + e` with independent normal
/// errors `e`, by ordinary least squares, the days counted from the
/// records' decimal years on the calendar ([`day_number`]). Epoch fits
/// only staircases of at least 4 records; this refuses fewer than 3
/// (the fewest with a standard error).
///
/// # Errors
///
/// [`FitError::TooFewPoints`] below 3 records; [`FitError::AllTimesEqual`]
/// when every record is on one day.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::frontier::{self, Record};
/// let r = |t: f64, price: f64| Record { t, price, name: String::new() };
/// // ten times cheaper every 365 days, exactly
/// let s = [r(2021.0, 100.0), r(2022.0, 10.0), r(2023.0, 1.0)];
/// let d = frontier::epoch_decline(&s)?;
/// assert!((d.factor_per_year() - 10.0).abs() < 1e-9);
/// # Ok(()) }
/// ```
pub fn epoch_decline(staircase: &[Record]) -> Result<EpochDecline, FitError> {
    let n = staircase.len();
    if n < 3 {
        return Err(FitError::TooFewPoints {
            model: "epoch_decline",
            needed: 3,
            got: n,
        });
    }
    let x: Vec<f64> = staircase.iter().map(|r| day_number(r.t)).collect();
    let y: Vec<f64> = staircase.iter().map(|r| r.price.log10()).collect();
    let nf = n as f64;
    let (mx, my) = (x.iter().sum::<f64>() / nf, y.iter().sum::<f64>() / nf);
    let sxx: f64 = x.iter().map(|x| (x - mx) * (x - mx)).sum();
    if sxx == 0.0 {
        return Err(FitError::AllTimesEqual { t: staircase[0].t });
    }
    let sxy: f64 = x.iter().zip(&y).map(|(x, y)| (x - mx) * (y - my)).sum();
    let slope = sxy / sxx;
    let sse: f64 = x
        .iter()
        .zip(&y)
        .map(|(x, y)| {
            let e = y - my - slope * (x - mx);
            e * e
        })
        .sum();
    let slope_se = (sse / (nf - 2.0) / sxx).sqrt();
    Ok(EpochDecline {
        slope,
        slope_se,
        n,
        mean_day: mx,
        mean_log10: my,
    })
}

/// How a workload splits its tokens between a price sheet's rates, for
/// [`blended_price`]: shares of input, output and cached input tokens.
///
/// # Example
///
/// ```
/// use costtrend::frontier::Mix;
/// let m = Mix::epoch();
/// assert_eq!((m.input(), m.output(), m.cached_input()), (0.75, 0.25, 0.0));
/// assert!(Mix::new(1.0, -1.0, 0.0).is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mix {
    input: f64,
    output: f64,
    cached: f64,
}

impl Mix {
    /// A mix of `input`, `output` and `cached_input` tokens in any units
    /// (3, 1, 0 and 0.75, 0.25, 0 are the same mix): normalised to sum to 1.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidArgument`] for a negative or non-finite share, or
    /// shares that sum to 0.
    pub fn new(input: f64, output: f64, cached_input: f64) -> Result<Self, FitError> {
        sheet([input, output, cached_input], "a finite share at least 0")?;
        let total = input + output + cached_input;
        if !(total > 0.0 && total.is_finite()) {
            return Err(FitError::InvalidArgument {
                name: "input + output + cached_input",
                value: total,
                expected: "greater than 0 and finite",
            });
        }
        Ok(Self {
            input: input / total,
            output: output / total,
            cached: cached_input / total,
        })
    }

    /// Epoch AI's blend: three input tokens for each output token, no
    /// cache (the prices in its listings are this blend).
    #[must_use]
    pub fn epoch() -> Self {
        Self {
            input: 0.75,
            output: 0.25,
            cached: 0.0,
        }
    }

    /// The share of input tokens.
    #[must_use]
    pub fn input(&self) -> f64 {
        self.input
    }
    /// The share of output tokens.
    #[must_use]
    pub fn output(&self) -> f64 {
        self.output
    }
    /// The share of cached input tokens.
    #[must_use]
    pub fn cached_input(&self) -> f64 {
        self.cached
    }
}

/// The price per token of a workload with `mix` under a price sheet's
/// rates (per the same number of tokens each; a sheet without a cached
/// rate passes the input rate): `Σ share · rate`.
///
/// # Errors
///
/// [`FitError::InvalidArgument`] for a negative or non-finite rate.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::frontier::{Mix, blended_price};
/// // $2.50 in, $10 out per million tokens: Epoch's 3:1 blend is $4.375
/// assert_eq!(blended_price(2.5, 10.0, 2.5, &Mix::epoch())?, 4.375);
/// // a chat workload with half its input cached at $1.25
/// let chat = Mix::new(0.4, 0.2, 0.4)?;
/// assert!((blended_price(2.5, 10.0, 1.25, &chat)? - 3.5).abs() < 1e-12);
/// # Ok(()) }
/// ```
pub fn blended_price(
    input: f64,
    output: f64,
    cached_input: f64,
    mix: &Mix,
) -> Result<f64, FitError> {
    sheet([input, output, cached_input], "a finite rate at least 0")?;
    Ok(mix.input * input + mix.output * output + mix.cached * cached_input)
}

/// Checks a price sheet's (or a mix's) input, output and cached-input
/// values: each finite and at least 0, or the error naming it.
fn sheet(values: [f64; 3], expected: &'static str) -> Result<(), FitError> {
    for (name, value) in ["input", "output", "cached_input"].into_iter().zip(values) {
        if !(value.is_finite() && value >= 0.0) {
            return Err(FitError::InvalidArgument {
                name,
                value,
                expected,
            });
        }
    }
    Ok(())
}

/// Epoch AI's rules for its LLM price analysis (the data insight in the
/// [module docs](self); `tests/data/llm_listings/SOURCE.md`): the
/// benchmarks, the reasoning models it leaves out, the floor for
/// multiple-choice thresholds, the upper bound of percentage scores and
/// the fewest records it fits.
///
/// # Example
///
/// ```
/// use costtrend::frontier::epoch;
/// assert_eq!(epoch::BENCHMARKS.len(), 6);
/// assert_eq!(epoch::floor("MMLU"), Some(30.0));
/// assert_eq!(epoch::upper("LMSys Chatbot Arena ELO"), None);
/// ```
pub mod epoch {
    /// The benchmark columns, in Epoch's order.
    pub const BENCHMARKS: [&str; 6] = [
        "MMLU",
        "GPQA Diamond",
        "MATH-500",
        "MATH 5",
        "HumanEval",
        "LMSys Chatbot Arena ELO",
    ];
    /// The one benchmark that is not a percentage.
    pub const ELO: &str = "LMSys Chatbot Arena ELO";
    /// The reasoning models Epoch leaves out.
    pub const REASONING_MODELS: [&str; 5] =
        ["DeepSeek-R1", "o1", "o1-mini", "o1-preview", "o3-mini"];
    /// The fewest records Epoch fits.
    pub const MIN_RECORDS: usize = 4;

    /// The lowest score that can be a threshold: 30 on the
    /// multiple-choice benchmarks (MMLU, GPQA Diamond), none elsewhere.
    #[must_use]
    pub fn floor(bench: &str) -> Option<f64> {
        matches!(bench, "MMLU" | "GPQA Diamond").then_some(30.0)
    }

    /// The highest score that counts: 100 for percentages, none for the
    /// Elo.
    #[must_use]
    pub fn upper(bench: &str) -> Option<f64> {
        (bench != ELO).then_some(100.0)
    }
}
