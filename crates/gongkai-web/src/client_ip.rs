//! The client's address, which the rate limits count by.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;

use crate::AppState;

/// The client's address, for rate limits: the peer's, or behind a reverse proxy on this
/// machine the address the proxy reports in `X-Real-IP`. The header is believed only from
/// a loopback peer, so a client cannot choose its own address to escape the limit.
pub struct ClientIp(pub String);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
        let forwarded = || {
            let value = parts.headers.get("x-real-ip")?.to_str().ok()?;
            value.trim().parse::<std::net::IpAddr>().ok()
        };
        let ip = match peer {
            Some(peer) if state.config.behind_proxy && peer.is_loopback() => forwarded().unwrap_or(peer),
            Some(peer) => peer,
            None => return Ok(ClientIp("unknown".into())),
        };
        Ok(ClientIp(ip.to_string()))
    }
}
