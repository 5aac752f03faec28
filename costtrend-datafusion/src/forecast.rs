//! `decay_forecast`: costtrend's random-walk forecast per group, the
//! forecast whose intervals hold up on real cost histories.
//!
//! A random walk takes differences between consecutive times, so its
//! statistics cannot be merged from partial sums of rows that reach the
//! partitions in any order: each group keeps its points (times and prices,
//! 16 bytes a row) and the first refusal, and is forecast once, after the
//! merge, by [`costtrend::forecast::random_walk`].

use std::sync::{Arc, LazyLock};

use costtrend::FitError;
use costtrend::forecast::{self, Forecast};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, BooleanArray, Float64Array, Float64Builder, ListArray, ListBuilder,
    StringBuilder, StructArray, UInt8Array, UInt64Builder,
};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields, Float64Type};
use datafusion::common::{DataFusionError, Result, ScalarValue, exec_err, plan_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, Documentation, EmitTo, GroupsAccumulator, Signature,
    TypeSignature, Volatility,
};
use datafusion::physical_expr::PhysicalExpr;

use crate::columns::{self, Kind, Refusal};
use crate::docs;

const NAME: &str = "decay_forecast";

/// `decay_forecast(t, price, at [, level])`: the random walk's forecast
/// of the price at `at`, per group.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DecayForecast {
    signature: Signature,
}

impl Default for DecayForecast {
    fn default() -> Self {
        Self::new()
    }
}

impl DecayForecast {
    /// The aggregate function.
    #[must_use]
    pub fn new() -> Self {
        let f = || DataType::Float64;
        Self {
            signature: Signature::one_of(
                vec![
                    TypeSignature::UserDefined,
                    TypeSignature::Exact(vec![f(), f(), f()]),
                    TypeSignature::Exact(vec![f(), f(), f(), f()]),
                ],
                Volatility::Immutable,
            ),
        }
    }

    /// The time and level of the forecast: constants (the level 0.95 when
    /// it is not given).
    fn query(exprs: &[Arc<dyn PhysicalExpr>]) -> Result<Query> {
        let at = exprs.get(2).and_then(crate::constant).ok_or_else(|| {
            DataFusionError::Plan(format!(
                "{NAME}: the time to forecast (third argument) must be a constant number"
            ))
        })?;
        if !at.is_finite() {
            return plan_err!("{NAME}: the time to forecast must be finite, got {at}");
        }
        let level = match exprs.get(3) {
            None => 0.95,
            Some(e) => crate::constant(e).ok_or_else(|| {
                DataFusionError::Plan(format!(
                    "{NAME}: the level (fourth argument) must be a constant number"
                ))
            })?,
        };
        Ok(Query {
            at,
            level: crate::check_level(NAME, level)?,
        })
    }
}

/// What each group is asked.
#[derive(Clone, Copy, Debug)]
struct Query {
    at: f64,
    level: f64,
}

impl AggregateUDFImpl for DecayForecast {
    fn name(&self) -> &str {
        NAME
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        crate::numbers(NAME, "(t, price, at [, level])", arg_types, 3..=4)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(result_fields()))
    }

    fn is_nullable(&self) -> bool {
        false
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(RowForecast {
            query: Self::query(args.exprs)?,
            series: Series::default(),
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        let list = || DataType::List(Arc::new(Field::new_list_field(DataType::Float64, true)));
        Ok(vec![
            Arc::new(Field::new(format!("{}[t]", args.name), list(), true)),
            Arc::new(Field::new(format!("{}[price]", args.name), list(), true)),
            Arc::new(Field::new(
                format!("{}[refusal]", args.name),
                DataType::UInt8,
                true,
            )),
            Arc::new(Field::new(
                format!("{}[refused_value]", args.name),
                DataType::Float64,
                true,
            )),
        ])
    }

    fn groups_accumulator_supported(&self, _args: AccumulatorArgs) -> bool {
        true
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        Ok(Box::new(ForecastGroups {
            query: Self::query(args.exprs)?,
            groups: Vec::new(),
        }))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DOC: LazyLock<Documentation> = LazyLock::new(docs::forecast);
        Some(&DOC)
    }
}

/// One group's points and its first refusal.
#[derive(Clone, Debug, Default)]
struct Series {
    t: Vec<f64>,
    price: Vec<f64>,
    refused: Option<(Refusal, f64)>,
}

impl Series {
    /// Adds one row (NULLs are skipped by the caller); a non-finite time
    /// or price, or a price of 0 or less, refuses the group as it does
    /// `decay_fit`'s.
    #[inline]
    fn push(&mut self, t: f64, price: f64) {
        if self.refused.is_some() {
            return;
        }
        self.refused = Refusal::of_row(Kind::Decay, t, price, 1.0);
        if self.refused.is_none() {
            self.t.push(t);
            self.price.push(price);
        }
    }

    fn merge(&mut self, other: &Series) {
        if self.refused.is_none() {
            self.refused = other.refused;
        }
        if self.refused.is_none() {
            self.t.extend_from_slice(&other.t);
            self.price.extend_from_slice(&other.price);
        }
    }

    fn bytes(&self) -> usize {
        size_of::<Self>() + 8 * (self.t.capacity() + self.price.capacity())
    }
}

/// The input columns as `f64` arrays (coerced at planning).
fn inputs(values: &[ArrayRef]) -> Result<(&Float64Array, &Float64Array)> {
    let f = |i: usize| -> Result<&Float64Array> {
        values
            .get(i)
            .and_then(|v| v.as_primitive_opt::<Float64Type>())
            .ok_or_else(|| {
                DataFusionError::Execution(format!("{NAME}: argument {i} is not Float64"))
            })
    };
    Ok((f(0)?, f(1)?))
}

/// The state columns of `groups`: two lists and the refusal.
fn state_columns(groups: &[Series]) -> Vec<ArrayRef> {
    let list = |f: &dyn Fn(&Series) -> &[f64]| -> ArrayRef {
        let mut b = ListBuilder::new(Float64Builder::new());
        for g in groups {
            b.values().append_slice(f(g));
            b.append(true);
        }
        Arc::new(b.finish())
    };
    vec![
        list(&|g| &g.t),
        list(&|g| &g.price),
        Arc::new(UInt8Array::from_iter_values(
            groups.iter().map(|g| g.refused.map_or(0, |r| r.0 as u8)),
        )),
        Arc::new(Float64Array::from_iter_values(
            groups.iter().map(|g| g.refused.map_or(0.0, |r| r.1)),
        )),
    ]
}

/// Typed views of the state columns.
struct StateColumns<'a> {
    t: &'a ListArray,
    price: &'a ListArray,
    code: &'a UInt8Array,
    value: &'a Float64Array,
}

impl<'a> StateColumns<'a> {
    fn new(columns: &'a [ArrayRef]) -> Result<Self> {
        let [t, price, code, value] = columns else {
            return exec_err!(
                "{NAME}: the state has {} columns, expected 4",
                columns.len()
            );
        };
        let bad = |what: &str| DataFusionError::Execution(format!("{NAME}: state {what}"));
        Ok(Self {
            t: t.as_list_opt::<i32>()
                .ok_or_else(|| bad("t is not a list"))?,
            price: price
                .as_list_opt::<i32>()
                .ok_or_else(|| bad("price is not a list"))?,
            code: code
                .as_any()
                .downcast_ref::<UInt8Array>()
                .ok_or_else(|| bad("refusal is not UInt8"))?,
            value: value
                .as_primitive_opt::<Float64Type>()
                .ok_or_else(|| bad("refused_value is not Float64"))?,
        })
    }

    fn series(&self, i: usize) -> Result<Series> {
        let values = |l: &ListArray| -> Result<Vec<f64>> {
            let v = l.value(i);
            let v = v.as_primitive_opt::<Float64Type>().ok_or_else(|| {
                DataFusionError::Execution(format!("{NAME}: state list is not Float64"))
            })?;
            Ok(v.values().to_vec())
        };
        Ok(Series {
            t: values(self.t)?,
            price: values(self.price)?,
            refused: Refusal::from_code(self.code.value(i)).map(|r| (r, self.value.value(i))),
        })
    }

    fn len(&self) -> usize {
        self.code.len()
    }
}

/// The fields of the result struct.
fn result_fields() -> Fields {
    let f = |name: &str| Field::new(name, DataType::Float64, true);
    vec![
        f("median"),
        f("lower"),
        f("upper"),
        f("mean"),
        f("drift"),
        Field::new("n", DataType::UInt64, false),
        Field::new("error", DataType::Utf8, true),
    ]
    .into()
}

/// A group's forecast error as a message that names no row index (rows
/// reach the partitions in no order a user could see).
fn why(e: &FitError) -> String {
    match e {
        FitError::DuplicateTime { t, .. } => {
            format!("the time {t} appears twice: a random walk needs distinct times")
        }
        FitError::TooFewPoints { needed, got, .. } => {
            format!("a random walk needs at least {needed} points, got {got}")
        }
        other => other.to_string(),
    }
}

/// The result struct of each group.
fn results(query: Query, groups: &[Series]) -> Result<ArrayRef> {
    let mut cols: Vec<Float64Builder> = (0..5)
        .map(|_| Float64Builder::with_capacity(groups.len()))
        .collect();
    let mut n = UInt64Builder::with_capacity(groups.len());
    let mut error = StringBuilder::new();
    for g in groups {
        n.append_value(g.t.len() as u64);
        let answer = match g.refused {
            Some((r, v)) => Err(r.message(v)),
            None => forecast_one(&g.t, &g.price, query).map_err(|e| why(&e)),
        };
        match answer {
            Ok(row) => {
                for (b, v) in cols.iter_mut().zip(row) {
                    b.append_value(v);
                }
                error.append_null();
            }
            Err(message) => {
                for b in cols.iter_mut() {
                    b.append_null();
                }
                error.append_value(message);
            }
        }
    }
    let mut arrays: Vec<ArrayRef> = cols
        .iter_mut()
        .map(|b| Arc::new(b.finish()) as ArrayRef)
        .collect();
    arrays.push(Arc::new(n.finish()));
    arrays.push(Arc::new(error.finish()));
    Ok(Arc::new(StructArray::try_new(
        result_fields(),
        arrays,
        None,
    )?))
}

/// median, lower, upper, mean and drift of one group's forecast.
fn forecast_one(t: &[f64], price: &[f64], q: Query) -> Result<[f64; 5], FitError> {
    let walk = forecast::random_walk(t, price)?;
    let band = walk.interval_at(q.at, q.level)?;
    Ok([
        walk.median_at(q.at),
        band.lower(),
        band.upper(),
        walk.mean_at(q.at),
        walk.drift(),
    ])
}

/// One group at a time (DataFusion's generic path).
#[derive(Debug)]
struct RowForecast {
    query: Query,
    series: Series,
}

impl Accumulator for RowForecast {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let (t, p) = inputs(values)?;
        for i in 0..t.len() {
            if let (Some(ti), Some(pi)) = (columns::f64_at(t, i), columns::f64_at(p, i)) {
                self.series.push(ti, pi);
            }
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let array = results(self.query, std::slice::from_ref(&self.series))?;
        Ok(ScalarValue::Struct(Arc::new(array.as_struct().clone())))
    }

    fn size(&self) -> usize {
        size_of::<Self>() - size_of::<Series>() + self.series.bytes()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        state_columns(std::slice::from_ref(&self.series))
            .iter()
            .map(|a| ScalarValue::try_from_array(a, 0))
            .collect()
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let cols = StateColumns::new(states)?;
        for i in 0..cols.len() {
            self.series.merge(&cols.series(i)?);
        }
        Ok(())
    }
}

/// Every group of a partition (DataFusion's fast path for many groups).
struct ForecastGroups {
    query: Query,
    groups: Vec<Series>,
}

impl ForecastGroups {
    fn grow(&mut self, total: usize) {
        if self.groups.len() < total {
            self.groups.resize_with(total, Series::default);
        }
    }
}

impl GroupsAccumulator for ForecastGroups {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups);
        let (t, p) = inputs(values)?;
        if opt_filter.is_none() && t.null_count() == 0 && p.null_count() == 0 {
            let (tv, pv) = (t.values(), p.values());
            for (i, &g) in group_indices.iter().enumerate() {
                self.groups[g].push(tv[i], pv[i]);
            }
            return Ok(());
        }
        for (i, &g) in group_indices.iter().enumerate() {
            if !columns::passes(opt_filter, i) {
                continue;
            }
            if let (Some(ti), Some(pi)) = (columns::f64_at(t, i), columns::f64_at(p, i)) {
                self.groups[g].push(ti, pi);
            }
        }
        Ok(())
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        let groups = emit_to.take_needed(&mut self.groups);
        results(self.query, &groups)
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        let groups = emit_to.take_needed(&mut self.groups);
        Ok(state_columns(&groups))
    }

    fn merge_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups);
        let cols = StateColumns::new(values)?;
        for (i, &g) in group_indices.iter().enumerate() {
            let other = cols.series(i)?;
            self.groups[g].merge(&other);
        }
        Ok(())
    }

    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        let (t, p) = inputs(values)?;
        let groups: Vec<Series> = (0..t.len())
            .map(|i| {
                let mut g = Series::default();
                if columns::passes(opt_filter, i)
                    && let (Some(ti), Some(pi)) = (columns::f64_at(t, i), columns::f64_at(p, i))
                {
                    g.push(ti, pi);
                }
                g
            })
            .collect();
        Ok(state_columns(&groups))
    }

    fn size(&self) -> usize {
        self.groups.iter().map(Series::bytes).sum::<usize>()
    }
}
