//! One group's fit state, its fixed-width columns between the partial and
//! final aggregation steps, and the result struct.

use std::sync::Arc;

use costtrend::fit::{Accumulator, AccumulatorState, FitOptions};
use datafusion::arrow::array::{
    Array, ArrayRef, BooleanArray, Float64Array, Float64Builder, StringBuilder, StructArray,
    UInt8Array, UInt64Array, UInt64Builder,
};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};
use datafusion::common::{DataFusionError, Result, exec_err};

/// Which fit: the log-linear exponential (`decay_fit`) or the straight
/// line (`linear_fit`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    /// `decay_fit`: least squares of `ln(price)`.
    Decay,
    /// `linear_fit`: least squares of the price.
    Linear,
}

impl Kind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Kind::Decay => "decay_fit",
            Kind::Linear => "linear_fit",
        }
    }

    fn empty(self) -> Accumulator {
        match self {
            Kind::Decay => Accumulator::log_linear(),
            Kind::Linear => Accumulator::linear(),
        }
    }
}

/// Why a row refused its group (the first such row wins, across
/// partitions too).
#[derive(Clone, Copy, Debug, PartialEq)]
#[repr(u8)]
pub(crate) enum Refusal {
    NonFiniteTime = 1,
    NonFinitePrice = 2,
    NonPositivePrice = 3,
    NegativePrice = 4,
    BadWeight = 5,
}

impl Refusal {
    pub(crate) fn from_code(code: u8) -> Option<Self> {
        Some(match code {
            1 => Refusal::NonFiniteTime,
            2 => Refusal::NonFinitePrice,
            3 => Refusal::NonPositivePrice,
            4 => Refusal::NegativePrice,
            5 => Refusal::BadWeight,
            _ => return None,
        })
    }

    /// Why a row refuses its group, with the offending value: a
    /// non-finite time, price or weight, a price of 0 or less
    /// (`decay_fit`, and the forecast) or below 0 (`linear_fit`), or a
    /// negative weight.
    #[inline]
    pub(crate) fn of_row(kind: Kind, t: f64, price: f64, weight: f64) -> Option<(Self, f64)> {
        if !t.is_finite() {
            Some((Refusal::NonFiniteTime, t))
        } else if !price.is_finite() {
            Some((Refusal::NonFinitePrice, price))
        } else if kind == Kind::Decay && price <= 0.0 {
            Some((Refusal::NonPositivePrice, price))
        } else if price < 0.0 {
            Some((Refusal::NegativePrice, price))
        } else if !(weight.is_finite() && weight >= 0.0) {
            Some((Refusal::BadWeight, weight))
        } else {
            None
        }
    }

    pub(crate) fn message(self, value: f64) -> String {
        match self {
            Refusal::NonFiniteTime => format!("a time is {value}: every time must be finite"),
            Refusal::NonFinitePrice => format!("a price is {value}: every price must be finite"),
            Refusal::NonPositivePrice => {
                format!(
                    "a price is {value}: a log-scale fit or forecast needs prices greater than 0"
                )
            }
            Refusal::NegativePrice => format!("a price is {value}: prices must be at least 0"),
            Refusal::BadWeight => {
                format!("a weight is {value}: weights must be finite and at least 0")
            }
        }
    }
}

/// One group: the costtrend accumulator and the first refusal, if any
/// (128 bytes).
#[derive(Clone, Debug)]
pub(crate) struct Group {
    acc: Accumulator,
    refused: Option<(Refusal, f64)>,
}

impl Group {
    pub(crate) fn new(kind: Kind) -> Self {
        Self {
            acc: kind.empty(),
            refused: None,
        }
    }

    /// Adds one row (NULLs are skipped by the caller). A non-finite time,
    /// price or weight, a non-positive price for `decay_fit`, a negative
    /// price for `linear_fit` or a negative weight refuses the whole group.
    #[inline]
    pub(crate) fn push(&mut self, kind: Kind, t: f64, price: f64, weight: f64) {
        if self.refused.is_some() {
            return;
        }
        let refusal = Refusal::of_row(kind, t, price, weight);
        if refusal.is_some() {
            self.refused = refusal;
            return;
        }
        // Checked above: the push cannot fail.
        let _ = self.acc.push_weighted(t, price, weight);
    }

    /// Adds another partial group.
    pub(crate) fn merge(&mut self, other: &Group) -> Result<()> {
        if self.refused.is_none() {
            self.refused = other.refused;
        }
        self.acc
            .merge(&other.acc)
            .map_err(|e| DataFusionError::Execution(e.to_string()))
    }
}

/// The statistics' columns (the first [`STATS`]), then the refusal.
const STATS: usize = 14;

const STATE: [(&str, DataType); 16] = [
    ("pushed", DataType::UInt64),
    ("n", DataType::UInt64),
    ("anchor", DataType::Float64),
    ("w", DataType::Float64),
    ("mx", DataType::Float64),
    ("my", DataType::Float64),
    ("sxx", DataType::Float64),
    ("sxy", DataType::Float64),
    ("syy", DataType::Float64),
    ("sum_y", DataType::Float64),
    ("sum_ln_w", DataType::Float64),
    ("x_min", DataType::Float64),
    ("x_max", DataType::Float64),
    ("sse", DataType::Float64),
    ("refusal", DataType::UInt8),
    ("refused_value", DataType::Float64),
];

/// The partial-aggregation state: the accumulator's statistics and the
/// refusal, as fixed-width columns.
pub(crate) fn state_fields(prefix: &str) -> Vec<FieldRef> {
    STATE
        .iter()
        .map(|(name, ty)| Arc::new(Field::new(format!("{prefix}[{name}]"), ty.clone(), true)))
        .collect()
}

/// The statistics as the nested `state` field of the result (the scalar
/// functions rebuild the fit from it).
fn stats_fields() -> Fields {
    STATE[..STATS]
        .iter()
        .map(|(name, ty)| Field::new(*name, ty.clone(), true))
        .collect()
}

/// The state columns of `groups`.
pub(crate) fn state_columns(groups: &[Group]) -> Vec<ArrayRef> {
    let states: Vec<AccumulatorState> = groups.iter().map(|g| g.acc.state()).collect();
    let u64s = |f: &dyn Fn(&AccumulatorState) -> u64| -> ArrayRef {
        Arc::new(UInt64Array::from_iter_values(states.iter().map(f)))
    };
    let f64s = |f: &dyn Fn(&AccumulatorState) -> f64| -> ArrayRef {
        Arc::new(Float64Array::from_iter_values(states.iter().map(f)))
    };
    let mut columns = vec![u64s(&|s| s.pushed()), u64s(&|s| s.n())];
    for k in 0..AccumulatorState::MOMENTS.len() {
        columns.push(f64s(&|s| s.moments()[k]));
    }
    columns.push(Arc::new(UInt8Array::from_iter_values(
        groups.iter().map(|g| g.refused.map_or(0, |r| r.0 as u8)),
    )));
    columns.push(Arc::new(Float64Array::from_iter_values(
        groups.iter().map(|g| g.refused.map_or(0.0, |r| r.1)),
    )));
    columns
}

/// Typed views of the state columns.
pub(crate) struct StateColumns<'a> {
    u: [&'a UInt64Array; 2],
    f: [&'a Float64Array; 12],
    code: &'a UInt8Array,
    value: &'a Float64Array,
}

impl<'a> StateColumns<'a> {
    pub(crate) fn new(columns: &'a [ArrayRef]) -> Result<Self> {
        if columns.len() != STATE.len() {
            return exec_err!(
                "costtrend state has {} columns, expected {}",
                columns.len(),
                STATE.len()
            );
        }
        let u = |i: usize| -> Result<&'a UInt64Array> {
            columns[i]
                .as_any()
                .downcast_ref::<UInt64Array>()
                .ok_or_else(|| DataFusionError::Execution(format!("state column {i}: not UInt64")))
        };
        let f = |i: usize| -> Result<&'a Float64Array> {
            columns[i]
                .as_any()
                .downcast_ref::<Float64Array>()
                .ok_or_else(|| DataFusionError::Execution(format!("state column {i}: not Float64")))
        };
        let code = columns[STATS]
            .as_any()
            .downcast_ref::<UInt8Array>()
            .ok_or_else(|| {
                DataFusionError::Execution(format!("state column {STATS}: not UInt8"))
            })?;
        Ok(Self {
            u: [u(0)?, u(1)?],
            f: [
                f(2)?,
                f(3)?,
                f(4)?,
                f(5)?,
                f(6)?,
                f(7)?,
                f(8)?,
                f(9)?,
                f(10)?,
                f(11)?,
                f(12)?,
                f(13)?,
            ],
            code,
            value: f(STATS + 1)?,
        })
    }

    /// The partial group in row `i`.
    pub(crate) fn group(&self, kind: Kind, i: usize) -> Result<Group> {
        let s = AccumulatorState::new(
            kind == Kind::Decay,
            self.u[0].value(i),
            self.u[1].value(i),
            self.f.map(|column| column.value(i)),
        );
        let acc = Accumulator::from_state(&s)
            .map_err(|e| DataFusionError::Execution(format!("{}: bad state: {e}", kind.name())))?;
        let refused = Refusal::from_code(self.code.value(i)).map(|r| (r, self.value.value(i)));
        Ok(Group { acc, refused })
    }

    pub(crate) fn len(&self) -> usize {
        self.code.len()
    }
}

/// The fields of the result struct.
pub(crate) fn result_fields(kind: Kind) -> Fields {
    let f = |name: &str| Field::new(name, DataType::Float64, true);
    let mut fields = vec![
        Field::new("n", DataType::UInt64, false),
        f("origin"),
        f("p0"),
    ];
    match kind {
        Kind::Decay => {
            for name in [
                "lambda",
                "lambda_se",
                "lambda_lower",
                "lambda_upper",
                "percent_per_year",
                "percent_lower",
                "percent_upper",
                "half_life",
            ] {
                fields.push(f(name));
            }
        }
        Kind::Linear => {
            for name in ["slope", "slope_se", "slope_lower", "slope_upper"] {
                fields.push(f(name));
            }
        }
    }
    fields.push(f("r_squared"));
    fields.push(Field::new("error", DataType::Utf8, true));
    fields.push(Field::new("state", DataType::Struct(stats_fields()), true));
    fields.into()
}

/// The result struct of each group, fitted at `level`.
pub(crate) fn results(kind: Kind, level: f64, groups: &[Group]) -> Result<ArrayRef> {
    let fields = result_fields(kind);
    let numbers = fields.len() - 4; // after n, before r_squared, error, state
    let mut n = UInt64Builder::with_capacity(groups.len());
    let mut cols: Vec<Float64Builder> = (0..numbers + 1)
        .map(|_| Float64Builder::with_capacity(groups.len()))
        .collect();
    let mut error = StringBuilder::new();
    let opts = FitOptions::new().level(level);
    for g in groups {
        n.append_value(g.acc.len());
        let fitted = match g.refused {
            Some((r, v)) => Err(r.message(v)),
            None => g.acc.fit_with(&opts).map_err(|e| e.to_string()),
        };
        match fitted {
            Ok(fit) => {
                let model = fit.model();
                let mut row = vec![Some(model.origin()), Some(model.p0())];
                let slope_name = if kind == Kind::Decay {
                    "lambda"
                } else {
                    "slope"
                };
                let param = fit.parameter(slope_name);
                let iv = param.and_then(|p| p.interval());
                row.push(param.map(|p| p.value()));
                row.push(param.and_then(|p| p.std_error()));
                row.push(iv.map(|i| i.lower()));
                row.push(iv.map(|i| i.upper()));
                if kind == Kind::Decay {
                    let rate = fit.rate();
                    let pct = rate.map(|r| r.percent_per(1.0));
                    row.push(pct.map(|e| e.value()));
                    row.push(pct.and_then(|e| e.interval()).map(|i| i.lower()));
                    row.push(pct.and_then(|e| e.interval()).map(|i| i.upper()));
                    row.push(rate.and_then(|r| r.half_life()).map(|e| e.value()));
                }
                row.push(Some(fit.r_squared()));
                for (b, v) in cols.iter_mut().zip(row) {
                    b.append_option(v.filter(|x| !x.is_nan()));
                }
                error.append_null();
            }
            Err(why) => {
                for b in cols.iter_mut() {
                    b.append_null();
                }
                error.append_value(why);
            }
        }
    }
    let stats = StructArray::try_new(
        stats_fields(),
        state_columns(groups)[..STATS].to_vec(),
        None,
    )?;
    let mut arrays: Vec<ArrayRef> = vec![Arc::new(n.finish())];
    arrays.extend(cols.iter_mut().map(|b| Arc::new(b.finish()) as ArrayRef));
    arrays.push(Arc::new(error.finish()));
    arrays.push(Arc::new(stats));
    Ok(Arc::new(StructArray::try_new(fields, arrays, None)?))
}

/// A row's values as `f64` (NULL as `None`).
pub(crate) fn f64_at(a: &Float64Array, i: usize) -> Option<f64> {
    a.is_valid(i).then(|| a.value(i))
}

/// Whether row `i` passes the filter.
pub(crate) fn passes(filter: Option<&BooleanArray>, i: usize) -> bool {
    filter.is_none_or(|f| f.is_valid(i) && f.value(i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_group_holds_at_most_128_bytes_of_state() {
        assert!(size_of::<Group>() <= 128, "{}", size_of::<Group>());
    }

    #[test]
    fn a_refusal_survives_the_state_columns_and_wins_a_merge() {
        let mut bad = Group::new(Kind::Decay);
        bad.push(Kind::Decay, 2024.0, -2.0, 1.0);
        let mut good = Group::new(Kind::Decay);
        good.push(Kind::Decay, 2024.0, 3.0, 1.0);
        good.push(Kind::Decay, 2025.0, 2.0, 1.0);
        let cols = state_columns(&[bad, good.clone()]);
        let view = StateColumns::new(&cols).unwrap();
        let back = view.group(Kind::Decay, 0).unwrap();
        assert_eq!(back.refused, Some((Refusal::NonPositivePrice, -2.0)));
        let mut merged = view.group(Kind::Decay, 1).unwrap();
        assert_eq!(merged.acc, good.acc);
        merged.merge(&back).unwrap();
        assert!(merged.refused.is_some());
    }
}
