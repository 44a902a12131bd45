//! A record on the kiosk, as the public sees it through the access guard: its 信息索引
//! essentials, the body with links made plain text, attachments named but not offered for
//! download (a kiosk has nowhere to keep a file), and a QR code to open the record on a
//! phone. A withdrawn record, or a list of people taken down, shows its notice only.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use gongkai_core::record::{RecordId, RecordState};
use gongkai_store::records::page::RecordView;

use super::{cached, not_found, plain, Frame, KioskError};
use crate::cache::Rendered;
use crate::directory::Directory;
use crate::error::AppError;
use crate::public::InformationIndex;
use crate::{record_page, views, AppState};

#[derive(Template)]
#[template(path = "kiosk/record.html")]
struct RecordPage {
    frame: Frame,
    title: String,
    index: InformationIndex,
    catalog_name: String,
    published: String,
    publicity: String,
    validity: String,
    /// The notice shown instead of the content, when the public may see only that.
    notice: Option<(&'static str, String)>,
    /// The version that replaced this one, when it is still published.
    latest: Option<String>,
    summary: Option<String>,
    body_html: String,
    attachments: Vec<String>,
    qr: String,
}

pub async fn page(State(state): State<AppState>, Path(id): Path<String>) -> Result<Response, KioskError> {
    let missing = || not_found("您要查看的信息不存在或已不再公开");
    let id = RecordId::parse(&id).map_err(|_| missing())?;
    cached(&state, format!("/kiosk/d/{id}"), || async {
        let view = state.store.record_view(None, &id).await.map_err(|e| match AppError::from(e) {
            AppError::Domain(d) if d.kind == gongkai_core::error::ErrorKind::NotFound => missing(),
            other => other,
        })?;
        let directory = state.directory.get(&state.store.db).await?;
        let page = build(&view, &directory)?;
        Ok(Rendered { html: page.render()?, tags: record_page::tags(&view) })
    })
    .await
}

fn build(view: &RecordView, directory: &Directory) -> Result<RecordPage, AppError> {
    let record = &view.record;
    let org = directory.org(&record.org).ok_or_else(|| crate::portal::org_not_found(record.org.as_str()))?;
    let catalog = directory.catalog(&record.org);
    let leaf = catalog.iter().find(|i| i.code == record.catalog);
    let back = match leaf {
        Some(leaf) => (format!("/kiosk/org/{}?c={}", org.code, leaf.code.as_str()), "返回列表"),
        None => (format!("/kiosk/org/{}", org.code), "返回上一级"),
    };
    let content = view.sight.shows_content();
    // The same notices, in the same words, as the record's page on the portal.
    let notice = match &record.withdrawal {
        Some(w) => {
            Some(("撤回公告", format!("本信息已于{}撤回。撤回原因：{}", views::date(w.at.timestamp()), w.reason)))
        }
        None if !content => Some((
            "名单已撤下",
            match record.state {
                RecordState::Superseded => "本名单含有个人信息，已由新版本取代，旧版本不再公开名单内容。",
                _ => "本信息含有个人信息，公示期满后已按规定撤下，不再公开名单内容。",
            }
            .to_owned(),
        )),
        None => None,
    };
    let latest = (record.state == RecordState::Superseded)
        .then(|| view.versions.iter().rev().find(|v| v.state == RecordState::Published).map(|v| v.id.to_string()))
        .flatten();
    let site = crate::site::page();
    Ok(RecordPage {
        frame: Frame::new(Some(back)),
        title: record.title.clone(),
        index: InformationIndex::new(record, &org.name),
        catalog_name: leaf.map_or_else(|| record.catalog.as_str().to_owned(), |l| l.name.clone()),
        published: record.published_at.map(|t| views::date(t.timestamp())).unwrap_or_default(),
        publicity: if record.withdrawal.is_some() { "已撤回".to_owned() } else { views::publicity(record) },
        validity: record.effect.map(|e| e.to_string()).unwrap_or_default(),
        summary: record.summary.clone().filter(|_| content),
        body_html: if content { plain::body(&record.body_html) } else { String::new() },
        attachments: if content { view.attachments.iter().map(|a| a.file_name.clone()).collect() } else { vec![] },
        qr: if content {
            crate::qr::svg(&site.site().url(&format!("/d/{}", record.id)), "用手机扫码查看")
        } else {
            String::new()
        },
        notice,
        latest,
    })
}
