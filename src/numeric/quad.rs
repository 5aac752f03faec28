//! Quadrature for the integrals with no closed form (a bill's expected
//! cost, spend on a curve that is not made of decay models).

/// `∫_lo^hi u(t) exp(g(t)) dt` for a smooth `u >= 0` and `g`, by composite
/// 16-point Gauss–Legendre on panels over which `ln u + g` changes by at
/// most about 1/2 (judged on 64 samples), at most 4,096 panels.
pub(crate) fn smooth_integral(
    u: impl Fn(f64) -> f64,
    g: impl Fn(f64) -> f64,
    lo: f64,
    hi: f64,
) -> f64 {
    integral_by_panels(u, g, lo, hi, 0.5, 64)
}

/// [`smooth_integral`] with panels over which `ln u + g` changes by at most
/// about `max_change`, judged on `samples` samples: for an analytic
/// integrand 16-point Gauss–Legendre stays at rounding for changes of
/// several units per panel (for `e^x` over a panel of width 8 the error is
/// below 1e-16).
pub(crate) fn integral_by_panels(
    u: impl Fn(f64) -> f64,
    g: impl Fn(f64) -> f64,
    lo: f64,
    hi: f64,
    max_change: f64,
    samples: u32,
) -> f64 {
    let (nodes, weights) = gauss_legendre_16();
    let log_f = |t: f64| u(t).ln() + g(t);
    let mut variation = 0.0;
    let mut prev = log_f(lo);
    for i in 1..=samples {
        let t = lo + (hi - lo) * f64::from(i) / f64::from(samples);
        let cur = log_f(t);
        if cur.is_finite() && prev.is_finite() {
            variation += (cur - prev).abs();
        }
        prev = cur;
    }
    let panels = (variation / max_change).ceil().clamp(1.0, 4096.0) as usize;
    let width = (hi - lo) / panels as f64;
    let mut total = 0.0;
    for k in 0..panels {
        let (a, b) = (lo + width * k as f64, lo + width * (k + 1) as f64);
        let (mid, half) = (0.5 * (a + b), 0.5 * (b - a));
        let mut panel = 0.0;
        for (x, w) in nodes.iter().zip(weights) {
            let t = mid + half * x;
            let v = u(t);
            if v != 0.0 {
                panel += w * v * g(t).exp();
            }
        }
        total += half * panel;
    }
    total
}

/// The 16-point Gauss–Legendre nodes and weights on `[-1, 1]`, computed
/// once.
pub(crate) fn gauss_legendre_16() -> &'static ([f64; 16], [f64; 16]) {
    static RULE: std::sync::OnceLock<([f64; 16], [f64; 16])> = std::sync::OnceLock::new();
    RULE.get_or_init(legendre_rule_16)
}

/// The 16-point Gauss–Legendre nodes and weights on `[-1, 1]`, by Newton's
/// method on the Legendre polynomial (to rounding).
fn legendre_rule_16() -> ([f64; 16], [f64; 16]) {
    const N: usize = 16;
    let mut nodes = [0.0; N];
    let mut weights = [0.0; N];
    for i in 0..N / 2 {
        // Chebyshev-like start, then Newton on P_N
        let mut x = (core::f64::consts::PI * (i as f64 + 0.75) / (N as f64 + 0.5)).cos();
        let mut dp = 0.0;
        for _ in 0..100 {
            let (mut p0, mut p1) = (1.0, x);
            for k in 2..=N {
                let k = k as f64;
                let p2 = ((2.0 * k - 1.0) * x * p1 - (k - 1.0) * p0) / k;
                (p0, p1) = (p1, p2);
            }
            // P_N = p1, P_{N-1} = p0
            dp = N as f64 * (x * p1 - p0) / (x * x - 1.0);
            let dx = p1 / dp;
            x -= dx;
            if dx.abs() <= 1e-16 {
                break;
            }
        }
        let w = 2.0 / ((1.0 - x * x) * dp * dp);
        nodes[i] = -x;
        nodes[N - 1 - i] = x;
        weights[i] = w;
        weights[N - 1 - i] = w;
    }
    (nodes, weights)
}
