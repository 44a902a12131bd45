use chrono::NaiveDate;

use super::*;
use crate::access::{Actor, Role};
use crate::org::OrgCode;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn org(code: &str) -> OrgCode {
    OrgCode::parse(code).unwrap()
}

fn person(name: &str, role: Role, unit: Option<&str>) -> Actor {
    Actor { user_id: name.into(), username: name.into(), role, org: unit.map(org) }
}

fn editor() -> Actor {
    person("editor_a", Role::Editor, Some("st-a"))
}

fn supervisor() -> Actor {
    person("jiwei", Role::Supervisor, None)
}

fn letter(category: Category, accused: Option<&str>, consent: bool) -> Opinion {
    let sender = Sender::new(Some("张大爷"), Some("13812345678")).unwrap();
    let submission =
        Submission::new(org("st-a"), category, Some("小区路灯坏了一个月"), accused, Some(sender), consent).unwrap();
    receive(submission, day("2026-03-02"), NewOpinion { id: "o1".into(), serial: 7, tracking: "digest".into() })
}

fn run(o: &Opinion, actor: &Actor, command: Command) -> Result<Opinion, &'static str> {
    let ctx = Context { today: day("2026-03-05"), hand_over_to: None, route_serial: Some(2) };
    decide(o, &ctx, actor, command).map(|c| c.after).map_err(|e| e.code)
}

fn reply(publish: bool) -> Command {
    Command::Reply { text: "已联系物业于3月4日修复。".into(), publish }
}

#[test]
fn numbers_count_reports_apart() {
    assert_eq!(letter(Category::Suggestion, None, false).number.to_string(), "2026-00007");
    assert_eq!(letter(Category::Report, Some("王某，城管科科长"), false).number.to_string(), "JB2026-00007");
}

#[test]
fn a_report_names_its_person_and_other_letters_do_not() {
    let make = |category, accused: Option<&str>| {
        Submission::new(org("st-a"), category, Some("内容"), accused, None, true).map_err(|e| e.code)
    };
    assert_eq!(make(Category::Report, None).unwrap_err(), "accused_required");
    assert_eq!(make(Category::Report, Some("  ")).unwrap_err(), "accused_required");
    assert_eq!(make(Category::Complaint, Some("王某")).unwrap_err(), "accused_only_in_reports");
    assert!(make(Category::Complaint, Some(" ")).is_ok(), "a blank field is not a name");
    let report = make(Category::Report, Some("王某，城管科科长")).unwrap();
    assert!(!report.consent, "a report is never published, whatever was ticked");
    assert!(make(Category::Inquiry, None).unwrap().consent);
}

#[test]
fn the_text_is_required_and_bounded() {
    let make = |text: &str| Submission::new(org("st-a"), Category::Inquiry, Some(text), None, None, false);
    assert_eq!(make(" ").unwrap_err().code, "missing_field");
    assert_eq!(make(&"字".repeat(TEXT_MAX + 1)).unwrap_err().code, "field_too_long");
    assert!(make(&"字".repeat(TEXT_MAX)).is_ok());
}

#[test]
fn a_named_sender_can_be_called_back() {
    let code = |name: Option<&str>, phone: Option<&str>| Sender::new(name, phone).map(|_| ()).map_err(|e| e.code);
    assert_eq!(code(Some("张大爷"), Some("0571-8800 1234")), Ok(()));
    assert_eq!(code(Some("张大爷"), Some("12345")), Err("invalid_phone"), "a service number is not the sender's");
    assert_eq!(code(Some("张大爷"), Some("12812345678")), Err("invalid_phone"));
    assert_eq!(code(Some("张大爷"), Some("电话")), Err("invalid_phone"));
    assert_eq!(code(Some("张大爷"), None), Err("phone_required"));
    assert_eq!(code(None, Some("13812345678")), Err("missing_field"));
}

#[test]
fn an_attachment_is_a_picture_or_a_pdf_of_at_most_ten_megabytes() {
    let code = |media: &str, size: u64| Attachment::new("ab", "照片.jpg", media, size).map(|_| ()).map_err(|e| e.code);
    assert_eq!(code("image/jpeg", ATTACHMENT_MAX_BYTES), Ok(()));
    assert_eq!(code("application/pdf", 1), Ok(()));
    assert_eq!(code("image/png", ATTACHMENT_MAX_BYTES + 1), Err("invalid_attachment_size"));
    assert_eq!(code("image/png", 0), Err("invalid_attachment_size"));
    assert_eq!(
        code("application/vnd.openxmlformats-officedocument.wordprocessingml.document", 10),
        Err("invalid_attachment_type")
    );
}

#[test]
fn a_report_is_known_to_supervisors_only() {
    let report = letter(Category::Report, Some("王某，城管科科长"), false);
    let complaint = letter(Category::Complaint, None, false);
    let reviewer = person("reviewer_a", Role::Reviewer, Some("st-a"));
    let admin = person("admin", Role::Admin, None);
    let stranger = person("editor_b", Role::Editor, Some("st-b"));
    assert!(may_see(&supervisor(), &report));
    for actor in [editor(), reviewer.clone(), admin.clone(), stranger.clone(), Actor::system()] {
        assert!(!may_see(&actor, &report), "{} knows of the report", actor.username);
        assert_eq!(run(&report, &actor, Command::Accept).unwrap_err(), "opinion_not_found");
    }
    for actor in [editor(), reviewer, admin, supervisor()] {
        assert!(may_see(&actor, &complaint), "{}", actor.username);
    }
    assert!(!may_see(&stranger, &complaint));
    assert_eq!(run(&complaint, &stranger, Command::Accept).unwrap_err(), "opinion_not_found");
}

#[test]
fn supervisors_handle_reports_and_the_units_editors_the_rest() {
    let report = letter(Category::Report, Some("王某"), false);
    let handled = run(&report, &supervisor(), Command::Accept).unwrap();
    assert_eq!((handled.state, handled.handler.as_deref()), (OpinionState::Accepted, Some("jiwei")));
    let complaint = letter(Category::Complaint, None, false);
    assert_eq!(run(&complaint, &supervisor(), Command::Accept).unwrap_err(), "forbidden", "supervisors read");
    let reviewer = person("reviewer_a", Role::Reviewer, Some("st-a"));
    assert_eq!(run(&complaint, &reviewer, Command::Accept).unwrap_err(), "forbidden");
    assert!(run(&complaint, &person("admin", Role::Admin, None), Command::Accept).is_ok());
}

#[test]
fn the_whole_loop_and_its_illegal_moves() {
    let o = letter(Category::Suggestion, None, false);
    assert_eq!(run(&o, &editor(), Command::Close).unwrap_err(), "illegal_transition");
    let o = run(&o, &editor(), Command::Accept).unwrap();
    assert_eq!(run(&o, &editor(), Command::Accept).unwrap_err(), "illegal_transition");
    assert_eq!(run(&o, &editor(), Command::Reply { text: " ".into(), publish: false }).unwrap_err(), "missing_field");
    let o = run(&o, &editor(), reply(false)).unwrap();
    assert_eq!(o.state, OpinionState::Replied);
    assert_eq!(o.reply.as_ref().map(|r| (r.on, r.by.as_str())), Some((day("2026-03-05"), "editor_a")));
    assert_eq!(run(&o, &editor(), reply(false)).unwrap_err(), "illegal_transition", "one reply");
    let o = run(&o, &editor(), Command::Close).unwrap();
    assert_eq!((o.state, o.closed_on), (OpinionState::Closed, Some(day("2026-03-05"))));
}

#[test]
fn a_reply_is_published_only_with_consent_and_never_for_a_report() {
    let without = letter(Category::Suggestion, None, false);
    assert_eq!(run(&without, &editor(), reply(true)).unwrap_err(), "no_consent");
    assert!(!run(&without, &editor(), reply(false)).unwrap().is_public());
    let with = letter(Category::Suggestion, None, true);
    assert!(!run(&with, &editor(), reply(false)).unwrap().is_public(), "consent alone publishes nothing");
    let ctx = Context { today: day("2026-03-05"), hand_over_to: None, route_serial: Some(2) };
    let change = decide(&with, &ctx, &editor(), reply(true)).unwrap();
    assert!(change.after.is_public() && change.public);
    let report = letter(Category::Report, Some("王某"), true);
    assert_eq!(run(&report, &supervisor(), reply(true)).unwrap_err(), "report_not_public");
}

#[test]
fn a_published_reply_can_be_taken_down_with_a_reason() {
    let o = run(&letter(Category::Inquiry, None, true), &editor(), reply(true)).unwrap();
    let down = Command::Unpublish { reason: "来信中含有他人电话号码".into() };
    let reviewer = person("reviewer_a", Role::Reviewer, Some("st-a"));
    assert_eq!(run(&o, &reviewer, Command::Unpublish { reason: " ".into() }).unwrap_err(), "missing_field");
    let taken = run(&o, &reviewer, down.clone()).unwrap();
    assert!(!taken.is_public());
    assert_eq!(taken.state, OpinionState::Replied);
    assert_eq!(run(&taken, &editor(), down.clone()).unwrap_err(), "not_published");
    let other = person("reviewer_b", Role::Reviewer, Some("st-b"));
    assert_eq!(run(&o, &other, down).unwrap_err(), "opinion_not_found");
}

#[test]
fn the_first_handler_keeps_a_letter_until_handing_it_over() {
    let o = run(&letter(Category::Complaint, None, false), &editor(), Command::Accept).unwrap();
    let colleague = person("editor_a2", Role::Editor, Some("st-a"));
    assert_eq!(run(&o, &colleague, reply(false)).unwrap_err(), "first_handler");
    let hand_over = |to: &Actor| {
        let ctx = Context { today: day("2026-03-05"), hand_over_to: Some(to), route_serial: None };
        decide(&o, &ctx, &editor(), Command::HandOver { to: to.username.clone() }).map(|c| c.after).map_err(|e| e.code)
    };
    assert_eq!(hand_over(&person("editor_b", Role::Editor, Some("st-b"))).unwrap_err(), "invalid_handler");
    assert_eq!(hand_over(&supervisor()).unwrap_err(), "invalid_handler");
    let o = hand_over(&colleague).unwrap();
    assert_eq!(o.handler.as_deref(), Some("editor_a2"));
    assert!(run(&o, &colleague, reply(false)).is_ok());
}

#[test]
fn routing_sends_a_letter_to_another_unit_and_its_staff() {
    let o = run(&letter(Category::Inquiry, None, false), &editor(), Command::Accept).unwrap();
    assert_eq!(run(&o, &editor(), Command::Route { to: org("st-a") }).unwrap_err(), "same_org");
    let routed = run(&o, &editor(), Command::Route { to: org("st-b") }).unwrap();
    assert_eq!((routed.state, routed.handler.as_deref()), (OpinionState::Received, None));
    // The receiving unit's next number (the context gives 2), so its numbers stay its own.
    assert_eq!((routed.number.to_string(), routed.number.org.as_str()), ("2026-00002".into(), "st-b"));
    assert!(!may_see(&editor(), &routed));
    assert!(run(&routed, &person("editor_b", Role::Editor, Some("st-b")), Command::Accept).is_ok());
}

#[test]
fn the_history_the_sender_sees_leaves_out_hand_overs() {
    let public: Vec<_> = OpinionAction::ALL.iter().filter(|a| a.is_public()).collect();
    assert!(!public.contains(&&OpinionAction::HandOver));
    assert!(public.contains(&&OpinionAction::Reply));
}
