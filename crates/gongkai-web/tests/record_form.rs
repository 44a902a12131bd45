//! The back office's record form as its users work with it: one form that saves before it
//! previews or submits, a message after every action, a refused save that keeps what was
//! typed, recalling before review, and the catalogue chosen from a grouped list.

mod common;

use common::TestApp;

/// The record id in a `/admin/records/{id}…` redirect.
fn record_in(location: &str) -> String {
    location.trim_start_matches("/admin/records/").split(['?', '/']).next().unwrap().to_owned()
}

async fn post(app: &TestApp, session: &str, path: &str, fields: &[(&str, &str)]) -> (u16, String, String) {
    let r = app.client.post(app.url(path)).header("cookie", session).form(fields).send().await.unwrap();
    let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
    (r.status().as_u16(), location, r.text().await.unwrap())
}

async fn get(app: &TestApp, session: &str, path: &str) -> (u16, String) {
    let r = app.client.get(app.url(path)).header("cookie", session).send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn state_of(app: &TestApp, id: &str) -> (String, String) {
    let token = app.token("editor_a").await;
    let (_, body) = app.get_json(Some(&token), &format!("/api/v1/disclosures/{id}")).await;
    (body["state"].as_str().unwrap().to_owned(), body["title"].as_str().unwrap().to_owned())
}

on_both_backends!(one_form_saves_then_submits_and_says_so, |app: TestApp| async move {
    let (session, csrf) = app.web_session("editor_a").await;
    let (status, form) = get(&app, &session, "/admin/records/new").await;
    assert_eq!(status, 200);
    // The catalogue is a grouped list: headings from the upper levels, leaves with names.
    assert!(form.contains("<optgroup label=\""), "{form}");
    assert!(form.contains("保存并提交审核") && form.contains("保存并预览"));
    let fields = [
        ("csrf", csrf.as_str()),
        ("org", "st-a"),
        ("catalog_item", "zw-any"),
        ("title", "关于春季植树的通知"),
        ("body", "第一段\n\n第二段"),
        ("then", "submit"),
    ];
    let (status, location, _) = post(&app, &session, "/admin/records", &fields).await;
    assert_eq!(status, 303);
    assert!(location.ends_with("?done=submit"), "{location}");
    let id = record_in(&location);
    assert_eq!(state_of(&app, &id).await.0, "submitted");
    let (_, page) = get(&app, &session, &location).await;
    assert!(page.contains("已保存并提交审核"), "{page}");
    // Recalled before review, it is a draft again, and the page says so.
    let (status, location, _) = post(&app, &session, &format!("/admin/records/{id}/recall"), &[("csrf", &csrf)]).await;
    assert_eq!((status, location.as_str()), (303, format!("/admin/records/{id}?done=recall").as_str()));
    assert_eq!(state_of(&app, &id).await.0, "draft");
    assert!(get(&app, &session, &location).await.1.contains("已撤销送审"));
    // Editing and submitting is one press: the new title is what goes to review.
    let mut edited = fields.to_vec();
    edited[3] = ("title", "关于春季植树活动的通知");
    let (status, location, _) = post(&app, &session, &format!("/admin/records/{id}"), &edited).await;
    assert_eq!((status, location.ends_with("?done=submit")), (303, true));
    assert_eq!(state_of(&app, &id).await, ("submitted".into(), "关于春季植树活动的通知".into()));
    // 保存并预览 saves and opens the preview.
    let (_, other, _) = post(&app, &session, "/admin/records", &[&fields[..5], &[("then", "save")]].concat()).await;
    assert!(other.ends_with("?done=created"));
    let other = record_in(&other);
    let mut previewed = fields.to_vec();
    previewed[3] = ("title", "预览前改过的标题");
    previewed[5] = ("then", "preview");
    let (status, location, _) = post(&app, &session, &format!("/admin/records/{other}"), &previewed).await;
    assert_eq!((status, location), (303, format!("/admin/records/{other}/preview")));
    assert!(get(&app, &session, &format!("/admin/records/{other}/preview")).await.1.contains("预览前改过的标题"));
    assert_eq!(state_of(&app, &other).await.0, "draft");
});

on_both_backends!(a_refused_save_keeps_what_was_typed, |app: TestApp| async move {
    let (session, csrf) = app.web_session("editor_a").await;
    let before = app.count("records").await;
    // A new draft with 成文日期 in the future: refused, typed text kept, nothing stored.
    let typed = [
        ("csrf", csrf.as_str()),
        ("org", "st-a"),
        ("catalog_item", "zw-any"),
        ("title", "打了很久的标题"),
        ("body", "写了很久的正文"),
        ("doc_number", "东街〔2026〕3号"),
        ("written_on", "2027-01-01"),
        ("topic", "civil_affairs"),
        ("then", "submit"),
    ];
    let (status, _, page) = post(&app, &session, "/admin/records", &typed).await;
    assert_eq!(status, 422);
    assert!(page.contains("成文日期"), "{page}");
    for kept in ["打了很久的标题", "写了很久的正文", "东街〔2026〕3号", "2027-01-01"] {
        assert!(page.contains(kept), "{kept} lost");
    }
    assert!(page.contains("<option value=\"civil_affairs\" selected>"));
    assert_eq!(app.count("records").await, before);
    // An edit refused the same way keeps the typed text and leaves the stored record alone.
    let token = app.token("editor_a").await;
    let id = app.draft(&token, "原标题").await;
    let mut edit = typed.to_vec();
    edit[3] = ("title", "改了一半的标题");
    edit[5] = ("doc_number", "x".repeat(61).leak());
    let (status, _, page) = post(&app, &session, &format!("/admin/records/{id}"), &edit).await;
    assert_eq!(status, 422);
    assert!(page.contains("改了一半的标题") && page.contains("文号"), "{page}");
    assert_eq!(state_of(&app, &id).await, ("draft".into(), "原标题".into()));
    // A refused action says why on the record's page: a reason is needed to return a record.
    app.post(&token, &format!("/api/v1/disclosures/{id}/submit"), serde_json::json!({})).await;
    let (reviewer, reviewer_csrf) = app.web_session("reviewer_a").await;
    let (status, _, page) =
        post(&app, &reviewer, &format!("/admin/records/{id}/reject"), &[("csrf", &reviewer_csrf), ("note", " ")]).await;
    assert_eq!(status, 422);
    assert!(page.contains("退回理由") && page.contains("notice error"), "{page}");
    assert_eq!(state_of(&app, &id).await.0, "submitted");
});

on_both_backends!(labels_say_what_happens, |app: TestApp| async move {
    let id = app.published("已发布的通知").await;
    let (session, _) = app.web_session("editor_a").await;
    let (_, page) = get(&app, &session, &format!("/admin/records/{id}")).await;
    assert!(page.contains("起草新版本") && page.contains("送审通过后替换现行版本"), "{page}");
});

on_both_backends!(an_administrator_drafts_for_a_unit_it_chooses, |app: TestApp| async move {
    let (session, csrf) = app.web_session("admin").await;
    let (status, chooser) = get(&app, &session, "/admin/records/new").await;
    assert_eq!(status, 200);
    assert!(chooser.contains("/admin/records/new?org=st-a") && chooser.contains("东湖街道"), "{chooser}");
    let (status, form) = get(&app, &session, "/admin/records/new?org=st-b").await;
    assert!(status == 200 && form.contains("name=\"org\" value=\"st-b\""), "{form}");
    let fields = [
        ("csrf", csrf.as_str()),
        ("org", "st-b"),
        ("catalog_item", "zw-any"),
        ("title", "代西山街道起草的通知"),
        ("body", "正文"),
        ("then", "save"),
    ];
    let (status, location, _) = post(&app, &session, "/admin/records", &fields).await;
    assert_eq!((status, location.ends_with("?done=created")), (303, true));
    // An editor cannot choose another unit.
    let (editor, _) = app.web_session("editor_a").await;
    let (_, form) = get(&app, &editor, "/admin/records/new?org=st-b").await;
    assert!(form.contains("name=\"org\" value=\"st-a\""));
    assert_eq!(get(&app, &session, "/admin/records/new?org=nowhere").await.0, 404);
});

on_both_backends!(a_refused_attachment_is_said_on_the_record_page, |app: TestApp| async move {
    let token = app.token("editor_a").await;
    let id = app.draft(&token, "带附件的通知").await;
    let (session, csrf) = app.web_session("editor_a").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("file", reqwest::multipart::Part::bytes(b"MZ\x90\0".to_vec()).file_name("setup.exe"));
    let r = app
        .client
        .post(app.url(&format!("/admin/records/{id}/attachments")))
        .header("cookie", &session)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 415);
    let page = r.text().await.unwrap();
    assert!(page.contains("不支持“setup.exe”这种文件") && page.contains("办理记录"), "{page}");
    assert_eq!(app.count("attachments").await, 0);
});
