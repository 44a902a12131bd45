//! Tables handed over whole, for the API and the back office alike: the upload's size
//! limit, and an organisation tree or a catalogue template read from a spreadsheet (off
//! the request threads) and stored all or nothing, with refusals numbered as the
//! spreadsheet shows them.

use axum::body::Bytes;
use axum::extract::multipart::MultipartError;
use axum::extract::Multipart;
use gongkai_core::access::Actor;
use gongkai_core::catalog::table::items_from_table;
use gongkai_core::catalog::template::TemplateLoad;
use gongkai_core::org::OrgKind;
use gongkai_core::DomainError;
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
    let table = read(file).await?;
    match state.store.import_orgs(actor, &table.rows).await {
        Ok(orgs) => {
            state.follow_feed().await;
            Ok(orgs.len())
        }
        Err(StoreError::Table(errors)) => Err(AppError::Table(table.renumber(errors))),
        Err(e) => Err(e.into()),
    }
}

/// The one file of an API upload (field `file`).
pub async fn one_file(mut multipart: Multipart) -> Result<Bytes, AppError> {
    let mut file = None;
    while let Some(field) = multipart.next_field().await.map_err(multipart_error)? {
        if field.name() == Some("file") {
            if file.is_some() {
                return Err(AppError::BadRequest("too_many_files", "一次只能上传一个文件".into()));
            }
            file = Some(field.bytes().await.map_err(multipart_error)?);
        }
    }
    file.filter(|f| !f.is_empty())
        .ok_or_else(|| AppError::Domain(DomainError::invalid("missing_field", "请选择要导入的表格（字段名 file）")))
}

async fn read(file: Bytes) -> Result<gongkai_sheets::SheetTable, AppError> {
    tokio::task::spawn_blocking(move || gongkai_sheets::read_xlsx(&file))
        .await
        .map_err(|e| AppError::internal("reading a table", e))?
        .map_err(AppError::Table)
}

/// Loads the template table in `file` (XLSX, as downloaded) over the template of `kind`:
/// new items added, changed ones changed, the rest kept; or every refusal.
pub async fn load_template(
    state: &AppState,
    actor: &Actor,
    kind: OrgKind,
    file: Bytes,
) -> Result<TemplateLoad, AppError> {
    let table = read(file).await?;
    gongkai_core::catalog::template::check_sheet(&table.sheet, kind)?;
    let items = items_from_table(&table.rows).map_err(|errors| AppError::Table(table.renumber(errors)))?;
    let load = state.store.load_template(actor, kind, items).await?;
    state.follow_feed().await;
    Ok(load)
}

/// Adds the new rows of the catalogue table in `file` (XLSX, as downloaded) to `org`'s
/// own catalogue; returns the items added, or every refusal.
pub async fn import_catalog(
    state: &AppState,
    actor: &Actor,
    org: &gongkai_core::org::OrgCode,
    file: Bytes,
) -> Result<Vec<gongkai_core::catalog::CatalogItem>, AppError> {
    let table = read(file).await?;
    match state.store.import_catalog_additions(actor, org, &table.rows).await {
        Ok(added) => {
            state.follow_feed().await;
            Ok(added)
        }
        Err(StoreError::Table(errors)) => Err(AppError::Table(table.renumber(errors))),
        Err(e) => Err(e.into()),
    }
}

/// Adds the days of the calendar table in `file` — XLSX, or CSV in UTF-8 — to the
/// working-day calendar; returns how many, or every refusal.
pub async fn import_calendar(state: &AppState, actor: &Actor, file: Bytes) -> Result<usize, AppError> {
    actor.authorize_calendar()?;
    let (rows, header_row) = if file.starts_with(b"PK") {
        let table = read(file).await?;
        (table.rows, table.header_row)
    } else {
        (csv_rows(&file)?, 1)
    };
    let days =
        gongkai_core::calendar::days_from_table(&rows).map_err(|e| AppError::Table(e.shifted(header_row - 1)))?;
    state.store.add_calendar_days(actor, &days).await?;
    Ok(days.len())
}

/// The rows of a CSV table in UTF-8 (a byte-order mark, as Excel writes one, skipped).
fn csv_rows(file: &[u8]) -> Result<Vec<Vec<String>>, AppError> {
    let text = std::str::from_utf8(file.strip_prefix("\u{feff}".as_bytes()).unwrap_or(file)).map_err(|_| {
        AppError::Domain(DomainError::invalid("invalid_table", "表格不是 UTF-8 编码的 CSV，也不是 XLSX 文件"))
    })?;
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.map(|r| r.iter().map(|c| c.trim().to_owned()).collect()))
        .collect::<Result<_, _>>()
        .map_err(|e| AppError::Domain(DomainError::invalid("invalid_table", format!("CSV 表格无法读取：{e}"))))
}
