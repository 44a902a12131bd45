use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::org::OrgCode;
use crate::record::{Effect, Validity};
use crate::request::{
    receive, Answer, Applicant, ApplicantKind, Application, Channel, Delivery, InfoRequest, NewRequest, Outcome,
    Remedy, RemedyResult,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn request(kind: ApplicantKind, received: NaiveDate, answer: Option<(Outcome, NaiveDate)>) -> InfoRequest {
    let id = (kind != ApplicantKind::Person).then_some(()).map_or(Some("11010519491231002X"), |_| None);
    let applicant = Applicant::new(kind, Some("申请人"), Some("13812345678"), id, None, None).unwrap();
    let org = OrgCode::parse("city").unwrap();
    let application =
        Application::new(org, applicant, Some("某项信息"), Delivery::Email, Channel::Online, None).unwrap();
    let new = NewRequest { id: "r".into(), serial: 1, tracking: "t".into() };
    let mut r = receive(application, None, received, new).unwrap();
    r.answer = answer.map(|(outcome, on)| Answer { outcome, reason: Some("理由".into()), on });
    r
}

#[test]
fn the_request_table_counts_new_carried_and_answered_by_kind() {
    use ApplicantKind as K;
    let requests = [
        request(K::Person, day(2025, 12, 29), Some((Outcome::Disclosed, day(2026, 1, 8)))),
        request(K::Business, day(2025, 12, 30), None),
        request(K::Person, day(2026, 3, 2), Some((Outcome::Partly, day(2026, 3, 20)))),
        request(K::Legal, day(2026, 6, 1), Some((Outcome::NotHeld, day(2026, 6, 10)))),
        request(K::Person, day(2026, 12, 28), None),
        request(K::Research, day(2025, 3, 1), Some((Outcome::Published, day(2025, 3, 5)))),
    ];
    let t = RequestTable::of(&requests, 2026);
    assert_eq!(t.new, [2, 0, 0, 0, 1, 0, 3]);
    assert_eq!(t.carried_in, [1, 1, 0, 0, 0, 0, 2]);
    assert_eq!(t.results(), [2, 0, 0, 0, 1, 0, 3]);
    assert_eq!(t.carried_out, [1, 1, 0, 0, 0, 0, 2]);
    let lines = t.lines();
    let find = |label: &str| lines.iter().find(|l| l.label == label).and_then(|l| l.counts).unwrap();
    assert_eq!(find("（一）予以公开")[6], 1, "已主动公开 and 予以公开 together");
    assert_eq!(find("（四）无法提供")[6], 1);
    assert_eq!(find("1．本机关不掌握相关政府信息")[4], 1);
    assert_eq!(lines.last().unwrap().label, "四、结转下年度继续办理");
    assert_eq!(lines.iter().filter(|l| l.counts.is_none()).count(), 1);
}

#[test]
fn reviews_and_lawsuits_count_in_the_year_they_were_recorded() {
    let mut a = request(ApplicantKind::Person, day(2026, 1, 5), Some((Outcome::StateSecret, day(2026, 1, 20))));
    a.review = Some(Remedy { result: RemedyResult::Upheld, on: day(2026, 3, 1), after_review: false });
    a.litigation = Some(Remedy { result: RemedyResult::Pending, on: day(2026, 5, 1), after_review: true });
    let mut b = request(ApplicantKind::Business, day(2025, 5, 5), Some((Outcome::NotHeld, day(2025, 5, 20))));
    b.litigation = Some(Remedy { result: RemedyResult::Corrected, on: day(2025, 9, 1), after_review: false });
    let t = RemedyTable::of(&[a, b], 2026);
    assert_eq!(t.review, [1, 0, 0, 0, 1]);
    assert_eq!(t.after_review, [0, 0, 0, 1, 1]);
    assert_eq!(t.direct, [0; 5], "recorded in 2025");
}

#[test]
fn records_count_by_the_name_of_their_catalogue_item() {
    assert_eq!(Subject::of_item("规范性文件"), Some(Subject::Normative));
    assert_eq!(Subject::of_item("规范性文件清理结果"), None);
    assert_eq!(Subject::of_item("行政许可结果"), Some(Subject::Permits));
    assert_eq!(Subject::of_item("行政许可事项清单及办事指南"), None);
    assert_eq!(Subject::of_item("城市管理行政处罚"), Some(Subject::Penalties));
    assert_eq!(Subject::of_item("行政处罚裁量基准"), None);
    assert_eq!(Subject::of_item("党内规章制度"), None);
    let normative = |published, effect| ProactiveFact {
        subject: Subject::Normative,
        first_published: published,
        effect,
        current: true,
    };
    let facts = [
        normative(day(2026, 2, 1), Some(Effect { status: Validity::Effective, since: Some(day(2026, 3, 1)) })),
        normative(day(2024, 2, 1), Some(Effect { status: Validity::Repealed, since: Some(day(2026, 6, 30)) })),
        normative(day(2023, 2, 1), None),
        ProactiveFact { current: false, ..normative(day(2023, 5, 1), None) },
        ProactiveFact { subject: Subject::Penalties, ..normative(day(2026, 4, 1), None) },
        ProactiveFact { subject: Subject::Penalties, ..normative(day(2025, 4, 1), None) },
    ];
    let t = ProactiveTable::of(&facts, 2026, Some("12.5".into()));
    assert_eq!(t.normative, [1, 1, 2], "made, repealed, in force");
    assert_eq!(t.penalties, 1);
}

fn kind() -> impl Strategy<Value = ApplicantKind> {
    prop::sample::select(ApplicantKind::ALL.to_vec())
}

proptest! {
    /// Whatever was received and answered when: new + carried in = results + carried out,
    /// column by column, and a year's carried out is the next year's carried in.
    #[test]
    fn the_request_table_balances(
        cases in prop::collection::vec((kind(), 0i64..1100, prop::option::of((0usize..22, 0i64..80))), 0..60)
    ) {
        let base = day(2024, 1, 1);
        let requests: Vec<InfoRequest> = cases
            .iter()
            .map(|(k, received, answer)| {
                let received = base + chrono::Duration::days(*received);
                let answer = answer.map(|(o, after)| (Outcome::ALL[o], received + chrono::Duration::days(after)));
                request(*k, received, answer)
            })
            .collect();
        for year in 2024..=2026 {
            let t = RequestTable::of(&requests, year);
            let next = RequestTable::of(&requests, year + 1);
            for c in 0..COLUMNS {
                prop_assert_eq!(t.new[c] + t.carried_in[c], t.results()[c] + t.carried_out[c]);
                prop_assert_eq!(t.carried_out[c], next.carried_in[c]);
            }
        }
    }
}
