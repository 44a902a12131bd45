//! 工作台: what each role has to do, first. Editors see their drafts, returned records,
//! what waits for review or publication and what went up lately; reviewers their queue
//! of records and organisation details; administrators the accounts, organisations and
//! templates they keep; supervisors the latest entries of the audit log.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use gongkai_core::access::{Permission, Role};
use gongkai_core::record::RecordState;
use gongkai_store::audit_search::AuditFilter;

use super::audit::EntryLine;
use super::html;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::views::{self, RecordLine};
use crate::AppState;

/// Lines in each list; the rest is reached through the lists' own pages.
const LIST: i64 = 20;

struct Section {
    title: &'static str,
    empty: &'static str,
    lines: Vec<RecordLine>,
}

/// An organisation whose details wait for review.
struct WaitingChange {
    code: String,
    name: String,
    since: String,
}

/// What an administrator keeps, counted.
struct Holdings {
    accounts: usize,
    disabled: usize,
    orgs: usize,
    closed: usize,
    template_kinds: usize,
    template_items: usize,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct Dashboard {
    user: String,
    role: &'static str,
    org: String,
    csrf: String,
    can_draft: bool,
    manages_accounts: bool,
    manages_tree: bool,
    audits: bool,
    sections: Vec<Section>,
    changes: Vec<WaitingChange>,
    /// The editor's own unit's change to its details: where it stands, and whether it was
    /// returned.
    own_change: Option<(String, bool)>,
    holdings: Option<Holdings>,
    recent: Vec<EntryLine>,
    /// Requests for information still owed an answer, the soonest due first.
    requests: Vec<super::requests::RequestLine>,
}

pub(super) async fn dashboard(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    let db = &state.store.db;
    let actor = &user.actor;
    let scope = actor.org.as_ref();
    let list = |title, empty, states: &'static [RecordState]| async move {
        let lines = views::lines(&db.records_in(scope, states, LIST).await?);
        Ok::<_, PageError>(Section { title, empty, lines })
    };
    let mut sections = Vec::new();
    let mut changes = Vec::new();
    let mut own_change = None;
    if let (Role::Editor, Some(org)) = (actor.role, scope) {
        own_change = db.org_change(org).await?.map(|c| match c.returned {
            Some(r) => (format!("单位信息修改被 {} 退回：{}", r.by, r.reason), true),
            None => (format!("单位信息修改已于 {} 提交，等待审核", views::datetime(c.proposed_at.timestamp())), false),
        });
        sections.push(list("草稿", "没有草稿", &[RecordState::Draft]).await?);
        sections.push(list("被退回待修改", "没有被退回的记录", &[RecordState::Rejected]).await?);
        sections.push(
            list(
                "已送审（待审核、待发布）",
                "没有送审中的记录",
                &[RecordState::Submitted, RecordState::Approved, RecordState::Scheduled],
            )
            .await?,
        );
    }
    if matches!(actor.role, Role::Reviewer | Role::Admin) {
        sections.push(list("待审核", "没有待审核的记录", &[RecordState::Submitted]).await?);
        let directory = state.directory.get(db).await?;
        for (code, since) in db.org_changes_waiting(scope).await? {
            let name = directory.org(&code).map_or_else(|| code.to_string(), |o| o.name.clone());
            changes.push(WaitingChange { code: code.to_string(), name, since: views::datetime(since.timestamp()) });
        }
    }
    if matches!(actor.role, Role::Editor | Role::Reviewer) {
        sections.push(list("最近发布", "最近没有发布的记录", &[RecordState::Published]).await?);
    }
    let holdings = match actor.authorize_accounts() {
        Ok(()) => Some(holdings(&state).await?),
        Err(_) => None,
    };
    let recent = match actor.role {
        Role::Supervisor => db.audit_search(&AuditFilter::default(), LIST).await?.iter().map(EntryLine::from).collect(),
        _ => Vec::new(),
    };
    let mut requests = super::requests::open_lines(&state, &user).await?;
    requests.truncate(LIST as usize);
    html(Dashboard {
        user: user.session.user.display_name.clone(),
        role: actor.role.label(),
        org: scope.map(|o| o.to_string()).unwrap_or_else(|| "全部单位".into()),
        csrf: user.session.csrf_token.clone(),
        can_draft: scope.is_some_and(|o| actor.authorize(Permission::Draft, o).is_ok()),
        manages_accounts: holdings.is_some(),
        manages_tree: actor.authorize_structure().is_ok(),
        audits: actor.authorize_audit().is_ok(),
        sections,
        changes,
        own_change,
        holdings,
        recent,
        requests,
    })
}

async fn holdings(state: &AppState) -> Result<Holdings, PageError> {
    let db = &state.store.db;
    let users = db.users().await?;
    let orgs = db.orgs().await?;
    let templates = db.template_sizes().await?;
    Ok(Holdings {
        accounts: users.len(),
        disabled: users.iter().filter(|u| u.disabled_at.is_some()).count(),
        orgs: orgs.len(),
        closed: orgs.iter().filter(|o| o.closed_on.is_some()).count(),
        template_kinds: templates.len(),
        template_items: templates.iter().map(|(_, items, _)| items).sum(),
    })
}
