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
#[derive(Clone, Debug, PartialEq, Error)]
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
    /// A time could not be written as the date type asked for (a query's
    /// answer beyond the range of a date library).
    #[error(transparent)]
    Time(#[from] crate::time::TimeError),
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
    /// A break of a piecewise model was not after the one before it (or,
    /// for the first, after the origin).
    ///
    /// Segments are ordered in time, so breaks must be strictly ascending.
    /// Fix: sort the breaks and drop repeats.
    #[error(
        "breaks[{index}] is {value}, not after {previous}: breaks must be strictly ascending and after the origin"
    )]
    BreaksNotAscending {
        /// Index of the offending break.
        index: usize,
        /// The break.
        value: f64,
        /// The break (or origin) it must follow.
        previous: f64,
    },
    /// A piecewise model's per-segment values did not number one more than
    /// its breaks.
    #[error("{name} has {got} values but {breaks} breaks make {segments} segments", segments = breaks + 1)]
    SegmentCount {
        /// `"levels"` or `"lambdas"`.
        name: &'static str,
        /// Values given.
        got: usize,
        /// Breaks given.
        breaks: usize,
    },
}

/// An output buffer did not have the length of its input.
///
/// Returned by [`PriceCurve::eval_into`](crate::PriceCurve::eval_into),
/// which writes one price per input time and never allocates. Fix: give an
/// output slice exactly as long as the input.
///
/// # Example
///
/// ```
/// use costtrend::{DecayModel, PriceCurve};
///
/// let m = DecayModel::exponential(100.0, 0.5);
/// let mut out = [0.0; 2];
/// let err = m.eval_into(&[0.0, 1.0, 2.0], &mut out).unwrap_err();
/// assert_eq!(err, costtrend::OutputLength { input: 3, output: 2 });
/// assert_eq!(err.to_string(), "output has length 2 but the input has length 3");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("output has length {output} but the input has length {input}")]
pub struct OutputLength {
    /// Length of the input times.
    pub input: usize,
    /// Length of the output buffer.
    pub output: usize,
}

/// A fit could not be made, or its result would not be a valid model.
///
/// Returned by every function in [`fit`](crate::fit). Each variant names the
/// offending input (with its index where there is one) or the reason the
/// estimate is not a model, so the message can be shown as is.
///
/// # Example
///
/// ```
/// use costtrend::{fit, FitError};
///
/// let err = fit::exponential(&[2020.0, 2021.0, 2022.0], &[10.0, 0.0, 2.0]).unwrap_err();
/// assert_eq!(err, FitError::NonPositivePrice { index: 1, value: 0.0 });
/// assert_eq!(
///     err.to_string(),
///     "price[1] is 0: a log-scale fit needs prices greater than 0"
/// );
/// ```
#[derive(Clone, Debug, PartialEq, Error)]
#[non_exhaustive]
pub enum FitError {
    /// No observations (after omitting non-finite ones, if asked to).
    #[error("no data to fit")]
    Empty,
    /// A forecast's answer could not be written as the date type asked
    /// for, or a time given was no decimal year (a NaN `f64`).
    #[error(transparent)]
    Time(#[from] crate::time::TimeError),
    /// `t` and `price` differ in length.
    #[error("t has {t} values but price has {price}: they must pair up")]
    LengthMismatch {
        /// Length of the times.
        t: usize,
        /// Length of the prices.
        price: usize,
    },
    /// The weights differ in length from the data.
    #[error("weights has {weights} values but the data has {data}")]
    WeightsLength {
        /// Length of the weights.
        weights: usize,
        /// Length of the data.
        data: usize,
    },
    /// Fewer usable points than the model has parameters.
    #[error("{model} needs at least {needed} points, got {got}")]
    TooFewPoints {
        /// The fit that was asked for.
        model: &'static str,
        /// Points (with a positive weight) it needs.
        needed: usize,
        /// Points it got.
        got: usize,
    },
    /// A time, price or weight was NaN or infinite (with the default
    /// [`NanPolicy::Reject`](crate::NanPolicy::Reject)).
    #[error("{name}[{index}] is {value}: every value must be finite")]
    NonFinite {
        /// `"t"`, `"price"` or `"weight"`.
        name: &'static str,
        /// Index in the input.
        index: usize,
        /// The value.
        value: f64,
    },
    /// A price was 0 or negative in a fit on the log scale.
    #[error("price[{index}] is {value}: a log-scale fit needs prices greater than 0")]
    NonPositivePrice {
        /// Index in the input.
        index: usize,
        /// The price.
        value: f64,
    },
    /// A unit cost was zero or negative in an experience-curve fit (a
    /// power law in log-log space needs costs greater than 0).
    #[error("cost[{index}] is {value}: an experience curve needs costs greater than 0")]
    NonPositiveCost {
        /// Index in the input.
        index: usize,
        /// The offending cost.
        value: f64,
    },
    /// A price was negative (prices are never below 0).
    #[error("price[{index}] is {value}: prices must be at least 0")]
    NegativePrice {
        /// Index in the input.
        index: usize,
        /// The price.
        value: f64,
    },
    /// A cumulative volume was 0 or negative in an experience-curve fit.
    #[error("volume[{index}] is {value}: cumulative volumes must be greater than 0")]
    NonPositiveVolume {
        /// Index in the input.
        index: usize,
        /// The volume.
        value: f64,
    },
    /// A weight was negative or NaN.
    #[error("weight[{index}] is {value}: weights must be finite and at least 0")]
    InvalidWeight {
        /// Index in the input.
        index: usize,
        /// The weight.
        value: f64,
    },
    /// Every weight was 0.
    #[error("all weights are 0: at least two points need a positive weight")]
    AllWeightsZero,
    /// Every (positively weighted) time was the same: no trend can be fitted.
    #[error("all times are equal ({t}): a trend needs at least two distinct times")]
    AllTimesEqual {
        /// The one time.
        t: f64,
    },
    /// Fewer distinct times than the model has parameters that depend on
    /// time's shape: an exponential toward a floor has three parameters, and
    /// two distinct times can never tell them apart, however many points
    /// each time holds.
    #[error("{model} needs at least {needed} distinct times, got {got}")]
    TooFewTimes {
        /// The fit that was asked for.
        model: &'static str,
        /// Distinct times (with a positive weight) it needs.
        needed: usize,
        /// Distinct times it got.
        got: usize,
    },
    /// Two observations share a time where a method needs distinct ones
    /// (a random walk takes differences between consecutive times).
    #[error("t[{index}] is {t}, a time already seen: this method needs distinct times")]
    DuplicateTime {
        /// Index in the input of the second occurrence.
        index: usize,
        /// The time.
        t: f64,
    },
    /// A forecast was asked for a time before the first observation: a
    /// random walk starts from the data and says nothing about the past.
    /// The message says so when the times look like seconds or
    /// milliseconds since 1970 rather than decimal years.
    #[error(
        "t = {t} is before the first observation ({first}): forecasts start from the data{hint}"
    )]
    BeforeData {
        /// The time asked for.
        t: f64,
        /// The first observation's time.
        first: f64,
        /// Empty, or a hint about the time unit.
        hint: &'static str,
    },
    /// One series of a collection ([`Prior::learn`](crate::forecast::Prior::learn))
    /// was refused: the series' index, and why (naming its row).
    #[error("series {series}: {source}")]
    InSeries {
        /// The series' index in the collection.
        series: usize,
        /// Why it was refused.
        source: Box<FitError>,
    },
    /// A result is beyond what `f64` holds in a way that leaves no answer
    /// (an infinite usage times a price of 0, two infinite bills to
    /// compare).
    #[error(
        "{what} overflows f64 (a usage or price beyond f64::MAX on the span): bill a shorter or nearer span, or give the usage an origin near it"
    )]
    Overflow {
        /// What overflowed.
        what: &'static str,
    },
    /// An argument of a query on a fitted result (a probability, a level,
    /// a price) was out of range.
    #[error("{name} must be {expected}, got {value}")]
    InvalidArgument {
        /// The argument's name.
        name: &'static str,
        /// The value given.
        value: f64,
        /// The valid range, in words.
        expected: &'static str,
    },
    /// Every observation fell in the same period of a step fit.
    #[error(
        "all observations fall in one period of length {period}: a step fit needs two distinct periods"
    )]
    OnePeriod {
        /// The period.
        period: f64,
    },
    /// A saved accumulator state ([`Accumulator::from_state`]) holds a
    /// statistic no accumulator could have reached.
    ///
    /// [`Accumulator::from_state`]: crate::fit::Accumulator::from_state
    #[error("accumulator state: {name} must be {expected}, got {value}")]
    InvalidState {
        /// The statistic's name.
        name: &'static str,
        /// The value given.
        value: f64,
        /// What it must be, in words.
        expected: &'static str,
    },
    /// An option was out of range (confidence level, origin, period).
    #[error("{name} must be {expected}, got {value}")]
    InvalidOption {
        /// The option's name.
        name: &'static str,
        /// The value given.
        value: f64,
        /// The valid range, in words.
        expected: &'static str,
    },
    /// An option was set that the chosen fit cannot honour (for example
    /// weights on a streaming accumulator, which takes them per point).
    #[error("the {name} option does not apply to {fit}: {instead}")]
    OptionNotApplicable {
        /// The option.
        name: &'static str,
        /// The fit it was given to.
        fit: &'static str,
        /// What to do instead.
        instead: &'static str,
    },
    /// More breaks were asked of a break fit than the data allow with the
    /// minimum segment length.
    #[error(
        "{asked} breaks asked, but {points} points in segments of at least {min_len} allow at most {most}"
    )]
    TooManyBreaks {
        /// Breaks asked for.
        asked: usize,
        /// The most the data allow.
        most: usize,
        /// Points in the series.
        points: usize,
        /// The minimum segment length.
        min_len: usize,
    },
    /// A break given to a break fit lies outside the observed times (a
    /// break must have data on both sides), or does not follow the break
    /// before it with an observation between.
    #[error("break[{index}] is {value}: {reason}")]
    InvalidBreak {
        /// Index among the given breaks.
        index: usize,
        /// The break.
        value: f64,
        /// Why, naming the data's span where it matters.
        reason: String,
    },
    /// The least-squares estimate is not a valid model; it is reported, never
    /// clamped into one.
    #[error("the fitted {parameter} is {value}: {reason}")]
    InvalidEstimate {
        /// The parameter (`"discount"`, `"floor"`, `"p0"`, ...).
        parameter: &'static str,
        /// Its least-squares value.
        value: f64,
        /// Why that is not a model.
        reason: &'static str,
    },
    /// The data do not determine a parameter.
    #[error("the {parameter} is not identifiable from these data: {reason}")]
    NotIdentifiable {
        /// The parameter (`"floor"` or `"lambda"`).
        parameter: &'static str,
        /// Why.
        reason: &'static str,
    },
    /// The iterative search for `lambda` did not settle.
    #[error("the fit did not converge in {iterations} iterations (last lambda {lambda})")]
    NoConvergence {
        /// Iterations made.
        iterations: usize,
        /// The last value of `lambda` tried.
        lambda: f64,
    },
    /// Two streaming accumulators of different kinds were merged.
    #[error("cannot merge a {left} accumulator with a {right} one")]
    MergeMismatch {
        /// This accumulator's kind.
        left: &'static str,
        /// The other's kind.
        right: &'static str,
    },
}
