//! Per-series trend fits as one SQL query: `decay_fit` over a Parquet file
//! of 100,000 series × 24 monthly prices (2.4 M rows; `--series N` for
//! more), with the wall time, rows per second, the ten fastest-falling
//! series and the groups refused, and why.
//!
//! `cargo run --release -p costtrend-datafusion --example group_fits [-- --series N] [--partitions P]`

#[path = "shared/generate.rs"]
mod generate;

use std::time::Instant;

use datafusion::arrow::util::pretty::pretty_format_batches;
use datafusion::datasource::MemTable;

#[tokio::main]
async fn main() -> datafusion::error::Result<()> {
    let series = generate::flag("--series", 100_000);
    let partitions = generate::flag(
        "--partitions",
        std::thread::available_parallelism().map_or(2, |n| n.get()),
    );
    let path = std::env::temp_dir().join(format!("costtrend_group_fits_{series}.parquet"));
    let start = Instant::now();
    let rows = generate::write(&path, series)?;
    println!(
        "generated {series} series x {} months = {rows} rows in {:.2} s ({})",
        generate::MONTHS,
        start.elapsed().as_secs_f64(),
        path.display()
    );

    let ctx = generate::context(&path, partitions).await?;

    let sql = "SELECT sku, decay_fit(t, price) AS fit FROM prices GROUP BY sku";
    println!("\n{sql}   -- target_partitions {partitions}");
    let start = Instant::now();
    let df = ctx.sql(sql).await?;
    let schema = df.schema().inner().clone();
    let batches = df.collect().await?;
    let secs = start.elapsed().as_secs_f64();
    let groups: usize = batches.iter().map(|b| b.num_rows()).sum();
    println!(
        "{groups} groups in {secs:.3} s: {:.1} M rows per second",
        rows as f64 / secs / 1e6
    );

    ctx.register_table(
        "fits",
        std::sync::Arc::new(MemTable::try_new(schema, vec![batches])?),
    )?;
    let fastest = ctx
        .sql(
            "SELECT sku, round(fit['percent_per_year'], 1) AS pct_per_year,
                    round(fit['percent_lower'], 1) AS lower, round(fit['percent_upper'], 1) AS upper,
                    round(fit['half_life'], 2) AS half_life_years,
                    round(decay_at(fit, 2026.0), 4) AS price_2026
             FROM fits WHERE fit['error'] IS NULL
             ORDER BY fit['percent_per_year'] DESC LIMIT 10",
        )
        .await?
        .collect()
        .await?;
    println!(
        "\nthe ten fastest-falling series (95 % intervals):\n{}",
        pretty_format_batches(&fastest)?
    );
    let refused = ctx
        .sql(
            "SELECT fit['error'] AS why, count(*) AS groups FROM fits
             WHERE fit['error'] IS NOT NULL GROUP BY fit['error'] ORDER BY groups DESC",
        )
        .await?
        .collect()
        .await?;
    println!(
        "\ngroups refused, and why:\n{}",
        pretty_format_batches(&refused)?
    );
    std::fs::remove_file(&path).ok();
    Ok(())
}
