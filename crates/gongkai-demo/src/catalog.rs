//! The catalogue as the demo sees it: the standard templates, each leaf with what its
//! records look like (see `hints`), so their text can be generated.

use gongkai_core::catalog::{CatalogCode, CatalogItem, LeafRules, Mode};
use gongkai_core::org::OrgKind;

use super::hints;

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

/// A leaf of a built template with what record generation needs.
#[derive(Debug, Clone)]
pub struct Leaf {
    pub code: CatalogCode,
    pub name: String,
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

/// The standard template an organisation of `kind` follows, with each leaf's hints.
pub fn template(kind: OrgKind) -> Template {
    let items = gongkai_catalogs::standard_for(kind).items;
    let leaves = items
        .iter()
        .filter_map(|item| {
            let rules = item.rules.clone()?;
            // A leaf the demo does not know gets notices, and stages no timeline.
            let (body, tag) = hints::of(&item.name).unwrap_or((Body::Notice, None));
            Some(Leaf { code: item.code.clone(), name: item.name.clone(), rules, body, tag })
        })
        .collect();
    Template { items, leaves }
}
