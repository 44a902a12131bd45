//! HTTP for gongkai: the public portal, the back office and the JSON API over one store.

mod admin;
mod api;
pub mod auth;
mod cache;
mod draft;
pub mod error;
mod extract;
mod headers;
mod openapi;
mod org_fields;
mod portal;
mod upload;
mod views;

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use gongkai_store::Store;
use tokio::net::TcpListener;

pub use cache::PageCache;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Largest accepted attachment, in bytes.
    pub max_upload_bytes: usize,
    /// Mark cookies `Secure` (behind TLS).
    pub secure_cookies: bool,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self { max_upload_bytes: 50 * 1024 * 1024, secure_cookies: false }
    }
}

pub struct Inner {
    pub store: Store,
    pub config: WebConfig,
    pub cache: PageCache,
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    pub fn new(store: Store, config: WebConfig) -> Self {
        AppState(Arc::new(Inner { store, config, cache: PageCache::default() }))
    }

    /// Catches the page cache up with the change feed; called after this node's own
    /// writes and periodically for other nodes' writes.
    pub async fn follow_feed(&self) {
        match self.store.db.feed_head().await {
            Ok(head) => self.cache.advance(head),
            Err(e) => tracing::warn!(error = %e, "reading the change feed failed"),
        }
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(portal::router())
        .merge(admin::router(&state.config))
        .nest("/api/v1", api::router(&state.config))
        .layer(axum::middleware::from_fn(headers::security_headers))
        .with_state(state)
}

/// Serves until the listener fails; runs the feed follower and the scheduler beside it.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    spawn_background(state.clone());
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).await
}

/// How often a node looks at the change feed for other nodes' writes.
const FEED_POLL: Duration = Duration::from_millis(500);
/// How often timed publishing and expiry run.
const SCHEDULER_TICK: Duration = Duration::from_secs(5);

fn spawn_background(state: AppState) {
    let follower = state.clone();
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(FEED_POLL);
        loop {
            tick.tick().await;
            follower.follow_feed().await;
        }
    });
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(SCHEDULER_TICK);
        loop {
            tick.tick().await;
            run_scheduler(&state).await;
        }
    });
}

/// One round of timed work; public for tests that drive the clock themselves.
pub async fn run_scheduler(state: &AppState) {
    let db = &state.store.db;
    let now = gongkai_store::unix_now();
    if let Err(e) = db.publish_due(now).await {
        tracing::error!(error = %e, "scheduled publishing failed");
    }
    let today = gongkai_store::china_today();
    if let Err(e) = db.expire_due(today).await {
        tracing::error!(error = %e, "expiring records failed");
    }
    state.follow_feed().await;
}
