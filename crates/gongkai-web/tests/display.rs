//! The TV display of a unit as a hall sees it: a slide for each current record, the ticker
//! of the latest publications of the unit and the units under it, a new publication showing
//! once the feed is followed, the contact board when nothing is current, the timing taken
//! from the address within bounds, and the display's own page for an unknown unit. Also what
//! the kiosk and the display weigh, and that they ask no other host for anything.

mod common;

use common::TestApp;
use serde_json::json;

on_both_backends!(current_records_are_slides_and_the_ticker_lists_them, |app: TestApp| async move {
    let long = "各社区要按照要求做好公开工作。".repeat(30);
    let (id, _) = app
        .through_review(json!({ "org": "st-a", "catalog_item": "zw-short", "title": "东湖街道关于做好公开工作的通知",
            "body": format!("<p>{long}</p>"), "publicity_start": "2026-03-02", "publicity_end": "2026-03-08" }))
        .await;
    app.through_review(json!({ "org": "st-a", "catalog_item": "zw-any", "title": "东湖街道社区服务时间调整",
        "summary": "自三月起，社区服务中心周六上午照常办公。", "body": "<p>正文</p>" }))
        .await;
    app.state.follow_feed().await;
    let (status, page) = app.page("/display/st-a").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<body class="display" data-pace-seconds="12" data-refresh-seconds="30">"#), "{page}");
    assert!(page.contains(r#"<main id="main">"#) && page.contains(r#"<time class="clock">"#));
    assert_eq!(page.matches(r#"<section class="slide""#).count(), 2);
    assert!(page.contains(r#"<h2 class="slide-title">东湖街道关于做好公开工作的通知</h2>"#));
    assert!(page.contains(r#"<p class="slide-item">任前公示</p>"#) && page.contains("<dd>2026-03-02</dd>"));
    assert!(page.contains("<dt>公示期</dt><dd>2026-03-02 至 2026-03-08</dd>"), "{page}");
    assert!(page.contains("<dt>公示期</dt><dd>长期公开</dd>"), "a record without an end");
    assert!(page.contains("自三月起，社区服务中心周六上午照常办公。"), "the summary when there is one");
    let excerpt = format!("{}……", long.chars().take(200).collect::<String>());
    assert!(page.contains(&excerpt), "else the opening of the body");
    assert!(!page.contains(r#"class="contact-board""#));
    let ticker = &page[page.find(r#"class="ticker""#).unwrap()..];
    assert!(ticker.contains("<li><span class=\"ticker-org\">东湖街道</span>东湖街道社区服务时间调整"), "{ticker}");
    // The city's ticker holds what the units under it published; it has no slides of its own.
    let (_, city) = app.page("/display/city").await;
    assert!(city.contains(r#"class="contact-board""#) && !city.contains(r#"class="slide""#));
    assert!(city[city.find(r#"class="ticker""#).unwrap()..].contains("东湖街道关于做好公开工作的通知"));
    // And the sister unit's display does not show them.
    assert!(!app.page("/display/st-b").await.1.contains("东湖街道关于做好公开工作的通知"));
    assert!(!page.contains(&format!("/d/{id}\"")), "a screen has nothing to follow");
});

on_both_backends!(a_new_publication_shows_after_the_feed_is_followed, |app: TestApp| async move {
    let (_, before) = app.page("/display/st-a").await;
    assert!(before.contains(r#"class="contact-board""#));
    assert!(app.state.cache.get("/display/st-a?pace=12&refresh=30").is_some(), "the display page is cached");
    let id = app.published("新发布的任务清单").await;
    app.state.follow_feed().await;
    let (_, after) = app.page("/display/st-a").await;
    assert!(after.contains(r#"<h2 class="slide-title">新发布的任务清单</h2>"#), "{after}");
    assert!(!after.contains(r#"class="contact-board""#));
    let (_, city) = app.page("/display/city").await;
    assert!(city.contains("新发布的任务清单"), "the city's ticker too");

    // Withdrawn, it leaves the screen.
    let reviewer = app.token("reviewer_a").await;
    let (status, _) =
        app.post(&reviewer, &format!("/api/v1/disclosures/{id}/withdraw"), json!({ "reason": "重复发布" })).await;
    assert_eq!(status, 200);
    app.state.follow_feed().await;
    let (_, gone) = app.page("/display/st-a").await;
    assert!(!gone.contains("新发布的任务清单") && gone.contains(r#"class="contact-board""#));
});

on_both_backends!(a_unit_with_nothing_current_shows_its_contact_board, |app: TestApp| async move {
    let editor = app.token("editor_b").await;
    let reviewer = app.token("reviewer_b").await;
    let details = json!({ "address": "西山路8号", "phone": "0571-8800008", "first_responsible": "赵书记",
        "leaders": [{ "name": "赵书记", "post": "党工委书记", "duties": "主持党工委全面工作" },
                    { "name": "钱主任", "post": "办事处主任", "duties": "分管民政和社会事务" }] });
    assert_eq!(app.put(&editor, "/api/v1/orgs/st-b", details).await.0, 202);
    assert_eq!(app.post(&reviewer, "/api/v1/orgs/st-b/change/approve", json!({})).await.0, 200);
    app.state.follow_feed().await;
    let (status, page) = app.page("/display/st-b").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<section class="contact-board""#), "{page}");
    assert!(page.contains("本单位当前暂无公示中的信息"));
    for fact in
        ["西山街道", "西山路8号", "0571-8800008", "<td>钱主任</td><td>办事处主任</td><td>分管民政和社会事务</td>"]
    {
        assert!(page.contains(fact), "{fact}");
    }
    assert!(page.contains("<li>暂无新发布的信息</li>"), "the ticker says so rather than stand empty");
});

on_both_backends!(timing_comes_from_the_address_within_bounds, |app: TestApp| async move {
    for (query, pace, refresh) in [
        ("?pace=20&refresh=10", 20, 10),
        ("?pace=1&refresh=1", 3, 5),
        ("?pace=9999&refresh=100000", 600, 300),
        ("?pace=abc&refresh=", 12, 30),
        ("?refresh=%zz", 12, 30),
        ("?pace=15&utm=x", 15, 30),
    ] {
        let (status, page) = app.page(&format!("/display/st-a{query}")).await;
        assert_eq!(status, 200, "{query}");
        let body = format!(r#"<body class="display" data-pace-seconds="{pace}" data-refresh-seconds="{refresh}">"#);
        assert!(page.contains(&body), "{query}");
    }
    assert!(app.state.cache.get("/display/st-a?pace=3&refresh=5").is_some(), "one entry for each timing");
});

on_both_backends!(an_unknown_unit_gets_the_displays_own_page, |app: TestApp| async move {
    for path in ["/display/nowhere", "/display/%E4%B9%B1"] {
        let (status, page) = app.page(path).await;
        assert_eq!(status, 404, "{path}");
        assert!(page.contains(r#"<body class="display display-error">"#), "{path}: {page}");
        assert!(page.contains("未找到该单位") && page.contains(r#"<main id="main">"#));
        assert!(!page.contains("class=\"site\""), "not the portal's page");
    }
});

/// A page and the stylesheets and scripts it links, fetched as a browser would.
async fn weight(app: &TestApp, path: &str) -> (usize, Vec<String>) {
    let (status, html) = app.page(path).await;
    assert_eq!(status, 200, "{path}");
    let mut total = html.len();
    let mut foreign = Vec::new();
    for attribute in ["href=\"", "src=\""] {
        for part in html.split(attribute).skip(1) {
            let target = &part[..part.find('"').unwrap()];
            if !target.starts_with('/') || target.starts_with("//") {
                foreign.push(target.to_owned());
            } else if target.starts_with("/static/") {
                let (status, text) = app.page(target).await;
                assert_eq!(status, 200, "{target}");
                total += text.len();
            }
        }
    }
    (total, foreign)
}

on_both_backends!(kiosk_and_display_are_light_and_ask_no_other_host, |app: TestApp| async move {
    for n in 1..=12 {
        app.published(&format!("党务公开第{n}期：关于进一步做好基层公开工作的通知")).await;
    }
    for path in ["/kiosk", "/kiosk/org/st-a?c=zw-any", "/kiosk/search?q=DWGK", "/display/st-a", "/display/city"] {
        let (bytes, foreign) = weight(&app, path).await;
        assert!(bytes < 150 * 1024, "{path}: {bytes} bytes");
        assert!(foreign.is_empty(), "{path} asks another host: {foreign:?}");
    }
    for asset in ["/static/kiosk.css", "/static/kiosk.js", "/static/display.css", "/static/display.js"] {
        let (_, text) = app.page(asset).await;
        assert!(!text.contains("http://") && !text.contains("https://") && !text.contains("@import"), "{asset}");
    }
});
