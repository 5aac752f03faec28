//! Named series gathered from a long file: what the quickstart's LLM
//! collection and the hindcast example share.

use std::collections::BTreeMap;

/// A named series: (name, times, prices).
pub(super) type Named = (String, Vec<f64>, Vec<f64>);

/// The `(t, price)` rows of each name, sorted by time with repeated times
/// kept once.
pub(super) fn gather(by: BTreeMap<String, Vec<(f64, f64)>>) -> Vec<Named> {
    by.into_iter()
        .map(|(k, mut v)| {
            v.sort_by(|a, b| a.0.total_cmp(&b.0));
            v.dedup_by(|a, b| a.0 == b.0);
            (
                k,
                v.iter().map(|x| x.0).collect(),
                v.iter().map(|x| x.1).collect(),
            )
        })
        .collect()
}
