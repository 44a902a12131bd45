//! The API's public lists a page at a time — disclosures and published replies — with the
//! total and the next page's address, bad paging refused with its own code, and the ETag
//! that lets a program poll them (and the feeds) without downloading what it has.

mod common;

use common::TestApp;
use serde_json::{json, Value};

async fn get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app.client.get(app.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

on_both_backends!(the_disclosure_list_pages_through_what_is_listed, |app: TestApp| async move {
    let mut listed = Vec::new();
    for n in 1..=5 {
        listed.push(app.published(&format!("东湖街道第{n}号通知")).await);
        app.clock.advance(chrono::Duration::minutes(1));
    }
    let reviewer = app.token("reviewer_a").await;
    let gone = listed.remove(0);
    app.post(&reviewer, &format!("/api/v1/disclosures/{gone}/withdraw"), json!({ "reason": "内容有误" })).await;
    app.draft(&app.token("editor_a").await, "草稿").await;

    let (status, first) = app.get_json(None, "/api/v1/disclosures?per_page=3").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(
        (first["total"].as_i64(), first["page"].as_u64(), first["per_page"].as_u64()),
        (Some(4), Some(1), Some(3))
    );
    assert_eq!(first["items"][0]["title"], "东湖街道第5号通知", "newest first");
    let line = &first["items"][0];
    assert_eq!((line["org"].as_str(), line["org_name"].as_str()), (Some("st-a"), Some("东湖街道")));
    assert_eq!(line["catalog_item"], "zw-any");
    assert_eq!(line["url"], format!("/d/{}", line["id"].as_str().unwrap()));
    assert!(line["published_at"].as_str().unwrap().starts_with("2026-03-02T"));
    let next = first["next"].as_str().expect("a next page").to_owned();
    assert_eq!(next, "/api/v1/disclosures?page=2&per_page=3");
    let (_, last) = app.get_json(None, &next).await;
    assert_eq!((last["items"].as_array().unwrap().len(), last["next"].clone()), (1, Value::Null), "the last page");
    let mut seen: Vec<String> = [&first, &last]
        .iter()
        .flat_map(|p| p["items"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_owned()))
        .collect();
    seen.sort();
    listed.sort();
    assert_eq!(seen, listed, "every listed record once, never the withdrawn one or the draft");
    let (_, past) = app.get_json(None, "/api/v1/disclosures?page=9").await;
    assert_eq!((past["items"].as_array().unwrap().len(), past["total"].as_i64()), (0, Some(4)));

    let (_, mine) = app.get_json(None, "/api/v1/disclosures?org=st-a&catalog=zw-any&per_page=2").await;
    assert_eq!(mine["total"], 4);
    assert_eq!(mine["next"], "/api/v1/disclosures?org=st-a&catalog=zw-any&page=2&per_page=2");
    assert_eq!(app.get_json(None, "/api/v1/disclosures?org=st-b").await.1["total"], 0);

    for (query, status, code) in [
        ("page=0", 400, "invalid_page"),
        ("page=abc", 400, "invalid_page"),
        ("per_page=0", 400, "invalid_per_page"),
        ("per_page=101", 400, "invalid_per_page"),
        ("colour=red", 400, "invalid_query"),
        ("catalog=zw-any", 400, "catalog_without_org"),
        ("org=nowhere", 404, "unknown_org"),
        ("org=st-a&catalog=nope", 404, "unknown_catalog_item"),
    ] {
        let (got, body) = app.get_json(None, &format!("/api/v1/disclosures?{query}")).await;
        assert_eq!((got, body["code"].as_str()), (status, Some(code)), "{query}");
    }
});

on_both_backends!(published_replies_page_the_same_way, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    for n in 1..=3 {
        let letter = json!({ "org": "st-a", "category": "意见建议", "text": format!("第{n}条建议：增设路灯。"),
                             "anonymous": true, "consent_to_publish": true });
        let r = app.client.post(app.url("/api/v1/opinions")).json(&letter).send().await.unwrap();
        assert_eq!(r.status(), 201);
    }
    let (_, mine) = app.get_json(Some(&editor), "/api/v1/orgs/st-a/opinions").await;
    for letter in mine.as_array().unwrap() {
        let reply = json!({ "action": "reply", "text": "已安排施工。", "publish": true });
        let path = format!("/api/v1/opinions/id/{}/actions", letter["id"].as_str().unwrap());
        assert_eq!(app.post(&editor, &path, reply).await.0, 200);
    }
    let (status, first) = app.get_json(None, "/api/v1/opinions?per_page=2").await;
    assert_eq!(status, 200, "{first}");
    assert_eq!((first["total"].as_i64(), first["items"].as_array().unwrap().len()), (Some(3), 2));
    assert_eq!(first["next"], "/api/v1/opinions?page=2&per_page=2");
    let (_, last) = app.get_json(None, "/api/v1/opinions?page=2&per_page=2").await;
    assert_eq!((last["items"].as_array().unwrap().len(), last["next"].clone()), (1, Value::Null));
    assert_eq!(app.get_json(None, "/api/v1/opinions?org=st-a").await.1["next"], Value::Null);
    for (query, code) in [("page=0", "invalid_page"), ("per_page=500", "invalid_per_page")] {
        let (got, body) = app.get_json(None, &format!("/api/v1/opinions?{query}")).await;
        assert_eq!((got, body["code"].as_str()), (400, Some(code)), "{query}");
    }
});

on_both_backends!(an_unchanged_answer_is_not_sent_again, |app: TestApp| async move {
    app.published("东湖街道缓存测试").await;
    let path = "/api/v1/disclosures?org=st-a";
    let first = get(&app, path, &[]).await;
    let tag = first.headers()["etag"].to_str().unwrap().to_owned();
    assert!(tag.starts_with('"') && tag.ends_with('"') && !tag.starts_with("W/"), "a strong tag: {tag}");
    assert_eq!(get(&app, path, &[]).await.headers()["etag"], tag.as_str(), "the same body, the same tag");

    for wanted in [tag.clone(), format!("\"other\", {tag}"), format!("W/{tag}"), "*".to_owned()] {
        let r = get(&app, path, &[("if-none-match", &wanted)]).await;
        assert_eq!(r.status(), 304, "{wanted}");
        assert_eq!(r.headers()["etag"], tag.as_str());
        assert!(r.bytes().await.unwrap().is_empty(), "no body");
    }
    assert_eq!(get(&app, path, &[("if-none-match", "\"other\"")]).await.status(), 200);

    // Signed in, the answer may be the caller's own: it is neither tagged nor withheld.
    let editor = app.token("editor_a").await;
    let r = get(&app, path, &[("if-none-match", &tag), ("authorization", &format!("Bearer {editor}"))]).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers().get("etag").is_none());
    // An error is not tagged.
    assert!(get(&app, "/api/v1/disclosures?page=0", &[]).await.headers().get("etag").is_none());

    app.published("东湖街道又一则通知").await;
    let changed = get(&app, path, &[("if-none-match", &tag)]).await;
    assert_eq!(changed.status(), 200, "a change is sent");
    assert_ne!(changed.headers()["etag"], tag.as_str(), "under a new tag");

    // The feeds and the openapi document the same way.
    for path in ["/feeds/st-a.atom", "/api/v1/openapi.json", "/sitemap.xml"] {
        let tag = get(&app, path, &[]).await.headers()["etag"].to_str().unwrap().to_owned();
        assert_eq!(get(&app, path, &[("if-none-match", &tag)]).await.status(), 304, "{path}");
    }
});
