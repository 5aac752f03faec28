//! `decay_fit` and `linear_fit`: the aggregate functions, with DataFusion's
//! row [`Accumulator`] and its [`GroupsAccumulator`] (the fast path for
//! many groups).

use std::sync::{Arc, LazyLock};

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BooleanArray, Float64Array, StructArray};
use datafusion::arrow::datatypes::{DataType, FieldRef, Float64Type};
use datafusion::common::{DataFusionError, Result, ScalarValue, plan_err};
use datafusion::logical_expr::function::{AccumulatorArgs, StateFieldsArgs};
use datafusion::logical_expr::{
    Accumulator, AggregateUDFImpl, Documentation, EmitTo, GroupsAccumulator, Signature,
    TypeSignature, Volatility,
};
use datafusion::physical_expr::PhysicalExpr;

use crate::columns::{self, Group, Kind, StateColumns};
use crate::docs;

/// `decay_fit(t, price [, weight [, level]])` or `linear_fit(...)`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TrendFit {
    kind: Kind,
    signature: Signature,
}

impl TrendFit {
    /// The log-linear exponential fit, `decay_fit`.
    #[must_use]
    pub fn decay() -> Self {
        Self::new(Kind::Decay)
    }

    /// The straight-line fit, `linear_fit`.
    #[must_use]
    pub fn linear() -> Self {
        Self::new(Kind::Linear)
    }

    fn new(kind: Kind) -> Self {
        // The exact forms list the function in SHOW FUNCTIONS (which needs
        // example types); coerce_types does the coercion and names the
        // function in its errors.
        let f = || DataType::Float64;
        Self {
            kind,
            signature: Signature::one_of(
                vec![
                    TypeSignature::UserDefined,
                    TypeSignature::Exact(vec![f(), f()]),
                    TypeSignature::Exact(vec![f(), f(), f()]),
                    TypeSignature::Exact(vec![f(), f(), f(), f()]),
                ],
                Volatility::Immutable,
            ),
        }
    }

    /// The confidence level: the fourth argument, a constant in (0, 1), or
    /// 0.95.
    fn level(&self, exprs: &[Arc<dyn PhysicalExpr>]) -> Result<f64> {
        let Some(expr) = exprs.get(3) else {
            return Ok(0.95);
        };
        let level = crate::constant(expr).ok_or_else(|| {
            DataFusionError::Plan(format!(
                "{}: the level (fourth argument) must be a constant number",
                self.kind.name()
            ))
        })?;
        crate::check_level(self.kind.name(), level)
    }
}

impl AggregateUDFImpl for TrendFit {
    fn name(&self) -> &str {
        self.kind.name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        crate::numbers(
            self.kind.name(),
            "(t, price [, weight [, level]])",
            arg_types,
            2..=4,
        )
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(columns::result_fields(self.kind)))
    }

    fn is_nullable(&self) -> bool {
        false
    }

    fn accumulator(&self, args: AccumulatorArgs) -> Result<Box<dyn Accumulator>> {
        Ok(Box::new(RowAccumulator {
            kind: self.kind,
            level: self.level(args.exprs)?,
            group: Group::new(self.kind),
        }))
    }

    fn state_fields(&self, args: StateFieldsArgs) -> Result<Vec<FieldRef>> {
        Ok(columns::state_fields(args.name))
    }

    fn groups_accumulator_supported(&self, _args: AccumulatorArgs) -> bool {
        true
    }

    fn create_groups_accumulator(
        &self,
        args: AccumulatorArgs,
    ) -> Result<Box<dyn GroupsAccumulator>> {
        Ok(Box::new(TrendGroups {
            kind: self.kind,
            level: self.level(args.exprs)?,
            groups: Vec::new(),
        }))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static DECAY: LazyLock<Documentation> = LazyLock::new(|| docs::fit(Kind::Decay));
        static LINEAR: LazyLock<Documentation> = LazyLock::new(|| docs::fit(Kind::Linear));
        Some(match self.kind {
            Kind::Decay => &DECAY,
            Kind::Linear => &LINEAR,
        })
    }
}

/// The input columns as `f64` arrays (coerced at planning): t, price and
/// the optional weight.
fn inputs(values: &[ArrayRef]) -> Result<(&Float64Array, &Float64Array, Option<&Float64Array>)> {
    let f = |i: usize| -> Result<&Float64Array> {
        values[i]
            .as_primitive_opt::<Float64Type>()
            .ok_or_else(|| DataFusionError::Execution(format!("argument {i} is not Float64")))
    };
    if values.len() < 2 {
        return plan_err!("a trend fit needs (t, price)");
    }
    Ok((
        f(0)?,
        f(1)?,
        if values.len() > 2 { Some(f(2)?) } else { None },
    ))
}

/// Row `i`'s `(t, price, weight)`, `None` if any is NULL.
#[inline]
fn row(
    t: &Float64Array,
    p: &Float64Array,
    w: Option<&Float64Array>,
    i: usize,
) -> Option<(f64, f64, f64)> {
    let weight = match w {
        Some(w) => columns::f64_at(w, i)?,
        None => 1.0,
    };
    Some((columns::f64_at(t, i)?, columns::f64_at(p, i)?, weight))
}

/// One group at a time (DataFusion's generic path).
#[derive(Debug)]
struct RowAccumulator {
    kind: Kind,
    level: f64,
    group: Group,
}

impl Accumulator for RowAccumulator {
    fn update_batch(&mut self, values: &[ArrayRef]) -> Result<()> {
        let (t, p, w) = inputs(values)?;
        for i in 0..t.len() {
            if let Some((ti, pi, wi)) = row(t, p, w, i) {
                self.group.push(self.kind, ti, pi, wi);
            }
        }
        Ok(())
    }

    fn evaluate(&mut self) -> Result<ScalarValue> {
        let array = columns::results(self.kind, self.level, std::slice::from_ref(&self.group))?;
        Ok(ScalarValue::Struct(Arc::new(array.as_struct().clone())))
    }

    fn size(&self) -> usize {
        size_of::<Self>()
    }

    fn state(&mut self) -> Result<Vec<ScalarValue>> {
        columns::state_columns(std::slice::from_ref(&self.group))
            .iter()
            .map(|a| ScalarValue::try_from_array(a, 0))
            .collect()
    }

    fn merge_batch(&mut self, states: &[ArrayRef]) -> Result<()> {
        let cols = StateColumns::new(states)?;
        for i in 0..cols.len() {
            self.group.merge(&cols.group(self.kind, i)?)?;
        }
        Ok(())
    }
}

/// Every group of a partition in one vector (DataFusion's fast path).
struct TrendGroups {
    kind: Kind,
    level: f64,
    groups: Vec<Group>,
}

impl TrendGroups {
    fn grow(&mut self, total: usize) {
        if self.groups.len() < total {
            self.groups.resize(total, Group::new(self.kind));
        }
    }
}

impl GroupsAccumulator for TrendGroups {
    fn update_batch(
        &mut self,
        values: &[ArrayRef],
        group_indices: &[usize],
        opt_filter: Option<&BooleanArray>,
        total_num_groups: usize,
    ) -> Result<()> {
        self.grow(total_num_groups);
        let (t, p, w) = inputs(values)?;
        let no_nulls = opt_filter.is_none()
            && t.null_count() == 0
            && p.null_count() == 0
            && w.is_none_or(|w| w.null_count() == 0);
        if no_nulls {
            let (tv, pv) = (t.values(), p.values());
            match w {
                Some(w) => {
                    let wv = w.values();
                    for (i, &g) in group_indices.iter().enumerate() {
                        self.groups[g].push(self.kind, tv[i], pv[i], wv[i]);
                    }
                }
                None => {
                    for (i, &g) in group_indices.iter().enumerate() {
                        self.groups[g].push(self.kind, tv[i], pv[i], 1.0);
                    }
                }
            }
            return Ok(());
        }
        for (i, &g) in group_indices.iter().enumerate() {
            if !columns::passes(opt_filter, i) {
                continue;
            }
            if let Some((ti, pi, wi)) = row(t, p, w, i) {
                self.groups[g].push(self.kind, ti, pi, wi);
            }
        }
        Ok(())
    }

    fn evaluate(&mut self, emit_to: EmitTo) -> Result<ArrayRef> {
        let groups = emit_to.take_needed(&mut self.groups);
        columns::results(self.kind, self.level, &groups)
    }

    fn state(&mut self, emit_to: EmitTo) -> Result<Vec<ArrayRef>> {
        let groups = emit_to.take_needed(&mut self.groups);
        Ok(columns::state_columns(&groups))
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
            let other = cols.group(self.kind, i)?;
            self.groups[g].merge(&other)?;
        }
        Ok(())
    }

    fn convert_to_state(
        &self,
        values: &[ArrayRef],
        opt_filter: Option<&BooleanArray>,
    ) -> Result<Vec<ArrayRef>> {
        let (t, p, w) = inputs(values)?;
        let groups: Vec<Group> = (0..t.len())
            .map(|i| {
                let mut g = Group::new(self.kind);
                if columns::passes(opt_filter, i)
                    && let Some((ti, pi, wi)) = row(t, p, w, i)
                {
                    g.push(self.kind, ti, pi, wi);
                }
                g
            })
            .collect();
        Ok(columns::state_columns(&groups))
    }

    fn size(&self) -> usize {
        self.groups.capacity() * size_of::<Group>()
    }
}

/// The struct a fit returns, for the scalar functions (the `state` field).
pub(crate) fn stats_of(fits: &StructArray) -> Option<&StructArray> {
    fits.column_by_name("state")?.as_struct_opt()
}
