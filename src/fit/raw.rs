//! The fitted curve in the parameters it was fitted in, and everything the
//! fitting routines hand over to build a [`Fit`](super::Fit).

use super::result::Method;

/// The curve that was fitted, in the parameters it was fitted in.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Shape {
    /// `ln p = θ0 - θ1 s`
    LogLinear,
    /// `p = θ0 - θ1 s`
    Linear,
    /// `ln p = θ0 + θ1 k(s)`
    Step { period: f64 },
    /// `p = θ0 exp(-θ1 s)`
    Exp,
    /// `p = θ2 + (θ0 - θ2) exp(-θ1 s)`
    ExpFloor,
}

impl Shape {
    /// The fitted-scale value and its gradient in θ at `t`.
    pub(crate) fn eval(&self, theta: &[f64; 3], t: f64, origin: f64) -> (f64, [f64; 3]) {
        let s = t - origin;
        match *self {
            Shape::LogLinear | Shape::Linear => (theta[0] - theta[1] * s, [1.0, -s, 0.0]),
            Shape::Step { period } => {
                let k = crate::numeric::whole_periods(t, origin, period);
                (theta[0] + theta[1] * k, [1.0, k, 0.0])
            }
            Shape::Exp => {
                let e = (-theta[1] * s).exp();
                (theta[0] * e, [e, -theta[0] * s * e, 0.0])
            }
            Shape::ExpFloor => {
                let e = (-theta[1] * s).exp();
                let a = theta[0] - theta[2];
                (theta[2] + a * e, [e, -a * s * e, 1.0 - e])
            }
        }
    }

    pub(crate) fn log_scale(&self) -> bool {
        matches!(self, Shape::LogLinear | Shape::Step { .. })
    }
}

/// Everything the fitting routines hand over to build a [`Fit`](super::Fit).
#[derive(Clone, Debug)]
pub(crate) struct Raw {
    pub method: Method,
    pub shape: Shape,
    pub origin: f64,
    /// Fitted-scale parameters and their number.
    pub theta: [f64; 3],
    pub k: usize,
    /// `(J'WJ)^-1` in θ (unscaled by σ²).
    pub inv: [[f64; 3]; 3],
    pub n: usize,
    pub sse: f64,
    pub sst: f64,
    pub sum_ln_w: f64,
    /// `Σ ln price` for log-scale fits (the likelihood's Jacobian), else 0.
    pub jacobian: f64,
    pub dropped: usize,
    pub span: f64,
    /// Price-scale fits work on `price / scale` (a power of two near the
    /// largest price): `theta`'s price-valued entries, `sse` and `sst` and
    /// `inv` are in those units. 1 for log-scale fits.
    pub scale: f64,
}

impl Raw {
    /// What `theta[i]` is multiplied by to be in units of the data.
    pub(crate) fn unit(&self, i: usize) -> f64 {
        match (self.shape, i) {
            (Shape::Linear, _) | (Shape::Exp | Shape::ExpFloor, 0 | 2) => self.scale,
            _ => 1.0,
        }
    }

    /// `theta` in units of the data.
    pub(crate) fn values(&self) -> [f64; 3] {
        [
            self.theta[0] * self.unit(0),
            self.theta[1] * self.unit(1),
            self.theta[2] * self.unit(2),
        ]
    }

    /// What the fitted scale (and residuals) are multiplied by to be in
    /// units of the data.
    pub(crate) fn out_unit(&self) -> f64 {
        if self.shape.log_scale() {
            1.0
        } else {
            self.scale
        }
    }
}
