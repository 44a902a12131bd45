//! 信息索引: the block government portals print above a document — 索引号, 文号, 成文日期,
//! 主题分类 and, for normative documents, 有效性. The 发布机构 and 发布日期 come from the
//! record's organisation and publication.

use chrono::{DateTime, NaiveDate, Utc};

use crate::fields::{name, strip_bidi};
use crate::org::OrgCode;
use crate::time::{check_date, china_date};
use crate::DomainError;

/// 索引号: `{单位编码}/{年份}-{五位序号}`, given when a record is first published. The
/// serials of one organisation and year run 1, 2, 3 … without gaps, because only
/// publication takes one (a draft that is never published takes none) and every version of
/// a record keeps the first one's.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexNumber(String);

impl IndexNumber {
    pub fn new(org: &OrgCode, year: i32, serial: u32) -> Self {
        Self(format!("{}/{year}-{serial:05}", org.as_str()))
    }

    /// Reads one back from storage or a query; anything else is refused.
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let bad = || DomainError::invalid("invalid_index_number", format!("“{raw}”不是有效的索引号"));
        let (org, rest) = raw.rsplit_once('/').ok_or_else(bad)?;
        let (year, serial) = rest.split_once('-').ok_or_else(bad)?;
        let org = OrgCode::parse(org).map_err(|_| bad())?;
        let year: i32 = year.parse().map_err(|_| bad())?;
        let serial: u32 = serial.parse().map_err(|_| bad())?;
        // Only the form `new` writes: no serial 0, no other padding.
        let number = Self::new(&org, year, serial);
        if serial == 0 || number.0 != raw {
            return Err(bad());
        }
        Ok(number)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for IndexNumber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The year whose serials a record published at `at` takes: the year in China.
pub fn index_year(at: DateTime<Utc>) -> i32 {
    use chrono::Datelike;
    china_date(at).year()
}

crate::domain_enum! {
    /// 主题分类 as the central government's portal classifies documents, with 党的建设
    /// for the party-affairs records this platform also carries.
    Topic, "主题分类", "invalid_topic" {
        General = "general" => "综合政务",
        Economy = "economy" => "国民经济管理、国有资产监管",
        Finance = "finance" => "财政、金融、审计",
        LandEnergy = "land_energy" => "国土资源、能源",
        Agriculture = "agriculture" => "农业、林业、水利",
        IndustryTransport = "industry_transport" => "工业、交通",
        Commerce = "commerce" => "商贸、海关、旅游",
        MarketSafety = "market_safety" => "市场监管、安全生产监管",
        UrbanEnvironment = "urban_environment" => "城乡建设、环境保护",
        ScienceEducation = "science_education" => "科技、教育",
        Culture = "culture" => "文化、广电、新闻出版",
        HealthSports = "health_sports" => "卫生、体育",
        Population = "population" => "人口与计划生育、妇女儿童工作",
        Labour = "labour" => "劳动、人事、监察",
        Justice = "justice" => "公安、安全、司法",
        CivilAffairs = "civil_affairs" => "民政、扶贫、救灾",
        EthnicReligion = "ethnic_religion" => "民族、宗教",
        Foreign = "foreign" => "对外事务",
        Compatriots = "compatriots" => "港澳台侨工作",
        Defence = "defence" => "国防",
        Party = "party" => "党的建设",
        Other = "other" => "其他",
    }
}

crate::domain_enum! {
    /// 有效性 of a normative document (规范性文件).
    Validity, "有效性", "invalid_validity" {
        Effective = "effective" => "有效",
        Lapsed = "lapsed" => "失效",
        Repealed = "repealed" => "废止",
    }
}

/// A normative document's 有效性 and the day it took that state: the day it took effect,
/// or the day it lapsed or was repealed — which a reader must be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Effect {
    pub status: Validity,
    pub since: Option<NaiveDate>,
}

impl Effect {
    pub fn new(status: Validity, since: Option<NaiveDate>) -> Result<Self, DomainError> {
        if status != Validity::Effective && since.is_none() {
            return Err(DomainError::invalid(
                "missing_field",
                format!("有效性为“{}”时，请填写{}日期", status.label(), status.label()),
            ));
        }
        if let Some(day) = since {
            check_date(day, "有效性日期")?;
        }
        Ok(Self { status, since })
    }
}

/// As a reader is told: 有效（自2026-03-01起施行）, 废止（2026-06-30废止）, or just 有效.
impl std::fmt::Display for Effect {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let label = self.status.label();
        match (self.status, self.since) {
            (_, None) => f.write_str(label),
            (Validity::Effective, Some(day)) => write!(f, "{label}（自{day}起施行）"),
            (_, Some(day)) => write!(f, "{label}（{day}{label}）"),
        }
    }
}

/// 文号, as 岚政〔2026〕12号. The year stands in 六角括号 〔〕; the brackets people type
/// instead — [2026], 【2026】, (2026), （2026） — are put right, so that one document is
/// not found under two spellings.
pub fn doc_number(raw: Option<&str>) -> Result<Option<String>, DomainError> {
    let raw = raw.map(strip_bidi);
    if raw.as_deref().map(str::trim).is_none_or(str::is_empty) {
        return Ok(None);
    }
    let number = name(raw.as_deref(), "文号", 60)?;
    let chars: Vec<char> = number.chars().collect();
    let mut out = String::with_capacity(number.len());
    let mut i = 0;
    while i < chars.len() {
        let year_follows = chars.len() >= i + 6 && chars[i + 1..i + 5].iter().all(char::is_ascii_digit);
        let closes = |c: char| matches!(c, ']' | '】' | ')' | '）' | '〕');
        if year_follows && matches!(chars[i], '[' | '【' | '(' | '（' | '〔') && closes(chars[i + 5]) {
            out.push('〔');
            out.extend(&chars[i + 1..i + 5]);
            out.push('〕');
            i += 6;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    Ok(Some(out))
}

/// 成文日期: the day the document was signed, which cannot lie after `today`.
pub fn written_on(day: NaiveDate, today: NaiveDate) -> Result<NaiveDate, DomainError> {
    check_date(day, "成文日期")?;
    if day > today {
        return Err(DomainError::invalid("written_on_in_future", format!("成文日期“{day}”晚于今天，请核对")));
    }
    Ok(day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_numbers_read_back_as_written() {
        let org = OrgCode::parse("lx-qc").unwrap();
        let n = IndexNumber::new(&org, 2026, 12);
        assert_eq!(n.as_str(), "lx-qc/2026-00012");
        assert_eq!(IndexNumber::parse(n.as_str()).unwrap(), n);
        for bad in ["lx-qc/2026-0", "lx-qc2026-00012", "lx-qc/2026-00000", "/2026-00001", "lx-qc/abcd-00001"] {
            assert!(IndexNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn year_brackets_are_put_right() {
        for typed in ["岚政[2026]12号", "岚政【2026】12号", "岚政（2026）12号", "岚政(2026)12号", "岚政〔2026〕12号"]
        {
            assert_eq!(doc_number(Some(typed)).unwrap().as_deref(), Some("岚政〔2026〕12号"), "{typed}");
        }
        assert_eq!(doc_number(Some("  ")).unwrap(), None);
        assert_eq!(doc_number(Some("第(12)号")).unwrap().as_deref(), Some("第(12)号"));
        assert_eq!(doc_number(Some("岚政\n12号")).unwrap_err().code, "invalid_characters");
    }

    #[test]
    fn lapsed_and_repealed_need_their_day() {
        assert!(Effect::new(Validity::Effective, None).is_ok());
        assert_eq!(Effect::new(Validity::Repealed, None).unwrap_err().code, "missing_field");
        let day = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(Effect::new(Validity::Lapsed, day).unwrap().since, day);
    }

    #[test]
    fn validity_reads_as_a_reader_is_told() {
        let day = NaiveDate::from_ymd_opt(2026, 3, 1);
        assert_eq!(Effect { status: Validity::Effective, since: day }.to_string(), "有效（自2026-03-01起施行）");
        assert_eq!(Effect { status: Validity::Repealed, since: day }.to_string(), "废止（2026-03-01废止）");
        assert_eq!(Effect { status: Validity::Effective, since: None }.to_string(), "有效");
    }

    #[test]
    fn a_document_is_not_written_tomorrow() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        assert!(written_on(today, today).is_ok());
        let tomorrow = today.succ_opt().unwrap();
        assert_eq!(written_on(tomorrow, today).unwrap_err().code, "written_on_in_future");
    }
}
