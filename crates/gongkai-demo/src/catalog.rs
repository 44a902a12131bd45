//! Catalogue templates (公开目录): the three levels each organisation kind follows, written as
//! areas → groups → leaves, and turned into catalogue items with generated codes.

use gongkai_core::catalog::{
    Audience, CatalogCode, CatalogItem, Domain, LeafRules, Mode, Power, TimeClass, UpdateRule,
};
use gongkai_core::org::OrgKind;

use super::{tpl_government, tpl_grassroots, tpl_units};

/// What the records of a leaf look like, so their text can be generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    /// Income and expenditure, budgets: a table of amounts.
    Ledger,
    /// A list of people: new members, appointees, recipients.
    Roster,
    /// A construction or procurement project.
    Project,
    /// A rule, plan or policy document with numbered articles.
    Document,
    /// A work plan, summary or annual report.
    Report,
    /// A meeting, decision or notice.
    Notice,
    /// A service guide: basis, conditions, materials, time limits.
    Guide,
    /// The body itself: functions, leaders and their duties.
    Team,
    /// An enforcement decision or a discipline case.
    Case,
    /// Fees and prices.
    Fees,
    /// Subsidies paid to households.
    Payout,
}

/// Marks the leaves that stage timelines (事项) are filed under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    ProjectConsult,
    ProjectApproval,
    ProjectTender,
    ProjectProgress,
    ProjectAcceptance,
    CadrePlan,
    CadreCandidates,
    CadreInspection,
    CadrePublicity,
}

/// One 公开内容 as written in a template; `power` is `None` for party items.
pub struct LeafSpec {
    name: &'static str,
    power: Option<Power>,
    audience: Audience,
    mode: Mode,
    time: TimeClass,
    update: UpdateRule,
    basis: &'static [&'static str],
    body: Body,
    tag: Option<Tag>,
}

/// A party-affairs (党务) leaf, public unless narrowed.
pub fn party(
    name: &'static str,
    time: TimeClass,
    update: UpdateRule,
    basis: &'static [&'static str],
    body: Body,
) -> LeafSpec {
    LeafSpec {
        name,
        power: None,
        audience: Audience::Public,
        mode: Mode::Proactive,
        time,
        update,
        basis,
        body,
        tag: None,
    }
}

/// A government-affairs (政务) leaf about the given power, public and proactive.
pub fn gov(
    name: &'static str,
    power: Power,
    time: TimeClass,
    update: UpdateRule,
    basis: &'static [&'static str],
    body: Body,
) -> LeafSpec {
    LeafSpec { power: Some(power), ..party(name, time, update, basis, body) }
}

impl LeafSpec {
    pub fn inner(self) -> Self {
        Self { audience: Audience::PartyInternal, ..self }
    }
    pub fn unit(self) -> Self {
        Self { audience: Audience::UnitInternal, ..self }
    }
    pub fn specific(self) -> Self {
        Self { audience: Audience::Specific, ..self }
    }
    pub fn on_request(self) -> Self {
        Self { mode: Mode::OnRequest, ..self }
    }
    pub fn tag(self, tag: Tag) -> Self {
        Self { tag: Some(tag), ..self }
    }
}

/// A 二级事项 and its leaves.
pub struct Group(pub &'static str, pub Vec<LeafSpec>);

/// A 一级事项: code prefix, name and groups.
pub struct Area(pub &'static str, pub &'static str, pub Vec<Group>);

/// Who publishes and where, for one organisation kind.
pub struct Voice {
    pub party: &'static str,
    pub gov: &'static str,
    pub party_channels: &'static str,
    pub gov_channels: &'static str,
}

/// A leaf of a built template with what record generation needs.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub code: CatalogCode,
    pub name: &'static str,
    pub rules: LeafRules,
    pub body: Body,
    pub tag: Option<Tag>,
}

/// A built template: every item in insertion order, and its leaves.
pub struct Template {
    pub items: Vec<CatalogItem>,
    pub leaves: Vec<Leaf>,
}

impl Template {
    /// Leaves that records are published against proactively.
    pub fn proactive(&self) -> Vec<&Leaf> {
        self.leaves.iter().filter(|l| l.rules.mode == Mode::Proactive).collect()
    }

    pub fn tagged(&self, tag: Tag) -> Option<&Leaf> {
        self.leaves.iter().find(|l| l.tag == Some(tag))
    }
}

/// The template an organisation of `kind` follows.
pub fn template(kind: OrgKind) -> Template {
    let (voice, areas) = match kind {
        OrgKind::City | OrgKind::District => tpl_government::city(kind),
        OrgKind::Township | OrgKind::Street => tpl_government::township(kind),
        OrgKind::Village => tpl_grassroots::village(),
        OrgKind::Community => tpl_grassroots::community(),
        OrgKind::PartyCommittee => tpl_units::party_organ(),
        OrgKind::Department => tpl_units::department(),
        OrgKind::PublicUnit => tpl_units::public_unit(),
        OrgKind::ServiceHall => tpl_units::service_hall(),
    };
    build(&voice, areas)
}

fn build(voice: &Voice, areas: Vec<Area>) -> Template {
    let mut items = Vec::new();
    let mut leaves = Vec::new();
    for (a, Area(prefix, area_name, groups)) in areas.into_iter().enumerate() {
        let area_code = code(prefix);
        items.push(item(&area_code, None, 1, area_name, a, None));
        for (g, Group(group_name, specs)) in groups.into_iter().enumerate() {
            let group_code = code(&format!("{prefix}-{:02}", g + 1));
            items.push(item(&group_code, Some(&area_code), 2, group_name, g, None));
            for (l, spec) in specs.into_iter().enumerate() {
                let leaf_code = code(&format!("{prefix}-{:02}-{:02}", g + 1, l + 1));
                let rules = rules(voice, &spec);
                items.push(item(&leaf_code, Some(&group_code), 3, spec.name, l, Some(rules.clone())));
                leaves.push(Leaf { code: leaf_code, name: spec.name, rules, body: spec.body, tag: spec.tag });
            }
        }
    }
    Template { items, leaves }
}

fn rules(voice: &Voice, spec: &LeafSpec) -> LeafRules {
    let (domain, responsible, channels) = match spec.power {
        None => (Domain::Party, voice.party, voice.party_channels),
        Some(_) => (Domain::Government, voice.gov, voice.gov_channels),
    };
    let channels = match (spec.audience, spec.mode) {
        (_, Mode::OnRequest) => "书面申请、网上申请、当面申请",
        (Audience::PartyInternal, _) => "党内会议、党员微信群、党务公开栏（党内）",
        (Audience::UnitInternal, _) => "单位内部公开栏、内部办公系统",
        (Audience::Specific, _) => "书面告知、当面送达",
        (Audience::Public, _) => channels,
    };
    LeafRules {
        domain,
        power: spec.power,
        audience: spec.audience,
        basis: spec.basis.join("；"),
        responsible: responsible.to_owned(),
        channels: channels.to_owned(),
        mode: spec.mode,
        time_class: spec.time,
        update_rule: spec.update,
        // Lists of recipients name people: they must end, and come down when they do.
        personal_data: spec.body == Body::Payout
            || (spec.body == Body::Roster && ["低保", "救助", "补贴", "特困"].iter().any(|w| spec.name.contains(w))),
    }
}

fn item(
    code: &CatalogCode,
    parent: Option<&CatalogCode>,
    level: u8,
    name: &str,
    pos: usize,
    rules: Option<LeafRules>,
) -> CatalogItem {
    CatalogItem {
        code: code.clone(),
        parent: parent.cloned(),
        level,
        name: name.to_owned(),
        position: pos as i64 + 1,
        rules,
    }
}

/// Codes here come from ASCII prefixes and numbers and always parse.
fn code(raw: &str) -> CatalogCode {
    CatalogCode::parse(raw).expect("demo catalogue codes are ASCII")
}
