//! Set-password links: an administrator hands over a link instead of a one-time password;
//! the person chooses their own password with it, once, within 24 hours.

mod common;

use common::TestApp;
use serde_json::json;

/// Opens or posts the page of a link; returns the status and the page.
async fn link_page(app: &TestApp, path: &str, fields: Option<(&str, &str)>) -> (u16, String) {
    let request = match fields {
        None => app.client.get(app.url(path)),
        Some((new, repeat)) => {
            app.client.post(app.url(path)).form(&[("new_password", new), ("repeat_password", repeat)])
        }
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    if status == 200 || status == 410 {
        assert_eq!(response.headers()["referrer-policy"], "no-referrer", "the token goes nowhere else");
    }
    (status, response.text().await.unwrap())
}

async fn signs_in(app: &TestApp, username: &str, password: &str) -> bool {
    let body = json!({ "username": username, "password": password });
    app.client.post(app.url("/api/v1/session")).json(&body).send().await.unwrap().status() == 201
}

on_both_backends!(a_new_account_sets_its_own_password_through_a_link_once, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let body = json!({ "username": "zhao.lei", "role": "editor", "org": "st-a", "credential": "link" });
    let (status, created) = app.post(&admin, "/api/v1/users", body).await;
    assert_eq!(status, 201, "{created}");
    assert!(created.get("password").is_none(), "no password is shown when a link is");
    let path = created["set_password_url"].as_str().unwrap().to_owned();
    assert!(path.starts_with("/set-password/") && path.len() > 50, "{path}");
    assert_eq!(created["expires_at"], "2026-03-03T02:00:00+00:00", "24 hours from now");

    let (status, page) = link_page(&app, &path, None).await;
    assert!(status == 200 && page.contains("zhao.lei"), "{status}");
    let (status, page) = link_page(&app, &path, Some(("zhao-own-passphrase", "zhao-own-passphrasX"))).await;
    assert!(status == 422 && page.contains("两次输入的新密码不一致"));
    let (status, page) = link_page(&app, &path, Some(("1234567890", "1234567890"))).await;
    assert!(status == 422 && page.contains("太容易被猜中"), "a guessable password is refused");
    let (status, page) = link_page(&app, &path, Some(("zhao-own-passphrase", "zhao-own-passphrase"))).await;
    assert!(status == 200 && page.contains("密码已设置"), "{page}");
    assert!(signs_in(&app, "zhao.lei", "zhao-own-passphrase").await);
    let token = app.token_for("zhao.lei", "zhao-own-passphrase").await;
    let draft = json!({ "org": "st-a", "catalog_item": "zw-any", "title": "第一条", "body": "正文" });
    assert_eq!(app.post(&token, "/api/v1/disclosures", draft).await.0, 201, "a password of one's own: no change asked");

    // Used twice: refused, and the password stays.
    let (status, page) = link_page(&app, &path, Some(("someone-elses-pass", "someone-elses-pass"))).await;
    assert!(status == 410 && page.contains("已经用过"), "{status}");
    assert_eq!(link_page(&app, &path, None).await.0, 410);
    assert!(!signs_in(&app, "zhao.lei", "someone-elses-pass").await);
    assert_eq!(app.audited("set_password_by_link", &app.user_id("zhao.lei").await).await, 1);
});

on_both_backends!(a_link_runs_out_after_24_hours_and_a_newer_one_replaces_it, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let (status, first) = app.post(&admin, "/api/v1/users/editor_a/password-link", json!({})).await;
    assert_eq!(status, 201, "{first}");
    let (_, second) = app.post(&admin, "/api/v1/users/editor_a/password-link", json!({})).await;
    let (first, second) = (first["url"].as_str().unwrap(), second["url"].as_str().unwrap().to_owned());
    assert_eq!(link_page(&app, first, None).await.0, 404, "the newer link replaces the older");
    assert_eq!(link_page(&app, &second, None).await.0, 200);
    app.clock.set(common::start_time() + chrono::Duration::hours(24));
    let (status, page) = link_page(&app, &second, Some(("late-own-passphrase", "late-own-passphrase"))).await;
    assert!(status == 410 && page.contains("24小时"), "{status}");
    assert!(signs_in(&app, "editor_a", common::PASSWORD).await, "the password is unchanged");
    assert_eq!(link_page(&app, "/set-password/not-a-real-token", None).await.0, 404);
});

on_both_backends!(only_administrators_issue_links_and_bad_requests_store_nothing, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let editor = app.token("editor_a").await;
    assert_eq!(app.post(&editor, "/api/v1/users/reviewer_a/password-link", json!({})).await.0, 403);
    let (status, body) = app.post(&admin, "/api/v1/users/nobody/password-link", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("unknown_user")));
    let (users, links) = (app.count("users").await, app.count("password_links").await);
    let bad = json!({ "username": "sun.li", "role": "editor", "org": "st-a", "credential": "email" });
    let (status, body) = app.post(&admin, "/api/v1/users", bad).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_credential")));
    assert_eq!((app.count("users").await, app.count("password_links").await), (users, links));
    app.post(&admin, "/api/v1/users/editor_b/disable", json!({})).await;
    let (status, body) = app.post(&admin, "/api/v1/users/editor_b/password-link", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("account_disabled")));
});

on_both_backends!(the_accounts_page_shows_a_link_once_and_it_works, |app: TestApp| async move {
    let (session, csrf) = app.web_session("admin").await;
    let (status, page) = app.post_form(&session, "/admin/accounts/reviewer_b/link", &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, 200);
    let url = page.split("<code>").nth(1).and_then(|p| p.split("</code>").next()).expect("the link");
    let path = &url[url.find("/set-password/").expect("a set-password link")..];
    assert!(page.contains("只能使用一次"));
    let (status, _) = link_page(&app, path, Some(("reviewer-b-own-pass", "reviewer-b-own-pass"))).await;
    assert_eq!(status, 200);
    assert!(signs_in(&app, "reviewer_b", "reviewer-b-own-pass").await);
    let again = app.client.get(app.url("/admin/accounts")).header("cookie", &session).send().await.unwrap();
    let again = again.text().await.unwrap();
    assert!(!again.contains(path), "shown once");
});
