//! The fields of a draft as they arrive from a form or the API, turned into a checked
//! [`DraftInput`] with the body's HTML sanitised (no script survives).

use gongkai_core::catalog::CatalogCode;
use gongkai_core::fields::{optional_text, required_text, BODY_MAX, NOTE_MAX, TITLE_MAX};
use gongkai_core::org::OrgCode;
use gongkai_core::record::{doc_number, Draft, Effect, MatterId, Stage, Topic, Validity};
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
    /// 文号，如“岚政〔2026〕12号”；年份外的方括号、圆括号会改为六角括号
    pub doc_number: Option<String>,
    /// 成文日期，YYYY-MM-DD；新记录不填时为当天，修改时不填则保持原值
    pub written_on: Option<String>,
    /// 主题分类（如 civil_affairs 或“民政、扶贫、救灾”）；新记录不填时为“综合政务”，修改时不填则保持原值
    pub topic: Option<String>,
    /// 有效性（规范性文件）：effective、lapsed、repealed 或“有效”“失效”“废止”
    pub validity: Option<String>,
    /// 有效性日期，YYYY-MM-DD：施行、失效或废止的日期；失效、废止必填
    pub validity_since: Option<String>,
}

impl DraftFields {
    pub fn parse(&self) -> Result<Draft, DomainError> {
        let org = OrgCode::parse(&required_text(self.org.as_deref(), "发布单位", 40)?)?;
        let catalog = CatalogCode::parse(&required_text(self.catalog_item.as_deref(), "公开目录事项", 40)?)?;
        let title = required_text(self.title.as_deref(), "标题", TITLE_MAX)?;
        let body = required_text(self.body.as_deref(), "正文", BODY_MAX)?;
        let body_html = body_html(&body);
        if body_html.trim().is_empty() {
            return Err(DomainError::invalid("missing_field", "正文去除不安全内容后为空，请填写正文"));
        }
        Ok(Draft {
            org,
            catalog,
            title,
            summary: optional_text(self.summary.as_deref(), "摘要", NOTE_MAX)?,
            body_html,
            stage: crate::extract::filled(&self.stage).map(Stage::parse).transpose()?,
            matter: crate::extract::filled(&self.matter)
                .map(|m| {
                    MatterId::parse(m).map_err(|_| DomainError::invalid("unknown_matter", format!("事项“{m}”不存在")))
                })
                .transpose()?,
            publicity_start: crate::extract::filled(&self.publicity_start)
                .map(|d| parse_date(d, "公示开始日期"))
                .transpose()?,
            publicity_end: crate::extract::filled(&self.publicity_end)
                .map(|d| parse_date(d, "公示结束日期"))
                .transpose()?,
            publish_at: crate::extract::filled(&self.publish_at)
                .map(|t| parse_instant(t, "定时发布时间"))
                .transpose()?,
            doc_number: doc_number(self.doc_number.as_deref())?,
            written_on: crate::extract::filled(&self.written_on).map(|d| parse_date(d, "成文日期")).transpose()?,
            topic: crate::extract::filled(&self.topic).map(Topic::parse).transpose()?,
            effect: self.effect()?,
        })
    }

    fn effect(&self) -> Result<Option<Effect>, DomainError> {
        let since = crate::extract::filled(&self.validity_since).map(|d| parse_date(d, "有效性日期")).transpose()?;
        match crate::extract::filled(&self.validity) {
            Some(status) => Effect::new(Validity::parse(status)?, since).map(Some),
            None if since.is_some() => Err(DomainError::invalid("missing_field", "填写了有效性日期，请同时选择有效性")),
            None => Ok(None),
        }
    }
}

/// The body as stored: text typed without markup keeps its paragraphs (a blank line) and
/// line breaks; HTML — typed, or pasted from Word or WPS — is cleaned to the allowed tags,
/// which keep paragraphs, lists and tables and drop styles, classes, Office's own tags
/// and comments, scripts and event handlers.
pub fn body_html(body: &str) -> String {
    if looks_like_html(body) {
        sanitize(body)
    } else {
        paragraphs(body)
    }
}

/// The stored body as the form shows it for editing: a body that is only paragraphs and
/// line breaks (what typed text becomes) turns back into that text, so the editor is not
/// shown markup they never typed; anything richer stays HTML.
pub fn editable_text(html: &str) -> String {
    let plain = html.split('\n').map(|block| {
        let inner = block.strip_prefix("<p>")?.strip_suffix("</p>")?;
        let lines: Vec<&str> = inner.split("<br>").collect();
        lines.iter().all(|l| !l.contains('<') && !l.contains('>')).then(|| lines.join("\n"))
    });
    match plain.collect::<Option<Vec<String>>>() {
        Some(paragraphs) if !html.is_empty() => paragraphs
            .join("\n\n")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&"),
        _ => html.to_owned(),
    }
}

/// Cleans rich text to a safe subset: no scripts, no event handlers, no `javascript:` links.
pub fn sanitize(html: &str) -> String {
    ammonia::clean(html)
}

/// Whether `text` has a tag in it: `<` followed by a letter, `/` or `!`.
fn looks_like_html(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
}

fn paragraphs(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    text.split("\n\n")
        .map(|p| p.trim_matches('\n'))
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let lines: Vec<String> = p.lines().map(|l| crate::views::escape(l.trim_end())).collect();
            format!("<p>{}</p>", lines.join("<br>"))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_text_comes_back_as_typed_and_richer_bodies_as_html() {
        for typed in ["第一段\n第二行\n\n第二段 1 < 2 & “引号” > 0", "只有一段"] {
            assert_eq!(editable_text(&body_html(typed)), typed);
        }
        let rich = "<p>一段</p>\n<table><tr><td>表格</td></tr></table>";
        assert_eq!(editable_text(rich), rich);
        assert_eq!(editable_text("<p><strong>加粗</strong></p>"), "<p><strong>加粗</strong></p>");
    }

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
    fn typed_text_keeps_its_paragraphs_and_line_breaks() {
        let typed = "各村（社区）：\r\n\r\n  经研究，决定如下。\n一、提高标准；\n二、按月发放。\n\n\n特此通知。<>";
        assert_eq!(
            body_html(typed),
            "<p>各村（社区）：</p>\n<p>  经研究，决定如下。<br>一、提高标准；<br>二、按月发放。</p>\n<p>特此通知。&lt;&gt;</p>"
        );
    }

    #[test]
    fn word_paste_is_cleaned_and_tables_survive() {
        let pasted = "<!--[if gte mso 9]><xml><w:WordDocument/></xml><![endif]--><style>p.MsoNormal{margin:0}</style>\
            <p class=MsoNormal style='text-indent:2em'><span lang=EN-US style='font-family:仿宋'>第一条<o:p></o:p></span></p>\
            <table class=MsoTableGrid border=1><tr><td colspan=2 style='width:100pt'>合计</td></tr></table>";
        let html = body_html(pasted);
        for gone in ["mso", "Mso", "style", "class", "o:p", "xml", "margin", "仿宋"] {
            assert!(!html.contains(gone), "{gone} in {html}");
        }
        assert!(html.contains("第一条</span></p>"), "{html}");
        assert!(html.contains("<td colspan=\"2\">合计</td>"), "{html}");
    }

    #[test]
    fn repealed_needs_its_day_and_a_day_needs_its_validity() {
        let repealed = DraftFields { validity: Some("废止".into()), ..fields() };
        assert_eq!(repealed.parse().unwrap_err().code, "missing_field");
        let dated = DraftFields { validity_since: Some("2026-01-01".into()), ..fields() };
        assert_eq!(dated.parse().unwrap_err().code, "missing_field");
        let bad_topic = DraftFields { topic: Some("杂项".into()), ..fields() };
        assert_eq!(bad_topic.parse().unwrap_err().code, "invalid_topic");
    }

    #[test]
    fn missing_title_names_the_field() {
        let e = DraftFields { title: None, ..fields() }.parse().unwrap_err();
        assert_eq!(e.code, "missing_field");
        assert!(e.message.contains("标题"));
    }
}
