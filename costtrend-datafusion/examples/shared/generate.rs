//! Generates the example's and the benchmark's Parquet file: `series` price
//! series of 24 monthly prices each (2024-01 to 2025-12, decimal years),
//! with realistic shapes: a starting price spread log-normally from cents
//! to hundreds of dollars, an annual decline between -5 % (a few rise) and
//! 70 %, 3 % log-normal month-to-month noise, and in one series in five an
//! extra price cut of 10-40 % in a random month. One series in a thousand
//! carries a bad row (a price of 0) and one in a thousand a NULL price, so
//! the refusal rules show. Seeded: the same file every time.

use std::fs::File;
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{Float64Builder, RecordBatch, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::parquet::arrow::ArrowWriter;

/// Rows per series.
pub(crate) const MONTHS: usize = 24;

/// SplitMix64 with Box–Muller normals.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform(), self.uniform());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }
}

/// Writes the file and returns its row count.
pub(crate) fn write(path: &Path, series: usize) -> datafusion::error::Result<usize> {
    let schema = Arc::new(Schema::new(vec![
        Field::new("sku", DataType::Utf8, false),
        Field::new("t", DataType::Float64, false),
        Field::new("price", DataType::Float64, true),
    ]));
    let file = File::create(path)?;
    let mut writer = ArrowWriter::try_new(file, schema.clone(), None)?;
    let mut rng = Rng(20261202);
    let per_batch = 8192;
    let mut rows = 0;
    let mut start = 0;
    while start < series {
        let end = (start + per_batch).min(series);
        let mut sku = StringBuilder::new();
        let mut t = Float64Builder::new();
        let mut price = Float64Builder::new();
        for s in start..end {
            let name = format!("sku-{s:07}");
            let p0 = (0.5 + 1.8 * rng.normal()).exp();
            let decline = -0.05 + 0.75 * rng.uniform();
            let lambda = -(1.0 - decline).ln();
            let cut = (rng.uniform() < 0.2).then(|| {
                (
                    (rng.uniform() * MONTHS as f64) as usize,
                    1.0 - (0.1 + 0.3 * rng.uniform()),
                )
            });
            let bad = rng.uniform();
            let mut level = p0;
            for m in 0..MONTHS {
                let year = 2024.0 + m as f64 / 12.0;
                if let Some((at, factor)) = cut
                    && at == m
                {
                    level *= factor;
                }
                let p = level * (-lambda * (year - 2024.0) + 0.03 * rng.normal()).exp();
                sku.append_value(&name);
                t.append_value(year);
                if m == 5 && bad < 0.001 {
                    price.append_value(0.0);
                } else if m == 7 && (0.001..0.002).contains(&bad) {
                    price.append_null();
                } else {
                    price.append_value(p);
                }
                rows += 1;
            }
        }
        let batch = RecordBatch::try_new(
            schema.clone(),
            vec![
                Arc::new(sku.finish()),
                Arc::new(t.finish()),
                Arc::new(price.finish()),
            ],
        )?;
        writer.write(&batch)?;
        start = end;
    }
    writer.close()?;
    Ok(rows)
}

/// The value after `name` on the command line as a number, or `default`.
#[allow(dead_code)] // the Ballista test writes the file only
pub(crate) fn flag(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A context with the functions registered and the file as `prices`.
#[allow(dead_code)] // the Ballista test builds its own
pub(crate) async fn context(
    path: &Path,
    partitions: usize,
) -> datafusion::error::Result<datafusion::prelude::SessionContext> {
    use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
    let ctx =
        SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions));
    costtrend_datafusion::register(&ctx);
    ctx.register_parquet(
        "prices",
        path.to_str().unwrap_or_default(),
        ParquetReadOptions::default(),
    )
    .await?;
    Ok(ctx)
}
