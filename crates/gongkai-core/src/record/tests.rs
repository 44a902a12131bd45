//! The record's rules, command by command.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use super::*;
use crate::access::{Actor, Role};
use crate::catalog::{tests::rules, CatalogCode, CatalogItem, TimeClass};
use crate::org::OrgCode;
use Action as A;
use RecordState as S;

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn actor(id: &str, role: Role) -> Actor {
    let org = (role != Role::Admin).then(|| OrgCode::parse("st-a").unwrap());
    Actor { user_id: id.into(), username: id.into(), role, org }
}

fn leaf(time_class: TimeClass) -> CatalogItem {
    CatalogItem {
        code: CatalogCode::parse("zw-1").unwrap(),
        parent: None,
        level: 2,
        name: "工作动态".into(),
        position: 0,
        rules: Some(rules(time_class)),
    }
}

fn ids(n: u32) -> NewIds {
    NewIds { record: RecordId::parse(&format!("r{n}")).unwrap(), matter: MatterId::parse(&format!("m{n}")).unwrap() }
}

fn draft() -> Draft {
    Draft {
        org: OrgCode::parse("st-a").unwrap(),
        catalog: CatalogCode::parse("zw-1").unwrap(),
        title: "关于老旧小区改造的通知".into(),
        summary: None,
        body_html: "<p>正文</p>".into(),
        stage: None,
        matter: None,
        publicity_start: None,
        publicity_end: None,
        publish_at: None,
        doc_number: None,
        written_on: None,
        topic: None,
        effect: None,
    }
}

const NOW: &str = "2026-03-02T02:00:00Z";

/// A record created by `editor` and taken through `commands` by the actors given.
fn run(steps: &[(&Actor, Command)]) -> Result<Record, DomainError> {
    let item = leaf(TimeClass::Anytime);
    let mut lineage: Vec<Record> = Vec::new();
    let mut current: Option<Record> = None;
    let mut next_index_serial = 1;
    for (n, (who, command)) in steps.iter().enumerate() {
        let context = Context {
            leaf: Some(&item),
            lineage: &lineage,
            next_index_serial: Some(next_index_serial),
            ..Context::new(ids(n as u32))
        };
        let decision = decide(current.as_ref(), &context, who, command.clone(), at(NOW))?;
        if let Some(taken) = &decision.new_index {
            assert_eq!(taken.serial, next_index_serial, "a publication takes the serial it was offered");
            next_index_serial += 1;
        }
        let result = decision.result().cloned().expect("a result");
        for change in decision.changes {
            lineage.retain(|r| r.id != change.after.id);
            lineage.push(change.after);
        }
        current = Some(result);
    }
    Ok(current.expect("at least one step"))
}

#[test]
fn draft_to_published() {
    let (editor, reviewer) = (actor("e", Role::Editor), actor("r", Role::Reviewer));
    let record =
        run(&[(&editor, Command::Create(draft())), (&editor, Command::Submit), (&reviewer, Command::Approve)]).unwrap();
    assert_eq!(record.state, S::Published);
    assert_eq!(record.published_at, Some(at(NOW)));
    assert_eq!(record.visibility(), Visibility::Full);
    assert_eq!(record.reviewer.as_deref(), Some("r"));
}

#[test]
fn nobody_who_wrote_or_edited_a_version_approves_it_not_even_an_administrator() {
    let (editor, admin) = (actor("e", Role::Editor), actor("a", Role::Admin));
    let e = run(&[
        (&editor, Command::Create(draft())),
        (&admin, Command::Edit(draft())),
        (&editor, Command::Submit),
        (&admin, Command::Approve),
    ])
    .unwrap_err();
    assert_eq!(e.code, "reviewer_is_author");
    let e =
        run(&[(&admin, Command::Create(draft())), (&admin, Command::Submit), (&admin, Command::Approve)]).unwrap_err();
    assert_eq!(e.code, "reviewer_is_author");
}

#[test]
fn withdrawn_before_its_publication_time_was_never_public() {
    let (editor, reviewer) = (actor("e", Role::Editor), actor("r", Role::Reviewer));
    let later = Draft { publish_at: Some(at(NOW) + Duration::days(3)), ..draft() };
    let system = Actor::system();
    let steps = [(&editor, Command::Create(later)), (&editor, Command::Submit), (&reviewer, Command::Approve)];
    let scheduled = run(&steps).unwrap();
    assert_eq!((scheduled.state, scheduled.visibility()), (S::Scheduled, Visibility::Hidden));
    let mut steps = steps.to_vec();
    steps.push((&reviewer, Command::Withdraw { reason: "活动取消".into() }));
    let withdrawn = run(&steps).unwrap();
    assert_eq!((withdrawn.state, withdrawn.visibility()), (S::Withdrawn, Visibility::Hidden));
    steps.push((&system, Command::PublishDue));
    assert_eq!(run(&steps).unwrap_err().code, "not_due", "a withdrawn record is never published");
}

#[test]
fn a_withdrawn_published_record_keeps_only_its_notice() {
    let (editor, reviewer) = (actor("e", Role::Editor), actor("r", Role::Reviewer));
    let record = run(&[
        (&editor, Command::Create(draft())),
        (&editor, Command::Submit),
        (&reviewer, Command::Approve),
        (&reviewer, Command::Withdraw { reason: "内容有误".into() }),
    ])
    .unwrap();
    assert_eq!(record.visibility(), Visibility::Notice);
    assert_eq!(record.withdrawal.map(|w| w.reason), Some("内容有误".into()));
}

#[test]
fn the_author_recalls_a_submission_before_review() {
    let editor = actor("e", Role::Editor);
    let record =
        run(&[(&editor, Command::Create(draft())), (&editor, Command::Submit), (&editor, Command::Recall)]).unwrap();
    assert_eq!(record.state, S::Draft);
}

#[test]
fn only_the_system_publishes_when_due_and_expires() {
    let (editor, reviewer) = (actor("e", Role::Editor), actor("r", Role::Reviewer));
    let steps = [
        (&editor, Command::Create(draft())),
        (&editor, Command::Submit),
        (&reviewer, Command::Approve),
        (&reviewer, Command::Expire),
    ];
    assert_eq!(run(&steps).unwrap_err().code, "forbidden");
}

#[test]
fn expiry_waits_for_the_day_after_the_last_one() {
    let record = Record {
        state: S::Published,
        publicity: Some(crate::publicity::PublicityPeriod { start: day("2026-01-05"), end: Some(day("2026-01-12")) }),
        published_at: Some(at("2026-01-05T01:00:00Z")),
        ..run(&[(&actor("e", Role::Editor), Command::Create(draft()))]).unwrap()
    };
    let context = Context::new(ids(9));
    // 2026-01-12 23:30 in China is still the last day.
    let last_day = at("2026-01-12T15:30:00Z");
    assert_eq!(
        decide(Some(&record), &context, &Actor::system(), Command::Expire, last_day).unwrap_err().code,
        "not_due"
    );
    let next_day = at("2026-01-12T16:30:00Z");
    let decision = decide(Some(&record), &context, &Actor::system(), Command::Expire, next_day).unwrap();
    assert_eq!(decision.result().unwrap().state, S::Expired);
    assert!(decision.changes[0].touches_public());
}

#[test]
fn a_list_of_people_comes_down_when_its_period_ends() {
    let created = run(&[(&actor("e", Role::Editor), Command::Create(draft()))]).unwrap();
    let record = Record { state: S::Expired, personal_data: true, published_at: Some(at(NOW)), ..created };
    assert_eq!(record.visibility(), Visibility::Notice);
}

#[test]
fn a_new_version_supersedes_the_old_one_and_only_one_is_open() {
    let (editor, reviewer) = (actor("e", Role::Editor), actor("r", Role::Reviewer));
    let mut steps =
        vec![(&editor, Command::Create(draft())), (&editor, Command::Submit), (&reviewer, Command::Approve)];
    steps.push((&editor, Command::Revise { change_note: "更正金额".into() }));
    let v2 = run(&steps).unwrap();
    assert_eq!((v2.version, v2.state, v2.previous.as_ref().map(RecordId::as_str)), (2, S::Draft, Some("r0")));
    assert_eq!(v2.contributors.iter().collect::<Vec<_>>(), ["e"], "the reviser is the new version's author");
}

#[test]
fn short_notices_need_an_end_date() {
    let item = leaf(TimeClass::Short);
    let context = Context { leaf: Some(&item), ..Context::new(ids(1)) };
    let e = decide(None, &context, &actor("e", Role::Editor), Command::Create(draft()), at(NOW)).unwrap_err();
    assert_eq!(e.code, "publicity_end_required");
}

#[test]
fn a_closed_organisation_drafts_nothing() {
    let item = leaf(TimeClass::Anytime);
    let closed = NaiveDate::from_ymd_opt(2026, 2, 27).unwrap();
    let context = Context { leaf: Some(&item), org_closed_on: Some(closed), ..Context::new(ids(1)) };
    let e = decide(None, &context, &actor("e", Role::Editor), Command::Create(draft()), at(NOW)).unwrap_err();
    assert_eq!(
        (e.code, e.message.as_str()),
        ("org_closed", "该单位已于2026-02-27撤销，不能再起草、修改、送审或发布信息")
    );
}

#[test]
fn a_staged_record_opens_its_matter_and_another_units_matter_is_refused() {
    let item = leaf(TimeClass::Anytime);
    let context = Context { leaf: Some(&item), ..Context::new(ids(1)) };
    let staged = Draft { stage: Some(Stage::PreDecision), ..draft() };
    let decision = decide(None, &context, &actor("e", Role::Editor), Command::Create(staged), at(NOW)).unwrap();
    assert_eq!(decision.new_matter.as_ref().map(|m| m.id.as_str()), Some("m1"));
    let other = OrgCode::parse("st-b").unwrap();
    let context = Context { matter_org: Some(&other), ..context };
    let joining = Draft { matter: Some(MatterId::parse("m7").unwrap()), ..draft() };
    let e = decide(None, &context, &actor("e", Role::Editor), Command::Create(joining), at(NOW)).unwrap_err();
    assert_eq!(e.code, "unknown_matter");
}

#[test]
fn transitions() {
    let mut s = S::Draft;
    for a in [A::Submit, A::Approve, A::Schedule, A::Publish, A::Supersede] {
        s = transition(s, a).unwrap();
    }
    assert_eq!(s, S::Superseded);
    assert_eq!(transition(s, A::Withdraw).unwrap(), S::Withdrawn, "an old version goes with its record");
    for (from, action) in [
        (S::Draft, A::Approve),
        (S::Published, A::Submit),
        (S::Withdrawn, A::Publish),
        (S::Submitted, A::Edit),
        (S::Withdrawn, A::Withdraw),
        (S::Published, A::Cancel),
        (S::Draft, A::Withdraw),
        (S::Draft, A::Recall),
    ] {
        let e = transition(from, action).unwrap_err();
        assert_eq!(e.kind, crate::error::ErrorKind::Conflict, "{from:?} {action:?}");
        assert!(e.message.contains(from.label()));
    }
}

#[test]
fn the_first_publication_takes_the_index_number_and_every_version_keeps_it() {
    let (editor, reviewer) = (actor("e", Role::Editor), actor("r", Role::Reviewer));
    let mut steps = vec![(&editor, Command::Create(draft())), (&editor, Command::Submit)];
    let submitted = run(&steps).unwrap();
    assert_eq!(submitted.index_number, None, "work in progress has no 索引号");
    steps.push((&reviewer, Command::Approve));
    let published = run(&steps).unwrap();
    assert_eq!(published.index_number.as_ref().map(IndexNumber::as_str), Some("st-a/2026-00001"));
    steps.extend([
        (&editor, Command::Revise { change_note: "更正联系电话".into() }),
        (&editor, Command::Submit),
        (&reviewer, Command::Approve),
    ]);
    let second = run(&steps).unwrap();
    assert_eq!((second.version, second.index_number), (2, published.index_number), "the serial is not taken twice");
}

#[test]
fn a_scheduled_record_takes_its_number_when_it_is_published() {
    let (editor, reviewer) = (actor("e", Role::Editor), actor("r", Role::Reviewer));
    let later = Draft { publish_at: Some(at(NOW) - Duration::hours(1)), ..draft() };
    let mut steps = vec![(&editor, Command::Create(later)), (&editor, Command::Submit)];
    // Published at once: the time has passed.
    steps.push((&reviewer, Command::Approve));
    assert!(run(&steps).unwrap().index_number.is_some());
    let ahead = Draft { publish_at: Some(at(NOW) + Duration::hours(1)), ..draft() };
    let scheduled =
        run(&[(&editor, Command::Create(ahead)), (&editor, Command::Submit), (&reviewer, Command::Approve)]).unwrap();
    assert_eq!((scheduled.state, scheduled.index_number), (S::Scheduled, None));
}

#[test]
fn an_edit_keeps_the_written_day_and_topic_it_does_not_name() {
    let editor = actor("e", Role::Editor);
    let first = Draft {
        written_on: Some(day("2026-02-27")),
        topic: Some(Topic::CivilAffairs),
        doc_number: Some("岚民〔2026〕3号".into()),
        ..draft()
    };
    let created = run(&[(&editor, Command::Create(first.clone()))]).unwrap();
    assert_eq!((created.written_on, created.topic), (day("2026-02-27"), Topic::CivilAffairs));
    let edited = run(&[(&editor, Command::Create(first)), (&editor, Command::Edit(draft()))]).unwrap();
    assert_eq!((edited.written_on, edited.topic, edited.doc_number), (day("2026-02-27"), Topic::CivilAffairs, None));
    let plain = run(&[(&editor, Command::Create(draft()))]).unwrap();
    assert_eq!((plain.written_on, plain.topic), (day("2026-03-02"), Topic::General), "today in China, 综合政务");
    let tomorrow = Draft { written_on: Some(day("2026-03-03")), ..draft() };
    assert_eq!(run(&[(&editor, Command::Create(tomorrow))]).unwrap_err().code, "written_on_in_future");
}
