//! 政府信息公开申请答复书: the reply letter of an answered request, printable, with what
//! Art. 36 requires said for each answer and the remedies the applicant has.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use gongkai_core::request::{AnswerGroup, Outcome};
use gongkai_core::DomainError;

use super::html;
use crate::auth::PageUser;
use crate::error::PageError;
use crate::AppState;

#[derive(Template)]
#[template(path = "admin/letter.html")]
struct Letter {
    org_name: String,
    number: String,
    applicant: String,
    received_on: String,
    corrected_on: Option<String>,
    description: String,
    answer: String,
    delivery: &'static str,
    /// Information goes with the letter (予以公开, 部分公开).
    releases: bool,
    on: String,
}

/// The answer's paragraph: what was decided and why, in the letter's words.
fn answer_text(outcome: Outcome, reason: Option<&str>) -> String {
    let reason = reason.unwrap_or("");
    match (outcome, outcome.group()) {
        (Outcome::Published, _) => {
            format!("您申请获取的政府信息已经主动公开，可通过以下途径获取：{reason}。")
        }
        (Outcome::Disclosed, _) if reason.is_empty() => {
            "您申请获取的政府信息属于公开范围，现予以公开，见所附材料。".into()
        }
        (Outcome::Disclosed, _) => format!("您申请获取的政府信息属于公开范围，现予以公开，见所附材料。{reason}"),
        (_, AnswerGroup::Partly) => {
            format!("您申请获取的政府信息部分可以公开，可以公开的部分见所附材料；其余部分不予公开，理由是：{reason}。")
        }
        (_, AnswerGroup::Withheld) => {
            format!("您申请获取的政府信息{}，依法不予公开。具体理由和依据是：{reason}。", outcome.label())
        }
        (_, AnswerGroup::CannotProvide) => format!("经检索，{}，本机关无法提供。{reason}", outcome.label()),
        (_, AnswerGroup::NotProcessed) => format!("您的申请属于{}，本机关不予处理。{reason}", outcome.label()),
        _ => format!("{}。{reason}", outcome.label()),
    }
}

/// 答复书; only for a request that was answered.
pub(super) async fn letter(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
) -> Result<Response, PageError> {
    let r = state.store.request_for(&user.actor, &id).await?;
    let answer =
        r.answer.as_ref().ok_or_else(|| DomainError::conflict("not_answered", "该申请尚未答复，没有答复书"))?;
    let directory = state.directory.get(&state.store.db).await?;
    let org_name = directory.org(&r.org).map_or_else(|| r.org.to_string(), |o| o.name.clone());
    html(Letter {
        org_name,
        number: r.number.to_string(),
        applicant: r.applicant.name.clone(),
        received_on: r.received_on.format("%Y年%-m月%-d日").to_string(),
        corrected_on: r
            .correction
            .as_ref()
            .and_then(|c| c.corrected_on)
            .map(|d| d.format("%Y年%-m月%-d日").to_string()),
        // The letter quotes it and closes the quotation with its own full stop.
        description: r.description.trim_end_matches(['。', '.', '；', ';']).to_owned(),
        releases: answer.outcome.releases(),
        answer: answer_text(answer.outcome, answer.reason.as_deref()),
        delivery: r.delivery.label(),
        on: answer.on.format("%Y年%-m月%-d日").to_string(),
    })
}
