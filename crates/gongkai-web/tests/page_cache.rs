//! Public pages stay cached while the site is busy: a change drops only the pages that
//! show it, on every node that follows the feed, and query parameters a page does not
//! read make no new entries.

mod common;

use common::TestApp;
use gongkai_web::{AppState, WebConfig};
use serde_json::json;

/// A second node: its own page cache and directory over the same database.
async fn second_node(app: &TestApp) -> (AppState, String) {
    let search = common::open_search(&app.store, &app.dir.join("second-node-search")).await;
    let state = AppState::new(app.store.clone(), WebConfig::default(), search);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(gongkai_web::serve(listener, state.clone(), std::future::pending()));
    (state, base)
}

async fn get(app: &TestApp, base: &str, path: &str) -> (u16, String) {
    let response = app.client.get(format!("{base}{path}")).send().await.unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

on_both_backends!(a_change_drops_only_the_pages_that_show_it_on_every_node, |app: TestApp| async move {
    let old = app.published("东湖街道早先的通知").await;
    let (node, base) = second_node(&app).await;
    node.follow_feed().await;
    for path in ["/", "/org/st-a", "/org/st-b", &format!("/d/{old}")] {
        assert_eq!(get(&app, &base, path).await.0, 200, "{path}");
    }
    let cached = |key: &str| node.cache.get(key).is_some();
    let old_key = format!("/d/{old}");
    assert!(cached("/") && cached("/org/st-a?c=&p=1") && cached("/org/st-b?c=&p=1") && cached(&old_key));

    let new = app.published("东湖街道新发布的通知").await;
    node.follow_feed().await;
    assert!(!cached("/"), "the home page lists the newest records");
    assert!(!cached("/org/st-a?c=&p=1"), "the organisation's list changed");
    assert!(cached("/org/st-b?c=&p=1"), "another organisation's page stays");
    assert!(cached(&old_key), "an unrelated record's page stays");
    let (_, home) = get(&app, &base, "/").await;
    assert!(home.contains("东湖街道新发布的通知"), "the other node shows the new record");

    // A new version touches every version's page.
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    assert_eq!(get(&app, &base, &format!("/d/{new}")).await.0, 200);
    let (_, v2) =
        app.post(&editor, &format!("/api/v1/disclosures/{new}/revise"), json!({ "change_note": "更正日期" })).await;
    let v2 = v2["id"].as_str().unwrap().to_owned();
    node.follow_feed().await;
    assert!(cached(&format!("/d/{new}")), "a draft of a new version is not public: nothing changes");
    app.post(&editor, &format!("/api/v1/disclosures/{v2}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{v2}/approve"), json!({})).await;
    node.follow_feed().await;
    assert!(!cached(&format!("/d/{new}")), "the superseded version's page changed");
    assert!(get(&app, &base, &format!("/d/{new}")).await.1.contains("查看最新版本"));
    assert!(cached(&old_key));

    // Organisation details appear on many pages: everything goes.
    app.put(&editor, "/api/v1/orgs/st-a", json!({ "address": "东湖路2号" })).await;
    node.follow_feed().await;
    assert!(cached(&old_key), "a change waiting for review is not public: nothing changes");
    app.post(&reviewer, "/api/v1/orgs/st-a/change/approve", json!({})).await;
    node.follow_feed().await;
    assert!(!cached(&old_key) && !cached("/org/st-b?c=&p=1"));
    assert!(get(&app, &base, "/org/st-a").await.1.contains("东湖路2号"), "the directory was read again");
});

on_both_backends!(parameters_a_page_does_not_read_make_no_new_entries, |app: TestApp| async move {
    let id = app.published("参数测试").await;
    for path in ["/", "/?from=wechat", "/?utm_source=a&utm_medium=b", &format!("/d/{id}?share=1")] {
        assert_eq!(app.page(path).await.0, 200, "{path}");
    }
    assert_eq!(app.page("/org/st-a?utm=x&p=1").await.0, 200);
    let (status, page) = app.page("/org/st-a?c=zw-any&p=1&x=y").await;
    assert_eq!(status, 200);
    assert!(page.contains("参数测试"));
    for key in ["/", &format!("/d/{id}"), "/org/st-a?c=&p=1", "/org/st-a?c=zw-any&p=1"] {
        assert!(app.state.cache.get(key).is_some(), "{key}");
    }
    assert!(
        app.state.cache.get("/?from=wechat").is_none() && app.state.cache.get(&format!("/d/{id}?share=1")).is_none()
    );
});
