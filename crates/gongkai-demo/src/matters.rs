//! Stage timelines (事项): a cadre selection or a construction project published step by step
//! — 事前公开, 决策公开, 执行公开, 结果公开 — as records sharing one matter.

use chrono::{Datelike, Days};
use gongkai_core::org::{Org, OrgKind};
use gongkai_core::record::Stage;

use super::catalog::{Tag, Template};
use super::records::{compose, reference_day, Planned, Subject};
use super::rng::Rng;
use super::topics;

/// A matter's title and its records in stage order.
pub struct MatterPlan<'a> {
    pub title: String,
    pub records: Vec<Planned<'a>>,
}

/// A kind of timeline: the leaves its stages are filed under and each stage's title ending.
struct Script {
    cadre: bool,
    stages: [(Stage, Tag, &'static str); 4],
}

const CADRE: Script = Script {
    cadre: true,
    stages: [
        (Stage::PreDecision, Tag::CadrePlan, "公告"),
        (Stage::Decision, Tag::CadreCandidates, "考察对象公示"),
        (Stage::Execution, Tag::CadreInspection, "考察预告"),
        (Stage::Result, Tag::CadrePublicity, "拟任人选任前公示"),
    ],
};

const PROJECT: Script = Script {
    cadre: false,
    stages: [
        (Stage::PreDecision, Tag::ProjectConsult, "方案征求意见公告"),
        (Stage::Decision, Tag::ProjectApproval, "立项及实施方案公示"),
        (Stage::Execution, Tag::ProjectProgress, "施工进度公开"),
        (Stage::Result, Tag::ProjectAcceptance, "竣工验收及资金结算公示"),
    ],
};

/// Up to `count` timelines of `org`, alternating between the scripts its template supports.
pub fn plan<'a>(rng: &mut Rng, org: &Org, template: &'a Template, count: usize) -> Vec<MatterPlan<'a>> {
    let scripts: Vec<&Script> = [&CADRE, &PROJECT]
        .into_iter()
        .filter(|s| s.stages.iter().all(|(_, tag, _)| template.tagged(*tag).is_some()))
        .collect();
    if scripts.is_empty() {
        return Vec::new();
    }
    (0..count).map(|i| timeline(rng, org, template, scripts[i % scripts.len()])).collect()
}

fn timeline<'a>(rng: &mut Rng, org: &Org, template: &'a Template, script: &Script) -> MatterPlan<'a> {
    // Started at least two months ago so that two stages fit before the reference day.
    let mut date = reference_day() - Days::new(rng.range(60, 3 * 365) as u64);
    let title = if script.cadre {
        let what = if org.kind == OrgKind::Department {
            "竞争性选拔科级干部"
        } else {
            "公开选拔副科级领导干部"
        };
        format!("{}{}年{what}", org.name, date.year())
    } else {
        topics::project(rng, org)
    };
    let village = org.kind == OrgKind::Village;
    let mut records = Vec::new();
    for (stage, tag, ending) in script.stages {
        if date >= reference_day() {
            break;
        }
        let Some(leaf) = template.tagged(tag) else { break };
        let ending = match (village, stage) {
            (true, Stage::PreDecision) => "“四议两公开”议定事项公示",
            _ => ending,
        };
        let subject = Subject { title: format!("{title}{ending}"), project: &title, stage };
        records.push(compose(rng, org, leaf, date, Some(subject)));
        date = date + Days::new(rng.range(12, 45) as u64);
    }
    MatterPlan { title, records }
}
