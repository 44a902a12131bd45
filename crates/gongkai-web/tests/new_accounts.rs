//! Accounts an administrator creates: a one-time password shown once, which signs in but
//! allows nothing until its owner has chosen a password of their own — on the API and in
//! the back office alike.

mod common;

use common::TestApp;
use serde_json::{json, Value};

async fn login(app: &TestApp, username: &str, password: &str) -> Value {
    let r = app
        .client
        .post(app.url("/api/v1/session"))
        .json(&json!({ "username": username, "password": password }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201, "login of {username}");
    r.json().await.unwrap()
}

on_both_backends!(an_administrator_creates_an_account_with_a_one_time_password, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let body = json!({ "username": "li.na", "role": "editor", "org": "st-a", "display_name": "李娜" });
    let (status, created) = app.post(&admin, "/api/v1/users", body).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(
        (created["username"].as_str(), created["role"].as_str(), created["org"].as_str()),
        (Some("li.na"), Some("editor"), Some("st-a"))
    );
    let one_time = created["password"].as_str().unwrap().to_owned();
    assert_eq!(one_time.chars().count(), 20);
    assert_eq!(app.audited("create_user", &app.user_id("li.na").await).await, 1);

    // The one-time password signs in, and the token can do nothing but change it.
    let session = login(&app, "li.na", &one_time).await;
    assert_eq!(session["must_change_password"], true);
    let token = session["token"].as_str().unwrap().to_owned();
    let draft = json!({ "org": "st-a", "catalog_item": "zw-any", "title": "第一条", "body": "<p>正文</p>" });
    let (status, refused) = app.post(&token, "/api/v1/disclosures", draft.clone()).await;
    assert_eq!((status, refused["code"].as_str()), (403, Some("password_change_required")));
    let unit_draft = app.draft(&app.token("editor_a").await, "本单位的草稿").await;
    let path = format!("/api/v1/disclosures/{unit_draft}");
    assert_eq!(app.get_json(Some(&token), &path).await.0, 404, "until then it reads as the public does");
    let change = json!({ "current_password": one_time, "new_password": "li-na-own-passphrase" });
    assert_eq!(app.put(&token, "/api/v1/session/password", change).await.0, 204);
    assert_eq!(app.post(&token, "/api/v1/disclosures", draft).await.0, 201, "now the account works");
    assert_eq!(app.get_json(Some(&token), &path).await.0, 200, "and sees its unit's drafts");
    assert_eq!(login(&app, "li.na", "li-na-own-passphrase").await["must_change_password"], false);
});

on_both_backends!(only_administrators_create_accounts_and_bad_ones_are_refused, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let editor = app.token("editor_a").await;
    let good = json!({ "username": "wang.fang", "role": "reviewer", "org": "st-a" });
    assert_eq!(app.post(&editor, "/api/v1/users", good.clone()).await.0, 403);
    let before = app.count("users").await;
    for (body, status, code) in [
        (json!({ "username": "wang.fang", "role": "reviewer" }), 422, "role_needs_org"),
        (json!({ "username": "wang.fang", "role": "admin", "org": "st-a" }), 422, "role_needs_org"),
        (json!({ "username": "王 芳", "role": "editor", "org": "st-a" }), 422, "invalid_username"),
        (json!({ "username": "wang.fang", "role": "mayor", "org": "st-a" }), 422, "invalid_role"),
        (json!({ "username": "wang.fang", "role": "editor", "org": "no-such" }), 422, "unknown_org"),
        (json!({ "username": "editor_a", "role": "editor", "org": "st-a" }), 409, "username_taken"),
        (json!({ "username": "EDITOR_A", "role": "editor", "org": "st-a" }), 409, "username_taken"),
        (json!({ "username": "System", "role": "admin" }), 422, "username_reserved"),
        (json!({ "username": " wang.fang", "role": "admin" }), 422, "invalid_username"),
        (
            json!({ "username": "wang.fang", "role": "editor", "org": "st-a", "display_name": "王\u{feff}芳" }),
            422,
            "invalid_characters",
        ),
        (json!({ "username": "wang.fang", "role": "editor", "org": "st-a", "admin": true }), 400, "invalid_body"),
    ] {
        let (got, answer) = app.post(&admin, "/api/v1/users", body.clone()).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{body}");
    }
    assert_eq!(app.count("users").await, before, "nothing stored");
    assert_eq!(app.post(&admin, "/api/v1/users", good).await.0, 201);
});

on_both_backends!(the_back_office_sends_a_one_time_password_to_choose_its_own, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let (_, created) = app.post(&admin, "/api/v1/users/reviewer_a/password", json!({})).await;
    let one_time = created["password"].as_str().unwrap().to_owned();
    let (cookie, csrf) = app.login_form().await;
    let login = app
        .client
        .post(app.url("/admin/login"))
        .header("cookie", &cookie)
        .form(&[("username", "reviewer_a"), ("password", one_time.as_str()), ("csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let session = login.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let dashboard = app.client.get(app.url("/admin")).header("cookie", &session).send().await.unwrap();
    assert_eq!(dashboard.status(), 303);
    assert_eq!(dashboard.headers()["location"], "/admin/password");
    let page = app.client.get(app.url("/admin/password")).header("cookie", &session).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains("您使用的是一次性密码"), "{page}");
    let csrf = page.split("name=\"csrf\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_owned();
    let fields = [
        ("csrf", csrf.as_str()),
        ("current_password", one_time.as_str()),
        ("new_password", "reviewer-own-passphrase"),
        ("repeat_password", "reviewer-own-passphrase"),
    ];
    let (status, page) = app.post_form(&session, "/admin/password", &fields).await;
    assert_eq!(status, 200, "{page}");
    let dashboard = app.client.get(app.url("/admin")).header("cookie", &session).send().await.unwrap();
    assert_eq!(dashboard.status(), 200, "the back office opens once the password is its owner's");
});

on_both_backends!(guessing_the_current_password_is_limited_like_logins, |app: TestApp| async move {
    let token = app.token("editor_a").await;
    let change = |current: &str| json!({ "current_password": current, "new_password": "a-new-passphrase" });
    for _ in 0..5 {
        let (status, body) = app.put(&token, "/api/v1/session/password", change("a-wrong-guess")).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("wrong_password")));
    }
    let (status, body) = app.put(&token, "/api/v1/session/password", change(common::PASSWORD)).await;
    assert_eq!((status, body["code"].as_str()), (429, Some("rate_limited")), "even the right one waits now");
});

on_both_backends!(a_disabled_account_gets_no_password_and_the_scheme_is_any_case, |app: TestApp| async move {
    let admin = app.token("admin").await;
    assert_eq!(app.post(&admin, "/api/v1/users/editor_b/disable", json!({})).await.0, 200);
    let (status, body) = app.post(&admin, "/api/v1/users/editor_b/password", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("account_disabled")), "{body}");
    let token = app.token("editor_a").await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let r = app
            .client
            .post(app.url("/api/v1/disclosures"))
            .header("authorization", format!("{scheme} {token}"))
            .json(&json!({ "org": "st-a", "catalog_item": "zw-any", "title": "大小写", "body": "<p>正文</p>" }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "{scheme}");
    }
});

on_both_backends!(the_back_office_manages_accounts, |app: TestApp| async move {
    let (editor_session, _) = app.web_session("editor_a").await;
    let refused = app.client.get(app.url("/admin/accounts")).header("cookie", &editor_session).send().await.unwrap();
    assert_eq!(refused.status(), 403, "only administrators");

    let (session, csrf) = app.web_session("admin").await;
    let page = app.client.get(app.url("/admin/accounts")).header("cookie", &session).send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains("editor_a") && page.contains("东湖街道"), "every account with its unit");

    let typed =
        [("csrf", csrf.as_str()), ("username", "zhou.li"), ("display_name", "周立"), ("role", "editor"), ("org", "")];
    let (status, page) = app.post_form(&session, "/admin/accounts", &typed).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("信息员和审核人必须指定所属单位") && page.contains("value=\"zhou.li\""),
        "the error, and what was typed"
    );

    let good = [
        ("csrf", csrf.as_str()),
        ("username", "zhou.li"),
        ("display_name", "周立"),
        ("role", "editor"),
        ("org", "st-a"),
    ];
    let (status, page) = app.post_form(&session, "/admin/accounts", &good).await;
    assert_eq!(status, 200);
    let password = page.split("<code>").nth(1).and_then(|p| p.split("</code>").next()).expect("the one-time password");
    assert_eq!(password.chars().count(), 20);
    let session_of_new = login(&app, "zhou.li", password).await;
    assert_eq!(session_of_new["must_change_password"], true);

    let (status, page) = app.post_form(&session, "/admin/accounts/zhou.li/password", &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, 200);
    assert!(page.contains("已重置 zhou.li 的密码"), "{page}");
    let (status, page) = app.post_form(&session, "/admin/accounts/zhou.li/disable", &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, 200);
    assert!(page.contains("已停用账号 zhou.li"), "{page}");
    assert_eq!(app.post_form(&session, "/admin/accounts/zhou.li/disable", &[("csrf", "forged")]).await.0, 403);
});

on_both_backends!(an_account_moves_to_another_role_and_unit, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let old_token = app.token("editor_a").await;
    let path = "/api/v1/users/editor_a/assignment";
    let (status, body) = app.put(&admin, path, json!({ "role": "reviewer", "org": "st-b" })).await;
    assert_eq!((status, body["role"].as_str(), body["org"].as_str()), (200, Some("reviewer"), Some("st-b")), "{body}");
    // What the old sessions were allowed has changed: they end.
    assert_eq!(app.get_json(Some(&old_token), "/api/v1/disclosures/nothing").await.0, 401);
    let cases = [
        (json!({ "role": "editor" }), 422, "role_needs_org"),
        (json!({ "role": "editor", "org": "nowhere" }), 422, "unknown_org"),
        (json!({ "role": "mayor", "org": "st-a" }), 422, "invalid_role"),
        (json!({ "role": "reviewer", "org": "st-b" }), 422, "unchanged"),
        (json!({ "role": "supervisor", "org": "st-b" }), 422, "role_needs_org"),
    ];
    let audit = app.count("audit_log").await;
    for (body, status, code) in cases {
        let (got, answer) = app.put(&admin, path, body.clone()).await;
        assert_eq!((got, answer["code"].as_str()), (status, Some(code)), "{body}");
    }
    assert_eq!(app.count("audit_log").await, audit, "nothing written");
    let (status, body) = app.put(&admin, "/api/v1/users/admin/assignment", json!({ "role": "supervisor" })).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("last_admin")));
    assert_eq!(app.put(&admin, "/api/v1/users/nobody/assignment", json!({ "role": "supervisor" })).await.0, 404);
    let reviewer = app.token("reviewer_a").await;
    assert_eq!(app.put(&reviewer, "/api/v1/users/editor_b/assignment", json!({ "role": "supervisor" })).await.0, 403);
    // The same from the accounts page.
    let (session, csrf) = app.web_session("admin").await;
    let (status, page) = app
        .post_form(
            &session,
            "/admin/accounts/editor_b/assignment",
            &[("csrf", &csrf), ("role", "reviewer"), ("org", "st-b")],
        )
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("已调整 editor_b 的角色和所属单位"), "{page}");
    assert_eq!(app.audited("assign_user", &app.user_id("editor_b").await).await, 1);
});
