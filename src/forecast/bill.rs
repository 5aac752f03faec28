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
    /// The expected bill, `∫ E[price(t)] usage(t) dt`, from the mean price
    /// path (log-normal means of the simulated process): no Monte Carlo
    /// error. The span is split at the last observation (where the mean
    /// path has a kink) and where a linear usage meets 0; before the last
    /// observation the integral is in closed form, after it the smooth
    /// integrand is integrated by composite 16-point Gauss–Legendre with
    /// panels over which its logarithm changes by at most 1/2, to about
    /// 1e-15 relative, so the expected bill over `[a, c]` is the sum of
    /// those over `[a, b]` and `[b, c]` to rounding.
    #[must_use]
    pub fn expected(&self) -> f64 {
        self.expected
    }
    /// The mean of the simulated bills. It agrees with
    /// [`expected`](Self::expected) within a few
    /// [`mc_error`](Self::mc_error)s when the simulated `ln price` has a
    /// standard deviation below about 1.5 over the span (tested up to 1.2
    /// in `tests/it/forecast.rs`). With heavier tails (a window of 2
    /// differences, θ near 1, long horizons) the mean of a log-normal is
    /// carried by paths rarer than 1 in [`BILL_PATHS`]: the simulated mean
    /// then falls short of the expected bill and `mc_error`, itself from
    /// the sample, understates the gap. Budget with `expected`.
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
    /// The simulated process: per unit time, the variance rate of the
    /// Brownian part and the variance of the drift's error, such that the
    /// variance of `ln price` at `τ` steps is
    /// `K² h c (τ + τ²/m) / (1 + θ² - 2θ/m)` with `c = 1 + 2(m - 1)θ/m + θ²`:
    /// [`random_walk`](super::random_walk)'s `A*` without its constant
    /// `-2θ` (a path that starts at the last price cannot have it; for θ > 0
    /// the simulated spread is a little wider).
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
    /// **Method.** [`BILL_PATHS`] paths of `ln price` are simulated from
    /// the last observation on [`BILL_STEPS`] steps over the span (and
    /// exactly from the last observation to `a`): the drift's estimation
    /// error is drawn once per path (normal, variance `K² c / (d m h)` per
    /// unit time squared) and a Brownian part with variance rate `K² c / d`,
    /// `c = 1 + 2(m - 1)θ/m + θ²`, `d = 1 + θ² - 2θ/m`; each path's bill is
    /// integrated by Simpson's rule. The generator is SplitMix64 seeded
    /// with [`BILL_SEED`], so a bill is reproducible. Before the last
    /// observation the price is the last observed one.
    ///
    /// The expected bill comes from the mean price path instead (no Monte
    /// Carlo error); the simulated mean and its standard error are reported
    /// beside it. **A budget needs the expected bill**, which is above the
    /// bill at the median price: the mean of a log-normal price exceeds its
    /// median.
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
        // The grid of each span, its usage and the mean price path.
        let grids: Vec<Vec<(f64, f64)>> = spans
            .iter()
            .map(|&(a, b)| {
                (0..=steps)
                    .map(|i| {
                        let t = a + (b - a) * i as f64 / steps as f64;
                        (t, usage.at(t) * weight(i) * (b - a) / (3.0 * steps as f64))
                    })
                    .collect()
            })
            .collect();
        let expected = spans
            .iter()
            .map(|&(a, b)| self.expected_bill(usage, a, b, rate, drift_var))
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
            let slope = self.mu + drift_var.sqrt() * normal(&mut rng);
            // One Brownian path through every grid time, in time order
            // (spans are given in order and do not overlap).
            let (mut t_prev, mut w_prev) = (self.t_last, 0.0);
            for (s, g) in grids.iter().enumerate() {
                let mut total = 0.0;
                for &(t, w) in g {
                    let dt = (t - self.t_last).max(0.0);
                    if t > t_prev {
                        w_prev += (rate * (t - t_prev)).sqrt() * normal(&mut rng);
                        t_prev = t;
                    }
                    total += w * (self.y_last + slope * dt + w_prev).exp();
                }
                bills[s].push(total);
            }
        }
        (bills, expected)
    }
}

impl RandomWalk {
    /// `∫_a^b E[price(t)] usage(t) dt` with the simulated process's mean
    /// path (see [`Bill::expected`]).
    fn expected_bill(&self, usage: &Usage, a: f64, b: f64, rate: f64, drift_var: f64) -> f64 {
        let mut total = 0.0;
        // Before the last observation the price is the last one: closed form.
        let left = b.min(self.t_last);
        if a < left {
            let flat = crate::DecayModel::exponential(self.p_last, 0.0);
            total += crate::Spend::new(flat, *usage).cumulative(a, left);
        }
        let lo = a.max(self.t_last);
        if lo < b {
            let mut cuts = vec![lo];
            if let Some(z) = usage.kink().filter(|&z| z > lo && z < b) {
                cuts.push(z);
            }
            cuts.push(b);
            let log_mean = |t: f64| {
                let dt = t - self.t_last;
                self.y_last + self.mu * dt + 0.5 * (rate * dt + drift_var * dt * dt)
            };
            for w in cuts.windows(2) {
                total += smooth_integral(|t| usage.at(t), log_mean, w[0], w[1]);
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
