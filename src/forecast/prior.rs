//! Priors for the random walk learned from a collection of series: a
//! conjugate normal–inverse-gamma prior on the drift and the noise.

use crate::FitError;
use crate::input::{self, PriceRule};
use crate::numeric::stats::ln_gamma;

/// A prior for [`random_walk`](super::random_walk)'s drift `mu` and noise
/// variance `σ²` (per unit time), conjugate to the walk with independent
/// increments (θ = 0):
///
/// ```text
/// σ² ~ InverseGamma(shape, shape · scale²),     mu | σ² ~ N(drift, σ² / weight)
/// Δy_i | mu, σ² ~ N(mu Δt_i, σ² Δt_i)
/// ```
///
/// `scale` is the prior's typical noise `σ` (its mode is near it for a
/// large `shape`), `shape` how many pseudo-differences it is worth (times
/// 2), `drift` the typical drift of `ln price` per unit time and `weight`
/// how many units of time of data the drift prior is worth. With it the
/// forecast is the exact posterior predictive (a Student-t with `2 shape +
/// m` degrees of freedom for `m` differences), so a short series borrows
/// the collection's typical noise instead of a Student-t with 2 or 3
/// degrees of freedom, and a long one is left to its own data.
///
/// The posterior is computed from the walk's sufficient statistics: the
/// drift from the end points and `K² (m - 1)` for the squared residuals
/// (`K²` as [`random_walk`](super::random_walk) estimates it). For even
/// spacing that is exactly the conjugate update of the model above; for
/// uneven spacing `K²` weights each difference by its time step rather
/// than by `1 / Δt` (so that one jump over a short gap cannot dominate),
/// and the posterior is the conjugate update with those statistics.
///
/// Learn one from a collection with [`Prior::learn`] (empirical Bayes), or
/// give one with [`Prior::new`]; forecast with
/// [`RandomWalkOptions::prior`](super::RandomWalkOptions::prior).
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::forecast::{Forecast, Prior, RandomWalkOptions};
/// let prior = Prior::new(1.0, 0.1, -0.05, 1.0)?;
/// // six points: the plain walk's t has 4 degrees of freedom
/// let t = [2018.0, 2019.0, 2020.0, 2021.0, 2022.0, 2023.0];
/// let p = [10.0, 9.1, 8.5, 7.4, 7.0, 6.2];
/// let with = RandomWalkOptions::new().prior(&prior).fit(&t, &p)?;
/// assert_eq!(with.log_predictive(2024.0).unwrap().dof(), 2.0 * 1.0 + 5.0);
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "PriorRepr"))]
pub struct Prior {
    shape: f64,
    scale: f64,
    drift: f64,
    weight: f64,
    series: usize,
}

/// The wire form of a [`Prior`], validated into one.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct PriorRepr {
    shape: f64,
    scale: f64,
    drift: f64,
    weight: f64,
    #[serde(default)]
    series: usize,
}

#[cfg(feature = "serde")]
impl TryFrom<PriorRepr> for Prior {
    type Error = FitError;

    fn try_from(r: PriorRepr) -> Result<Self, FitError> {
        let mut p = Prior::new(r.shape, r.scale, r.drift, r.weight)?;
        p.series = r.series;
        Ok(p)
    }
}

/// What one series contributes: its differences' sufficient statistics.
#[derive(Clone, Copy, Debug)]
pub(super) struct Stats {
    /// Differences.
    pub m: f64,
    /// Time spanned, `Σ Δt`.
    pub span: f64,
    /// The drift estimate `(y_last - y_first) / span`.
    pub mu: f64,
    /// `K² (m - 1)`, with `K²` the walk's noise estimate
    /// ([`Squares::k2`](super::Squares::k2)).
    pub ss: f64,
    /// `Σ ln Δt`.
    pub sum_ln_dt: f64,
}

/// The posterior of the drift and noise given one series.
#[derive(Clone, Copy, Debug)]
pub(super) struct Posterior {
    /// Posterior mean of the drift.
    pub drift: f64,
    /// `b_n / a_n`: the predictive's variance per unit time.
    pub variance: f64,
    /// `2 a_n`.
    pub dof: f64,
    /// `κ_n = weight + span`, in units of time.
    pub weight: f64,
}

impl Prior {
    /// A prior with the given hyperparameters (see [`Prior`]).
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidOption`] unless `shape`, `scale` and `weight`
    /// are finite and greater than 0 and `drift` is finite.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::forecast::Prior;
    /// assert!(Prior::new(1.0, 0.1, -0.03, 1.0).is_ok());
    /// assert!(Prior::new(0.0, 0.1, -0.03, 1.0).is_err());
    /// ```
    pub fn new(shape: f64, scale: f64, drift: f64, weight: f64) -> Result<Self, FitError> {
        for (name, v) in [("shape", shape), ("scale", scale), ("weight", weight)] {
            if !(v.is_finite() && v > 0.0) {
                return Err(FitError::InvalidOption {
                    name,
                    value: v,
                    expected: "finite and greater than 0",
                });
            }
        }
        if !drift.is_finite() {
            return Err(FitError::InvalidOption {
                name: "drift",
                value: drift,
                expected: "finite",
            });
        }
        Ok(Self {
            shape,
            scale,
            drift,
            weight,
            series: 0,
        })
    }

    /// The prior for technology cost histories: hyperparameters chosen on
    /// the tuning set (36 technologies of Farmer & Lafond 2016, every
    /// hindcast from 6 points on, 20 ahead) by the 95 % interval score:
    /// `shape` 1, `scale` 0.08 per √year, `drift` −0.03 per year, `weight`
    /// 1 year. There the 95 % interval covers 0.958 and the 80 % 0.792, at
    /// a mean interval score of 1.25, against 2.19 for the walk without a
    /// prior and 1.49 for statsforecast's `RandomWalkWithDrift` (`cargo
    /// test --release --test it -- --nocapture tuning_set`,
    /// `bench/forecast_peers.sh`). The default of
    /// [`RandomWalkOptions`](super::RandomWalkOptions). Times in years.
    ///
    /// # Example
    ///
    /// ```
    /// let p = costtrend::forecast::Prior::technology();
    /// assert_eq!((p.shape(), p.scale()), (1.0, 0.08));
    /// ```
    #[must_use]
    pub fn technology() -> Self {
        Self {
            shape: 1.0,
            scale: 0.08,
            drift: -0.03,
            weight: 1.0,
            series: 0,
        }
    }

    /// The shape of the inverse-gamma prior on `σ²`.
    #[must_use]
    pub fn shape(&self) -> f64 {
        self.shape
    }
    /// The prior's typical noise `σ` per square root of unit time.
    #[must_use]
    pub fn scale(&self) -> f64 {
        self.scale
    }
    /// The prior mean of the drift of `ln price` per unit time.
    #[must_use]
    pub fn drift(&self) -> f64 {
        self.drift
    }
    /// How many units of time of data the drift prior is worth.
    #[must_use]
    pub fn weight(&self) -> f64 {
        self.weight
    }
    /// How many series [`learn`](Self::learn) used (0 for a given prior).
    #[must_use]
    pub fn series(&self) -> usize {
        self.series
    }

    /// Learns a prior from a collection of series by empirical Bayes: the
    /// hyperparameters that maximise the product over series of the
    /// marginal likelihood of each series' log-price differences under the
    /// walk with independent increments (closed form for this conjugate
    /// prior), found by coordinate-wise golden-section search on
    /// `ln shape`, `ln scale`, `drift` and `ln weight`.
    ///
    /// # Errors
    ///
    /// [`FitError::Empty`] for no series; [`FitError::InSeries`] naming
    /// the series for one that the random walk refuses (fewer than 3
    /// points, a non-positive price naming its row, a repeated time).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::forecast::Prior;
    /// let t: Vec<f64> = (0..10).map(f64::from).collect();
    /// let a: Vec<f64> = t.iter().map(|t| (3.0 - 0.2 * t + 0.1 * (t * 1.7).sin()).exp()).collect();
    /// let b: Vec<f64> = t.iter().map(|t| (1.0 - 0.1 * t + 0.1 * (t * 2.3).cos()).exp()).collect();
    /// let prior = Prior::learn(&[(&t, &a), (&t, &b)])?;
    /// assert_eq!(prior.series(), 2);
    /// assert!(prior.drift() < 0.0);
    /// # Ok(()) }
    /// ```
    pub fn learn(series: &[(&[f64], &[f64])]) -> Result<Self, FitError> {
        if series.is_empty() {
            return Err(FitError::Empty);
        }
        let mut stats = Vec::with_capacity(series.len());
        for (index, &(t, p)) in series.iter().enumerate() {
            let s = series_stats(t, p).map_err(|e| FitError::InSeries {
                series: index,
                source: Box::new(e),
            })?;
            stats.push(s);
        }
        // start: pooled noise and drift, a weak prior
        let pooled_var = stats.iter().map(|s| s.ss).sum::<f64>()
            / stats.iter().map(|s| s.m - 1.0).sum::<f64>().max(1.0);
        let pooled_drift = stats.iter().map(|s| s.mu * s.span).sum::<f64>()
            / stats.iter().map(|s| s.span).sum::<f64>();
        let mut x = [0.0f64, 0.5 * pooled_var.max(1e-12).ln(), pooled_drift, 0.0];
        let bounds = [
            (0.05f64.ln(), 50.0f64.ln()),
            (1e-6f64.ln(), 10.0f64.ln()),
            (-5.0, 5.0),
            (1e-3f64.ln(), 1e3f64.ln()),
        ];
        let objective = |x: &[f64; 4]| -> f64 {
            let prior = Prior {
                shape: x[0].exp(),
                scale: x[1].exp(),
                drift: x[2],
                weight: x[3].exp(),
                series: 0,
            };
            stats.iter().map(|s| prior.log_evidence(s)).sum::<f64>()
        };
        for _ in 0..12 {
            for k in 0..4 {
                let (lo, hi) = bounds[k];
                x[k] = golden_max(lo, hi, |v| {
                    let mut y = x;
                    y[k] = v;
                    objective(&y)
                });
            }
        }
        let mut prior = Prior::new(x[0].exp(), x[1].exp(), x[2], x[3].exp())?;
        prior.series = stats.len();
        Ok(prior)
    }

    /// The log marginal likelihood of one series' differences.
    fn log_evidence(&self, s: &Stats) -> f64 {
        let post = self.posterior(s);
        let (a0, b0) = (self.shape, self.shape * self.scale * self.scale);
        let an = a0 + 0.5 * s.m;
        let bn = post.variance * an;
        -0.5 * s.m * (2.0 * core::f64::consts::PI).ln() - 0.5 * s.sum_ln_dt
            + 0.5 * (self.weight / post.weight).ln()
            + a0 * b0.ln()
            - an * bn.ln()
            + ln_gamma(an)
            - ln_gamma(a0)
    }

    /// The posterior given one series' statistics.
    pub(super) fn posterior(&self, s: &Stats) -> Posterior {
        let (a0, b0) = (self.shape, self.shape * self.scale * self.scale);
        let kn = self.weight + s.span;
        let drift = (self.weight * self.drift + s.span * s.mu) / kn;
        let an = a0 + 0.5 * s.m;
        let gap = s.mu - self.drift;
        let bn = b0 + 0.5 * s.ss + self.weight * s.span * gap * gap / (2.0 * kn);
        Posterior {
            drift,
            variance: bn / an,
            dof: 2.0 * an,
            weight: kn,
        }
    }
}

/// The maximum of a unimodal-ish `f` on `[lo, hi]` by golden-section search
/// (60 steps: the bracket shrinks below 1e-12 of its width).
fn golden_max(mut lo: f64, mut hi: f64, f: impl Fn(f64) -> f64) -> f64 {
    let g = 0.5 * (5f64.sqrt() - 1.0);
    let (mut a, mut b) = (hi - g * (hi - lo), lo + g * (hi - lo));
    let (mut fa, mut fb) = (f(a), f(b));
    for _ in 0..60 {
        // NaN compares false: the side with a number wins
        if fa > fb || fb.is_nan() {
            hi = b;
            (b, fb) = (a, fa);
            a = hi - g * (hi - lo);
            fa = f(a);
        } else {
            lo = a;
            (a, fa) = (b, fb);
            b = lo + g * (hi - lo);
            fb = f(b);
        }
    }
    0.5 * (lo + hi)
}

/// One series checked as the random walk checks it, and its statistics
/// over every difference.
fn series_stats(t: &[f64], price: &[f64]) -> Result<Stats, FitError> {
    let data = input::prepare(
        t,
        price,
        None,
        crate::input::NanPolicy::Reject,
        PriceRule::Positive,
    )?;
    if data.used < 3 {
        return Err(FitError::TooFewPoints {
            model: "random_walk",
            needed: 3,
            got: data.used,
        });
    }
    let (ts, ps) = super::in_time_order(&data.t, &data.price)?;
    let ys: Vec<f64> = ps.iter().map(|p| p.ln()).collect();
    Ok(stats_of(&ts, &ys))
}

/// The statistics of sorted, checked times and log prices.
pub(super) fn stats_of(ts: &[f64], ys: &[f64]) -> Stats {
    let n = ts.len();
    let span = ts[n - 1] - ts[0];
    let mu = (ys[n - 1] - ys[0]) / span;
    Stats {
        m: (n - 1) as f64,
        span,
        mu,
        ss: super::plain_squares(ts, ys, mu).k2(span) * (n - 2) as f64,
        sum_ln_dt: ts.windows(2).map(|w| (w[1] - w[0]).ln()).sum(),
    }
}
