//! [`DecayModel`]: how a price moves over time, and the queries on it.

use core::fmt;

use super::{Exponential, Linear, PriceCurve, StepDiscount, mean_over, write_shift};
use crate::numeric::{self, unwrap_param, write_number};
use crate::{OutputLength, ParamError, Rate};

/// A price curve over time: exponential, linear or step discount.
///
/// Each variant holds a validated struct with private fields, so no caller
/// can build an invalid model. Every variant answers the same queries, in
/// closed form: [`at`](Self::at), [`time_to`](Self::time_to),
/// [`integral`](Self::integral), [`mean`](Self::mean) and
/// [`slope_at`](Self::slope_at).
///
/// | variant | `at(t)` |
/// |---|---|
/// | [`Exponential`] | `floor + (p0 - floor) · exp(-lambda · (t - origin))` |
/// | [`Linear`] | `max(p0 - rate · (t - origin), floor)` |
/// | [`StepDiscount`] | `max(p0 · (1 - discount)^floor((t - origin) / period), floor)` |
///
/// `origin` is 0 and `floor` is 0 unless set with
/// [`with_origin`](Self::with_origin) and [`with_floor`](Self::with_floor).
///
/// # Example
///
/// ```
/// use costtrend::DecayModel;
///
/// // $30 per million tokens in early 2023, falling 10x per year.
/// let m = DecayModel::exponential(30.0, 10f64.ln()).with_origin(2023.0);
/// assert!((m.at(2025.0) - 0.3).abs() < 1e-12);
/// assert!((m.time_to(3.0).unwrap().unwrap() - 2024.0).abs() < 1e-12);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum DecayModel {
    /// Exponential decline toward an optional floor.
    Exponential(Exponential),
    /// Linear decline, clamped at a floor.
    Linear(Linear),
    /// A price that drops by a fixed fraction at the end of every period.
    StepDiscount(StepDiscount),
}

/// Runs `$body` with `$m` bound to the variant's payload.
macro_rules! dispatch {
    ($self:expr, $m:ident => $body:expr) => {
        match $self {
            DecayModel::Exponential($m) => $body,
            DecayModel::Linear($m) => $body,
            DecayModel::StepDiscount($m) => $body,
        }
    };
}

impl DecayModel {
    /// An exponential decline `p0 · exp(-lambda · t)`.
    ///
    /// # Panics
    ///
    /// If `p0` is negative, or `p0` or `lambda` is NaN or infinite.
    /// [`DecayModel::try_exponential`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::exponential(1_000_000.0, 0.2);
    /// assert!((m.at(5.0) - 367_879.441_171_442_3).abs() < 1e-6);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn exponential(p0: f64, lambda: f64) -> Self {
        unwrap_param(Self::try_exponential(p0, lambda))
    }

    /// Checked form of [`DecayModel::exponential`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] if `p0` or `lambda` is NaN or infinite;
    /// [`ParamError::OutOfRange`] if `p0 < 0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::DecayModel;
    /// let m = DecayModel::try_exponential(100.0, 0.5)?;
    /// assert!((m.at(0.0) - 100.0).abs() < 1e-12);
    /// assert!(DecayModel::try_exponential(f64::NAN, 0.5).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_exponential(p0: f64, lambda: f64) -> Result<Self, ParamError> {
        Exponential::try_new(p0, lambda).map(Self::Exponential)
    }

    /// An exponential decline at a [`Rate`], whatever convention it was
    /// given in.
    ///
    /// # Panics
    ///
    /// If `p0` is negative, NaN or infinite.
    /// [`DecayModel::try_exponential_at_rate`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Rate};
    /// let m = DecayModel::exponential_at_rate(1_000_000.0, Rate::from_percent_per(20.0, 1.0));
    /// assert!((m.at(5.0) - 327_680.0).abs() < 1e-6);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn exponential_at_rate(p0: f64, rate: Rate) -> Self {
        unwrap_param(Self::try_exponential_at_rate(p0, rate))
    }

    /// Checked form of [`DecayModel::exponential_at_rate`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] or [`ParamError::OutOfRange`] if `p0` is
    /// not a finite number at least 0.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::{DecayModel, Rate};
    /// let m = DecayModel::try_exponential_at_rate(8.0, Rate::try_from_half_life(1.0)?)?;
    /// assert!((m.at(3.0) - 1.0).abs() < 1e-12);
    /// assert!(DecayModel::try_exponential_at_rate(-8.0, Rate::continuous(1.0)).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_exponential_at_rate(p0: f64, rate: Rate) -> Result<Self, ParamError> {
        Self::try_exponential(p0, rate.lambda())
    }

    /// A linear decline `max(p0 - slope · t, 0)`: `slope` is how much the
    /// price falls per unit time, in price units (negative for a rise).
    ///
    /// # Panics
    ///
    /// If `p0` is negative, or `p0` or `slope` is NaN or infinite.
    /// [`DecayModel::try_linear`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// assert_eq!(DecayModel::linear(100.0, 10.0).at(3.0), 70.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn linear(p0: f64, slope: f64) -> Self {
        unwrap_param(Self::try_linear(p0, slope))
    }

    /// Checked form of [`DecayModel::linear`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] if `p0` or `slope` is NaN or infinite;
    /// [`ParamError::OutOfRange`] if `p0 < 0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::DecayModel;
    /// assert_eq!(DecayModel::try_linear(100.0, 10.0)?.at(20.0), 0.0);
    /// assert!(DecayModel::try_linear(100.0, f64::INFINITY).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_linear(p0: f64, slope: f64) -> Result<Self, ParamError> {
        Linear::try_new(p0, slope).map(Self::Linear)
    }

    /// A step discount: `p0` until `period`, then `discount` off at the end
    /// of every period.
    ///
    /// # Panics
    ///
    /// If `p0` is negative, `discount` is outside `[0, 1)`, `period` is not
    /// positive, or any of them is NaN or infinite.
    /// [`DecayModel::try_step_discount`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::step_discount(100.0, 0.2, 1.0);
    /// assert!((m.at(2.5) - 64.0).abs() < 1e-12);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn step_discount(p0: f64, discount: f64, period: f64) -> Self {
        unwrap_param(Self::try_step_discount(p0, discount, period))
    }

    /// Checked form of [`DecayModel::step_discount`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for a NaN or infinite argument;
    /// [`ParamError::OutOfRange`] if `p0 < 0`, `discount` is outside
    /// `[0, 1)` or `period <= 0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::DecayModel;
    /// assert_eq!(DecayModel::try_step_discount(10.0, 0.5, 1.0)?.at(1.0), 5.0);
    /// assert!(DecayModel::try_step_discount(10.0, 0.5, 0.0).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_step_discount(p0: f64, discount: f64, period: f64) -> Result<Self, ParamError> {
        StepDiscount::try_new(p0, discount, period).map(Self::StepDiscount)
    }

    /// The same model with its origin at `t0`: `p0` becomes the price at
    /// `t0` (the curve moves; the parameters keep their meaning). Use it to
    /// put a model on a calendar axis (`t = 2024.5`) without overflow.
    ///
    /// # Panics
    ///
    /// If `t0` is NaN or infinite. [`DecayModel::try_with_origin`] returns an
    /// error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::exponential(60.0, 0.9).with_origin(2021.9);
    /// assert_eq!(m.at(2021.9), 60.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_origin(self, t0: f64) -> Self {
        unwrap_param(self.try_with_origin(t0))
    }

    /// Checked form of [`DecayModel::with_origin`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] if `t0` is NaN or infinite.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::DecayModel;
    /// let m = DecayModel::try_linear(10.0, 1.0)?.try_with_origin(2020.0)?;
    /// assert_eq!(m.origin(), 2020.0);
    /// assert!(m.try_with_origin(f64::NAN).is_err());
    /// # Ok(()) }
    /// ```
    pub fn try_with_origin(self, t0: f64) -> Result<Self, ParamError> {
        Ok(match self {
            Self::Exponential(m) => Self::Exponential(m.set_origin(t0)?),
            Self::Linear(m) => Self::Linear(m.set_origin(t0)?),
            Self::StepDiscount(m) => Self::StepDiscount(m.set_origin(t0)?),
        })
    }

    /// The same model with a floor the price never goes below (for the
    /// exponential: approaches, never reaches).
    ///
    /// # Panics
    ///
    /// If `floor` is NaN, infinite, negative or above `p0`.
    /// [`DecayModel::try_with_floor`] returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::exponential(100.0, 1.0).with_floor(20.0);
    /// assert!(m.at(100.0) >= 20.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_floor(self, floor: f64) -> Self {
        unwrap_param(self.try_with_floor(floor))
    }

    /// Checked form of [`DecayModel::with_floor`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] if `floor` is NaN or infinite,
    /// [`ParamError::OutOfRange`] if it is negative, and
    /// [`ParamError::FloorAboveP0`] if it exceeds `p0`.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::ParamError> {
    /// use costtrend::{DecayModel, ParamError};
    /// let m = DecayModel::try_linear(10.0, 1.0)?;
    /// assert_eq!(m.try_with_floor(2.0)?.at(100.0), 2.0);
    /// assert!(matches!(m.try_with_floor(11.0), Err(ParamError::FloorAboveP0 { .. })));
    /// # Ok(()) }
    /// ```
    pub fn try_with_floor(self, floor: f64) -> Result<Self, ParamError> {
        Ok(match self {
            Self::Exponential(m) => Self::Exponential(m.set_floor(floor)?),
            Self::Linear(m) => Self::Linear(m.set_floor(floor)?),
            Self::StepDiscount(m) => Self::StepDiscount(m.set_floor(floor)?),
        })
    }

    /// Which variant this is ([`ModelKind::name`] is its name in JSON).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, ModelKind};
    /// assert_eq!(DecayModel::linear(1.0, 1.0).kind(), ModelKind::Linear);
    /// assert_eq!(DecayModel::linear(1.0, 1.0).kind().name(), "linear");
    /// ```
    #[must_use]
    pub fn kind(&self) -> ModelKind {
        match self {
            Self::Exponential(_) => ModelKind::Exponential,
            Self::Linear(_) => ModelKind::Linear,
            Self::StepDiscount(_) => ModelKind::StepDiscount,
        }
    }

    /// The price at the origin.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::DecayModel::linear(7.0, 1.0).p0(), 7.0);
    /// ```
    #[must_use]
    pub fn p0(&self) -> f64 {
        dispatch!(self, m => m.p0())
    }

    /// The time at which the price is `p0` (0 unless set).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// assert_eq!(DecayModel::linear(7.0, 1.0).with_origin(3.0).origin(), 3.0);
    /// ```
    #[must_use]
    pub fn origin(&self) -> f64 {
        dispatch!(self, m => m.origin())
    }

    /// The floor (0 unless set).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// assert_eq!(DecayModel::linear(7.0, 1.0).with_floor(1.0).floor(), 1.0);
    /// ```
    #[must_use]
    pub fn floor(&self) -> f64 {
        dispatch!(self, m => m.floor())
    }

    /// The relative decline [`Rate`] of an exponential model; `None` for the
    /// other variants (a linear model's rate is an absolute slope, see
    /// [`Linear::slope`]).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::exponential(1.0, 10f64.ln());
    /// assert!((m.rate().unwrap().percent_per(1.0) - 90.0).abs() < 1e-12);
    /// assert_eq!(DecayModel::linear(1.0, 1.0).rate(), None);
    /// ```
    #[must_use]
    pub fn rate(&self) -> Option<Rate> {
        match self {
            Self::Exponential(m) => Some(m.rate()),
            _ => None,
        }
    }

    /// The price at time `t`.
    ///
    /// Allocates nothing and never panics. A NaN `t` gives NaN. Where the
    /// curve grows without bound (a rising price, or a decline followed back
    /// far into the past) the price saturates to `+inf` past `f64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// assert!((DecayModel::exponential(100.0, 0.5).at(2.0) - 36.787_944_117_144_23).abs() < 1e-12);
    /// ```
    #[must_use]
    #[inline]
    pub fn at(&self, t: f64) -> f64 {
        dispatch!(self, m => m.at(t))
    }

    /// The prices on an evenly spaced grid, `at(start + i · step)` for
    /// `i` in `0..n`, in a new vector. See
    /// [`eval_grid_into`](Self::eval_grid_into).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::exponential(8.0, std::f64::consts::LN_2);
    /// let v = m.at_grid(0.0, 1.0, 4);
    /// assert!((v[3] - 1.0).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn at_grid(&self, start: f64, step: f64, n: usize) -> Vec<f64> {
        let mut out = vec![0.0; n];
        self.eval_grid_into(start, step, &mut out);
        out
    }

    /// Writes `at(start + i · step)` into `out[i]`, allocating nothing,
    /// faster than [`eval_into`](PriceCurve::eval_into) on the same times.
    ///
    /// The exponential is evaluated as a running product: one `exp` per
    /// block of 256 points anchors eight interleaved chains that advance by
    /// the exact factor `exp(-8 · lambda · step)`, so every value is within
    /// about 1e-14 relative of the exact price (tested against
    /// [`at`](Self::at) at 1e-12, plus the `lambda · ulp(t)` by which `at`'s
    /// own rounded time moves it), and a block whose exponent leaves
    /// `[-700, 700]` is evaluated point by point.
    /// The step discount reuses the price while the period does not change.
    /// A non-finite `start` or `step` falls back to `at` for every point.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::exponential(100.0, 0.3).with_floor(5.0);
    /// let mut out = vec![0.0; 1000];
    /// m.eval_grid_into(2020.0, 0.01, &mut out);
    /// for (i, v) in out.iter().enumerate() {
    ///     let exact = m.at(2020.0 + i as f64 * 0.01);
    ///     assert!((v - exact).abs() <= 1e-12 * exact);
    /// }
    /// ```
    pub fn eval_grid_into(&self, start: f64, step: f64, out: &mut [f64]) {
        if !(start.is_finite() && step.is_finite()) {
            // Point by point; the first point is `start` itself (0 · inf
            // would make it NaN).
            for (i, o) in out.iter_mut().enumerate() {
                let t = if i == 0 {
                    start
                } else {
                    start + i as f64 * step
                };
                *o = self.at(t);
            }
            return;
        }
        match self {
            Self::Exponential(m) => m.fill_grid(start, step, out),
            Self::Linear(m) => {
                for (i, o) in out.iter_mut().enumerate() {
                    *o = m.at(start + i as f64 * step);
                }
            }
            Self::StepDiscount(m) => m.fill_grid(start, step, out),
        }
    }

    /// One dispatch, then a tight loop per variant.
    fn fill(&self, ts: &[f64], out: &mut [f64]) {
        match self {
            Self::Exponential(m) => m.fill(ts, out),
            Self::Linear(m) => {
                for (o, &t) in out.iter_mut().zip(ts) {
                    *o = m.at(t);
                }
            }
            Self::StepDiscount(m) => {
                for (o, &t) in out.iter_mut().zip(ts) {
                    *o = m.at(t);
                }
            }
        }
    }

    /// The first time at or after the origin when the price is at or below
    /// `price`; `None` when that never happens (a flat or rising price, a
    /// target below the floor, or the exponential's floor itself, which is
    /// approached but not reached). If `p0 <= price` the answer is the
    /// origin. The answer is exact in floating point: `at(t) <= price`, and
    /// for the exponential and linear models the float just before `t` (if
    /// not before the origin) is above `price`. For a step discount `t` is
    /// the drop's time as written, `origin + k · period`; times a few ulps
    /// before it already count as at the drop (see
    /// [`StepDiscount::at`]), so there the float just before `t` may be at
    /// or below `price` too.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::exponential(100.0, std::f64::consts::LN_2);
    /// assert!((m.time_to(12.5).unwrap().unwrap() - 3.0).abs() < 1e-12);
    /// assert_eq!(m.time_to(100.0), Ok(Some(0.0)));
    /// assert_eq!(DecayModel::exponential(100.0, -0.1).time_to(50.0), Ok(None));
    /// ```
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for a NaN `price`, [`ParamError::OutOfRange`]
    /// for a negative one: an invalid argument is an error, as in every
    /// query of the crate.
    pub fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError> {
        numeric::target_price(price).map(|p| self.crossing(p))
    }

    /// [`time_to`](Self::time_to) for a valid target (not NaN, at least 0).
    pub(crate) fn crossing(&self, price: f64) -> Option<f64> {
        dispatch!(self, m => m.crossing(price))
    }

    /// The cumulative cost of consuming one unit per unit time over
    /// `[a, b]`: the exact integral of [`at`](Self::at) from `a` to `b`
    /// (negative when `b < a`, zero when `a == b`).
    ///
    /// Closed form for every variant, no quadrature. Saturates to `±inf`
    /// only when the true value exceeds `f64::MAX`; NaN bounds give NaN.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// let m = DecayModel::exponential(100.0, 0.5);
    /// // approaches p0 / lambda = 200 over a long horizon
    /// assert!((m.integral(0.0, 1e3) - 200.0).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn integral(&self, a: f64, b: f64) -> f64 {
        dispatch!(self, m => m.integral(a, b))
    }

    /// The same model with every price-valued parameter divided by `c` (a
    /// power of two), if that is still a valid model.
    fn scale_prices(&self, c: f64) -> Option<Self> {
        let m = match self {
            Self::Exponential(e) => Self::try_exponential(e.p0() / c, e.lambda()),
            Self::Linear(l) => Self::try_linear(l.p0() / c, l.slope() / c),
            Self::StepDiscount(s) => Self::try_step_discount(s.p0() / c, s.discount(), s.period()),
        };
        m.and_then(|m| m.try_with_floor(self.floor() / c))
            .and_then(|m| m.try_with_origin(self.origin()))
            .ok()
    }

    /// The derivative of the price at `t` (negative while falling); the
    /// right-hand derivative at a kink or a step, so 0 between and at steps.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// assert_eq!(DecayModel::linear(10.0, 2.0).slope_at(1.0), -2.0);
    /// assert_eq!(DecayModel::step_discount(10.0, 0.5, 1.0).slope_at(0.5), 0.0);
    /// ```
    #[must_use]
    pub fn slope_at(&self, t: f64) -> f64 {
        dispatch!(self, m => m.slope_at(t))
    }
}

/// The three variants of a [`DecayModel`], as [`DecayModel::kind`]
/// reports them (as [`BreakKind`](crate::breaks::BreakKind) names a break
/// model's).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ModelKind {
    /// [`DecayModel::Exponential`].
    Exponential,
    /// [`DecayModel::Linear`].
    Linear,
    /// [`DecayModel::StepDiscount`].
    StepDiscount,
}

impl ModelKind {
    /// Its name in JSON and reports: `"exponential"`, `"linear"` or
    /// `"step_discount"`.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::ModelKind::StepDiscount.name(), "step_discount");
    /// ```
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Exponential => "exponential",
            Self::Linear => "linear",
            Self::StepDiscount => "step_discount",
        }
    }
}

impl fmt::Display for ModelKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl PriceCurve for DecayModel {
    fn at(&self, t: f64) -> f64 {
        DecayModel::at(self, t)
    }

    fn integral(&self, a: f64, b: f64) -> f64 {
        DecayModel::integral(self, a, b)
    }

    fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError> {
        DecayModel::time_to(self, price)
    }

    fn slope_at(&self, t: f64) -> f64 {
        DecayModel::slope_at(self, t)
    }

    fn integral_scaled(&self, c: f64, a: f64, b: f64) -> Option<f64> {
        self.scale_prices(c).map(|m| m.integral(a, b))
    }

    fn decay_pieces(&self) -> Option<Vec<(f64, DecayModel)>> {
        Some(vec![(f64::NEG_INFINITY, *self)])
    }

    /// The exponential is vectorised (runtime-dispatched AVX2/AVX-512 with
    /// the default `simd` feature) and agrees with [`at`](Self::at) to 2
    /// ulp of its exponential.
    fn at_many(&self, ts: &[f64]) -> Vec<f64> {
        let mut out = vec![0.0; ts.len()];
        self.fill(ts, &mut out);
        out
    }

    /// Vectorised as [`at_many`](Self::at_many).
    fn eval_into(&self, ts: &[f64], out: &mut [f64]) -> Result<(), OutputLength> {
        super::check_output(ts, out)?;
        self.fill(ts, out);
        Ok(())
    }

    /// As the provided mean, and always within the prices at the two ends:
    /// every model here is monotone, so they are its least and greatest on
    /// the span (the closed-form integral over a span of a few ulps can
    /// round outside: a constant step's mean was 100.00095 for 100).
    fn mean(&self, a: f64, b: f64) -> f64 {
        let mean = mean_over(
            a,
            b,
            |t| self.at(t),
            |lo, hi| self.integral(lo, hi),
            |c, lo, hi| self.integral_scaled(c, lo, hi),
        );
        let (pa, pb) = (self.at(a), self.at(b));
        if mean.is_nan() || pa.is_nan() || pb.is_nan() {
            return mean;
        }
        mean.clamp(pa.min(pb), pa.max(pb))
    }
}

impl fmt::Display for DecayModel {
    /// Prints the formula with its numbers, honouring a precision
    /// (`{:.3}`):
    ///
    /// ```
    /// use costtrend::DecayModel;
    /// assert_eq!(DecayModel::exponential(1e6, 0.2).to_string(), "1000000 · exp(-0.2 · (t - 0))");
    /// assert_eq!(
    ///     format!("{:.1}", DecayModel::linear(10.0, 2.0).with_origin(-1.0)),
    ///     "max(10.0 - 2.0 · (t + 1.0), 0.0)"
    /// );
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Exponential(m) => {
                if m.floor() != 0.0 {
                    write_number(f, m.floor())?;
                    f.write_str(" + ")?;
                    write_number(f, m.p0() - m.floor())?;
                } else {
                    write_number(f, m.p0())?;
                }
                f.write_str(" · exp(")?;
                if m.lambda() >= 0.0 {
                    f.write_str("-")?;
                }
                write_number(f, m.lambda().abs())?;
                f.write_str(" · ")?;
                write_shift(f, m.origin())?;
                f.write_str(")")
            }
            Self::Linear(m) => {
                f.write_str("max(")?;
                write_number(f, m.p0())?;
                f.write_str(if m.slope() >= 0.0 { " - " } else { " + " })?;
                write_number(f, m.slope().abs())?;
                f.write_str(" · ")?;
                write_shift(f, m.origin())?;
                f.write_str(", ")?;
                write_number(f, m.floor())?;
                f.write_str(")")
            }
            Self::StepDiscount(m) => {
                f.write_str("max(")?;
                write_number(f, m.p0())?;
                f.write_str(" · (1 - ")?;
                write_number(f, m.discount())?;
                f.write_str(")^floor(")?;
                write_shift(f, m.origin())?;
                f.write_str(" / ")?;
                write_number(f, m.period())?;
                f.write_str("), ")?;
                write_number(f, m.floor())?;
                f.write_str(")")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_of_each_variant() {
        assert_eq!(
            DecayModel::exponential(100.0, -0.5)
                .with_floor(5.0)
                .with_origin(2020.0)
                .to_string(),
            "5 + 95 · exp(0.5 · (t - 2020))"
        );
        assert_eq!(
            DecayModel::step_discount(10.0, 0.25, 0.5).to_string(),
            "max(10 · (1 - 0.25)^floor((t - 0) / 0.5), 0)"
        );
        assert_eq!(
            DecayModel::linear(10.0, -1.0).to_string(),
            "max(10 + 1 · (t - 0), 0)"
        );
    }

    #[test]
    fn eval_into_leaves_output_untouched_on_mismatch() {
        let mut out = [7.0; 2];
        let err = DecayModel::linear(1.0, 1.0)
            .eval_into(&[1.0], &mut out)
            .unwrap_err();
        assert_eq!(
            err,
            OutputLength {
                input: 1,
                output: 2
            }
        );
        assert_eq!(out, [7.0; 2]);
    }

    #[test]
    fn mean_over_reversed_bounds_equals_forward() {
        let m = DecayModel::exponential(10.0, 0.3);
        assert_eq!(m.mean(3.0, 1.0), m.mean(1.0, 3.0));
    }

    #[test]
    fn mean_over_overflowing_span_is_neither_nan_nor_outside_the_curve() {
        // the integral overflows, but a constant's mean is the constant
        let m = DecayModel::linear(10.0, 0.0);
        assert_eq!(m.mean(-1e308, 1e308), 10.0);
        let m = DecayModel::exponential(10.0, 1e-300);
        assert!(!m.mean(-1e308, 1e308).is_nan());
    }

    #[test]
    fn rate_is_only_for_exponential() {
        assert!(DecayModel::exponential(1.0, 0.1).rate().is_some());
        assert!(DecayModel::step_discount(1.0, 0.1, 1.0).rate().is_none());
    }

    #[test]
    #[should_panic(expected = "invalid parameter: floor must not exceed p0 (1), got 2")]
    fn with_floor_panics_above_p0() {
        let _ = DecayModel::linear(1.0, 1.0).with_floor(2.0);
    }
}
