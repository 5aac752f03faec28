//! Error types, one enum per concern.
//!
//! Every message is lowercase, names the offending parameter and carries the
//! bad value, so it can be shown to a user as is.

use thiserror::Error;

/// A model or rate parameter was rejected by a validating constructor.
///
/// Returned by every `try_` constructor ([`DecayModel::try_exponential`],
/// [`Rate::try_continuous`], ...) and by deserialisation, which re-validates.
///
/// [`DecayModel::try_exponential`]: crate::DecayModel::try_exponential
/// [`Rate::try_continuous`]: crate::Rate::try_continuous
///
/// # Example
///
/// ```
/// use costtrend::{DecayModel, ParamError};
///
/// let err = DecayModel::try_exponential(-1.0, 0.2).unwrap_err();
/// assert!(matches!(err, ParamError::OutOfRange { name: "p0", .. }));
/// assert_eq!(err.to_string(), "p0 must be at least 0, got -1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum ParamError {
    /// A parameter was NaN or infinite.
    ///
    /// Every parameter must be a finite number: an infinite price or rate
    /// makes every query meaningless. Fix: check the value at its source.
    #[error("{name} must be finite, got {value}")]
    NonFinite {
        /// The parameter's name as it appears in the API (`p0`, `lambda`, ...).
        name: &'static str,
        /// The rejected value.
        value: f64,
    },
    /// A parameter was finite but outside its valid range.
    ///
    /// `expected` states the range, for example `at least 0` for `p0` or
    /// `in [0, 1)` for a discount.
    #[error("{name} must be {expected}, got {value}")]
    OutOfRange {
        /// The parameter's name as it appears in the API.
        name: &'static str,
        /// The rejected value.
        value: f64,
        /// The valid range, in words.
        expected: &'static str,
    },
    /// A floor was above the starting price `p0`.
    ///
    /// A floor is the level a falling price never goes below, so it cannot
    /// exceed the price at the origin. Fix: lower the floor or raise `p0`.
    #[error("floor must not exceed p0 ({p0}), got {floor}")]
    FloorAboveP0 {
        /// The rejected floor.
        floor: f64,
        /// The model's starting price.
        p0: f64,
    },
}

/// An output buffer did not have the length of its input.
///
/// Returned by [`DecayModel::eval_into`](crate::DecayModel::eval_into),
/// which writes one price per input time and never allocates. Fix: give an
/// output slice exactly as long as the input.
///
/// # Example
///
/// ```
/// use costtrend::DecayModel;
///
/// let m = DecayModel::exponential(100.0, 0.5);
/// let mut out = [0.0; 2];
/// let err = m.eval_into(&[0.0, 1.0, 2.0], &mut out).unwrap_err();
/// assert_eq!(err.to_string(), "output has length 2 but the input has length 3");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Error)]
#[error("output has length {output} but the input has length {input}")]
pub struct LengthMismatch {
    /// Length of the input times.
    pub input: usize,
    /// Length of the output buffer.
    pub output: usize,
}
