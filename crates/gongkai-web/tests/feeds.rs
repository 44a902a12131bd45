//! Atom feeds and the sitemap: what is listed now and nothing else, in valid XML at the
//! site's public address, following publications, corrections and withdrawals.

mod common;

use std::str::FromStr;

use atom_syndication::Feed;
use common::TestApp;
use serde_json::json;

/// The site's public address in tests: the default of `site.toml`.
const BASE: &str = "http://127.0.0.1:8080";

async fn feed(app: &TestApp, path: &str) -> Feed {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    assert_eq!(r.status(), 200, "{path}");
    assert_eq!(r.headers()["content-type"], "application/atom+xml; charset=utf-8");
    Feed::from_str(&r.text().await.unwrap()).expect("a valid Atom document")
}

fn titles(feed: &Feed) -> Vec<&str> {
    feed.entries.iter().map(|e| e.title.value.as_str()).collect()
}

on_both_backends!(a_feed_carries_the_listed_records_only, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let kept = app.published("东湖街道防汛值班安排").await;
    let withdrawn = app.published("东湖街道撤回的通知").await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{withdrawn}/withdraw"), json!({ "reason": "内容有误" })).await;
    app.draft(&editor, "东湖街道的草稿").await;

    let atom = feed(&app, "/feeds/st-a.atom").await;
    assert_eq!(titles(&atom), ["东湖街道防汛值班安排"]);
    assert_eq!(atom.title.value, "东湖街道 · 公开信息");
    assert_eq!(atom.id, format!("{BASE}/feeds/st-a.atom"));
    let rel = |rel: &str| atom.links.iter().find(|l| l.rel == rel).map(|l| l.href.clone());
    assert_eq!(rel("self").as_deref(), Some(&*format!("{BASE}/feeds/st-a.atom")));
    assert_eq!(rel("alternate").as_deref(), Some(&*format!("{BASE}/org/st-a")));
    let entry = &atom.entries[0];
    assert!(entry.id.starts_with("urn:uuid:"), "{}", entry.id);
    assert_eq!(entry.links[0].href, format!("{BASE}/d/{kept}"));
    assert_eq!(entry.authors[0].name, "东湖街道");
    assert_eq!((entry.categories[0].term.as_str(), entry.categories[0].label.as_deref()), ("zw-any", Some("工作动态")));
    assert_eq!(entry.summary.as_ref().map(|s| s.value.as_str()), Some("正文内容"));
    assert!(entry.published.is_some() && atom.updated == entry.updated);

    // A publication reaches the cached feed once the feed of changes is followed.
    app.clock.advance(chrono::Duration::minutes(1));
    app.published("东湖街道新发布的通知").await;
    app.state.follow_feed().await;
    let atom = feed(&app, "/feeds/st-a.atom").await;
    assert_eq!(titles(&atom), ["东湖街道新发布的通知", "东湖街道防汛值班安排"]);

    // A correction updates the entry readers have rather than adding one.
    let before = atom.entries[1].clone();
    let (_, v2) =
        app.post(&editor, &format!("/api/v1/disclosures/{kept}/revise"), json!({ "change_note": "更正标题" })).await;
    let v2 = v2["id"].as_str().unwrap().to_owned();
    let fields = json!({ "org": "st-a", "catalog_item": "zw-any", "title": "东湖街道防汛值班安排（更正）", "body": "<p>正文内容</p>" });
    assert_eq!(app.put(&editor, &format!("/api/v1/disclosures/{v2}"), fields).await.0, 200);
    app.clock.advance(chrono::Duration::hours(2));
    app.post(&editor, &format!("/api/v1/disclosures/{v2}/submit"), json!({})).await;
    assert_eq!(app.post(&reviewer, &format!("/api/v1/disclosures/{v2}/approve"), json!({})).await.0, 200);
    app.state.follow_feed().await;
    let atom = feed(&app, "/feeds/st-a.atom").await;
    assert_eq!(atom.entries.len(), 2);
    let after = atom.entries.iter().find(|e| e.id == before.id).expect("the same entry");
    assert_eq!(after.title.value, "东湖街道防汛值班安排（更正）");
    assert!(after.updated > before.updated && after.published == before.published);
    assert_eq!(after.links[0].href, format!("{BASE}/d/{v2}"));

    // Another organisation's feed is its own.
    assert!(feed(&app, "/feeds/st-b.atom").await.entries.is_empty());
});

on_both_backends!(a_catalogue_item_has_a_feed_of_its_own, |app: TestApp| async move {
    app.published("东湖街道工作动态一则").await;
    let any = feed(&app, "/feeds/st-a/zw-any.atom").await;
    assert_eq!(titles(&any), ["东湖街道工作动态一则"]);
    assert_eq!(any.title.value, "东湖街道 · 工作动态");
    assert!(any.links.iter().any(|l| l.rel == "alternate" && l.href == format!("{BASE}/org/st-a?c=zw-any")));
    assert!(feed(&app, "/feeds/st-a/zw-short.atom").await.entries.is_empty(), "another item's feed is empty");
    for path in
        ["/feeds/nowhere.atom", "/feeds/st-a/nope.atom", "/feeds/st-a/zw.atom", "/feeds/st-a.rss", "/feeds/.atom"]
    {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 404, "{path}");
    }
});

on_both_backends!(the_sitemap_lists_every_public_page, |app: TestApp| async move {
    let reviewer = app.token("reviewer_a").await;
    let kept = app.published("网站地图收录的通知").await;
    let withdrawn = app.published("网站地图不收录的通知").await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{withdrawn}/withdraw"), json!({ "reason": "内容有误" })).await;
    let draft = app.draft(&app.token("editor_a").await, "草稿").await;

    let r = app.client.get(app.url("/sitemap.xml")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/xml; charset=utf-8");
    let etag = r.headers()["etag"].to_str().unwrap().to_owned();
    let map = r.text().await.unwrap();
    assert!(map.starts_with("<?xml") && map.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    for url in ["/", "/org/city", "/org/st-a", "/org/st-b", &format!("/d/{kept}")] {
        assert!(map.contains(&format!("<loc>{BASE}{url}</loc>")), "{url}");
    }
    for url in [format!("/d/{withdrawn}"), format!("/d/{draft}")] {
        assert!(!map.contains(&url), "{url}");
    }
    assert_eq!(map.matches("<url>").count(), 1 + 3 + 1);
    assert!(map.contains("<lastmod>2026-03-02</lastmod>"));
    assert_eq!(app.client.get(app.url("/sitemap-1.xml")).send().await.unwrap().status(), 404, "one file: no parts");

    // Withdrawn later, a record leaves the map.
    app.post(&reviewer, &format!("/api/v1/disclosures/{kept}/withdraw"), json!({ "reason": "已过时" })).await;
    app.state.follow_feed().await;
    let r = app.client.get(app.url("/sitemap.xml")).header("if-none-match", &etag).send().await.unwrap();
    assert_eq!(r.status(), 200, "a changed map is sent again");
    assert!(!r.text().await.unwrap().contains(&kept));

    let (status, robots) = app.page("/robots.txt").await;
    assert_eq!(status, 200);
    for line in ["User-agent: *", "Disallow: /admin", "Disallow: /api/", &format!("Sitemap: {BASE}/sitemap.xml")] {
        assert!(robots.lines().any(|l| l == line), "{line}");
    }
});
