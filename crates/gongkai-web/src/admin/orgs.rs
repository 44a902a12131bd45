//! The organisation's details: contacts, the first responsible person, the leadership team.

use askama::Template;
use axum::extract::{RawQuery, State};
use axum::response::Response;
use gongkai_core::access::Permission;
use gongkai_core::fields::required_text;
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::DomainError;
use serde::Deserialize;

use super::{html, see_other, target_org};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::extract::CsrfForm;
use crate::org_fields::{LeaderFields, OrgDetailsFields};
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/org.html")]
struct OrgForm {
    csrf: String,
    org: Org,
    leaders_text: String,
    editable: bool,
}

pub(super) async fn org_form(
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
pub(super) struct OrgFields {
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

pub(super) async fn save_org(State(state): State<AppState>, form: CsrfForm<OrgFields>) -> Result<Response, PageError> {
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
