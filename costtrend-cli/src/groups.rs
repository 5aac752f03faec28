//! Many series at once: the work spread over the machine's cores (std
//! threads, each taking the next series), results in input order, and a
//! progress bar on standard error once the run has taken over a second
//! (never when standard error is not a terminal).

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::commands::Outcome;
use crate::input::Series;

/// How long a run goes before its progress bar appears.
const QUIET_FOR: Duration = Duration::from_secs(1);

/// `work` on every series, in parallel; the results in the series' order.
pub(crate) fn run(
    series: &[Series],
    work: &(impl Fn(&Series) -> Result<Outcome, String> + Sync),
) -> Vec<Result<Outcome, String>> {
    if series.len() == 1 {
        return vec![work(&series[0])];
    }
    let bar =
        ProgressBar::with_draw_target(Some(series.len() as u64), ProgressDrawTarget::hidden());
    if let Ok(style) =
        ProgressStyle::with_template("{bar:40} {pos}/{len} series, {elapsed} (eta {eta})")
    {
        bar.set_style(style);
    }
    let started = Instant::now();
    let shown = AtomicBool::new(false);
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Result<Outcome, String>>>> =
        series.iter().map(|_| Mutex::new(None)).collect();
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(series.len());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(s) = series.get(i) else { break };
                    let result = work(s);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                    if started.elapsed() > QUIET_FOR && !shown.swap(true, Ordering::Relaxed) {
                        // stderr's target draws nothing when it is not a terminal
                        bar.set_draw_target(ProgressDrawTarget::stderr());
                    }
                    bar.inc(1);
                }
            });
        }
    });
    bar.finish_and_clear();
    slots
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .unwrap_or_else(|| Err("not computed".into()))
        })
        .collect()
}
