//! [`Spend`]: unit price times usage, the number a budget cares about.

use core::fmt;

mod kernel;
#[cfg(feature = "serde")]
mod serde;
mod usage;

pub use usage::Usage;

use kernel::{Term, geometric_sum, integrate, weighted_geometric_sum};
use usage::Kind;

use crate::numeric::quad::smooth_integral;
use crate::{DecayModel, PriceCurve};

/// Price times usage: what is spent per unit time, and in total, for a
/// price on any [`PriceCurve`] over time: a [`DecayModel`] (the default),
/// a break model ([`Piecewise`](crate::Piecewise)), or a curve of your own.
///
/// The cumulative spend is closed form: the span is cut where the price or
/// usage changes form (the linear price's kink, linear usage reaching 0, each
/// step of a step discount, with the steps at the floor merged), and each
/// piece integrates terms `τ^m · exp(c τ)` with `m <= 2` exactly. Turning
/// points are closed form where one exists (see
/// [`turning_point`](Self::turning_point)).
///
/// # Example: an LLM bill, tokens 10x cheaper and 5x more used per year
///
/// ```
/// use costtrend::{DecayModel, Growth, Rate, Spend, Usage};
///
/// // $10 per million tokens, 1,000 million tokens a year, from 2025.
/// let price = DecayModel::exponential_at_rate(10.0, Rate::from_fold_per(10.0, 1.0)).with_origin(2025.0);
/// let usage = Usage::exponential(1_000.0, Growth::from_fold_per(5.0, 1.0)).with_origin(2025.0);
/// let bill = Spend::new(price, usage);
/// // Spend falls 2x per year: usage grows slower than the price falls.
/// assert!((bill.rate_at(2026.0) - 5_000.0).abs() < 1e-6);
/// let first_year = bill.cumulative(2025.0, 2026.0);
/// assert!((first_year - 10_000.0 * 0.5 / 2f64.ln()).abs() < 1e-6);
/// assert!(!bill.jevons().outpaced());
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::Spend { price: costtrend::DecayModel::linear(1.0, 1.0), usage: costtrend::Usage::constant(1.0) };
/// ```
///
/// A bill on a break model, cut where each segment starts:
///
/// ```
/// use costtrend::{Piecewise, Spend, Usage};
/// // $8 until 2025, then $2: a year of 1,000 units across the cut
/// let price = Piecewise::new(2024.5, &[2025.0], &[8.0, 2.0], &[0.0, 0.0]);
/// let bill = Spend::new(price, Usage::constant(1_000.0));
/// assert!((bill.cumulative(2024.5, 2025.5) - (4_000.0 + 1_000.0)).abs() < 1e-9);
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spend<C = DecayModel> {
    price: C,
    usage: Usage,
}

/// Whether growing usage outpaces the falling price (the Jevons case), from
/// [`Spend::jevons`].
///
/// # Example
///
/// ```
/// use costtrend::{DecayModel, Growth, Rate, Spend, Usage};
/// let s = Spend::new(
///     DecayModel::exponential_at_rate(1.0, Rate::from_fold_per(2.0, 1.0)),
///     Usage::exponential(1.0, Growth::from_fold_per(3.0, 1.0)),
/// );
/// let j = s.jevons();
/// assert!(j.outpaced());
/// assert_eq!(j.crossover(), Some(0.0)); // spend rises from the start
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Jevons {
    outpaced: bool,
    crossover: Option<f64>,
}

impl Jevons {
    /// Whether spend grows without bound in the long run.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Spend, Usage};
    /// let s = Spend::new(DecayModel::exponential(1.0, 1.0), Usage::constant(1.0));
    /// assert!(!s.jevons().outpaced());
    /// ```
    #[must_use]
    pub fn outpaced(&self) -> bool {
        self.outpaced
    }

    /// The first time at or after the price's origin from which spend
    /// rises; `None` if it never does.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Growth, Rate, Spend, Usage};
    /// // A price falling toward a floor: spend bottoms out, then grows.
    /// let price = DecayModel::exponential(10.0, 1.0).with_floor(1.0);
    /// let s = Spend::new(price, Usage::exponential(1.0, Growth::continuous(0.5)));
    /// let t = s.jevons().crossover().unwrap();
    /// assert!(s.rate_at(t + 0.1) > s.rate_at(t) && s.rate_at(t - 0.1) > s.rate_at(t));
    /// ```
    #[must_use]
    pub fn crossover(&self) -> Option<f64> {
        self.crossover
    }
}

/// When spend per unit time turns, from [`Spend::turning_point`].
#[derive(Clone, Copy, Debug, PartialEq)]
#[non_exhaustive]
pub enum Turn {
    /// Spend reaches its maximum at this time, then falls.
    PeaksAt(f64),
    /// Spend reaches its minimum at this time, then rises.
    BottomsAt(f64),
    /// Spend falls (or holds) throughout.
    Falling,
    /// Spend rises (or holds) throughout.
    Rising,
}

impl<C: PriceCurve> Spend<C> {
    /// Spend at `price` (per unit) for `usage` (units per unit time).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Spend, Usage};
    /// let s = Spend::new(DecayModel::linear(10.0, 1.0), Usage::constant(2.0));
    /// assert_eq!(s.rate_at(4.0), 12.0);
    /// ```
    #[must_use]
    pub fn new(price: C, usage: Usage) -> Self {
        Self { price, usage }
    }

    /// The unit price model.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Spend, Usage};
    /// let s = Spend::new(DecayModel::linear(10.0, 1.0), Usage::constant(2.0));
    /// assert_eq!(s.price().p0(), 10.0);
    /// ```
    #[must_use]
    pub fn price(&self) -> &C {
        &self.price
    }

    /// The usage model.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Spend, Usage};
    /// let s = Spend::new(DecayModel::linear(10.0, 1.0), Usage::constant(2.0));
    /// assert_eq!(s.usage(), Usage::constant(2.0));
    /// ```
    #[must_use]
    pub fn usage(&self) -> Usage {
        self.usage
    }

    /// Spend per unit time at `t`: `price.at(t) · usage.at(t)` (0 when
    /// either is 0, even where the other saturates).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Spend, Usage};
    /// let s = Spend::new(DecayModel::exponential(8.0, 1.0), Usage::linear(1.0, 1.0));
    /// assert!((s.rate_at(1.0) - 16.0 / std::f64::consts::E).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn rate_at(&self, t: f64) -> f64 {
        let (p, u) = (self.price.at(t), self.usage.at(t));
        if (p == 0.0 || u == 0.0) && !(p.is_nan() || u.is_nan()) {
            0.0
        } else {
            p * u
        }
    }

    /// Usage as term lists per piece of `[a, b]` where usage is smooth.
    fn usage_terms(&self, a: f64) -> Vec<Term> {
        match self.usage.kind() {
            Kind::Constant { u0 } => vec![Term {
                coef: u0,
                m: 0,
                c: 0.0,
            }],
            Kind::Linear { u0, slope, origin } => vec![
                Term {
                    coef: u0 + slope * (a - origin),
                    m: 0,
                    c: 0.0,
                },
                Term {
                    coef: slope,
                    m: 1,
                    c: 0.0,
                },
            ],
            Kind::Exponential { u0, growth, origin } => vec![Term {
                coef: u0 * (growth * (a - origin)).exp(),
                m: 0,
                c: growth,
            }],
        }
    }

    /// `∫_a^b` of price × usage over a piece `[a, b]` on which the price is
    /// the given terms (relative to `a`) and usage is smooth.
    fn piece(&self, price: &[Term], a: f64, b: f64) -> f64 {
        if b <= a {
            return 0.0;
        }
        // Linear usage at 0 contributes nothing.
        if let Kind::Linear { .. } = self.usage.kind()
            && self.usage.at(0.5 * (a + b)) == 0.0
        {
            return 0.0;
        }
        integrate(price, &self.usage_terms(a), b - a)
    }

    /// The integral over `[a, b]` with the price smooth on it, cut at the
    /// usage's kink.
    fn smooth_price(&self, price_terms: impl Fn(f64) -> Vec<Term>, a: f64, b: f64) -> f64 {
        match self.usage.kink() {
            Some(k) if k > a && k < b => {
                self.piece(&price_terms(a), a, k) + self.piece(&price_terms(k), k, b)
            }
            _ => self.piece(&price_terms(a), a, b),
        }
    }

    /// The total spent over `[a, b]` (negative when `b < a`): the exact
    /// integral of [`rate_at`](Self::rate_at). The crate's rule for spans:
    /// an integral is signed (`∫_b^a = -∫_a^b`, as
    /// [`DecayModel::integral`]); a bill with quantiles
    /// ([`RandomWalk::bill`](crate::forecast::RandomWalk::bill)) is a cost
    /// over a period and needs `a < b`.
    ///
    /// Saturates to `+inf` where the true value exceeds `f64::MAX`; NaN
    /// bounds give NaN; infinite bounds give `+inf` unless spend vanishes
    /// there.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Spend, Usage};
    /// // constant usage reproduces the price's own integral
    /// let p = DecayModel::exponential(5.0, 0.3);
    /// let s = Spend::new(p, Usage::constant(2.0));
    /// assert!((s.cumulative(0.0, 4.0) - 2.0 * p.integral(0.0, 4.0)).abs() < 1e-12);
    /// ```
    #[must_use]
    pub fn cumulative(&self, a: f64, b: f64) -> f64 {
        if a.is_nan() || b.is_nan() {
            return f64::NAN;
        }
        let total = match self.price.decay_pieces() {
            Some(pieces) => {
                oriented_sum(a, b, |lo, hi| piecewise_spend(&pieces, self.usage, lo, hi))
            }
            None => oriented_sum(a, b, |lo, hi| self.by_quadrature(lo, hi)),
        };
        // From finite (or infinite) times a NaN can only come from an
        // overflow (a usage past f64::MAX times a price term that
        // underflowed): the spend, a sum of positive terms, saturates.
        if !total.is_nan() {
            total
        } else if b < a {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        }
    }

    /// Spend over `[lo, hi]` (`lo < hi`) on a curve not made of decay
    /// models: exact for constant usage, else composite Gauss–Legendre.
    fn by_quadrature(&self, lo: f64, hi: f64) -> f64 {
        if let Kind::Constant { u0 } = self.usage.kind() {
            return if u0 == 0.0 {
                0.0
            } else {
                u0 * self.price.integral(lo, hi)
            };
        }
        if !(lo.is_finite() && hi.is_finite()) {
            return f64::INFINITY;
        }
        smooth_integral(|t| self.usage.at(t), |t| self.price.at(t).ln(), lo, hi)
    }
}

/// `∫_a^b` signed, from `forward` on ascending spans.
fn oriented_sum(a: f64, b: f64, forward: impl Fn(f64, f64) -> f64) -> f64 {
    crate::curve::oriented(a, b, forward)
}

/// Spend over `[lo, hi]` on consecutive decay models, each from its start
/// time on: the closed form on each one's part of the span.
fn piecewise_spend(pieces: &[(f64, DecayModel)], usage: Usage, lo: f64, hi: f64) -> f64 {
    let mut total = 0.0;
    for (j, &(start, model)) in pieces.iter().enumerate() {
        let a = lo.max(start);
        let b = pieces.get(j + 1).map_or(hi, |&(next, _)| hi.min(next));
        if a < b {
            total += Spend::new(model, usage).cumulative_raw(a, b);
        }
    }
    total
}

impl Spend<DecayModel> {
    fn cumulative_raw(&self, a: f64, b: f64) -> f64 {
        if b < a {
            return -self.cumulative_raw(b, a);
        }
        if a == b {
            return 0.0;
        }
        if !(a.is_finite() && b.is_finite()) {
            // Infinite spans: only a constant usage has a closed form here.
            if let Kind::Constant { u0 } = self.usage.kind() {
                return if u0 == 0.0 {
                    0.0
                } else {
                    u0 * self.price.integral(a, b)
                };
            }
            return f64::INFINITY;
        }
        match self.price {
            DecayModel::Exponential(m) => {
                let terms = |a: f64| {
                    vec![
                        Term {
                            coef: m.floor(),
                            m: 0,
                            c: 0.0,
                        },
                        Term {
                            coef: (m.p0() - m.floor()) * (-m.lambda() * (a - m.origin())).exp(),
                            m: 0,
                            c: -m.lambda(),
                        },
                    ]
                };
                self.smooth_price(terms, a, b)
            }
            DecayModel::Linear(m) => {
                // Cut at the kink where the line meets the floor.
                let line = |a: f64| {
                    vec![
                        Term {
                            coef: m.p0() - m.slope() * (a - m.origin()),
                            m: 0,
                            c: 0.0,
                        },
                        Term {
                            coef: -m.slope(),
                            m: 1,
                            c: 0.0,
                        },
                    ]
                };
                let flat = |_: f64| {
                    vec![Term {
                        coef: m.floor(),
                        m: 0,
                        c: 0.0,
                    }]
                };
                if m.slope() == 0.0 {
                    self.smooth_price(line, a, b)
                } else {
                    let kink = m.origin() + (m.p0() - m.floor()) / m.slope();
                    let (on_line_first, k) = (m.slope() > 0.0, kink.clamp(a, b));
                    if on_line_first {
                        self.smooth_price(line, a, k) + self.smooth_price(flat, k, b)
                    } else {
                        self.smooth_price(flat, a, k) + self.smooth_price(line, k, b)
                    }
                }
            }
            DecayModel::StepDiscount(m) => self.steps(m, a, b),
        }
    }

    /// `∫` of usage alone over `[x, y]`.
    fn usage_integral(&self, x: f64, y: f64) -> f64 {
        let one = |_: f64| {
            vec![Term {
                coef: 1.0,
                m: 0,
                c: 0.0,
            }]
        };
        self.smooth_price(one, x, y)
    }

    /// `price · ∫ usage` over `[x, y]`, 0 when either is 0.
    fn flat_piece(&self, price: f64, x: f64, y: f64) -> f64 {
        if price == 0.0 || y <= x {
            return 0.0;
        }
        let u = self.usage_integral(x, y);
        if u == 0.0 { 0.0 } else { price * u }
    }

    /// Step prices, in closed form: the partial periods at both ends, the
    /// whole periods before the floor as one series (geometric for
    /// exponential usage, arithmetico-geometric for linear usage, split at
    /// its kink), and the periods at the floor as one piece. Constant usage
    /// is the price's own integral.
    fn steps(&self, m: crate::StepDiscount, a: f64, b: f64) -> f64 {
        if let Kind::Constant { u0 } = self.usage.kind() {
            return if u0 == 0.0 {
                0.0
            } else {
                u0 * m.integral(a, b)
            };
        }
        let period = m.period();
        let start_of = |k: f64| m.origin() + k * period;
        let k_of = |t: f64| m.steps(t);
        let price_in = |x: f64, y: f64| m.at(0.5 * (x + y));
        let (ka, kb) = (k_of(a), k_of(b));
        if ka >= kb {
            return self.flat_piece(price_in(a, b), a, b);
        }
        let first_end = start_of(ka + 1.0).clamp(a, b);
        let last_start = start_of(kb).clamp(first_end, b);
        let mut total = self.flat_piece(price_in(a, first_end), a, first_end)
            + self.flat_piece(price_in(last_start, b), last_start, b);
        if last_start <= first_end {
            return total;
        }
        let (k0, k1) = (ka + 1.0, kb - 1.0);
        if m.discount() == 0.0 {
            return total + self.flat_piece(m.p0(), first_end, last_start);
        }
        // The first whole period whose price is at the floor.
        let k_floor = m.floor_drops();
        let geo_end = k1.min(k_floor - 1.0);
        if k0 <= geo_end {
            total += self.step_series(m, k0, geo_end);
        }
        let floor_start = start_of(k_floor.max(k0)).clamp(first_end, last_start);
        total + self.flat_piece(m.floor(), floor_start, last_start)
    }

    /// `Σ_{k = k0}^{k1}` of (price in period k) · (usage over period k), for
    /// whole periods before the floor.
    fn step_series(&self, m: crate::StepDiscount, k0: f64, k1: f64) -> f64 {
        let period = m.period();
        let start_of = |k: f64| m.origin() + k * period;
        let ln_keep = (-m.discount()).ln_1p();
        let level = |k: f64| m.at(start_of(k) + 0.5 * period);
        match self.usage.kind() {
            // `steps` sends constant usage to the price's own integral; were
            // it here, it would be exponential usage with zero growth.
            Kind::Constant { .. } | Kind::Exponential { .. } => {
                let growth = match self.usage.kind() {
                    Kind::Exponential { growth, .. } => growth,
                    _ => 0.0,
                };
                let n = k1 - k0 + 1.0;
                let first = self.flat_piece(level(k0), start_of(k0), start_of(k0 + 1.0));
                if first == 0.0 {
                    return 0.0;
                }
                first * geometric_sum(ln_keep + growth * period, n)
            }
            Kind::Linear { u0, slope, origin } => {
                // Usage is u(t) = u0 + slope (t - origin), clamped at 0 from
                // its kink on one side: cut the periods there.
                let kink_k = if slope == 0.0 {
                    f64::NAN
                } else {
                    ((origin - u0 / slope - m.origin()) / period).floor()
                };
                let mut total = 0.0;
                let mut run = |from: f64, to: f64| {
                    if from > to {
                        return;
                    }
                    // usage over period k is period · u(middle), linear in k
                    let mid = |k: f64| start_of(k) + 0.5 * period;
                    let alpha = period * (u0 + slope * (mid(from) - origin));
                    let beta = period * slope * period;
                    if alpha <= 0.0 && alpha + beta * (to - from) <= 0.0 {
                        return;
                    }
                    let n = to - from + 1.0;
                    let p = level(from);
                    total += p
                        * (alpha * geometric_sum(ln_keep, n)
                            + beta * weighted_geometric_sum(ln_keep, n));
                };
                if kink_k.is_nan() || kink_k < k0 || kink_k > k1 {
                    run(k0, k1);
                } else {
                    run(k0, kink_k - 1.0);
                    run(kink_k + 1.0, k1);
                    total +=
                        self.flat_piece(level(kink_k), start_of(kink_k), start_of(kink_k + 1.0));
                }
                total
            }
        }
    }

    /// When spend per unit time turns over `[from, to]`: the first interior
    /// extremum, if any.
    ///
    /// Closed form for an exponential price without floor (monotone times
    /// constant or exponential usage; a peak at
    /// `t = origin + 1/lambda - u0/slope` times linear usage) and an
    /// exponential price with a floor times exponential usage; otherwise the
    /// sign change of
    /// the exact derivative `price' · usage + price · usage'` is located on
    /// a 4096-point scan and bisected to rounding.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Spend, Turn, Usage};
    /// // exponential price, linearly growing usage: spend peaks at 1/lambda - u0/slope
    /// let s = Spend::new(DecayModel::exponential(100.0, 0.5), Usage::linear(1.0, 1.0));
    /// match s.turning_point(0.0, 50.0) {
    ///     Turn::PeaksAt(t) => assert!((t - 1.0).abs() < 1e-9),
    ///     other => panic!("{other:?}"),
    /// }
    /// ```
    #[must_use]
    pub fn turning_point(&self, from: f64, to: f64) -> Turn {
        let d = |t: f64| {
            self.price.slope_at(t) * self.usage.at(t) + self.price.at(t) * self.usage.slope_at(t)
        };
        // Closed form where one exists.
        if let DecayModel::Exponential(p) = self.price {
            // Without a floor, price times constant or exponential usage is
            // a single exponential: monotone.
            let growth = match self.usage.kind() {
                Kind::Constant { .. } => Some(0.0),
                Kind::Exponential { growth, .. } => Some(growth),
                Kind::Linear { .. } => None,
            };
            if let (true, Some(g)) = (p.floor() == 0.0, growth) {
                return if g > p.lambda() {
                    Turn::Rising
                } else {
                    Turn::Falling
                };
            }
        }
        if let (DecayModel::Exponential(p), Kind::Linear { u0, slope, origin }) =
            (self.price, self.usage.kind())
            && p.floor() == 0.0
            && slope != 0.0
            && p.lambda() != 0.0
        {
            // Compare signs, not the product, which can underflow to 0.
            if (slope > 0.0) != (p.lambda() > 0.0) {
                // Usage and price move the same way (one falls while
                // the other falls, or both rise): spend is monotone. The
                // stationary point of (u0 + k τ) e^{-λ τ} then lies
                // where usage is clamped at 0, so it is no turn.
                return if slope < 0.0 {
                    Turn::Falling
                } else {
                    Turn::Rising
                };
            }
            // (u0 + k τ) e^{-λ(t - o)}: d/dt ∝ k - λ (u0 + k (t - origin)),
            // zero after usage's kink: a peak.
            let t = origin + 1.0 / p.lambda() - u0 / slope;
            if t > from && t < to {
                return Turn::PeaksAt(t);
            }
        }
        if let (DecayModel::Exponential(p), Kind::Exponential { growth, .. }) =
            (self.price, self.usage.kind())
        {
            let (f, a, l) = (p.floor(), p.p0() - p.floor(), p.lambda());
            // e^{gt} (g f + (g - λ) A e^{-λ(t-o)}) = 0
            if f > 0.0 && a > 0.0 && l != 0.0 && growth != 0.0 {
                let ratio = -growth * f / ((growth - l) * a);
                if ratio > 0.0 {
                    let t = p.origin() - ratio.ln() / l;
                    if t > from && t < to {
                        let before = d(t - 1e-6 * (1.0 + t.abs()));
                        return if before > 0.0 {
                            Turn::PeaksAt(t)
                        } else {
                            Turn::BottomsAt(t)
                        };
                    }
                }
            }
        }
        // Otherwise bisect the first sign change of the derivative on a
        // fine scan (piecewise models: linear kinks, steps).
        let n = 4096;
        let h = (to - from) / f64::from(n);
        let mut prev = d(from);
        let mut largest = prev.abs();
        for i in 1..=n {
            let t = from + f64::from(i) * h;
            let mut cur = d(t);
            largest = largest.max(cur.abs());
            // Where spend has decayed to rounding noise, the derivative's
            // sign means nothing.
            if cur.abs() <= 1e-12 * largest {
                cur = 0.0;
            }
            if prev != 0.0 && cur != 0.0 && (prev > 0.0) != (cur > 0.0) {
                let (lo, hi) = crate::numeric::bisect(t - h, t, |x| (d(x) > 0.0) != (prev > 0.0));
                let turn = 0.5 * (lo + hi);
                return if prev > 0.0 {
                    Turn::PeaksAt(turn)
                } else {
                    Turn::BottomsAt(turn)
                };
            }
            if cur != 0.0 {
                prev = cur;
            }
        }
        if self.rate_at(to) > self.rate_at(from) {
            Turn::Rising
        } else {
            Turn::Falling
        }
    }

    /// Whether usage growth outpaces the price decline in the long run, and
    /// from when spend rises.
    ///
    /// Long run: an exponential price without floor falls at `lambda`, so
    /// exponential usage outpaces it when its growth exceeds `lambda`, and
    /// linear usage never does; a price with a floor (or a flat one) is
    /// outpaced by any growing usage; a step discount falls at
    /// `-ln(1 - discount) / period` until its floor.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{DecayModel, Growth, Rate, Spend, Usage};
    /// // 10x cheaper but 5x more per year: the price wins
    /// let s = Spend::new(
    ///     DecayModel::exponential_at_rate(1.0, Rate::from_fold_per(10.0, 1.0)),
    ///     Usage::exponential(1.0, Growth::from_fold_per(5.0, 1.0)),
    /// );
    /// assert!(!s.jevons().outpaced());
    /// assert_eq!(s.jevons().crossover(), None);
    /// ```
    #[must_use]
    pub fn jevons(&self) -> Jevons {
        let growth = match self.usage.kind() {
            Kind::Constant { .. } => 0.0,
            Kind::Linear { slope, .. } => {
                if slope > 0.0 {
                    f64::MIN_POSITIVE
                } else {
                    0.0
                }
            }
            Kind::Exponential { growth, .. } => growth,
        };
        let exponential_usage = matches!(self.usage.kind(), Kind::Exponential { .. });
        let decline = match self.price {
            DecayModel::Exponential(m) if m.floor() == 0.0 => m.lambda().max(0.0),
            DecayModel::StepDiscount(m) if m.floor() == 0.0 => {
                -(-m.discount()).ln_1p() / m.period()
            }
            DecayModel::Linear(m) if m.floor() == 0.0 && m.slope() > 0.0 => f64::INFINITY,
            _ => 0.0,
        };
        let outpaced = if decline == 0.0 {
            growth > 0.0
        } else {
            exponential_usage && growth > decline
        };
        let origin = self.price.origin();
        let horizon = origin + 1e3 * (1.0 / growth.abs().max(1e-3) + 1.0);
        let crossover = match self.turning_point(origin, horizon) {
            Turn::BottomsAt(t) => Some(t),
            Turn::Rising => Some(origin),
            _ => {
                if outpaced {
                    Some(origin)
                } else {
                    None
                }
            }
        };
        Jevons {
            outpaced,
            crossover,
        }
    }
}

impl<C: PriceCurve + fmt::Display> fmt::Display for Spend<C> {
    /// `price × usage`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] × [", self.price)?;
        match self.usage.kind() {
            Kind::Constant { u0 } => write!(f, "{u0}")?,
            Kind::Linear { u0, slope, origin } => write!(f, "{u0} + {slope} · (t - {origin})")?,
            Kind::Exponential { u0, growth, origin } => {
                write!(f, "{u0} · exp({growth} · (t - {origin}))")?
            }
        }
        f.write_str("]")
    }
}

#[cfg(test)]
mod tests {
    use super::kernel::moment_integral;
    use super::*;

    /// The sums term by term, in plain order (the terms are positive, so at
    /// these lengths the rounding error stays near 1e-14).
    fn brute(x: f64, n: u32) -> (f64, f64) {
        let mut g = 0.0;
        let mut w = 0.0;
        for j in 0..n {
            let rj = (f64::from(j) * x).exp();
            g += rj;
            w += f64::from(j) * rj;
        }
        (g, w)
    }

    #[test]
    fn geometric_sums_match_term_by_term_sums_for_tiny_and_large_ratios() {
        for x in [
            -1e-300, -1e-15, -1e-12, -1e-6, -1e-3, -0.3, -1.0, -5.0, -40.0,
        ] {
            for n in [1u32, 2, 3, 7, 100, 10_000] {
                let (g, w) = brute(x, n);
                let (gs, ws) = (
                    geometric_sum(x, f64::from(n)),
                    weighted_geometric_sum(x, f64::from(n)),
                );
                assert!((gs - g).abs() <= 1e-12 * g, "x={x} n={n}: {gs} vs {g}");
                if n == 1 {
                    assert_eq!(ws, 0.0, "x={x}");
                } else {
                    assert!((ws - w).abs() <= 1e-12 * w, "x={x} n={n}: {ws} vs {w}");
                }
            }
        }
        // Ten million terms with r within 1e-300 of 1: n (n - 1) / 2.
        let n = 1e7;
        assert_eq!(weighted_geometric_sum(-1e-300, n), n * (n - 1.0) / 2.0);
        assert_eq!(geometric_sum(0.0, n), n);
    }

    #[test]
    fn moment_integrals_give_phi1_and_phi2_of_the_weighted_sum() {
        // phi2(y) = (expm1(y) - y) / y² = J0(y) - J1(y), as
        // weighted_geometric_sum takes it.
        let phi2 = |y: f64| moment_integral(0, y) - moment_integral(1, y);
        for y in [-1.0_f64, 1.0] {
            let direct = (y.exp_m1() - y) / (y * y);
            assert!((phi2(y) - direct).abs() <= 1e-15, "{y}");
        }
        assert_eq!(phi2(0.0), 0.5);
        assert_eq!(moment_integral(0, 0.0), 1.0);
        assert!((moment_integral(0, 1e-10) - 1.0).abs() < 1e-9);
    }

    #[test]
    fn moment_integrals_match_their_closed_forms_on_both_sides_of_the_switch() {
        for z in [-3.0, -0.6, -0.4999, 0.0, 1e-9, 0.4999, 0.6, 4.0] {
            let series = |m: u8| -> f64 {
                // midpoint quadrature of ∫_0^1 s^m e^{zs} ds
                let n = 200_000;
                (0..n)
                    .map(|i| {
                        let s = (f64::from(i) + 0.5) / f64::from(n);
                        s.powi(i32::from(m)) * (z * s).exp()
                    })
                    .sum::<f64>()
                    / f64::from(n)
            };
            for m in 0..=2 {
                let (a, b) = (moment_integral(m, z), series(m));
                assert!((a - b).abs() < 1e-9 * b.abs(), "m={m} z={z}: {a} vs {b}");
            }
        }
    }
}
