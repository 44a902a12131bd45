//! Organisation details and catalogue additions as the back office's forms and the API send
//! them: every field optional on the wire, checked here once into domain values, so both
//! doors refuse the same input with the same message. Unknown fields are refused: a
//! misspelt field would otherwise clear the value it meant to set.

use gongkai_core::catalog::{
    Audience, CatalogCode, CatalogItem, Domain, LeafRules, Mode, Power, TimeClass, UpdateRule,
};
use gongkai_core::fields::{optional_text, required_text};
use gongkai_core::org::{Leader, Org};
use gongkai_core::DomainError;
use gongkai_store::orgs::OrgDetails;
use serde::Deserialize;

/// One member of the leadership team.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeaderFields {
    pub name: Option<String>,
    pub post: Option<String>,
    pub duties: Option<String>,
    pub phone: Option<String>,
}

impl LeaderFields {
    fn parse(&self) -> Result<Leader, DomainError> {
        Ok(Leader {
            name: required_text(self.name.as_deref(), "领导姓名", 20)?,
            post: required_text(self.post.as_deref(), "领导职务", 40)?,
            duties: optional_text(self.duties.as_deref(), "分工", 200)?.unwrap_or_default(),
            phone: optional_text(self.phone.as_deref(), "电话", 30)?,
        })
    }
}

/// 单位信息: contacts, the first responsible person and the leadership team.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgDetailsFields {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub first_responsible: Option<String>,
    #[serde(default)]
    pub leaders: Vec<LeaderFields>,
}

/// A team larger than this is a mistake in the input, not a real leadership team.
const LEADERS_MAX: usize = 30;

impl OrgDetailsFields {
    pub fn parse(&self) -> Result<OrgDetails, DomainError> {
        if self.leaders.len() > LEADERS_MAX {
            return Err(DomainError::invalid("too_many_leaders", format!("领导班子成员不得超过{LEADERS_MAX}人")));
        }
        Ok(OrgDetails {
            address: optional_text(self.address.as_deref(), "地址", 200)?,
            phone: optional_text(self.phone.as_deref(), "电话", 30)?,
            first_responsible: optional_text(self.first_responsible.as_deref(), "第一责任人", 20)?,
            leaders: self.leaders.iter().map(LeaderFields::parse).collect::<Result<_, _>>()?,
        })
    }
}

/// The rules of a new leaf (公开内容). Domain and time class must be given; the rest default
/// to what an organisation's own addition usually is: public, proactive, updated on change,
/// published by the organisation itself on its web site and notice board.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LeafFields {
    pub domain: Option<String>,
    pub time_class: Option<String>,
    pub power: Option<String>,
    pub audience: Option<String>,
    pub basis: Option<String>,
    pub responsible: Option<String>,
    pub channels: Option<String>,
    pub mode: Option<String>,
    pub update_rule: Option<String>,
}

impl LeafFields {
    fn parse(&self, org: &Org) -> Result<LeafRules, DomainError> {
        let chosen = |value: &Option<String>, label: &str| optional_text(value.as_deref(), label, 20);
        Ok(LeafRules {
            domain: Domain::parse(&required_text(self.domain.as_deref(), "公开领域", 20)?)?,
            time_class: TimeClass::parse(&required_text(self.time_class.as_deref(), "公开时限", 20)?)?,
            power: chosen(&self.power, "事权类别")?.map(|p| Power::parse(&p)).transpose()?,
            audience: chosen(&self.audience, "公开范围")?.map_or(Ok(Audience::Public), |a| Audience::parse(&a))?,
            basis: optional_text(self.basis.as_deref(), "公开依据", 200)?.unwrap_or_default(),
            responsible: optional_text(self.responsible.as_deref(), "公开主体", 100)?
                .unwrap_or_else(|| org.name.clone()),
            channels: optional_text(self.channels.as_deref(), "公开渠道", 200)?
                .unwrap_or_else(|| "政府网站、公开栏".into()),
            mode: chosen(&self.mode, "公开方式")?.map_or(Ok(Mode::Proactive), |m| Mode::parse(&m))?,
            update_rule: chosen(&self.update_rule, "更新规则")?
                .map_or(Ok(UpdateRule::OnChange), |u| UpdateRule::parse(&u))?,
        })
    }
}

/// A catalogue item an organisation adds to its own catalogue; with `leaf` it is a 公开内容
/// that records are published against, without it a heading.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogItemFields {
    pub code: Option<String>,
    pub parent: Option<String>,
    pub name: Option<String>,
    pub leaf: Option<LeafFields>,
}

impl CatalogItemFields {
    /// The new item, one level below its parent in `catalog` (the organisation's catalogue)
    /// and after the items already there. Whether it may sit there is the store's check.
    pub fn parse(&self, org: &Org, catalog: &[CatalogItem]) -> Result<CatalogItem, DomainError> {
        let code = CatalogCode::parse(&required_text(self.code.as_deref(), "目录编码", 40)?)?;
        let parent =
            optional_text(self.parent.as_deref(), "上级事项", 40)?.map(|p| CatalogCode::parse(&p)).transpose()?;
        let parent_level = parent.as_ref().and_then(|p| catalog.iter().find(|i| &i.code == p)).map_or(0, |i| i.level);
        Ok(CatalogItem {
            code,
            parent,
            level: parent_level + 1,
            name: required_text(self.name.as_deref(), "事项名称", 100)?,
            position: 1000 + catalog.len() as i64,
            rules: self.leaf.as_ref().map(|leaf| leaf.parse(org)).transpose()?,
        })
    }
}
