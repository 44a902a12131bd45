//! Work the server does beside answering requests: following the change feed (for this
//! node's page cache and search index), timed publishing and expiry, and purging expired sessions. Started here by the binary, so the
//! web crate serves requests only and tests run each step when they choose.

use std::time::Duration;

use gongkai_web::AppState;

/// How often a node looks at the change feed for other nodes' writes.
const FEED_POLL: Duration = Duration::from_millis(500);
/// How often timed publishing and expiry run.
const SCHEDULER_TICK: Duration = Duration::from_secs(5);
/// How often expired sessions and old login failures are removed.
const PURGE_TICK: Duration = Duration::from_secs(3600);

pub fn spawn(state: AppState, search_needs_build: bool) {
    let searcher = state.clone();
    tokio::spawn(async move {
        if search_needs_build {
            // Searches are answered from the empty index until the build is done.
            tracing::info!("building the search index from the database");
            match searcher.search.rebuild(&searcher.store).await {
                Ok(report) => tracing::info!(
                    records = report.records,
                    orgs = report.orgs,
                    seconds = report.elapsed.as_secs_f64(),
                    "the search index is built"
                ),
                Err(e) => tracing::error!(error = %e, "building the search index failed; run gongkai index rebuild"),
            }
        }
        let mut tick = tokio::time::interval(FEED_POLL);
        loop {
            tick.tick().await;
            searcher.follow_search().await;
        }
    });
    let follower = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FEED_POLL);
        loop {
            tick.tick().await;
            follower.follow_feed().await;
        }
    });
    let purger = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PURGE_TICK);
        loop {
            tick.tick().await;
            match purger.store.purge_expired().await {
                Ok(removed) => tracing::debug!(removed, "purged expired sessions and login failures"),
                Err(e) => tracing::error!(error = %e, "purging expired sessions failed"),
            }
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SCHEDULER_TICK);
        loop {
            tick.tick().await;
            scheduler_round(&state).await;
        }
    });
}

/// One round of timed work, then the cache catches up with what it changed.
async fn scheduler_round(state: &AppState) {
    if let Err(e) = state.store.publish_due().await {
        tracing::error!(error = %e, "scheduled publishing failed");
    }
    if let Err(e) = state.store.expire_due().await {
        tracing::error!(error = %e, "expiring records failed");
    }
    if let Err(e) = state.store.lapse_due().await {
        tracing::error!(error = %e, "closing requests not corrected in time failed");
    }
    state.follow_feed().await;
}

/// Resolves on SIGTERM or Ctrl-C, when the server should stop taking requests and finish
/// the ones in flight.
pub async fn shutdown_signal() {
    let interrupt = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "listening for Ctrl-C failed");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "listening for SIGTERM failed");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
