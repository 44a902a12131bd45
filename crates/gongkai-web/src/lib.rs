//! HTTP for gongkai: the public portal, the back office and the JSON API over one store.

mod admin;
mod annual_report;
mod api;
pub mod auth;
mod cache;
mod client_ip;
mod columns;
mod directory;
mod display;
mod download;
mod draft;
pub mod error;
mod etag;
mod extract;
mod feeds;
mod found;
mod frame;
mod headers;
mod kiosk;
mod limits;
mod ooxml;
mod opinion_fields;
mod opinion_pages;
mod opinions;
mod org_fields;
mod passwords;
mod portal;
mod print;
mod public;
mod qr;
mod record_page;
mod request_fields;
mod request_pages;
mod requests;
mod search_page;
mod search_params;
pub mod site;
mod sitemap;
mod tables;
mod upload;
mod views;
mod xxgk;

use std::net::SocketAddr;
use std::ops::Deref;
use std::sync::Arc;

use std::time::Duration;

use axum::Router;
use gongkai_store::Store;
use tokio::net::TcpListener;
use tower_http::timeout::TimeoutLayer;

pub use cache::PageCache;
use cache::Tag;
use gongkai_store::feed::FeedEntry;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Largest accepted attachment, in bytes.
    pub max_upload_bytes: usize,
    /// Mark cookies `Secure` (behind TLS).
    pub secure_cookies: bool,
    /// Served behind a reverse proxy on this machine: a request from a loopback address
    /// is the proxy's, and its `X-Real-IP` header names the client. Without it, every
    /// visitor would share the proxy's address and its login limit.
    pub behind_proxy: bool,
    /// Public submissions (requests, opinions) one address may send an hour.
    pub submissions_per_hour: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            max_upload_bytes: 50 * 1024 * 1024,
            secure_cookies: false,
            behind_proxy: false,
            submissions_per_hour: limits::SUBMISSIONS.max,
        }
    }
}

pub struct Inner {
    pub store: Store,
    pub config: WebConfig,
    pub cache: PageCache,
    pub directory: directory::DirectoryCache,
    /// This node's search index; it follows the change feed beside the page cache.
    pub search: Arc<gongkai_search::SearchIndex>,
    pub limits: limits::Limits,
    /// The site's name, emblem, colour and footer, read at start.
    pub identity: Arc<site::Identity>,
}

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState(Arc<Inner>);

impl AppState {
    pub fn new(store: Store, config: WebConfig, search: Arc<gongkai_search::SearchIndex>) -> Self {
        Self::with_identity(store, config, search, site::Identity::default())
    }

    pub fn with_identity(
        store: Store,
        config: WebConfig,
        search: Arc<gongkai_search::SearchIndex>,
        identity: site::Identity,
    ) -> Self {
        let limits = limits::Limits::new(config.submissions_per_hour);
        AppState(Arc::new(Inner {
            store,
            config,
            cache: PageCache::default(),
            directory: Default::default(),
            search,
            limits,
            identity: Arc::new(identity),
        }))
    }

    /// Brings the search index up to the change feed (or changes over to a rebuilt one);
    /// the server calls it every half second and after its own writes.
    pub async fn follow_search(&self) {
        if let Err(e) = self.search.catch_up(&self.store).await {
            tracing::warn!(error = %error::source_chain(&e), "the search index could not follow the change feed");
        }
    }

    /// Catches the page cache up with the change feed; called after this node's own
    /// writes and periodically for other nodes' writes.
    pub async fn follow_feed(&self) {
        if let Err(e) = self.catch_up().await {
            tracing::warn!(error = %error::source_chain(&e), "reading the change feed failed");
        }
    }

    /// Reads the feed past this node's position and drops what each change made stale: a
    /// record's pages, its organisation's list and the home page's; the opinion box's public
    /// list; everything, and the directory, when an organisation or a catalogue changed.
    async fn catch_up(&self) -> Result<(), gongkai_store::StoreError> {
        const PAGE: i64 = 1000;
        let db = &self.store.db;
        if self.cache.head() == 0 {
            // A node that has not read the feed yet begins at its end, dropping whatever
            // it cached before — pages and the directory alike — since it cannot tell
            // which of them the feed's past made stale.
            self.directory.invalidate();
            self.cache.advance(db.feed_head().await?, &[], true);
            return Ok(());
        }
        loop {
            let entries = db.feed_after(self.cache.head(), PAGE).await?;
            let Some(last) = entries.last() else { return Ok(()) };
            let mut stale = Vec::new();
            let mut everything = false;
            for FeedEntry { event, .. } in &entries {
                match event.kind.as_str() {
                    "record" => {
                        stale.push(Tag::Latest);
                        stale.extend(event.org.clone().map(Tag::OrgList));
                        stale.extend(event.lineage.clone().map(Tag::Lineage));
                        stale.extend(event.matter.clone().map(Tag::Matter));
                    }
                    // A reply entered or left the opinion box's public list.
                    "opinion" => stale.push(Tag::Opinions),
                    _ => everything = true,
                }
            }
            if everything {
                self.directory.invalidate();
            }
            self.cache.advance(last.seq, &stale, everything);
            if (entries.len() as i64) < PAGE {
                return Ok(());
            }
        }
    }
}

impl Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

/// How long a request that does work — the API, the back office, a public page that is
/// not cached, a download — may take before it is answered 408; an upload included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(120);

fn timeout() -> TimeoutLayer {
    TimeoutLayer::with_status_code(axum::http::StatusCode::REQUEST_TIMEOUT, REQUEST_TIMEOUT)
}

/// The whole site: portal, back office and API, each error in the project's form, each
/// request with an id (from `x-request-id`, or a new one, echoed back) and a tracing span.
/// Cached public pages are answered from memory and need no timer of their own.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(portal::router())
        .merge(site::router())
        .merge(xxgk::router())
        .merge(request_pages::router())
        .merge(opinion_pages::router())
        .merge(kiosk::router())
        .merge(display::router())
        .merge(print::router())
        .merge(feeds::router())
        .merge(sitemap::router())
        .merge(search_page::router().layer(timeout()))
        .merge(admin::router(&state.config).layer(timeout()))
        .nest("/api/v1", api::router(&state.config).layer(timeout()))
        .fallback(|| async { axum::http::StatusCode::NOT_FOUND })
        .layer(axum::middleware::from_fn(frame::frame))
        // Outermost, so that the error pages the frame draws know the site and the mode too.
        .layer(axum::middleware::from_fn_with_state(state.clone(), site::context))
        .with_state(state)
}

/// Serves until the listener fails or `shutdown` completes; requests in flight when it
/// does are finished first. Background work (feed following, timed publishing) is the
/// binary's to start.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app).with_graceful_shutdown(shutdown).await
}
