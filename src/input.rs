//! Input validation for every fit and forecast: lengths, non-finite values
//! (rejected or omitted, [`NanPolicy`]), price and weight rules. Borrows
//! the input unless values must be dropped.

use std::borrow::Cow;

use crate::FitError;

/// What to do with observations holding a NaN or infinite time, price or
/// weight.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NanPolicy {
    /// Fail with [`FitError::NonFinite`] naming the first one (the default).
    #[default]
    Reject,
    /// Leave them out; [`Fit::dropped`](crate::fit::Fit::dropped) reports
    /// how many.
    Omit,
}

/// What a fit requires of prices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PriceRule {
    /// Log-scale fits: every price > 0.
    Positive,
    /// Price-scale fits: every price >= 0 (zeros allowed).
    NonNegative,
}

/// Validated observations, borrowed when nothing had to be dropped.
#[derive(Debug)]
pub(crate) struct Data<'a> {
    pub t: Cow<'a, [f64]>,
    pub price: Cow<'a, [f64]>,
    pub weights: Option<Cow<'a, [f64]>>,
    /// Observations omitted for a non-finite value.
    pub dropped: usize,
    /// Observations with a positive weight.
    pub used: usize,
    /// Smallest and largest time among them.
    pub t_min: f64,
    pub t_max: f64,
    /// A power of two near the largest price among them (1 if every price
    /// is 0): price-scale fits work on `price / price_scale`, so that no
    /// square or product of prices overflows or underflows, and scale their
    /// results back (exactly: it is a power of two).
    pub price_scale: f64,
}

impl Data<'_> {
    /// The weight of observation `i` (1 without weights).
    #[inline]
    pub(crate) fn weight(&self, i: usize) -> f64 {
        self.weights.as_ref().map_or(1.0, |w| w[i])
    }

    pub(crate) fn len(&self) -> usize {
        self.t.len()
    }

    /// How many distinct times (with a positive weight) there are, counting
    /// no further than 3: one pass, no sort.
    pub(crate) fn distinct_times_up_to_3(&self) -> usize {
        if self.t_max <= self.t_min {
            return 1;
        }
        let between = (0..self.len())
            .any(|i| self.weight(i) > 0.0 && self.t[i] > self.t_min && self.t[i] < self.t_max);
        if between { 3 } else { 2 }
    }
}

/// Weights rescaled to mean 1 over the points with a positive weight (the
/// weights are relative: see [`FitOptions::weights`](super::FitOptions::weights)).
/// Borrowed when they already have mean 1 (or none is positive).
fn normalise_weights(w: Cow<'_, [f64]>) -> Cow<'_, [f64]> {
    let max = w.iter().fold(0.0f64, |m, &x| m.max(x));
    if max <= 0.0 {
        return w;
    }
    // Scale by a power of two first (exact) so the sum cannot overflow.
    let scale = crate::numeric::pow2_floor(max);
    let (sum, used) = w
        .iter()
        .filter(|&&x| x > 0.0)
        .fold((0.0, 0usize), |(s, n), &x| (s + x / scale, n + 1));
    let mean = sum / used as f64;
    if scale == 1.0 && mean == 1.0 {
        return w;
    }
    Cow::Owned(w.iter().map(|&x| (x / scale) / mean).collect())
}

fn check_value(
    i: usize,
    t: f64,
    p: f64,
    w: Option<f64>,
    rule: PriceRule,
) -> Result<bool, FitError> {
    // Returns Ok(false) for a row with a non-finite value (the caller decides
    // whether that is an error), Ok(true) for a good row.
    if !t.is_finite() || !p.is_finite() || w.is_some_and(|w| !w.is_finite()) {
        return Ok(false);
    }
    match rule {
        PriceRule::Positive if p <= 0.0 => {
            return Err(FitError::NonPositivePrice { index: i, value: p });
        }
        PriceRule::NonNegative if p < 0.0 => {
            return Err(FitError::NegativePrice { index: i, value: p });
        }
        _ => {}
    }
    if let Some(w) = w
        && w < 0.0
    {
        return Err(FitError::InvalidWeight { index: i, value: w });
    }
    Ok(true)
}

fn non_finite_error(i: usize, t: f64, p: f64, w: Option<f64>) -> FitError {
    if !t.is_finite() {
        FitError::NonFinite {
            name: "t",
            index: i,
            value: t,
        }
    } else if !p.is_finite() {
        FitError::NonFinite {
            name: "price",
            index: i,
            value: p,
        }
    } else {
        FitError::InvalidWeight {
            index: i,
            value: w.unwrap_or(f64::NAN),
        }
    }
}

/// The fast path of [`prepare`]: one vectorised pass that checks every value
/// and finds the time range; `None` if anything needs the detailed path
/// (which finds and names the first problem).
fn clean<'a>(
    t: &'a [f64],
    price: &'a [f64],
    weights: Option<&'a [f64]>,
    rule: PriceRule,
) -> Option<Data<'a>> {
    if weights.is_some() {
        return None;
    }
    let positive = rule == PriceRule::Positive;
    let (ok, lo, hi, pmax) = crate::numeric::simd::dispatch(
        #[inline(always)]
        || {
            // Counts of bad values in f64 lanes: a bool reduction would not
            // vectorise well.
            let mut bad = [0.0f64; 4];
            let mut lo = [f64::INFINITY; 4];
            let mut hi = [f64::NEG_INFINITY; 4];
            let mut top = [0.0f64; 4];
            let floor = if positive { f64::MIN_POSITIVE } else { 0.0 };
            let mut chunks = t.chunks_exact(4).zip(price.chunks_exact(4));
            for (t4, p4) in &mut chunks {
                for l in 0..4 {
                    let (ti, pi) = (t4[l], p4[l]);
                    // NaN fails every comparison, so `!(a && b)` catches it.
                    let good = ti.abs() <= f64::MAX && pi >= floor && pi <= f64::MAX;
                    bad[l] += if good { 0.0 } else { 1.0 };
                    lo[l] = if ti < lo[l] { ti } else { lo[l] };
                    hi[l] = if ti > hi[l] { ti } else { hi[l] };
                    top[l] = if pi > top[l] { pi } else { top[l] };
                }
            }
            let rest = t.len() - t.len() % 4;
            for (&ti, &pi) in t[rest..].iter().zip(&price[rest..]) {
                let good = ti.abs() <= f64::MAX && pi >= floor && pi <= f64::MAX;
                bad[0] += if good { 0.0 } else { 1.0 };
                lo[0] = lo[0].min(ti);
                hi[0] = hi[0].max(ti);
                top[0] = top[0].max(pi);
            }
            let ok = bad == [0.0; 4];
            (
                ok,
                lo[0].min(lo[1]).min(lo[2]).min(lo[3]),
                hi[0].max(hi[1]).max(hi[2]).max(hi[3]),
                top[0].max(top[1]).max(top[2]).max(top[3]),
            )
        },
    );
    ok.then_some(Data {
        t: Cow::Borrowed(t),
        price: Cow::Borrowed(price),
        weights: None,
        dropped: 0,
        used: t.len(),
        t_min: lo,
        t_max: hi,
        price_scale: crate::numeric::pow2_floor(pmax),
    })
}

/// Validates `(t, price, weights)` under `policy` and `rule`.
pub(crate) fn prepare<'a>(
    t: &'a [f64],
    price: &'a [f64],
    weights: Option<&'a [f64]>,
    policy: NanPolicy,
    rule: PriceRule,
) -> Result<Data<'a>, FitError> {
    if t.len() != price.len() {
        return Err(FitError::LengthMismatch {
            t: t.len(),
            price: price.len(),
        });
    }
    if let Some(w) = weights
        && w.len() != t.len()
    {
        return Err(FitError::WeightsLength {
            weights: w.len(),
            data: t.len(),
        });
    }
    if t.is_empty() {
        return Err(FitError::Empty);
    }
    if let Some(data) = clean(t, price, weights, rule) {
        return Ok(data);
    }
    let mut bad = 0usize;
    for i in 0..t.len() {
        let w = weights.map(|w| w[i]);
        if !check_value(i, t[i], price[i], w, rule)? {
            if policy == NanPolicy::Reject {
                return Err(non_finite_error(i, t[i], price[i], w));
            }
            bad += 1;
        }
    }
    let mut data = if bad == 0 {
        Data {
            t: Cow::Borrowed(t),
            price: Cow::Borrowed(price),
            weights: weights.map(Cow::Borrowed),
            dropped: 0,
            used: 0,
            t_min: f64::INFINITY,
            t_max: f64::NEG_INFINITY,
            price_scale: 1.0,
        }
    } else {
        let keep = |i: &usize| {
            t[*i].is_finite() && price[*i].is_finite() && weights.is_none_or(|w| w[*i].is_finite())
        };
        let idx: Vec<usize> = (0..t.len()).filter(keep).collect();
        Data {
            t: Cow::Owned(idx.iter().map(|&i| t[i]).collect()),
            price: Cow::Owned(idx.iter().map(|&i| price[i]).collect()),
            weights: weights.map(|w| Cow::Owned(idx.iter().map(|&i| w[i]).collect())),
            dropped: bad,
            used: 0,
            t_min: f64::INFINITY,
            t_max: f64::NEG_INFINITY,
            price_scale: 1.0,
        }
    };
    let mut pmax = 0.0f64;
    for i in 0..data.len() {
        if data.weight(i) > 0.0 {
            data.used += 1;
            data.t_min = data.t_min.min(data.t[i]);
            data.t_max = data.t_max.max(data.t[i]);
            pmax = pmax.max(data.price[i]);
        }
    }
    data.price_scale = crate::numeric::pow2_floor(pmax);
    data.weights = data.weights.map(normalise_weights);
    if data.used == 0 {
        return Err(if data.len() == 0 {
            FitError::Empty
        } else {
            FitError::AllWeightsZero
        });
    }
    Ok(data)
}
