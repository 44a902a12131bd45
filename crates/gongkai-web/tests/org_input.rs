//! Bad input to organisation details and catalogue additions, and to one's own password:
//! each refused with its code and a Chinese message, nothing stored.

mod common;

use common::TestApp;
use serde_json::json;

on_both_backends!(org_details_and_catalogue_additions_refuse_bad_input, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let other = app.token("editor_b").await;
    let reviewer = app.token("reviewer_a").await;
    // Headings two levels deep in st-a with a leaf below, and one addition of st-b's own.
    for (code, parent) in [("st-a-1", None), ("st-a-2", Some("st-a-1"))] {
        let body = json!({ "code": code, "parent": parent, "name": "本单位事项" });
        assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/catalog", body).await.0, 201);
    }
    let leaf = json!({ "code": "st-a-3", "parent": "st-a-2", "name": "本单位公开内容",
                       "leaf": { "domain": "government", "time_class": "anytime" } });
    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/catalog", leaf).await.0, 201);
    assert_eq!(
        app.post(&other, "/api/v1/orgs/st-b/catalog", json!({ "code": "st-b-1", "name": "乙事项" })).await.0,
        201
    );
    let audit_before = app.count("audit_log").await;
    let catalog_before = app.count("catalog_items").await;
    let (_, org_before) = app.get_json(None, "/api/v1/orgs/st-a").await;

    let leader = |fields: serde_json::Value| json!({ "address": "东湖路1号", "leaders": [fields] });
    let cases = [
        (leader(json!({ "post": "党工委书记" })), 422, "missing_field"),
        (leader(json!({ "name": "李明", "post": "书记", "phone": "1".repeat(31) })), 422, "field_too_long"),
        (json!({ "address": "路".repeat(201) }), 422, "field_too_long"),
        (leader(json!({ "name": "名".repeat(21), "post": "书记" })), 422, "field_too_long"),
        (json!({ "leaders": "李明|书记" }), 400, "invalid_body"),
        (json!({ "adress": "东湖路1号" }), 400, "invalid_body"),
        (json!({ "leaders": vec![json!({ "name": "某", "post": "委员" }); 31] }), 422, "too_many_leaders"),
    ];
    for (body, status, code) in cases {
        let (got, answer) = app.put(&editor, "/api/v1/orgs/st-a", body.clone()).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{body}");
        assert!(answer["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    assert_eq!(app.put(&other, "/api/v1/orgs/st-a", json!({ "address": "别处" })).await.0, 403);
    assert_eq!(app.put(&reviewer, "/api/v1/orgs/st-a", json!({ "address": "别处" })).await.0, 403);
    assert_eq!(app.put("not-a-token", "/api/v1/orgs/st-a", json!({ "address": "别处" })).await.0, 401);
    assert_eq!(app.put(&editor, "/api/v1/orgs/no-such-org", json!({})).await.0, 404);

    let leaf = |time_class: &str| json!({ "domain": "government", "time_class": time_class });
    let cases = [
        (json!({ "code": "st-a-x" }), 422, "missing_field"),
        (json!({ "code": "st a x", "name": "事项" }), 422, "invalid_catalog_code"),
        (json!({ "code": "st-a-x", "name": "事项", "leaf": leaf("forever") }), 422, "invalid_time_class"),
        (json!({ "code": "st-a-x", "name": "事项", "leaf": { "time_class": "short" } }), 422, "missing_field"),
        (json!({ "code": "st-a-x", "parent": "no-such-item", "name": "事项" }), 422, "unknown_catalog_item"),
        (json!({ "code": "st-a-x", "parent": "zw-short", "name": "事项" }), 422, "catalog_parent_is_leaf"),
        (
            json!({ "code": "zw-short", "parent": "zw", "name": "重复", "leaf": leaf("short") }),
            409,
            "duplicate_catalog_code",
        ),
        (json!({ "code": "st-a-x", "name": 7 }), 400, "invalid_body"),
        (json!({ "code": "x".repeat(41), "name": "事项" }), 422, "field_too_long"),
        (json!({ "code": "st-a-x", "name": "事".repeat(101) }), 422, "field_too_long"),
        (json!({ "code": "st-a-x", "name": "事项", "leaf": {} }), 422, "missing_field"),
        (
            json!({ "code": "st-a-x", "name": "事项", "leaf": { "domain": "party", "time_class": "short", "power": "兵权" } }),
            422,
            "invalid_power",
        ),
        (json!({ "code": "st-a-x", "parent": "st-b-1", "name": "事项" }), 422, "unknown_catalog_item"),
        (json!({ "code": "st-a-x", "parent": "st-a-3", "name": "第四级" }), 422, "invalid_catalog_level"),
        (json!({ "code": "st-a-x", "parent": "st-a-2", "name": "三级分类" }), 422, "catalog_heading_too_deep"),
        (json!({ "code": "st-a-2", "parent": "st-a-1", "name": "重复" }), 409, "duplicate_catalog_code"),
        (
            json!({ "code": "st-a-x", "name": "事项", "leaf": { "domain": "party", "time_class": "short", "basis": "x", "bases": "y" } }),
            400,
            "invalid_body",
        ),
    ];
    for (body, status, code) in cases {
        let (got, answer) = app.post(&editor, "/api/v1/orgs/st-a/catalog", body.clone()).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{body}");
    }
    for raw in ["", "不是JSON"] {
        let response = app
            .client
            .post(app.url("/api/v1/orgs/st-a/catalog"))
            .bearer_auth(&editor)
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 400, "{raw:?}");
    }
    let addition = json!({ "code": "st-a-x", "name": "事项" });
    assert_eq!(app.post(&editor, "/api/v1/orgs/no-such-org/catalog", addition.clone()).await.0, 404);
    assert_eq!(app.post("not-a-token", "/api/v1/orgs/st-a/catalog", addition.clone()).await.0, 401);
    assert_eq!(app.post(&other, "/api/v1/orgs/st-a/catalog", addition.clone()).await.0, 403);
    assert_eq!(app.post(&reviewer, "/api/v1/orgs/st-a/catalog", addition).await.0, 403);

    assert_eq!(app.count("audit_log").await, audit_before, "nothing audited");
    assert_eq!(app.count("catalog_items").await, catalog_before, "no catalogue item stored");
    assert_eq!(app.get_json(None, "/api/v1/orgs/st-a").await.1, org_before, "the organisation is unchanged");
});

on_both_backends!(phones_headings_and_passwords_are_checked, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let (status, body) = app.put(&editor, "/api/v1/orgs/st-a", json!({ "phone": "abc" })).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_phone")));
    let leader = json!({ "leaders": [{ "name": "李明", "post": "书记", "phone": "电话待定" }] });
    assert_eq!(app.put(&editor, "/api/v1/orgs/st-a", leader).await.1["code"], "invalid_phone");
    let (_, org) = app.get_json(None, "/api/v1/orgs/st-a").await;
    assert_eq!(org["address"], "测试路1号", "nothing was replaced");

    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/catalog", json!({ "code": "a-1", "name": "一级" })).await.0, 201);
    let second = json!({ "code": "a-2", "parent": "a-1", "name": "二级" });
    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/catalog", second).await.0, 201);
    let third = json!({ "code": "a-3", "parent": "a-2", "name": "三级分类" });
    let (status, body) = app.post(&editor, "/api/v1/orgs/st-a/catalog", third).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("catalog_heading_too_deep")));

    let same = json!({ "current_password": common::PASSWORD, "new_password": common::PASSWORD });
    let (status, body) = app.put(&editor, "/api/v1/session/password", same).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("same_password")));
});
