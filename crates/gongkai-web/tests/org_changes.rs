//! 四眼原则 for organisation details: an editor's change is public only once a second
//! person of the unit approves it; returned with a reason otherwise; invisible outside the
//! unit; and the back office edits the leadership team as rows.

mod common;

use common::TestApp;
use serde_json::json;

fn details(address: &str) -> serde_json::Value {
    json!({ "address": address, "phone": "0571-8800001", "first_responsible": "李明",
            "leaders": [{ "name": "李明", "post": "党工委书记", "duties": "主持党工委全面工作" }] })
}

on_both_backends!(a_change_waits_for_a_second_person, |app: TestApp| async move {
    let (editor, reviewer, admin) =
        (app.token("editor_a").await, app.token("reviewer_a").await, app.token("admin").await);
    let public_address = || async { app.get_json(None, "/api/v1/orgs/st-a").await.1["address"].clone() };
    let before = public_address().await;
    let (status, change) = app.put(&editor, "/api/v1/orgs/st-a", details("东湖路1号")).await;
    assert_eq!((status, change["proposer"].as_str()), (202, Some("editor_a")));
    // Not public yet, on the page or in the API.
    assert_eq!(public_address().await, before);
    assert!(!app.page("/org/st-a").await.1.contains("东湖路1号"));
    // Unpublished work: another unit's staff and the public do not learn it exists.
    let other = app.token("editor_b").await;
    assert_eq!(app.get_json(Some(&other), "/api/v1/orgs/st-a/change").await.0, 404);
    assert_eq!(app.get_json(None, "/api/v1/orgs/st-a/change").await.0, 401);
    assert_eq!(app.post(&app.token("reviewer_b").await, "/api/v1/orgs/st-a/change/approve", json!({})).await.0, 404);
    assert_eq!(app.get_json(Some(&reviewer), "/api/v1/orgs/st-a/change").await.1["address"], "东湖路1号");
    // The proposer cannot approve it, even as an administrator.
    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/change/approve", json!({})).await.0, 403);
    let (status, _) = app.put(&admin, "/api/v1/orgs/st-a", details("东湖路2号")).await;
    assert_eq!(status, 202, "a newer proposal replaces the waiting one");
    let (status, body) = app.post(&admin, "/api/v1/orgs/st-a/change/approve", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("reviewer_is_author")));
    // Returning needs a reason; the public details stay as they were.
    let audit = app.count("audit_log").await;
    let (status, body) = app.post(&reviewer, "/api/v1/orgs/st-a/change/reject", json!({ "reason": " " })).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("missing_field")));
    assert_eq!(app.count("audit_log").await, audit);
    let (status, body) =
        app.post(&reviewer, "/api/v1/orgs/st-a/change/reject", json!({ "reason": "门牌号有误" })).await;
    assert_eq!(
        (status, body["state"].as_str(), body["returned"]["reason"].as_str()),
        (200, Some("returned"), Some("门牌号有误"))
    );
    assert_eq!(app.post(&reviewer, "/api/v1/orgs/st-a/change/approve", json!({})).await.0, 409);
    // The editor hears of it on the 工作台.
    let (session, _) = app.web_session("editor_a").await;
    let r = app.client.get(app.url("/admin")).header("cookie", &session).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("单位信息修改被 reviewer_a 退回：门牌号有误"));
    assert_eq!(public_address().await, before);
    // Proposed again and approved, it is public, audited and fed.
    app.put(&editor, "/api/v1/orgs/st-a", details("东湖路3号")).await;
    let (status, org) = app.post(&reviewer, "/api/v1/orgs/st-a/change/approve", json!({})).await;
    assert_eq!((status, org["address"].as_str()), (200, Some("东湖路3号")));
    assert!(app.page("/org/st-a").await.1.contains("东湖路3号"));
    assert_eq!(app.get_json(Some(&reviewer), "/api/v1/orgs/st-a/change").await.0, 404);
    assert_eq!(app.audited("update_org", "st-a").await, 1);
    assert_eq!(app.audited("propose_org_details", "st-a").await, 3);
    assert_eq!(app.audited("reject_org_details", "st-a").await, 1);
});

on_both_backends!(the_back_office_edits_leaders_as_rows, |app: TestApp| async move {
    let (session, csrf) = app.web_session("editor_a").await;
    let page = |session: String| {
        let app = &app;
        async move {
            let r = app.client.get(app.url("/admin/org")).header("cookie", session).send().await.unwrap();
            r.text().await.unwrap()
        }
    };
    let form = page(session.clone()).await;
    assert!(form.contains("name=\"leader_name\"") && !form.contains("<textarea name=\"leaders\""));
    let row = |name: &'static str, post: &'static str, duties: &'static str, phone: &'static str| {
        [("leader_name", name), ("leader_post", post), ("leader_duties", duties), ("leader_phone", phone)]
    };
    let fields = |second_post: &'static str| {
        let mut f = vec![
            ("csrf", csrf.as_str()),
            ("code", "st-a"),
            ("address", "东湖路8号"),
            ("phone", ""),
            ("first_responsible", "李明"),
        ];
        f.extend(row("李明", "党工委书记", "主持党工委全面工作", "0571-8800002"));
        f.extend(row("周芳", second_post, "主持办事处行政工作", ""));
        f.extend(row("", "", "", ""));
        f
    };
    // A row missing its post is refused, naming the row, with everything typed kept.
    let (status, refused) = app.post_form(&session, "/admin/org", &fields("")).await;
    assert_eq!(status, 422);
    assert!(
        refused.contains("领导班子第2人") && refused.contains("东湖路8号") && refused.contains("周芳"),
        "{refused}"
    );
    assert_eq!(app.count("org_changes").await, 0);
    // A field the form does not have (the old one-box leaders list) is refused in Chinese.
    let (status, refused) =
        app.post_form(&session, "/admin/org", &[("csrf", &csrf), ("code", "st-a"), ("leaders", "李明|书记")]).await;
    assert_eq!(status, 400);
    assert!(refused.contains("表单中有不认识的字段“leaders”"), "{refused}");
    let (status, _) = app.post_form(&session, "/admin/org", &fields("办事处主任")).await;
    assert_eq!(status, 303);
    let waiting = page(session).await;
    assert!(waiting.contains("待审核的修改") && waiting.contains("办事处主任"), "{waiting}");
    // The reviewer approves on the page; the blank row was not kept.
    let (reviewer, reviewer_csrf) = app.web_session("reviewer_a").await;
    assert!(page(reviewer.clone()).await.contains("审核通过"));
    let (status, _) =
        app.post_form(&reviewer, "/admin/org/change/approve", &[("csrf", &reviewer_csrf), ("code", "st-a")]).await;
    assert_eq!(status, 303);
    let (_, org) = app.get_json(None, "/api/v1/orgs/st-a").await;
    assert_eq!(org["leaders"].as_array().unwrap().len(), 2);
    assert_eq!(org["leaders"][0]["phone"], "0571-8800002");
    assert!(page(reviewer).await.contains("东湖路8号"));
});
