//! The JSON API `/api/v1`: the same disclosure loop as the back office, for programs.
//! Callers authenticate with a bearer token from `POST /api/v1/session`.

use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use gongkai_core::access::Actor;
use gongkai_core::catalog::CatalogItem;
use gongkai_core::fields::{required_text, NOTE_MAX};
use gongkai_core::org::OrgCode;
use gongkai_core::record::{Action, Command, RecordId, USER_ACTIONS};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::auth::{self, ApiUser, ClientIp};
use crate::draft::DraftFields;
use crate::error::{ApiError, AppError};
use crate::org_fields::{CatalogItemFields, OrgDetailsFields};
use crate::public::{AttachmentLink, Disclosure};
use crate::{extract, upload, AppState, WebConfig};

pub fn router(config: &WebConfig) -> Router<AppState> {
    Router::new()
        .route("/openapi.json", get(|| async { Json(crate::openapi::spec()) }))
        .route("/session", post(create_session))
        .route("/orgs", get(list_orgs))
        .route("/orgs/{code}", get(get_org).put(update_org))
        .route("/orgs/{code}/catalog", get(org_catalog).post(add_catalog_item))
        .route("/disclosures", post(create_disclosure))
        .route("/disclosures/{id}", get(get_disclosure).put(update_disclosure))
        .route("/disclosures/{id}/{action}", post(act_on_disclosure))
        .route(
            "/disclosures/{id}/attachments",
            post(add_attachment).layer(DefaultBodyLimit::max(config.max_upload_bytes + 64 * 1024)),
        )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Credentials {
    username: Option<String>,
    password: Option<String>,
}

async fn create_session(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    body: Bytes,
) -> Result<Response, ApiError> {
    let creds: Credentials = extract::json(&body)?;
    let username = required_text(creds.username.as_deref(), "用户名", 64)?;
    let password = creds
        .password
        .filter(|p| !p.is_empty())
        .ok_or_else(|| AppError::Domain(gongkai_core::DomainError::invalid("missing_field", "请填写密码")))?;
    let login = auth::login(&state, &username, &password, &ip, "api").await?;
    Ok((StatusCode::CREATED, Json(json!({ "token": login.token, "expires_in": auth::SESSION_SECONDS })))
        .into_response())
}

async fn list_orgs(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let orgs = state.store.db.orgs().await?;
    let list: Vec<Value> = orgs
        .iter()
        .map(|o| json!({ "code": o.code, "name": o.name, "parent": o.parent, "kind": o.kind, "kind_label": o.kind.label() }))
        .collect();
    Ok(Json(Value::Array(list)))
}

async fn find_org(state: &AppState, code: &str) -> Result<gongkai_core::org::Org, ApiError> {
    let not_found = || crate::portal::org_not_found(code);
    let parsed = OrgCode::parse(code).map_err(|_| not_found())?;
    Ok(state.store.db.org(&parsed).await?.ok_or_else(not_found)?)
}

async fn get_org(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Value>, ApiError> {
    let org = find_org(&state, &code).await?;
    Ok(Json(serde_json::to_value(&org).map_err(|e| AppError::internal("org json", e))?))
}

/// Changes an organisation's details: contacts, first responsible person, leadership team.
async fn update_org(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Json<Value>, ApiError> {
    let org = find_org(&state, &code).await?;
    let details = extract::json::<OrgDetailsFields>(&body)?.parse()?;
    let org = state.store.update_org_details(&actor, &org.code, details).await?;
    state.follow_feed().await;
    Ok(Json(serde_json::to_value(&org).map_err(|e| AppError::internal("org json", e))?))
}

fn catalog_item_json(item: &CatalogItem) -> Value {
    let mut v = json!({ "code": item.code, "parent": item.parent, "level": item.level, "name": item.name, "leaf": item.is_leaf() });
    if let Some(rules) = &item.rules {
        v["rules"] = serde_json::to_value(rules).unwrap_or_default();
    }
    v
}

async fn org_catalog(State(state): State<AppState>, Path(code): Path<String>) -> Result<Json<Value>, ApiError> {
    let org = find_org(&state, &code).await?;
    let items = state.store.db.catalog_of(&org).await?;
    Ok(Json(Value::Array(items.iter().map(catalog_item_json).collect())))
}

/// Adds an item to the organisation's own catalogue.
async fn add_catalog_item(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(code): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let org = find_org(&state, &code).await?;
    let fields: CatalogItemFields = extract::json(&body)?;
    let item = state.store.add_catalog_item(&actor, &org.code, fields.parse()?).await?;
    state.follow_feed().await;
    Ok((StatusCode::CREATED, Json(catalog_item_json(&item))).into_response())
}

async fn create_disclosure(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    body: Bytes,
) -> Result<Response, ApiError> {
    let fields: DraftFields = extract::json(&body)?;
    let record = state.store.create_record(&actor, fields.parse()?).await?;
    Ok((StatusCode::CREATED, Json(disclosure(&state, Some(&actor), &record.id).await?)).into_response())
}

async fn update_disclosure(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    body: Bytes,
) -> Result<Json<Disclosure>, ApiError> {
    let id = RecordId::parse(&id)?;
    let fields: DraftFields = extract::json(&body)?;
    state.store.act(&actor, &id, Command::Edit(fields.parse()?)).await?;
    Ok(Json(disclosure(&state, Some(&actor), &id).await?))
}

/// A record as `viewer` sees it, through the access guard: the same answer the portal gives.
async fn disclosure(state: &AppState, viewer: Option<&Actor>, id: &RecordId) -> Result<Disclosure, ApiError> {
    let store = &state.store;
    let (record, seen) = store.record_for(viewer, id).await?;
    let attachments = if seen.shows_content() { store.db.attachments(&record.id).await? } else { Vec::new() };
    let versions = store.versions(&record, seen).await?;
    let timeline = match &record.matter {
        Some(matter) => store.db.timeline(matter).await?,
        None => Vec::new(),
    };
    Ok(Disclosure::new(&record, seen, &attachments, &versions, &timeline))
}

/// Public records for anyone; unpublished ones only with a token of someone who may see them.
async fn get_disclosure(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Json<Disclosure>, ApiError> {
    let viewer = optional_actor(&state, &headers).await?;
    let id = RecordId::parse(&id)?;
    Ok(Json(disclosure(&state, viewer.as_ref(), &id).await?))
}

async fn optional_actor(state: &AppState, headers: &HeaderMap) -> Result<Option<Actor>, ApiError> {
    let Some(token) = auth::bearer_token(headers) else { return Ok(None) };
    let session = state.store.session(token).await?.ok_or(AppError::Unauthenticated)?;
    Ok(Some(session.user.actor()?))
}

#[derive(Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionBody {
    reason: Option<String>,
    change_note: Option<String>,
}

async fn act_on_disclosure(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((id, action)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let id = RecordId::parse(&id)?;
    let body: ActionBody = if body.is_empty() { ActionBody::default() } else { extract::json(&body)? };
    let command = match Action::parse(&action).ok().filter(|a| USER_ACTIONS.contains(a)) {
        Some(Action::Submit) => Command::Submit,
        Some(Action::Recall) => Command::Recall,
        Some(Action::Approve) => Command::Approve,
        Some(Action::Reject) => {
            Command::Reject { reason: required_text(body.reason.as_deref(), "退回理由", NOTE_MAX)? }
        }
        Some(Action::Withdraw) => {
            Command::Withdraw { reason: required_text(body.reason.as_deref(), "撤回理由", NOTE_MAX)? }
        }
        Some(Action::Revise) => {
            Command::Revise { change_note: required_text(body.change_note.as_deref(), "更正说明", NOTE_MAX)? }
        }
        _ => {
            return Err(AppError::Domain(gongkai_core::DomainError::not_found(
                "unknown_action",
                format!("未知的操作“{action}”"),
            ))
            .into())
        }
    };
    let status = if matches!(command, Command::Revise { .. }) { StatusCode::CREATED } else { StatusCode::OK };
    let record = state.store.act(&actor, &id, command).await?;
    state.follow_feed().await;
    Ok((status, Json(disclosure(&state, Some(&actor), &record.id).await?)).into_response())
}

/// `multipart/form-data` with one `file` field.
async fn add_attachment(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, ApiError> {
    let id = RecordId::parse(&id)?;
    state.store.attachable(&actor, &id).await?;
    let limit = state.config.max_upload_bytes;
    while let Some(field) = multipart.next_field().await.map_err(|e| upload::multipart_error(e, limit))? {
        if field.name() != Some("file") {
            continue;
        }
        let attachment = crate::admin::store_upload(&state, &actor, &id, field).await?;
        return Ok((StatusCode::CREATED, Json(AttachmentLink::from(&attachment))).into_response());
    }
    Err(AppError::Domain(gongkai_core::DomainError::invalid("missing_field", "请选择要上传的文件（字段名 file）"))
        .into())
}
