//! The back office for editors, reviewers, supervisors and administrators: drafts, the
//! review queue, attachments, the organisation's details and its catalogue. Every form
//! carries the session's CSRF token; nothing changes on GET.

use askama::Template;
use axum::body::Bytes;
use axum::extract::multipart::Field;
use axum::extract::{DefaultBodyLimit, Multipart, Path, RawQuery, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::Router;
use gongkai_core::access::{Actor, Permission, Sight};
use gongkai_core::catalog::CatalogItem;
use gongkai_core::fields::{optional_text, required_text, NOTE_MAX};
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::record::{
    check_editable, offered, Action, Command, Record, RecordId, RecordState, Stage, Visibility, USER_ACTIONS,
};
use gongkai_core::DomainError;
use gongkai_store::attachments::{Attachment, NewAttachment};
use serde::Deserialize;

use crate::auth::{self, ClientIp, PageUser};
use crate::draft::DraftFields;
use crate::error::{AppError, PageError};
use crate::extract::CsrfForm;
use crate::org_fields::{CatalogItemFields, LeaderFields, LeafFields, OrgDetailsFields};
use crate::views::{self, RecordLine};
use crate::{extract, upload, AppState, WebConfig};

pub fn router(config: &WebConfig) -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard))
        .route("/admin/login", get(login_form).post(login))
        .route("/admin/logout", post(logout))
        .route("/admin/records/new", get(new_record))
        .route("/admin/records", post(create_record))
        .route("/admin/records/{id}", get(record).post(update_record))
        .route("/admin/records/{id}/{action}", post(act))
        .route(
            "/admin/records/{id}/attachments",
            post(attach).layer(DefaultBodyLimit::max(config.max_upload_bytes + 64 * 1024)),
        )
        .route("/admin/org", get(org_form).post(save_org))
        .route("/admin/catalog", get(catalog).post(add_catalog_item))
}

fn html(page: impl Template) -> Result<Response, PageError> {
    let mut response = Html(page.render()?).into_response();
    // Back-office pages hold unpublished work: never cached by browsers or proxies.
    response.headers_mut().insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    Ok(response)
}

fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage {
    csrf: String,
    message: Option<String>,
}

async fn login_form() -> Result<Response, PageError> {
    let csrf = auth::random_token();
    let mut response = html(LoginPage { csrf: csrf.clone(), message: None })?;
    let cookie =
        format!("{}={csrf}; Path=/admin/login; HttpOnly; SameSite=Strict; Max-Age=3600", auth::LOGIN_CSRF_COOKIE);
    response.headers_mut().insert(header::SET_COOKIE, cookie.parse().map_err(|e| AppError::internal("cookie", e))?);
    Ok(response)
}

#[derive(Deserialize)]
struct LoginFields {
    username: Option<String>,
    password: Option<String>,
    csrf: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, PageError> {
    let fields: LoginFields = extract::form(&body)?;
    let expected = auth::cookie(&headers, auth::LOGIN_CSRF_COOKIE).unwrap_or_default();
    let submitted = fields.csrf.as_deref().unwrap_or_default();
    if expected.is_empty() || !auth::same_token(expected, submitted) {
        return Err(AppError::Csrf.into());
    }
    let username = required_text(fields.username.as_deref(), "用户名", 64)?;
    let password = fields.password.unwrap_or_default();
    match auth::login(&state, &username, &password, &ip, "web").await {
        Ok(login) => {
            let mut response = see_other("/admin");
            let cookie = auth::session_cookie(&state, Some(&login.token));
            response
                .headers_mut()
                .insert(header::SET_COOKIE, cookie.parse().map_err(|e| AppError::internal("cookie", e))?);
            Ok(response)
        }
        Err(AppError::Domain(e)) if e.code == "bad_credentials" => {
            let mut response = html(LoginPage { csrf: submitted.to_owned(), message: Some(e.message) })?;
            *response.status_mut() = StatusCode::UNAUTHORIZED;
            Ok(response)
        }
        Err(e) => Err(e.into()),
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoFields {}

async fn logout(State(state): State<AppState>, form: CsrfForm<NoFields>) -> Result<Response, PageError> {
    let user = form.user;
    state.store.end_session(&user.session.user, &user.token).await?;
    let mut response = see_other("/");
    let cookie = auth::session_cookie(&state, None);
    response.headers_mut().insert(header::SET_COOKIE, cookie.parse().map_err(|e| AppError::internal("cookie", e))?);
    Ok(response)
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct Dashboard {
    user: String,
    role: &'static str,
    org: String,
    csrf: String,
    can_draft: bool,
    work: Vec<RecordLine>,
    queue: Vec<RecordLine>,
}

async fn dashboard(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let db = &state.store.db;
    let scope = user.actor.org.as_ref();
    let work = db.records_in(scope, RecordState::IN_PROGRESS, 100).await?;
    let queue = db.records_in(scope, &[RecordState::Submitted], 100).await?;
    html(Dashboard {
        user: user.session.user.display_name.clone(),
        role: user.actor.role.label(),
        org: scope.map(|o| o.to_string()).unwrap_or_else(|| "全部单位".into()),
        csrf: user.session.csrf_token.clone(),
        can_draft: user.actor.org.as_ref().is_some_and(|o| user.actor.authorize(Permission::Draft, o).is_ok()),
        work: views::lines(&work),
        queue: views::lines(&queue),
    })
}

/// A catalogue leaf to choose in the draft form.
struct LeafOption {
    code: String,
    label: String,
}

fn leaf_options(items: &[CatalogItem]) -> Vec<LeafOption> {
    items
        .iter()
        .filter_map(|i| {
            i.rules.as_ref().map(|r| LeafOption {
                code: i.code.as_str().to_owned(),
                label: format!("{}（{} · {}）", i.name, r.domain.label(), r.time_class.label()),
            })
        })
        .collect()
}

#[derive(Template)]
#[template(path = "admin/record.html")]
struct RecordForm {
    csrf: String,
    org: String,
    leaves: Vec<LeafOption>,
    stages: Vec<(&'static str, &'static str)>,
    record: Option<FormRecord>,
    state_label: &'static str,
    editable: bool,
    actions: Vec<(&'static str, &'static str, Option<&'static str>)>,
    attachments: Vec<Attachment>,
    history: Vec<(String, String, String)>,
}

/// A record as the back-office form shows it.
struct FormRecord {
    id: String,
    title: String,
    version: u32,
    catalog_code: String,
    summary: Option<String>,
    body_html: String,
    stage: Option<&'static str>,
    publicity_start: Option<String>,
    publicity_end: Option<String>,
    /// Shown while the record is returned.
    reject_reason: Option<String>,
    change_note: Option<String>,
    public: bool,
}

impl From<&Record> for FormRecord {
    fn from(r: &Record) -> Self {
        FormRecord {
            id: r.id.to_string(),
            title: r.title.clone(),
            version: r.version,
            catalog_code: r.catalog.as_str().to_owned(),
            summary: r.summary.clone(),
            body_html: r.body_html.clone(),
            stage: r.stage.map(Stage::as_str),
            publicity_start: r.publicity_start().map(|d| d.to_string()),
            publicity_end: r.publicity_end().map(|d| d.to_string()),
            reject_reason: r.reject_reason.clone().filter(|_| r.state == RecordState::Rejected),
            change_note: r.change_note.clone(),
            public: r.visibility() != Visibility::Hidden,
        }
    }
}

fn stages() -> Vec<(&'static str, &'static str)> {
    gongkai_core::record::Stage::ALL.iter().map(|s| (s.as_str(), s.label())).collect()
}

async fn own_org(state: &AppState, actor: &Actor) -> Result<Org, AppError> {
    let code = actor
        .org
        .as_ref()
        .ok_or_else(|| AppError::Domain(DomainError::forbidden("no_org", "您的账号不属于某一单位，不能起草记录")))?;
    state.store.db.org(code).await?.ok_or_else(|| AppError::internal("account org missing", code))
}

async fn new_record(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let org = own_org(&state, &user.actor).await?;
    user.actor.authorize(Permission::Draft, &org.code)?;
    let leaves = leaf_options(&state.store.db.catalog_of(&org).await?);
    html(RecordForm {
        csrf: user.session.csrf_token.clone(),
        org: org.code.to_string(),
        leaves,
        stages: stages(),
        record: None,
        state_label: "",
        editable: true,
        actions: Vec::new(),
        attachments: Vec::new(),
        history: Vec::new(),
    })
}

async fn create_record(State(state): State<AppState>, form: CsrfForm<DraftFields>) -> Result<Response, PageError> {
    let record = state.store.create_record(&form.user.actor, form.form.parse()?).await?;
    Ok(see_other(&format!("/admin/records/{}", record.id)))
}

async fn update_record(
    State(state): State<AppState>,
    Path(id): Path<String>,
    form: CsrfForm<DraftFields>,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    state.store.act(&form.user.actor, &id, Command::Edit(form.form.parse()?)).await?;
    Ok(see_other(&format!("/admin/records/{id}")))
}

async fn record(State(state): State<AppState>, user: PageUser, Path(id): Path<String>) -> Result<Response, PageError> {
    let store = &state.store;
    let id = RecordId::parse(&id)?;
    let (record, seen) = store.record_for(Some(&user.actor), &id).await?;
    // Another unit's published record is read where the public reads it.
    if seen != Sight::Internal {
        return Ok(see_other(&format!("/d/{id}")));
    }
    let org = store.db.org(&record.org).await?.ok_or_else(|| AppError::internal("record org missing", &record.org))?;
    let actions = offered(&user.actor, &record)
        .into_iter()
        .map(|action| {
            let note = match action {
                Action::Reject => Some("退回理由"),
                Action::Withdraw => Some("撤回理由"),
                Action::Revise => Some("更正说明"),
                _ => None,
            };
            (action.as_str(), action.label(), note)
        })
        .collect();
    let history = store
        .db
        .audit_of(record.id.as_str())
        .await?
        .into_iter()
        .map(|e| (views::datetime(e.at), e.actor, e.detail))
        .collect();
    html(RecordForm {
        csrf: user.session.csrf_token.clone(),
        org: org.code.to_string(),
        leaves: leaf_options(&store.db.catalog_of(&org).await?),
        stages: stages(),
        state_label: record.state.label(),
        editable: check_editable(&user.actor, &record).is_ok(),
        actions,
        attachments: store.db.attachments(&record.id).await?,
        history,
        record: Some(FormRecord::from(&record)),
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ActionForm {
    note: Option<String>,
}

async fn act(
    State(state): State<AppState>,
    Path((id, action)): Path<(String, String)>,
    form: CsrfForm<ActionForm>,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    let note = |label: &str| required_text(form.form.note.as_deref(), label, NOTE_MAX);
    let unknown = || DomainError::not_found("unknown_action", "未知的操作");
    let command = match Action::parse(&action).ok().filter(|a| USER_ACTIONS.contains(a)).ok_or_else(unknown)? {
        Action::Submit => Command::Submit,
        Action::Recall => Command::Recall,
        Action::Approve => Command::Approve,
        Action::Reject => Command::Reject { reason: note("退回理由")? },
        Action::Withdraw => Command::Withdraw { reason: note("撤回理由")? },
        Action::Revise => Command::Revise { change_note: note("更正说明")? },
        _ => return Err(AppError::Domain(unknown()).into()),
    };
    let record = state.store.act(&form.user.actor, &id, command).await?;
    state.follow_feed().await;
    Ok(see_other(&format!("/admin/records/{}", record.id)))
}

/// Checks an uploaded file by content, stores its bytes and attaches it to a draft. The
/// caller has already asked the store whether `actor` may attach to the record; bytes
/// whose row is then refused are removed again.
pub(crate) async fn store_upload(
    state: &AppState,
    actor: &Actor,
    record_id: &RecordId,
    field: Field<'_>,
) -> Result<Attachment, AppError> {
    let limit = state.config.max_upload_bytes;
    let name = field
        .file_name()
        .and_then(upload::clean_file_name)
        .ok_or_else(|| AppError::Domain(DomainError::invalid("missing_file_name", "上传的文件缺少文件名")))?;
    let bytes = upload::read_limited(field, limit).await?;
    if bytes.is_empty() {
        return Err(AppError::Domain(DomainError::invalid("empty_file", "上传的文件是空的")));
    }
    let media_type = upload::check_content(&name, &bytes)?;
    let size = bytes.len() as i64;
    let files = state.store.files.clone();
    let sha = tokio::task::spawn_blocking(move || files.put(&bytes))
        .await
        .map_err(|e| AppError::internal("store task", e))?
        .map_err(|e| AppError::internal("store attachment", e))?;
    let file = NewAttachment { sha256: &sha, file_name: &name, media_type, size };
    match state.store.add_attachment(actor, record_id, file).await {
        Ok(attachment) => Ok(attachment),
        Err(refused) => {
            if let Err(e) = state.store.discard_unused_blob(&sha).await {
                tracing::error!(error = %e, %sha, "removing an unattached upload failed");
            }
            Err(refused.into())
        }
    }
}

/// The form sends `csrf` before `file`, so the token is checked before any bytes are kept.
async fn attach(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    mut multipart: Multipart,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    state.store.attachable(&user.actor, &id).await?;
    let limit = state.config.max_upload_bytes;
    let mut csrf_ok = false;
    while let Some(field) = multipart.next_field().await.map_err(|e| upload::multipart_error(e, limit))? {
        match field.name() {
            Some("csrf") => {
                let token = field.text().await.map_err(|e| upload::multipart_error(e, limit))?;
                user.check_csrf(&token)?;
                csrf_ok = true;
            }
            Some("file") if csrf_ok => {
                store_upload(&state, &user.actor, &id, field).await?;
                return Ok(see_other(&format!("/admin/records/{id}")));
            }
            Some("file") => return Err(AppError::Csrf.into()),
            _ => {}
        }
    }
    Err(AppError::Domain(DomainError::invalid("missing_field", "请选择要上传的文件")).into())
}

#[derive(Default, Deserialize)]
struct OrgQuery {
    code: Option<String>,
}

/// The organisation a back-office page is about: the user's own, or for administrators
/// the one named by `?code=`.
async fn target_org(state: &AppState, actor: &Actor, raw: Option<&str>) -> Result<Org, AppError> {
    let query: OrgQuery = extract::query(raw)?;
    let code = match (query.code, &actor.org) {
        (Some(code), _) => OrgCode::parse(&code)?,
        (None, Some(own)) => own.clone(),
        (None, None) => return Err(DomainError::invalid("missing_field", "请在网址中指定单位编码（?code=）").into()),
    };
    // Organisations are public: anyone signed in may look; changing them is core's call.
    state.store.db.org(&code).await?.ok_or_else(|| DomainError::not_found("unknown_org", "单位不存在").into())
}

#[derive(Template)]
#[template(path = "admin/org.html")]
struct OrgForm {
    csrf: String,
    org: Org,
    leaders_text: String,
    editable: bool,
}

async fn org_form(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let org = target_org(&state, &user.actor, raw.as_deref()).await?;
    let leaders_text = org
        .leaders
        .iter()
        .map(|l| format!("{}|{}|{}|{}", l.name, l.post, l.duties, l.phone.clone().unwrap_or_default()))
        .collect::<Vec<_>>()
        .join("\n");
    html(OrgForm {
        csrf: user.session.csrf_token.clone(),
        editable: user.actor.authorize(Permission::ManageOrg, &org.code).is_ok(),
        org,
        leaders_text,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrgFields {
    code: Option<String>,
    address: Option<String>,
    phone: Option<String>,
    first_responsible: Option<String>,
    /// One leader a line: `姓名|职务|分工|电话`.
    leaders: Option<String>,
}

/// The leaders box of the form, one leader a line: `姓名|职务|分工|电话`.
fn leader_lines(text: &str) -> Result<Vec<LeaderFields>, DomainError> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .enumerate()
        .map(|(n, line)| {
            let parts: Vec<&str> = line.split('|').map(str::trim).collect();
            match parts.as_slice() {
                [name, post, duties, rest @ ..] if !name.is_empty() && !post.is_empty() && rest.len() <= 1 => {
                    let text = |s: &str| Some(s.to_owned());
                    Ok(LeaderFields {
                        name: text(name),
                        post: text(post),
                        duties: text(duties),
                        phone: rest.first().copied().and_then(text),
                    })
                }
                _ => Err(DomainError::invalid(
                    "invalid_leaders",
                    format!("领导班子第{}行格式不对，应为“姓名|职务|分工|电话”", n + 1),
                )),
            }
        })
        .collect()
}

async fn save_org(State(state): State<AppState>, form: CsrfForm<OrgFields>) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let code = OrgCode::parse(&required_text(form.code.as_deref(), "单位编码", 40)?)?;
    let details = OrgDetailsFields {
        address: form.address,
        phone: form.phone,
        first_responsible: form.first_responsible,
        leaders: leader_lines(form.leaders.as_deref().unwrap_or_default())?,
    }
    .parse()?;
    state.store.update_org_details(&user.actor, &code, details).await?;
    state.follow_feed().await;
    Ok(see_other(&format!("/admin/org?code={code}")))
}

#[derive(Template)]
#[template(path = "admin/catalog.html")]
struct CatalogPage {
    csrf: String,
    org: Org,
    tree: String,
    branches: Vec<(String, String)>,
    editable: bool,
    time_classes: Vec<(&'static str, &'static str)>,
    domains: Vec<(&'static str, &'static str)>,
}

async fn catalog(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    let org = target_org(&state, &user.actor, raw.as_deref()).await?;
    let items = state.store.db.catalog_of(&org).await?;
    let branches = items
        .iter()
        .filter(|i| !i.is_leaf() && i.level < 3)
        .map(|i| (i.code.as_str().to_owned(), format!("{} {}", "　".repeat(usize::from(i.level - 1)), i.name)))
        .collect();
    use gongkai_core::catalog::{Domain, TimeClass};
    html(CatalogPage {
        csrf: user.session.csrf_token.clone(),
        tree: views::catalog_tree(org.code.as_str(), &items, None),
        editable: user.actor.authorize(Permission::ManageOrg, &org.code).is_ok(),
        time_classes: TimeClass::ALL.iter().map(|t| (t.as_str(), t.label())).collect(),
        domains: Domain::ALL.iter().map(|d| (d.as_str(), d.label())).collect(),
        branches,
        org,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogFields {
    org: Option<String>,
    code: Option<String>,
    parent: Option<String>,
    name: Option<String>,
    /// Present for a leaf (公开内容); absent for a branch.
    time_class: Option<String>,
    domain: Option<String>,
    basis: Option<String>,
}

async fn add_catalog_item(State(state): State<AppState>, form: CsrfForm<CatalogFields>) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let org = OrgCode::parse(&required_text(form.org.as_deref(), "单位编码", 40)?)?;
    // A chosen time class makes the item a leaf (公开内容); without one it is a heading.
    let leaf = optional_text(form.time_class.as_deref(), "公开时限", 20)?.map(|time_class| LeafFields {
        time_class: Some(time_class),
        domain: form.domain,
        basis: form.basis,
        ..LeafFields::default()
    });
    let item = CatalogItemFields { code: form.code, parent: form.parent, name: form.name, leaf }.parse()?;
    state.store.add_catalog_item(&user.actor, &org, item).await?;
    state.follow_feed().await;
    Ok(see_other(&format!("/admin/catalog?code={org}")))
}
