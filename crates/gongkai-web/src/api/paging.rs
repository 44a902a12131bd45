//! Pages of the API's public lists, read the same way everywhere: `page` from 1,
//! `per_page` from 1 to 100 (20 when left out), anything else refused with its own code,
//! and the address of the next page while there is one.

use crate::error::AppError;

pub const DEFAULT_PER_PAGE: u32 = 20;
pub const MAX_PER_PAGE: u32 = 100;
/// Far past any list's end; bounds the offset a caller can make the database skip.
pub const MAX_PAGE: u32 = 100_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    pub page: u32,
    pub per_page: u32,
}

impl Paging {
    /// `page` and `per_page` as the query string gave them.
    pub fn parse(page: Option<&str>, per_page: Option<&str>) -> Result<Paging, AppError> {
        let page = match page.map(str::trim) {
            None | Some("") => 1,
            Some(raw) => raw.parse::<u32>().ok().filter(|p| (1..=MAX_PAGE).contains(p)).ok_or_else(|| {
                AppError::BadRequest("invalid_page", format!("页码 page 须为 1 至 {MAX_PAGE} 之间的整数"))
            })?,
        };
        let per_page = match per_page.map(str::trim) {
            None | Some("") => DEFAULT_PER_PAGE,
            Some(raw) => raw.parse::<u32>().ok().filter(|n| (1..=MAX_PER_PAGE).contains(n)).ok_or_else(|| {
                AppError::BadRequest(
                    "invalid_per_page",
                    format!("每页条数 per_page 须为 1 至 {MAX_PER_PAGE} 之间的整数"),
                )
            })?,
        };
        Ok(Paging { page, per_page })
    }

    pub fn limit(self) -> i64 {
        i64::from(self.per_page)
    }

    pub fn offset(self) -> i64 {
        i64::from(self.page - 1) * i64::from(self.per_page)
    }

    /// The next page's address — `path` with `filters` and the paging — when `total`
    /// items reach past this page.
    pub fn next(self, path: &str, filters: &[(&str, &str)], total: i64) -> Option<String> {
        if self.offset() + self.limit() >= total || self.page >= MAX_PAGE {
            return None;
        }
        let (page, per_page) = ((self.page + 1).to_string(), self.per_page.to_string());
        let mut pairs: Vec<(&str, &str)> = filters.to_vec();
        pairs.extend([("page", page.as_str()), ("per_page", per_page.as_str())]);
        Some(format!("{path}?{}", serde_urlencoded::to_string(pairs).unwrap_or_default()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_bounds_and_refusals() {
        assert_eq!(Paging::parse(None, None).unwrap(), Paging { page: 1, per_page: 20 });
        assert_eq!(Paging::parse(Some("3"), Some("100")).unwrap(), Paging { page: 3, per_page: 100 });
        for (page, per_page, code) in [
            (Some("0"), None, "invalid_page"),
            (Some("-1"), None, "invalid_page"),
            (Some("x"), None, "invalid_page"),
            (None, Some("0"), "invalid_per_page"),
            (None, Some("101"), "invalid_per_page"),
        ] {
            match Paging::parse(page, per_page) {
                Err(AppError::BadRequest(c, _)) => assert_eq!(c, code),
                other => panic!("{page:?} {per_page:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn the_next_page_exists_while_items_remain() {
        let paging = Paging { page: 2, per_page: 10 };
        assert_eq!(
            paging.next("/api/v1/disclosures", &[("org", "st-a")], 21).as_deref(),
            Some("/api/v1/disclosures?org=st-a&page=3&per_page=10")
        );
        assert_eq!(paging.next("/api/v1/disclosures", &[], 20), None);
    }
}
