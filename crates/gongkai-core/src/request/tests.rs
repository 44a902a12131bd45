use chrono::NaiveDate;

use super::clock::Urgency;
use super::*;
use crate::access::{Actor, Role};
use crate::calendar::Calendar;
use crate::org::OrgCode;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn org() -> OrgCode {
    OrgCode::parse("city").unwrap()
}

fn staff(name: &str, role: Role) -> Actor {
    Actor { user_id: name.into(), username: name.into(), role, org: Some(org()) }
}

fn applicant() -> Applicant {
    Applicant::new(ApplicantKind::Person, Some("王某"), Some("13812345678"), Some("11010519491231002X"), None, None)
        .unwrap()
}

fn application(channel: Channel, received_on: Option<NaiveDate>) -> Application {
    Application::new(org(), applicant(), Some("2025年本街道低保资金发放明细"), Delivery::Email, channel, received_on)
        .unwrap()
}

fn online(today: &str) -> InfoRequest {
    let new = NewRequest { id: "r1".into(), serial: 7, tracking: "digest".into() };
    receive(application(Channel::Online, None), None, day(today), new).unwrap()
}

struct Desk {
    request: InfoRequest,
    calendar: &'static Calendar,
}

impl Desk {
    fn new(received: &str) -> Self {
        Desk { request: online(received), calendar: Calendar::official() }
    }

    fn try_as(&self, actor: &Actor, on: &str, command: Command) -> Result<InfoRequest, crate::DomainError> {
        let ctx = Context { calendar: self.calendar, today: day(on), hand_over_to: None, route_serial: Some(3) };
        decide(&self.request, &ctx, actor, command).map(|c| c.after)
    }

    fn run(&mut self, on: &str, command: Command) {
        self.request = self.try_as(&staff("editor_a", Role::Editor), on, command).unwrap();
    }

    fn refused(&self, on: &str, command: Command) -> &'static str {
        self.try_as(&staff("editor_a", Role::Editor), on, command).unwrap_err().code
    }

    fn due(&self) -> Option<NaiveDate> {
        self.request.due_on(self.calendar)
    }
}

#[test]
fn an_online_request_is_due_twenty_working_days_after_the_day_it_came() {
    // Across the 2026 Spring Festival (15–23 Feb off, 14 and 28 Feb worked).
    assert_eq!(Desk::new("2026-02-13").due(), Some(day("2026-03-19")));
    // Across Mid-Autumn and National Day 2026.
    assert_eq!(Desk::new("2026-09-30").due(), Some(day("2026-11-03")));
    let r = online("2026-03-02");
    assert_eq!((r.number.to_string(), r.state, r.handler), ("2026-00007".into(), RequestState::Received, None));
}

#[test]
fn staff_register_post_with_the_day_it_was_signed_for_and_become_its_first_handler() {
    let editor = staff("editor_a", Role::Editor);
    let new = NewRequest { id: "r2".into(), serial: 1, tracking: "d".into() };
    // Signed for on a make-up Saturday, registered the Monday after.
    let r = receive(application(Channel::Post, Some(day("2026-09-19"))), Some(&editor), day("2026-09-21"), new.clone())
        .unwrap();
    assert_eq!(r.due_on(Calendar::official()), Some(day("2026-10-22")));
    assert_eq!(r.handler.as_deref(), Some("editor_a"));
    let code = |e: crate::DomainError| e.code;
    let later = application(Channel::InPerson, Some(day("2026-09-22")));
    assert_eq!(receive(later, Some(&editor), day("2026-09-21"), new.clone()).map_err(code), Err("invalid_received_on"));
    let anonymous = application(Channel::Post, Some(day("2026-09-19")));
    assert_eq!(receive(anonymous, None, day("2026-09-21"), new.clone()).map_err(code), Err("staff_only"));
    let other = Actor { org: Some(OrgCode::parse("st-b").unwrap()), ..editor };
    let post = application(Channel::Post, Some(day("2026-09-19")));
    assert_eq!(receive(post, Some(&other), day("2026-09-21"), new).map_err(code), Err("forbidden"));
}

#[test]
fn a_correction_restarts_the_clock_and_one_not_made_in_time_closes_the_request() {
    let mut desk = Desk::new("2026-03-02");
    // Seven working days after Monday 2 March is Wednesday 11 March.
    assert_eq!(desk.refused("2026-03-12", Command::AskCorrection { what: "请写明年份".into() }), "correction_too_late");
    desk.run("2026-03-11", Command::AskCorrection { what: "请写明年份".into() });
    assert_eq!(desk.request.state, RequestState::Correcting);
    assert_eq!(desk.due(), None);
    let correction_due = desk.request.correction.as_ref().unwrap().due_on;
    assert_eq!(correction_due, day("2026-04-01"));
    assert_eq!(desk.refused("2026-04-01", Command::Lapse), "correction_period_running");
    let lapsed = {
        let mut d = Desk { request: desk.request.clone(), calendar: desk.calendar };
        d.run("2026-04-02", Command::Lapse);
        d.request
    };
    assert_eq!(lapsed.state, RequestState::Closed);
    assert_eq!(lapsed.answer.unwrap().outcome, Outcome::NoCorrection);

    desk.run(
        "2026-03-20",
        Command::Correct { on: day("2026-03-18"), description: Some("2025年低保资金发放明细".into()) },
    );
    assert_eq!(desk.request.state, RequestState::Accepted);
    assert_eq!(desk.due(), Some(Calendar::official().add_working_days(day("2026-03-18"), 20)));
    assert_eq!(desk.refused("2026-03-20", Command::AskCorrection { what: "再补".into() }), "correction_once");
}

#[test]
fn consultation_time_is_not_counted() {
    let mut desk = Desk::new("2026-03-02");
    let due = desk.due().unwrap();
    desk.run("2026-03-03", Command::Accept);
    desk.run("2026-03-04", Command::Consult { third_party: "某公司".into() });
    // While the third party has its period, the due date assumes it uses all of it.
    assert_eq!(desk.due(), Some(desk.calendar.add_working_days(due, 15)));
    assert_eq!(
        desk.refused("2026-03-05", Command::Answer { outcome: Outcome::Disclosed, reason: None }),
        "illegal_transition"
    );
    let mut late = Desk::new("2026-03-02");
    late.run("2026-03-03", Command::Accept);
    let consult = Command::Consult { third_party: "某公司".into() };
    assert_eq!(late.refused("2026-03-31", consult), "consultation_too_late", "an overdue request is not hidden");
    // The answer came after five working days: the due date moves by five.
    desk.run("2026-03-11", Command::ConsultationDone);
    assert_eq!(desk.due(), Some(desk.calendar.add_working_days(due, 5)));
}

#[test]
fn one_extension_of_at_most_twenty_days_approved_by_a_reviewer() {
    let mut desk = Desk::new("2026-03-02");
    let due = desk.due().unwrap();
    let propose = |days| Command::ProposeExtension { days, reason: "需调取档案".into() };
    assert_eq!(desk.refused("2026-03-20", propose(21)), "extension_too_long");
    desk.run("2026-03-20", propose(20));
    assert_eq!(desk.due(), Some(due), "an extension counts once approved");
    assert_eq!(desk.refused("2026-03-20", propose(5)), "extension_pending");
    let own = Actor { role: Role::Admin, ..staff("editor_a", Role::Editor) };
    assert_eq!(desk.try_as(&own, "2026-03-23", Command::ApproveExtension).unwrap_err().code, "own_extension");
    let editor = staff("editor_b", Role::Editor);
    assert_eq!(desk.try_as(&editor, "2026-03-23", Command::ApproveExtension).unwrap_err().code, "forbidden");
    desk.request = desk.try_as(&staff("reviewer_a", Role::Reviewer), "2026-03-23", Command::ApproveExtension).unwrap();
    assert_eq!(desk.due(), Some(desk.calendar.add_working_days(due, 20)));
    assert_eq!(desk.refused("2026-03-24", propose(3)), "extension_once");
    // Past the due date, no extension: a late one would hide an overdue answer.
    let late = Desk::new("2026-03-02");
    assert_eq!(late.refused("2026-04-01", propose(5)), "extension_too_late");
}

#[test]
fn the_first_handler_stays_responsible_until_a_hand_over() {
    let mut desk = Desk::new("2026-03-02");
    desk.run("2026-03-03", Command::Accept);
    assert_eq!(desk.request.handler.as_deref(), Some("editor_a"));
    let colleague = staff("editor_a2", Role::Editor);
    let answer = Command::Answer { outcome: Outcome::Disclosed, reason: None };
    assert_eq!(desk.try_as(&colleague, "2026-03-04", answer.clone()).unwrap_err().code, "first_handler");
    let reviewer = staff("reviewer_a", Role::Reviewer);
    let ctx = Context {
        calendar: desk.calendar,
        today: day("2026-03-04"),
        hand_over_to: Some(&reviewer),
        route_serial: None,
    };
    let to_reviewer = Command::HandOver { to: "reviewer_a".into() };
    let editor = staff("editor_a", Role::Editor);
    assert_eq!(decide(&desk.request, &ctx, &editor, to_reviewer).unwrap_err().code, "invalid_handler");
    let ctx = Context { hand_over_to: Some(&colleague), ..ctx };
    let change = decide(&desk.request, &ctx, &editor, Command::HandOver { to: "editor_a2".into() }).unwrap();
    assert_eq!(change.after.handler.as_deref(), Some("editor_a2"));
    desk.request = change.after;
    let answered = desk.try_as(&colleague, "2026-03-04", answer).unwrap();
    assert_eq!(answered.state, RequestState::Answered);
}

#[test]
fn answers_give_their_reasons_and_go_in_order() {
    let mut desk = Desk::new("2026-03-02");
    let partly = Command::Answer { outcome: Outcome::Partly, reason: None };
    assert_eq!(desk.refused("2026-03-03", partly), "reason_required");
    let unclear = Command::Answer { outcome: Outcome::StillUnclear, reason: Some("仍不明确".into()) };
    assert_eq!(desk.refused("2026-03-03", unclear), "not_corrected");
    assert_eq!(desk.refused("2026-03-03", Command::Lapse), "illegal_transition");
    assert_eq!(desk.refused("2026-03-03", Command::Close), "illegal_transition");
    desk.run(
        "2026-03-03",
        Command::Answer { outcome: Outcome::Partly, reason: Some("涉及个人隐私的部分不予公开".into()) },
    );
    assert_eq!(desk.request.answered_in_time(desk.calendar), Some(true));
    assert_eq!(desk.refused("2026-03-04", Command::Accept), "illegal_transition");
    desk.run("2026-03-05", Command::Close);
    assert_eq!((desk.request.state, desk.request.closed_on), (RequestState::Closed, Some(day("2026-03-05"))));
    assert_eq!(Outcome::Partly.group(), AnswerGroup::Partly);
    assert_eq!(Outcome::Published.group(), AnswerGroup::Disclosed);
}

#[test]
fn the_dashboard_turns_yellow_five_working_days_before_and_red_after() {
    let desk = Desk::new("2026-03-02");
    let due = desk.due().unwrap();
    let urgency = |on: &str| desk.request.urgency(desk.calendar, day(on));
    assert_eq!(due, day("2026-03-30"));
    assert_eq!(urgency("2026-03-20"), Urgency::Normal);
    assert_eq!(urgency("2026-03-23"), Urgency::Soon);
    assert_eq!(urgency("2026-03-30"), Urgency::Soon);
    assert_eq!(urgency("2026-03-31"), Urgency::Overdue);
}

#[test]
fn tracking_codes_read_as_people_type_them() {
    let code = TrackingCode::from_random([7u8; TRACKING_CODE_LEN]);
    let grouped = code.grouped();
    assert_eq!(grouped.len(), TRACKING_CODE_LEN + 6);
    assert_eq!(TrackingCode::parse(&grouped.to_lowercase()).unwrap(), code);
    let mixed = TrackingCode::from_random(std::array::from_fn(|i| i as u8));
    let typed = mixed.grouped().replace('0', "o").replace('1', "l").replace('-', " ");
    assert_eq!(TrackingCode::parse(&typed).unwrap().digest(), mixed.digest());
    for bad in ["", "abc", &format!("{grouped}7"), &grouped.replace('7', "U"), "７７７７"] {
        assert_eq!(TrackingCode::parse(bad).unwrap_err().code, "unknown_tracking_code", "{bad}");
    }
}

#[test]
fn applicants_give_a_number_to_call_and_a_person_an_identity_card() {
    let with = |kind, phone: &str, id: Option<&str>| {
        Applicant::new(kind, Some("申请人"), Some(phone), id, None, None).map(|_| ()).map_err(|e| e.code)
    };
    assert_eq!(with(ApplicantKind::Person, "12345", Some("11010519491231002X")), Err("invalid_phone"));
    assert_eq!(with(ApplicantKind::Person, "12812345678", Some("11010519491231002X")), Err("invalid_phone"));
    for wrong in ["138123456789", "1381234567", "+86 138 1234 5678 9", "13812345678转8001"] {
        assert_eq!(with(ApplicantKind::Business, wrong, None), Err("invalid_phone"), "{wrong}");
    }
    for right in ["+86 138 1234 5678", "0086-13812345678", "0571-88001234", "（0571）8800 1234转8001", "88001234"] {
        assert_eq!(with(ApplicantKind::Business, right, None), Ok(()), "{right}");
    }
    assert_eq!(with(ApplicantKind::Person, "0571-88001234", Some("110105194912310021")), Err("invalid_id_number"));
    assert_eq!(with(ApplicantKind::Person, "0571-88001234", None), Err("id_number_required"));
    assert_eq!(with(ApplicantKind::Business, "0571-88001234", None), Ok(()));
    assert_eq!(with(ApplicantKind::Person, "13812345678", Some("11010519491231002x")), Ok(()));
}

#[test]
fn nobody_is_born_after_the_day_their_application_arrives() {
    let born_on = |id: &str| {
        let applicant = Applicant::new(ApplicantKind::Person, Some("王某"), Some("13812345678"), Some(id), None, None);
        let application = Application::new(
            org(),
            applicant.unwrap(),
            Some("2025年本街道低保资金发放明细"),
            Delivery::Email,
            Channel::Online,
            None,
        )
        .unwrap();
        let new = NewRequest { id: "r1".into(), serial: 1, tracking: "digest".into() };
        receive(application, None, day("2026-03-01"), new).map(|_| ()).map_err(|e| e.code)
    };
    assert_eq!(born_on("110105202603010012"), Ok(()), "born that very day");
    assert_eq!(born_on("110105202603020018"), Err("invalid_id_number"), "born the day after");
}
