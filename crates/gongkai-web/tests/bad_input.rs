//! Every kind of bad input gets a clear answer with the right status, and nothing is
//! stored.

mod common;

use common::{TestApp, PNG};
use serde_json::json;

async fn create(app: &TestApp, body: serde_json::Value) -> (u16, serde_json::Value) {
    let editor = app.token("editor_a").await;
    app.post(&editor, "/api/v1/disclosures", body).await
}

fn good() -> serde_json::Value {
    json!({ "org": "st-a", "catalog_item": "zw-any", "title": "标题", "body": "<p>正文</p>" })
}

on_both_backends!(missing_overlong_and_mistyped_fields, |app: TestApp| async move {
    let before = app.count("records").await;
    let mut missing = good();
    missing.as_object_mut().unwrap().remove("title");
    let (status, body) = create(&app, missing).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("missing_field")));
    assert!(body["message"].as_str().unwrap().contains("标题"));
    let mut long = good();
    long["title"] = json!("长".repeat(201));
    let (status, body) = create(&app, long).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("field_too_long")));
    let mut mistyped = good();
    mistyped["title"] = json!(12345);
    let (status, body) = create(&app, mistyped).await;
    assert_eq!((status, body["code"].as_str()), (400, Some("invalid_body")));
    let mut bad_date = good();
    bad_date["publicity_end"] = json!("2026-13-45");
    assert_eq!(create(&app, bad_date).await.0, 422);
    assert_eq!(app.count("records").await, before, "nothing stored");
});

on_both_backends!(unknown_org_and_catalog_codes, |app: TestApp| async move {
    let before = app.count("records").await;
    let mut org = good();
    org["org"] = json!("no-such-org");
    let (status, body) = create(&app, org).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("unknown_org")));
    let mut item = good();
    item["catalog_item"] = json!("no-such-item");
    let (status, body) = create(&app, item).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("unknown_catalog_item")));
    let mut branch = good();
    branch["catalog_item"] = json!("zw");
    assert_eq!(create(&app, branch).await.1["code"], "catalog_item_not_leaf");
    assert_eq!(app.count("records").await, before);
});

on_both_backends!(publicity_shorter_than_time_class_is_refused, |app: TestApp| async move {
    let before = app.count("records").await;
    let mut short = good();
    short["catalog_item"] = json!("zw-short");
    short["publicity_start"] = json!("2026-11-02");
    short["publicity_end"] = json!("2026-11-05");
    let (status, body) = create(&app, short).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("publicity_too_short")));
    let message = body["message"].as_str().unwrap();
    assert!(message.contains("短期公开") && message.contains("1周"), "{message}");
    assert_eq!(app.count("records").await, before);
});

on_both_backends!(illegal_transitions_conflict, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let id = app.draft(&editor, "草稿").await;
    let (status, body) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("illegal_transition")));
    let (status, _) =
        app.post(&reviewer, &format!("/api/v1/disclosures/{id}/withdraw"), json!({ "reason": "x" })).await;
    assert_eq!(status, 409);
    let (_, record) = app.get_json(Some(&editor), &format!("/api/v1/disclosures/{id}")).await;
    assert_eq!(record["state"], "draft", "unchanged");
});

on_both_backends!(reviewer_is_never_the_author, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let id = app.draft(&admin, "管理员起草").await;
    app.post(&admin, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (status, body) = app.post(&admin, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("reviewer_is_author")));
    let (_, record) = app.get_json(Some(&admin), &format!("/api/v1/disclosures/{id}")).await;
    assert_eq!(record["state"], "submitted");
});

on_both_backends!(another_orgs_objects_are_out_of_reach, |app: TestApp| async move {
    let editor_a = app.token("editor_a").await;
    let editor_b = app.token("editor_b").await;
    let reviewer_b = app.token("reviewer_b").await;
    let draft = app.draft(&editor_a, "东湖街道草稿").await;
    // Reading, editing, submitting, reviewing, revising and attaching to another unit's draft.
    assert_eq!(app.get_json(Some(&editor_b), &format!("/api/v1/disclosures/{draft}")).await.0, 404);
    assert_eq!(app.get_json(None, &format!("/api/v1/disclosures/{draft}")).await.0, 404);
    let put = app
        .client
        .put(app.url(&format!("/api/v1/disclosures/{draft}")))
        .bearer_auth(&editor_b)
        .json(&json!({ "org": "st-a", "catalog_item": "zw-any", "title": "改", "body": "<p>改</p>" }))
        .send()
        .await
        .unwrap();
    assert_eq!(put.status(), 404);
    for action in ["submit", "approve", "reject", "withdraw", "revise"] {
        let token = if matches!(action, "approve" | "reject" | "withdraw") { &reviewer_b } else { &editor_b };
        let body = if action == "revise" { json!({ "change_note": "x" }) } else { json!({ "reason": "x" }) };
        let body = if matches!(action, "submit" | "approve") { json!({}) } else { body };
        let (status, _) = app.post(token, &format!("/api/v1/disclosures/{draft}/{action}"), body).await;
        assert_eq!(status, 404, "{action} on another unit's draft");
    }
    let part = reqwest::multipart::Part::bytes(PNG.to_vec()).file_name("a.png");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/disclosures/{draft}/attachments")))
        .bearer_auth(&editor_b)
        .multipart(reqwest::multipart::Form::new().part("file", part))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    // Creating in another unit.
    let (status, _) = app.post(&editor_b, "/api/v1/disclosures", good()).await;
    assert_eq!(status, 403);
    // A published record of another unit is visible but cannot be changed.
    let published = app.published("东湖街道已公开").await;
    let (status, _) =
        app.post(&reviewer_b, &format!("/api/v1/disclosures/{published}/withdraw"), json!({ "reason": "x" })).await;
    assert_eq!(status, 403);
    let (status, _) =
        app.post(&editor_b, &format!("/api/v1/disclosures/{published}/revise"), json!({ "change_note": "x" })).await;
    assert_eq!(status, 403);
    let (_, record) = app.get_json(Some(&editor_a), &format!("/api/v1/disclosures/{draft}")).await;
    assert_eq!((record["title"].as_str(), record["state"].as_str()), (Some("东湖街道草稿"), Some("draft")));
    assert_eq!(app.count("attachments").await, 0);
});

on_both_backends!(uploads_are_checked_by_content_and_size, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "附件测试").await;
    let (status, body) = app.upload(&editor, &id, "公示.pdf", PNG.to_vec()).await;
    assert_eq!((status, body["code"].as_str()), (415, Some("unsupported_media_type")));
    let (status, _) = app.upload(&editor, &id, "run.exe", b"MZ\x90\0".to_vec()).await;
    assert_eq!(status, 415);
    assert_eq!(app.count("attachments").await, 0);
    let (status, body) = app.upload(&editor, &id, "现场照片.png", PNG.to_vec()).await;
    assert_eq!(status, 201, "{body}");
    let file = app.client.get(app.url(&format!("/files/{}", body["id"].as_str().unwrap()))).send().await.unwrap();
    assert_eq!(file.status(), 404, "attachments of unpublished records are not public");
});

#[tokio::test]
async fn oversize_upload_is_refused_with_413() {
    let config = gongkai_web::WebConfig { max_upload_bytes: 64 * 1024, ..Default::default() };
    let app = common::spawn_app_with(common::Backend::Sqlite, config).await.unwrap();
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "大附件").await;
    let mut big = PNG.to_vec();
    big.resize(200 * 1024, 0);
    let (status, body) = app.upload(&editor, &id, "big.png", big).await;
    assert_eq!((status, body["code"].as_str()), (413, Some("payload_too_large")));
    assert_eq!(app.count("attachments").await, 0);
}

on_both_backends!(five_wrong_passwords_are_rate_limited, |app: TestApp| async move {
    for _ in 0..5 {
        let (status, body) =
            app.post("", "/api/v1/session", json!({ "username": "editor_a", "password": "wrong" })).await;
        assert_eq!((status, body["code"].as_str()), (401, Some("bad_credentials")));
    }
    let (status, body) =
        app.post("", "/api/v1/session", json!({ "username": "editor_a", "password": common::PASSWORD })).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("rate_limited")));
});

on_both_backends!(forms_without_the_right_csrf_token_are_refused, |app: TestApp| async move {
    // Sign in through the login form (double-submit token).
    let (cookie, token) = app.login_form().await;
    let no_csrf = app
        .client
        .post(app.url("/admin/login"))
        .header("cookie", &cookie)
        .form(&[("username", "editor_a"), ("password", common::PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(no_csrf.status(), 403);
    let login = app
        .client
        .post(app.url("/admin/login"))
        .header("cookie", &cookie)
        .form(&[("username", "editor_a"), ("password", common::PASSWORD), ("csrf", token.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let session = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert!(login.headers()["set-cookie"].to_str().unwrap().contains("HttpOnly"));
    let before = app.count("records").await;
    let draft = [("org", "st-a"), ("catalog_item", "zw-any"), ("title", "表单起草"), ("body", "<p>x</p>")];
    for csrf in [None, Some("wrong")] {
        let mut fields = draft.to_vec();
        if let Some(c) = csrf {
            fields.push(("csrf", c));
        }
        let r =
            app.client.post(app.url("/admin/records")).header("cookie", &session).form(&fields).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert!(r.text().await.unwrap().contains("表单已失效"));
    }
    assert_eq!(app.count("records").await, before);
    // With the session's token the same form works.
    let dashboard = app
        .client
        .get(app.url("/admin/records/new"))
        .header("cookie", &session)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = dashboard.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let mut fields = draft.to_vec();
    fields.push(("csrf", csrf.as_str()));
    let r = app.client.post(app.url("/admin/records")).header("cookie", &session).form(&fields).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(app.count("records").await, before + 1);
});

on_both_backends!(unknown_stage_matter_and_action, |app: TestApp| async move {
    let before = (app.count("records").await, app.count("matters").await);
    let mut stage = good();
    stage["stage"] = json!("其他阶段");
    let (status, body) = create(&app, stage).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_stage")));
    let mut matter = good();
    matter["matter"] = json!("no-such-matter");
    let (status, body) = create(&app, matter).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("unknown_matter")));
    assert!(body["message"].as_str().unwrap().contains("事项"));
    assert_eq!((app.count("records").await, app.count("matters").await), before);
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "草稿").await;
    let (status, body) = app.post(&editor, &format!("/api/v1/disclosures/{id}/publish-now"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("route_not_found")), "there is no such action");
});

on_both_backends!(back_office_forms_explain_bad_input_in_chinese, |app: TestApp| async move {
    let (session, csrf) = app.web_session("editor_a").await;
    let (status, page) = app
        .post_form(
            &session,
            "/admin/org",
            &[
                ("csrf", &csrf),
                ("code", "st-a"),
                ("leader_name", "张三"),
                ("leader_post", "党工委书记"),
                ("leader_duties", "主持全面工作"),
                ("leader_phone", "0571-1"),
                ("leader_name", "只有名字"),
                ("leader_post", ""),
                ("leader_duties", ""),
                ("leader_phone", ""),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(page.contains("领导班子第2人：") && page.contains("只有名字"), "{page}");
    assert_eq!(app.count("org_changes").await, 0);
    let (_, org) = app.get_json(None, "/api/v1/orgs/st-a").await;
    assert_eq!(org["leaders"], json!([]), "nothing stored");
    let before = app.count("catalog_items").await;
    let duplicate =
        [("csrf", csrf.as_str()), ("org", "st-a"), ("code", "zw-short"), ("name", "重复事项"), ("parent", "zw")];
    let (status, page) = app.post_form(&session, "/admin/catalog", &duplicate).await;
    assert_eq!(status, 409);
    assert!(page.contains("已被使用"), "{page}");
    let (status, _) = app
        .post_form(&session, "/admin/catalog", &[("csrf", &csrf), ("org", "st-a"), ("code", "new-item"), ("name", "")])
        .await;
    assert_eq!(status, 422);
    assert_eq!(app.count("catalog_items").await, before);
});

on_both_backends!(who_may_act_is_answered_before_what_they_typed, |app: TestApp| async move {
    let published = app.published("已公开").await;
    let supervisor_token = {
        let hash = gongkai_web::auth::hash_password(common::PASSWORD.into()).await.unwrap();
        let user = gongkai_store::users::NewUser {
            username: "sup",
            display_name: "监督员",
            password_hash: &hash,
            role: gongkai_core::access::Role::Supervisor,
            org: None,
            one_time: false,
        };
        app.store.add_user("test", user).await.unwrap();
        app.token("sup").await
    };
    for (action, body) in [("revise", json!({})), ("withdraw", json!({})), ("withdraw", json!({ "reason": "" }))] {
        let (status, answer) =
            app.post(&supervisor_token, &format!("/api/v1/disclosures/{published}/{action}"), body).await;
        assert_eq!((status, answer["code"].as_str()), (403, Some("forbidden")), "{action}");
    }
    let reviewer = app.token("reviewer_a").await;
    let (status, answer) = app.post(&reviewer, &format!("/api/v1/disclosures/{published}/withdraw"), json!({})).await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (422, Some("missing_field")),
        "the right actor is asked for the reason"
    );
    assert!(answer["message"].as_str().unwrap().contains("撤回理由"));
});
