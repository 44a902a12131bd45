//! The back office's requests: registering a letter, the list coloured by due date, the
//! actions a request's state allows, the reply letter, and another unit kept out.

mod common;

use chrono::Duration;
use common::TestApp;

async fn get(app: &TestApp, session: &str, path: &str) -> (u16, String) {
    let r = app.client.get(app.url(path)).header("cookie", session).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

on_both_backends!(a_letter_registered_handled_and_answered_in_the_back_office, |app: TestApp| async move {
    let (session, csrf) = app.web_session("editor_a").await;
    let letter = [
        ("csrf", csrf.as_str()),
        ("channel", "信函"),
        ("received_on", "2026-02-27"),
        ("applicant_kind", "商业企业"),
        ("name", "岚江某建材有限公司"),
        ("id_number", ""),
        ("contact", "0571-88001234"),
        ("email", ""),
        ("address", "岚江市东湖路1号"),
        ("description", "2025年度东湖街道政府采购项目的中标结果"),
        ("delivery", "邮寄纸质文本"),
    ];
    let mut bad = letter.to_vec();
    bad[6] = ("contact", "12345");
    let (status, page) = app.post_form(&session, "/admin/requests/new", &bad).await;
    assert_eq!(status, 422);
    assert!(page.contains("不是有效的电话号码") && page.contains("岚江某建材有限公司"), "refused, with what was typed");
    let mut letter = letter.to_vec();
    letter.push(("key", "a1b2c3d4e5f60718293a4b5c6d7e8f90"));
    let (status, receipt) = app.post_form(&session, "/admin/requests/new", &letter).await;
    assert_eq!(status, 200, "the receipt, with the code to give the applicant");
    assert!(receipt.contains("2026-00001") && receipt.contains("class=\"code\""), "{receipt}");
    let (_, again) = app.post_form(&session, "/admin/requests/new", &letter).await;
    assert!(again.contains("2026-00001"), "a double click registers one application");
    let token = app.token("editor_a").await;
    let (_, list) = app.get_json(Some(&token), "/api/v1/orgs/st-a/requests").await;
    let detail = format!("/admin/requests/{}", list[0]["id"].as_str().unwrap());

    let (status, page) = get(&app, &session, &detail).await;
    assert_eq!(status, 200);
    // 28 February was a make-up Saturday: it counts.
    assert!(page.contains("2026-00001") && page.contains("2026-03-26"), "due twenty working days after 27 February");
    assert!(page.contains("value=\"accept\"") && page.contains("value=\"ask_correction\""));
    assert!(!page.contains("value=\"approve_extension\""), "nothing to approve");

    // Yellow five working days before, red after.
    app.clock.advance(Duration::days(17));
    let (session, csrf) = app.web_session("editor_a").await;
    let (_, list) = get(&app, &session, "/admin/requests").await;
    assert!(list.contains("<tr class=\"soon\">") && list.contains("剩5个工作日"), "{list}");
    app.clock.advance(Duration::days(8));
    let (session, csrf2) = app.web_session("editor_a").await;
    let (_, board) = get(&app, &session, "/admin").await;
    assert!(board.contains("<tr class=\"overdue\">") && board.contains("已逾期1个工作日"), "{board}");
    drop(csrf);

    let act = |fields: Vec<(&'static str, &'static str)>| {
        let mut form = vec![("csrf", csrf2.as_str())];
        form.extend(fields);
        let (session, path) = (session.clone(), format!("{detail}/act"));
        let app = &app;
        async move { app.post_form(&session, &path, &form).await }
    };
    let (status, page) = act(vec![("action", "ask_correction"), ("what", "请写明项目名称")]).await;
    assert_eq!(status, 409);
    assert!(page.contains("7个工作日"), "too late for a correction notice");
    let (status, _) = act(vec![("action", "accept")]).await;
    assert_eq!(status, 303);
    let answer = vec![("action", "answer"), ("outcome", "withheld"), ("reason", "")];
    let (status, page) = act(answer).await;
    assert_eq!(status, 409, "no such answer");
    assert!(page.contains("未知的办理结果"));
    let answer =
        vec![("action", "answer"), ("outcome", "third_party"), ("reason", "涉及投标人的商业秘密，第三方不同意公开")];
    assert_eq!(act(answer).await.0, 303);
    let (status, letter_page) = get(&app, &session, &format!("{detail}/letter")).await;
    assert_eq!(status, 200);
    for words in [
        "政府信息公开申请答复书",
        "岚江某建材有限公司：",
        "保护第三方合法权益",
        "商业秘密",
        "60日内",
        "6个月内",
        "2026年3月27日",
    ] {
        assert!(letter_page.contains(words), "the letter says {words}");
    }

    assert_eq!(app.count("info_requests").await, 1);
    let (other, _) = app.web_session("editor_b").await;
    assert_eq!(get(&app, &other, &detail).await.0, 404);
    assert_eq!(get(&app, &other, &format!("{detail}/letter")).await.0, 404);
    let (_, list) = get(&app, &other, "/admin/requests").await;
    assert!(!list.contains("2026-00001"), "another unit's list");
});
