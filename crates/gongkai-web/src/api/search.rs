//! 全文检索 in the API: the same search, filters and facets as the portal's results page,
//! and title suggestions for a search box.

use axum::extract::{RawQuery, State};
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::ErrorBody;
use crate::error::ApiError;
use crate::found::{self, SearchAnswer, SearchFacets};
use crate::search_params::SearchParams;
use crate::{extract, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(search)).routes(routes!(suggest))
}

/// 全文检索：标题、摘要、正文、信息索引、附件文字和单位名称；繁简体通查，字母可按拼音或拼音首字母查找
#[utoipa::path(get, path = "/search", tag = "检索", params(SearchParams),
    responses((status = 200, body = SearchAnswer), (status = 400, body = ErrorBody)))]
async fn search(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<SearchAnswer>, ApiError> {
    let params: SearchParams = extract::query(raw.as_deref())?;
    let answer = found::run(&state, &params).await?;
    Ok(Json(answer.unwrap_or(SearchAnswer { total: 0, hits: vec![], facets: SearchFacets::default(), next: None })))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Suggestions {
    /// 与输入相符的公开信息标题，最多 8 条
    pub titles: Vec<String>,
}

/// Titles offered at most.
const SUGGESTIONS: usize = 8;

/// 输入提示：标题中含有所输入内容（或其拼音、首字母）的公开信息
#[utoipa::path(get, path = "/search/suggest", tag = "检索", params(("q" = String, Query, description = "已输入的内容")),
    responses((status = 200, body = Suggestions), (status = 400, body = ErrorBody)))]
async fn suggest(State(state): State<AppState>, RawQuery(raw): RawQuery) -> Result<Json<Suggestions>, ApiError> {
    let typed: SearchParams = extract::query(raw.as_deref())?;
    let params = SearchParams {
        q: typed.q,
        kind: Some("record".into()),
        limit: Some((SUGGESTIONS * 2).to_string()),
        ..Default::default()
    };
    // Letters may have matched a title's pinyin, which marks nothing in it.
    let letters = params.q().bytes().all(|b| b.is_ascii_alphabetic());
    let mut titles: Vec<String> = Vec::new();
    for hit in found::run(&state, &params).await?.map(|a| a.hits).unwrap_or_default() {
        // Only titles that hold what was typed: a match deep in a body is no suggestion.
        let in_title = hit.title_html.contains("<mark>") || (letters && !hit.snippet.contains("<mark>"));
        if in_title && !titles.contains(&hit.title) {
            titles.push(hit.title);
        }
    }
    titles.truncate(SUGGESTIONS);
    Ok(Json(Suggestions { titles }))
}
