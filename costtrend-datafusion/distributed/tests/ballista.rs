//! Distributed: a Ballista scheduler and two executors in this process,
//! the functions registered on the client, the scheduler and the
//! executors, and the group-fit query over a Parquet file. Its results
//! equal single-node DataFusion's.

#[path = "../../examples/shared/generate.rs"]
mod generate;

use std::collections::BTreeMap;

use ballista::prelude::{SessionConfigExt, SessionContextExt};
use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::{DataType, Float64Type};
use datafusion::execution::SessionStateBuilder;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};

const QUERY: &str = "SELECT sku,
        decay_fit(t, price)['lambda'] AS lambda,
        decay_fit(t, price)['lambda_se'] AS se,
        decay_fit(t, price)['percent_per_year'] AS pct,
        decay_at(decay_fit(t, price), 2026.0) AS at_2026,
        decay_fit(t, price)['error'] AS error
     FROM prices GROUP BY sku ORDER BY sku";

/// Each row's values by sku.
fn rows(batches: &[RecordBatch]) -> BTreeMap<String, (Vec<Option<f64>>, Option<String>)> {
    let mut out = BTreeMap::new();
    for b in batches {
        // Parquet strings come back as views: cast to plain strings.
        let sku = datafusion::arrow::compute::cast(b.column(0), &DataType::Utf8).unwrap();
        let sku = sku.as_string::<i32>();
        let err = b.column(5).as_string::<i32>();
        for i in 0..b.num_rows() {
            let nums = (1..5)
                .map(|c| {
                    let a = b.column(c).as_primitive::<Float64Type>();
                    a.is_valid(i).then(|| a.value(i))
                })
                .collect();
            out.insert(
                sku.value(i).to_string(),
                (nums, err.is_valid(i).then(|| err.value(i).to_string())),
            );
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_executors_give_the_single_node_results() {
    let path = std::env::temp_dir().join("costtrend_ballista_test.parquet");
    generate::write(&path, 3_000).unwrap();
    let file = path.to_str().unwrap();

    // Single node.
    let local = SessionContext::new_with_config(SessionConfig::new().with_target_partitions(4));
    costtrend_datafusion::register(&local);
    local
        .register_parquet("prices", file, ParquetReadOptions::default())
        .await
        .unwrap();
    let want = rows(&local.sql(QUERY).await.unwrap().collect().await.unwrap());

    // One session state with the functions, shared by the scheduler, both
    // executors (their function registries) and the client.
    let config = SessionConfig::new_with_ballista().with_target_partitions(4);
    let state = SessionStateBuilder::new()
        .with_config(config)
        .with_default_features()
        .build();
    let with_functions = SessionContext::new_with_state(state);
    costtrend_datafusion::register(&with_functions);
    let state = with_functions.state();

    let addr = ballista_scheduler::standalone::new_standalone_scheduler_from_state(&state)
        .await
        .unwrap();
    let url = format!("http://localhost:{}", addr.port());
    let mut tries = 0;
    let scheduler = loop {
        match SchedulerGrpcClient::connect(url.clone()).await {
            Ok(s) => break s,
            Err(e) if tries < 100 => {
                tries += 1;
                let _ = e;
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            Err(e) => panic!("scheduler did not start: {e}"),
        }
    };
    for _ in 0..2 {
        ballista_executor::new_standalone_executor_from_state(scheduler.clone(), 2, &state)
            .await
            .unwrap();
    }
    let client =
        SessionContext::remote_with_state(&format!("df://localhost:{}", addr.port()), state)
            .await
            .unwrap();
    // the client plans the query: it needs the functions too
    costtrend_datafusion::register(&client);
    client
        .register_parquet("prices", file, ParquetReadOptions::default())
        .await
        .unwrap();
    // the client's plan hands the query to the scheduler
    let plan = client
        .sql(QUERY)
        .await
        .unwrap()
        .create_physical_plan()
        .await
        .unwrap();
    let shown = datafusion::physical_plan::displayable(plan.as_ref())
        .indent(false)
        .to_string();
    assert!(shown.contains("DistributedQueryExec"), "{shown}");
    let got = rows(&client.sql(QUERY).await.unwrap().collect().await.unwrap());

    assert_eq!(got.len(), 3_000);
    assert_eq!(got.len(), want.len());
    let mut refused = 0;
    for (sku, (nums, err)) in &want {
        let (g_nums, g_err) = &got[sku];
        assert_eq!(g_err, err, "{sku}");
        refused += usize::from(err.is_some());
        for (a, b) in g_nums.iter().zip(nums) {
            match (a, b) {
                // partial fits merge in another order across executors:
                // equal to rounding
                (Some(a), Some(b)) => assert!(
                    (a - b).abs() <= 1e-12 * a.abs().max(b.abs()),
                    "{sku}: {a} vs {b}"
                ),
                (a, b) => assert_eq!(a, b, "{sku}"),
            }
        }
    }
    assert!(refused >= 1); // the file has a bad price in one series in a thousand
    std::fs::remove_file(&path).ok();
}
