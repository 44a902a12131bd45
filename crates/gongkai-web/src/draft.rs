//! The fields of a draft as they arrive from a form or the API, turned into a checked
//! [`DraftInput`] with the body's HTML sanitised (no script survives).

use gongkai_core::catalog::CatalogCode;
use gongkai_core::fields::{optional_text, required_text, BODY_MAX, NOTE_MAX, TITLE_MAX};
use gongkai_core::org::OrgCode;
use gongkai_core::record::{Draft, MatterId, Stage};
use gongkai_core::time::{parse_date, parse_instant};
use gongkai_core::DomainError;
use serde::Deserialize;

/// Every field optional here so that a missing one gets our message, not serde's.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftFields {
    /// 发布单位编码
    pub org: Option<String>,
    /// 公开目录事项（公开内容）编码
    pub catalog_item: Option<String>,
    /// 标题，至多200字
    pub title: Option<String>,
    /// 摘要
    pub summary: Option<String>,
    /// 正文 HTML；脚本等不安全内容会被清除
    pub body: Option<String>,
    /// 公开阶段：pre_decision、decision、execution、result
    pub stage: Option<String>,
    /// 同一事项已有记录所属事项的编号
    pub matter: Option<String>,
    /// 公示开始日期，YYYY-MM-DD
    pub publicity_start: Option<String>,
    /// 公示结束日期，YYYY-MM-DD；短期、阶段公开事项和含个人信息的名单必填
    pub publicity_end: Option<String>,
    /// RFC 3339, or `YYYY-MM-DDTHH:MM` in China time (an HTML datetime-local field).
    pub publish_at: Option<String>,
}

fn blank(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl DraftFields {
    pub fn parse(&self) -> Result<Draft, DomainError> {
        let org = OrgCode::parse(&required_text(self.org.as_deref(), "发布单位", 40)?)?;
        let catalog = CatalogCode::parse(&required_text(self.catalog_item.as_deref(), "公开目录事项", 40)?)?;
        let title = required_text(self.title.as_deref(), "标题", TITLE_MAX)?;
        let body = required_text(self.body.as_deref(), "正文", BODY_MAX)?;
        let body_html = sanitize(&body);
        if body_html.trim().is_empty() {
            return Err(DomainError::invalid("missing_field", "正文去除不安全内容后为空，请填写正文"));
        }
        Ok(Draft {
            org,
            catalog,
            title,
            summary: optional_text(self.summary.as_deref(), "摘要", NOTE_MAX)?,
            body_html,
            stage: blank(&self.stage).map(Stage::parse).transpose()?,
            matter: blank(&self.matter)
                .map(|m| {
                    MatterId::parse(m).map_err(|_| DomainError::invalid("unknown_matter", format!("事项“{m}”不存在")))
                })
                .transpose()?,
            publicity_start: blank(&self.publicity_start).map(|d| parse_date(d, "公示开始日期")).transpose()?,
            publicity_end: blank(&self.publicity_end).map(|d| parse_date(d, "公示结束日期")).transpose()?,
            publish_at: blank(&self.publish_at).map(|t| parse_instant(t, "定时发布时间")).transpose()?,
        })
    }
}

/// Cleans rich text to a safe subset: no scripts, no event handlers, no `javascript:` links.
pub fn sanitize(html: &str) -> String {
    ammonia::clean(html)
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
}
