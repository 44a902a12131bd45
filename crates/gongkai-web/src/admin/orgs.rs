//! The organisation's details: contacts, the first responsible person, the leadership team
//! (edited as rows). An editor's change waits for a reviewer of the unit (四眼原则); the
//! public sees the old details until it is approved.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::access::Permission;
use gongkai_core::fields::required_text;
use gongkai_core::org::change::DetailsChange;
use gongkai_core::org::{Leader, Org, OrgCode, OrgDetails};
use serde::Deserialize;

use super::{html, refusal, see_other, target_org};
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::extract::{self, CsrfForm};
use crate::org_fields::{LeaderFields, OrgDetailsFields};
use crate::{views, AppState};

/// Blank leader rows under the filled ones, for adding people without JavaScript.
const SPARE_ROWS: usize = 5;

#[derive(Template)]
#[template(path = "admin/org.html")]
struct OrgPage {
    csrf: String,
    org: Org,
    editable: bool,
    /// The change on file, waiting or returned, and whether this user may decide it.
    change: Option<ChangeLine>,
    values: OrgValues,
    notice: Option<(String, bool)>,
}

struct ChangeLine {
    proposer: String,
    proposed_at: String,
    details: OrgDetails,
    returned: Option<String>,
    decidable: bool,
}

/// The form's fields as text: the details on file, or what was just typed.
#[derive(Default)]
struct OrgValues {
    address: String,
    phone: String,
    first_responsible: String,
    leaders: Vec<[String; 4]>,
}

impl From<&OrgDetails> for OrgValues {
    fn from(d: &OrgDetails) -> Self {
        OrgValues {
            address: d.address.clone().unwrap_or_default(),
            phone: d.phone.clone().unwrap_or_default(),
            first_responsible: d.first_responsible.clone().unwrap_or_default(),
            leaders: d
                .leaders
                .iter()
                .map(|l: &Leader| {
                    [l.name.clone(), l.post.clone(), l.duties.clone(), l.phone.clone().unwrap_or_default()]
                })
                .collect(),
        }
    }
}

fn details_of(org: &Org) -> OrgDetails {
    OrgDetails {
        address: org.address.clone(),
        phone: org.phone.clone(),
        first_responsible: org.first_responsible.clone(),
        leaders: org.leaders.clone(),
    }
}

fn done_message(done: &str) -> Option<&'static str> {
    Some(match done {
        "proposed" => "修改已提交审核。审核通过前，公开页面仍显示原信息。",
        "approved" => "审核通过，新的单位信息已公开。",
        "returned" => "已退回，提交人将看到退回理由。",
        _ => return None,
    })
}

#[derive(Default, Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

async fn page(
    state: &AppState,
    user: &PageUser,
    org: Org,
    typed: Option<OrgValues>,
    notice: Option<(String, bool)>,
) -> Result<Response, PageError> {
    let editable = user.actor.authorize(Permission::ManageOrg, &org.code).is_ok();
    let change: Option<DetailsChange> =
        if user.actor.can_see(&org.code) { state.store.db.org_change(&org.code).await? } else { None };
    // The editor carries on from a proposal on file rather than from the public details.
    let mut values = typed.unwrap_or_else(|| match &change {
        Some(c) => OrgValues::from(&c.details),
        None => OrgValues::from(&details_of(&org)),
    });
    values.leaders.extend(std::iter::repeat_with(Default::default).take(SPARE_ROWS));
    let change = change.map(|c| ChangeLine {
        decidable: c.returned.is_none()
            && c.proposed_by != user.actor.user_id
            && user.actor.authorize(Permission::Review, &org.code).is_ok(),
        proposer: c.proposer,
        proposed_at: views::datetime(c.proposed_at.timestamp()),
        returned: c.returned.map(|r| format!("{} 于 {} 退回：{}", r.by, views::datetime(r.at.timestamp()), r.reason)),
        details: c.details,
    });
    let refused = notice.as_ref().is_some_and(|(_, refused)| *refused);
    let mut response = html(OrgPage { csrf: user.session.csrf_token.clone(), org, editable, change, values, notice })?;
    if refused {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}

pub(super) async fn org_form(
    State(state): State<AppState>,
    user: PageUser,
    RawQuery(raw): RawQuery,
) -> Result<Response, PageError> {
    if super::must_choose(&user.actor, raw.as_deref()) {
        let intro = "请选择要查看或审核单位信息的单位。";
        return super::choose_org(&state, "选择单位", intro, "/admin/org?code=").await;
    }
    let query: DoneQuery = extract::query(raw.as_deref())?;
    let org = target_org(&state, &user.actor, raw.as_deref()).await?;
    let notice = query.done.as_deref().and_then(done_message).map(|m| (m.to_owned(), false));
    page(&state, &user, org, None, notice).await
}

/// The form as sent: the contacts, then one group of four fields per leader row.
fn typed(pairs: Vec<(String, String)>) -> Result<(String, OrgValues), AppError> {
    /// A leader row's fields, in their order on the form.
    const LEADER: [&str; 4] = ["leader_name", "leader_post", "leader_duties", "leader_phone"];
    let mut code = String::new();
    let mut values = OrgValues::default();
    for (key, value) in pairs {
        match key.as_str() {
            "code" => code = value,
            "address" => values.address = value,
            "phone" => values.phone = value,
            "first_responsible" => values.first_responsible = value,
            other => {
                let column = LEADER
                    .iter()
                    .position(|f| *f == other)
                    .ok_or_else(|| AppError::BadRequest("invalid_form", format!("表单中有不认识的字段“{other}”")))?;
                // Each row starts with its name field.
                if column == 0 || values.leaders.is_empty() {
                    values.leaders.push(Default::default());
                }
                if let Some(row) = values.leaders.last_mut() {
                    row[column] = value;
                }
            }
        }
    }
    // Rows left blank are the spare ones.
    values.leaders.retain(|row| row.iter().any(|cell| !cell.trim().is_empty()));
    Ok((code, values))
}

impl OrgValues {
    fn parse(&self) -> Result<OrgDetails, gongkai_core::DomainError> {
        let text = |s: &str| Some(s.to_owned());
        OrgDetailsFields {
            address: text(&self.address),
            phone: text(&self.phone),
            first_responsible: text(&self.first_responsible),
            leaders: self
                .leaders
                .iter()
                .map(|[name, post, duties, phone]| LeaderFields {
                    name: text(name),
                    post: text(post),
                    duties: text(duties),
                    phone: text(phone),
                })
                .collect(),
        }
        .parse()
    }
}

pub(super) async fn save_org(
    State(state): State<AppState>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let (code, values) = typed(form)?;
    let code = OrgCode::parse(&required_text(Some(&code), "单位编码", 40)?)?;
    let org = state.store.db.org(&code).await?.ok_or_else(|| crate::portal::org_not_found(code.as_str()))?;
    let proposed = match values.parse() {
        Ok(details) => state.store.propose_org_details(&user.actor, &code, details).await.map_err(AppError::from),
        Err(e) => Err(e.into()),
    };
    match proposed {
        Ok(_) => Ok(see_other(&format!("/admin/org?code={code}&done=proposed"))),
        Err(e) => page(&state, &user, org, Some(values), Some((refusal(e)?, true))).await,
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DecisionForm {
    code: String,
    reason: Option<String>,
}

/// 审核通过 or 退回 the waiting change, by the button pressed.
pub(super) async fn decide(
    State(state): State<AppState>,
    axum::extract::Path(decision): axum::extract::Path<String>,
    form: CsrfForm<DecisionForm>,
) -> Result<Response, PageError> {
    let CsrfForm { user, form } = form;
    let code = OrgCode::parse(&form.code)?;
    let decided = match decision.as_str() {
        "approve" => state.store.approve_org_details(&user.actor, &code).await.map(|_| "approved"),
        "reject" => state
            .store
            .reject_org_details(&user.actor, &code, form.reason.as_deref().unwrap_or_default())
            .await
            .map(|_| "returned"),
        _ => return Err(AppError::Domain(gongkai_core::DomainError::not_found("unknown_action", "未知的操作")).into()),
    };
    match decided {
        Ok(done) => {
            state.follow_feed().await;
            Ok(see_other(&format!("/admin/org?code={code}&done={done}")))
        }
        Err(e) => {
            let org = state.store.db.org(&code).await?.ok_or_else(|| crate::portal::org_not_found(code.as_str()))?;
            page(&state, &user, org, None, Some((refusal(e)?, true))).await
        }
    }
}
