//! Student-t and normal quantiles, written here rather than pulled in from a
//! statistics crate: the fits need one quantile per fit, and a small tested
//! implementation (regularised incomplete beta by continued fraction,
//! safeguarded Newton for the inverse) keeps the dependency list at
//! `thiserror`.

use core::f64::consts::PI;

/// `ln Γ(x)` for `x > 0` by the Lanczos approximation (g = 7, 9 terms),
/// relative error about 1e-15.
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEF: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the approximation in its accurate range.
        return (PI / (PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEF[0];
    for (i, c) in COEF.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// `ln Γ(a + 1/2) - ln Γ(a)`, without the cancellation of two large
/// `ln Γ` values: for `a >= 64` the asymptotic series below, relative
/// error below 2e-16 there (checked against 40-digit arithmetic).
///
/// ```text
/// ½ ln a + ln(1 - 1/(8a) + 1/(128a²) + 5/(1024a³) - 21/(32768a⁴)
///             - 399/(262144a⁵) + 869/(4194304a⁶))
/// ```
fn ln_gamma_half_ratio(a: f64) -> f64 {
    if a < 64.0 {
        return ln_gamma(a + 0.5) - ln_gamma(a);
    }
    let r = 1.0 / a;
    let s = r
        * (-1.0 / 8.0
            + r * (1.0 / 128.0
                + r * (5.0 / 1024.0
                    + r * (-21.0 / 32768.0
                        + r * (-399.0 / 262_144.0 + r * (869.0 / 4_194_304.0))))));
    0.5 * a.ln() + s.ln_1p()
}

/// `ln Γ(a + b) - ln Γ(a) - ln Γ(b)`, through [`ln_gamma_half_ratio`]
/// when `b = 1/2` (the Student-t case, `ln Γ(1/2) = ln √π`).
fn ln_inv_beta(a: f64, b: f64) -> f64 {
    if b == 0.5 {
        ln_gamma_half_ratio(a) - 0.5 * PI.ln()
    } else {
        ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b)
    }
}

/// Lentz's floor for a continued fraction's partial values.
const LENTZ_TINY: f64 = 1e-300;

/// Lentz's guard: a continued fraction's partial value is kept away from 0.
fn away_from_zero(x: f64) -> f64 {
    if x.abs() < LENTZ_TINY { LENTZ_TINY } else { x }
}

/// The continued fraction of the regularised incomplete beta function
/// (modified Lentz), converging for `x < (a + 1) / (a + b + 2)`.
fn beta_continued_fraction(a: f64, b: f64, x: f64) -> f64 {
    let (qab, qap, qam) = (a + b, a + 1.0, a - 1.0);
    let mut c = 1.0;
    let mut d = 1.0 - qab * x / qap;
    d = away_from_zero(d);
    d = 1.0 / d;
    let mut h = d;
    for m in 1..=10_000 {
        let m = f64::from(m);
        let m2 = 2.0 * m;
        let aa = m * (b - m) * x / ((qam + m2) * (a + m2));
        d = 1.0 + aa * d;
        d = away_from_zero(d);
        c = 1.0 + aa / c;
        c = away_from_zero(c);
        d = 1.0 / d;
        h *= d * c;
        let aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
        d = 1.0 + aa * d;
        d = away_from_zero(d);
        c = 1.0 + aa / c;
        c = away_from_zero(c);
        d = 1.0 / d;
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < 4.0 * f64::EPSILON {
            break;
        }
    }
    h
}

/// The regularised incomplete beta function `I_x(a, b)` for `a, b > 0`.
pub(crate) fn inc_beta(a: f64, b: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let ln_front = ln_inv_beta(a, b) + a * x.ln() + b * (-x).ln_1p();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(a, b, x) / a
    } else {
        1.0 - front * beta_continued_fraction(b, a, 1.0 - x) / b
    }
}

/// `P(T > t)` for `t >= 0`, `T` Student-t with `dof` degrees of freedom.
fn t_upper_tail(t: f64, dof: f64) -> f64 {
    0.5 * inc_beta(0.5 * dof, 0.5, dof / (dof + t * t))
}

/// The Student-t density.
fn t_density(t: f64, dof: f64) -> f64 {
    let ln = ln_gamma_half_ratio(0.5 * dof)
        - 0.5 * (dof * PI).ln()
        - 0.5 * (dof + 1.0) * (t * t / dof).ln_1p();
    ln.exp()
}

/// The Student-t distribution function `P(T <= x)`.
pub(crate) fn t_cdf(x: f64, dof: f64) -> f64 {
    if x.is_nan() {
        return f64::NAN;
    }
    if x.is_infinite() {
        return if x > 0.0 { 1.0 } else { 0.0 };
    }
    let tail = t_upper_tail(x.abs(), dof);
    if x >= 0.0 { 1.0 - tail } else { tail }
}

/// The Student-t density (public within the crate).
pub(crate) fn t_pdf(x: f64, dof: f64) -> f64 {
    t_density(x, dof)
}

/// The capped mean of a log-t price over its median,
/// `E[min(e^{sT}, e^{s q})]` for `T` Student-t with `dof` degrees of
/// freedom, `q` its `cap` quantile and a scale `s >= 0`. (A log-t has no
/// finite mean; capped at a quantile it has one.) Built once per `dof`
/// and `cap` (the quantile and the density's constant), evaluated at any
/// scale with [`ln`](Self::ln).
#[derive(Clone, Copy, Debug)]
pub(crate) struct CappedMean {
    dof: f64,
    cap: f64,
    /// The `cap` quantile of `T`.
    q: f64,
    /// `ln` of the density's normalising constant.
    c: f64,
}

impl CappedMean {
    pub(crate) fn new(dof: f64, cap: f64) -> Self {
        Self {
            dof,
            cap,
            q: t_quantile(cap, dof),
            c: ln_gamma_half_ratio(0.5 * dof) - 0.5 * (dof * PI).ln(),
        }
    }

    /// The `cap` quantile of `T`.
    pub(crate) fn quantile(&self) -> f64 {
        self.q
    }

    /// `ln E[min(e^{sT}, e^{s q})]`. With `J = ∫_{-∞}^{q} e^{s (x - q)}
    /// f(x) dx` the value is `s q + ln(J + 1 - cap)`. `J` is integrated by
    /// 16-point Gauss–Legendre on panels in `w = asinh x` for `s < 1`,
    /// where the density's polynomial tails become exponential in `w`, and
    /// in `u = q - x` over `[0, 50 / s]` for `s >= 1`, where `e^{-s u}`
    /// confines the integrand; both drop a part below `e^{-45}` of the
    /// whole.
    pub(crate) fn ln(&self, s: f64) -> f64 {
        use crate::numeric::quad::integral_by_panels;
        if s == 0.0 {
            return 0.0;
        }
        let (q, c, dof) = (self.q, self.c, self.dof);
        let ln_f = |x: f64| c - 0.5 * (dof + 1.0) * (x * x / dof).ln_1p();
        let one = |_: f64| 1.0;
        let j = if s >= 1.0 {
            integral_by_panels(one, |u| -s * u + ln_f(q - u), 0.0, 50.0 / s, 8.0, 24)
        } else {
            let ln_h = |w: f64| s * (w.sinh() - q) + ln_f(w.sinh()) + w.cosh().ln();
            let hi = q.asinh();
            let mut lo = hi.min(0.0) - 1.0;
            while lo > -700.0 && ln_h(lo) > c - 45.0 {
                lo *= 2.0;
            }
            integral_by_panels(one, ln_h, lo.max(-700.0), hi, 8.0, 24)
        };
        s * q + (j + (1.0 - self.cap)).ln()
    }
}

/// `ln B(a, b)`.
pub(crate) fn ln_beta(a: f64, b: f64) -> f64 {
    -ln_inv_beta(a, b)
}

/// The standard normal upper tail `P(Z > z)` for `z >= 0`, through the
/// regularised upper incomplete gamma `Q(1/2, z² / 2)`.
fn normal_upper_tail(z: f64) -> f64 {
    0.5 * upper_inc_gamma_half(0.5 * z * z)
}

/// `Q(1/2, x)`: series below `x = 1.5`, continued fraction above.
fn upper_inc_gamma_half(x: f64) -> f64 {
    const A: f64 = 0.5;
    if x <= 0.0 {
        return 1.0;
    }
    let ln_gamma_a = 0.5 * PI.ln();
    let ln_front = -x + A * x.ln() - ln_gamma_a;
    if x < A + 1.0 {
        let mut term = 1.0 / A;
        let mut sum = term;
        for n in 1..1_000 {
            term *= x / (A + f64::from(n));
            sum += term;
            if term.abs() < sum.abs() * f64::EPSILON {
                break;
            }
        }
        1.0 - sum * ln_front.exp()
    } else {
        let mut b = x + 1.0 - A;
        let mut c = 1.0 / LENTZ_TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..1_000 {
            let i = f64::from(i);
            let an = -i * (i - A);
            b += 2.0;
            d = an * d + b;
            d = away_from_zero(d);
            c = b + an / c;
            c = away_from_zero(c);
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < 4.0 * f64::EPSILON {
                break;
            }
        }
        ln_front.exp() * h
    }
}

/// Solves `upper_tail(x) = target` for `x >= 0` from a start `x0`.
///
/// Halley steps (Newton with the density's log-derivative `dlog`, cubically
/// convergent, so a start good to 1e-3 takes three or four evaluations of
/// the tail), kept inside a bisection bracket that is widened by doubling
/// only when a step leaves it. A step below rounding ends the search; a
/// Newton step wider than the bracket (far out in a tail) is replaced by
/// bisection. `upper_tail` falls from 1/2 at 0.
fn invert_upper_tail(
    target: f64,
    x0: f64,
    upper_tail: impl Fn(f64) -> f64,
    density: impl Fn(f64) -> f64,
    dlog: impl Fn(f64) -> f64,
) -> f64 {
    let (mut lo, mut hi) = (0.0, f64::INFINITY);
    let mut x = x0.max(f64::MIN_POSITIVE);
    let mut last_step = f64::INFINITY;
    for _ in 0..100 {
        let f = upper_tail(x) - target;
        if f == 0.0 {
            return x;
        }
        if f > 0.0 {
            lo = x;
        } else {
            hi = x;
        }
        // tail' = -density, tail'' = -density · dlog
        let newton = f / density(x);
        let halley = newton / (1.0 + 0.5 * newton * dlog(x));
        let delta = if halley.is_finite() { halley } else { newton };
        // A step below rounding: converged. (Tested before the bracket,
        // which such a step cannot leave x for: x + delta rounds to x,
        // which is a bound, and the fallback would throw x away.)
        if delta.abs() <= 4.0 * f64::EPSILON * x.abs() {
            return x;
        }
        let mut next = x + delta;
        // Far out in a tail the density vanishes faster than the tail, so
        // Newton asks for a step wider than the bracket while Halley crawls
        // by about 1/x per step: bisect instead.
        let sane = newton.abs() <= hi - lo;
        if !(sane && next > lo && next < hi && next.is_finite()) {
            next = if hi.is_finite() {
                0.5 * (lo + hi)
            } else {
                2.0 * x.max(1.0)
            };
        }
        let step = (next - x).abs();
        // Converged, or at the noise floor of the tail's evaluation (the
        // steps stop shrinking once they are rounding noise).
        let noise_floor = step < 1e-9 * x.abs() && step > 0.5 * last_step;
        if step <= 4.0 * f64::EPSILON * x.abs() || noise_floor {
            return next;
        }
        if next > 1e300 {
            return f64::INFINITY;
        }
        last_step = step;
        x = next;
    }
    x
}

/// A starting value for the upper normal quantile of tail probability `q`
/// (Abramowitz & Stegun 26.2.23, absolute error below 4.5e-4).
fn normal_start(q: f64) -> f64 {
    let y = (-2.0 * q.ln()).sqrt();
    y - (2.515_517 + y * (0.802_853 + y * 0.010_328))
        / (1.0 + y * (1.432_788 + y * (0.189_269 + y * 0.001_308)))
}

/// The standard normal quantile for `p` in `(0, 1)`.
pub(crate) fn normal_quantile(p: f64) -> f64 {
    if p == 0.5 {
        return 0.0;
    }
    let upper = if p > 0.5 { 1.0 - p } else { p };
    let density = |z: f64| (-0.5 * z * z).exp() / (2.0 * PI).sqrt();
    let z = invert_upper_tail(
        upper,
        normal_start(upper),
        normal_upper_tail,
        density,
        |z| -z,
    );
    if p > 0.5 { z } else { -z }
}

/// Hill's expansion of the Student-t quantile in powers of `1 / dof`
/// around the normal quantile `z`.
fn t_expansion(z: f64, dof: f64) -> f64 {
    let z2 = z * z;
    let g1 = (z2 + 1.0) * z / 4.0;
    let g2 = ((5.0 * z2 + 16.0) * z2 + 3.0) * z / 96.0;
    let g3 = (((3.0 * z2 + 19.0) * z2 + 17.0) * z2 - 15.0) * z / 384.0;
    let g4 = ((((79.0 * z2 + 776.0) * z2 + 1482.0) * z2 - 1920.0) * z2 - 945.0) * z / 92160.0;
    let n = dof;
    z + g1 / n + g2 / (n * n) + g3 / (n * n * n) + g4 / (n * n * n * n)
}

/// The Student-t quantile for probability `p` in `(0, 1)` and `dof > 0`
/// degrees of freedom.
///
/// One and two degrees of freedom have closed forms. Beyond 10⁴ degrees of
/// freedom Hill's expansion around the normal quantile is exact to rounding.
/// In between, the expansion around an approximate normal quantile starts
/// Newton steps on the CDF (a regularised incomplete beta), which finish in
/// a few iterations (one to ten microseconds; the last eight results per
/// thread are remembered).
pub(crate) fn t_quantile(p: f64, dof: f64) -> f64 {
    if p == 0.5 {
        return 0.0;
    }
    let key = (p.to_bits(), dof.to_bits());
    if let Some(q) = RECENT.with(|r| r.borrow().iter().find(|e| e.0 == key).map(|e| e.1)) {
        return q;
    }
    let q = t_quantile_uncached(p, dof);
    RECENT.with(|r| {
        let mut r = r.borrow_mut();
        r.rotate_right(1);
        r[0] = (key, q);
    });
    q
}

thread_local! {
    /// Kept because it matters (issue 12 asked): `cargo bench --bench fit`,
    /// `fit/exponential/1000` takes 5.7 µs with it and 11.3 µs without,
    /// `fit/linear/1000` 3.8 µs and 9.4 µs (one run, 2026-12-02).
    ///
    /// The last few quantiles computed on this thread: fits of the same
    /// size at the same level (rolling windows, bootstraps) need the same
    /// one, and inverting the t CDF costs microseconds at large dof.
    static RECENT: core::cell::RefCell<[((u64, u64), f64); 8]> =
        const { core::cell::RefCell::new([((0, 0), 0.0); 8]) };
}

fn t_quantile_uncached(p: f64, dof: f64) -> f64 {
    let upper = if p > 0.5 { 1.0 - p } else { p };
    let t = if dof == 1.0 {
        (PI * (0.5 - upper)).tan()
    } else if dof == 2.0 {
        let a = 1.0 - 2.0 * upper;
        a * (2.0 / (1.0 - a * a)).sqrt()
    } else if dof > 1e4 {
        t_expansion(normal_quantile(1.0 - upper), dof)
    } else {
        // A start good to about 1e-3 is enough for Newton on the t tail.
        let start = t_expansion(normal_start(upper), dof);
        invert_upper_tail(
            upper,
            start,
            |t| t_upper_tail(t, dof),
            |t| t_density(t, dof),
            |t| -(dof + 1.0) * t / (dof + t * t),
        )
    };
    if p > 0.5 { t } else { -t }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rel(a: f64, b: f64) -> f64 {
        ((a - b) / b).abs()
    }

    // Reference quantiles from scipy.stats.t.ppf / norm.ppf.
    #[test]
    fn t_quantiles_match_reference_values() {
        let cases = [
            (0.975, 1.0, 12.706_204_736_174_694),
            (0.975, 2.0, 4.302_652_729_749_462),
            (0.975, 3.0, 3.182_446_305_283_707_8),
            (0.975, 10.0, 2.228_138_851_986_274),
            (0.975, 30.0, 2.042_272_456_301_237_8),
            (0.95, 5.0, 2.015_048_373_333_023_3),
            (0.975, 1000.0, 1.962_339_080_826_408_3),
            (0.975, 1e4, 1.960_201_239_890_626),
            (0.995, 3.0, 5.840_909_309_733_355),
            (0.9, 50.0, 1.298_713_694_194_809_6),
            (0.95, 7.0, 1.894_578_605_090_006_2),
            (0.999, 4.0, 7.173_182_219_782_307),
            (0.975, 200.0, 1.971_896_223_633_908_8),
            (0.6, 12.0, 0.259_032_745_676_887_33),
            // Beyond 10⁴ degrees of freedom: Hill's expansion.
            (0.975, 2e4, 1.960_082_605_158_134_8),
            (0.9999, 1.5e4, 3.719_935_972_868_968),
            (0.995, 1e5, 2.575_878_469_908_375),
            (0.9, 3e4, 1.281_579_785_671_170_8),
            // Large dof below the switch: the Newton steps on the
            // incomplete beta, whose front factor needs ln Γ(a + 1/2) -
            // ln Γ(a) without cancellation (it was off by 5e-12 at 10⁴).
            (0.95, 1e4, 1.645_006_018_069_243),
            (0.7, 1e4, 0.524_417_228_345_467),
            (0.999, 1e4, 3.091_047_516_030_612),
            (0.95, 5000.0, 1.645_158_437_596_970_8),
            (0.99, 2000.0, 2.328_213_841_939_772_4),
            (0.95, 700.0, 1.647_033_341_260_570_7),
        ];
        for (p, dof, expected) in cases {
            let q = t_quantile(p, dof);
            assert!(
                rel(q, expected) < 1e-12,
                "t({p}, {dof}) = {q}, expected {expected}"
            );
        }
    }

    #[test]
    fn t_quantile_is_odd_around_one_half() {
        assert_eq!(t_quantile(0.5, 3.0), 0.0);
        assert!((t_quantile(0.025, 7.0) + t_quantile(0.975, 7.0)).abs() < 1e-14);
    }

    #[test]
    fn t_quantile_is_continuous_across_the_expansion_switch() {
        let below = t_quantile(0.975, 1e4);
        let above = t_quantile(0.975, 1e4 * (1.0 + 1e-9));
        assert!(rel(below, above) < 1e-11, "{below} vs {above}");
    }

    #[test]
    fn t_quantile_tends_to_normal() {
        let z = normal_quantile(0.975);
        assert!(rel(z, 1.959_963_984_540_054) < 1e-14);
        let far = t_quantile(0.975, 1e15);
        assert!(rel(far, z) < 1e-14, "{far} vs {z}");
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        assert!((ln_gamma(1.0)).abs() < 1e-15);
        assert!(rel(ln_gamma(10.0), 362_880f64.ln()) < 1e-14);
        assert!(rel(ln_gamma(0.5), 0.5 * PI.ln()) < 1e-14);
    }

    // Reference values from Python's statistics.NormalDist().inv_cdf,
    // math.erfc and math.lgamma.
    #[test]
    fn normal_quantiles_and_tails_match_reference_values_on_both_branches() {
        for (p, expected) in [
            (0.51, 0.025_068_908_258_711_057),
            (0.6, 0.253_347_103_135_799_8),
            (0.8, 0.841_621_233_572_914_4),
            (0.9, 1.281_551_565_544_600_8),
            (0.999, 3.090_232_306_167_813),
            (0.999_999_999_9, 6.361_340_889_697_421),
        ] {
            let z = normal_quantile(p);
            assert!(rel(z, expected) < 1e-12, "{p}: {z} vs {expected}");
            assert!(rel(normal_quantile(1.0 - p), -expected) < 1e-9, "{p}");
        }
        // Q(1/2, z²/2) / 2 by series (z²/2 < 1.5) and continued fraction.
        for (z, expected) in [
            (0.5, 0.308_537_538_725_986_9),
            (1.0, 0.158_655_253_931_457_07),
            (1.7, 0.044_565_462_758_543_076),
            (3.0, 0.001_349_898_031_630_095_7),
        ] {
            let q = normal_upper_tail(z);
            assert!(rel(q, expected) < 1e-13, "{z}: {q} vs {expected}");
        }
        assert_eq!(normal_upper_tail(0.0), 0.5);
    }

    #[test]
    fn ln_gamma_half_ratio_matches_high_precision_values_on_both_sides_of_64() {
        // mpmath.loggamma(a + 1/2) - mpmath.loggamma(a), 40 digits.
        for (a, expected) in [
            (63.99, 2.077_410_000_228_287),
            (64.0, 2.077_488_436_546_596),
            (100.5, 2.303_835_087_785_868_6),
            (5000.0, 4.258_571_595_708_16),
            (1e8, 9.210_340_370_726_183),
        ] {
            let r = ln_gamma_half_ratio(a);
            assert!(rel(r, expected) < 1e-14, "{a}: {r} vs {expected}");
        }
    }

    #[test]
    fn normal_start_is_within_its_stated_error() {
        // Abramowitz & Stegun 26.2.23: absolute error below 4.5e-4.
        for i in 0..=60 {
            let q = 0.5 * 10f64.powf(-f64::from(i) / 5.0);
            let err = (normal_start(q) - normal_quantile(1.0 - q)).abs();
            assert!(err < 4.5e-4, "q {q}: {err}");
        }
    }

    #[test]
    fn hill_expansion_is_close_to_the_t_quantile_from_ten_dof() {
        // Four terms in 1 / dof: the start of the Newton steps, and the
        // answer beyond 10^4 dof.
        for dof in [10.0, 30.0, 300.0, 1e4] {
            for q in [0.3, 0.05, 0.025, 1e-3] {
                let exact = t_quantile(1.0 - q, dof);
                let approx = t_expansion(normal_quantile(1.0 - q), dof);
                // Hill's terms leave O(dof^-5); the Newton answer itself
                // is good to about 1e-12 at 10^4 dof.
                let err = rel(approx, exact);
                let bound = 20.0 / dof.powi(5) + 2e-12;
                assert!(err < bound, "dof {dof} q {q}: {err:e} vs {bound:e}");
            }
        }
    }

    /// Counts the tail evaluations `invert_upper_tail` makes.
    fn evaluations(
        target: f64,
        x0: f64,
        tail: impl Fn(f64) -> f64,
        density: impl Fn(f64) -> f64,
        dlog: impl Fn(f64) -> f64,
    ) -> (f64, usize) {
        let count = core::cell::Cell::new(0);
        let x = invert_upper_tail(
            target,
            x0,
            |x| {
                count.set(count.get() + 1);
                tail(x)
            },
            density,
            dlog,
        );
        (x, count.get())
    }

    #[test]
    fn halley_steps_converge_in_a_few_tail_evaluations() {
        let density = |z: f64| (-0.5 * z * z).exp() / (2.0 * PI).sqrt();
        for q in [0.3, 0.05, 0.025, 1e-3, 1e-6, 1e-10] {
            let (z, n) = evaluations(q, normal_start(q), normal_upper_tail, density, |z| -z);
            assert!(rel(normal_upper_tail(z), q) < 1e-14, "q {q}");
            assert!(n <= 4, "q {q}: {n} evaluations");
        }
        for (q, dof) in [(0.025, 5.0), (0.05, 30.0), (1e-4, 3.0), (0.3, 12.0)] {
            let (t, n) = evaluations(
                q,
                t_expansion(normal_start(q), dof),
                |t| t_upper_tail(t, dof),
                |t| t_density(t, dof),
                |t| -(dof + 1.0) * t / (dof + t * t),
            );
            assert!(rel(t_upper_tail(t, dof), q) < 1e-13, "q {q} dof {dof}");
            assert!(n <= 5, "q {q} dof {dof}: {n} evaluations");
        }
        // A poor start still converges, inside the widening bracket.
        let (z, _) = evaluations(0.025, 40.0, normal_upper_tail, density, |z| -z);
        assert!(rel(z, 1.959_963_984_540_054) < 1e-13, "{z}");
        let (z, n) = evaluations(1e-6, 60.0, normal_upper_tail, density, |z| -z);
        assert!(rel(normal_upper_tail(z), 1e-6) < 1e-14, "{z}");
        assert!(n < 30, "{n} evaluations from 60");
        let (z, _) = evaluations(0.025, 1e-3, normal_upper_tail, density, |z| -z);
        assert!(rel(z, 1.959_963_984_540_054) < 1e-13);
    }

    #[test]
    fn ln_gamma_reflects_below_one_half() {
        for (x, expected) in [
            (0.25, 1.288_022_524_698_077_2),
            (0.1, 2.252_712_651_734_205_5),
            (0.01, 4.599_479_878_042_022),
            (0.4, 0.796_677_817_701_783_9),
        ] {
            assert!(rel(ln_gamma(x), expected) < 1e-13, "{x}");
        }
    }

    #[test]
    fn incomplete_beta_symmetry_and_known_value() {
        // I_x(1, 1) = x; I_x(a, b) = 1 - I_{1-x}(b, a).
        assert!((inc_beta(1.0, 1.0, 0.3) - 0.3).abs() < 1e-15);
        let v = inc_beta(2.5, 4.0, 0.35);
        assert!((v + inc_beta(4.0, 2.5, 0.65) - 1.0).abs() < 1e-14);
    }
}
