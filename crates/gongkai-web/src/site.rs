//! The site's identity — its name, emblem, colour and the registration numbers its footer
//! must show — and each page's context: the site, whether the visitor chose 长者模式, and
//! the address the mode switch returns to.
//!
//! The identity is read once at start from `site.toml` in the data directory (网站设置,
//! see the operator's manual); every carrier — portal, kiosk, display, print — takes its
//! name and colour from it. The page context is a task-local set for each request of the
//! portal, so that templates reach it without every page struct carrying it, and a cached
//! page is kept apart for each mode.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use serde::Deserialize;

use crate::AppState;

/// 网站设置, as `site.toml` gives it; every field may be left out.
#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Site {
    /// 网站名称, shown in the header and every title.
    pub name: String,
    /// 主办单位
    pub host: String,
    /// 联系方式 (telephone, address or e-mail) in the footer.
    pub contact: String,
    /// 网站标识码
    pub site_code: String,
    /// ICP备案号
    pub icp: String,
    /// 公安机关备案号
    pub police: String,
    /// The emblem's file (PNG, JPEG or SVG), relative to the data directory.
    pub emblem: Option<String>,
    /// The site's main colour, `#rrggbb`.
    pub colour: String,
    /// The address the public reaches the site at, for QR codes, feeds and the sitemap.
    pub base_url: String,
    /// Seconds without a touch after which a kiosk goes back to its home screen.
    pub kiosk_idle_seconds: u32,
    /// Seconds each slide of a display stays on screen.
    pub display_pace_seconds: u32,
}

impl Default for Site {
    fn default() -> Self {
        Site {
            name: "党务政务公开网".into(),
            host: String::new(),
            contact: String::new(),
            site_code: String::new(),
            icp: String::new(),
            police: String::new(),
            emblem: None,
            colour: "#b3261e".into(),
            base_url: "http://127.0.0.1:8080".into(),
            kiosk_idle_seconds: 120,
            display_pace_seconds: 12,
        }
    }
}

/// Why `site.toml` was refused, in words for the operator.
#[derive(Debug, thiserror::Error)]
pub enum SiteError {
    #[error("网站设置文件 {0} 无法读取：{1}")]
    Read(String, std::io::Error),
    #[error("网站设置文件 {0} 格式有误：{1}")]
    Parse(String, String),
    #[error("网站设置文件 {file} 中 {field} 的值不正确：{reason}")]
    Invalid { file: String, field: &'static str, reason: &'static str },
}

/// The identity with the emblem's bytes, loaded once.
#[derive(Debug, Clone, Default)]
pub struct Identity {
    pub site: Site,
    /// The emblem's media type and bytes.
    pub emblem: Option<(&'static str, bytes::Bytes)>,
}

impl Identity {
    /// Reads `site.toml` in `data_dir`, if there is one, and the emblem it names;
    /// `base_url` is the address to use when the file names none.
    pub fn load(data_dir: &Path, base_url: &str) -> Result<Identity, SiteError> {
        let path = data_dir.join("site.toml");
        let file = path.display().to_string();
        let mut site = match std::fs::read_to_string(&path) {
            Ok(text) => toml::from_str::<Site>(&text).map_err(|e| SiteError::Parse(file.clone(), e.to_string()))?,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Site::default(),
            Err(e) => return Err(SiteError::Read(file, e)),
        };
        if site.base_url == Site::default().base_url {
            base_url.clone_into(&mut site.base_url);
        }
        site.check().map_err(|(field, reason)| SiteError::Invalid { file: file.clone(), field, reason })?;
        let emblem = match &site.emblem {
            Some(name) => {
                let path = data_dir.join(name);
                let bytes = std::fs::read(&path).map_err(|e| SiteError::Read(path.display().to_string(), e))?;
                let kind = emblem_type(name, &bytes).ok_or(SiteError::Invalid {
                    file: file.clone(),
                    field: "emblem",
                    reason: "标志图片须为 PNG、JPEG 或 SVG 文件",
                })?;
                Some((kind, bytes::Bytes::from(bytes)))
            }
            None => None,
        };
        Ok(Identity { site, emblem })
    }
}

impl Site {
    fn check(&mut self) -> Result<(), (&'static str, &'static str)> {
        let colour = self.colour.trim();
        let hex = colour.strip_prefix('#').unwrap_or("");
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(("colour", "颜色须写成 #rrggbb 形式，如 #b3261e"));
        }
        self.colour = colour.to_ascii_lowercase();
        let url = self.base_url.trim().trim_end_matches('/');
        if !(url.starts_with("http://") || url.starts_with("https://")) || url.contains(char::is_whitespace) {
            return Err(("base_url", "网址须以 http:// 或 https:// 开头"));
        }
        self.base_url = url.to_owned();
        if !(10..=3600).contains(&self.kiosk_idle_seconds) {
            return Err(("kiosk_idle_seconds", "查询机返回首页的等待时间须在 10 至 3600 秒之间"));
        }
        if !(3..=600).contains(&self.display_pace_seconds) {
            return Err(("display_pace_seconds", "显示屏每屏停留时间须在 3 至 600 秒之间"));
        }
        if self.name.trim().is_empty() {
            return Err(("name", "网站名称不能为空"));
        }
        Ok(())
    }

    /// An absolute address on this site, for QR codes, feeds and the sitemap.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_url)
    }
}

fn emblem_type(name: &str, bytes: &[u8]) -> Option<&'static str> {
    match infer::get(bytes).map(|t| t.mime_type()) {
        Some("image/png") => Some("image/png"),
        Some("image/jpeg") => Some("image/jpeg"),
        _ if name.to_ascii_lowercase().ends_with(".svg") && bytes.windows(4).any(|w| w == b"<svg") => {
            Some("image/svg+xml")
        }
        _ => None,
    }
}

/// What a page needs besides its own content.
#[derive(Debug, Clone)]
pub struct PageContext {
    pub identity: Arc<Identity>,
    /// 长者模式: larger text, higher contrast, one column.
    pub elder: bool,
    /// The page's path, for the mode switch to come back to. Without its query: a cached
    /// page is shared by every address that names it, so it must not carry one visitor's
    /// query string to the next.
    pub here: String,
}

impl PageContext {
    pub fn site(&self) -> &Site {
        &self.identity.site
    }

    /// The mode switch's address: to the other mode, then back here.
    pub fn switch_link(&self) -> String {
        let target = if self.elder { "standard" } else { "elder" };
        let back: String = serde_urlencoded::to_string([("back", self.here.as_str())]).unwrap_or_default();
        format!("/mode/{target}?{back}")
    }
}

tokio::task_local! {
    static CONTEXT: Arc<PageContext>;
}

/// The context of the page being rendered; outside a request (a unit test rendering a
/// template), the default site in the standard mode.
pub fn page() -> Arc<PageContext> {
    CONTEXT
        .try_with(Arc::clone)
        .unwrap_or_else(|_| Arc::new(PageContext { identity: Arc::default(), elder: false, here: "/".into() }))
}

const MODE_COOKIE: &str = "gk_mode";

fn elder_chosen(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .any(|c| c.trim() == "gk_mode=elder")
}

/// Sets the page context for the request.
pub async fn context(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let here = request.uri().path().to_owned();
    let context = PageContext { identity: state.identity.clone(), elder: elder_chosen(request.headers()), here };
    CONTEXT.scope(Arc::new(context), next.run(request)).await
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/mode/{mode}", get(switch_mode))
        .route("/static/site.css", get(site_stylesheet))
        .route("/static/emblem", get(emblem))
        .route("/favicon.ico", get(favicon))
}

#[derive(Deserialize)]
struct Back {
    back: Option<String>,
}

/// The 长者模式 switch: a plain link, so it works without JavaScript. The choice is kept
/// in a cookie for a year; the visitor goes back to the page they were on.
async fn switch_mode(
    axum::extract::Path(mode): axum::extract::Path<String>,
    axum::extract::RawQuery(raw): axum::extract::RawQuery,
) -> Response {
    let back: Back = serde_urlencoded::from_str(raw.as_deref().unwrap_or("")).unwrap_or(Back { back: None });
    let back = back.back.filter(|b| local_path(b)).unwrap_or_else(|| "/".into());
    let cookie = match mode.as_str() {
        "elder" => format!("{MODE_COOKIE}=elder; Path=/; Max-Age=31536000; SameSite=Lax"),
        "standard" => format!("{MODE_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let mut response = Redirect::to(&back).into_response();
    if let Ok(value) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

/// A path on this site: never another host (`//evil`, `/\evil`), so the switch cannot be
/// used to send visitors elsewhere.
fn local_path(back: &str) -> bool {
    back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') && !back.chars().any(char::is_control)
}

/// The site's colour as a stylesheet of its own: the CSP allows no inline styles.
async fn site_stylesheet(State(state): State<AppState>) -> impl IntoResponse {
    let css = format!(":root {{ --accent: {}; }}\n", state.identity.site.colour);
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=300")], css)
}

async fn emblem(State(state): State<AppState>) -> Response {
    match &state.identity.emblem {
        Some((kind, bytes)) => {
            ([(header::CONTENT_TYPE, *kind), (header::CACHE_CONTROL, "public, max-age=3600")], bytes.clone())
                .into_response()
        }
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

/// Browsers ask for /favicon.ico on every site: the emblem when there is one, otherwise
/// an empty answer they keep for a day, rather than a 404 in every screen's log.
async fn favicon(state: State<AppState>) -> Response {
    if state.identity.emblem.is_some() {
        return emblem(state).await;
    }
    (StatusCode::NO_CONTENT, [(header::CACHE_CONTROL, "public, max-age=86400")]).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_switch_returns_only_to_this_site() {
        assert!(local_path("/org/A01?p=2"));
        assert!(!local_path("//evil.example/"));
        assert!(!local_path("/\\evil.example"));
        assert!(!local_path("https://evil.example/"));
        assert!(!local_path("/a\r\nSet-Cookie: x"));
    }

    #[test]
    fn a_wrong_colour_or_address_is_refused() {
        let mut site = Site { colour: "red".into(), ..Site::default() };
        assert_eq!(site.check().unwrap_err().0, "colour");
        let mut site = Site { base_url: "ftp://x".into(), ..Site::default() };
        assert_eq!(site.check().unwrap_err().0, "base_url");
        let mut site = Site { colour: " #B3261E ".into(), base_url: "https://gk.example/".into(), ..Site::default() };
        site.check().unwrap();
        assert_eq!((site.colour.as_str(), site.url("/d/1").as_str()), ("#b3261e", "https://gk.example/d/1"));
    }

    #[test]
    fn the_mode_cookie_is_read_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("gk_session=abc; gk_mode=elder"));
        assert!(elder_chosen(&headers));
        headers.insert(header::COOKIE, HeaderValue::from_static("gk_mode=standard"));
        assert!(!elder_chosen(&headers));
    }
}
