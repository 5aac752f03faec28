//! SplitMix64, a small, fixed, documented generator for the crate's
//! simulations (bills, the no-break test): seeded results reproduce
//! exactly on every platform.

/// SplitMix64 (Steele, Lea & Flood 2014).
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in (0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }

    /// Two independent standard normals (Box–Muller).
    pub(crate) fn normals(&mut self) -> (f64, f64) {
        let (u, v) = (self.uniform(), self.uniform());
        let r = (-2.0 * u.ln()).sqrt();
        let a = core::f64::consts::TAU * v;
        (r * a.cos(), r * a.sin())
    }

    /// One standard normal (the first of a Box–Muller pair).
    #[cfg(test)]
    pub(crate) fn normal(&mut self) -> f64 {
        self.normals().0
    }

    /// Fills `out` with independent standard normals.
    /// A Gamma(`shape`, 1) variate by Marsaglia and Tsang's method (ACM
    /// TOMS 26, 2000), with `U^(1/shape)` boosting for `shape < 1`.
    pub(crate) fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = self.uniform();
            return self.gamma(shape + 1.0) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let (z, _) = self.normals();
            let v = 1.0 + c * z;
            if v <= 0.0 {
                continue;
            }
            let v = v * v * v;
            let u = self.uniform();
            if u.ln() < 0.5 * z * z + d - d * v + d * v.ln() {
                return d * v;
            }
        }
    }

    pub(crate) fn fill_normal(&mut self, out: &mut [f64]) {
        let mut chunks = out.chunks_exact_mut(2);
        for pair in &mut chunks {
            let (a, b) = self.normals();
            pair[0] = a;
            pair[1] = b;
        }
        if let [last] = chunks.into_remainder() {
            *last = self.normals().0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn gamma_variates_have_the_gamma_mean_and_variance() {
        for shape in [0.4, 1.0, 2.5, 30.0] {
            let mut rng = Rng::new(7);
            let n = 200_000;
            let xs: Vec<f64> = (0..n).map(|_| rng.gamma(shape)).collect();
            let mean = xs.iter().sum::<f64>() / n as f64;
            let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1) as f64;
            // mean and variance of Gamma(k, 1) are both k; 5 standard errors
            let se_mean = (shape / n as f64).sqrt();
            assert!((mean - shape).abs() < 5.0 * se_mean, "{shape}: mean {mean}");
            assert!((var / shape - 1.0).abs() < 0.03, "{shape}: variance {var}");
        }
    }

    #[test]
    fn the_stream_is_splitmix64_as_published() {
        // The reference implementation's first outputs from state 0
        // (Vigna, splitmix64.c): the seeds of the no-break test and of
        // bills are public, so their streams must never change.
        let mut rng = Rng::new(0);
        let first: Vec<u64> = (0..5).map(|_| rng.next_u64()).collect();
        assert_eq!(
            first,
            [
                0xE220_A839_7B1D_CDAF,
                0x6E78_9E6A_A1B9_65F4,
                0x06C4_5D18_8009_454F,
                0xF88B_B8A8_724C_81EC,
                0x1B39_896A_51A8_749B
            ]
        );
        let mut rng = Rng::new(0);
        let u = ((0xE220_A839_7B1D_CDAFu64 >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        let v = ((0x6E78_9E6A_A1B9_65F4u64 >> 11) as f64 + 0.5) / (1u64 << 53) as f64;
        let (a, b) = rng.normals();
        let r = (-2.0 * u.ln()).sqrt();
        assert_eq!(
            (a, b),
            (
                r * (core::f64::consts::TAU * v).cos(),
                r * (core::f64::consts::TAU * v).sin()
            )
        );
    }
}
