//! 政府信息公开工作年度报告 in the API: a unit's tables for a year (JSON or XLSX), and a
//! draft record of the whole report for the normal review.

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use gongkai_core::access::Actor;
use gongkai_core::org::Org;
use gongkai_core::report::{AnnualReport, Texts};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::{find_org, ErrorBody};
use crate::annual_report::{self, COLUMN_HEADINGS};
use crate::auth::ApiUser;
use crate::error::ApiError;
use crate::{extract, AppState};

pub fn routes() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(tables, draft)).routes(routes!(workbook))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LineView {
    label: String,
    /// 自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他、总计；标题行为空
    counts: Option<Vec<u32>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportView {
    title: String,
    /// 规章：本年制发、本年废止、现行有效
    rules: Vec<u32>,
    /// 行政规范性文件：本年制发、本年废止、现行有效
    normative: Vec<u32>,
    permits: u32,
    penalties: u32,
    coercion: u32,
    /// 表三的列名
    columns: Vec<&'static str>,
    /// 表三：收到和处理政府信息公开申请情况
    requests: Vec<LineView>,
    /// 表四：结果维持、结果纠正、其他结果、尚未审结、总计
    review: Vec<u32>,
    litigation_direct: Vec<u32>,
    litigation_after_review: Vec<u32>,
}

impl From<&AnnualReport> for ReportView {
    fn from(r: &AnnualReport) -> Self {
        let p = &r.proactive;
        ReportView {
            title: r.title(),
            rules: p.rules.to_vec(),
            normative: p.normative.to_vec(),
            permits: p.permits,
            penalties: p.penalties,
            coercion: p.coercion,
            columns: COLUMN_HEADINGS.to_vec(),
            requests: r
                .requests
                .lines()
                .into_iter()
                .map(|l| LineView { label: l.label, counts: l.counts.map(|c| c.to_vec()) })
                .collect(),
            review: r.remedies.review.to_vec(),
            litigation_direct: r.remedies.direct.to_vec(),
            litigation_after_review: r.remedies.after_review.to_vec(),
        }
    }
}

async fn report(
    state: &AppState,
    actor: &Actor,
    code: &str,
    year: &str,
    fees: Option<String>,
) -> Result<(Org, AnnualReport), ApiError> {
    let org = find_org(state, code).await?;
    let year = annual_report::year(year)?;
    let report = state.store.annual_report(actor, &org, year, fees).await?;
    Ok((org, report))
}

/// 年度报告的统计表（由系统记录计算）；本单位人员、管理员和监督员可见
#[utoipa::path(get, path = "/orgs/{code}/annual-reports/{year}", tag = "依申请公开", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码"), ("year" = String, Path, description = "年度，如 2025")),
    responses((status = 200, body = ReportView), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 422, body = ErrorBody)))]
async fn tables(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((code, year)): Path<(String, String)>,
) -> Result<Json<ReportView>, ApiError> {
    let (_, report) = report(&state, &actor, &code, &year, None).await?;
    Ok(Json(ReportView::from(&report)))
}

/// 年度报告统计表（XLSX）
#[utoipa::path(get, path = "/orgs/{code}/annual-reports/{year}/table", tag = "依申请公开", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码"), ("year" = String, Path, description = "年度")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
              (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn workbook(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((code, year)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (_, report) = report(&state, &actor, &code, &year, None).await?;
    Ok(annual_report::xlsx(&report)?)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReportFields {
    /// 一、总体情况
    overview: Option<String>,
    /// 五、存在的主要问题及改进情况
    problems: Option<String>,
    /// 六、其他需要报告的事项（不填为“无。”）
    other: Option<String>,
    /// 行政事业性收费本年收费金额（万元）
    fees: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReportDraft {
    /// 生成的公开信息草稿编号，按正常流程送审发布
    record: String,
    title: String,
}

/// 生成年度报告：统计表由系统计算，文字部分由信息员撰写；生成“政府信息公开工作年度报告”事项下的草稿，送审通过后发布
#[utoipa::path(post, path = "/orgs/{code}/annual-reports/{year}", tag = "依申请公开", security(("bearer" = [])),
    params(("code" = String, Path, description = "单位编码"), ("year" = String, Path, description = "年度")),
    request_body = ReportFields,
    responses((status = 201, body = ReportDraft), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn draft(
    State(state): State<AppState>,
    ApiUser(actor): ApiUser,
    Path((code, year)): Path<(String, String)>,
    body: Bytes,
) -> Result<(StatusCode, Json<ReportDraft>), ApiError> {
    let fields: ReportFields = extract::json(&body)?;
    let texts = Texts::new(fields.overview.as_deref(), fields.problems.as_deref(), fields.other.as_deref())?;
    let fees = crate::extract::filled(&fields.fees).map(annual_report::fees).transpose()?;
    let (org, report) = report(&state, &actor, &code, &year, fees).await?;
    let record = annual_report::draft(&state, &actor, &org, &report, &texts).await?;
    Ok((StatusCode::CREATED, Json(ReportDraft { record: record.id.to_string(), title: record.title })))
}
