//! Tables handed over whole, for the API and the back office alike: the upload's size
//! limit, and an organisation tree read from a spreadsheet (off the request threads) and
//! stored all or nothing, with refusals numbered as the spreadsheet shows them.

use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use gongkai_core::access::Actor;
use gongkai_store::StoreError;

use crate::error::AppError;
use crate::AppState;

/// The largest table accepted for import: a 100,000-row tree is a few megabytes.
pub const TABLE_MAX: usize = 20 * 1024 * 1024;

/// A multipart body that could not be read, said of a table rather than an attachment.
pub fn multipart_error(e: MultipartError) -> AppError {
    match crate::upload::multipart_error(e, TABLE_MAX) {
        AppError::TooLarge(_) => AppError::TooLarge(format!("表格文件不能超过 {} MB", TABLE_MAX / (1024 * 1024))),
        other => other,
    }
}

/// Imports the organisation tree in `file` (XLSX) as `actor`; returns how many were
/// added, or `AppError::Table` with every refusal.
pub async fn import_orgs(state: &AppState, actor: &Actor, file: Bytes) -> Result<usize, AppError> {
    let table = tokio::task::spawn_blocking(move || gongkai_sheets::read_xlsx(&file))
        .await
        .map_err(|e| AppError::internal("reading a table", e))?
        .map_err(AppError::Table)?;
    match state.store.import_orgs(actor, &table.rows).await {
        Ok(orgs) => {
            state.follow_feed().await;
            Ok(orgs.len())
        }
        Err(StoreError::Table(errors)) => Err(AppError::Table(table.renumber(errors))),
        Err(e) => Err(e.into()),
    }
}
