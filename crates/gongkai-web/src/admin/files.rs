//! Uploading attachments to a draft from the back office.

use axum::extract::{Multipart, Path, State};
use axum::response::Response;
use gongkai_core::record::RecordId;
use gongkai_core::DomainError;

use super::records::refused_page;
use super::see_other;
use super::session::NoFields;
use crate::auth::PageUser;
use crate::error::{AppError, PageError};
use crate::extract::CsrfForm;
use crate::{upload, AppState};

/// The form sends `csrf` before `file`, so the token is checked, and the store asked
/// whether the user may attach to this record, before any bytes are kept.
pub(super) async fn attach(
    State(state): State<AppState>,
    user: PageUser,
    Path(id): Path<String>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    match receive(&state, &user, &id, multipart).await {
        Ok(()) => Ok(see_other(&format!("/admin/records/{id}?done=attached"))),
        // A file refused for its kind or size is said on the record's page.
        Err(e) => refused_page(&state, &user, &id, "", e).await,
    }
}

async fn receive(state: &AppState, user: &PageUser, id: &RecordId, mut multipart: Multipart) -> Result<(), AppError> {
    state.store.attachable(&user.actor, id).await?;
    let limit = state.config.max_upload_bytes;
    let mut csrf_ok = false;
    let mut staged = None;
    while let Some(field) = multipart.next_field().await.map_err(|e| upload::multipart_error(e, limit))? {
        match field.name() {
            Some("csrf") => {
                let token = field.text().await.map_err(|e| upload::multipart_error(e, limit))?;
                user.check_csrf(&token)?;
                csrf_ok = true;
            }
            Some("file") if csrf_ok => {
                upload::one_file_only(&staged)?;
                staged = Some(upload::stage(state, field).await?);
            }
            Some("file") => return Err(AppError::Csrf),
            _ => {}
        }
    }
    let staged = staged.ok_or_else(|| AppError::Domain(DomainError::invalid("missing_field", "请选择要上传的文件")))?;
    upload::attach(state, &user.actor, id, staged).await?;
    Ok(())
}

/// 删除附件 from a draft, by its button on the record's page.
pub(super) async fn remove(
    State(state): State<AppState>,
    Path((id, attachment)): Path<(String, String)>,
    form: CsrfForm<NoFields>,
) -> Result<Response, PageError> {
    let id = RecordId::parse(&id)?;
    state.store.remove_attachment(&form.user.actor, &id, &attachment).await?;
    Ok(see_other(&format!("/admin/records/{id}?done=detached")))
}
