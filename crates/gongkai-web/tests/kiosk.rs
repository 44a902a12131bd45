//! The touch-screen kiosk in a service hall as a visitor meets it: tiles by unit and
//! catalogue with their counts, a keypad of plain links that types pinyin initials, records
//! with no way out to other sites, withdrawn records showing their notice only, new
//! publications showing at once, and the kiosk's own page for what does not exist.

mod common;

use common::TestApp;
use serde_json::json;

/// The address the keypad key `key` leads to.
fn key_href(page: &str, key: &str) -> String {
    let at = page.find(&format!("data-key=\"{key}\"")).unwrap_or_else(|| panic!("no key {key}"));
    let rest = &page[at..];
    let start = rest.find("href=\"").unwrap() + 6;
    rest[start..start + rest[start..].find('"').unwrap()].to_owned()
}

/// A page with the ampersands of its addresses written plainly, as a browser reads them.
async fn plain_page(app: &TestApp, path: &str) -> String {
    let (status, page) = app.page(path).await;
    assert_eq!(status, 200, "{path}");
    page.replace("&#38;", "&").replace("&amp;", "&")
}

/// How many times `needle` occurs in `page`.
fn count(page: &str, needle: &str) -> usize {
    page.matches(needle).count()
}

on_both_backends!(the_start_page_has_unit_tiles_and_a_keypad, |app: TestApp| async move {
    let (status, page) = app.page("/kiosk").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<body class="kiosk" data-idle-seconds="120">"#), "{page}");
    assert!(page.contains(r#"<main id="main">"#));
    for unit in ["city", "st-a", "st-b"] {
        assert!(page.contains(&format!(r#"<a class="tile" href="/kiosk/org/{unit}">"#)), "tile of {unit}");
    }
    assert!(page.contains("党务政务公开网"), "the site's name");
    assert!(page.contains(r#"<nav class="keypad""#) && page.contains(r#"<output id="kiosk-query""#));
    assert_eq!(count(&page, r#"class="key""#), 26, "A to Z");
    assert_eq!(count(&page, r#"class="key key-word""#), 2, "删除 and 清空");
    assert_eq!(key_href(&page, "A"), "/kiosk/search?q=A");
    assert!(!page.contains("<input") && !page.contains("<textarea"), "nothing raises a system keyboard");
    assert!(page.contains(r#"href="/static/kiosk.css""#) && page.contains(r#"src="/static/kiosk.js""#));
});

on_both_backends!(keypad_keys_lead_to_the_next_query, |app: TestApp| async move {
    let (status, page) = app.page("/kiosk/search?q=G").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<output id="kiosk-query" aria-live="polite">G</output>"#), "{page}");
    assert_eq!(key_href(&page, "K"), "/kiosk/search?q=GK");
    assert_eq!(key_href(&page, "back"), "/kiosk/search?q=");
    assert_eq!(key_href(&page, "clear"), "/kiosk/search?q=");
    let (_, page) = app.page("/kiosk/search?q=gk").await;
    assert!(page.contains(">GK</output>"), "typed letters in capitals");
    assert_eq!(key_href(&page, "back"), "/kiosk/search?q=G");
    assert_eq!(key_href(&page, "Z"), "/kiosk/search?q=GKZ");
    // Whatever else is in the address is not typed.
    let (status, page) = app.page("/kiosk/search?q=%3Cb%3Ed1").await;
    assert_eq!(status, 200);
    assert!(page.contains(">BD</output>") && !page.contains("<b>d1"));
    assert!(!page.contains("<input"));
});

on_both_backends!(pinyin_initials_find_records_page_by_page, |app: TestApp| async move {
    let first = app.published("关于党务公开工作的通知").await;
    for n in 2..=9 {
        app.published(&format!("第{n}期党务公开简报")).await;
    }
    app.published("道路维修公告").await;
    app.state.follow_search().await;
    let page = plain_page(&app, "/kiosk/search?q=DWGK").await;
    assert!(page.contains(r#"<ol class="kiosk-results kiosk-list">"#), "{page}");
    assert!(page.contains("共找到 9 条"), "{page}");
    assert_eq!(count(&page, r#"<li><a class="row" href="/kiosk/d/"#), 8, "a page of eight");
    assert!(!page.contains("道路维修"));
    assert_eq!(key_href(&page, "back"), "/kiosk/search?q=DWG");
    assert!(page.contains(r#"href="/kiosk/search?q=DWGK&p=2">下一页</a>"#), "{page}");
    let second = plain_page(&app, "/kiosk/search?q=DWGK&p=2").await;
    assert_eq!(count(&second, r#"<li><a class="row" href="/kiosk/d/"#), 1);
    assert!(second.contains(r#"href="/kiosk/search?q=DWGK&p=1">上一页</a>"#));
    let both = format!("{page}{second}");
    assert!(both.contains(&format!(r#"href="/kiosk/d/{first}""#)), "the first record is on one of the pages");
    let (_, none) = app.page("/kiosk/search?q=QXZ").await;
    assert!(none.contains("没有找到与“QXZ”相符的信息") && !none.contains("kiosk-results"));
});

on_both_backends!(units_and_catalogue_tiles_count_what_they_hold, |app: TestApp| async move {
    let (_, city) = app.page("/kiosk/org/city").await;
    assert!(city.contains(r#"href="/kiosk/org/st-a""#) && city.contains(r#"href="/kiosk/org/st-b""#), "child units");
    assert!(city.contains(r#"<a class="tile nav-back" href="/kiosk">"#), "the top unit goes back to the start");
    let a = app.published("东湖街道第一份通知").await;
    app.published("东湖街道第二份通知").await;
    let (status, page) = app.page("/kiosk/org/st-a").await;
    assert_eq!(status, 200);
    assert!(page.contains(r#"<a class="tile" href="/kiosk/org/st-a?c=zw"><span class="tile-name">政务公开</span><span class="tile-note">2 条</span></a>"#), "{page}");
    assert!(page.contains(r#"<a class="tile nav-back" href="/kiosk/org/city">"#));
    let (_, group) = app.page("/kiosk/org/st-a?c=zw").await;
    assert!(group.contains(r#"href="/kiosk/org/st-a?c=zw-any"><span class="tile-name">工作动态</span><span class="tile-note">2 条</span>"#), "{group}");
    assert!(group.contains(r#"<span class="tile tile-empty"><span class="tile-name">任前公示</span><span class="tile-note">暂无信息</span></span>"#));
    assert!(!group.contains("c=zw-short"), "an empty item is no link");
    let (_, list) = app.page("/kiosk/org/st-a?c=zw-any").await;
    assert!(list.contains(&format!(r#"<a class="row" href="/kiosk/d/{a}">"#)) && list.contains("东湖街道第二份通知"));
    assert!(list.contains(r#"<a class="tile nav-back" href="/kiosk/org/st-a?c=zw">"#), "back to the group");
    assert!(!list.contains("下一页"), "one page needs no paging");

    // A publication drops the cached counts and list.
    assert!(app.state.cache.get("/kiosk/org/st-a?c=zw-any&p=1").is_some(), "kiosk pages are cached");
    app.published("东湖街道第三份通知").await;
    app.state.follow_feed().await;
    assert!(app.page("/kiosk/org/st-a?c=zw-any").await.1.contains("东湖街道第三份通知"));
    assert!(app.page("/kiosk/org/st-a").await.1.contains("<span class=\"tile-note\">3 条</span>"));
});

on_both_backends!(a_leaf_lists_its_records_page_by_page, |app: TestApp| async move {
    for n in 1..=9 {
        app.published(&format!("工作动态第{n}期")).await;
    }
    let first = plain_page(&app, "/kiosk/org/st-a?c=zw-any").await;
    assert_eq!(count(&first, r#"<a class="row" href="/kiosk/d/"#), 8);
    assert!(first.contains("共 9 条") && first.contains("第 1 页，共 2 页"));
    assert!(first.contains(r#"<a class="tile" href="/kiosk/org/st-a?c=zw-any&p=2">下一页</a>"#), "{first}");
    assert!(first.contains(r#"<span class="tile tile-empty">上一页</span>"#));
    let second = plain_page(&app, "/kiosk/org/st-a?c=zw-any&p=2").await;
    assert_eq!(count(&second, r#"<a class="row" href="/kiosk/d/"#), 1);
    assert!(second.contains(r#"href="/kiosk/org/st-a?c=zw-any&p=1">上一页</a>"#));
    // Past the end, or garbage, still shows a page of records.
    assert_eq!(count(&app.page("/kiosk/org/st-a?c=zw-any&p=99").await.1, r#"class="row""#), 1);
    assert_eq!(count(&app.page("/kiosk/org/st-a?c=zw-any&p=x").await.1, r#"class="row""#), 8);
});

on_both_backends!(links_in_a_body_are_plain_text_on_the_kiosk, |app: TestApp| async move {
    let body = r#"<p>详见<a href="https://example.com/notice">市政府网站</a>的通知。</p>"#;
    let (id, _) = app
        .through_review(json!({ "org": "st-a", "catalog_item": "zw-any", "title": "链接测试通知", "body": body }))
        .await;
    let (_, portal) = app.page(&format!("/d/{id}")).await;
    assert!(portal.contains("https://example.com/notice"), "the portal keeps the link");
    let (status, page) = app.page(&format!("/kiosk/d/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("详见市政府网站的通知。"), "{page}");
    assert!(!page.contains("example.com"), "no way out to another site");
    assert!(page.contains("<h1>链接测试通知</h1>") && page.contains("<dt>发布机构</dt><dd>东湖街道</dd>"));
    assert!(page.contains(r#"<svg class="qr" role="img" aria-label="用手机扫码查看""#), "a QR code to take it along");
    assert!(page.contains(r#"<a class="tile nav-back" href="/kiosk/org/st-a?c=zw-any">返回列表</a>"#));
});

on_both_backends!(attachments_are_named_not_offered, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let id = app.draft(&editor, "附件测试").await;
    assert_eq!(app.upload(&editor, &id, "图片说明.png", common::PNG.to_vec()).await.0, 201);
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    let (_, page) = app.page(&format!("/kiosk/d/{id}")).await;
    assert!(page.contains("<li>图片说明.png</li>"), "{page}");
    assert!(!page.contains("/files/"), "no download on a kiosk");
});

on_both_backends!(a_withdrawn_record_shows_its_notice_only, |app: TestApp| async move {
    let id = app.published("将被撤回的通知").await;
    assert!(app.page(&format!("/kiosk/d/{id}")).await.1.contains("正文内容"));
    let reviewer = app.token("reviewer_a").await;
    let (status, body) =
        app.post(&reviewer, &format!("/api/v1/disclosures/{id}/withdraw"), json!({ "reason": "内容有误" })).await;
    assert_eq!(status, 200, "{body}");
    app.state.follow_feed().await;
    let (status, page) = app.page(&format!("/kiosk/d/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("撤回公告") && page.contains("撤回原因：内容有误"), "{page}");
    assert!(!page.contains("正文内容"), "the body is gone");
    assert!(!page.contains(r#"class="qr""#));
});

on_both_backends!(what_does_not_exist_gets_the_kiosks_own_page, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let draft = app.draft(&editor, "未公开的草稿").await;
    for path in [
        "/kiosk/org/nowhere".to_owned(),
        "/kiosk/org/st-a?c=nothing".to_owned(),
        "/kiosk/org/st-a?c=%E4%B9%B1".to_owned(),
        "/kiosk/d/no-such-record".to_owned(),
        "/kiosk/d/..%2F".to_owned(),
        format!("/kiosk/d/{draft}"),
        "/kiosk/elsewhere".to_owned(),
    ] {
        let (status, page) = app.page(&path).await;
        assert_eq!(status, 404, "{path}");
        assert!(page.contains(r#"<body class="kiosk""#), "{path}: {page}");
        assert!(page.contains(r#"<a class="tile tile-main" href="/kiosk">返回首页</a>"#), "{path}");
        assert!(!page.contains("未公开的草稿"), "{path}");
    }
    let (status, portal) = app.page("/org/nowhere").await;
    assert_eq!(status, 404);
    assert!(!portal.contains("class=\"kiosk\""), "the portal keeps its own page");
});
