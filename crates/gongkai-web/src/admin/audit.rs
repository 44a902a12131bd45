//! 审计日志 for supervisors (and administrators): searched by organisation, person,
//! action and time, a page at a time, and exported to XLSX with the same search.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use chrono::{DateTime, NaiveDate, Utc};
use gongkai_core::audit::AuditEntry;
use gongkai_core::org::tree::in_tree_order;
use gongkai_core::org::OrgCode;
use gongkai_core::record::Action;
use gongkai_core::time::{china_offset, parse_date};
use gongkai_core::DomainError;
use gongkai_store::audit_search::AuditFilter;
use serde::Deserialize;

use super::html;
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::{extract, upload, views, AppState};

/// Entries on one page of results.
const PAGE: i64 = 100;
/// Entries in one export; a larger search is narrowed first.
pub const EXPORT_MAX: i64 = 10_000;

/// The actions that are not a record's, with what the log's reader calls them.
const OTHER_ACTIONS: &[(&str, &str)] = &[
    ("create_org", "新建单位"),
    ("rename_org", "单位更名"),
    ("move_org", "调整隶属关系"),
    ("close_org", "撤销单位"),
    ("propose_org_details", "提交单位信息修改"),
    ("update_org", "单位信息修改生效"),
    ("reject_org_details", "退回单位信息修改"),
    ("create_catalog_item", "增补目录事项"),
    ("update_catalog_item", "修改目录事项"),
    ("create_user", "新建账号"),
    ("disable_user", "停用账号"),
    ("assign_user", "调整角色和所属单位"),
    ("reset_password", "重置密码"),
    ("change_password", "修改本人密码"),
    ("issue_password_link", "生成设置密码链接"),
    ("set_password_by_link", "通过链接设置密码"),
    ("login", "登录"),
    ("login_failed", "登录失败"),
    ("logout", "退出登录"),
];

/// What the log's reader calls `action`: a record's action by its label, the others by
/// the table above, anything else as stored.
pub fn action_label(action: &str) -> &str {
    if let Ok(a) = Action::parse(action) {
        return a.label();
    }
    OTHER_ACTIONS.iter().find(|(code, _)| *code == action).map_or(action, |(_, label)| label)
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "record" => "公开记录",
        "org" => "单位",
        "user" => "账号",
        "catalog_item" => "目录事项",
        "opinion" => "意见箱来信",
        other => other,
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct SearchQuery {
    org: Option<String>,
    actor: Option<String>,
    action: Option<String>,
    from: Option<String>,
    to: Option<String>,
    before: Option<i64>,
}

/// The start of `date` in China time.
fn day_start(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(china_offset()).single())
        .map_or_else(|| DateTime::<Utc>::MIN_UTC, |t| t.with_timezone(&Utc))
}

impl SearchQuery {
    fn filter(&self) -> Result<AuditFilter, DomainError> {
        let from = crate::extract::filled(&self.from).map(|d| parse_date(d, "起始日期")).transpose()?;
        let to = crate::extract::filled(&self.to).map(|d| parse_date(d, "截止日期")).transpose()?;
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                return Err(DomainError::invalid("invalid_range", "起始日期不能晚于截止日期"));
            }
        }
        Ok(AuditFilter {
            org: crate::extract::filled(&self.org).map(OrgCode::parse).transpose()?,
            actor: crate::extract::filled(&self.actor).map(str::to_owned),
            action: crate::extract::filled(&self.action).map(str::to_owned),
            from: from.map(day_start),
            // The end date is included: up to the start of the next day.
            to: to.and_then(|t| t.succ_opt()).map(day_start),
            before_seq: self.before,
            hide_reports: false,
        })
    }

    /// A unit or an action the lists do not offer would silently find nothing.
    fn check_known(&self, orgs: &[(String, String)], actions: &[(&str, &str)]) -> Result<(), DomainError> {
        if let Some(org) = crate::extract::filled(&self.org).filter(|o| !orgs.iter().any(|(code, _)| code == o)) {
            return Err(DomainError::invalid("unknown_org", format!("没有编码为“{org}”的单位")));
        }
        if let Some(action) =
            crate::extract::filled(&self.action).filter(|a| !actions.iter().any(|(code, _)| code == a))
        {
            return Err(DomainError::invalid("unknown_action", format!("没有“{action}”这种操作")));
        }
        Ok(())
    }

    /// The search as an address's query, without the page position.
    fn search_string(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("org", &self.org),
            ("actor", &self.actor),
            ("action", &self.action),
            ("from", &self.from),
            ("to", &self.to),
        ]
        .into_iter()
        .filter_map(|(k, v)| crate::extract::filled(v).map(|v| (k, v)))
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

pub(super) struct EntryLine {
    pub at: String,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub record_link: Option<String>,
    pub detail: String,
}

impl From<&AuditEntry> for EntryLine {
    fn from(e: &AuditEntry) -> Self {
        EntryLine {
            at: views::datetime(e.at),
            actor: e.actor.clone(),
            action: action_label(&e.action).to_owned(),
            object: format!("{} {}", kind_label(&e.object_kind), e.object_id),
            record_link: (e.object_kind == "record").then(|| e.object_id.clone()),
            detail: e.detail.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage {
    orgs: Vec<(String, String)>,
    actions: Vec<(&'static str, &'static str)>,
    query: SearchQuery,
    search: String,
    entries: Vec<EntryLine>,
    next: Option<i64>,
    message: Option<String>,
}

/// What the search offers: every unit, closed ones included (their past is in the log),
/// in tree order; and every action the log names.
async fn choices(state: &AppState) -> Result<(Vec<(String, String)>, Vec<(&'static str, &'static str)>), PageError> {
    let orgs = in_tree_order(&state.store.db.orgs().await?)
        .into_iter()
        .map(|o| (o.code.to_string(), format!("{}（{}）", o.name, o.code)))
        .collect();
    Ok((orgs, Action::choices().into_iter().chain(OTHER_ACTIONS.iter().copied()).collect()))
}

pub(super) async fn audit(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    user.actor.authorize_audit()?;
    let query: SearchQuery = extract::query(raw.as_deref())?;
    let (orgs, actions) = choices(&state).await?;
    let checked = query.check_known(&orgs, &actions).and_then(|()| query.filter());
    let hide_reports = !gongkai_core::opinion::sees_reports(&user.actor);
    let (entries, message) = match checked {
        Ok(filter) => (state.store.db.audit_search(&AuditFilter { hide_reports, ..filter }, PAGE).await?, None),
        Err(e) => (Vec::new(), Some(e.message)),
    };
    let next = (entries.len() as i64 == PAGE).then(|| entries.last().map(|e| e.seq)).flatten();
    html(AuditPage {
        orgs,
        actions,
        search: query.search_string(),
        entries: entries.iter().map(EntryLine::from).collect(),
        next,
        message,
        query,
    })
}

/// The same search as a workbook: up to [`EXPORT_MAX`] entries, newest first, with a
/// last line saying so when there were more.
pub(super) async fn export(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    user.actor.authorize_audit()?;
    let query: SearchQuery = extract::query(raw.as_deref())?;
    let (orgs, actions) = choices(&state).await?;
    query.check_known(&orgs, &actions)?;
    let hide_reports = !gongkai_core::opinion::sees_reports(&user.actor);
    let filter = AuditFilter { hide_reports, ..query.filter()? };
    let entries = state.store.db.audit_search(&filter, EXPORT_MAX + 1).await?;
    let mut rows = vec![["序号", "时间", "操作人", "操作", "对象类型", "对象", "内容"].map(str::to_owned).to_vec()];
    for e in entries.iter().take(EXPORT_MAX as usize) {
        rows.push(vec![
            e.seq.to_string(),
            views::datetime(e.at),
            e.actor.clone(),
            action_label(&e.action).to_owned(),
            kind_label(&e.object_kind).to_owned(),
            e.object_id.clone(),
            e.detail.clone(),
        ]);
    }
    if entries.len() as i64 > EXPORT_MAX {
        rows.push(vec![String::new(), format!("仅导出最近的{EXPORT_MAX}条，请缩小查询范围后分次导出")]);
    }
    let bytes = gongkai_sheets::write_xlsx("审计日志", &rows).map_err(|e| AppError::internal("writing a table", e))?;
    Ok(crate::download::file_response("审计日志.xlsx", upload::XLSX, bytes))
}
