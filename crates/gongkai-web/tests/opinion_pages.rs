//! The opinion box as a browser without JavaScript uses it — the form with its file, the
//! receipt, the tracking page and the public list — and as staff handle it in the back
//! office, where a report is seen by supervisors only.

mod common;

use common::{TestApp, PNG};

/// The value of `<input name="name" value="…">` in a page.
fn input_value(page: &str, name: &str) -> String {
    let at = page.find(&format!("name=\"{name}\" value=\"")).expect("the field") + name.len() + 15;
    page[at..].split('"').next().unwrap().to_owned()
}

/// Posts the letter form as a browser does, with an optional file.
async fn send(app: &TestApp, fields: &[(&str, &str)], file: Option<(&str, &[u8])>) -> (u16, String) {
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    let part = match file {
        Some((name, bytes)) => reqwest::multipart::Part::bytes(bytes.to_vec()).file_name(name.to_owned()),
        // An input left empty still sends its part, with an empty name.
        None => reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
    };
    let form = form.text("website", "").part("attachment", part);
    let r = app.client.post(app.url("/opinions/new")).multipart(form).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

fn letter<'a>(key: &'a str, contact: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("key", key),
        ("category", "complaint"),
        ("org", "st-a"),
        ("accused", ""),
        ("text", "社区服务站周六上午无人值班，办事群众白跑一趟。"),
        ("anonymous", "false"),
        ("name", "赵秀英"),
        ("contact", contact),
        ("consent_to_publish", "true"),
    ]
}

async fn post(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let r = app.client.post(app.url(path)).form(form).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn get(app: &TestApp, session: &str, path: &str) -> (u16, String) {
    let r = app.client.get(app.url(path)).header("cookie", session).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// The first `/admin/opinions/{id}` link in a page.
fn detail_link(page: &str) -> String {
    let at = page.find("href=\"/admin/opinions/").expect("a letter is listed") + 6;
    page[at..].split('"').next().unwrap().to_owned()
}

fn code_in(receipt: &str) -> String {
    let at = receipt.find("class=\"code\">").expect("a tracking code") + 13;
    receipt[at..].split('<').next().unwrap().to_owned()
}

on_both_backends!(write_keep_the_receipt_and_read_the_reply, |app: TestApp| async move {
    let (status, form) = app.page("/opinions/new?org=st-a").await;
    assert_eq!(status, 200);
    assert!(
        form.contains("<option value=\"st-a\" selected>\u{3000}东湖街道</option>"),
        "the unit is chosen, set in under its city"
    );
    assert!(form.contains("enctype=\"multipart/form-data\""));
    let key = input_value(&form, "key");
    assert_eq!(key.len(), 32);

    // A mistyped phone number: the form comes back with the message and what was typed.
    let (status, page) = send(&app, &letter(&key, "12345"), Some(("照片.png", PNG))).await;
    assert_eq!(status, 422);
    assert!(page.contains("不是有效的电话号码") && page.contains("重新选择文件"), "{page}");
    assert!(page.contains("周六上午无人值班") && page.contains("value=\"complaint\" required checked"));
    assert_eq!(app.stored_files(), (0, 0));
    let (status, page) = send(&app, &letter(&key, "13812345678"), Some(("说明.docx", b"PK\x03\x04"))).await;
    assert_eq!(status, 415);
    assert!(page.contains("JPEG、PNG 图片或 PDF 文件"), "{page}");

    let (status, receipt) = send(&app, &letter(&key, "13812345678"), Some(("照片.png", PNG))).await;
    assert_eq!(status, 200, "{receipt}");
    assert!(receipt.contains("2026-00001") && receipt.contains("投诉") && receipt.contains("东湖街道"));
    let code = code_in(&receipt);
    let (_, again) = send(&app, &letter(&key, "13812345678"), None).await;
    assert!(again.contains(&code), "sent twice: one letter, the same receipt");
    assert_eq!(app.count("opinions").await, 1);

    let (status, seen) = post(&app, "/opinions/track", &[("code", &code.to_lowercase())]).await;
    assert_eq!(status, 200);
    assert!(seen.contains("已收到") && seen.contains("尚未答复"), "{seen}");
    assert!(!seen.contains("赵秀英") && !seen.contains("13812345678") && !seen.contains("无人值班"));
    let (s1, unknown) = post(&app, "/opinions/track", &[("code", "ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZ")]).await;
    let (s2, malformed) = post(&app, "/opinions/track", &[("code", "<script>")]).await;
    assert_eq!((s1, s2), (404, 404));
    assert!(unknown.contains("查询码不正确") && malformed.contains("查询码不正确") && !malformed.contains("<script>"));

    let (session, csrf) = app.web_session("editor_a").await;
    let (_, board) = get(&app, &session, "/admin").await;
    assert!(board.contains("href=\"/admin/opinions\">意见箱</a>"));
    let (_, list) = get(&app, &session, "/admin/opinions").await;
    let detail = detail_link(&list);
    let (status, page) = get(&app, &session, &detail).await;
    assert_eq!(status, 200);
    assert!(page.contains("赵秀英，13812345678") && page.contains("照片.png"), "{page}");
    assert!(page.contains("value=\"accept\"") && !page.contains("value=\"close\""));
    let file = app.client.get(app.url(&format!("{detail}/attachment"))).header("cookie", &session).send().await;
    let file = file.unwrap();
    assert_eq!((file.status().as_u16(), file.headers()["cache-control"].to_str().unwrap()), (200, "no-store"));
    assert_eq!(file.bytes().await.unwrap().as_ref(), PNG);

    let act = |fields: Vec<(&'static str, &'static str)>| {
        let mut form = vec![("csrf", csrf.as_str())];
        form.extend(fields);
        let (session, path) = (session.clone(), format!("{detail}/act"));
        let app = &app;
        async move { app.post_form(&session, &path, &form).await }
    };
    assert_eq!(act(vec![("action", "accept")]).await.0, 303);
    let (status, page) = act(vec![("action", "reply"), ("text", "")]).await;
    assert_eq!(status, 409);
    assert!(page.contains("请填写答复内容"));
    let reply = "已调整排班，自本周起周六上午有专人值班。";
    assert_eq!(act(vec![("action", "reply"), ("text", reply), ("publish", "true")]).await.0, 303);
    let (_, seen) = post(&app, "/opinions/track", &[("code", &code)]).await;
    assert!(seen.contains(reply) && seen.contains("已在"), "{seen}");
    let (_, public) = app.page("/opinions").await;
    assert!(public.contains(reply) && public.contains("无人值班"), "{public}");
    assert!(!public.contains("赵秀英") && !public.contains("照片.png"), "no name, no file");
});

on_both_backends!(a_form_filled_by_a_program_is_refused, |app: TestApp| async move {
    let (_, form) = app.page("/opinions/new").await;
    let key = input_value(&form, "key");
    let mut fields = letter(&key, "13812345678");
    fields.push(("website", "http://example.com"));
    let mut form = reqwest::multipart::Form::new();
    for (name, value) in fields {
        form = form.text(name, value.to_owned());
    }
    let r = app.client.post(app.url("/opinions/new")).multipart(form).send().await.unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("隐藏栏"));
    assert_eq!(app.count("opinions").await, 0);
});

on_both_backends!(reports_stay_out_of_the_units_back_office, |app: TestApp| async move {
    let (_, form) = app.page("/opinions/new?category=report").await;
    assert!(form.contains("value=\"report\" required checked"), "the category is chosen");
    let key = input_value(&form, "key");
    let mut fields = letter(&key, "");
    fields.retain(|(k, _)| !matches!(*k, "category" | "accused" | "anonymous" | "name"));
    fields.extend([("category", "report"), ("accused", "钱某，社区服务站站长"), ("anonymous", "true"), ("name", "")]);
    let (status, receipt) = send(&app, &fields, None).await;
    assert_eq!(status, 200, "{receipt}");
    assert!(receipt.contains("JB2026-00001") && receipt.contains("举报一律不公开"), "{receipt}");

    for user in ["editor_a", "reviewer_a", "admin"] {
        let (session, _) = app.web_session(user).await;
        let (_, list) = get(&app, &session, "/admin/opinions?all=1").await;
        assert!(!list.contains("JB2026") && !list.contains("钱某"), "{user} sees the report listed");
    }
    let (session, csrf) = app.web_session("supervisor").await;
    let (_, list) = get(&app, &session, "/admin/opinions").await;
    assert!(list.contains("JB2026-00001"), "{list}");
    let detail = detail_link(&list);
    let (_, page) = get(&app, &session, &detail).await;
    assert!(page.contains("钱某，社区服务站站长") && page.contains("匿名") && page.contains("value=\"reply\""));
    assert!(!page.contains("name=\"publish\""), "a report's reply is never offered for publication");
    for user in ["editor_a", "reviewer_a", "editor_b", "admin"] {
        let (other, token) = app.web_session(user).await;
        assert_eq!(get(&app, &other, &detail).await.0, 404, "{user}");
        let (status, _) =
            app.post_form(&other, &format!("{detail}/act"), &[("csrf", &token), ("action", "accept")]).await;
        assert_eq!(status, 404, "{user}");
    }
    let form = [("csrf", csrf.as_str()), ("action", "reply"), ("text", "经核查，已责令整改并对相关人员批评教育。")];
    assert_eq!(app.post_form(&session, &format!("{detail}/act"), &form).await.0, 303);
    let (_, seen) = post(&app, "/opinions/track", &[("code", &code_in(&receipt))]).await;
    assert!(seen.contains("已责令整改") && seen.contains("只有您凭查询码可以查看"), "{seen}");
    assert!(!app.page("/opinions").await.1.contains("已责令整改"));
});
