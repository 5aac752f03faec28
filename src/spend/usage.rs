//! [`Usage`]: how much is used per unit time.

use crate::numeric::{self, unwrap_param};
use crate::{Growth, ParamError};

/// How much is used per unit time.
///
/// | variant | `at(t)` |
/// |---|---|
/// | constant | `u0` |
/// | linear growth | `max(u0 + slope · (t - origin), 0)` |
/// | exponential growth | `u0 · exp(g · (t - origin))`, `g = growth.per_unit_time()` |
///
/// Exponential usage takes a [`Growth`], never a [`Rate`](crate::Rate)
/// (which is a decline): "5x more per year" is `Growth::from_fold_per(5.0,
/// 1.0)`.
///
/// # Example
///
/// ```
/// use costtrend::{Growth, Usage};
/// let u = Usage::exponential(1e6, Growth::from_fold_per(5.0, 1.0)).with_origin(2024.0);
/// assert!((u.at(2026.0) - 25e6).abs() < 1e-3);
/// ```
///
/// Built only by its constructors (and checked again when deserialised),
/// so a `Usage` always holds valid parameters: its fields are private.
///
/// ```compile_fail,E0451
/// // Not constructible by hand:
/// let u = costtrend::Usage { ..costtrend::Usage::constant(1.0) };
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Usage {
    kind: Kind,
}

/// The shapes of a [`Usage`] (private: see its constructors).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Kind {
    /// The same amount every unit of time.
    Constant {
        /// Usage per unit time.
        u0: f64,
    },
    /// Growing (or shrinking) by a fixed amount per unit time, never below 0.
    Linear {
        /// Usage per unit time at the origin.
        u0: f64,
        /// Change of usage per unit time.
        slope: f64,
        /// Where `u0` applies.
        origin: f64,
    },
    /// Growing (or shrinking) by a fixed factor per unit time.
    Exponential {
        /// Usage per unit time at the origin.
        u0: f64,
        /// Continuous growth rate per unit time.
        growth: f64,
        /// Where `u0` applies.
        origin: f64,
    },
}

impl Usage {
    /// The shape and its parameters.
    pub(crate) fn kind(&self) -> Kind {
        self.kind
    }

    /// Where a linear usage meets 0 (its kink: usage is held at 0 beyond
    /// it), if it has one.
    pub(crate) fn kink(&self) -> Option<f64> {
        match self.kind {
            Kind::Linear { u0, slope, origin } if slope != 0.0 => Some(origin - u0 / slope),
            _ => None,
        }
    }

    /// Constant usage `u0` per unit time.
    ///
    /// # Panics
    ///
    /// If `u0` is negative or not finite; [`Usage::try_constant`] returns an
    /// error instead.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::Usage::constant(3.0).at(1e9), 3.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn constant(u0: f64) -> Self {
        unwrap_param(Self::try_constant(u0))
    }

    /// Checked form of [`Usage::constant`].
    ///
    /// # Errors
    ///
    /// [`ParamError`] unless `u0` is finite and at least 0.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::Usage::try_constant(-1.0).is_err());
    /// ```
    pub fn try_constant(u0: f64) -> Result<Self, ParamError> {
        Ok(Self {
            kind: Kind::Constant {
                u0: numeric::non_negative("u0", u0)?,
            },
        })
    }

    /// Usage `u0` at the origin changing by `slope` per unit time (clamped
    /// at 0).
    ///
    /// # Panics
    ///
    /// If `u0` is negative or either is not finite; [`Usage::try_linear`]
    /// returns an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::Usage::linear(10.0, 2.0).at(3.0), 16.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn linear(u0: f64, slope: f64) -> Self {
        unwrap_param(Self::try_linear(u0, slope))
    }

    /// Checked form of [`Usage::linear`].
    ///
    /// # Errors
    ///
    /// [`ParamError`] unless `u0` is finite and at least 0 and `slope` finite.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::Usage::try_linear(1.0, f64::NAN).is_err());
    /// ```
    pub fn try_linear(u0: f64, slope: f64) -> Result<Self, ParamError> {
        Ok(Self {
            kind: Kind::Linear {
                u0: numeric::non_negative("u0", u0)?,
                slope: numeric::finite("slope", slope)?,
                origin: 0.0,
            },
        })
    }

    /// Usage `u0` at the origin growing at `growth` (read as growth: see
    /// [`Usage`]).
    ///
    /// # Panics
    ///
    /// If `u0` is negative or not finite; [`Usage::try_exponential`] returns
    /// an error instead.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{Growth, Usage};
    /// let u = Usage::exponential(2.0, Growth::from_fold_per(2.0, 1.0)); // doubles yearly
    /// assert!((u.at(1.0) - 4.0).abs() < 1e-12);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn exponential(u0: f64, growth: Growth) -> Self {
        unwrap_param(Self::try_exponential(u0, growth))
    }

    /// Checked form of [`Usage::exponential`].
    ///
    /// # Errors
    ///
    /// [`ParamError`] unless `u0` is finite and at least 0.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{Growth, Usage};
    /// assert!(Usage::try_exponential(f64::INFINITY, Growth::continuous(1.0)).is_err());
    /// ```
    pub fn try_exponential(u0: f64, growth: Growth) -> Result<Self, ParamError> {
        Ok(Self {
            kind: Kind::Exponential {
                u0: numeric::non_negative("u0", u0)?,
                growth: growth.per_unit_time(),
                origin: 0.0,
            },
        })
    }

    /// The same usage with its origin at `t0` (no effect on a constant).
    ///
    /// # Panics
    ///
    /// If `t0` is not finite; [`Usage::try_with_origin`] returns an error
    /// instead.
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::Usage::linear(1.0, 1.0).with_origin(2024.0).at(2025.0), 2.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn with_origin(self, t0: f64) -> Self {
        unwrap_param(self.try_with_origin(t0))
    }

    /// Checked form of [`Usage::with_origin`].
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] if `t0` is NaN or infinite.
    ///
    /// # Example
    ///
    /// ```
    /// assert!(costtrend::Usage::constant(1.0).try_with_origin(f64::NAN).is_err());
    /// ```
    pub fn try_with_origin(self, t0: f64) -> Result<Self, ParamError> {
        let t0 = numeric::finite("origin", t0)?;
        let kind = match self.kind {
            Kind::Constant { u0 } => Kind::Constant { u0 },
            Kind::Linear { u0, slope, .. } => Kind::Linear {
                u0,
                slope,
                origin: t0,
            },
            Kind::Exponential { u0, growth, .. } => Kind::Exponential {
                u0,
                growth,
                origin: t0,
            },
        };
        Ok(Self { kind })
    }

    /// Usage per unit time at `t` (NaN for a NaN `t`; exponential growth
    /// saturates to `+inf` past `f64::MAX`).
    ///
    /// # Example
    ///
    /// ```
    /// assert_eq!(costtrend::Usage::linear(1.0, -1.0).at(5.0), 0.0);
    /// ```
    #[must_use]
    pub fn at(&self, t: f64) -> f64 {
        if t.is_nan() {
            return f64::NAN;
        }
        match self.kind {
            Kind::Constant { u0 } => u0,
            Kind::Linear { u0, slope, origin } => {
                if slope == 0.0 {
                    u0
                } else {
                    (u0 + slope * (t - origin)).max(0.0)
                }
            }
            Kind::Exponential { u0, growth, origin } => {
                if growth == 0.0 || u0 == 0.0 {
                    u0
                } else {
                    u0 * (growth * (t - origin)).exp()
                }
            }
        }
    }

    /// The time derivative of usage at `t` (right-hand at a kink).
    pub(crate) fn slope_at(&self, t: f64) -> f64 {
        match self.kind {
            Kind::Constant { .. } => 0.0,
            Kind::Linear { slope, .. } => {
                if self.at(t) > 0.0 || slope > 0.0 {
                    slope
                } else {
                    0.0
                }
            }
            Kind::Exponential { growth, .. } => growth * self.at(t),
        }
    }
}
