//! What must never reach the public, tried on every surface — page, API, file — as an
//! anonymous visitor and as another organisation's staff.

mod common;

use chrono::Duration;
use common::{start_time, TestApp, PNG};
use serde_json::json;

fn draft(title: &str) -> serde_json::Value {
    json!({ "org": "st-a", "catalog_item": "zw-any", "title": title, "summary": "摘要：本次公示的要点",
            "body": "<p>正文：只应在公开期间看到的内容</p>" })
}

async fn draft_with_attachment(app: &TestApp, body: serde_json::Value) -> (String, String) {
    let editor = app.token("editor_a").await;
    let (status, created) = app.post(&editor, "/api/v1/disclosures", body).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap().to_owned();
    let (status, file) = app.upload(&editor, &id, "现场照片.png", PNG.to_vec()).await;
    assert_eq!(status, 201, "{file}");
    (id, file["id"].as_str().unwrap().to_owned())
}

async fn file_status(app: &TestApp, file: &str) -> u16 {
    app.client.get(app.url(&format!("/files/{file}"))).send().await.unwrap().status().as_u16()
}

on_both_backends!(a_record_withdrawn_before_its_publication_time_is_never_public, |app: TestApp| async move {
    let later = (start_time() + Duration::days(1)).to_rfc3339();
    let mut body = draft("定于明日发布的通知");
    body["publish_at"] = json!(later);
    let (id, file) = draft_with_attachment(&app, body).await;
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (_, approved) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!(approved["state"], "scheduled");
    let (status, withdrawn) =
        app.post(&reviewer, &format!("/api/v1/disclosures/{id}/withdraw"), json!({ "reason": "活动取消" })).await;
    assert_eq!((status, withdrawn["state"].as_str()), (200, Some("withdrawn")));
    app.clock.set(start_time() + Duration::days(2));
    assert_eq!(app.run_scheduler().await, (0, 0), "the scheduler never publishes it");
    let other = app.token("editor_b").await;
    for viewer in [None, Some(other.as_str())] {
        assert_eq!(app.get_json(viewer, &format!("/api/v1/disclosures/{id}")).await.0, 404);
    }
    assert_eq!(app.page(&format!("/d/{id}")).await.0, 404);
    assert_eq!(file_status(&app, &file).await, 404);
    assert!(!app.page("/org/st-a").await.1.contains("定于明日发布的通知"));
    assert!(!app.page("/").await.1.contains("定于明日发布的通知"));
});

on_both_backends!(a_withdrawn_record_shows_only_its_notice_on_every_surface, |app: TestApp| async move {
    let (id, file) = draft_with_attachment(&app, draft("某项目招标公告")).await;
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    let download = app.client.get(app.url(&format!("/files/{file}"))).send().await.unwrap();
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["cache-control"], "private, no-cache", "no shared cache keeps a file");

    app.post(&reviewer, &format!("/api/v1/disclosures/{id}/withdraw"), json!({ "reason": "项目暂缓实施" })).await;
    assert_eq!(file_status(&app, &file).await, 404, "the file is gone at once");
    let other = app.token("editor_b").await;
    for viewer in [None, Some(other.as_str())] {
        let (status, public) = app.get_json(viewer, &format!("/api/v1/disclosures/{id}")).await;
        assert_eq!(status, 200);
        assert_eq!((public["title"].as_str(), public["state"].as_str()), (Some("某项目招标公告"), Some("withdrawn")));
        assert_eq!(public["withdrawal"]["reason"], "项目暂缓实施");
        for hidden in ["body_html", "summary", "attachments", "work"] {
            assert!(public.get(hidden).is_none(), "{hidden} in {public}");
        }
        assert!(!public.to_string().contains("只应在公开期间看到"), "{public}");
    }
    let (status, page) = app.page(&format!("/d/{id}")).await;
    assert_eq!(status, 200);
    assert!(page.contains("撤回公告") && page.contains("项目暂缓实施"));
    for hidden in ["只应在公开期间看到", "本次公示的要点", "/files/", "现场照片"] {
        assert!(!page.contains(hidden), "{hidden} on the notice page");
    }
});

on_both_backends!(no_public_response_carries_review_details, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let (_, created) = app.post(&editor, "/api/v1/disclosures", draft("三季度财务收支公开")).await;
    let id = created["id"].as_str().unwrap().to_owned();
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{id}/reject"), json!({ "reason": "退回：支出明细涉及个人账户" }))
        .await;
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (_, published) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!(published["work"]["reviewer"], app.user_id("reviewer_a").await, "the unit itself sees who reviewed");

    let secrets = [app.user_id("editor_a").await, app.user_id("reviewer_a").await, "支出明细涉及个人账户".to_owned()];
    let other = app.token("editor_b").await;
    for viewer in [None, Some(other.as_str())] {
        let (_, public) = app.get_json(viewer, &format!("/api/v1/disclosures/{id}")).await;
        assert!(public.get("work").is_none());
        let text = public.to_string();
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{secret} in {text}");
        }
    }
    let (_, page) = app.page(&format!("/d/{id}")).await;
    for secret in &secrets {
        assert!(!page.contains(secret.as_str()), "{secret} on the page");
    }
});

on_both_backends!(nobody_who_edited_a_version_approves_it, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let admin = app.token("admin").await;
    let reviewer = app.token("reviewer_a").await;
    let (_, created) = app.post(&editor, "/api/v1/disclosures", draft("关于调整低保标准的通知")).await;
    let id = created["id"].as_str().unwrap().to_owned();
    let mut edited = draft("关于调整城乡低保标准的通知");
    edited["body"] = json!("<p>管理员改写的正文</p>");
    assert_eq!(app.put(&admin, &format!("/api/v1/disclosures/{id}"), edited).await.0, 200);
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (status, body) = app.post(&admin, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("reviewer_is_author")), "the administrator edited it");
    let (status, body) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!((status, body["state"].as_str()), (200, Some("published")));
});

on_both_backends!(short_items_and_lists_of_people_must_end_and_lists_come_down, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let before = app.count("records").await;
    for leaf in ["zw-short", "zw-dibao"] {
        let body = json!({ "org": "st-a", "catalog_item": leaf, "title": "公示", "body": "<p>名单</p>",
                           "publicity_start": "2026-03-02" });
        let (status, answer) = app.post(&editor, "/api/v1/disclosures", body).await;
        assert_eq!((status, answer["code"].as_str()), (422, Some("publicity_end_required")), "{leaf}");
    }
    assert_eq!(app.count("records").await, before, "nothing stored");

    let list = json!({ "org": "st-a", "catalog_item": "zw-dibao", "title": "2026年3月城乡低保对象公示",
                       "body": "<table><tr><td>张*明</td><td>138****1234</td></tr></table>",
                       "publicity_start": "2026-03-02", "publicity_end": "2026-03-08" });
    let (id, state) = app.through_review(list).await;
    assert_eq!(state, "published");
    assert!(app.page(&format!("/d/{id}")).await.1.contains("张*明"));
    app.clock.set(start_time() + Duration::days(7));
    assert_eq!(app.run_scheduler().await, (0, 1));
    let (status, page) = app.page(&format!("/d/{id}")).await;
    assert_eq!(status, 200, "the notice stays");
    assert!(page.contains("公示期满") && page.contains("已按规定撤下") && !page.contains("张*明"), "{page}");
    let (_, public) = app.get_json(None, &format!("/api/v1/disclosures/{id}")).await;
    assert_eq!(public["state"], "expired");
    assert!(public.get("body_html").is_none() && !public.to_string().contains("张*明"), "{public}");
});

on_both_backends!(dates_outside_the_supported_years_are_refused, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let before = app.count("records").await;
    let mut early = draft("日期测试");
    early["publicity_start"] = json!("1899-12-31");
    let mut late = draft("日期测试");
    late["publish_at"] = json!("2101-01-01T09:00");
    let mut typo = draft("日期测试");
    typo["publicity_end"] = json!("20266-03-08");
    for (body, code) in [(early, "date_out_of_range"), (late, "date_out_of_range"), (typo, "invalid_date")] {
        let (status, answer) = app.post(&editor, "/api/v1/disclosures", body).await;
        assert_eq!((status, answer["code"].as_str()), (422, Some(code)), "{answer}");
        assert!(
            answer["message"].as_str().unwrap().contains("日期")
                || answer["message"].as_str().unwrap().contains("时间")
        );
    }
    assert_eq!(app.count("records").await, before);
});

on_both_backends!(an_old_version_of_a_list_of_people_comes_down_at_once, |app: TestApp| async move {
    let list = json!({ "org": "st-a", "catalog_item": "zw-dibao", "title": "低保对象公示", "body": "<p>张*明 李*华</p>",
                       "publicity_start": "2026-03-02", "publicity_end": "2026-03-20" });
    let (v1, _) = app.through_review(list).await;
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    let (_, v2) =
        app.post(&editor, &format!("/api/v1/disclosures/{v1}/revise"), json!({ "change_note": "更正一户姓名" })).await;
    let v2 = v2["id"].as_str().unwrap().to_owned();
    let corrected = json!({ "org": "st-a", "catalog_item": "zw-dibao", "title": "低保对象公示", "body": "<p>张*明 王*华</p>",
                            "publicity_start": "2026-03-02", "publicity_end": "2026-03-20" });
    assert_eq!(app.put(&editor, &format!("/api/v1/disclosures/{v2}"), corrected).await.0, 200);
    app.post(&editor, &format!("/api/v1/disclosures/{v2}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{v2}/approve"), json!({})).await;
    let (_, old) = app.get_json(None, &format!("/api/v1/disclosures/{v1}")).await;
    assert_eq!(old["state"], "superseded");
    assert!(old.get("body_html").is_none() && !old.to_string().contains("李*华"), "{old}");
    let (_, old_page) = app.page(&format!("/d/{v1}")).await;
    assert!(!old_page.contains("李*华") && old_page.contains("已由新版本取代") && old_page.contains("查看最新版本"));
    assert!(app.page(&format!("/d/{v2}")).await.1.contains("王*华"), "the current list is public");
    app.clock.set(start_time() + Duration::days(19));
    app.run_scheduler().await;
    for id in [&v1, &v2] {
        let (_, page) = app.page(&format!("/d/{id}")).await;
        assert!(!page.contains("*华"), "no version of the list stays up");
    }
});

on_both_backends!(withdrawal_takes_down_every_version_and_cancels_the_next, |app: TestApp| async move {
    let (v1, file) = draft_with_attachment(&app, draft("某项目招标公告")).await;
    let editor = app.token("editor_a").await;
    let reviewer = app.token("reviewer_a").await;
    app.post(&editor, &format!("/api/v1/disclosures/{v1}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{v1}/approve"), json!({})).await;
    let revise = |id: String| {
        let (app, editor) = (&app, &editor);
        async move {
            let (_, v) =
                app.post(editor, &format!("/api/v1/disclosures/{id}/revise"), json!({ "change_note": "更正" })).await;
            v["id"].as_str().unwrap().to_owned()
        }
    };
    let v2 = revise(v1.clone()).await;
    app.post(&editor, &format!("/api/v1/disclosures/{v2}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{v2}/approve"), json!({})).await;
    let v3 = revise(v2.clone()).await;
    app.post(&editor, &format!("/api/v1/disclosures/{v3}/submit"), json!({})).await;

    let (status, _) =
        app.post(&reviewer, &format!("/api/v1/disclosures/{v2}/withdraw"), json!({ "reason": "项目取消" })).await;
    assert_eq!(status, 200);
    for id in [&v1, &v2] {
        let (_, public) = app.get_json(None, &format!("/api/v1/disclosures/{id}")).await;
        assert_eq!(public["state"], "withdrawn", "{id}");
        assert!(public.get("body_html").is_none());
    }
    assert_eq!(file_status(&app, &file).await, 404, "the first version's file is gone too");
    let (status, body) = app.post(&reviewer, &format!("/api/v1/disclosures/{v3}/approve"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("illegal_transition")), "the pending version was cancelled");
    assert_eq!(app.page(&format!("/d/{v3}")).await.0, 404);
});

on_both_backends!(a_period_that_has_ended_is_never_published, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let past = json!({ "org": "st-a", "catalog_item": "zw-dibao", "title": "名单", "body": "<p>名单</p>",
                       "publicity_start": "2026-02-20", "publicity_end": "2026-03-01" });
    let (status, body) = app.post(&editor, "/api/v1/disclosures", past).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("publicity_end_past")));

    let list = json!({ "org": "st-a", "catalog_item": "zw-dibao", "title": "三月名单", "body": "<p>赵*强</p>",
                       "publicity_start": "2026-03-02", "publicity_end": "2026-03-09" });
    let (_, created) = app.post(&editor, "/api/v1/disclosures", list.clone()).await;
    let id = created["id"].as_str().unwrap().to_owned();
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    app.clock.set(start_time() + Duration::days(10));
    let reviewer = app.token("reviewer_a").await;
    let (status, body) = app.post(&reviewer, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (409, Some("publicity_ended")));
    assert_eq!(app.page(&format!("/d/{id}")).await.0, 404);

    // Scheduled, and the period ends before the time comes: published and expired at once.
    app.clock.set(start_time());
    let mut scheduled = list;
    scheduled["publish_at"] = json!((start_time() + Duration::days(1)).to_rfc3339());
    let (sid, state) = app.through_review(scheduled).await;
    assert_eq!(state, "scheduled");
    app.clock.set(start_time() + Duration::days(10));
    app.run_scheduler().await;
    let (_, page) = app.page(&format!("/d/{sid}")).await;
    assert!(page.contains("公示期满") && !page.contains("赵*强"), "{page}");
});

on_both_backends!(whoever_attached_a_file_cannot_approve, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let admin = app.token("admin").await;
    let id = app.draft(&editor, "附件后审核").await;
    assert_eq!(app.upload(&admin, &id, "补充材料.png", PNG.to_vec()).await.0, 201);
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let (status, body) = app.post(&admin, &format!("/api/v1/disclosures/{id}/approve"), json!({})).await;
    assert_eq!((status, body["code"].as_str()), (403, Some("reviewer_is_author")));
});

on_both_backends!(the_units_staff_open_attachments_before_publication, |app: TestApp| async move {
    let (id, file) = draft_with_attachment(&app, draft("待审附件")).await;
    let editor = app.token("editor_a").await;
    app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), json!({})).await;
    let get = |token: Option<String>, cookie: Option<String>| {
        let (app, file) = (&app, &file);
        async move {
            let mut request = app.client.get(app.url(&format!("/files/{file}")));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            if let Some(cookie) = cookie {
                request = request.header("cookie", cookie);
            }
            request.send().await.unwrap().status().as_u16()
        }
    };
    let (session, _) = app.web_session("reviewer_a").await;
    assert_eq!(get(None, Some(session)).await, 200, "the reviewer opens it in the back office");
    assert_eq!(get(Some(app.token("reviewer_a").await), None).await, 200);
    assert_eq!(get(Some(app.token("editor_b").await), None).await, 404, "another unit does not");
    assert_eq!(get(None, None).await, 404, "nor the public");
});
