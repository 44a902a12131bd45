//! Organisations (单位): a tree from city to village, plus party committees, departments,
//! public service units and service halls, each with a code and a kind.

pub mod change;
pub mod import;
pub mod tree;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission};
use crate::DomainError;

/// 单位编码: the stable code of an organisation, used in URLs and the API.
/// ASCII letters, digits and `-`, 2 to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct OrgCode(String);

impl OrgCode {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let raw = raw.trim();
        let ok = (2..=40).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(DomainError::invalid("invalid_org_code", format!("单位编码“{raw}”格式不正确")))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for OrgCode {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<OrgCode> for String {
    fn from(value: OrgCode) -> Self {
        value.0
    }
}

impl std::fmt::Display for OrgCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

crate::domain_enum! {
    /// 单位类型: decides which catalogue template an organisation follows.
    OrgKind, "单位类型", "invalid_org_kind" {
        City = "city" => "市",
        District = "district" => "县(市)区",
        Township = "township" => "乡镇",
        Street = "street" => "街道",
        Village = "village" => "村",
        Community = "community" => "社区",
        PartyCommittee = "party_committee" => "党委(党组)",
        Department = "department" => "政府组成部门",
        PublicUnit = "public_unit" => "公共企事业单位",
        ServiceHall = "service_hall" => "便民服务中心",
    }
}

/// 领导班子成员: one member of the leadership team, with duties and contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Leader {
    pub name: String,
    /// 职务, e.g. 党委书记
    pub post: String,
    /// 分工
    pub duties: String,
    pub phone: Option<String>,
}

/// An organisation as the rest of the system sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Org {
    pub code: OrgCode,
    pub name: String,
    pub kind: OrgKind,
    pub parent: Option<OrgCode>,
    pub address: Option<String>,
    pub phone: Option<String>,
    /// 第一责任人: the party secretary answerable for the unit's disclosure work.
    pub first_responsible: Option<String>,
    pub leaders: Vec<Leader>,
    /// 撤销日期: a closed organisation keeps its published records but leaves the lists
    /// and takes no new work.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub closed_on: Option<NaiveDate>,
}

/// 单位信息 an editor may change: contacts, the first responsible person and the
/// leadership team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDetails {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub first_responsible: Option<String>,
    pub leaders: Vec<Leader>,
}

/// A team larger than this is a mistake in the input, not a real leadership team.
pub const LEADERS_MAX: usize = 30;

/// The organisation with `details` replacing its own, if `actor` may manage it. The
/// result is what a change proposes (see [`change`]): public only once approved.
pub fn update_details(actor: &Actor, org: &Org, details: OrgDetails) -> Result<Org, DomainError> {
    actor.authorize(Permission::ManageOrg, &org.code)?;
    with_details(org, details)
}

/// The organisation with `details` replacing its own, if it is open and they fit.
fn with_details(org: &Org, details: OrgDetails) -> Result<Org, DomainError> {
    tree::check_open(org)?;
    if details.leaders.len() > LEADERS_MAX {
        return Err(DomainError::invalid("too_many_leaders", format!("领导班子成员不得超过{LEADERS_MAX}人")));
    }
    Ok(Org {
        address: details.address,
        phone: details.phone,
        first_responsible: details.first_responsible,
        leaders: details.leaders,
        ..org.clone()
    })
}

/// Organisations for tests across the crate.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// An open organisation with no details filled in.
    pub(crate) fn org(code: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> Org {
        Org {
            code: OrgCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent: parent.map(|p| OrgCode::parse(p).unwrap()),
            address: None,
            phone: None,
            first_responsible: None,
            leaders: Vec::new(),
            closed_on: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn org_code_accepts_division_codes() {
        assert_eq!(OrgCode::parse(" 330102-001 ").unwrap().as_str(), "330102-001");
    }

    #[test]
    fn org_code_rejects_spaces_and_chinese() {
        assert!(OrgCode::parse("a b").is_err());
        assert!(OrgCode::parse("街道").is_err());
        assert!(OrgCode::parse("x").is_err());
    }

    #[test]
    fn kinds_round_trip() {
        for &kind in OrgKind::ALL {
            assert_eq!(OrgKind::parse(kind.as_str()).unwrap(), kind);
            assert_eq!(OrgKind::parse(kind.label()).unwrap(), kind);
        }
    }
}
