//! The JSON API `/api/v1`: the disclosure loop, organisations, catalogues and accounts for
//! programs. Callers authenticate with a bearer token from `POST /api/v1/session`. The
//! OpenAPI document at `/api/v1/openapi.json` is derived from the handlers' annotations and
//! the request and response types, collected by the same router that serves them, so it
//! lists exactly the routes there are.

mod accounts;
mod annual_reports;
mod calendar;
mod catalog;
mod catalog_tables;
mod disclosure_list;
mod disclosures;
mod files;
mod opinions;
mod org_changes;
mod org_import;
mod org_tree;
mod orgs;
mod paging;
mod requests;
mod search;
mod session;

use std::sync::Arc;

use axum::http::HeaderMap;
use axum::routing::get;
use axum::{Json, Router};
use gongkai_core::access::Actor;
use gongkai_core::org::{Org, OrgCode};
use gongkai_store::sessions::SessionKind;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;

use crate::auth;
use crate::error::{ApiError, AppError};
use crate::{AppState, WebConfig};

/// The body of every error: a stable English code for programs and a Chinese message for
/// people.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// e.g. `publicity_too_short`
    pub code: String,
    pub message: String,
    /// With `invalid_table` only: every refused cell of an imported table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<CellErrorView>>,
}

/// One refused cell of an imported table, numbered as the spreadsheet shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CellErrorView {
    /// 行号，表头为第1行；0 表示整个文件或整列的问题（如隐藏的工作表）
    pub row: usize,
    /// 列名
    pub column: String,
    pub reason: String,
}

#[derive(OpenApi)]
#[openapi(
    info(title = "gongkai 党务政务公开 API", version = "1", description = "党务政务公开平台的数据接口。写操作需先以 POST /session 取得访问令牌，并以 Authorization: Bearer 令牌 调用。"),
    servers((url = "/api/v1")),
    components(schemas(ErrorBody, CellErrorView)),
    modifiers(&BearerToken)
)]
struct ApiDoc;

struct BearerToken;

impl Modify for BearerToken {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let scheme = SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build());
        openapi.components.get_or_insert_with(Default::default).add_security_scheme("bearer", scheme);
    }
}

/// The API's routes and, derived from the same registrations, its OpenAPI document.
pub fn routes(config: &WebConfig) -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(session::routes())
        .merge(accounts::routes())
        .merge(requests::routes(config))
        .merge(opinions::routes())
        .merge(calendar::routes())
        .merge(annual_reports::routes())
        .merge(orgs::routes())
        .merge(org_changes::routes())
        .merge(org_tree::routes())
        .merge(org_import::routes())
        .merge(catalog::routes())
        .merge(catalog_tables::routes())
        .merge(disclosures::routes())
        .merge(search::routes())
        .merge(files::routes(config))
        .split_for_parts()
}

pub fn router(config: &WebConfig) -> Router<AppState> {
    let (router, doc) = routes(config);
    let doc = Arc::new(doc);
    router
        .route("/openapi.json", get(move || async move { Json(doc.as_ref().clone()) }))
        .layer(axum::middleware::from_fn(crate::etag::etag))
}

/// The caller of a public endpoint, if it sent a token: a bad or expired token is an
/// error rather than silently anonymous; an account that has not yet replaced its
/// one-time password reads as the public.
async fn optional_actor(state: &AppState, headers: &HeaderMap) -> Result<Option<Actor>, ApiError> {
    let Some(token) = auth::bearer_token(headers) else { return Ok(None) };
    let session = state.store.session(token, SessionKind::Api).await?.ok_or(AppError::Unauthenticated)?;
    if session.user.must_change_password {
        return Ok(None);
    }
    Ok(Some(session.user.actor()?))
}

async fn find_org(state: &AppState, code: &str) -> Result<Org, ApiError> {
    let not_found = || crate::portal::org_not_found(code);
    let parsed = OrgCode::parse(code).map_err(|_| not_found())?;
    Ok(state.store.db.org(&parsed).await?.ok_or_else(not_found)?)
}
