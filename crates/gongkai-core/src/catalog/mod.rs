//! 公开目录 the disclosure catalogue: three levels of items per organisation kind; the leaves
//! say what must be disclosed, to whom, on what basis, how long and how often.

pub mod additions;
pub mod table;
pub mod template;

use serde::{Deserialize, Serialize};

use crate::access::{Actor, Permission};
use crate::org::Org;
use crate::DomainError;

/// 目录编码 of a catalogue item, unique within one organisation's catalogue,
/// e.g. `dw-01-02-03`. ASCII letters, digits, `-` and `.`, 1 to 40 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CatalogCode(String);

impl CatalogCode {
    pub fn parse(raw: &str) -> Result<Self, DomainError> {
        let raw = raw.trim();
        let ok =
            (1..=40).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
        if ok {
            Ok(Self(raw.to_owned()))
        } else {
            Err(DomainError::invalid("invalid_catalog_code", format!("目录编码“{raw}”格式不正确")))
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for CatalogCode {
    type Error = DomainError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Self::parse(&value)
    }
}

impl From<CatalogCode> for String {
    fn from(value: CatalogCode) -> Self {
        value.0
    }
}

crate::domain_enum! {
    /// 公开领域
    Domain, "公开领域", "invalid_domain" {
        Party = "party" => "党务",
        Government = "government" => "政务",
    }
}

crate::domain_enum! {
    /// 权力类型 of a government item (seed 002: 事权、财权、人事权).
    Power, "权力类型", "invalid_power" {
        Affairs = "affairs" => "事权",
        Finance = "finance" => "财权",
        Personnel = "personnel" => "人事权",
    }
}

crate::domain_enum! {
    /// 公开范围 (党务公开条例 2017).
    Audience, "公开范围", "invalid_audience" {
        Public = "public" => "向社会公开",
        PartyInternal = "party_internal" => "党内公开",
        UnitInternal = "unit_internal" => "本单位内公开",
        Specific = "specific" => "对特定对象公开",
    }
}

crate::domain_enum! {
    /// 公开方式
    Mode, "公开方式", "invalid_mode" {
        Proactive = "proactive" => "主动公开",
        OnRequest = "on_request" => "依申请公开",
    }
}

crate::domain_enum! {
    /// 公开时限类别: how long a record of this item stays publicised at least.
    TimeClass, "公开时限", "invalid_time_class" {
        /// ≥ 1 year: plans, rules, service basis and fees.
        Long = "long" => "长期公开",
        /// ≥ 1 month: work plans and their completion.
        Phase = "phase" => "阶段公开",
        /// ≥ 1 week: pre-appointment publicity, inspection previews, new members.
        Short = "short" => "短期公开",
        /// Temporary matters, as they happen; no minimum.
        Anytime = "anytime" => "随时公开",
    }
}

crate::domain_enum! {
    /// 更新规则
    UpdateRule, "更新规则", "invalid_update_rule" {
        /// 信息形成或变更之日起20个工作日内 (政府信息公开条例 第二十六条)
        OnChange = "on_change" => "形成或变更后20个工作日内",
        Monthly = "monthly" => "每月",
        Quarterly = "quarterly" => "每季度",
        Yearly = "yearly" => "每年",
    }
}

/// What a leaf says about the records published against it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LeafRules {
    pub domain: Domain,
    /// Only for government items.
    pub power: Option<Power>,
    pub audience: Audience,
    /// 公开依据
    pub basis: String,
    /// 公开主体 responsible unit, as text (a post or office).
    pub responsible: String,
    /// 公开渠道和载体
    pub channels: String,
    pub mode: Mode,
    pub time_class: TimeClass,
    pub update_rule: UpdateRule,
    /// The records list people (低保、救助、补贴 recipients): each must end, and comes
    /// down from public view when its period is over.
    #[serde(default)]
    pub personal_data: bool,
}

/// One item of a catalogue at level 1, 2 or 3; leaves carry [`LeafRules`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CatalogItem {
    pub code: CatalogCode,
    pub parent: Option<CatalogCode>,
    pub level: u8,
    pub name: String,
    pub position: i64,
    pub rules: Option<LeafRules>,
}

impl CatalogItem {
    pub fn is_leaf(&self) -> bool {
        self.rules.is_some()
    }
}

/// The leaf part of an addition: domain and time class must be chosen; the rest has
/// defaults.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLeaf {
    pub domain: Domain,
    pub time_class: TimeClass,
    pub power: Option<Power>,
    pub audience: Option<Audience>,
    pub basis: Option<String>,
    pub responsible: Option<String>,
    pub channels: Option<String>,
    pub mode: Option<Mode>,
    pub update_rule: Option<UpdateRule>,
    pub personal_data: bool,
}

impl NewLeaf {
    /// The rules with what an organisation's own addition usually is filled in: public,
    /// proactive, updated on change, published by the organisation itself on its web site
    /// and notice board.
    fn rules(self, org: &Org) -> LeafRules {
        LeafRules {
            domain: self.domain,
            power: self.power.filter(|_| self.domain == Domain::Government),
            audience: self.audience.unwrap_or(Audience::Public),
            basis: self.basis.unwrap_or_default(),
            responsible: self.responsible.unwrap_or_else(|| org.name.clone()),
            channels: self.channels.unwrap_or_else(|| "政府网站、公开栏".into()),
            mode: self.mode.unwrap_or(Mode::Proactive),
            time_class: self.time_class,
            update_rule: self.update_rule.unwrap_or(UpdateRule::OnChange),
            personal_data: self.personal_data,
        }
    }
}

/// An item an organisation adds to its own catalogue: with `leaf` a 公开内容 that records
/// are published against, without it a heading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewItem {
    pub code: CatalogCode,
    pub parent: Option<CatalogCode>,
    pub name: String,
    pub leaf: Option<NewLeaf>,
}

/// The item `actor` adds to `org`'s catalogue (`catalog`, template and additions): one
/// level below its parent, after the items already there.
pub fn add_item(actor: &Actor, org: &Org, catalog: &[CatalogItem], new: NewItem) -> Result<CatalogItem, DomainError> {
    actor.authorize(Permission::ManageOrg, &org.code)?;
    crate::org::tree::check_open(org)?;
    if catalog.iter().any(|i| i.code == new.code) {
        return Err(DomainError::conflict(
            "duplicate_catalog_code",
            format!("目录编码“{}”已被使用", new.code.as_str()),
        ));
    }
    let parent = match &new.parent {
        Some(code) => Some(catalog.iter().find(|i| &i.code == code).ok_or_else(|| {
            DomainError::invalid("unknown_catalog_item", format!("上级事项“{}”不存在", code.as_str()))
        })?),
        None => None,
    };
    let level = parent.map_or(1, |p| p.level + 1);
    check_placement(level, parent.map(|p| p.level), parent.is_some_and(CatalogItem::is_leaf))?;
    if level == 3 && new.leaf.is_none() {
        return Err(DomainError::invalid(
            "catalog_heading_too_deep",
            "三级事项只能是具体公开内容：请选择公开时限等要素，或把分类放在一级、二级",
        ));
    }
    Ok(CatalogItem {
        code: new.code,
        parent: new.parent,
        level,
        name: new.name,
        position: 1000 + catalog.len() as i64,
        rules: new.leaf.map(|leaf| leaf.rules(org)),
    })
}

/// Checks that a new item fits under its parent: levels 1–3, leaves only at the bottom of a
/// branch, a parent one level up.
pub fn check_placement(level: u8, parent_level: Option<u8>, parent_is_leaf: bool) -> Result<(), DomainError> {
    if !(1..=3).contains(&level) {
        return Err(DomainError::invalid("invalid_catalog_level", "目录层级只能是一级、二级或三级"));
    }
    match parent_level {
        None if level != 1 => Err(DomainError::invalid("invalid_catalog_level", "二级、三级事项必须有上级事项")),
        Some(_) if parent_is_leaf => {
            Err(DomainError::invalid("catalog_parent_is_leaf", "上级事项是公开内容，不能再有下级"))
        }
        Some(p) if p + 1 != level => Err(DomainError::invalid("invalid_catalog_level", "事项层级须比上级低一级")),
        _ => Ok(()),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Rules of a public government leaf of `time_class`, for tests across the crate.
    pub(crate) fn rules(time_class: TimeClass) -> LeafRules {
        LeafRules {
            domain: Domain::Government,
            power: Some(Power::Affairs),
            audience: Audience::Public,
            basis: String::new(),
            responsible: "党政办".into(),
            channels: "网站".into(),
            mode: Mode::Proactive,
            time_class,
            update_rule: UpdateRule::OnChange,
            personal_data: false,
        }
    }

    /// A catalogue item for tests: a 公开内容 of `leaf`'s time class, or a heading.
    pub(crate) fn item(
        code: &str,
        parent: Option<&str>,
        level: u8,
        name: &str,
        leaf: Option<TimeClass>,
    ) -> CatalogItem {
        CatalogItem {
            code: CatalogCode::parse(code).unwrap(),
            parent: parent.map(|p| CatalogCode::parse(p).unwrap()),
            level,
            name: name.into(),
            position: 1,
            rules: leaf.map(rules),
        }
    }

    #[test]
    fn enums_parse_chinese_labels() {
        assert_eq!(TimeClass::parse("短期公开").unwrap(), TimeClass::Short);
        assert_eq!(Domain::parse("party").unwrap(), Domain::Party);
        assert_eq!(Power::parse("人事权").unwrap(), Power::Personnel);
        assert_eq!(TimeClass::parse("永久").unwrap_err().code, "invalid_time_class");
    }

    #[test]
    fn placement_rules() {
        assert!(check_placement(1, None, false).is_ok());
        assert!(check_placement(2, Some(1), false).is_ok());
        assert!(check_placement(2, None, false).is_err());
        assert!(check_placement(3, Some(1), false).is_err());
        assert!(check_placement(4, Some(3), false).is_err());
        assert_eq!(check_placement(3, Some(2), true).unwrap_err().code, "catalog_parent_is_leaf");
    }

    #[test]
    fn catalog_code_format() {
        assert!(CatalogCode::parse("dw-01.02").is_ok());
        assert!(CatalogCode::parse("").is_err());
        assert!(CatalogCode::parse("党务").is_err());
    }
}
