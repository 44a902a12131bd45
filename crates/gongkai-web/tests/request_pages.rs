//! The portal's application form, receipt and tracking page, as a browser without
//! JavaScript uses them.

mod common;

use common::TestApp;

fn fields<'a>(key: &'a str, contact: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("key", key),
        ("org", "st-a"),
        ("applicant_kind", "自然人"),
        ("name", "李华"),
        ("id_number", "11010519491231002X"),
        ("contact", contact),
        ("email", ""),
        ("address", ""),
        ("description", "东湖街道2025年老旧小区改造项目的招标文件"),
        ("delivery", "当面领取"),
        ("website", ""),
    ]
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = app.client.post(app.url(path)).form(form).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The value of `<input name="name" value="…">` in a page.
fn input_value(page: &str, name: &str) -> String {
    let at = page.find(&format!("name=\"{name}\" value=\"")).expect("the field") + name.len() + 15;
    page[at..].split('"').next().unwrap().to_owned()
}

on_both_backends!(apply_online_keep_the_receipt_and_follow_the_request, |app: TestApp| async move {
    let (status, form) = app.page("/apply?org=st-a").await;
    assert_eq!(status, 200);
    assert!(
        form.contains("<option value=\"st-a\" selected>\u{3000}东湖街道</option>"),
        "the unit is chosen, set in under its city"
    );
    let key = input_value(&form, "key");
    assert_eq!(key.len(), 32);
    let (_, other_form) = app.page("/apply").await;
    assert_ne!(input_value(&other_form, "key"), key, "each form its own key");

    // A mistyped phone number: the form comes back with the message and what was typed.
    let (status, page) = post(&app, "/apply", &fields(&key, "12345")).await;
    assert_eq!(status, 422);
    assert!(page.contains("不是有效的电话号码"), "{page}");
    assert!(page.contains("老旧小区改造项目的招标文件"), "the description is kept");

    let (status, receipt) = post(&app, "/apply", &fields(&key, "13812345678")).await;
    assert_eq!(status, 200, "{receipt}");
    assert!(receipt.contains("2026-00001") && receipt.contains("2026-03-30前"), "{receipt}");
    let code_at = receipt.find("class=\"code\">").unwrap() + 13;
    let code = receipt[code_at..].split('<').next().unwrap().to_owned();
    // Sent twice (a double click, a reload): one application, the same receipt.
    let (_, again) = post(&app, "/apply", &fields(&key, "13812345678")).await;
    assert!(again.contains(&code), "the same code");
    assert_eq!(app.count("info_requests").await, 1);

    let (status, seen) = post(&app, "/track", &[("code", &code.to_lowercase())]).await;
    assert_eq!(status, 200);
    assert!(seen.contains("已收到") && seen.contains("收到申请") && seen.contains("东湖街道"), "{seen}");
    assert!(!seen.contains("李华") && !seen.contains("13812345678"), "no personal data");
    let (status, unknown) = post(&app, "/track", &[("code", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ")]).await;
    let (status2, malformed) = post(&app, "/track", &[("code", "<script>")]).await;
    assert_eq!((status, status2), (404, 404));
    assert!(unknown.contains("查询码不正确") && malformed.contains("查询码不正确"));
    assert!(!malformed.contains("<script>"), "what was typed is not echoed");
});

on_both_backends!(a_form_filled_by_a_program_is_refused, |app: TestApp| async move {
    let (_, form) = app.page("/apply").await;
    let key = input_value(&form, "key");
    let mut filled = fields(&key, "13812345678");
    filled.retain(|(name, _)| *name != "website");
    filled.push(("website", "http://example.com"));
    let (status, page) = post(&app, "/apply", &filled).await;
    assert_eq!(status, 422);
    assert!(page.contains("隐藏栏"));
    assert_eq!(app.count("info_requests").await, 0);
});

on_both_backends!(a_form_sent_again_with_other_content_registers_nothing_silently, |app: TestApp| async move {
    let (_, form) = app.page("/apply").await;
    let key = input_value(&form, "key");
    let (status, receipt) = post(&app, "/apply", &fields(&key, "13812345678")).await;
    assert_eq!(status, 200, "{receipt}");
    // Back, a different number, sent again under the same key.
    let (status, page) = post(&app, "/apply", &fields(&key, "0571-88001234")).await;
    assert_eq!(status, 409);
    assert!(page.contains("此前已经提交，修改后的内容没有提交"), "{page}");
    assert!(page.contains("0571-88001234"), "what was typed is kept");
    let new_key = input_value(&page, "key");
    assert_ne!(new_key, key, "a new application needs a new key");
    assert_eq!(app.count("info_requests").await, 1);
    let (status, second) = post(&app, "/apply", &fields(&new_key, "0571-88001234")).await;
    assert_eq!(status, 200);
    assert!(second.contains("2026-00002"), "{second}");
});

on_both_backends!(too_many_applications_keep_what_was_typed, |app: TestApp| async move {
    for _ in 0..10 {
        let (_, form) = app.page("/apply").await;
        assert_eq!(post(&app, "/apply", &fields(&input_value(&form, "key"), "13812345678")).await.0, 200);
    }
    let (_, form) = app.page("/apply").await;
    let key = input_value(&form, "key");
    let refused = app.client.post(app.url("/apply")).form(&fields(&key, "13812345678")).send().await.unwrap();
    assert_eq!(refused.status().as_u16(), 429);
    assert_eq!(refused.headers()["retry-after"], "3600");
    let page = refused.text().await.unwrap();
    assert!(page.contains("提交过于频繁"), "{page}");
    assert!(page.contains("老旧小区改造项目的招标文件") && page.contains("李华"), "nothing typed is lost");
    assert_eq!(input_value(&page, "key"), key, "sent later, it is the same application");
    assert_eq!(app.count("info_requests").await, 10);
});

on_both_backends!(forms_receipts_and_tracking_stay_out_of_caches, |app: TestApp| async move {
    let cache_control = |r: &reqwest::Response| {
        r.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
    };
    let (_, form) = app.page("/apply").await;
    let key = input_value(&form, "key");
    let sent = app.client.post(app.url("/apply")).form(&fields(&key, "13812345678")).send().await.unwrap();
    assert_eq!(cache_control(&sent), "no-store", "the receipt");
    for path in ["/apply", "/track", "/opinions/new", "/opinions/track"] {
        let r = app.client.get(app.url(path)).send().await.unwrap();
        assert_eq!((r.status().as_u16(), cache_control(&r)), (200, "no-store".to_owned()), "{path}");
    }
    for path in ["/track", "/opinions/track"] {
        let r = app.client.post(app.url(path)).form(&[("code", "ABCD")]).send().await.unwrap();
        assert_eq!(cache_control(&r), "no-store", "{path} answered");
    }
    let list = app.client.get(app.url("/opinions")).send().await.unwrap();
    assert_ne!(cache_control(&list), "no-store", "the public list of replies is public");
});
