//! The fields of a draft as they arrive from a form or the API, turned into a checked
//! [`DraftInput`] with the body's HTML sanitised (no script survives).

use chrono::{DateTime, NaiveDateTime, TimeZone};
use gongkai_core::catalog::CatalogCode;
use gongkai_core::fields::{optional_text, required_text, BODY_MAX, NOTE_MAX, TITLE_MAX};
use gongkai_core::org::OrgCode;
use gongkai_core::publicity::parse_date;
use gongkai_core::record::Stage;
use gongkai_core::DomainError;
use gongkai_store::records::DraftInput;
use serde::Deserialize;

/// Every field optional here so that a missing one gets our message, not serde's.
#[derive(Debug, Default, Deserialize)]
pub struct DraftFields {
    pub org: Option<String>,
    pub catalog_item: Option<String>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub body: Option<String>,
    pub stage: Option<String>,
    pub matter: Option<String>,
    pub publicity_start: Option<String>,
    pub publicity_end: Option<String>,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` in China time (an HTML datetime-local field).
    pub publish_at: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl DraftFields {
    pub fn parse(&self) -> Result<DraftInput, DomainError> {
        let org = OrgCode::parse(&required_text(self.org.as_deref(), "发布单位", 40)?)?;
        let catalog = CatalogCode::parse(&required_text(self.catalog_item.as_deref(), "公开目录事项", 40)?)?;
        let title = required_text(self.title.as_deref(), "标题", TITLE_MAX)?;
        let body = required_text(self.body.as_deref(), "正文", BODY_MAX)?;
        let body_html = sanitize(&body);
        if body_html.trim().is_empty() {
            return Err(DomainError::invalid("missing_field", "正文去除不安全内容后为空，请填写正文"));
        }
        Ok(DraftInput {
            org,
            catalog,
            title,
            summary: optional_text(self.summary.as_deref(), "摘要", NOTE_MAX)?,
            body_html,
            stage: blank(&self.stage).map(Stage::parse).transpose()?,
            matter: optional_text(self.matter.as_deref(), "事项", 64)?,
            publicity_start: blank(&self.publicity_start).map(|d| parse_date(d, "公示开始日期")).transpose()?,
            publicity_end: blank(&self.publicity_end).map(|d| parse_date(d, "公示结束日期")).transpose()?,
            publish_at: blank(&self.publish_at).map(parse_publish_at).transpose()?,
        })
    }
}

/// Cleans rich text to a safe subset: no scripts, no event handlers, no `javascript:` links.
pub fn sanitize(html: &str) -> String {
    ammonia::clean(html)
}

fn parse_publish_at(raw: &str) -> Result<i64, DomainError> {
    if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        return Ok(t.timestamp());
    }
    let china = gongkai_store::china_offset();
    ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(raw, f).ok())
        .and_then(|t| china.from_local_datetime(&t).single())
        .map(|t| t.timestamp())
        .ok_or_else(|| {
            DomainError::invalid("invalid_date", format!("定时发布时间“{raw}”格式不正确（例如 2026-12-01T09:00）"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> DraftFields {
        DraftFields {
            org: Some("qc-01".into()),
            catalog_item: Some("dw-01-01".into()),
            title: Some("关于调整低保标准的公示".into()),
            body: Some("<p onclick=\"x()\">正文</p><script>alert(1)</script>".into()),
            ..Default::default()
        }
    }

    #[test]
    fn scripts_do_not_survive() {
        let input = fields().parse().unwrap();
        assert!(!input.body_html.contains("script"), "{}", input.body_html);
        assert!(!input.body_html.contains("onclick"), "{}", input.body_html);
        assert!(input.body_html.contains("正文"));
    }

    #[test]
    fn missing_title_names_the_field() {
        let e = DraftFields { title: None, ..fields() }.parse().unwrap_err();
        assert_eq!(e.code, "missing_field");
        assert!(e.message.contains("标题"));
    }

    #[test]
    fn publish_at_reads_local_china_time() {
        let at = parse_publish_at("2026-12-01T09:00").unwrap();
        assert_eq!(at, DateTime::parse_from_rfc3339("2026-12-01T01:00:00Z").unwrap().timestamp());
        assert!(parse_publish_at("明天").is_err());
    }
}
