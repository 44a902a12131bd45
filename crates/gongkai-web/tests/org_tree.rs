//! The organisation tree as administrators shape it through the API: creating, renaming,
//! moving and closing organisations, each kind only where it belongs; what a closed
//! organisation keeps (its public records and page) and what it loses (its place in the
//! lists, new drafts).

mod common;

use common::TestApp;
use serde_json::json;

on_both_backends!(an_administrator_builds_the_tree, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let new = json!({ "code": "st-c", "name": "南湖街道", "kind": "street", "parent": "city" });
    let (status, body) = app.post(&admin, "/api/v1/orgs", new).await;
    // The fixture's city stands alone at the top: a street needs a district above it.
    assert_eq!((status, body["code"].as_str()), (422, Some("org_misplaced")), "{body}");
    assert_eq!(body["message"], "街道不能设在市之下，只能设在县(市)区之下");

    let district = json!({ "code": "d-1", "name": "东湖区", "kind": "district", "parent": "city" });
    assert_eq!(app.post(&admin, "/api/v1/orgs", district).await.0, 201);
    let street = json!({ "code": "st-c", "name": "南湖街道", "kind": "街道", "parent": "d-1" });
    let (status, created) = app.post(&admin, "/api/v1/orgs", street).await;
    assert_eq!((status, created["kind"].as_str(), created["parent"].as_str()), (201, Some("street"), Some("d-1")));
    let (_, listed) = app.get_json(None, "/api/v1/orgs").await;
    assert!(listed.as_array().unwrap().iter().any(|o| o["code"] == "st-c"), "listed at once");
    assert!(app.page("/xxgk").await.1.contains("南湖街道"), "and on the portal");
    let (_, catalog) = app.get_json(None, "/api/v1/orgs/st-c/catalog").await;
    assert!(!catalog.as_array().unwrap().is_empty(), "a new street follows the street template");

    let (status, renamed) = app.post(&admin, "/api/v1/orgs/st-c/rename", json!({ "name": "南湖街道办事处" })).await;
    assert_eq!((status, renamed["name"].as_str()), (200, Some("南湖街道办事处")));
    let (status, refused) = app.post(&admin, "/api/v1/orgs/d-1/move", json!({ "parent": "st-c" })).await;
    assert_eq!((status, refused["code"].as_str()), (422, Some("org_cycle")));
    assert_eq!(app.audited("rename_org", "st-c").await, 1);
});

on_both_backends!(only_administrators_shape_the_tree_and_bad_input_stores_nothing, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let editor = app.token("editor_a").await;
    let good = json!({ "code": "d-2", "name": "西湖区", "kind": "district", "parent": "city" });
    assert_eq!(app.post(&editor, "/api/v1/orgs", good.clone()).await.0, 403);
    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/rename", json!({ "name": "改名" })).await.0, 403);
    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/close", json!({})).await.0, 403);
    let before = app.count("orgs").await;
    for (body, status, code) in [
        (json!({ "code": "st-a", "name": "重复", "kind": "street", "parent": "city" }), 409, "duplicate_org_code"),
        (json!({ "code": "d 2", "name": "西湖区", "kind": "district", "parent": "city" }), 422, "invalid_org_code"),
        (json!({ "code": "d-2", "name": "西湖区", "kind": "province", "parent": "city" }), 422, "invalid_org_kind"),
        (json!({ "code": "d-2", "name": "西湖区", "kind": "district" }), 422, "org_needs_parent"),
        (json!({ "code": "d-2", "name": "西湖区", "kind": "district", "parent": "nowhere" }), 422, "unknown_org"),
        (json!({ "code": "d-2", "name": "", "kind": "district", "parent": "city" }), 422, "missing_field"),
        (json!({ "code": "d-2", "name": "\u{200b}", "kind": "district", "parent": "city" }), 422, "invalid_characters"),
        (json!({ "code": "d-2", "name": "西湖\n区", "kind": "district", "parent": "city" }), 422, "invalid_characters"),
        (json!({ "code": "ST-A", "name": "东湖", "kind": "district", "parent": "city" }), 409, "duplicate_org_code"),
        (json!({ "code": "d-2", "name": "西湖区", "kind": "district" , "parent": null, "x": 1 }), 400, "invalid_body"),
        (json!({ "name": "西湖区", "kind": "district", "parent": "city" }), 400, "missing_field"),
        (
            json!({ "code": "d-2", "name": "西湖区", "kind": "district", "parent": "city", "leader": "x" }),
            400,
            "invalid_body",
        ),
    ] {
        let (got, answer) = app.post(&admin, "/api/v1/orgs", body.clone()).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{body}");
    }
    assert_eq!(app.count("orgs").await, before, "nothing stored");
    assert_eq!(app.post(&admin, "/api/v1/orgs/nowhere/rename", json!({ "name": "某地" })).await.0, 404);
});

on_both_backends!(a_closed_organisation_keeps_its_records_and_takes_no_new_work, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let record = app.published("撤销前公开的通知").await;
    let editor = app.token("editor_a").await;
    let unit_draft = app.draft(&editor, "撤销前的草稿").await;
    let submitted = app.draft(&editor, "撤销前送审的稿件").await;
    assert_eq!(app.post(&editor, &format!("/api/v1/disclosures/{submitted}/submit"), json!({})).await.0, 200);
    let (status, closed) = app.post(&admin, "/api/v1/orgs/st-a/close", json!({})).await;
    assert_eq!((status, closed["closed_on"].as_str()), (200, Some("2026-03-02")), "{closed}");

    let (_, listed) = app.get_json(None, "/api/v1/orgs").await;
    assert!(!listed.as_array().unwrap().iter().any(|o| o["code"] == "st-a"), "out of the list");
    let (status, page) = app.page("/org/st-a").await;
    assert_eq!(status, 200);
    assert!(page.contains("本单位已于2026-03-02撤销"), "its page says so");
    assert_eq!(app.page(&format!("/d/{record}")).await.0, 200, "its records stay public");
    assert_eq!(app.get_json(None, &format!("/api/v1/disclosures/{record}")).await.0, 200);

    let draft = json!({ "org": "st-a", "catalog_item": "zw-any", "title": "撤销后", "body": "<p>正文</p>" });
    let (status, refused) = app.post(&editor, "/api/v1/disclosures", draft).await;
    assert_eq!((status, refused["code"].as_str()), (409, Some("org_closed")));
    // Nothing already under way goes any further.
    let reviewer = app.token("reviewer_a").await;
    for (token, path) in [
        (&editor, format!("/api/v1/disclosures/{unit_draft}/submit")),
        (&reviewer, format!("/api/v1/disclosures/{submitted}/approve")),
    ] {
        let (status, body) = app.post(token, &path, json!({})).await;
        assert_eq!((status, body["code"].as_str()), (409, Some("org_closed")), "{path}");
    }
    let details = json!({ "address": "某地", "phone": null, "first_responsible": null, "leaders": [] });
    assert_eq!(app.put(&editor, "/api/v1/orgs/st-a", details).await.1["code"], "org_closed");
    let item = json!({ "code": "x-1", "parent": "zw", "name": "增补", "leaf": { "time_class": "anytime", "domain": "party" } });
    assert_eq!(app.post(&editor, "/api/v1/orgs/st-a/catalog", item).await.1["code"], "org_closed");
    let account = json!({ "username": "late.editor", "role": "editor", "org": "st-a" });
    assert_eq!(app.post(&admin, "/api/v1/users", account).await.1["code"], "org_closed");
    let (status, _) = app
        .post(&reviewer, &format!("/api/v1/disclosures/{record}/withdraw"), json!({ "reason": "单位撤销，内容失效" }))
        .await;
    assert_eq!(status, 200, "what it published can still be withdrawn");
    let (status, again) = app.post(&admin, "/api/v1/orgs/st-a/close", json!({})).await;
    assert_eq!((status, again["code"].as_str()), (409, Some("org_closed")));
    let (status, parent) = app.post(&admin, "/api/v1/orgs/city/close", json!({})).await;
    assert_eq!((status, parent["code"].as_str()), (409, Some("org_has_children")), "st-b is still open");
});

on_both_backends!(units_are_renamed_moved_and_closed_in_the_back_office, |app: TestApp| async move {
    let (session, csrf) = app.web_session("admin").await;
    let admin = app.token("admin").await;
    let unit = json!({ "code": "cm-1", "name": "东湖社区", "kind": "community", "parent": "st-a" });
    assert_eq!(app.post(&admin, "/api/v1/orgs", unit).await.0, 201);
    let (status, page) = app
        .post_form(&session, "/admin/orgs/rename", &[("csrf", &csrf), ("code", "cm-1"), ("name", "东湖新村社区")])
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("“东湖社区”已更名为“东湖新村社区”"), "{page}");
    let (status, page) =
        app.post_form(&session, "/admin/orgs/move", &[("csrf", &csrf), ("code", "cm-1"), ("parent", "st-b")]).await;
    assert_eq!((status, page.contains("已划转")), (200, true));
    assert_eq!(app.get_json(None, "/api/v1/orgs/cm-1").await.1["parent"], "st-b");
    // Refusals say why and change nothing: a sibling's name, no change at all, a unit
    // under itself, closing unconfirmed, a unit with open children.
    let (status, page) =
        app.post_form(&session, "/admin/orgs/rename", &[("csrf", &csrf), ("code", "st-b"), ("name", "东湖街道")]).await;
    assert_eq!((status, page.contains("同一上级单位下已有名为“东湖街道”的单位")), (422, true));
    let (status, page) =
        app.post_form(&session, "/admin/orgs/move", &[("csrf", &csrf), ("code", "cm-1"), ("parent", "st-b")]).await;
    assert_eq!((status, page.contains("未作修改")), (422, true));
    assert!(!page.contains("style=\""), "the tree's levels are classes: the CSP allows no inline style");
    let (status, page) =
        app.post_form(&session, "/admin/orgs/move", &[("csrf", &csrf), ("code", "st-b"), ("parent", "cm-1")]).await;
    assert_eq!((status, page.contains("notice error")), (422, true), "{page}");
    let (status, page) = app.post_form(&session, "/admin/orgs/close", &[("csrf", &csrf), ("code", "cm-1")]).await;
    assert_eq!((status, page.contains("请先勾选确认")), (422, true));
    let (status, _) =
        app.post_form(&session, "/admin/orgs/close", &[("csrf", &csrf), ("code", "st-b"), ("confirm", "yes")]).await;
    assert_eq!(status, 422);
    assert!(app.get_json(None, "/api/v1/orgs/st-b").await.1["closed_on"].is_null());
    let (status, page) =
        app.post_form(&session, "/admin/orgs/close", &[("csrf", &csrf), ("code", "cm-1"), ("confirm", "yes")]).await;
    assert_eq!((status, page.contains("已于2026-03-02撤销")), (200, true), "{page}");
    // Pages about "the user's unit" ask an administrator which one.
    let r = app.client.get(app.url("/admin/org")).header("cookie", &session).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("/admin/org?code=st-a"));
    let r = app.client.get(app.url("/admin/catalog")).header("cookie", &session).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("/admin/catalog?code=st-b"));
    // Only administrators shape the tree.
    let (editor, editor_csrf) = app.web_session("editor_a").await;
    let (status, _) = app
        .post_form(&editor, "/admin/orgs/rename", &[("csrf", &editor_csrf), ("code", "st-a"), ("name", "改名")])
        .await;
    assert_eq!(status, 403);
    assert_eq!(app.get_json(None, "/api/v1/orgs/st-a").await.1["name"], "东湖街道");
});
