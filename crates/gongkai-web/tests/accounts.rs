//! Accounts at the door: the login limit under parallel guessing, browsers that have
//! signed in before, disabling, passwords, logging out, and where a session is valid.

mod common;

use chrono::Duration;
use common::{start_time, TestApp, PASSWORD};
use serde_json::json;

async fn api_login(app: &TestApp, username: &str, password: &str, cookie: Option<&str>) -> u16 {
    let mut request =
        app.client.post(app.url("/api/v1/session")).json(&json!({ "username": username, "password": password }));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap().status().as_u16()
}

/// The `gk_device` cookie a successful form login sets.
async fn device_cookie(app: &TestApp, username: &str) -> String {
    let login = app.form_login(username).await;
    let device = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("gk_device="))
        .expect("a first login marks the browser")
        .to_owned();
    assert!(device.contains("HttpOnly") && device.contains("SameSite=Strict"), "{device}");
    device.split(';').next().unwrap().to_owned()
}

on_both_backends!(forty_parallel_guesses_get_at_most_five_tries, |app: TestApp| async move {
    let guesses: Vec<_> = (0..40)
        .map(|n| {
            let (client, url) = (app.client.clone(), app.url("/api/v1/session"));
            tokio::spawn(async move {
                let body = json!({ "username": "editor_a", "password": format!("guess-{n}") });
                client.post(url).json(&body).send().await.unwrap().status().as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for guess in guesses {
        statuses.push(guess.await.unwrap());
    }
    let tried = statuses.iter().filter(|&&s| s == 401).count();
    let refused = statuses.iter().filter(|&&s| s == 429).count();
    assert_eq!((tried, refused), (5, 35), "{statuses:?}");
    let failed = app.store.db.fetch_one::<(i64,)>(gongkai_store::q(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'login_failed' AND object_id = 'editor_a'",
    ));
    assert_eq!(failed.await.unwrap().0, 5, "each password check is in the audit log");
});

on_both_backends!(a_browser_that_signed_in_before_is_not_locked_out, |app: TestApp| async move {
    let device = device_cookie(&app, "editor_a").await;
    for _ in 0..6 {
        api_login(&app, "editor_a", "someone-elses-guess", None).await;
    }
    assert_eq!(api_login(&app, "editor_a", PASSWORD, None).await, 429, "unknown browsers are locked out");
    assert_eq!(api_login(&app, "editor_a", PASSWORD, Some(&device)).await, 201, "the user's own browser is not");
    assert_eq!(api_login(&app, "editor_b", PASSWORD, Some(&device)).await, 201, "another user is unaffected");
    // The device's own failures still count.
    for _ in 0..5 {
        assert_eq!(api_login(&app, "editor_a", "typo", Some(&device)).await, 401);
    }
    assert_eq!(api_login(&app, "editor_a", PASSWORD, Some(&device)).await, 429);
});

on_both_backends!(disabling_an_account_ends_every_session_at_once, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let token = app.token("editor_a").await;
    let (session, _) = app.web_session("editor_a").await;
    assert_eq!(app.get_json(Some(&token), "/api/v1/disclosures/none").await.0, 404);
    let (status, body) = app.post(&admin, "/api/v1/users/editor_a/disable", json!({})).await;
    assert_eq!((status, body["disabled"].as_bool()), (200, Some(true)), "{body}");
    let (status, body) = app.post(&token, "/api/v1/disclosures", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (401, Some("unauthenticated")));
    let page = app.client.get(app.url("/admin")).header("cookie", &session).send().await.unwrap();
    assert_eq!((page.status().as_u16(), page.headers()["location"].to_str().unwrap()), (303, "/admin/login"));
    assert_eq!(api_login(&app, "editor_a", PASSWORD, None).await, 401, "a disabled account cannot sign in");

    let editor_b = app.token("editor_b").await;
    assert_eq!(app.post(&editor_b, "/api/v1/users/reviewer_b/disable", json!({})).await.0, 403);
    let (status, body) = app.post(&admin, "/api/v1/users/admin/disable", json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("last_admin")));
    assert_eq!(app.post(&admin, "/api/v1/users/nobody/disable", json!({})).await.0, 404);
    assert_eq!(app.post(&admin, "/api/v1/users/system/disable", json!({})).await.0, 404);
    assert_eq!(app.audited("disable_user", &app.user_id("editor_a").await).await, 1);
});

on_both_backends!(passwords_are_changed_by_their_owner_and_reset_by_an_administrator, |app: TestApp| async move {
    let token = app.token("editor_a").await;
    let elsewhere = app.token("editor_a").await;
    let change = |current: &str, new: &str| json!({ "current_password": current, "new_password": new });
    for (body, code) in
        [(change("wrong-password", "a-new-passphrase"), "wrong_password"), (change(PASSWORD, "short"), "weak_password")]
    {
        let (status, answer) = app.put(&token, "/api/v1/session/password", body).await;
        assert_eq!((status, answer["code"].as_str()), (422, Some(code)));
    }
    assert_eq!(app.put(&token, "/api/v1/session/password", change(PASSWORD, "a-new-passphrase")).await.0, 204);
    assert_eq!(app.get_json(Some(&elsewhere), "/api/v1/disclosures/none").await.0, 401, "other sessions end");
    assert_eq!(app.get_json(Some(&token), "/api/v1/disclosures/none").await.0, 404, "this one stays");
    assert_eq!(api_login(&app, "editor_a", "a-new-passphrase", None).await, 201);

    let admin = app.token("admin").await;
    let (status, reset) = app.post(&admin, "/api/v1/users/editor_a/password", json!({})).await;
    assert_eq!(status, 200, "{reset}");
    let one_time = reset["password"].as_str().unwrap().to_owned();
    assert_eq!(one_time.chars().count(), 20);
    assert_eq!(app.get_json(Some(&token), "/api/v1/disclosures/none").await.0, 401, "a reset ends every session");
    assert_eq!(api_login(&app, "editor_a", &one_time, None).await, 201);
    let reviewer = app.token("reviewer_a").await;
    assert_eq!(app.post(&reviewer, "/api/v1/users/editor_a/password", json!({})).await.0, 403);
});

on_both_backends!(the_back_office_changes_ones_own_password, |app: TestApp| async move {
    let (session, csrf) = app.web_session("reviewer_a").await;
    let form = |repeat: &'static str| {
        [
            ("csrf", csrf.clone()),
            ("current_password", PASSWORD.into()),
            ("new_password", "a-new-passphrase".into()),
            ("repeat_password", repeat.to_owned()),
        ]
    };
    let (app, session) = (&app, &session);
    let post = |fields: [(&'static str, String); 4]| async move {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        app.post_form(session, "/admin/password", &fields).await
    };
    let (status, page) = post(form("different")).await;
    assert_eq!(status, 422);
    assert!(page.contains("两次输入的新密码不一致"));
    let (status, page) = post(form("a-new-passphrase")).await;
    assert_eq!(status, 200);
    assert!(page.contains("密码已修改"));
    assert_eq!(api_login(app, "reviewer_a", "a-new-passphrase", None).await, 201);
});

on_both_backends!(a_token_is_valid_only_where_it_was_issued_and_logout_ends_it, |app: TestApp| async move {
    let token = app.token("editor_a").await;
    let as_cookie =
        app.client.get(app.url("/admin")).header("cookie", format!("gk_session={token}")).send().await.unwrap();
    assert_eq!(as_cookie.status(), 303, "an API token opens no back-office page");
    let (session, _) = app.web_session("editor_a").await;
    let web_token = session.split_once('=').unwrap().1;
    assert_eq!(app.get_json(Some(web_token), "/api/v1/disclosures/none").await.0, 401, "a page session is no token");

    let out = app.client.delete(app.url("/api/v1/session")).bearer_auth(&token).send().await.unwrap();
    assert_eq!(out.status(), 204);
    assert_eq!(app.get_json(Some(&token), "/api/v1/disclosures/none").await.0, 401);
    let editor = app.user_id("editor_a").await;
    assert_eq!(app.audited("logout", &editor).await, 1);
    assert!(app.audited("login", &editor).await >= 2);
});

on_both_backends!(expired_sessions_and_old_failures_are_purged, |app: TestApp| async move {
    app.token("editor_a").await;
    api_login(&app, "editor_b", "wrong", None).await;
    assert_eq!((app.count("sessions").await, app.count("login_failures").await), (1, 1));
    app.clock.set(start_time() + Duration::days(2));
    assert_eq!(app.store.purge_expired().await.unwrap(), 2);
    assert_eq!((app.count("sessions").await, app.count("login_failures").await), (0, 0));
});

/// Behind a reverse proxy every request comes from the proxy's address; with
/// `behind_proxy` the limit counts the client the proxy names, and without it a client
/// cannot pick an address by sending the header itself.
#[tokio::test]
async fn behind_a_proxy_each_visitor_has_its_own_address_limit() {
    for behind_proxy in [true, false] {
        let config = gongkai_web::WebConfig { behind_proxy, ..Default::default() };
        let app = common::spawn_app_with(common::Backend::Sqlite, config).await.unwrap();
        let attempt = |name: String, password: &'static str, ip: &'static str| {
            let request = app.client.post(app.url("/api/v1/session")).header("x-real-ip", ip);
            async move {
                let body = json!({ "username": name, "password": password });
                request.json(&body).send().await.unwrap().status().as_u16()
            }
        };
        // Thirty failures spread over names, so that only the per-address limit is reached.
        for n in 0..30 {
            assert_eq!(attempt(format!("guess{n}"), "wrong-password", "203.0.113.7").await, 401);
        }
        assert_eq!(attempt("editor_a".into(), PASSWORD, "203.0.113.7").await, 429, "that address is stopped");
        let other = attempt("editor_a".into(), PASSWORD, "198.51.100.4").await;
        let expected = if behind_proxy { 201 } else { 429 };
        assert_eq!(other, expected, "another visitor behind the proxy (behind_proxy = {behind_proxy})");
    }
}
