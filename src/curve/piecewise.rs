//! [`Piecewise`]: a price whose exponential trend changes at breaks.

use core::fmt;

use super::{PriceCurve, write_shift};
use crate::numeric::{self, unwrap_param, write_number};
use crate::{Exponential, ParamError};

/// A price that follows one exponential trend per segment, the segments
/// separated by breaks: what [`breaks::trend_breaks`](crate::breaks::trend_breaks)
/// (kinks), [`breaks::price_cuts`](crate::breaks::price_cuts) (cuts) and
/// [`breaks::regimes`](crate::breaks::regimes) return.
///
/// # Formula
///
/// With breaks `b_1 < … < b_k`, segment starts `s_0 = origin`, `s_j = b_j`,
/// and segment `j` covering `[b_j, b_{j+1})` (the first from `-inf`, the
/// last to `+inf`):
///
/// ```text
/// at(t) = level_j · exp(-lambda_j · (t - s_j))
/// ```
///
/// A break belongs to the segment it starts: the price at `b_j` is
/// `level_j`. The curve may jump at a break (cuts, regimes) or be
/// continuous there ([`continuous`](Self::continuous): kinks).
///
/// Every query is closed form per segment and answers as
/// [`DecayModel`](crate::DecayModel)'s does: [`at`](Self::at),
/// [`at_many`](Self::at_many), [`eval_into`](Self::eval_into),
/// [`time_to`](Self::time_to), [`integral`](Self::integral),
/// [`mean`](Self::mean), [`slope_at`](Self::slope_at).
///
/// # Example
///
/// ```
/// use costtrend::Piecewise;
///
/// // $100 in 2020 falling 50 % a year, then 10 % a year from 2022.
/// let m = Piecewise::continuous(100.0, 2020.0, &[2022.0], &[2f64.ln(), -(0.9f64.ln())]);
/// assert!((m.at(2022.0) - 25.0).abs() < 1e-12);
/// assert!((m.at(2023.0) - 22.5).abs() < 1e-12);
/// ```
///
/// Its fields are private: it is built only by its constructors (and
/// re-validated when deserialised), so it always holds valid parameters.
///
/// ```compile_fail,E0451
/// let invalid = costtrend::Piecewise { breaks: vec![2.0, 1.0], pieces: vec![] };
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Piecewise {
    breaks: Vec<f64>,
    /// One exponential per segment, with origin at the segment's start.
    pieces: Vec<Exponential>,
}

impl Piecewise {
    /// A piecewise model from each segment's price at its start and its
    /// continuous rate: the panicking form of [`try_new`](Self::try_new).
    ///
    /// # Panics
    ///
    /// On the errors listed at [`try_new`](Self::try_new).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Piecewise;
    /// // a flat $30, cut to $10 in late 2023
    /// let m = Piecewise::new(2023.2, &[2023.85], &[30.0, 10.0], &[0.0, 0.0]);
    /// assert_eq!(m.at(2023.5), 30.0);
    /// assert_eq!(m.at(2024.0), 10.0);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn new(origin: f64, breaks: &[f64], levels: &[f64], lambdas: &[f64]) -> Self {
        unwrap_param(Self::try_new(origin, breaks, levels, lambdas))
    }

    /// A validated piecewise model: segment `j` starts at `origin` (for
    /// `j = 0`) or `breaks[j - 1]`, where its price is `levels[j]`, and
    /// falls at the continuous rate `lambdas[j]`.
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for a NaN or infinite value;
    /// [`ParamError::OutOfRange`] for a negative level;
    /// [`ParamError::BreaksNotAscending`] unless
    /// `origin < breaks[0] < breaks[1] < …`;
    /// [`ParamError::SegmentCount`] unless `levels` and `lambdas` have one
    /// value more than `breaks`.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::{ParamError, Piecewise};
    /// assert!(Piecewise::try_new(0.0, &[1.0], &[5.0, 4.0], &[0.1, 0.2]).is_ok());
    /// assert!(matches!(
    ///     Piecewise::try_new(0.0, &[2.0, 1.0], &[5.0, 4.0, 3.0], &[0.0; 3]),
    ///     Err(ParamError::BreaksNotAscending { index: 1, .. })
    /// ));
    /// ```
    pub fn try_new(
        origin: f64,
        breaks: &[f64],
        levels: &[f64],
        lambdas: &[f64],
    ) -> Result<Self, ParamError> {
        for (name, got) in [("levels", levels.len()), ("lambdas", lambdas.len())] {
            if got != breaks.len() + 1 {
                return Err(ParamError::SegmentCount {
                    name,
                    got,
                    breaks: breaks.len(),
                });
            }
        }
        let origin = numeric::finite("origin", origin)?;
        let mut previous = origin;
        for (index, &b) in breaks.iter().enumerate() {
            let b = numeric::finite("break", b)?;
            if b <= previous {
                return Err(ParamError::BreaksNotAscending {
                    index,
                    value: b,
                    previous,
                });
            }
            previous = b;
        }
        let pieces = levels
            .iter()
            .zip(lambdas)
            .enumerate()
            .map(|(j, (&p, &l))| {
                let start = if j == 0 { origin } else { breaks[j - 1] };
                Exponential::try_new(numeric::non_negative("level", p)?, l)?.set_origin(start)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self {
            breaks: breaks.to_vec(),
            pieces,
        })
    }

    /// A continuous piecewise model (kinks): the panicking form of
    /// [`try_continuous`](Self::try_continuous).
    ///
    /// # Panics
    ///
    /// On the errors listed at [`try_continuous`](Self::try_continuous).
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Piecewise;
    /// let m = Piecewise::continuous(8.0, 0.0, &[1.0], &[2f64.ln(), 0.0]);
    /// assert!((m.at(1.0) - 4.0).abs() < 1e-12);
    /// assert!((m.at(5.0) - 4.0).abs() < 1e-12);
    /// ```
    #[must_use]
    #[track_caller]
    pub fn continuous(p0: f64, origin: f64, breaks: &[f64], lambdas: &[f64]) -> Self {
        unwrap_param(Self::try_continuous(p0, origin, breaks, lambdas))
    }

    /// A continuous piecewise model: the price is `p0` at `origin` and
    /// falls at `lambdas[j]` in segment `j`, each segment's level following
    /// from the one before, so the curve bends at each break and never
    /// jumps.
    ///
    /// # Errors
    ///
    /// As [`try_new`](Self::try_new), and [`ParamError::NonFinite`] (name
    /// `"level"`) when a segment's starting price overflows.
    ///
    /// # Example
    ///
    /// ```
    /// use costtrend::Piecewise;
    /// let m = Piecewise::try_continuous(8.0, 0.0, &[1.0, 3.0], &[2f64.ln(), 0.0, -(2f64.ln())]).unwrap();
    /// assert!((m.at(4.0) - 8.0).abs() < 1e-12);
    /// ```
    pub fn try_continuous(
        p0: f64,
        origin: f64,
        breaks: &[f64],
        lambdas: &[f64],
    ) -> Result<Self, ParamError> {
        if lambdas.len() != breaks.len() + 1 {
            return Err(ParamError::SegmentCount {
                name: "lambdas",
                got: lambdas.len(),
                breaks: breaks.len(),
            });
        }
        let mut levels = Vec::with_capacity(lambdas.len());
        let mut level = numeric::non_negative("p0", p0)?;
        let mut start = numeric::finite("origin", origin)?;
        levels.push(level);
        for (&b, &l) in breaks.iter().zip(lambdas) {
            let piece = Exponential::try_new(level, l)?.set_origin(start)?;
            level = numeric::finite("level", piece.at(b))?;
            levels.push(level);
            start = b;
        }
        Self::try_new(origin, breaks, &levels, lambdas)
    }

    /// The break times, ascending (what [`Breaks::times`](crate::breaks::Breaks::times) reports for a fitted break model).
    ///
    /// # Example
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(0.0, &[1.0, 2.0], &[3.0, 2.0, 1.0], &[0.0; 3]);
    /// assert_eq!(m.times(), &[1.0, 2.0]);
    /// ```
    #[must_use]
    pub fn times(&self) -> &[f64] {
        &self.breaks
    }

    /// The origin: where the first segment's level is taken.
    ///
    /// # Example
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(-1.0, &[1.0], &[3.0, 2.0], &[0.0; 2]);
    /// assert_eq!(m.origin(), -1.0);
    /// ```
    #[must_use]
    pub fn origin(&self) -> f64 {
        self.pieces[0].origin()
    }

    /// Each segment's curve: an [`Exponential`] whose origin is the
    /// segment's start and whose `p0` is its level there.
    ///
    /// # Example
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(0.0, &[1.0], &[3.0, 2.0], &[0.5, 0.1]);
    /// assert_eq!(m.segments()[1].lambda(), 0.1);
    /// assert_eq!(m.segments()[1].origin(), 1.0);
    /// ```
    #[must_use]
    pub fn segments(&self) -> &[Exponential] {
        &self.pieces
    }

    /// The index of the segment holding `t` (a break starts its segment);
    /// NaN is placed in the last.
    ///
    /// **Breaks.** A time within a few ulps before a break counts as on it,
    /// the rule [`StepDiscount::at`](crate::StepDiscount::at) applies to its
    /// drops: a break time written to text and read back by a parser that
    /// is correct to one ulp (or computed as `2024.0 + 7.0 / 12.0`) must not
    /// move the observation at the break into the previous segment.
    /// Precisely, `t` is at or after break `b` when `b - t <= 4 ε (|b| + |t|)`.
    ///
    /// # Example
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(0.0, &[1.0], &[3.0, 2.0], &[0.0; 2]);
    /// assert_eq!((m.segment_of(0.5), m.segment_of(1.0)), (0, 1));
    /// ```
    #[must_use]
    pub fn segment_of(&self, t: f64) -> usize {
        if t.is_nan() {
            return self.breaks.len();
        }
        self.breaks.partition_point(|&b| {
            b <= t || (t.is_finite() && b - t <= 4.0 * f64::EPSILON * (b.abs() + t.abs()))
        })
    }

    /// The price at `t`; NaN for a NaN `t`. Saturates to `+inf` where a
    /// segment's curve grows past `f64::MAX`.
    ///
    /// # Example
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(0.0, &[1.0], &[3.0, 2.0], &[0.0; 2]);
    /// assert_eq!(m.at(0.999), 3.0);
    /// assert_eq!(m.at(1.0), 2.0);
    /// ```
    #[must_use]
    pub fn at(&self, t: f64) -> f64 {
        self.pieces[self.segment_of(t)].at(t)
    }

    /// The first time at or after the origin when the price is at or below
    /// `price`; `None` when that never happens. Segment by segment, the
    /// answer is each curve's exact crossing (as
    /// [`DecayModel::time_to`](crate::DecayModel::time_to)), or the start of
    /// the first segment that begins at or below `price` (a cut).
    ///
    /// # Example
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(0.0, &[1.0], &[30.0, 10.0], &[0.0, 2f64.ln()]);
    /// assert_eq!(m.time_to(20.0), Ok(Some(1.0))); // the cut
    /// assert!((m.time_to(5.0).unwrap().unwrap() - 2.0).abs() < 1e-12);
    /// assert_eq!(m.time_to(40.0), Ok(Some(0.0)));
    /// ```
    ///
    /// # Errors
    ///
    /// [`ParamError::NonFinite`] for a NaN `price`, [`ParamError::OutOfRange`]
    /// for a negative one: an invalid argument is an error, as in every
    /// query of the crate.
    pub fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError> {
        numeric::target_price(price).map(|p| self.crossing(p))
    }

    /// [`time_to`](Self::time_to) for a valid target (not NaN, at least 0).
    pub(crate) fn crossing(&self, price: f64) -> Option<f64> {
        for (j, piece) in self.pieces.iter().enumerate() {
            let start = piece.origin();
            if piece.p0() <= price {
                return Some(start);
            }
            if let Some(t) = piece.crossing(price)
                && self.breaks.get(j).is_none_or(|&end| t < end)
            {
                return Some(t);
            }
        }
        None
    }

    /// The exact integral of [`at`](Self::at) over `[a, b]` (negative when
    /// `b < a`): the sum of each segment's closed form over its part of the
    /// span. NaN bounds give NaN.
    ///
    /// # Example
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(0.0, &[1.0], &[3.0, 2.0], &[0.0; 2]);
    /// assert_eq!(m.integral(0.0, 3.0), 3.0 + 2.0 * 2.0);
    /// ```
    #[must_use]
    pub fn integral(&self, a: f64, b: f64) -> f64 {
        super::oriented(a, b, |a, b| {
            let mut total = 0.0;
            for (j, piece) in self.pieces.iter().enumerate() {
                let lo = if j == 0 { a } else { a.max(self.breaks[j - 1]) };
                let hi = self.breaks.get(j).map_or(b, |&e| b.min(e));
                if lo < hi {
                    total += piece.integral(lo, hi);
                }
            }
            total
        })
    }

    /// The derivative of the price at `t` (negative while falling); the
    /// right-hand derivative at a break.
    ///
    /// # Example
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(0.0, &[1.0], &[3.0, 2.0], &[0.0, 0.5]);
    /// assert_eq!(m.slope_at(0.5), 0.0);
    /// assert_eq!(m.slope_at(1.0), -1.0);
    /// ```
    #[must_use]
    pub fn slope_at(&self, t: f64) -> f64 {
        self.pieces[self.segment_of(t)].slope_at(t)
    }
}

impl PriceCurve for Piecewise {
    fn at(&self, t: f64) -> f64 {
        Piecewise::at(self, t)
    }

    fn integral(&self, a: f64, b: f64) -> f64 {
        Piecewise::integral(self, a, b)
    }

    fn time_to(&self, price: f64) -> Result<Option<f64>, ParamError> {
        Piecewise::time_to(self, price)
    }

    fn slope_at(&self, t: f64) -> f64 {
        Piecewise::slope_at(self, t)
    }

    fn integral_scaled(&self, c: f64, a: f64, b: f64) -> Option<f64> {
        let levels: Vec<f64> = self.pieces.iter().map(|p| p.p0() / c).collect();
        let lambdas: Vec<f64> = self.pieces.iter().map(Exponential::lambda).collect();
        Self::try_new(self.origin(), &self.breaks, &levels, &lambdas)
            .ok()
            .map(|m| m.integral(a, b))
    }

    fn decay_pieces(&self) -> Option<Vec<(f64, crate::DecayModel)>> {
        let starts = core::iter::once(f64::NEG_INFINITY).chain(self.breaks.iter().copied());
        Some(
            starts
                .zip(&self.pieces)
                .map(|(start, &piece)| (start, crate::DecayModel::Exponential(piece)))
                .collect(),
        )
    }
}

impl fmt::Display for Piecewise {
    /// Prints each segment's formula and span, honouring a precision:
    ///
    /// ```
    /// let m = costtrend::Piecewise::new(2020.0, &[2022.0], &[30.0, 10.0], &[0.5, 0.0]);
    /// assert_eq!(
    ///     format!("{m:.1}"),
    ///     "30.0 · exp(-0.5 · (t - 2020.0)) for t < 2022.0; 10.0 · exp(-0.0 · (t - 2022.0)) from 2022.0"
    /// );
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (j, piece) in self.pieces.iter().enumerate() {
            if j > 0 {
                f.write_str("; ")?;
            }
            write_number(f, piece.p0())?;
            f.write_str(" · exp(")?;
            if piece.lambda() >= 0.0 {
                f.write_str("-")?;
            }
            write_number(f, piece.lambda().abs())?;
            f.write_str(" · ")?;
            write_shift(f, piece.origin())?;
            f.write_str(")")?;
            if j > 0 {
                f.write_str(" from ")?;
                write_number(f, self.breaks[j - 1])?;
            } else if let Some(&b) = self.breaks.first() {
                f.write_str(" for t < ")?;
                write_number(f, b)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two_rates() -> Piecewise {
        Piecewise::continuous(100.0, 2000.0, &[2005.0, 2009.0], &[0.1, 0.6, 0.2])
    }

    #[test]
    fn a_continuous_model_does_not_jump_at_its_breaks() {
        let m = two_rates();
        for &b in m.times() {
            let before = m.at(b - 1e-9);
            assert!((m.at(b) - before).abs() <= 1e-8 * before);
        }
    }

    #[test]
    fn the_integral_adds_up_over_segments_and_matches_quadrature() {
        let m = two_rates();
        let (a, b) = (1998.0, 2012.0);
        let steps = 200_000;
        let h = (b - a) / steps as f64;
        let mid: f64 = (0..steps)
            .map(|i| m.at(a + (i as f64 + 0.5) * h))
            .sum::<f64>()
            * h;
        assert!((m.integral(a, b) - mid).abs() <= 1e-6 * mid);
        assert!((m.integral(a, 2007.0) + m.integral(2007.0, b) - m.integral(a, b)).abs() < 1e-9);
        assert_eq!(m.integral(b, a), -m.integral(a, b));
    }

    #[test]
    fn time_to_is_the_first_crossing_after_the_origin() {
        let m = two_rates();
        for target in [90.0, 50.0, 20.0, 5.0] {
            let t = m.time_to(target).unwrap().unwrap();
            assert!(m.at(t) <= target * (1.0 + 1e-12));
            assert!(m.at(t - 1e-6) > target);
        }
        // a crossing exactly at a break where the price jumps back up is
        // no crossing: the break starts the next segment
        let jump = Piecewise::new(0.0, &[1.0], &[2.0, 5.0], &[2f64.ln(), 0.0]);
        assert_eq!(jump.time_to(1.0), Ok(None));
        assert_eq!(jump.time_to(5.0), Ok(Some(0.0)));
        // rising after a cut never gets below its floor
        let up = Piecewise::new(0.0, &[1.0], &[10.0, 5.0], &[0.0, -0.1]);
        assert_eq!(up.time_to(4.0), Ok(None));
        assert!(matches!(
            up.time_to(f64::NAN),
            Err(ParamError::NonFinite { name: "price", .. })
        ));
    }

    #[test]
    fn the_mean_of_tiny_prices_does_not_underflow() {
        let m = Piecewise::new(0.0, &[1.0], &[1e-300, 5e-301], &[0.0, 0.0]);
        assert!((m.mean(0.0, 1e-30) - 1e-300).abs() < 1e-312);
    }

    #[test]
    fn bad_parameters_are_typed_errors() {
        assert!(matches!(
            Piecewise::try_new(0.0, &[1.0], &[1.0], &[0.0, 0.0]),
            Err(ParamError::SegmentCount { name: "levels", .. })
        ));
        assert!(matches!(
            Piecewise::try_new(1.0, &[1.0], &[1.0, 1.0], &[0.0, 0.0]),
            Err(ParamError::BreaksNotAscending { index: 0, .. })
        ));
        assert!(Piecewise::try_new(0.0, &[f64::NAN], &[1.0, 1.0], &[0.0, 0.0]).is_err());
        assert!(Piecewise::try_new(0.0, &[1.0], &[1.0, -1.0], &[0.0, 0.0]).is_err());
        assert!(Piecewise::try_continuous(1.0, 0.0, &[1000.0], &[-1.0, 0.0]).is_err());
    }
}
