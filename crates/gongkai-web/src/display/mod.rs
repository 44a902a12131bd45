//! 电视/电子显示屏: `/display/{org}` on a TV or LED screen in a hall, read from a few metres.
//! Full-screen slides of the unit's current records, a ticker of the latest publications
//! of the unit and the units under it, and the date and time. Nobody touches it: the page
//! is cached like the portal's, and `display.js` fetches it again every refresh period and
//! swaps in what changed, so a publication shows within a minute and a network failure
//! leaves the screen as it was.

mod board;

use askama::Template;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use gongkai_core::org::OrgCode;

use crate::error::{AppError, PageError};
use crate::kiosk::asset;
use crate::portal::{cached, org_not_found};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/display/{code}", get(display))
        .route(
            "/static/display.css",
            get(|| asset("text/css; charset=utf-8", include_str!("../../static/display.css"))),
        )
        .route(
            "/static/display.js",
            get(|| asset("text/javascript; charset=utf-8", include_str!("../../static/display.js"))),
        )
}

/// Seconds a slide stays and seconds between refreshes, from the address when it gives a
/// usable number: a number out of range is brought into it, anything else is ignored, so a
/// typo on a screen nobody watches over still shows the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timing {
    pub pace: u32,
    pub refresh: u32,
}

const PACE: std::ops::RangeInclusive<u32> = 3..=600;
const REFRESH: std::ops::RangeInclusive<u32> = 5..=300;
const DEFAULT_REFRESH: u32 = 30;

impl Timing {
    fn from_query(raw: Option<&str>, default_pace: u32) -> Self {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
        let number = |name: &str, range: &std::ops::RangeInclusive<u32>| {
            let value = pairs.iter().rev().find(|(k, _)| k == name)?.1.trim().parse::<i64>().ok()?;
            Some(value.clamp(i64::from(*range.start()), i64::from(*range.end())) as u32)
        };
        Timing {
            pace: number("pace", &PACE).unwrap_or(default_pace),
            refresh: number("refresh", &REFRESH).unwrap_or(DEFAULT_REFRESH),
        }
    }
}

async fn display(
    State(state): State<AppState>,
    Path(code): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, DisplayError> {
    let site = crate::site::page();
    let timing = Timing::from_query(raw.as_deref(), site.site().display_pace_seconds);
    let code = OrgCode::parse(&code).map_err(|_| org_not_found(&code))?;
    // The key holds the timing, which the page carries; other parameters make no entries.
    let key = format!("/display/{code}?pace={}&refresh={}", timing.pace, timing.refresh);
    Ok(cached(&state, key, || board::render(&state, code, timing)).await?)
}

/// A display that cannot show its unit: a page in the display's own style, large enough to
/// read across the hall, saying what is wrong.
pub struct DisplayError(AppError);

impl From<PageError> for DisplayError {
    fn from(e: PageError) -> Self {
        DisplayError(e.0)
    }
}

impl From<AppError> for DisplayError {
    fn from(e: AppError) -> Self {
        DisplayError(e)
    }
}

#[derive(Template)]
#[template(path = "display_error.html")]
struct ErrorPage {
    site_name: String,
    heading: &'static str,
    message: String,
}

impl IntoResponse for DisplayError {
    fn into_response(self) -> Response {
        let status = self.0.status();
        let (heading, message) = match &self.0 {
            AppError::Domain(d) if status == StatusCode::NOT_FOUND => {
                ("未找到该单位", format!("{}。请检查显示屏设置的网址。", d.message))
            }
            AppError::Internal(context) => {
                tracing::error!(request = %crate::frame::current(), %context, "display page failed");
                ("暂时无法显示", "系统暂时无法显示公开信息，请稍后再试。".into())
            }
            _ => ("暂时无法显示", "请检查显示屏设置的网址。".into()),
        };
        let page = ErrorPage { site_name: crate::site::page().site().name.clone(), heading, message };
        match page.render() {
            Ok(html) => (status, Html(html)).into_response(),
            Err(e) => PageError(e.into()).into_response(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Timing;

    #[test]
    fn timing_is_clamped_and_garbage_ignored() {
        let t = |q: &str| Timing::from_query(Some(q), 12);
        assert_eq!(t(""), Timing { pace: 12, refresh: 30 });
        assert_eq!(t("pace=20&refresh=10"), Timing { pace: 20, refresh: 10 });
        assert_eq!(t("pace=1&refresh=1000"), Timing { pace: 3, refresh: 300 });
        assert_eq!(t("pace=abc&refresh=-4"), Timing { pace: 12, refresh: 5 });
        assert_eq!(t("pace=%zz"), Timing { pace: 12, refresh: 30 });
    }
}
