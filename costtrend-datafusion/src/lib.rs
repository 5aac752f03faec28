//! # costtrend-datafusion
//!
//! [costtrend](https://docs.rs/costtrend)'s per-group trend fits as SQL
//! functions for [Apache DataFusion](https://datafusion.apache.org): one
//! price trend per `GROUP BY` key, with standard errors, intervals, rate
//! conventions and queries on the fitted curve, aggregated across
//! partitions with costtrend's mergeable [`Accumulator`](costtrend::fit::Accumulator).
//!
//! | function | kind | returns |
//! |---|---|---|
//! | `decay_fit(t, price [, weight [, level]])` | aggregate | the log-linear fit as a struct |
//! | `linear_fit(t, price [, weight [, level]])` | aggregate | the straight-line fit as a struct |
//! | `decay_at(fit, t)` | scalar | the fitted price at `t` |
//! | `decay_time_to(fit, price)` | scalar | when the fitted price reaches `price` |
//! | `decay_predict_interval(fit, t, level)` | scalar | `{estimate, lower, upper}` for a new observation (the trend fit's interval) |
//! | `decay_forecast(t, price, at [, level])` | aggregate | the random walk's forecast at `at`: `{median, lower, upper, mean, drift, n, error}` |
//!
//! `decay_predict_interval` assumes independent noise around a fixed
//! trend, and on real cost histories its nominal 95 % interval covers
//! about half of what happened a few years on; `decay_forecast` is
//! costtrend's random-walk forecast, equal per group to
//! [`costtrend::forecast::random_walk`], whose intervals hold up.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> datafusion::error::Result<()> {
//! use datafusion::prelude::*;
//!
//! let ctx = SessionContext::new();
//! costtrend_datafusion::register(&ctx);
//! ctx.sql("CREATE TABLE prices (sku TEXT, t DOUBLE, price DOUBLE) AS VALUES
//!          ('a', 2024.0, 10.0), ('a', 2025.0, 5.0), ('a', 2026.0, 2.5),
//!          ('b', 2024.0, 8.0),  ('b', 2025.0, 8.0)")
//!     .await?;
//! let df = ctx
//!     .sql("SELECT sku, decay_fit(t, price)['percent_per_year'] AS pct,
//!                  decay_at(decay_fit(t, price), 2027.0) AS next,
//!                  decay_forecast(t, price, 2027.0, 0.8)['upper'] AS upper
//!           FROM prices GROUP BY sku ORDER BY sku")
//!     .await?;
//! let batches = df.collect().await?;
//! let column = |i: usize| batches[0].column(i).as_any().downcast_ref::<datafusion::arrow::array::Float64Array>().unwrap().clone();
//! assert!((column(1).value(0) - 50.0).abs() < 1e-9);
//! let walk = costtrend::forecast::random_walk(&[2024.0, 2025.0, 2026.0], &[10.0, 5.0, 2.5]).unwrap();
//! use costtrend::forecast::Forecast;
//! use datafusion::arrow::array::Array;
//! assert!((column(3).value(0) - walk.interval_at(2027.0, 0.8).unwrap().upper()).abs() < 1e-9);
//! assert!(column(3).is_null(1)); // b has 2 points: too few for a random walk
//! # Ok(()) }
//! ```
//!
//! **Rules.** NULL inputs are skipped. A non-finite time, price or weight,
//! a price of 0 or less (`decay_fit`) or below 0 (`linear_fit`), or a
//! negative weight refuses its whole group: the struct's `error` says
//! why and its estimates are NULL; the query goes on. A group that cannot
//! be fitted (one point, one distinct time) is refused the same way.
//! Wrong argument counts or types, and a level outside (0, 1), are
//! planning errors naming the function.
#![forbid(unsafe_code)]

mod aggregate;
mod columns;
mod docs;
mod forecast;
mod scalar;

use std::ops::RangeInclusive;
use std::sync::Arc;

use datafusion::arrow::array::RecordBatch;
use datafusion::arrow::datatypes::{DataType, Schema};
use datafusion::common::{Result, ScalarValue, plan_err};
use datafusion::logical_expr::{AggregateUDF, ColumnarValue, ScalarUDF};
use datafusion::physical_expr::PhysicalExpr;
use datafusion::prelude::SessionContext;

pub use aggregate::TrendFit;
pub use columns::Kind;
pub use forecast::DecayForecast;
pub use scalar::OnFit;

/// Bytes of state each group holds while it is aggregated (the costtrend
/// accumulator and the first refusal).
pub const STATE_BYTES: usize = size_of::<columns::Group>();

/// The aggregate functions of this crate: `decay_fit`, `linear_fit` and
/// `decay_forecast`.
#[must_use]
pub fn aggregates() -> Vec<AggregateUDF> {
    vec![
        AggregateUDF::from(TrendFit::decay()),
        AggregateUDF::from(TrendFit::linear()),
        AggregateUDF::from(DecayForecast::new()),
    ]
}

/// The scalar functions `decay_at`, `decay_time_to` and
/// `decay_predict_interval`.
#[must_use]
pub fn scalars() -> Vec<ScalarUDF> {
    vec![
        ScalarUDF::from(OnFit::at()),
        ScalarUDF::from(OnFit::time_to()),
        ScalarUDF::from(OnFit::predict_interval()),
    ]
}

/// Registers every function on `ctx`.
///
/// ```
/// use datafusion::execution::FunctionRegistry;
/// let ctx = datafusion::prelude::SessionContext::new();
/// costtrend_datafusion::register(&ctx);
/// assert!(ctx.udaf("decay_fit").is_ok() && ctx.udf("decay_at").is_ok());
/// ```
pub fn register(ctx: &SessionContext) {
    for f in aggregates() {
        ctx.register_udaf(f);
    }
    for f in scalars() {
        ctx.register_udf(f);
    }
}

/// Coerces numeric (or NULL) arguments to `Float64`, or a planning error
/// naming the function and what it expects.
pub(crate) fn numbers(
    name: &str,
    usage: &str,
    types: &[DataType],
    count: RangeInclusive<usize>,
) -> Result<Vec<DataType>> {
    let ok = count.contains(&types.len())
        && types
            .iter()
            .all(|t| t.is_numeric() || matches!(t, DataType::Null));
    if !ok {
        let got: Vec<String> = types.iter().map(ToString::to_string).collect();
        return plan_err!(
            "{name} expects {usage} with numbers, got ({})",
            got.join(", ")
        );
    }
    Ok(vec![DataType::Float64; types.len()])
}

/// The value of a constant physical expression, if it is one.
pub(crate) fn constant(expr: &Arc<dyn PhysicalExpr>) -> Option<f64> {
    let batch = RecordBatch::new_empty(Arc::new(Schema::empty()));
    match expr.evaluate(&batch).ok()? {
        ColumnarValue::Scalar(s) => as_f64(&s),
        ColumnarValue::Array(_) => None,
    }
}

/// A numeric scalar as `f64`.
pub(crate) fn as_f64(s: &ScalarValue) -> Option<f64> {
    match s.cast_to(&DataType::Float64).ok()? {
        ScalarValue::Float64(v) => v,
        _ => None,
    }
}

/// A confidence level in (0, 1), or a planning error naming the function.
pub(crate) fn check_level(name: &str, level: f64) -> Result<f64> {
    if level > 0.0 && level < 1.0 {
        Ok(level)
    } else {
        plan_err!("{name}: the level must be in (0, 1), got {level}")
    }
}
