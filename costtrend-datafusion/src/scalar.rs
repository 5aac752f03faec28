//! Scalar functions on the struct a fit returns: `decay_at`,
//! `decay_time_to` and `decay_predict_interval`.

use std::sync::{Arc, LazyLock};

use costtrend::DecayModel;
use costtrend::fit::{Accumulator, AccumulatorState, FitOptions};
use datafusion::arrow::array::{
    Array, ArrayRef, AsArray, Float64Array, Float64Builder, StructArray, UInt64Array,
};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields, Float64Type, UInt64Type};
use datafusion::common::{DataFusionError, Result, exec_err, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, Documentation, ReturnFieldArgs, ScalarFunctionArgs, ScalarUDFImpl, Signature,
    TypeSignature, Volatility,
};

use crate::aggregate::stats_of;
use crate::docs;

/// Which scalar function.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Op {
    At,
    TimeTo,
    PredictInterval,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::At => "decay_at",
            Op::TimeTo => "decay_time_to",
            Op::PredictInterval => "decay_predict_interval",
        }
    }

    fn usage(self) -> &'static str {
        match self {
            Op::At => "(fit, t)",
            Op::TimeTo => "(fit, price)",
            Op::PredictInterval => "(fit, t, level)",
        }
    }

    fn arity(self) -> usize {
        if self == Op::PredictInterval { 3 } else { 2 }
    }
}

/// A scalar function on a fitted struct.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct OnFit {
    op: Op,
    signature: Signature,
}

impl OnFit {
    fn new(op: Op) -> Self {
        // The exact forms (one per fit struct) list the function in SHOW
        // FUNCTIONS; coerce_types does the coercion.
        let exact = |kind| {
            let mut types = vec![DataType::Struct(crate::columns::result_fields(kind))];
            types.extend(vec![DataType::Float64; op.arity() - 1]);
            TypeSignature::Exact(types)
        };
        Self {
            op,
            signature: Signature::one_of(
                vec![
                    TypeSignature::UserDefined,
                    exact(crate::Kind::Decay),
                    exact(crate::Kind::Linear),
                ],
                Volatility::Immutable,
            ),
        }
    }

    /// `decay_at(fit, t)`: the fitted price at `t`.
    #[must_use]
    pub fn at() -> Self {
        Self::new(Op::At)
    }

    /// `decay_time_to(fit, price)`: when the fitted price first reaches
    /// `price`.
    #[must_use]
    pub fn time_to() -> Self {
        Self::new(Op::TimeTo)
    }

    /// `decay_predict_interval(fit, t, level)`: the prediction interval of
    /// a new observation at `t`.
    #[must_use]
    pub fn predict_interval() -> Self {
        Self::new(Op::PredictInterval)
    }
}

/// The fields of `decay_predict_interval`'s result.
fn interval_fields() -> Fields {
    ["estimate", "lower", "upper"]
        .iter()
        .map(|n| Field::new(*n, DataType::Float64, true))
        .collect()
}

/// Whether a struct type is a fit from `decay_fit` or `linear_fit`.
fn is_fit(t: &DataType) -> bool {
    let DataType::Struct(fields) = t else {
        return false;
    };
    let has = |n: &str| fields.iter().any(|f| f.name() == n);
    has("p0") && has("origin") && has("state") && (has("lambda") || has("slope"))
}

impl ScalarUDFImpl for OnFit {
    fn name(&self) -> &str {
        self.op.name()
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        let name = self.op.name();
        let expects = || {
            format!(
                "{name} expects {}: the struct of decay_fit or linear_fit, then numbers",
                self.op.usage()
            )
        };
        if arg_types.len() != self.op.arity() || !is_fit(&arg_types[0]) {
            let got: Vec<String> = arg_types.iter().map(ToString::to_string).collect();
            return plan_err!("{}, got ({})", expects(), got.join(", "));
        }
        let mut out = vec![arg_types[0].clone()];
        out.extend(crate::numbers(
            name,
            self.op.usage(),
            &arg_types[1..],
            1..=2,
        )?);
        Ok(out)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(match self.op {
            Op::PredictInterval => DataType::Struct(interval_fields()),
            _ => DataType::Float64,
        })
    }

    fn return_field_from_args(&self, args: ReturnFieldArgs) -> Result<FieldRef> {
        if self.op == Op::PredictInterval
            && let Some(Some(level)) = args.scalar_arguments.get(2)
            && let Some(v) = crate::as_f64(level)
        {
            crate::check_level(self.op.name(), v)?;
        }
        Ok(Arc::new(Field::new(
            self.op.name(),
            self.return_type(&[])?,
            true,
        )))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let fits = arrays[0].as_struct_opt().ok_or_else(|| {
            DataFusionError::Execution(format!("{}: fit is not a struct", self.op.name()))
        })?;
        let x = arrays[1].as_primitive::<Float64Type>();
        let rows = Fits::new(fits)?;
        let out: ArrayRef = match self.op {
            Op::At | Op::TimeTo => {
                let mut b = Float64Builder::with_capacity(x.len());
                for i in 0..x.len() {
                    let v = match (rows.model(i), crate::columns::f64_at(x, i)) {
                        (Some(m), Some(xi)) => {
                            if self.op == Op::At {
                                Some(m.at(xi))
                            } else {
                                m.time_to(xi).ok().flatten() // NULL for a NaN or negative target too
                            }
                        }
                        _ => None,
                    };
                    b.append_option(v.filter(|v| !v.is_nan()));
                }
                Arc::new(b.finish())
            }
            Op::PredictInterval => {
                let level = arrays[2].as_primitive::<Float64Type>();
                let mut est = Float64Builder::with_capacity(x.len());
                let mut lo = Float64Builder::with_capacity(x.len());
                let mut hi = Float64Builder::with_capacity(x.len());
                for i in 0..x.len() {
                    let got = match (
                        crate::columns::f64_at(x, i),
                        crate::columns::f64_at(level, i),
                    ) {
                        (Some(xi), Some(li)) => {
                            if !(li > 0.0 && li < 1.0) {
                                return exec_err!(
                                    "{}: level must be in (0, 1), got {li}",
                                    self.op.name()
                                );
                            }
                            rows.predict(i, xi, li)
                        }
                        _ => None,
                    };
                    let (e, l, h) = got.unwrap_or((None, None, None));
                    est.append_option(e);
                    lo.append_option(l);
                    hi.append_option(h);
                }
                let cols: Vec<ArrayRef> = vec![
                    Arc::new(est.finish()),
                    Arc::new(lo.finish()),
                    Arc::new(hi.finish()),
                ];
                Arc::new(StructArray::try_new(interval_fields(), cols, None)?)
            }
        };
        Ok(ColumnarValue::Array(out))
    }

    fn documentation(&self) -> Option<&Documentation> {
        static AT: LazyLock<Documentation> = LazyLock::new(docs::at);
        static TIME_TO: LazyLock<Documentation> = LazyLock::new(docs::time_to);
        static PREDICT: LazyLock<Documentation> = LazyLock::new(docs::predict_interval);
        Some(match self.op {
            Op::At => &AT,
            Op::TimeTo => &TIME_TO,
            Op::PredictInterval => &PREDICT,
        })
    }
}

/// Typed access to a column of fitted structs.
struct Fits<'a> {
    fits: &'a StructArray,
    linear: bool,
    origin: &'a Float64Array,
    p0: &'a Float64Array,
    rate: &'a Float64Array,
    stats: Option<&'a StructArray>,
}

impl<'a> Fits<'a> {
    fn new(fits: &'a StructArray) -> Result<Self> {
        let f = |name: &str| -> Result<&'a Float64Array> {
            fits.column_by_name(name)
                .and_then(|c| c.as_primitive_opt::<Float64Type>())
                .ok_or_else(|| DataFusionError::Execution(format!("the fit has no {name}")))
        };
        let linear = fits.column_by_name("slope").is_some();
        Ok(Self {
            fits,
            linear,
            origin: f("origin")?,
            p0: f("p0")?,
            rate: f(if linear { "slope" } else { "lambda" })?,
            stats: stats_of(fits),
        })
    }

    /// The fitted curve of row `i` (`None` for a NULL or refused group).
    fn model(&self, i: usize) -> Option<DecayModel> {
        if self.fits.is_null(i) {
            return None;
        }
        let (o, p0, r) = (
            crate::columns::f64_at(self.origin, i)?,
            crate::columns::f64_at(self.p0, i)?,
            crate::columns::f64_at(self.rate, i)?,
        );
        let m = if self.linear {
            DecayModel::try_linear(p0, r)
        } else {
            DecayModel::try_exponential(p0, r)
        };
        m.and_then(|m| m.try_with_origin(o)).ok()
    }

    /// The fit of row `i` rebuilt from its statistics at `level`, and its
    /// prediction interval for a new observation at `t`.
    #[allow(clippy::type_complexity)]
    fn predict(
        &self,
        i: usize,
        t: f64,
        level: f64,
    ) -> Option<(Option<f64>, Option<f64>, Option<f64>)> {
        self.model(i)?;
        let s = self.stats?;
        let u = |n: &str| {
            s.column_by_name(n)?
                .as_primitive_opt::<UInt64Type>()
                .map(|a: &UInt64Array| a.value(i))
        };
        let f = |n: &str| {
            s.column_by_name(n)?
                .as_primitive_opt::<Float64Type>()
                .map(|a: &Float64Array| a.value(i))
        };
        let mut moments = [0.0; 12];
        for (m, name) in moments.iter_mut().zip(AccumulatorState::MOMENTS) {
            *m = f(name)?;
        }
        let state = AccumulatorState::new(!self.linear, u("pushed")?, u("n")?, moments);
        let fit = Accumulator::from_state(&state)
            .ok()?
            .fit_with(&FitOptions::new().level(level))
            .ok()?;
        let e = fit.predict_observation(t);
        let iv = e.interval();
        Some((
            Some(e.value()).filter(|v| !v.is_nan()),
            iv.map(|i| i.lower()),
            iv.map(|i| i.upper()),
        ))
    }
}
