//! Planning the records of one organisation: which leaves, on which days, for how long they
//! are publicised, and which end up expired, withdrawn or corrected by a second version.

use chrono::{Days, NaiveDate};
use gongkai_core::catalog::{TimeClass, UpdateRule};
use gongkai_core::org::Org;
use gongkai_core::publicity::PublicityPeriod;
use gongkai_core::record::{Effect, RecordState, Stage, Topic};

use super::bodies;
use super::catalog::{Leaf, Template};
use super::filing;
use super::rng::Rng;
use super::titles;
use super::topics::scene;

/// The fixed "today" of the demo, 2026-11-01 China time, so output never depends on the clock.
pub fn reference_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 1).expect("valid date")
}

/// Records are spread over this many days before the reference day.
const WINDOW_DAYS: u64 = 3 * 365;

/// One record ready to import, with its optional correction.
pub struct Planned<'a> {
    pub leaf: &'a Leaf,
    pub title: String,
    pub summary: Option<String>,
    pub body: String,
    pub stage: Option<Stage>,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub published_at: i64,
    pub state: RecordState,
    pub withdraw_reason: Option<String>,
    pub revision: Option<Revision>,
    /// 信息索引 (the 索引号 is given at import).
    pub doc_number: Option<String>,
    pub written_on: NaiveDate,
    pub topic: Topic,
    pub effect: Option<Effect>,
}

/// A second version replacing the first.
pub struct Revision {
    pub body: String,
    pub note: String,
    pub published_at: i64,
}

/// What a timeline record is about: its title and the project it names.
pub struct Subject<'s> {
    pub title: String,
    pub project: &'s str,
    pub stage: Stage,
}

/// Unix seconds of a moment during office hours on `date`, China time (UTC+8).
pub fn office_time(rng: &mut Rng, date: NaiveDate) -> i64 {
    let midnight = date.and_hms_opt(0, 0, 0).expect("valid time").and_utc().timestamp() - 8 * 3600;
    midnight + rng.range(8 * 3600 + 1800, 17 * 3600 + 1800)
}

/// A day in the window, more often recent than old (a platform's use grows).
pub fn recent_day(rng: &mut Rng) -> NaiveDate {
    let age = rng.below(WINDOW_DAYS).min(rng.below(WINDOW_DAYS)) + 1;
    reference_day() - Days::new(age)
}

/// The last publicity day for a record of `class` first shown on `start`, never shorter
/// than the class allows.
fn publicity_end(rng: &mut Rng, class: TimeClass, start: NaiveDate) -> Option<NaiveDate> {
    let extra = |rng: &mut Rng, max: u64| Days::new(rng.below(max + 1));
    let end = match class.earliest_end(start) {
        Some(_) if class == TimeClass::Long && rng.chance(55) => None,
        Some(min) => Some(match class {
            TimeClass::Long => min + extra(rng, 730),
            // A stage of work is shown while it lasts: months, not more than a year.
            TimeClass::Phase => min + extra(rng, 300),
            _ => min + extra(rng, 10),
        }),
        None if rng.chance(75) => None,
        None => Some(start + extra(rng, 30)),
    };
    match PublicityPeriod::new(start, end, class) {
        Ok(period) => period.end,
        Err(_) => class.earliest_end(start),
    }
}

/// One record of `leaf` published by `org` on `date`, in its natural state.
pub fn compose<'a>(rng: &mut Rng, org: &Org, leaf: &'a Leaf, date: NaiveDate, subject: Option<Subject>) -> Planned<'a> {
    let mut sc = scene(rng, org, leaf, date);
    if let Some(s) = &subject {
        sc.project = s.project.to_owned();
    }
    let title = match &subject {
        Some(s) => s.title.clone(),
        None => titles::title(rng, &sc, leaf),
    };
    let summary = titles::summary(rng, &sc, leaf);
    // A list of people is always shown for a set period, then taken down.
    let end = publicity_end(rng, leaf.rules.time_class, date)
        .or_else(|| leaf.rules.personal_data.then(|| date + Days::new(30)));
    let body = bodies::body(rng, &sc, leaf, date, end);
    let expired = end.is_some_and(|e| e < reference_day());
    let written_on = filing::written_on(rng, leaf, date);
    let effect = filing::effect(rng, leaf, date);
    Planned {
        leaf,
        title,
        summary,
        body,
        stage: subject.map(|s| s.stage),
        start: date,
        end,
        published_at: office_time(rng, date),
        state: if expired { RecordState::Expired } else { RecordState::Published },
        withdraw_reason: None,
        revision: None,
        doc_number: filing::numbered(leaf).then(|| sc.own_doc.clone()),
        written_on,
        topic: filing::topic(leaf),
        effect,
    }
}

const WITHDRAW_REASONS: &[&str] = &[
    "公示内容中个人信息未按规定脱敏，撤回后重新审核发布",
    "该文件已被新文件替代，原文件停止执行",
    "工作安排调整，原通知取消",
    "数据录入有误，核实后另行公开",
    "经审核，该信息属于过程性信息，不宜主动公开",
];

const CHANGE_NOTES: &[&str] = &[
    "更正表格中部分金额的录入错误",
    "补充遗漏的公示对象2名",
    "根据审核意见更新联系电话",
    "更正公示期截止日期",
    "补充政策依据和监督电话",
    "更正个别人员姓名中的错别字",
];

/// How often a leaf's records come, relative to the others: short publicity (pre-appointment
/// lists, previews) is rarer than standing and periodic items.
fn weight(leaf: &Leaf) -> u64 {
    let by_rule = match leaf.rules.update_rule {
        UpdateRule::Monthly => 4,
        UpdateRule::Quarterly => 3,
        UpdateRule::Yearly | UpdateRule::OnChange => 2,
    };
    match leaf.rules.time_class {
        TimeClass::Short => 1,
        TimeClass::Phase => by_rule,
        TimeClass::Long | TimeClass::Anytime => by_rule + 2,
    }
}

/// The ordinary records of `org`: `slots` of them, some withdrawn, some corrected.
pub fn plan<'a>(rng: &mut Rng, org: &Org, template: &'a Template, slots: usize) -> Vec<Planned<'a>> {
    let leaves = template.proactive();
    let weights: Vec<u64> = leaves.iter().map(|l| weight(l)).collect();
    let mut out = Vec::with_capacity(slots);
    for slot in 0..slots {
        // The first pass walks every leaf once so each organisation fills its catalogue.
        let leaf =
            if slot < leaves.len() && slots >= leaves.len() { leaves[slot] } else { leaves[rng.weighted(&weights)] };
        let date = recent_day(rng);
        let mut record = compose(rng, org, leaf, date, None);
        if rng.chance(3) {
            record.state = RecordState::Withdrawn;
            record.withdraw_reason = Some(rng.pick(WITHDRAW_REASONS).to_string());
        } else if record.state == RecordState::Published && rng.chance(6) {
            let later = date + Days::new(rng.range(1, 12) as u64);
            if later < reference_day() {
                let note = rng.pick(CHANGE_NOTES).to_string();
                let body = format!("{}<p><strong>更正说明：</strong>{note}。</p>", record.body);
                record.revision = Some(Revision { body, note, published_at: office_time(rng, later) });
            }
        }
        out.push(record);
    }
    out
}
