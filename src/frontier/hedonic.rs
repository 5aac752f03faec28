//! The crate's own estimate of how fast the price of a capability falls:
//! a hedonic (quality-adjusted) regression over every listing that reaches
//! the threshold, and a forecast of the cheapest price as a process of
//! arriving models ([`hedonic_decline`]).
//!
//! **Why not the staircase.** Epoch's estimate fits a line to the
//! staircase's records, 4 to 9 points that are each below all before them:
//! a record process, whose first records fall faster than the prices
//! behind them and whose residuals are not independent. In the simulation
//! of `tests/it/frontier.rs` (models arriving at random, prices falling at
//! a known rate, scores around a rising capability) its 90 % interval
//! covers the true rate in about three replicas of four. The listings the
//! staircase leaves out are data too: every model at or above the
//! threshold says what reaching it cost at its date, and a better model
//! costs more at the same date. The hedonic price index of economics
//! (Court 1939; Griliches 1961) uses exactly that: regress log price on
//! time and quality, and the time coefficient is the quality-adjusted
//! rate.

use crate::FitError;
use crate::estimate::{Estimate, Interval};
use crate::numeric::{level_option, quad, stats};

use super::{Listing, StaircaseOptions};

/// The decline of the price of a capability, from every listing at or
/// above a threshold ([`hedonic_decline`]).
///
/// **Model.** A listing `i` that reaches the threshold (score `s_i` at
/// least the threshold `h`, at most the options' upper bound), released at
/// `t_i` (decimal years) with price `p_i`, has
/// `ln p_i = a + b · (s_i - h) - lambda · t_i + e_i`: the price of a model
/// scoring exactly `h` falls by the factor `exp(lambda)` a year, and a
/// model scoring more costs more (`b`). The errors `e_i` are independent,
/// with mean 0 and one variance, normal for the intervals (which hold up
/// under heavier tails: the simulation draws Student-t(4) errors too).
/// **Loss:** ordinary least squares; the rate's interval is the Student-t
/// interval with `n - 3` degrees of freedom (`n - 2` when every listing has
/// the same score and `b` is not estimated).
///
/// **The cheapest price** (the staircase) falls at the same rate when the
/// spread of prices around the line does not change: that is the
/// assumption that links the two, and the forecast
/// ([`frontier_quantile_at`](Self::frontier_quantile_at)) makes it
/// explicit: new models keep arriving as in the last year of the data
/// (that many a year, with scores like theirs, rising as the scores at or
/// above the threshold have risen), each priced on the fitted line with a
/// Student-t error of the fitted spread, the line itself uncertain as
/// fitted; the cheapest price at `t` is the lower of today's and of the
/// new arrivals'.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::frontier::{self, Listing, StaircaseOptions};
/// // the price of a score falls ten times a year; a point more costs 10 % more
/// let price = |t: f64, s: f64, e: f64| (0.1 * (s - 70.0) - 10f64.ln() * (t - 2023.0) + e).exp();
/// let rows = [
///     (2023.0, 70.0, 0.1), (2023.3, 75.0, -0.2), (2023.6, 72.0, 0.15),
///     (2024.0, 80.0, 0.0), (2024.4, 71.0, -0.1), (2024.8, 78.0, 0.05),
/// ];
/// let listings: Vec<Listing> = rows
///     .iter()
///     .map(|&(t, s, e)| Listing::new("m", &t, price(t, s, e), Some(s)))
///     .collect::<Result<_, _>>()?;
/// let d = frontier::hedonic_decline(&listings, 70.0, &StaircaseOptions::new())?;
/// assert!((d.factor_per_year() / 10.0 - 1.0).abs() < 0.5);
/// let ci = d.factor_per_year_ci90().interval().unwrap();
/// assert!(ci.contains(10.0));
/// # Ok(()) }
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct HedonicDecline {
    n: usize,
    dof: f64,
    /// The mean release time and mean score excess, where the fitted
    /// plane passes through the mean log price `level`.
    t_mean: f64,
    d_mean: f64,
    level: f64,
    lambda: f64,
    lambda_se: f64,
    /// `b`, per score point; `None` when every listing has one score.
    beta: Option<f64>,
    sigma: f64,
    /// How fast the score excess of the listings at or above the threshold
    /// rises, per year (least squares of excess on time).
    excess_trend: f64,
    /// The last year's arrivals: release time and score excess.
    recent: Vec<(f64, f64)>,
    arrivals_per_year: f64,
    end: f64,
    cheapest: f64,
}

/// The fewest listings [`hedonic_decline`] fits: three coefficients and one
/// degree of freedom left for the spread.
const MIN_LISTINGS: usize = 4;

/// Fits the hedonic decline of the price of reaching `threshold` (see
/// [`HedonicDecline`] for the model, the loss and the noise) to every
/// listing scoring at least `threshold` and at most the options' upper
/// bound. The data end at the latest listing given (of any score): a year
/// without a cheaper model up to then is information for the forecast.
///
/// # Errors
///
/// [`FitError::InvalidArgument`] for a threshold that is not finite;
/// [`FitError::TooFewPoints`] for fewer than 4 listings at or above it;
/// [`FitError::AllTimesEqual`] when they all share one time.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::FitError;
/// use costtrend::frontier::{self, Listing, StaircaseOptions};
/// let few = [Listing::new("a", &2024.0, 1.0, Some(80.0))?];
/// let e = frontier::hedonic_decline(&few, 70.0, &StaircaseOptions::new()).unwrap_err();
/// assert!(matches!(e, FitError::TooFewPoints { needed: 4, got: 1, .. }));
/// # Ok(()) }
/// ```
pub fn hedonic_decline(
    listings: &[Listing],
    threshold: f64,
    options: &StaircaseOptions,
) -> Result<HedonicDecline, FitError> {
    if !threshold.is_finite() {
        return Err(FitError::InvalidArgument {
            name: "threshold",
            value: threshold,
            expected: "finite",
        });
    }
    // (time, score excess, log price) of the listings that reach it
    let rows: Vec<(f64, f64, f64)> = listings
        .iter()
        .filter_map(|l| {
            let s = l.score?;
            let reaches = s >= threshold && options.upper.is_none_or(|u| s <= u);
            reaches.then(|| (l.t, s - threshold, l.price.ln()))
        })
        .collect();
    let n = rows.len();
    if n < MIN_LISTINGS {
        return Err(FitError::TooFewPoints {
            model: "hedonic_decline",
            needed: MIN_LISTINGS,
            got: n,
        });
    }
    let nf = n as f64;
    let mean = |f: fn(&(f64, f64, f64)) -> f64| rows.iter().map(f).sum::<f64>() / nf;
    let (tm, dm, ym) = (mean(|r| r.0), mean(|r| r.1), mean(|r| r.2));
    let (mut stt, mut sdd, mut std, mut sty, mut sdy) = (0.0, 0.0, 0.0, 0.0, 0.0);
    for &(t, d, y) in &rows {
        let (t, d, y) = (t - tm, d - dm, y - ym);
        stt += t * t;
        sdd += d * d;
        std += t * d;
        sty += t * y;
        sdy += d * y;
    }
    if stt == 0.0 {
        return Err(FitError::AllTimesEqual { t: rows[0].0 });
    }
    let det = stt * sdd - std * std;
    // the score term only where the scores vary apart from time
    let with_score = sdd > 0.0 && det > 1e-10 * stt * sdd;
    let (slope_t, beta, var_factor) = if with_score {
        (
            (sty * sdd - sdy * std) / det,
            Some((sdy * stt - sty * std) / det),
            sdd / det,
        )
    } else {
        (sty / stt, None, 1.0 / stt)
    };
    let b = beta.unwrap_or(0.0);
    let sse: f64 = rows
        .iter()
        .map(|&(t, d, y)| {
            let e = y - ym - slope_t * (t - tm) - b * (d - dm);
            e * e
        })
        .sum();
    let dof = nf - if with_score { 3.0 } else { 2.0 };
    let sigma = (sse / dof).sqrt();
    let end = listings
        .iter()
        .map(|l| l.t)
        .fold(f64::NEG_INFINITY, f64::max);
    let first = rows.iter().map(|r| r.0).fold(f64::INFINITY, f64::min);
    let window = (end - first).min(1.0);
    let mut recent: Vec<(f64, f64)> = rows
        .iter()
        .filter(|r| r.0 > end - window)
        .map(|r| (r.0, r.1))
        .collect();
    let arrivals_per_year = if recent.is_empty() {
        // none in the last year: the whole history's rate and scores
        recent = rows.iter().map(|r| (r.0, r.1)).collect();
        nf / (end - first)
    } else {
        recent.len() as f64 / window
    };
    let cheapest = rows.iter().map(|r| r.2).fold(f64::INFINITY, f64::min).exp();
    Ok(HedonicDecline {
        n,
        dof,
        t_mean: tm,
        d_mean: dm,
        level: ym,
        lambda: -slope_t,
        lambda_se: sigma * var_factor.sqrt(),
        beta,
        sigma,
        excess_trend: std / stt,
        recent,
        arrivals_per_year,
        end,
        cheapest,
    })
}

/// Quantile nodes for the line's uncertainty in the forecast: the
/// frontier's distribution is averaged over this many equally likely
/// shifts of the fitted line.
const LINE_NODES: usize = 12;

impl HedonicDecline {
    /// The listings fitted (those at or above the threshold).
    #[must_use]
    pub fn n(&self) -> usize {
        self.n
    }
    /// The residual degrees of freedom: `n - 3`, or `n - 2` without the
    /// score term.
    #[must_use]
    pub fn dof(&self) -> f64 {
        self.dof
    }
    /// The continuous rate `lambda` a year (`ln` of the factor per year)
    /// and its standard error.
    #[must_use]
    pub fn lambda(&self) -> (f64, f64) {
        (self.lambda, self.lambda_se)
    }
    /// How much more a model scoring one point more costs, as the
    /// coefficient `b` of `ln p` per score point; `None` when every
    /// listing had one score (the term is then left out).
    #[must_use]
    pub fn score_coefficient(&self) -> Option<f64> {
        self.beta
    }
    /// The spread of log prices around the fitted plane (residual standard
    /// deviation).
    #[must_use]
    pub fn sigma(&self) -> f64 {
        self.sigma
    }
    /// Models reaching the threshold per year in the last year of the
    /// data (the forecast's arrival rate).
    #[must_use]
    pub fn arrivals_per_year(&self) -> f64 {
        self.arrivals_per_year
    }
    /// Where the data end (the latest listing given) and the cheapest
    /// price at or above the threshold then.
    #[must_use]
    pub fn end(&self) -> (f64, f64) {
        (self.end, self.cheapest)
    }
    /// How many times cheaper per year the price of the capability gets:
    /// `exp(lambda)`.
    #[must_use]
    pub fn factor_per_year(&self) -> f64 {
        self.lambda.exp()
    }

    /// The factor per year with its interval at `level` (Student-t on
    /// `lambda`, [`dof`](Self::dof) degrees of freedom).
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidOption`] unless `0 < level < 1`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::frontier::{self, Listing, StaircaseOptions};
    /// let l: Vec<Listing> = [(2023.0, 9.0), (2023.5, 4.0), (2024.0, 1.1), (2024.5, 0.3)]
    ///     .iter()
    ///     .map(|&(t, p)| Listing::new("m", &t, p, Some(80.0)))
    ///     .collect::<Result<_, _>>()?;
    /// let d = frontier::hedonic_decline(&l, 80.0, &StaircaseOptions::new())?;
    /// let wide = d.factor_per_year_ci(0.99)?.interval().unwrap();
    /// let narrow = d.factor_per_year_ci(0.5)?.interval().unwrap();
    /// assert!(wide.lower() < narrow.lower() && narrow.upper() < wide.upper());
    /// # Ok(()) }
    /// ```
    pub fn factor_per_year_ci(&self, level: f64) -> Result<Estimate, FitError> {
        let level = level_option(level)?;
        let q = stats::t_quantile(0.5 + level / 2.0, self.dof);
        let half = q * self.lambda_se;
        Ok(Estimate::new(
            self.factor_per_year(),
            Some(Interval::new(
                (self.lambda - half).exp(),
                (self.lambda + half).exp(),
            )),
        ))
    }

    /// [`factor_per_year_ci`](Self::factor_per_year_ci) at 90 %, the level
    /// Epoch reports.
    #[must_use]
    pub fn factor_per_year_ci90(&self) -> Estimate {
        self.factor_per_year_ci(0.9)
            .unwrap_or_else(|_| Estimate::new(self.factor_per_year(), None))
    }

    /// The fitted median price at `t` of a model scoring exactly the
    /// threshold: `exp(a - lambda · t)` (the plane at score excess 0).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::frontier::{self, Listing, StaircaseOptions};
    /// // one score, prices halving every year exactly
    /// let l: Vec<Listing> = [(2021.0, 8.0), (2022.0, 4.0), (2023.0, 2.0), (2024.0, 1.0)]
    ///     .iter()
    ///     .map(|&(t, p)| Listing::new("m", &t, p, Some(70.0)))
    ///     .collect::<Result<_, _>>()?;
    /// let d = frontier::hedonic_decline(&l, 70.0, &StaircaseOptions::new())?;
    /// assert!((d.price_at(2025.0) - 0.5).abs() < 1e-12);
    /// assert!((d.factor_per_year() - 2.0).abs() < 1e-12);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn price_at(&self, t: f64) -> f64 {
        let b = self.beta.unwrap_or(0.0);
        (self.level - b * self.d_mean - self.lambda * (t - self.t_mean)).exp()
    }

    /// The `p` quantile of the cheapest price at or above the threshold at
    /// `t` (at or after the data's end), under the arrival model of
    /// [`HedonicDecline`]. The cheapest price never rises, so a quantile
    /// above the chance of a cheaper arrival is today's cheapest price.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidArgument`] for `t` before the data's end (or
    /// NaN) or `p` outside `(0, 1)`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::frontier::{self, Listing, StaircaseOptions};
    /// let l: Vec<Listing> = [(2023.0, 9.0, 80.0), (2023.5, 4.0, 85.0), (2024.0, 1.1, 81.0), (2024.5, 0.5, 90.0)]
    ///     .iter()
    ///     .map(|&(t, p, s)| Listing::new("m", &t, p, Some(s)))
    ///     .collect::<Result<_, _>>()?;
    /// let d = frontier::hedonic_decline(&l, 80.0, &StaircaseOptions::new())?;
    /// let (end, cheapest) = d.end();
    /// let median = d.frontier_quantile_at(end + 1.0, 0.5)?;
    /// assert!(median <= cheapest);
    /// assert!(d.frontier_quantile_at(end - 1.0, 0.5).is_err());
    /// # Ok(()) }
    /// ```
    pub fn frontier_quantile_at(&self, t: f64, p: f64) -> Result<f64, FitError> {
        if t.is_nan() || t < self.end {
            return Err(FitError::InvalidArgument {
                name: "t",
                value: t,
                expected: "at or after the latest listing (forecasts start from the data)",
            });
        }
        if !crate::numeric::is_probability(p) {
            return Err(FitError::InvalidArgument {
                name: "p",
                value: p,
                expected: "in (0, 1)",
            });
        }
        let y_end = self.cheapest.ln();
        // below today's cheapest price the distribution function is the
        // chance of a cheaper arrival; at it, 1
        if self.cdf_below(y_end, t) <= p {
            return Ok(self.cheapest);
        }
        let mut step = 4.0 * self.sigma.max(1e-3);
        let mut lo = y_end - step;
        while self.cdf_below(lo, t) > p {
            step *= 2.0;
            lo = y_end - step;
            if !lo.is_finite() {
                return Ok(0.0);
            }
        }
        Ok(solve_increasing(|y| self.cdf_below(y, t) - p, lo, y_end).exp())
    }

    /// The interval at `level` of the cheapest price at `t`: the
    /// `(1 - level) / 2` and `(1 + level) / 2` quantiles
    /// ([`frontier_quantile_at`](Self::frontier_quantile_at)).
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidOption`] unless `0 < level < 1`; as
    /// [`frontier_quantile_at`](Self::frontier_quantile_at) for `t`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::frontier::{self, Listing, StaircaseOptions};
    /// let l: Vec<Listing> = [(2023.0, 9.0, 80.0), (2023.5, 4.0, 85.0), (2024.0, 1.1, 81.0), (2024.5, 0.5, 90.0)]
    ///     .iter()
    ///     .map(|&(t, p, s)| Listing::new("m", &t, p, Some(s)))
    ///     .collect::<Result<_, _>>()?;
    /// let d = frontier::hedonic_decline(&l, 80.0, &StaircaseOptions::new())?;
    /// let (end, cheapest) = d.end();
    /// let i = d.frontier_interval_at(end + 1.0, 0.9)?;
    /// assert!(0.0 < i.lower() && i.lower() < i.upper() && i.upper() <= cheapest);
    /// # Ok(()) }
    /// ```
    pub fn frontier_interval_at(&self, t: f64, level: f64) -> Result<Interval, FitError> {
        let level = level_option(level)?;
        Ok(Interval::new(
            self.frontier_quantile_at(t, 0.5 - level / 2.0)?,
            self.frontier_quantile_at(t, 0.5 + level / 2.0)?,
        ))
    }

    /// `P(ln F(t) <= y)` for `y` below today's cheapest log price: the
    /// chance that some model arriving in `(end, t]` is priced at most
    /// `e^y`, averaged over the line's uncertainty.
    fn cdf_below(&self, y: f64, t: f64) -> f64 {
        let horizon = t - self.end;
        if horizon <= 0.0 {
            return 0.0;
        }
        let b = self.beta.unwrap_or(0.0);
        let mid = self.end + horizon / 2.0;
        let line_sd = (self.sigma * self.sigma / self.n as f64
            + (self.lambda_se * (mid - self.t_mean)).powi(2))
        .sqrt();
        let (nodes, weights) = quad::gauss_legendre_16();
        let panels = horizon.ceil().clamp(1.0, 64.0);
        let width = horizon / panels;
        let m = self.recent.len() as f64;
        // the log price of arrival i at time s, on the fitted plane
        let centre = |s: f64, &(ti, di): &(f64, f64)| {
            let d = di + self.excess_trend * (s - ti);
            self.level + b * (d - self.d_mean) - self.lambda * (s - self.t_mean)
        };
        let below = |z: f64| {
            if self.sigma > 0.0 {
                stats::t_cdf(z / self.sigma, self.dof)
            } else if z >= 0.0 {
                1.0
            } else {
                0.0
            }
        };
        let mut survive = 0.0;
        for j in 0..LINE_NODES {
            let shift = line_sd * stats::normal_quantile((j as f64 + 0.5) / LINE_NODES as f64);
            // expected arrivals priced at most e^y in (end, t]
            let mut expected = 0.0;
            for k in 0..panels as usize {
                let a = self.end + k as f64 * width;
                for (x, w) in nodes.iter().zip(weights) {
                    let s = a + width * (x + 1.0) / 2.0;
                    let share: f64 = self
                        .recent
                        .iter()
                        .map(|r| below(y - centre(s, r) - shift))
                        .sum::<f64>()
                        / m;
                    expected += w * width / 2.0 * share;
                }
            }
            survive += (-self.arrivals_per_year * expected).exp();
        }
        1.0 - survive / LINE_NODES as f64
    }
}

/// The root of an increasing `f` with `f(lo) < 0 <= f(hi)`, by the Illinois
/// variant of regula falsi, to rounding in `y` (a few dozen evaluations).
fn solve_increasing(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    let (mut flo, mut fhi) = (f(lo), f(hi));
    let mut side = 0i8;
    for _ in 0..200 {
        if hi - lo <= 1e-12 * (1.0 + hi.abs()) {
            break;
        }
        let mut x = (lo * fhi - hi * flo) / (fhi - flo);
        if !(x > lo && x < hi) {
            x = 0.5 * (lo + hi);
        }
        let fx = f(x);
        if fx == 0.0 {
            return x;
        }
        if fx < 0.0 {
            lo = x;
            flo = fx;
            if side == -1 {
                fhi /= 2.0;
            }
            side = -1;
        } else {
            hi = x;
            fhi = fx;
            if side == 1 {
                flo /= 2.0;
            }
            side = 1;
        }
    }
    0.5 * (lo + hi)
}
