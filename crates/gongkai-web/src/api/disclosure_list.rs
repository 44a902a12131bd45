//! The public list of disclosures: what is listed now — everywhere, one organisation's, or
//! one catalogue item's — newest first, a page at a time, as the portal's lists show it.

use axum::extract::{RawQuery, State};
use axum::Json;
use gongkai_store::records::RecordSummary;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::paging::Paging;
use super::{find_org, ErrorBody};
use crate::error::{ApiError, AppError};
use crate::portal::catalog_item_not_found;
use crate::{extract, AppState};

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    /// 单位编码：只列该单位的信息
    org: Option<String>,
    /// 公开目录事项编码：只列该事项下的信息（须同时指定 org）
    catalog: Option<String>,
    /// 页码，从1开始
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100000)]
    page: Option<String>,
    /// 每页条数，1至100，默认20
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    per_page: Option<String>,
}

/// 公开信息列表中的一条
#[derive(Debug, Serialize, ToSchema)]
pub struct DisclosureLine {
    /// 记录编号，与 GET /disclosures/{id} 和网站 /d/{id} 相同
    pub id: String,
    pub title: String,
    /// 发布单位编码
    pub org: String,
    /// 发布单位名称
    pub org_name: String,
    /// 公开目录事项编码
    pub catalog_item: String,
    /// 发布时间（RFC 3339）
    pub published_at: String,
    /// 网站上的页面地址
    pub url: String,
}

impl From<&RecordSummary> for DisclosureLine {
    fn from(r: &RecordSummary) -> Self {
        DisclosureLine {
            id: r.id.clone(),
            title: r.title.clone(),
            org: r.org_code.clone(),
            org_name: r.org_name.clone(),
            catalog_item: r.catalog_code.clone(),
            published_at: r.published_at.unwrap_or(r.updated_at).to_rfc3339(),
            url: format!("/d/{}", r.id),
        }
    }
}

/// 一页公开信息
#[derive(Debug, Serialize, ToSchema)]
pub struct DisclosureList {
    pub items: Vec<DisclosureLine>,
    pub page: u32,
    pub per_page: u32,
    /// 符合条件的信息总数
    pub total: i64,
    /// 下一页的地址；已是最后一页时为 null
    pub next: Option<String>,
}

/// 公开信息列表：正在公开的信息，新发布的在前；可按单位和公开目录事项筛选
#[utoipa::path(get, path = "/disclosures", tag = "公开记录", params(ListParams),
    responses((status = 200, body = DisclosureList), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_disclosures(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<DisclosureList>, ApiError> {
    let params: ListParams = extract::query(raw.as_deref())?;
    let paging = Paging::parse(params.page.as_deref(), params.per_page.as_deref())?;
    let org = match extract::filled(&params.org) {
        Some(code) => Some(find_org(&state, code).await?),
        None => None,
    };
    let catalog = match (extract::filled(&params.catalog), &org) {
        (None, _) => None,
        (Some(_), None) => {
            return Err(
                AppError::BadRequest("catalog_without_org", "按公开目录事项筛选时须同时指定单位 org".into()).into()
            )
        }
        (Some(code), Some(org)) => {
            let directory = state.directory.get(&state.store.db).await?;
            let item = directory
                .catalog_item(&org.code, code)
                .filter(|i| i.rules.is_some())
                .ok_or_else(catalog_item_not_found)?;
            Some(item.code)
        }
    };
    let db = &state.store.db;
    let org_code = org.as_ref().map(|o| &o.code);
    let total = db.published_count(org_code, catalog.as_ref()).await?;
    let found = match org_code {
        Some(code) => db.org_published(code, catalog.as_ref(), paging.limit(), paging.offset()).await?,
        None => db.latest_published(paging.limit(), paging.offset()).await?,
    };
    let mut filters = Vec::new();
    filters.extend(org_code.map(|c| ("org", c.as_str())));
    filters.extend(catalog.as_ref().map(|c| ("catalog", c.as_str())));
    Ok(Json(DisclosureList {
        items: found.iter().map(DisclosureLine::from).collect(),
        page: paging.page,
        per_page: paging.per_page,
        next: paging.next("/api/v1/disclosures", &filters, total),
        total,
    }))
}
