//! Hindcast backtesting: forecast from every origin of a series to every
//! later point, and score what happened against the intervals.

use core::fmt;

use super::{Forecast, LogPredictive, RandomWalk, RandomWalkOptions};
use crate::FitError;
use crate::NanPolicy;
use crate::fit::Accumulator;
use crate::input::{self, PriceRule};
use crate::numeric::stats;
use crate::time::DecimalYear;

/// The forecasting method a backtest runs.
///
/// # Example
///
/// ```
/// use costtrend::forecast::{Backtest, RandomWalkOptions};
/// let methods = [Backtest::RandomWalk(RandomWalkOptions::new()), Backtest::Trend];
/// assert_eq!(methods[1].name(), "trend");
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Backtest {
    /// [`random_walk`](super::random_walk) with these options (its level
    /// and NaN policy are not used: the backtest sets its own levels and
    /// rejects non-finite data).
    RandomWalk(RandomWalkOptions),
    /// The log-linear trend fit ([`fit::exponential`](crate::fit::exponential))
    /// and its observation interval.
    Trend,
}

impl Backtest {
    /// `"random_walk"` or `"trend"`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::forecast::Backtest::Trend.name(), "trend");
    /// ```
    #[must_use]
    pub fn name(&self) -> &'static str {
        match self {
            Self::RandomWalk(_) => "random_walk",
            Self::Trend => "trend",
        }
    }
}

/// Options of a backtest, set with a builder; [`backtest`](Self::backtest) runs it on
/// one or many series.
///
/// | option | default | meaning |
/// |---|---|---|
/// | [`method`](Self::method) | random walk, default options | what forecasts |
/// | [`min_history`](Self::min_history) | 6 | points before the first origin's forecast |
/// | [`max_horizon`](Self::max_horizon) | 20 | forecasts reach this many points ahead |
/// | [`levels`](Self::levels) | 0.5, 0.8, 0.95 | interval levels scored |
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::forecast::{Backtest, BacktestOptions};
/// let t: Vec<f64> = (0..30).map(f64::from).collect();
/// let p: Vec<f64> = t.iter().map(|t| 100.0 * (-0.2 * t + 0.3 * (t * 1.7).sin()).exp()).collect();
/// let report = BacktestOptions::new().method(Backtest::Trend).max_horizon(5).backtest(&[(&t, &p)])?;
/// assert_eq!(report.by_horizon().len(), 5);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct BacktestOptions {
    method: Backtest,
    min_history: usize,
    max_horizon: usize,
    levels: Vec<f64>,
}

impl Default for BacktestOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl BacktestOptions {
    /// The defaults (see the table above).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::forecast::BacktestOptions::new(), Default::default());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            method: Backtest::RandomWalk(RandomWalkOptions::new()),
            min_history: 6,
            max_horizon: 20,
            levels: vec![0.5, 0.8, 0.95],
        }
    }

    /// The method to backtest.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::forecast::{Backtest, BacktestOptions};
    /// let o = BacktestOptions::new().method(Backtest::Trend);
    /// ```
    #[must_use]
    pub fn method(mut self, method: Backtest) -> Self {
        self.method = method;
        self
    }

    /// Points of history before the first forecast (at least 3).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{FitError, forecast::BacktestOptions};
    /// let r = BacktestOptions::new().min_history(2).backtest::<f64>(&[]);
    /// assert!(matches!(r, Err(FitError::InvalidOption { name: "min_history", .. })));
    /// ```
    #[must_use]
    pub fn min_history(mut self, points: usize) -> Self {
        self.min_history = points;
        self
    }

    /// How many points ahead each origin forecasts (at least 1).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{FitError, forecast::BacktestOptions};
    /// let r = BacktestOptions::new().max_horizon(0).backtest::<f64>(&[]);
    /// assert!(matches!(r, Err(FitError::InvalidOption { name: "max_horizon", .. })));
    /// ```
    #[must_use]
    pub fn max_horizon(mut self, points: usize) -> Self {
        self.max_horizon = points;
        self
    }

    /// The interval levels to score, each in `(0, 1)`.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{FitError, forecast::BacktestOptions};
    /// let r = BacktestOptions::new().levels(&[0.9, 1.5]).backtest::<f64>(&[]);
    /// assert!(matches!(r, Err(FitError::InvalidOption { name: "level", .. })));
    /// ```
    #[must_use]
    pub fn levels(mut self, levels: &[f64]) -> Self {
        self.levels = levels.to_vec();
        self
    }

    fn check(&self) -> Result<(), FitError> {
        if self.min_history < 3 {
            return Err(FitError::InvalidOption {
                name: "min_history",
                value: self.min_history as f64,
                expected: "at least 3 points",
            });
        }
        if self.max_horizon == 0 {
            return Err(FitError::InvalidOption {
                name: "max_horizon",
                value: 0.0,
                expected: "at least 1 point",
            });
        }
        for &l in &self.levels {
            crate::numeric::level_option(l)?;
        }
        if let Backtest::RandomWalk(o) = self.method {
            o.check()?;
        }
        Ok(())
    }

    /// Runs the backtest on every series and pools the hindcasts into one
    /// report, as Farmer and Lafond pool technologies.
    ///
    /// From every origin `o` with at least [`min_history`](Self::min_history)
    /// points up to it, the method is fitted to the points up to `o` and
    /// its forecast scored at each of the next
    /// [`max_horizon`](Self::max_horizon) points. The fits are updated
    /// incrementally from one origin to the next (running moments of the
    /// differences for the random walk over all past differences, a
    /// streaming [`Accumulator`] for the trend), so the whole backtest is
    /// one pass per series and horizon; a trailing window recomputes its
    /// `m` differences per origin.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidOption`] for a bad option; any error of the data
    /// of a series (as [`random_walk`](super::random_walk): non-positive or
    /// non-finite prices, repeated times). Series too short to give a
    /// single hindcast are skipped; [`FitError::TooFewPoints`] when no
    /// series gives one (no coverage is a number that would read as "the
    /// intervals never held"). Horizons no hindcast reached have no row.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::forecast::BacktestOptions;
    /// let t: Vec<f64> = (0..25).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|t| (4.0 - 0.1 * t + 0.2 * (t * 2.3).cos()).exp()).collect();
    /// let r = BacktestOptions::new().backtest(&[(&t, &p), (&t, &p)])?;
    /// assert_eq!(r.series(), 2);
    /// assert!(r.hindcasts() > 100);
    /// # Ok(()) }
    /// ```
    pub fn backtest<T: DecimalYear>(
        &self,
        series: &[(&[T], &[f64])],
    ) -> Result<BacktestReport, FitError> {
        self.pooled(series, self.method.name(), |ts, ys, acc| {
            match self.method {
                Backtest::RandomWalk(o) => self.walk(ts, ys, o, acc),
                Backtest::Trend => self.trend(ts, ys, acc),
            }
        })
    }

    /// Backtests **any forecaster**: `fit` is given the history up to each
    /// origin (in increasing time, every price positive and finite) and
    /// returns a [`Forecast`], which is scored at the next
    /// [`max_horizon`](Self::max_horizon) points through its
    /// [`log_predictive`](Forecast::log_predictive) exactly as the built-in
    /// methods are (points where it has none, and origins where `fit`
    /// fails, are not scored). The method's [`method`](Self::method) is
    /// not used, and the report's [`method`](BacktestReport::method) is
    /// `"custom"`. One fit per origin: the built-in methods of
    /// [`backtest`](Self::backtest) update theirs incrementally instead,
    /// with the same scores.
    ///
    /// # Errors
    ///
    /// As [`backtest`](Self::backtest).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::fit::FitOptions;
    /// use costtrend::forecast::BacktestOptions;
    /// let t: Vec<f64> = (0..30).map(f64::from).collect();
    /// let p: Vec<f64> = t.iter().map(|t| 100.0 * (-0.2 * t + 0.3 * (t * 1.7).sin()).exp()).collect();
    /// // a robust trend, which the built-in methods do not offer
    /// let robust = |t: &[f64], p: &[f64]| FitOptions::new().robust(true).exponential(t, p);
    /// let report = BacktestOptions::new().max_horizon(5).backtest_with(&[(&t, &p)], robust)?;
    /// assert_eq!(report.method(), "custom");
    /// assert_eq!(report.by_horizon().len(), 5);
    /// # Ok(()) }
    /// ```
    pub fn backtest_with<T, F, P>(
        &self,
        series: &[(&[T], &[f64])],
        fit: F,
    ) -> Result<BacktestReport, FitError>
    where
        T: DecimalYear,
        F: Fn(&[f64], &[f64]) -> Result<P, FitError>,
        P: Forecast,
    {
        self.pooled(series, "custom", |ts, ys, acc| {
            let ps: Vec<f64> = ys.iter().map(|y| y.exp()).collect();
            for origin in self.min_history - 1..ts.len() - 1 {
                let Ok(f) = fit(&ts[..=origin], &ps[..=origin]) else {
                    continue;
                };
                self.score(ts, ys, origin, |t| f.log_predictive(t), acc);
            }
        })
    }

    /// Every series checked and put in time order (with log prices), the
    /// ones long enough given to `hindcast`, the scores pooled into one
    /// report; [`FitError::TooFewPoints`] naming the longest series when
    /// nothing was scored (a coverage of 0 would read as "the intervals
    /// never held").
    fn pooled<T: DecimalYear>(
        &self,
        series: &[(&[T], &[f64])],
        method: &'static str,
        mut hindcast: impl FnMut(&[f64], &[f64], &mut Tally),
    ) -> Result<BacktestReport, FitError> {
        self.check()?;
        let mut acc = Tally::new(&self.levels, self.max_horizon);
        let mut used = 0;
        for &(t, p) in series {
            let (ts, ys) = sorted_logs(&T::years(t), p)?;
            if ts.len() <= self.min_history {
                continue;
            }
            used += 1;
            hindcast(&ts, &ys, &mut acc);
        }
        if acc.n == 0 {
            let longest = series.iter().map(|s| s.0.len()).max().unwrap_or(0);
            return Err(FitError::TooFewPoints {
                model: "backtest",
                needed: self.min_history + 1,
                got: longest,
            });
        }
        Ok(acc.report(method, used))
    }

    /// Scores the forecasts from one origin.
    fn score(
        &self,
        ts: &[f64],
        ys: &[f64],
        origin: usize,
        predict: impl Fn(f64) -> Option<LogPredictive>,
        acc: &mut Tally,
    ) {
        let end = ts.len().min(origin + 1 + self.max_horizon);
        for (k, j) in (origin + 1..end).enumerate() {
            if let Some(d) = predict(ts[j]) {
                acc.add(k, &d, ys[j]);
            }
        }
    }

    fn walk(&self, ts: &[f64], ys: &[f64], o: RandomWalkOptions, acc: &mut Tally) {
        // Running moments of the differences' slopes d = Δy / Δt with
        // weights Δt²: with W = Σ Δt², their weighted mean d̄ and centred sum
        // of squares S, `Σ (Δy - μ Δt)² = S + W (d̄ - μ)²` for the drift μ
        // (the Δt-weighted mean of d), which gives K² (`Squares::k2`).
        let (mut w, mut mean, mut ss) = (0.0f64, 0.0f64, 0.0f64);
        for origin in 1..ts.len() - 1 {
            let dt = ts[origin] - ts[origin - 1];
            let d = (ys[origin] - ys[origin - 1]) / dt;
            let weight = dt * dt;
            w += weight;
            let delta = d - mean;
            mean += delta * weight / w;
            ss += weight * delta * (d - mean);
            if origin + 1 < self.min_history {
                continue;
            }
            let mut walk = match o.window_value() {
                super::Window::All => {
                    let span = ts[origin] - ts[0];
                    let mu = (ys[origin] - ys[0]) / span;
                    let gap = mean - mu;
                    let sums = super::Squares {
                        residual: ss + w * gap * gap,
                        steps: w,
                    };
                    RandomWalk::from_parts(
                        ts[0],
                        ts[origin],
                        ys[origin].exp(),
                        mu,
                        sums.k2(span),
                        origin,
                        o.theta_value(),
                        origin + 1,
                    )
                }
                window => {
                    let Ok(m) = window.of(origin) else { continue };
                    let s = origin - m;
                    let mu = (ys[origin] - ys[s]) / (ts[origin] - ts[s]);
                    let sums = super::plain_squares(&ts[s..=origin], &ys[s..=origin], mu);
                    RandomWalk::from_parts(
                        ts[s],
                        ts[origin],
                        ys[origin].exp(),
                        mu,
                        sums.k2(ts[origin] - ts[s]),
                        m,
                        o.theta_value(),
                        m + 1,
                    )
                }
            };
            if let Some(prior) = o.prior_value() {
                walk.apply_prior(&prior);
            }
            self.score(ts, ys, origin, |t| Some(walk.log_predictive_at(t)), acc);
        }
    }

    fn trend(&self, ts: &[f64], ys: &[f64], acc: &mut Tally) {
        let mut stream = Accumulator::log_linear();
        for origin in 0..ts.len() - 1 {
            // The data were checked: pushing cannot fail.
            if stream.push(ts[origin], ys[origin].exp()).is_err() {
                return;
            }
            if origin + 1 < self.min_history {
                continue;
            }
            let Ok(fit) = stream.fit() else { continue };
            self.score(
                ts,
                ys,
                origin,
                |t| super::Forecast::log_predictive(&fit, t),
                acc,
            );
        }
    }
}

/// A series checked as [`random_walk`](super::random_walk) checks it, in
/// increasing time, with log prices.
fn sorted_logs(t: &[f64], p: &[f64]) -> Result<(Vec<f64>, Vec<f64>), FitError> {
    let data = input::prepare(t, p, None, NanPolicy::Reject, PriceRule::Positive)?;
    let (ts, ps) = super::in_time_order(&data.t, &data.price)?;
    Ok((ts, ps.iter().map(|p| p.ln()).collect()))
}

/// Running sums of the scores.
struct Tally {
    levels: Vec<f64>,
    rows: Vec<RowTally>,
    log_score: f64,
    crps: f64,
    crps_n: usize,
    bias: f64,
    n: usize,
}

#[derive(Clone, Default)]
struct RowTally {
    n: usize,
    covered: Vec<usize>,
    xi: f64,
    xi_theory: f64,
    xi_n: usize,
}

impl Tally {
    fn new(levels: &[f64], horizons: usize) -> Self {
        Self {
            levels: levels.to_vec(),
            rows: vec![
                RowTally {
                    covered: vec![0; levels.len()],
                    ..RowTally::default()
                };
                horizons
            ],
            log_score: 0.0,
            crps: 0.0,
            crps_n: 0,
            bias: 0.0,
            n: 0,
        }
    }

    fn add(&mut self, k: usize, d: &LogPredictive, y: f64) {
        let e = y - d.location;
        if d.scale.is_nan() || d.scale <= 0.0 || !e.is_finite() {
            return;
        }
        let z = e / d.scale;
        let u = stats::t_cdf(z, d.dof);
        let row = &mut self.rows[k];
        row.n += 1;
        for (c, &l) in row.covered.iter_mut().zip(&self.levels) {
            if u >= 0.5 - l / 2.0 && u <= 0.5 + l / 2.0 {
                *c += 1;
            }
        }
        if d.dof > 2.0 && d.unit > 0.0 {
            row.xi += (e / d.unit).powi(2);
            row.xi_theory += (d.scale / d.unit).powi(2) * d.dof / (d.dof - 2.0);
            row.xi_n += 1;
        }
        self.log_score += stats::t_pdf(z, d.dof).ln() - d.scale.ln();
        if d.dof > 1.0 {
            self.crps += crps_t(z, u, d.dof) * d.scale;
            self.crps_n += 1;
        }
        self.bias += e;
        self.n += 1;
    }

    fn report(self, method: &'static str, series: usize) -> BacktestReport {
        let n = self.n;
        let mut coverage = vec![0.0; self.levels.len()];
        let by_horizon: Vec<HorizonRow> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| r.n > 0)
            .map(|(k, r)| {
                for (c, &hits) in coverage.iter_mut().zip(&r.covered) {
                    *c += hits as f64;
                }
                HorizonRow {
                    horizon: k + 1,
                    hindcasts: r.n,
                    coverage: r.covered.iter().map(|&c| ratio(c as f64, r.n)).collect(),
                    xi: ratio(r.xi, r.xi_n),
                    xi_theory: ratio(r.xi_theory, r.xi_n),
                }
            })
            .collect();
        for c in &mut coverage {
            *c = ratio(*c, n);
        }
        BacktestReport {
            method,
            series,
            hindcasts: n,
            levels: self.levels,
            coverage,
            by_horizon,
            mean_log_score: ratio(self.log_score, n),
            mean_crps: ratio(self.crps, self.crps_n),
            bias: ratio(self.bias, n),
        }
    }
}

/// The wire form of a [`BacktestReport`], validated into one.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ReportRepr {
    method: String,
    series: usize,
    hindcasts: usize,
    levels: Vec<f64>,
    coverage: Vec<f64>,
    by_horizon: Vec<HorizonRow>,
    mean_log_score: f64,
    mean_crps: f64,
    bias: f64,
}

/// Reads back a saved report: a known method, levels in `(0, 1)`, one
/// coverage in `[0, 1]` per level (in every row too), horizons ascending
/// from 1 with hindcasts adding up to the total, and finite scores.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for BacktestReport {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let r = <ReportRepr as serde::Deserialize>::deserialize(d)?;
        BacktestReport::try_from(r).map_err(<D::Error as serde::de::Error>::custom)
    }
}

#[cfg(feature = "serde")]
impl TryFrom<ReportRepr> for BacktestReport {
    type Error = String;

    fn try_from(r: ReportRepr) -> Result<Self, String> {
        let bad = |what: String| Err(format!("invalid backtest report: {what}"));
        let method = match r.method.as_str() {
            "random_walk" => "random_walk",
            "trend" => "trend",
            "custom" => "custom",
            other => return bad(format!("unknown method \"{other}\"")),
        };
        if !r.levels.iter().all(|&l| crate::numeric::is_probability(l)) {
            return bad("levels must be in (0, 1)".into());
        }
        let unit =
            |c: &[f64]| c.len() == r.levels.len() && c.iter().all(|x| (0.0..=1.0).contains(x));
        if !unit(&r.coverage) || !r.by_horizon.iter().all(|h| unit(&h.coverage)) {
            return bad("each coverage must be in [0, 1], one per level".into());
        }
        if r.by_horizon
            .windows(2)
            .any(|w| w[0].horizon >= w[1].horizon)
            || r.by_horizon.first().is_some_and(|h| h.horizon == 0)
        {
            return bad("horizons must ascend from 1".into());
        }
        let counted: usize = r.by_horizon.iter().map(|h| h.hindcasts).sum();
        if counted != r.hindcasts || r.hindcasts == 0 {
            return bad(format!(
                "the rows count {counted} hindcasts, the report {}",
                r.hindcasts
            ));
        }
        if ![r.mean_log_score, r.mean_crps, r.bias]
            .iter()
            .all(|x| x.is_finite())
            || r.by_horizon
                .iter()
                .any(|h| !(h.xi.is_finite() && h.xi_theory.is_finite()))
        {
            return bad("scores must be finite".into());
        }
        Ok(BacktestReport {
            method,
            series: r.series,
            hindcasts: r.hindcasts,
            levels: r.levels,
            coverage: r.coverage,
            by_horizon: r.by_horizon,
            mean_log_score: r.mean_log_score,
            mean_crps: r.mean_crps,
            bias: r.bias,
        })
    }
}

/// `a / n`, or NaN-free 0 for nothing counted.
fn ratio(a: f64, n: usize) -> f64 {
    if n == 0 { 0.0 } else { a / n as f64 }
}

/// The CRPS of the standard Student-t with `nu > 1` degrees of freedom at
/// `z` (with `u = F(z)`), in the closed form of Jordan, Krüger & Lerch
/// ("Evaluating probabilistic forecasts with scoringRules", J. Stat.
/// Softw. 90, 2019):
///
/// ```text
/// z (2F(z) - 1) + 2 f(z) (nu + z²) / (nu - 1)
///     - 2 √nu B(1/2, nu - 1/2) / ((nu - 1) B(1/2, nu/2)²)
/// ```
pub(crate) fn crps_t(z: f64, u: f64, nu: f64) -> f64 {
    let f = stats::t_pdf(z, nu);
    let b = (stats::ln_beta(0.5, nu - 0.5) - 2.0 * stats::ln_beta(0.5, nu / 2.0)).exp();
    z * (2.0 * u - 1.0) + 2.0 * f * (nu + z * z) / (nu - 1.0) - 2.0 * nu.sqrt() * b / (nu - 1.0)
}

/// Runs the default backtest (random walk, default options) on one series;
/// see [`BacktestOptions::backtest`].
///
/// # Errors
///
/// As [`BacktestOptions::backtest`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let t: Vec<f64> = (0..40).map(f64::from).collect();
/// let p: Vec<f64> = t.iter().map(|t| (5.0 - 0.15 * t + 0.3 * (t * 0.9).sin()).exp()).collect();
/// let r = costtrend::forecast::backtest(&t, &p)?;
/// assert_eq!(r.levels(), &[0.5, 0.8, 0.95]);
/// assert!(r.coverage()[2] > r.coverage()[0]);
/// # Ok(()) }
/// ```
pub fn backtest(t: &[f64], price: &[f64]) -> Result<BacktestReport, FitError> {
    BacktestOptions::new().backtest(&[(t, price)])
}

/// What a backtest found: how often the intervals held, overall and by
/// horizon, and scores of the whole predictive distribution. Prints as a
/// small table.
///
/// - **coverage**: the share of outcomes inside the central interval at
///   each level.
/// - **Ξ(τ)** per horizon: the mean squared forecast error of `ln price`,
///   normalised by the method's one-step noise scale (the random walk's
///   `K √h`, the trend's `σ`), against its expectation under the method's
///   own model (the mean of `scale² / unit² · dof / (dof - 2)`): a
///   calibrated method tracks the theoretical curve (Farmer & Lafond 2016,
///   Fig. 4).
/// - **mean log score**: the mean log predictive density of `ln price`
///   (higher is better).
/// - **mean CRPS**: the continuous ranked probability score of `ln price`
///   (lower is better; forecasts with a Student-t of 1 degree of freedom,
///   whose CRPS is infinite, are left out).
/// - **bias**: the mean of `ln(outcome) - ln(median forecast)`.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let t: Vec<f64> = (0..30).map(f64::from).collect();
/// let p: Vec<f64> = t.iter().map(|t| (3.0 - 0.1 * t + 0.2 * (t * 1.3).sin()).exp()).collect();
/// let r = costtrend::forecast::backtest(&t, &p)?;
/// let text = r.to_string();
/// assert!(text.contains("hindcasts"));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct BacktestReport {
    method: &'static str,
    series: usize,
    hindcasts: usize,
    levels: Vec<f64>,
    coverage: Vec<f64>,
    by_horizon: Vec<HorizonRow>,
    mean_log_score: f64,
    mean_crps: f64,
    bias: f64,
}

/// One horizon's row of a [`BacktestReport`].
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// let t: Vec<f64> = (0..30).map(f64::from).collect();
/// let p: Vec<f64> = t.iter().map(|t| (3.0 - 0.1 * t + 0.2 * (t * 1.3).sin()).exp()).collect();
/// let r = costtrend::forecast::backtest(&t, &p)?;
/// let first = &r.by_horizon()[0];
/// assert_eq!(first.horizon(), 1);
/// assert!(first.hindcasts() > 0);
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct HorizonRow {
    horizon: usize,
    hindcasts: usize,
    coverage: Vec<f64>,
    xi: f64,
    xi_theory: f64,
}

impl HorizonRow {
    /// Points ahead of the origin.
    #[must_use]
    pub fn horizon(&self) -> usize {
        self.horizon
    }
    /// Hindcasts at this horizon.
    #[must_use]
    pub fn hindcasts(&self) -> usize {
        self.hindcasts
    }
    /// Coverage at each of the report's levels.
    #[must_use]
    pub fn coverage(&self) -> &[f64] {
        &self.coverage
    }
    /// Ξ: the mean squared normalised error.
    #[must_use]
    pub fn xi(&self) -> f64 {
        self.xi
    }
    /// Ξ expected under the method's own model.
    #[must_use]
    pub fn xi_theory(&self) -> f64 {
        self.xi_theory
    }
}

impl BacktestReport {
    /// `"random_walk"`, `"trend"`, or `"custom"` for [`BacktestOptions::backtest_with`].
    #[must_use]
    pub fn method(&self) -> &'static str {
        self.method
    }
    /// Series that gave at least one hindcast.
    #[must_use]
    pub fn series(&self) -> usize {
        self.series
    }
    /// Hindcasts scored.
    #[must_use]
    pub fn hindcasts(&self) -> usize {
        self.hindcasts
    }
    /// The levels scored.
    #[must_use]
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }
    /// Pooled coverage at each level.
    #[must_use]
    pub fn coverage(&self) -> &[f64] {
        &self.coverage
    }
    /// Coverage and Ξ by horizon, from 1 point ahead.
    #[must_use]
    pub fn by_horizon(&self) -> &[HorizonRow] {
        &self.by_horizon
    }
    /// Mean log predictive density of `ln price` (higher is better).
    #[must_use]
    pub fn mean_log_score(&self) -> f64 {
        self.mean_log_score
    }
    /// Mean CRPS of `ln price` (lower is better).
    #[must_use]
    pub fn mean_crps(&self) -> f64 {
        self.mean_crps
    }
    /// Mean of `ln(outcome) - ln(median forecast)`.
    #[must_use]
    pub fn bias(&self) -> f64 {
        self.bias
    }
}

impl fmt::Display for BacktestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "backtest of {}: {} series, {} hindcasts",
            self.method, self.series, self.hindcasts
        )?;
        write!(f, "coverage:")?;
        for (l, c) in self.levels.iter().zip(&self.coverage) {
            write!(f, "  {:.0} %: {:.3}", l * 100.0, c)?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "mean log score {:.3}, mean CRPS {:.4}, bias {:+.4} (ln price)",
            self.mean_log_score, self.mean_crps, self.bias
        )?;
        write!(f, "{:>7} {:>6}", "ahead", "n")?;
        for l in &self.levels {
            write!(f, " {:>6}", format!("{:.0}%", l * 100.0))?;
        }
        writeln!(f, " {:>8} {:>8}", "Ξ", "Ξ model")?;
        for r in &self.by_horizon {
            if r.hindcasts == 0 {
                continue;
            }
            write!(f, "{:>7} {:>6}", r.horizon, r.hindcasts)?;
            for c in &r.coverage {
                write!(f, " {:>6.3}", c)?;
            }
            writeln!(f, " {:>8.3} {:>8.3}", r.xi, r.xi_theory)?;
        }
        Ok(())
    }
}
