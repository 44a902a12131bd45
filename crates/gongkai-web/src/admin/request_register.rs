//! 登记申请: an application handed in at the counter or received by post, registered by
//! the receiving unit's staff with its day of receipt; the receipt with the tracking code
//! is shown once, to hand or post to the applicant.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use gongkai_core::request::{ApplicantKind, Channel, Delivery};
use gongkai_core::time::china_date;
use serde::Deserialize;

use super::{html, refusal};
use crate::auth::PageUser;
use crate::error::PageError;
use crate::extract::CsrfForm;
use crate::request_fields::RequestFields;
use crate::request_pages::Typed;
use crate::AppState;

/// The registration form: the application's fields and the form's idempotency key.
#[derive(Debug, Deserialize)]
pub(super) struct RegisterForm {
    #[serde(default)]
    key: Option<String>,
    #[serde(flatten)]
    fields: RequestFields,
}

#[derive(Template)]
#[template(path = "admin/register.html")]
struct RegisterPage {
    csrf: String,
    key: String,
    kinds: Vec<&'static str>,
    deliveries: Vec<&'static str>,
    channels: Vec<&'static str>,
    today: String,
    typed: Typed,
    channel: String,
    received_on: String,
    error: Option<String>,
}

fn register_page(
    user: &PageUser,
    today: String,
    key: String,
    form: Option<&RequestFields>,
    error: Option<String>,
) -> RegisterPage {
    let text = |v: Option<&Option<String>>| v.and_then(|v| v.clone()).unwrap_or_default();
    RegisterPage {
        key,
        typed: form.map(Typed::from).unwrap_or_default(),
        channel: text(form.map(|f| &f.channel)),
        received_on: text(form.map(|f| &f.received_on)),
        csrf: user.session.csrf_token.clone(),
        kinds: ApplicantKind::ALL.iter().map(|k| k.label()).collect(),
        deliveries: Delivery::ALL.iter().map(|d| d.label()).collect(),
        channels: [Channel::InPerson, Channel::Post].iter().map(|c| c.label()).collect(),
        today,
        error,
    }
}

/// 登记当面或信函提交的申请
pub(super) async fn register_form(State(state): State<AppState>, user: PageUser) -> Result<Response, PageError> {
    html(register_page(
        &user,
        china_date(state.store.clock.now()).to_string(),
        crate::request_pages::fresh_key(),
        None,
        None,
    ))
}

pub(super) async fn register(
    State(state): State<AppState>,
    CsrfForm { user, form }: CsrfForm<RegisterForm>,
) -> Result<Response, PageError> {
    let RegisterForm { key, fields: mut form } = form;
    form.org = user.actor.org.as_ref().map(|o| o.to_string());
    let key = key.filter(|k| !k.is_empty());
    // A double click at the counter registers one application and shows its receipt twice.
    let sent =
        crate::requests::submit(&state, Some(&user.actor), &form, key.as_deref().map(|k| (k, k.as_bytes())), "").await;
    match sent {
        // The code is known only now: the receipt to hand or post to the applicant.
        Ok(registered) => {
            let calendar = state.store.calendar().await?;
            let directory = state.directory.get(&state.store.db).await?;
            let org = &registered.request.number.org;
            let name = directory.org(org).map_or_else(|| org.to_string(), |o| o.name.clone());
            let receipt = crate::requests::ReceiptView::of(&registered, &name, &calendar);
            html(crate::request_pages::ReceiptPage { receipt })
        }
        Err(e) => {
            let message = refusal(e)?;
            let page = register_page(
                &user,
                china_date(state.store.clock.now()).to_string(),
                key.unwrap_or_else(crate::request_pages::fresh_key),
                Some(&form),
                Some(message),
            );
            let mut response = html(page)?;
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
    }
}
