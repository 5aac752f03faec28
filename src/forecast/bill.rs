//! Bills with intervals: the random walk's price uncertainty carried
//! through to the cost of a usage over a span.

use super::RandomWalk;
use crate::estimate::Interval;
use crate::numeric::quad::smooth_integral;
use crate::numeric::rng::Rng;
use crate::{FitError, Usage};

/// Price paths simulated per bill.
pub const BILL_PATHS: usize = 4_000;
/// Time steps per path over the billed span.
pub const BILL_STEPS: usize = 128;
/// Seed of the simulation (SplitMix64 into Box–Muller normals).
pub const BILL_SEED: u64 = 0x00C0_FFEE_2016;

/// A bill over a span under an uncertain price: its expected value, median
/// and interval, from simulated price paths.
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::{forecast, Usage};
/// let t = [2019.0, 2020.0, 2021.0, 2022.0, 2023.0, 2024.0];
/// let p = [10.0, 6.0, 4.5, 2.2, 1.6, 0.9];
/// let rw = forecast::random_walk(&t, &p)?;
/// let bill = rw.bill(&Usage::constant(1_000.0), 2025.0, 2026.0, 0.9)?;
/// assert!(bill.interval().contains(bill.median()));
/// assert!(bill.expected() > bill.median()); // the mean carries the upside risk
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bill {
    pub(super) expected: f64,
    pub(super) simulated_mean: f64,
    pub(super) mc_error: f64,
    pub(super) median: f64,
    pub(super) interval: Interval,
    pub(super) level: f64,
}

impl Bill {
    /// The expected bill, `∫ mean_at(t) usage(t) dt` with
    /// [`RandomWalk::mean_at`] the price's mean capped at its 99.9 %
    /// quantile ([`MEAN_CAP`](super::MEAN_CAP)), the mean of the
    /// distribution the simulated bills come from: no Monte Carlo error.
    /// The span is split at the last observation, one step after it and
    /// where a linear usage meets 0 (where the integrand has a kink);
    /// before the last observation the integral is in closed form, after
    /// it the smooth integrand is integrated by composite 16-point
    /// Gauss–Legendre with panels over which its logarithm changes by at
    /// most 1/2, so the expected bill over `[a, c]` is the sum of those
    /// over `[a, b]` and `[b, c]` to about 1e-13.
    #[must_use]
    pub fn expected(&self) -> f64 {
        self.expected
    }
    /// The mean of the simulated bills. Every path has the forecast's
    /// distribution at each time, capped as the expected bill is, so the
    /// simulated mean agrees with [`expected`](Self::expected) within a
    /// few [`mc_error`](Self::mc_error)s at any spread (tested with 2 to
    /// 200 degrees of freedom in `tests/it/forecast.rs`).
    #[must_use]
    pub fn simulated_mean(&self) -> f64 {
        self.simulated_mean
    }
    /// The Monte Carlo standard error of [`simulated_mean`](Self::simulated_mean)
    /// (`sd / √paths`).
    #[must_use]
    pub fn mc_error(&self) -> f64 {
        self.mc_error
    }
    /// The median simulated bill.
    #[must_use]
    pub fn median(&self) -> f64 {
        self.median
    }
    /// The central interval of the simulated bills at [`level`](Self::level).
    #[must_use]
    pub fn interval(&self) -> Interval {
        self.interval
    }
    /// The interval's level.
    #[must_use]
    pub fn level(&self) -> f64 {
        self.level
    }
}

/// Options of a bill's simulation, set with a builder; the terminals
/// [`bill`](Self::bill) and [`prob_bill_rises`](Self::prob_bill_rises)
/// run it ([`RandomWalk::bill`] and [`RandomWalk::prob_bill_rises`] are
/// the same with the defaults).
///
/// | option | default | meaning |
/// |---|---|---|
/// | [`level`](Self::level) | 0.95 | level of the bill's interval |
/// | [`paths`](Self::paths) | [`BILL_PATHS`] | price paths simulated (at least 2) |
/// | [`steps`](Self::steps) | [`BILL_STEPS`] | Simpson steps per path over the span (even, at least 2) |
/// | [`seed`](Self::seed) | [`BILL_SEED`] | the simulation's seed |
///
/// # Example
///
/// ```
/// # fn main() -> Result<(), costtrend::FitError> {
/// use costtrend::{forecast::{self, BillOptions}, Usage};
/// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0, 4.0], &[8.0, 6.0, 4.0, 3.5, 2.0])?;
/// let usage = Usage::constant(12.0);
/// let coarse = BillOptions::new().paths(500).seed(1).bill(&rw, &usage, 4.0, 5.0)?;
/// let fine = BillOptions::new().paths(20_000).seed(1).bill(&rw, &usage, 4.0, 5.0)?;
/// assert!(fine.mc_error() < coarse.mc_error());
/// assert_eq!(coarse.expected(), fine.expected()); // exact, not simulated
/// # Ok(()) }
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BillOptions {
    level: f64,
    paths: usize,
    steps: usize,
    seed: u64,
}

impl Default for BillOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl BillOptions {
    /// The defaults (see the table above).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::forecast::BillOptions;
    /// assert_eq!(BillOptions::new(), BillOptions::default());
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self {
            level: 0.95,
            paths: BILL_PATHS,
            steps: BILL_STEPS,
            seed: BILL_SEED,
        }
    }

    /// The level of the bill's interval, in `(0, 1)`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{forecast::{self, BillOptions}, Usage};
    /// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0, 4.0], &[8.0, 6.0, 4.0, 3.5, 2.0])?;
    /// let b = BillOptions::new().level(0.5).bill(&rw, &Usage::constant(1.0), 4.0, 5.0)?;
    /// assert_eq!(b.level(), 0.5);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn level(mut self, level: f64) -> Self {
        self.level = level;
        self
    }

    /// How many price paths to simulate (at least 2): the Monte Carlo
    /// error of the quantiles falls as `1 / √paths`.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{FitError, forecast::{self, BillOptions}, Usage};
    /// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0], &[8.0, 6.0, 4.0, 3.5]).unwrap();
    /// let r = BillOptions::new().paths(1).bill(&rw, &Usage::constant(1.0), 3.0, 4.0);
    /// assert!(matches!(r, Err(FitError::InvalidOption { name: "paths", .. })));
    /// ```
    #[must_use]
    pub fn paths(mut self, paths: usize) -> Self {
        self.paths = paths;
        self
    }

    /// Simpson steps per path over each billed span (even, at least 2).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{FitError, forecast::{self, BillOptions}, Usage};
    /// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0], &[8.0, 6.0, 4.0, 3.5]).unwrap();
    /// let r = BillOptions::new().steps(3).bill(&rw, &Usage::constant(1.0), 3.0, 4.0);
    /// assert!(matches!(r, Err(FitError::InvalidOption { name: "steps", .. })));
    /// ```
    #[must_use]
    pub fn steps(mut self, steps: usize) -> Self {
        self.steps = steps;
        self
    }

    /// The simulation's seed: the same seed gives the same bill.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{forecast::{self, BillOptions}, Usage};
    /// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0, 4.0], &[8.0, 6.0, 4.0, 3.5, 2.0])?;
    /// let u = Usage::constant(1.0);
    /// let a = BillOptions::new().seed(9).bill(&rw, &u, 4.0, 5.0)?;
    /// assert_eq!(a, BillOptions::new().seed(9).bill(&rw, &u, 4.0, 5.0)?);
    /// # Ok(()) }
    /// ```
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    fn check(&self) -> Result<(), FitError> {
        super::probability("level", self.level)?;
        if self.paths < 2 {
            return Err(FitError::InvalidOption {
                name: "paths",
                value: self.paths as f64,
                expected: "at least 2",
            });
        }
        if self.steps < 2 || self.steps % 2 == 1 {
            return Err(FitError::InvalidOption {
                name: "steps",
                value: self.steps as f64,
                expected: "even and at least 2",
            });
        }
        Ok(())
    }

    /// The bill for `usage` over `[a, b]` under `walk`'s uncertain price:
    /// see [`Bill`] and [`RandomWalk::bill`].
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidOption`] for a bad option, else as
    /// [`RandomWalk::bill`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{forecast::{self, BillOptions}, Usage};
    /// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0, 4.0], &[8.0, 6.0, 4.0, 3.5, 2.0])?;
    /// let u = Usage::constant(12.0);
    /// assert_eq!(BillOptions::new().bill(&rw, &u, 4.0, 5.0)?, rw.bill(&u, 4.0, 5.0, 0.95)?);
    /// # Ok(()) }
    /// ```
    pub fn bill(&self, walk: &RandomWalk, usage: &Usage, a: f64, b: f64) -> Result<Bill, FitError> {
        self.check()?;
        let level = self.level;
        span_args(a, b)?;
        let (bills, expected) = walk.simulate(usage, &[(a, b)], self);
        let bills = &bills[0];
        if expected[0].is_nan() || bills.iter().any(|x| x.is_nan()) {
            return Err(FitError::Overflow { what: "the bill" });
        }
        let n = bills.len() as f64;
        let mean = bills.iter().sum::<f64>() / n;
        // An infinite simulated bill (a price or usage past f64::MAX) makes
        // the mean +inf and its Monte Carlo error unknown: +inf, not NaN.
        let var = if mean.is_finite() {
            bills.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)
        } else {
            f64::INFINITY
        };
        let mut sorted = bills.clone();
        sorted.sort_by(f64::total_cmp);
        let q = |p: f64| {
            let k = ((p * n).floor() as usize).min(sorted.len() - 1);
            sorted[k]
        };
        Ok(Bill {
            expected: expected[0],
            simulated_mean: mean,
            mc_error: (var / n).sqrt(),
            median: q(0.5),
            interval: Interval::new(q(0.5 - level / 2.0), q(0.5 + level / 2.0)),
            level,
        })
    }

    /// The probability that the bill over `[a, b]` exceeds the bill over
    /// the period before it: see [`RandomWalk::prob_bill_rises`]; its Monte
    /// Carlo standard error is at most `0.5 / √paths`.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidOption`] for a bad option, else as
    /// [`RandomWalk::prob_bill_rises`].
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{forecast::{self, BillOptions}, Usage};
    /// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0, 4.0], &[8.0, 6.0, 4.0, 3.5, 2.0])?;
    /// let p = BillOptions::new().paths(10_000).prob_bill_rises(&rw, &Usage::constant(1.0), 6.0, 7.0)?;
    /// assert!(p < 0.5);
    /// # Ok(()) }
    /// ```
    pub fn prob_bill_rises(
        &self,
        walk: &RandomWalk,
        usage: &Usage,
        a: f64,
        b: f64,
    ) -> Result<f64, FitError> {
        self.check()?;
        span_args(a, b)?;
        let before = 2.0 * a - b;
        if !before.is_finite() {
            return Err(FitError::InvalidArgument {
                name: "a",
                value: a,
                expected: "such that the period before, 2a - b, is finite",
            });
        }
        let (bills, _) = walk.simulate(usage, &[(before, a), (a, b)], self);
        // Bills that overflow cannot be compared: an error, not "never".
        let unusable =
            |p: &f64, n: &f64| p.is_nan() || n.is_nan() || (p.is_infinite() && n.is_infinite());
        if bills[0].iter().zip(&bills[1]).any(|(p, n)| unusable(p, n)) {
            return Err(FitError::Overflow {
                what: "the bills of the two periods",
            });
        }
        let rises = bills[0]
            .iter()
            .zip(&bills[1])
            .filter(|(p, n)| n > p)
            .count();
        Ok(rises as f64 / bills[0].len() as f64)
    }
}

impl RandomWalk {
    /// The Gaussian process behind the simulated paths: per unit time, the
    /// variance rate of its Brownian part and the variance of the drift's
    /// error, `K² h c / d` and `K² h c / (d m h²)` with `c = 1 + 2(m -
    /// 1)θ/m + θ²`, `d = 1 + θ² - 2θ/m` (the forecast's `A*` without its
    /// constant `-2θ`). Each path is this process divided by its own
    /// standard deviation at each time and scaled by the forecast's, so
    /// that every time's marginal is the forecast's distribution exactly.
    fn path_variances(&self) -> (f64, f64) {
        let m = self.drift_steps();
        let th = self.theta;
        let c = 1.0 + 2.0 * (m - 1.0) * th / m + th * th;
        let per_step = self.k2 * self.h * c / super::k2_expectation(m, th);
        (per_step / self.h, per_step / (m * self.h * self.h))
    }

    /// The bill for `usage` over `[a, b]`: `∫ price(t) usage(t) dt` with the
    /// price uncertain as this forecast says, and a central interval at
    /// `level`.
    ///
    /// **Method.** [`BILL_PATHS`] price paths are simulated on
    /// [`BILL_STEPS`] steps over the span, each with the forecast's own
    /// distribution at every time: `ln price(t) = loc(t) + s(t) √V G(t) /
    /// sd G(t)`, where `loc` and `s` are the forecast's location and scale,
    /// `V = ν / χ²_ν` is drawn once per path (so each time's marginal is
    /// the forecast's Student-t with `ν` degrees of freedom) and `G` is a
    /// Gaussian random walk with an uncertain drift (the drift's error
    /// drawn once per path, normal with variance `K² c / (d m h)` per unit
    /// time squared, and a Brownian part with variance rate `K² c / d`, `c
    /// = 1 + 2(m - 1)θ/m + θ²`, `d = 1 + θ² - 2θ/m`), which ties the times
    /// of a path together. As in [`mean_at`](Self::mean_at) each price is
    /// capped at its [`MEAN_CAP`](super::MEAN_CAP) quantile. Each path's
    /// bill is integrated by Simpson's rule. The generator is SplitMix64
    /// seeded with [`BILL_SEED`], so a bill is reproducible. Before the
    /// last observation the price is the last observed one.
    ///
    /// The expected bill is `∫ mean_at(t) usage(t) dt` (no Monte Carlo
    /// error), the mean of the simulated bills' distribution: the
    /// simulated mean and its standard error are reported beside it.
    /// **A budget needs the expected bill**, which is above the bill at
    /// the median price: an uncertain price's mean exceeds its median.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidArgument`] for `level` outside `(0, 1)`, a
    /// non-finite `a` or `b`, `b <= a`, or a span `b - a` that overflows;
    /// [`FitError::Overflow`] where a simulated bill is not a number
    /// (usage past `f64::MAX` times a price of 0). A bill that overflows
    /// to `+inf` (a price or usage past `f64::MAX`) is `Ok`, with an
    /// infinite mean and Monte Carlo error.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{forecast, Usage};
    /// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0, 4.0], &[8.0, 6.0, 4.0, 3.5, 2.0])?;
    /// let b = rw.bill(&Usage::constant(12.0), 4.0, 5.0, 0.95)?;
    /// assert!((b.simulated_mean() - b.expected()).abs() < 5.0 * b.mc_error());
    /// # Ok(()) }
    /// ```
    pub fn bill(&self, usage: &Usage, a: f64, b: f64, level: f64) -> Result<Bill, FitError> {
        BillOptions::new().level(level).bill(self, usage, a, b)
    }

    /// The probability that the bill for `usage` over `[a, b]` exceeds the
    /// bill over the period before it, `[2a - b, a]`: the uncertain version
    /// of the Jevons question (does growing usage outpace the falling
    /// price?). From the same simulated paths as [`bill`](Self::bill) (both
    /// periods on each path); its Monte Carlo standard error is at most
    /// `0.5 / √`[`BILL_PATHS`] `= 0.008`.
    ///
    /// # Errors
    ///
    /// [`FitError::InvalidArgument`] for a non-finite `a` or `b`, or
    /// `b <= a`; [`FitError::Overflow`] where the two periods' bills
    /// cannot be compared (both infinite, or not a number).
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::FitError> {
    /// use costtrend::{Growth, Rate, Usage, forecast};
    /// let rw = forecast::random_walk(&[0.0, 1.0, 2.0, 3.0, 4.0], &[8.0, 6.0, 4.0, 3.5, 2.0])?;
    /// // usage growing 10x a year outpaces a price falling about 1.5x a year
    /// let fast = Usage::exponential(1.0, Growth::from_fold_per(10.0, 1.0)).with_origin(4.0);
    /// assert!(rw.prob_bill_rises(&fast, 6.0, 7.0)? > 0.95);
    /// assert!(rw.prob_bill_rises(&Usage::constant(1.0), 6.0, 7.0)? < 0.5);
    /// # Ok(()) }
    /// ```
    pub fn prob_bill_rises(&self, usage: &Usage, a: f64, b: f64) -> Result<f64, FitError> {
        BillOptions::new().prob_bill_rises(self, usage, a, b)
    }

    /// Simulates the bills of each span on the same paths, and the
    /// expected bill of each.
    fn simulate(
        &self,
        usage: &Usage,
        spans: &[(f64, f64)],
        opts: &BillOptions,
    ) -> (Vec<Vec<f64>>, Vec<f64>) {
        let (paths, steps) = (opts.paths, opts.steps);
        let (rate, drift_var) = self.path_variances();
        let dof = self.dof();
        let q = self.capped_mean().quantile();
        let mut rng = Rng::new(opts.seed);
        let mut bills = vec![Vec::with_capacity(paths); spans.len()];
        // Simpson weights on `steps` (even) intervals.
        let weight = |i: usize| {
            if i == 0 || i == steps {
                1.0
            } else if i % 2 == 1 {
                4.0
            } else {
                2.0
            }
        };
        // Each span's grid: the time, its usage times the Simpson weight,
        // and the forecast there.
        let grids: Vec<Vec<GridPoint>> = spans
            .iter()
            .map(|&(a, b)| {
                (0..=steps)
                    .map(|i| {
                        let t = a + (b - a) * i as f64 / steps as f64;
                        let w = usage.at(t) * weight(i) * (b - a) / (3.0 * steps as f64);
                        let dt = t - self.t_last;
                        let d = self.log_predictive_at(t);
                        let sd = (rate * dt + drift_var * dt * dt).sqrt();
                        if dt > 0.0 && d.scale > 0.0 && sd > 0.0 {
                            GridPoint {
                                t,
                                w,
                                loc: d.location,
                                gain: d.scale / sd,
                                cap: d.location + q * d.scale,
                            }
                        } else {
                            GridPoint {
                                t,
                                w,
                                loc: self.y_last,
                                gain: 0.0,
                                cap: self.y_last,
                            }
                        }
                    })
                    .collect()
            })
            .collect();
        let expected = spans
            .iter()
            .map(|&(a, b)| self.expected_bill(usage, a, b))
            .collect();
        let mut spare: Option<f64> = None;
        let mut normal = |rng: &mut Rng| {
            if let Some(z) = spare.take() {
                return z;
            }
            let (z1, z2) = rng.normals();
            spare = Some(z2);
            z1
        };
        for _ in 0..paths {
            // V = ν / χ²_ν with χ²_ν = 2 Gamma(ν / 2): the path's scale
            let scale = (dof / (2.0 * rng.gamma(0.5 * dof))).sqrt();
            let slope = drift_var.sqrt() * normal(&mut rng);
            // One Brownian path through every grid time, in time order
            // (spans are given in order and do not overlap).
            let (mut t_prev, mut w_prev) = (self.t_last, 0.0);
            for (s, g) in grids.iter().enumerate() {
                let mut total = 0.0;
                for p in g {
                    let dt = (p.t - self.t_last).max(0.0);
                    if p.t > t_prev {
                        w_prev += (rate * (p.t - t_prev)).sqrt() * normal(&mut rng);
                        t_prev = p.t;
                    }
                    let y = p.loc + p.gain * scale * (slope * dt + w_prev);
                    total += p.w * y.min(p.cap).exp();
                }
                bills[s].push(total);
            }
        }
        (bills, expected)
    }
}

/// One time of a bill's simulation grid.
struct GridPoint {
    t: f64,
    /// Usage times the Simpson weight.
    w: f64,
    /// The forecast's location of `ln price`.
    loc: f64,
    /// The forecast's scale over the simulated process's standard deviation.
    gain: f64,
    /// The capped `ln price` (at the [`MEAN_CAP`](super::MEAN_CAP) quantile).
    cap: f64,
}

impl RandomWalk {
    /// `∫_a^b mean_at(t) usage(t) dt` (see [`Bill::expected`]).
    fn expected_bill(&self, usage: &Usage, a: f64, b: f64) -> f64 {
        let mut total = 0.0;
        // Before the last observation the price is the last one: closed form.
        let left = b.min(self.t_last);
        if a < left {
            let flat = crate::DecayModel::exponential(self.p_last, 0.0);
            total += crate::Spend::new(flat, *usage).cumulative(a, left);
        }
        let lo = a.max(self.t_last);
        if lo < b {
            // Cut where the integrand has a kink: a linear usage's zero,
            // and one step past the last observation, where the variance
            // of a walk with θ ≠ 0 changes form.
            let mut cuts = vec![lo, b];
            cuts.extend(usage.kink());
            if self.theta != 0.0 {
                cuts.push(self.t_last + self.h);
            }
            cuts.retain(|&z| z >= lo && z <= b);
            cuts.sort_by(f64::total_cmp);
            cuts.dedup();
            // In v = √(t - t_last): the spread grows like √(t - t_last),
            // and the capped mean has a term linear in it, a cusp at the
            // last observation that is smooth in v.
            let t0 = self.t_last;
            let capped = self.capped_mean();
            for w in cuts.windows(2) {
                total += smooth_integral(
                    |v| 2.0 * v * usage.at(t0 + v * v),
                    |v| self.log_mean_with(t0 + v * v, &capped),
                    (w[0] - t0).sqrt(),
                    (w[1] - t0).sqrt(),
                );
            }
        }
        total
    }
}

fn span_args(a: f64, b: f64) -> Result<(), FitError> {
    for (name, v) in [("a", a), ("b", b)] {
        if !v.is_finite() {
            return Err(FitError::InvalidArgument {
                name,
                value: v,
                expected: "finite",
            });
        }
    }
    if b <= a {
        return Err(FitError::InvalidArgument {
            name: "b",
            value: b,
            expected: "after a",
        });
    }
    if !(b - a).is_finite() {
        return Err(FitError::InvalidArgument {
            name: "b",
            value: b,
            expected: "within f64::MAX of a (the span b - a overflows)",
        });
    }
    Ok(())
}
