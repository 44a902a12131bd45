//! Organisation details and catalogue additions as the back office's forms and the API send
//! them: every field optional on the wire, checked here once into domain values, so both
//! doors refuse the same input with the same message. Unknown fields are refused: a
//! misspelt field would otherwise clear the value it meant to set.

use gongkai_core::catalog::{Audience, CatalogCode, Domain, Mode, NewItem, NewLeaf, Power, TimeClass, UpdateRule};
use gongkai_core::fields::{optional_text, phone, required_text};
use gongkai_core::org::{Leader, OrgDetails};
use gongkai_core::DomainError;
use serde::Deserialize;

/// One member of the leadership team.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
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
            phone: phone(self.phone.as_deref(), "电话")?,
        })
    }
}

/// 单位信息: contacts, the first responsible person and the leadership team.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrgDetailsFields {
    pub address: Option<String>,
    pub phone: Option<String>,
    pub first_responsible: Option<String>,
    #[serde(default)]
    pub leaders: Vec<LeaderFields>,
}

impl OrgDetailsFields {
    pub fn parse(&self) -> Result<OrgDetails, DomainError> {
        Ok(OrgDetails {
            address: optional_text(self.address.as_deref(), "地址", 200)?,
            phone: phone(self.phone.as_deref(), "电话")?,
            first_responsible: optional_text(self.first_responsible.as_deref(), "第一责任人", 20)?,
            leaders: self
                .leaders
                .iter()
                .enumerate()
                .map(|(n, l)| {
                    l.parse().map_err(|e| DomainError {
                        message: format!("领导班子第{}人：{}", n + 1, e.message), ..e
                    })
                })
                .collect::<Result<_, _>>()?,
        })
    }
}

/// The rules of a new leaf (公开内容): domain and time class must be given; core fills in
/// the rest.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
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
    /// The records list people (低保、救助、补贴): they must end and then come down.
    pub personal_data: Option<bool>,
}

impl LeafFields {
    fn parse(&self) -> Result<NewLeaf, DomainError> {
        let chosen = |value: &Option<String>, label: &str| optional_text(value.as_deref(), label, 20);
        Ok(NewLeaf {
            domain: Domain::parse(&required_text(self.domain.as_deref(), "公开领域", 20)?)?,
            time_class: TimeClass::parse(&required_text(self.time_class.as_deref(), "公开时限", 20)?)?,
            power: chosen(&self.power, "事权类别")?.map(|p| Power::parse(&p)).transpose()?,
            audience: chosen(&self.audience, "公开范围")?.map(|a| Audience::parse(&a)).transpose()?,
            basis: optional_text(self.basis.as_deref(), "公开依据", 200)?,
            responsible: optional_text(self.responsible.as_deref(), "公开主体", 100)?,
            channels: optional_text(self.channels.as_deref(), "公开渠道", 200)?,
            mode: chosen(&self.mode, "公开方式")?.map(|m| Mode::parse(&m)).transpose()?,
            update_rule: chosen(&self.update_rule, "更新规则")?.map(|u| UpdateRule::parse(&u)).transpose()?,
            personal_data: self.personal_data.unwrap_or(false),
        })
    }
}

/// A catalogue item an organisation adds to its own catalogue; with `leaf` it is a 公开内容
/// that records are published against, without it a heading.
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CatalogItemFields {
    pub code: Option<String>,
    pub parent: Option<String>,
    pub name: Option<String>,
    pub leaf: Option<LeafFields>,
}

impl CatalogItemFields {
    /// Where the item goes and what it may be is core's decision, made by the store.
    pub fn parse(&self) -> Result<NewItem, DomainError> {
        Ok(NewItem {
            code: CatalogCode::parse(&required_text(self.code.as_deref(), "目录编码", 40)?)?,
            parent: optional_text(self.parent.as_deref(), "上级事项", 40)?
                .map(|p| CatalogCode::parse(&p))
                .transpose()?,
            name: required_text(self.name.as_deref(), "事项名称", 100)?,
            leaf: self.leaf.as_ref().map(LeafFields::parse).transpose()?,
        })
    }
}
