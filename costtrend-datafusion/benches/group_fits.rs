//! `decay_fit` against DataFusion's built-in `regr_slope`, `regr_intercept`
//! and `regr_r2` over `ln(price)`, on the same Parquet file and the same
//! `GROUP BY`, in one run, with target_partitions 1 and 2, and
//! `decay_forecast` (the random walk, which keeps each group's points)
//! beside them. Prints the minimum wall time of each query over five runs,
//! rows per second, the ratio to the built-in (target for `decay_fit`: at
//! most 1.5) and the state per group.
//!
//! `cargo bench -p costtrend-datafusion --bench group_fits [-- --series N]`

#[path = "../examples/shared/generate.rs"]
mod generate;

use std::time::{Duration, Instant};

use datafusion::prelude::SessionContext;

async fn best(ctx: &SessionContext, sql: &str) -> datafusion::error::Result<Duration> {
    let mut best = Duration::MAX;
    for _ in 0..5 {
        let start = Instant::now();
        let batches = ctx.sql(sql).await?.collect().await?;
        std::hint::black_box(&batches);
        best = best.min(start.elapsed());
    }
    Ok(best)
}

#[tokio::main]
async fn main() -> datafusion::error::Result<()> {
    let series = generate::flag("--series", 100_000);
    let path = std::env::temp_dir().join(format!("costtrend_bench_{series}.parquet"));
    let rows = generate::write(&path, series)?;
    println!("{series} series, {rows} rows; minimum of 5 runs\n");
    println!("| target_partitions | query | time (s) | M rows/s | ratio |");
    println!("|---|---|---|---|---|");
    let ours = "SELECT sku, decay_fit(t, price) FROM prices GROUP BY sku";
    let forecast = "SELECT sku, decay_forecast(t, price, 2030.0) FROM prices GROUP BY sku";
    let builtin = "SELECT sku, regr_slope(ln(price), t), regr_intercept(ln(price), t), regr_r2(ln(price), t) FROM prices GROUP BY sku";
    for partitions in [1, 2] {
        let ctx = generate::context(&path, partitions).await?;
        let a = best(&ctx, builtin).await?;
        let b = best(&ctx, ours).await?;
        let c = best(&ctx, forecast).await?;
        let mrows = |d: Duration| rows as f64 / d.as_secs_f64() / 1e6;
        println!(
            "| {partitions} | regr_slope + regr_intercept + regr_r2 | {:.3} | {:.1} | |",
            a.as_secs_f64(),
            mrows(a)
        );
        println!(
            "| {partitions} | decay_fit | {:.3} | {:.1} | {:.2} |",
            b.as_secs_f64(),
            mrows(b),
            b.as_secs_f64() / a.as_secs_f64()
        );
        println!(
            "| {partitions} | decay_forecast | {:.3} | {:.1} | {:.2} |",
            c.as_secs_f64(),
            mrows(c),
            c.as_secs_f64() / a.as_secs_f64()
        );
    }
    println!(
        "\nstate per group: {} bytes",
        costtrend_datafusion::STATE_BYTES
    );
    std::fs::remove_file(&path).ok();
    Ok(())
}
