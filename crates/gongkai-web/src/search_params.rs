//! A search's address parameters, shared by the results page and the API: checked against
//! what exists (an unknown organisation, catalogue item, domain, year or file type is a
//! clear 400, never an empty result that looks like "nothing found").

use gongkai_core::catalog::{CatalogCode, Domain};
use gongkai_core::org::OrgCode;
use gongkai_core::DomainError;
use gongkai_search::document::{DocKind, FILE_TYPES};
use gongkai_search::{Cursor, Filters, SearchRequest};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::directory::Directory;
use crate::extract::filled;
use crate::AppState;

/// Hits on a page unless the caller asks for another number.
pub const PER_PAGE: usize = 10;

#[derive(Debug, Default, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// 查询内容：空格分隔的词须同时出现；加引号的词组按原样匹配；字母可按拼音或拼音首字母查找
    pub q: Option<String>,
    /// 单位代码（含下级单位）
    pub org: Option<String>,
    /// 公开目录事项编码（含下级事项）
    pub catalog: Option<String>,
    /// 公开领域：`party`（党务）或 `government`（政务）
    pub domain: Option<String>,
    /// 发布年份
    pub year: Option<String>,
    /// 附件类型：`pdf`、`docx`、`xlsx`、`image`
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub file_type: Option<String>,
    /// 结果类别：`record`（公开信息）或 `org`（单位）
    pub kind: Option<String>,
    /// 上一页返回的 `next`，取下一页
    pub after: Option<String>,
    /// 每页条数，1 至 50
    pub limit: Option<String>,
}

/// A cursor as it travels in addresses: the score's bits and the order number, in hex.
pub fn cursor_text(cursor: Cursor) -> String {
    format!("{:08x}{:016x}", cursor.score.to_bits(), cursor.order)
}

fn parse_cursor(raw: &str) -> Result<Cursor, DomainError> {
    let bad = || DomainError::invalid("invalid_cursor", "翻页参数无效，请从第一页重新查找");
    if raw.len() != 24 || !raw.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad());
    }
    let score = u32::from_str_radix(&raw[..8], 16).map_err(|_| bad())?;
    let order = u64::from_str_radix(&raw[8..], 16).map_err(|_| bad())?;
    let score = f32::from_bits(score);
    if !score.is_finite() {
        return Err(bad());
    }
    Ok(Cursor { score, order })
}

impl SearchParams {
    pub fn q(&self) -> &str {
        self.q.as_deref().unwrap_or_default()
    }

    /// The request these parameters ask for, or the reason they cannot be answered.
    pub fn request(&self, state: &AppState, directory: &Directory) -> Result<SearchRequest, DomainError> {
        let org = match filled(&self.org) {
            Some(raw) => {
                let code = OrgCode::parse(raw).ok().filter(|c| directory.org(c).is_some());
                Some(code.ok_or_else(|| DomainError::invalid("unknown_org", format!("单位“{raw}”不存在")))?)
            }
            None => None,
        };
        let catalog = match filled(&self.catalog) {
            Some(raw) => {
                let unknown = || DomainError::invalid("unknown_catalog_item", format!("公开目录事项“{raw}”不存在"));
                let code = CatalogCode::parse(raw).map_err(|_| unknown())?;
                let exists = match &org {
                    Some(org) => directory.catalog_item(org, code.as_str()).is_some(),
                    None => directory.any_catalog_item(code.as_str()).is_some(),
                };
                if !exists {
                    return Err(unknown());
                }
                Some(code.as_str().to_owned())
            }
            None => None,
        };
        let domain = filled(&self.domain).map(Domain::parse).transpose()?.map(Domain::as_str);
        let year = match filled(&self.year) {
            Some(raw) => Some(
                raw.parse::<u32>()
                    .ok()
                    .filter(|y| gongkai_core::time::YEARS.contains(&(*y as i32)))
                    .ok_or_else(|| DomainError::invalid("invalid_year", format!("年份“{raw}”无效")))?,
            ),
            None => None,
        };
        let file_type = match filled(&self.file_type) {
            Some(raw) => Some(
                FILE_TYPES
                    .iter()
                    .map(|(t, _)| *t)
                    .find(|t| *t == raw)
                    .ok_or_else(|| DomainError::invalid("invalid_file_type", format!("附件类型“{raw}”无效")))?,
            ),
            None => None,
        };
        let kind = match filled(&self.kind) {
            Some(raw) => Some(
                DocKind::parse(raw)
                    .ok_or_else(|| DomainError::invalid("invalid_kind", format!("结果类别“{raw}”无效")))?,
            ),
            None => None,
        };
        let limit = match filled(&self.limit) {
            Some(raw) => raw
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=gongkai_search::MAX_LIMIT).contains(n))
                .ok_or_else(|| DomainError::invalid("invalid_limit", "每页条数应为1至50"))?,
            None => PER_PAGE,
        };
        let after = filled(&self.after).map(parse_cursor).transpose()?;
        Ok(SearchRequest {
            q: self.q().to_owned(),
            filters: Filters { org: org.map(|o| o.to_string()), catalog, domain, year, file_type, kind },
            after,
            limit,
            now: state.store.clock.now(),
            today: state.store.clock.today(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_travel_as_text_and_back() {
        let c = Cursor { score: 3.25, order: 0xdead_beef };
        assert_eq!(parse_cursor(&cursor_text(c)).unwrap(), c);
        for bad in ["", "zz", "ffffffffffffffffffffffffff", "7fc00000000000000000000g"] {
            assert_eq!(parse_cursor(bad).unwrap_err().code, "invalid_cursor", "{bad}");
        }
        assert!(parse_cursor(&format!("{:08x}{:016x}", f32::NAN.to_bits(), 1)).is_err());
    }
}
