//! # costtrend
//!
//! Cost-trend modelling: how a price falls over time (LLM tokens, GPU hours,
//! solar modules, batteries, cloud storage), what it will cost later, when it
//! reaches a target, and how fast it really falls.
//!
//! - [`DecayModel`]: exponential, linear and step-discount price curves,
//!   validated on construction, with exact closed-form queries
//!   ([`at`](DecayModel::at), [`time_to`](DecayModel::time_to),
//!   [`integral`](DecayModel::integral), [`mean`](DecayModel::mean),
//!   [`slope_at`](DecayModel::slope_at)).
//! - [`Rate`]: one decline rate, converted exactly between a continuous
//!   rate, a percentage per period, a half-life and a fold change per period.
//! - [`Piecewise`]: a curve with breaks (kinks, cuts, regimes), and
//!   [`ExperienceCurve`]: Wright's law, cost against cumulative volume.
//! - [`PriceCurve`]: what every curve answers (`at`, `integral`,
//!   `time_to`, `slope_at`, and from them `at_many`, `eval_into`, `mean`,
//!   `at_time`, `time_to_as`), so code written once works on a single
//!   curve and a break model alike.
//! - [`Spend`] and [`Usage`]: what a usage costs under a falling price on
//!   any curve, in closed form, and when the bill turns ([`Jevons`],
//!   [`Turn`]).
//! - [`fit`]: turn observed `(t, price)` points into a single curve with
//!   standard errors and confidence intervals; Wright's-law fits; a
//!   streaming accumulator, mergeable across threads and processes.
//! - [`breaks`]: trend breaks ([`breaks::trend_breaks`] for kinks,
//!   [`breaks::price_cuts`], [`breaks::regimes`]) with a no-break test and
//!   intervals for the break dates.
//! - [`select`]: every variant fitted to the same data and ranked on one
//!   likelihood ([`select::compare`]).
//! - [`estimate`]: what fits and forecasts report (estimates with
//!   intervals, parameters, rates in every convention).
//! - [`frontier`]: LLM prices by capability: the cheapest price reaching a
//!   benchmark score, over time, and Epoch AI's estimate of its decline.
//! - [`forecast`]: forecasts whose intervals hold up on real data (a random
//!   walk with drift, after Farmer & Lafond 2016, with priors learned from a
//!   collection), hindcast backtesting, and bills with intervals.
//! - [`time`]: decimal years and the dates of jiff and chrono. Every fit,
//!   break search and forecast takes its times as any
//!   [`DecimalYear`](time::DecimalYear): `f64` decimal years (borrowed,
//!   not copied) or dates.
//! - [`NanPolicy`]: what every fit and forecast does with non-finite
//!   values (of times of any type too).
//! - [`ParamError`], [`FitError`] and [`OutputLength`]: typed errors with
//!   messages that name the problem.
//!
//! ## Quick start
//!
//! ```
//! use costtrend::{DecayModel, Rate};
//!
//! // "20 % cheaper per year" is not exp(-0.2 t):
//! let naive = DecayModel::exponential(1_000_000.0, 0.2);
//! let right = DecayModel::exponential_at_rate(1_000_000.0, Rate::from_percent_per(20.0, 1.0));
//! assert!((naive.at(5.0) - 367_879.44).abs() < 0.01);
//! assert!((right.at(5.0) - 327_680.0).abs() < 1e-6);
//!
//! // Models live on a calendar axis: $60 per million tokens in late 2021,
//! // ten times cheaper every year.
//! let llm = DecayModel::exponential_at_rate(60.0, Rate::from_fold_per(10.0, 1.0))
//!     .with_origin(2021.9);
//! let year = llm.time_to(0.06).unwrap().unwrap(); // a 1000x drop takes three years
//! assert!((year - 2024.9).abs() < 1e-9);
//! ```
//!
//! ## "Never"
//!
//! One convention across the crate: an invalid argument (a NaN or negative
//! target price, a probability outside `(0, 1)`) is an error, and a value
//! that does not exist is `None`
//! (a price that is never reached: [`DecayModel::time_to`],
//! [`fit::Fit::time_to`], [`forecast::RandomWalk::time_to`]; the half-life
//! of a price that does not fall: [`Rate::half_life`],
//! [`estimate::RateEstimate::half_life`]), and a side of an interval that is
//! unbounded is `±inf` ([`estimate::Interval`]). A spread that cannot be
//! estimated (no residual degrees of freedom) is an [`estimate::Estimate`]
//! without an interval where the interval is optional, and
//! [`FitError::TooFewPoints`] where the spread is the answer (a quantile,
//! a probability).
//!
//! ## Features
//!
//! - `simd` (default): runtime dispatch to AVX2/AVX-512 for bulk evaluation
//!   and fits; off, the same kernels run for the baseline target.
//! - `serde`: (de)serialise models, rates, fits, break fits, forecasts,
//!   bills and reports; input is re-validated, so JSON can never produce an
//!   invalid value, and plain `serde_json` round-trips (README, "serde").
//! - `approx`: `AbsDiffEq` and `RelativeEq` for [`DecayModel`] and [`Rate`].
//! - `jiff` (jiff 1), `jiff-02` (jiff 0.2), `chrono` (chrono 0.4):
//!   [`time::DecimalYear`] for their dates and instants.

#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod curve;
mod error;
mod input;
mod numeric;
mod rate;
mod spend;

#[cfg(all(test, feature = "simd"))]
mod simd_paths;

#[cfg(feature = "approx")]
mod approx_impls;

pub use curve::{
    DecayModel, ExperienceCurve, Exponential, Linear, ModelKind, Piecewise, PriceCurve,
    StepDiscount,
};
pub use error::{FitError, OutputLength, ParamError};
pub use input::NanPolicy;
pub use rate::{Growth, Rate};
pub use spend::{Jevons, Spend, Turn, Usage};

/// The README's Rust examples, compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;
pub mod breaks;
pub mod estimate;
pub mod fit;
pub mod forecast;
pub mod frontier;
pub mod select;
pub mod time;
