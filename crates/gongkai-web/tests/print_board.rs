//! 公开栏 to print: an organisation's current records on A4 or A3 with a QR code each,
//! never a withdrawn or unpublished one, today's date, and the board following changes.

mod common;

use common::TestApp;
use serde_json::json;

async fn board(app: &TestApp, path: &str) -> (u16, String, String) {
    let r = app.client.get(app.url(path)).send().await.unwrap();
    let code = r.headers().get("x-error-code").map_or("", |v| v.to_str().unwrap()).to_owned();
    (r.status().as_u16(), code, r.text().await.unwrap())
}

on_both_backends!(the_board_shows_what_is_listed_now, |app: TestApp| async move {
    let first = app.published("东湖街道春季防汛工作安排").await;
    let second = app.published("东湖街道社区服务时间调整").await;
    let withdrawn = app.published("东湖街道已撤回的通知").await;
    let reviewer = app.token("reviewer_a").await;
    let (status, _) = app
        .post(&reviewer, &format!("/api/v1/disclosures/{withdrawn}/withdraw"), json!({ "reason": "内容有误" }))
        .await;
    assert_eq!(status, 200);
    let editor = app.token("editor_a").await;
    app.draft(&editor, "东湖街道尚未公开的草稿").await;

    let (status, _, page) = board(&app, "/print/st-a").await;
    assert_eq!(status, 200);
    assert!(page.contains("东湖街道") && page.contains("公开栏"), "heading");
    assert!(page.contains("打印日期：2026年3月2日"), "the day it is printed");
    assert_eq!(page.matches("<article class=\"board-item\">").count(), 2, "the two listed records only");
    for title in ["东湖街道春季防汛工作安排", "东湖街道社区服务时间调整"] {
        assert!(page.contains(title), "{title}");
    }
    for hidden in ["已撤回的通知", "尚未公开的草稿"] {
        assert!(!page.contains(hidden), "{hidden} is on the board");
    }
    for shown in ["工作动态", "成文日期", "发布日期", "公示期", "长期公开", "<p>正文内容</p>"] {
        assert!(page.contains(shown), "{shown}");
    }
    assert_eq!(page.matches("aria-label=\"扫码查看原文\"").count(), 2, "a QR code each");
    assert!(page.contains("class=\"paper-a4\"") && !page.contains("print-a3.css"), "A4 by default");
    assert!(page.contains("/static/print.css") && page.contains("/static/print.js"));
    assert!(!page.contains("<script>") && !page.contains("style="), "nothing inline: the CSP forbids it");
    assert!(!first.is_empty() && !second.is_empty());

    // Another organisation's board is its own.
    let (_, _, other) = board(&app, "/print/st-b").await;
    assert!(!other.contains("春季防汛") && other.contains("目前没有正在公开的信息"));

    // A publication reaches the cached board once the feed is followed.
    app.published("东湖街道新发布的通知").await;
    app.state.follow_feed().await;
    let (_, _, page) = board(&app, "/print/st-a").await;
    assert_eq!(page.matches("<article class=\"board-item\">").count(), 3);

    // Printed the next day, it says so.
    app.clock.advance(chrono::Duration::days(1));
    assert!(board(&app, "/print/st-a").await.2.contains("打印日期：2026年3月3日"));
});

on_both_backends!(paper_sizes_and_wrong_addresses, |app: TestApp| async move {
    app.published("东湖街道公开栏测试").await;
    let (status, _, a3) = board(&app, "/print/st-a?size=a3").await;
    assert_eq!(status, 200);
    assert!(a3.contains("class=\"paper-a3\"") && a3.contains("/static/print-a3.css"));
    assert!(board(&app, "/print/st-a?size=A4").await.2.contains("class=\"paper-a4\""));

    let (status, code, page) = board(&app, "/print/st-a?size=letter").await;
    assert_eq!((status, code.as_str()), (400, "invalid_paper_size"));
    assert!(page.contains("纸张大小只能选 A4 或 A3"), "a Chinese page");
    let (status, code, _) = board(&app, "/print/nowhere").await;
    assert_eq!((status, code.as_str()), (404, "unknown_org"));
    let (status, code, _) = board(&app, "/print/st-a?c=no-such-item").await;
    assert_eq!((status, code.as_str()), (404, "unknown_catalog_item"));
    let (status, _, one_item) = board(&app, "/print/st-a?c=zw-short").await;
    assert_eq!(status, 200);
    assert!(one_item.contains("公开目录：任前公示") && !one_item.contains("公开栏测试"));

    for (path, needle) in [
        ("/static/print.css", "size: A4 portrait"),
        ("/static/print-a3.css", "size: A3 portrait"),
        ("/static/print.js", "window.print()"),
    ] {
        let (status, body) = app.page(path).await;
        assert_eq!(status, 200, "{path}");
        assert!(body.contains(needle), "{path}");
    }
});
