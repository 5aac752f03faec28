//! Branch-free `exp` and `ln` for bulk work, and the dispatch that compiles
//! them for the best instruction set the CPU has.
//!
//! With the `simd` feature (default) the bulk loops run inside
//! `pulp::Arch::dispatch`, which detects AVX2/FMA (and, with the `avx512`
//! feature, AVX-512) at run time and calls the loop compiled for it, so the
//! compiler vectorises the branch-free code below four or eight lanes wide.
//! No path reassociates a sum or contracts to FMA differently from another:
//! every path gives the same bits (tested against each other). `pulp` holds the
//! `unsafe` of target-feature dispatch; this crate stays
//! `forbid(unsafe_code)`. Without the feature the same code runs for the
//! baseline target (two SSE2 lanes).
//!
//! Both functions are within 2 ulp of `f64::exp` / `f64::ln` on their safe
//! ranges (tested); values outside (overflow, underflow, subnormal, zero,
//! negative, NaN) are reported so the caller recomputes them with the std
//! function, which remains the reference.

/// Runs `f` compiled for the best instruction set available.
#[inline(always)]
pub(crate) fn dispatch<R>(f: impl FnOnce() -> R) -> R {
    #[cfg(all(feature = "simd", test))]
    if let Some(level) = forced::LEVEL.with(std::cell::Cell::get) {
        return forced::run(level, f);
    }
    #[cfg(feature = "simd")]
    {
        pulp::Arch::new().dispatch(f)
    }
    #[cfg(not(feature = "simd"))]
    {
        f()
    }
}

/// Tests only: run the bulk kernels at a chosen instruction set, so the
/// AVX-512, AVX2 and baseline paths can be compared bit for bit.
#[cfg(all(feature = "simd", test))]
pub(crate) mod forced {
    use std::cell::Cell;

    /// An instruction set the dispatch can be held to.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub(crate) enum Level {
        /// The baseline target (SSE2 on x86-64).
        Scalar,
        /// AVX2 and FMA.
        V3,
        /// AVX-512 (with the `avx512` feature).
        V4,
    }

    thread_local! {
        pub(super) static LEVEL: Cell<Option<Level>> = const { Cell::new(None) };
    }

    pub(super) fn run<R>(level: Level, f: impl FnOnce() -> R) -> R {
        match level {
            Level::Scalar => f(),
            #[cfg(target_arch = "x86_64")]
            Level::V3 => match pulp::x86::V3::try_new() {
                Some(simd) => pulp::Simd::vectorize(simd, f),
                None => f(),
            },
            #[cfg(all(target_arch = "x86_64", feature = "avx512"))]
            Level::V4 => match pulp::x86::V4::try_new() {
                Some(simd) => pulp::Simd::vectorize(simd, f),
                None => f(),
            },
            #[allow(unreachable_patterns)]
            _ => f(),
        }
    }

    /// Whether this CPU has `level` (and the build can dispatch to it).
    pub(crate) fn available(level: Level) -> bool {
        match level {
            Level::Scalar => true,
            #[cfg(target_arch = "x86_64")]
            Level::V3 => pulp::x86::V3::try_new().is_some(),
            #[cfg(all(target_arch = "x86_64", feature = "avx512"))]
            Level::V4 => pulp::x86::V4::try_new().is_some(),
            #[allow(unreachable_patterns)]
            _ => false,
        }
    }

    /// `f` with every bulk kernel held to `level`.
    pub(crate) fn at<R>(level: Level, f: impl FnOnce() -> R) -> R {
        LEVEL.with(|l| l.set(Some(level)));
        let out = f();
        LEVEL.with(|l| l.set(None));
        out
    }
}

/// Values per block of the bulk loops: small enough for L1, large enough to
/// amortise the per-block work.
pub(crate) const BLOCK: usize = 256;

/// Copies block `b`'s weights into `ws` (which holds ones without weights).
#[inline(always)]
pub(crate) fn block_weights(ws: &mut [f64], weights: Option<&[f64]>, b: usize) {
    if let Some(w) = weights {
        ws.copy_from_slice(&w[b * BLOCK..b * BLOCK + ws.len()]);
    }
}

const LOG2E: f64 = core::f64::consts::LOG2_E;
/// ln 2 split so that `n · LN2_HI` is exact for `|n| < 2^11` (Cody–Waite).
const LN2_HI: f64 = 0.693_147_180_369_123_8; // 0x3fe62e42fee00000
const LN2_LO: f64 = 1.908_214_929_270_587_7e-10; // 0x3dea39ef35793c76
/// 1.5 · 2^52: adding it rounds to an integer held in the low mantissa bits.
const SHIFTER: f64 = 6_755_399_441_055_744.0;
/// `exp` is computed directly on this range (results normal, no overflow).
const EXP_MIN: f64 = -708.0;
const EXP_MAX: f64 = 709.0;

/// `exp(x)` for `x` in `[-708, 709]` (garbage outside: check the range).
#[inline(always)]
pub(crate) fn exp_core(x: f64) -> f64 {
    let k = x * LOG2E + SHIFTER;
    let n = k - SHIFTER;
    let r = (x - n * LN2_HI) - n * LN2_LO;
    // Taylor series to degree 13 on |r| <= ln2 / 2: truncation below 1e-17.
    let mut p = 1.0 / 6_227_020_800.0;
    p = p * r + 1.0 / 479_001_600.0;
    p = p * r + 1.0 / 39_916_800.0;
    p = p * r + 1.0 / 3_628_800.0;
    p = p * r + 1.0 / 362_880.0;
    p = p * r + 1.0 / 40_320.0;
    p = p * r + 1.0 / 5_040.0;
    p = p * r + 1.0 / 720.0;
    p = p * r + 1.0 / 120.0;
    p = p * r + 1.0 / 24.0;
    p = p * r + 1.0 / 6.0;
    p = p * r + 0.5;
    p = p * r + 1.0;
    p = p * r + 1.0;
    // 2^n from the integer in k's low bits.
    let biased = k
        .to_bits()
        .wrapping_sub(SHIFTER.to_bits())
        .wrapping_add(1023);
    p * f64::from_bits(biased << 52)
}

/// The smallest and largest of a block's values, tracked in four lanes with
/// plain comparisons so the loop vectorises (a `bool` reduction or
/// `f64::min` would not). NaN is ignored: callers see NaN through their
/// results.
#[derive(Clone, Copy)]
pub(crate) struct Range {
    lo: [f64; 4],
    hi: [f64; 4],
}

impl Range {
    #[inline(always)]
    pub(crate) fn new() -> Self {
        Self {
            lo: [f64::INFINITY; 4],
            hi: [f64::NEG_INFINITY; 4],
        }
    }

    /// Records four values, one per lane.
    #[inline(always)]
    #[allow(clippy::needless_range_loop)] // lane-wise form is what vectorises
    pub(crate) fn add4(&mut self, x: [f64; 4]) {
        for l in 0..4 {
            self.lo[l] = if x[l] < self.lo[l] { x[l] } else { self.lo[l] };
            self.hi[l] = if x[l] > self.hi[l] { x[l] } else { self.hi[l] };
        }
    }

    /// Records four candidates for the minimum and four for the maximum,
    /// one per lane (a masked-out lane passes `+inf` and `-inf`).
    #[inline(always)]
    #[allow(clippy::needless_range_loop)] // lane-wise form is what vectorises
    pub(crate) fn add4_pair(&mut self, lo: [f64; 4], hi: [f64; 4]) {
        for l in 0..4 {
            self.lo[l] = if lo[l] < self.lo[l] {
                lo[l]
            } else {
                self.lo[l]
            };
            self.hi[l] = if hi[l] > self.hi[l] {
                hi[l]
            } else {
                self.hi[l]
            };
        }
    }

    /// Records one value (the tail of a block).
    #[inline(always)]
    pub(crate) fn add(&mut self, x: f64) {
        self.add4([x; 4]);
    }

    /// The smallest and largest recorded values.
    #[inline(always)]
    pub(crate) fn bounds(&self) -> (f64, f64) {
        let lo = self.lo[0].min(self.lo[1]).min(self.lo[2]).min(self.lo[3]);
        let hi = self.hi[0].max(self.hi[1]).max(self.hi[2]).max(self.hi[3]);
        (lo, hi)
    }
}

/// Whether [`exp_core`] is valid at `x` (false for NaN).
#[inline(always)]
pub(crate) fn exp_in_range(x: f64) -> bool {
    (EXP_MIN..=EXP_MAX).contains(&x)
}

/// `ln(x)` for positive, normal, finite `x` (garbage otherwise: check).
#[inline(always)]
pub(crate) fn ln_core(x: f64) -> f64 {
    const MANTISSA: u64 = (1 << 52) - 1;
    const TWO52: u64 = 0x4330_0000_0000_0000;
    let bits = x.to_bits();
    // x = m · 2^e with m in [1, 2), then moved to [sqrt(1/2), sqrt(2)).
    let m = f64::from_bits((bits & MANTISSA) | 1.0f64.to_bits());
    let e = f64::from_bits((bits >> 52) | TWO52) - (4_503_599_627_370_496.0 + 1023.0);
    let big = m > core::f64::consts::SQRT_2;
    let m = if big { 0.5 * m } else { m };
    let e = if big { e + 1.0 } else { e };
    // ln m = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    // The series ends at s^21: the next term, 2 s^23 / 23, is below 0.01 ulp.
    let mut q = 1.0 / 21.0;
    q = q * s2 + 1.0 / 19.0;
    q = q * s2 + 1.0 / 17.0;
    q = q * s2 + 1.0 / 15.0;
    q = q * s2 + 1.0 / 13.0;
    q = q * s2 + 1.0 / 11.0;
    q = q * s2 + 1.0 / 9.0;
    q = q * s2 + 1.0 / 7.0;
    q = q * s2 + 1.0 / 5.0;
    q = q * s2 + 1.0 / 3.0;
    let tail = 2.0 * s * s2 * q;
    e * LN2_HI + (2.0 * s + (tail + e * LN2_LO))
}

/// Whether [`ln_core`] is valid at `x` (false for NaN).
#[inline(always)]
pub(crate) fn ln_in_range(x: f64) -> bool {
    (f64::MIN_POSITIVE..=f64::MAX).contains(&x)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Distance in units in the last place.
    fn ulps(a: f64, b: f64) -> u64 {
        a.to_bits().abs_diff(b.to_bits())
    }

    fn grid(lo: f64, hi: f64, n: usize) -> impl Iterator<Item = f64> {
        (0..=n).map(move |i| lo + (hi - lo) * i as f64 / n as f64)
    }

    #[test]
    fn exp_is_within_two_ulp_of_std_on_its_range() {
        let mut worst = 0;
        for x in grid(EXP_MIN, EXP_MAX, 2_000_000).chain(grid(-1.0, 1.0, 200_001)) {
            worst = worst.max(ulps(exp_core(x), x.exp()));
        }
        assert!(worst <= 2, "worst {worst} ulp");
        assert_eq!(exp_core(0.0), 1.0);
    }

    #[test]
    fn ln_is_within_two_ulp_of_std_on_its_range() {
        let mut worst = 0;
        for x in grid(1e-3, 10.0, 1_000_000)
            .chain(grid(0.5, 2.0, 200_000))
            .chain([f64::MIN_POSITIVE, 1e-300, 1e300, f64::MAX, 1.0, 2.0])
        {
            worst = worst.max(ulps(ln_core(x), x.ln()));
        }
        assert!(worst <= 2, "worst {worst} ulp");
        assert_eq!(ln_core(1.0), 0.0);
    }

    #[test]
    fn ranges_exclude_what_the_cores_cannot_do() {
        for x in [f64::NAN, 709.5, -708.5, f64::INFINITY] {
            assert!(!exp_in_range(x));
        }
        for x in [f64::NAN, 0.0, -1.0, 1e-310, f64::INFINITY] {
            assert!(!ln_in_range(x));
        }
    }

    #[test]
    fn split_ln2_constants_have_their_bits() {
        assert_eq!(LN2_HI.to_bits(), 0x3fe6_2e42_fee0_0000);
        assert_eq!(LN2_LO.to_bits(), 0x3dea_39ef_3579_3c76);
    }

    #[test]
    fn dispatch_runs_the_closure() {
        assert_eq!(dispatch(|| 41 + 1), 42);
    }
}
