//! Price curves: how a price moves along its axis (time for
//! [`DecayModel`] and [`Piecewise`], cumulative volume for
//! [`ExperienceCurve`]), and the queries every curve answers
//! ([`PriceCurve`]).

use core::fmt;

mod decay;
mod experience;
mod exponential;
mod linear;
mod piecewise;
mod step;
#[cfg(feature = "serde")]
mod wire;

pub use decay::{DecayModel, ModelKind};
pub use experience::ExperienceCurve;
pub use exponential::Exponential;
pub use linear::Linear;
pub use piecewise::Piecewise;
pub use step::StepDiscount;

use crate::numeric::write_number;
use crate::time::{DecimalYear, TimeError};
use crate::{OutputLength, ParamError};

/// What every price curve answers: the price, its exact integral, the
/// first time it is at or below a target and its slope, on the curve's
/// axis (decimal years for [`DecayModel`] and [`Piecewise`], cumulative
/// volume for [`ExperienceCurve`]); and, from those, the queries provided
/// here once for all of them: [`at_many`](Self::at_many),
/// [`eval_into`](Self::eval_into), [`mean`](Self::mean),
/// [`at_time`](Self::at_time) and [`time_to_as`](Self::time_to_as).
///
/// Code written against `PriceCurve` (a plot, a bill with
/// [`Spend`](crate::Spend), a budget query) works on a single curve and on
/// a break model alike.
///
/// # Example
///
/// ```
/// use costtrend::{DecayModel, Piecewise, PriceCurve};
///
/// fn average_2025<C: PriceCurve>(curve: &C) -> f64 {
///     curve.mean(2025.0, 2026.0)
/// }
/// let smooth = DecayModel::exponential(10.0, 0.5).with_origin(2025.0);
/// let broken = Piecewise::continuous(10.0, 2025.0, &[2025.5], &[0.5, 0.5]);
/// assert!((average_2025(&smooth) - average_2025(&broken)).abs() < 1e-12);
/// ```
pub trait PriceCurve {
    /// The price at `t` (NaN for a NaN `t`).
    #[must_use]
    fn at(&self, t: f64) -> f64;

    /// The exact integral of [`at`](Self::at) over `[a, b]` (negative
    /// when `b < a`, zero when `a == b`, NaN for a NaN bound).
    #[must_use]
    fn integral(&self, a: f64, b: f64) -> f64;

    /// The first point at or after the curve's start where the price is at
    /// or below `price`; `None` when that never happens.
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for a NaN `price`,
    /// [`ParamError::OutOfRange`] for a negative one.
    fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError>;

    /// The derivative of the price at `t` (negative while falling; the
    /// right-hand derivative at a kink, a step or a break).
    #[must_use]
    fn slope_at(&self, t: f64) -> f64;

    /// The integral over `[a, b]` of the prices divided by `c`, a power of
    /// two, computed so that it does not underflow where the integral of
    /// tiny prices would; [`mean`](Self::mean) uses it. The default is
    /// `None` (no such form); curves whose prices are linear in their
    /// price-valued parameters scale those exactly.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, PriceCurve};
    /// let m = DecayModel::linear(1e-300, 0.0);
    /// assert_eq!(m.integral_scaled(2f64.powi(-997), 0.0, 1.0), Some(m.at(0.0) * 2f64.powi(997)));
    /// ```
    #[must_use]
    fn integral_scaled(&self, c: f64, a: f64, b: f64) -> Option<f64> {
        let _ = (c, a, b);
        None
    }

    /// The curve as consecutive [`DecayModel`]s, each valid from its start
    /// time (the first from `-inf`) to the next one's, when it is made of
    /// them: [`Spend`](crate::Spend) integrates each in closed form. The
    /// default is `None` (then spend is integrated by quadrature, exactly
    /// for constant usage).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{Piecewise, PriceCurve};
    /// let m = Piecewise::new(0.0, &[1.0], &[3.0, 2.0], &[0.0; 2]);
    /// let pieces = m.decay_pieces().unwrap();
    /// assert_eq!(pieces.len(), 2);
    /// assert_eq!(pieces[1].0, 1.0);
    /// assert_eq!(pieces[1].1.at(1.5), 2.0);
    /// ```
    #[must_use]
    fn decay_pieces(&self) -> Option<Vec<(f64, DecayModel)>> {
        None
    }

    /// The prices at every point in `ts`, in a new vector.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, PriceCurve};
    /// assert_eq!(DecayModel::linear(10.0, 1.0).at_many(&[0.0, 1.0, 20.0]), vec![10.0, 9.0, 0.0]);
    /// ```
    #[must_use]
    fn at_many(&self, ts: &[f64]) -> Vec<f64> {
        ts.iter().map(|&t| self.at(t)).collect()
    }

    /// Writes the price at `ts[i]` into `out[i]`, allocating nothing.
    ///
    /// # Errors
    ///
    /// [`OutputLength`] if `out` is not exactly as long as `ts`; `out` is
    /// then left untouched.
    ///
    /// # Example
    ///
    /// ```
    /// # fn main() -> Result<(), costtrend::OutputLength> {
    /// use costtrend::{Piecewise, PriceCurve};
    /// let m = Piecewise::new(0.0, &[1.0], &[3.0, 2.0], &[0.0; 2]);
    /// let mut out = [0.0; 2];
    /// m.eval_into(&[0.0, 2.0], &mut out)?;
    /// assert_eq!(out, [3.0, 2.0]);
    /// # Ok(()) }
    /// ```
    fn eval_into(&self, ts: &[f64], out: &mut [f64]) -> Result<(), OutputLength> {
        check_output(ts, out)?;
        for (o, &t) in out.iter_mut().zip(ts) {
            *o = self.at(t);
        }
        Ok(())
    }

    /// The average price over `[a, b]`: `integral(a, b) / (b - a)`, and
    /// `at(a)` when `a == b` (the limit). Symmetric in `a` and `b`. Over
    /// an unbounded span, the price's limit at the unbounded end (the
    /// larger if both are); over a span too wide for an `f64`, the mean of
    /// its halves; small prices are averaged through
    /// [`integral_scaled`](Self::integral_scaled), so the mean does not
    /// underflow where the integral would. NaN bounds give NaN.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{Piecewise, PriceCurve};
    /// let m = Piecewise::new(0.0, &[1.0], &[3.0, 2.0], &[0.0; 2]);
    /// assert_eq!(m.mean(0.0, 2.0), 2.5);
    /// assert_eq!(m.mean(5.0, 5.0), 2.0);
    /// ```
    #[must_use]
    fn mean(&self, a: f64, b: f64) -> f64 {
        mean_over(
            a,
            b,
            |t| self.at(t),
            |lo, hi| self.integral(lo, hi),
            |c, lo, hi| self.integral_scaled(c, lo, hi),
        )
    }

    /// The price at a date or instant (anything [`DecimalYear`]: `f64`,
    /// and with the features `jiff` and `chrono` their dates and
    /// instants), on the crate's decimal-year axis.
    ///
    /// # Errors
    ///
    /// [`TimeError`] for a time that is no decimal year (a NaN `f64`).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, PriceCurve};
    /// let m = DecayModel::linear(10.0, 2.0).with_origin(2024.0);
    /// assert_eq!(m.at_time(&2025.0), Ok(8.0));
    /// ```
    fn at_time<T: DecimalYear>(&self, t: &T) -> Result<f64, TimeError> {
        Ok(self.at(t.to_year()?))
    }

    /// [`time_to`](Self::time_to) as a date or instant of type `T` (the
    /// nearest day for dates, the nearest second for instants); `None`
    /// when the price is never reached.
    ///
    /// # Errors
    ///
    /// As [`time_to`](Self::time_to), and [`ParamError::Time`] when the
    /// time is beyond what `T` holds.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, PriceCurve};
    /// let m = DecayModel::linear(10.0, 2.0).with_origin(2024.0);
    /// assert_eq!(m.time_to_as::<f64>(4.0), Ok(Some(2027.0)));
    /// assert_eq!(m.with_floor(5.0).time_to_as::<f64>(4.0), Ok(None));
    /// ```
    fn time_to_as<T: DecimalYear>(&self, price: f64) -> Result<Option<T>, ParamError> {
        Ok(self.time_to(price)?.map(T::from_year).transpose()?)
    }
}

/// A borrowed curve is a curve: `Spend::new(&model, usage)` and generic
/// code taking `&C` need no copy.
impl<C: PriceCurve + ?Sized> PriceCurve for &C {
    fn at(&self, t: f64) -> f64 {
        (**self).at(t)
    }
    fn integral(&self, a: f64, b: f64) -> f64 {
        (**self).integral(a, b)
    }
    fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError> {
        (**self).time_to(price)
    }
    fn slope_at(&self, t: f64) -> f64 {
        (**self).slope_at(t)
    }
    fn integral_scaled(&self, c: f64, a: f64, b: f64) -> Option<f64> {
        (**self).integral_scaled(c, a, b)
    }
    fn decay_pieces(&self) -> Option<Vec<(f64, DecayModel)>> {
        (**self).decay_pieces()
    }
    fn at_many(&self, ts: &[f64]) -> Vec<f64> {
        (**self).at_many(ts)
    }
    fn eval_into(&self, ts: &[f64], out: &mut [f64]) -> Result<(), OutputLength> {
        (**self).eval_into(ts, out)
    }
    fn mean(&self, a: f64, b: f64) -> f64 {
        (**self).mean(a, b)
    }
}

/// [`OutputLength`] unless `out` is exactly as long as `ts`.
pub(crate) fn check_output(ts: &[f64], out: &[f64]) -> Result<(), OutputLength> {
    if ts.len() == out.len() {
        Ok(())
    } else {
        Err(OutputLength {
            input: ts.len(),
            output: out.len(),
        })
    }
}

/// The shared prologue of every closed-form integral: NaN for a NaN
/// bound, `-∫_b^a` when `b < a`, 0 when `a == b`; otherwise `forward(a, b)`
/// with `a < b`.
pub(crate) fn oriented(a: f64, b: f64, forward: impl Fn(f64, f64) -> f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else if b < a {
        -forward(b, a)
    } else if a == b {
        0.0
    } else {
        forward(a, b)
    }
}

/// The average of a price curve over `[a, b]`, shared by [`DecayModel`]
/// and [`Piecewise`]: `at(a)` when `a == b`; over an unbounded span the
/// limit at the unbounded end(s); over a span too wide for an `f64` the
/// mean of its two halves; and for prices below 1, whose integral over a
/// short span may underflow, the integral of the curve scaled by a power
/// of two `c` (`scaled(c, lo, hi)`, exact) times `c`. NaN bounds give NaN.
pub(crate) fn mean_over(
    a: f64,
    b: f64,
    at: impl Fn(f64) -> f64 + Copy,
    integral: impl Fn(f64, f64) -> f64 + Copy,
    scaled: impl Fn(f64, f64, f64) -> Option<f64> + Copy,
) -> f64 {
    if a.is_nan() || b.is_nan() {
        return f64::NAN;
    }
    if a == b {
        return at(a);
    }
    let (lo, hi) = if a < b { (a, b) } else { (b, a) };
    if lo.is_infinite() || hi.is_infinite() {
        // Over an unbounded span a monotone price averages to its limit
        // at the unbounded end(s).
        let left = if lo.is_infinite() { at(lo) } else { 0.0 };
        let right = if hi.is_infinite() { at(hi) } else { 0.0 };
        return left.max(right);
    }
    let width = hi - lo;
    if width.is_infinite() {
        // The width overflows: average the two halves, each of which has
        // a representable width.
        let mid = lo / 2.0 + hi / 2.0;
        return mean_over(lo, mid, at, integral, scaled) / 2.0
            + mean_over(mid, hi, at, integral, scaled) / 2.0;
    }
    // The integral of a small price over a short span underflows where
    // the mean does not: the curves are linear in their price-valued
    // parameters, so average the curve scaled (by a power of two:
    // exactly) to prices near 1, and scale the mean back.
    let top = at(lo).max(at(hi));
    if top > 0.0 && top < 1.0 {
        let c = crate::numeric::pow2_floor(top);
        if let Some(i) = scaled(c, lo, hi) {
            return i / width * c;
        }
    }
    integral(lo, hi) / width
}

/// Writes `(t - origin)`, as `(t + 5)` for a negative origin.
fn write_shift(f: &mut fmt::Formatter<'_>, origin: f64) -> fmt::Result {
    if origin < 0.0 {
        f.write_str("(t + ")?;
        write_number(f, -origin)?;
    } else {
        f.write_str("(t - ")?;
        write_number(f, origin)?;
    }
    f.write_str(")")
}
