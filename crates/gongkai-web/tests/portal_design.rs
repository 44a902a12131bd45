//! The portal as a government site: its identity and footer from `site.toml`, the 长者模式
//! switch without JavaScript, the 信息公开 column, lists with pages, the catalogue with its
//! counts, the record page's signature and QR code, and a Chinese 404 page with a search box.

mod common;

use common::TestApp;
use gongkai_web::site::{Identity, Site};
use gongkai_web::{AppState, WebConfig};
use serde_json::json;

/// The same database served with the site settings `identity`.
async fn node_with(app: &TestApp, identity: Identity) -> String {
    let search = common::open_search(&app.store, &app.dir.join("identity-search")).await;
    let state = AppState::with_identity(app.store.clone(), WebConfig::default(), search, identity);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(gongkai_web::serve(listener, state, std::future::pending()));
    base
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

on_both_backends!(the_site_names_itself_and_its_registrations, |app: TestApp| async move {
    let dir = app.dir.join("site");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("site.toml"),
        "name = \"测试市党务政务公开网\"\nhost = \"测试市人民政府办公室\"\ncontact = \"电话 0000-1234567\"\n\
         site_code = \"9900000001\"\nicp = \"测ICP备2026000001号\"\npolice = \"测公网安备99000002000001号\"\n\
         colour = \"#1E5AA8\"\nbase_url = \"https://gk.example.gov.cn/\"\n",
    )
    .unwrap();
    let identity = Identity::load(&dir, "http://127.0.0.1:1").unwrap();
    assert_eq!(identity.site.base_url, "https://gk.example.gov.cn");
    let base = node_with(&app, identity).await;
    let home = app.client.get(format!("{base}/")).send().await.unwrap().text().await.unwrap();
    for part in [
        "测试市党务政务公开网",
        "主办单位：测试市人民政府办公室",
        "电话 0000-1234567",
        "网站标识码：9900000001",
        "测ICP备2026000001号",
        "测公网安备99000002000001号",
    ] {
        assert!(home.contains(part), "{part} missing from the home page");
    }
    assert!(home.contains("<title>首页 - 测试市党务政务公开网</title>"));
    let colours = app.client.get(format!("{base}/static/site.css")).send().await.unwrap().text().await.unwrap();
    assert!(colours.contains("--accent: #1e5aa8"), "{colours}");
    // A record's QR code and address point at the public address, not the server's own.
    let id = app.published("测试市公开的通知").await;
    let record = app.client.get(format!("{base}/d/{id}")).send().await.unwrap().text().await.unwrap();
    assert!(record.contains(&format!("https://gk.example.gov.cn/d/{id}")));
    assert!(record.contains("<svg class=\"qr\""));

    // Wrong settings stop the start with the field named.
    std::fs::write(dir.join("site.toml"), "colour = \"red\"\n").unwrap();
    let refused = Identity::load(&dir, "http://127.0.0.1:1").unwrap_err().to_string();
    assert!(refused.contains("colour"), "{refused}");
    std::fs::write(dir.join("site.toml"), "colour = \"#b3261e\"\ntypo = 1\n").unwrap();
    assert!(Identity::load(&dir, "http://127.0.0.1:1").unwrap_err().to_string().contains("格式有误"));
    std::fs::write(dir.join("site.toml"), "emblem = \"emblem.png\"\n").unwrap();
    std::fs::write(dir.join("emblem.png"), b"not an image").unwrap();
    assert!(Identity::load(&dir, "http://127.0.0.1:1").unwrap_err().to_string().contains("标志图片"));
    assert_eq!(Site::default().name, "党务政务公开网");
});

on_both_backends!(the_browsers_icon_is_the_emblem_or_nothing, |app: TestApp| async move {
    // Without an emblem: an empty answer browsers keep, not a 404 on every page.
    let none = app.client.get(app.url("/favicon.ico")).send().await.unwrap();
    assert_eq!(none.status(), 204);
    assert!(none.headers()["cache-control"].to_str().unwrap().contains("max-age"));

    let dir = app.dir.join("emblem-site");
    std::fs::create_dir_all(&dir).unwrap();
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><circle cx=\"2\" cy=\"2\" r=\"2\"/></svg>";
    std::fs::write(dir.join("site.toml"), "emblem = \"emblem.svg\"\n").unwrap();
    std::fs::write(dir.join("emblem.svg"), svg).unwrap();
    let base = node_with(&app, Identity::load(&dir, "http://127.0.0.1:1").unwrap()).await;
    for path in ["/favicon.ico", "/static/emblem"] {
        let icon = app.client.get(format!("{base}{path}")).send().await.unwrap();
        assert_eq!(icon.status(), 200, "{path}");
        assert_eq!(icon.headers()["content-type"], "image/svg+xml", "{path}");
        assert_eq!(icon.text().await.unwrap(), svg, "{path}");
    }
});

on_both_backends!(elder_mode_is_a_link_and_a_cookie, |app: TestApp| async move {
    let (_, standard) = app.page("/org/st-a").await;
    assert!(standard.contains("<html lang=\"zh-CN\">"));
    assert!(standard.contains("<a class=\"skip-link\" href=\"#main\">跳到正文</a>"));
    assert!(standard.contains("<main id=\"main\">"));
    assert!(
        standard.contains("id=\"elder-switch\" class=\"mode-switch\" href=\"/mode/elder?back=%2Forg%2Fst-a\">长者模式")
    );

    let client = no_redirects();
    let switched = client.get(app.url("/mode/elder?back=%2Forg%2Fst-a")).send().await.unwrap();
    assert_eq!(switched.status().as_u16(), 303);
    assert_eq!(switched.headers()["location"], "/org/st-a");
    let cookie = switched.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("gk_mode=elder;") && cookie.contains("Max-Age=31536000"), "{cookie}");

    // The cached standard page is not served to the elder visitor, nor the other way round.
    let elder = client.get(app.url("/org/st-a")).header("cookie", "gk_mode=elder").send().await.unwrap();
    let elder = elder.text().await.unwrap();
    assert!(elder.contains("<html lang=\"zh-CN\" class=\"elder\">"));
    assert!(elder.contains(">标准模式</a>"));
    assert!(app.page("/org/st-a").await.1.contains("<html lang=\"zh-CN\">"));

    let back = client.get(app.url("/mode/standard?back=%2F")).send().await.unwrap();
    assert!(back.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    // The switch never sends anyone to another site.
    for evil in ["//evil.example/", "https://evil.example/", "/%5Cevil.example"] {
        let query = format!("/mode/elder?back={}", evil.replace('/', "%2F").replace(':', "%3A"));
        let r = client.get(app.url(&query)).send().await.unwrap();
        assert_eq!(r.headers()["location"], "/", "{evil}");
    }
    assert_eq!(client.get(app.url("/mode/bigger")).send().await.unwrap().status().as_u16(), 404);
});

on_both_backends!(the_column_lists_and_catalogue_lead_to_every_record, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let mut ids = Vec::new();
    for n in 1..=22 {
        let id = app.draft(&editor, &format!("东湖街道工作动态第{n}期")).await;
        app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
        let (status, body) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
        assert_eq!(status, 200, "{body}");
        // A second apart, so that the newest is first whatever the ties.
        app.clock.advance(chrono::Duration::seconds(1));
        ids.push(id);
    }
    // The home page shows the newest and leads to the rest.
    let (_, home) = app.page("/").await;
    assert!(home.contains("东湖街道工作动态第22期") && !home.contains("东湖街道工作动态第1期<"));
    assert!(home.contains("href=\"/latest\""));
    let (_, latest) = app.page("/latest?p=2").await;
    assert!(latest.contains("共22条") && latest.contains("第 2 / 2 页"), "{latest}");
    assert!(latest.contains("东湖街道工作动态第1期") && latest.contains("href=\"/latest?p=1\""));
    assert!(!latest.contains("rel=\"next\""));
    // A page past the last says so, with the count, instead of an empty 第 3 / 2 页.
    let (status, past) = app.page("/latest?p=3").await;
    assert_eq!(status, 404);
    assert!(past.contains("没有第3页，这里共2页"), "{past}");
    assert_eq!(app.page("/org/st-a?c=zw-any&p=3").await.0, 404);
    assert_eq!(app.page("/org/st-b?p=1").await.0, 200, "an empty list still has its first page");

    // The unit's list: pages, and the catalogue with how many records each item holds.
    let (_, org) = app.page("/org/st-a").await;
    assert!(org.contains("共22条") && org.contains("第 1 / 2 页") && org.contains("href=\"/org/st-a?p=2\""));
    assert!(org.contains("href=\"/org/st-a?c=zw-any\">工作动态<span class=\"count\" aria-label=\"22条\">22</span>"));
    assert!(org.contains("<span class=\"leaf-empty\">任前公示<span class=\"count\""), "an empty item is greyed");
    assert!(!org.contains("?c=zw-short"), "an empty item is not a link");
    let (_, filtered) = app.page("/org/st-a?c=zw-any&p=2").await;
    assert!(filtered.contains("第 2 / 2 页") && filtered.contains("aria-current=\"page\""));
    let (_, other) = app.page("/org/st-b").await;
    assert!(other.contains("共0条") && other.contains("暂无公开信息"));

    // The 信息公开 column and the site map name every unit.
    let (_, column) = app.page("/xxgk").await;
    for unit in ["测试市", "东湖街道", "西山街道"] {
        assert!(column.contains(unit), "{unit}");
    }
    assert!(column.contains("href=\"/apply\">依申请公开"));
    let (status, map) = app.page("/sitemap").await;
    assert_eq!(status, 200);
    assert!(map.contains("href=\"/org/st-b\"") && map.contains("href=\"/opinions/new\""));

    // A record: signed by its unit with the date written out, printable, shareable.
    let (_, record) = app.page(&format!("/d/{}", ids[0])).await;
    assert!(record.contains("<p class=\"signature\">东湖街道<br>2026年3月2日</p>"), "{record}");
    assert!(record.contains("<button type=\"button\" class=\"print\" hidden>打印本页</button>"));
    assert!(record.contains("<svg class=\"qr\" role=\"img\" aria-label=\"本信息的二维码\""));

    // Staff links stay out of the public navigation.
    for page in [home, org, record] {
        assert!(!page.contains("href=\"/admin"), "a staff link on a public page");
    }
});

on_both_backends!(an_unknown_address_gets_a_chinese_page_with_a_search_box, |app: TestApp| async move {
    for path in ["/no-such-page", "/org/nowhere", "/d/not-an-id", "/latest/extra"] {
        let response = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 404, "{path}");
        assert!(response.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
        let body = response.text().await.unwrap();
        assert!(body.contains("页面不存在") || body.contains("不存在"), "{path}: {body}");
        assert!(body.contains("role=\"search\""), "{path}");
    }
    let (status, body) = app.page("/latest?p=abc").await;
    assert_eq!(status, 400, "{body}");
});
