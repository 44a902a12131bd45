//! Each role's 工作台 lists that role's work, and only its own organisation's; the
//! supervisor searches the audit log by organisation, person, action and time and takes
//! the same search away as a workbook.

mod common;

use common::TestApp;
use serde_json::json;

async fn page(app: &TestApp, session: &str, path: &str) -> (u16, String, Vec<u8>) {
    let r = app.client.get(app.url(path)).header("cookie", session).send().await.unwrap();
    let status = r.status().as_u16();
    let kind = r.headers().get("content-type").map(|c| c.to_str().unwrap().to_owned()).unwrap_or_default();
    let bytes = r.bytes().await.unwrap().to_vec();
    (status, kind, bytes)
}

async fn text(app: &TestApp, session: &str, path: &str) -> String {
    String::from_utf8(page(app, session, path).await.2).unwrap()
}

/// A draft of 西山街道 (st-b) by its editor.
async fn draft_b(app: &TestApp, title: &str) {
    let token = app.token("editor_b").await;
    let body = json!({ "org": "st-b", "catalog_item": "zw-any", "title": title, "body": "正文" });
    assert_eq!(app.post(&token, "/api/v1/disclosures", body).await.0, 201);
}

/// The part of a dashboard under the heading that starts with `title`.
fn section<'p>(page: &'p str, title: &str) -> &'p str {
    let start = page.find(&format!("<h2>{title}")).unwrap_or_else(|| panic!("no section {title}: {page}"));
    let rest = &page[start + 4..];
    &rest[..rest.find("<h2>").unwrap_or(rest.len())]
}

on_both_backends!(each_role_sees_its_own_work, |app: TestApp| async move {
    let (editor, reviewer) = (app.token("editor_a").await, app.token("reviewer_a").await);
    app.draft(&editor, "仍在起草的通知").await;
    let returned = app.draft(&editor, "被退回的通知").await;
    app.post(&editor, &format!("/api/v1/disclosures/{returned}/submit"), json!({})).await;
    app.post(&reviewer, &format!("/api/v1/disclosures/{returned}/reject"), json!({ "reason": "补充依据" })).await;
    let waiting = app.draft(&editor, "等待审核的通知").await;
    app.post(&editor, &format!("/api/v1/disclosures/{waiting}/submit"), json!({})).await;
    app.published("已经发布的通知").await;
    draft_b(&app, "西山街道的草稿").await;
    app.put(&editor, "/api/v1/orgs/st-a", json!({ "address": "东湖路1号" })).await;

    let (session, _) = app.web_session("editor_a").await;
    let mine = text(&app, &session, "/admin").await;
    assert!(section(&mine, "草稿").contains("仍在起草的通知"));
    assert!(section(&mine, "被退回待修改").contains("被退回的通知"));
    assert!(section(&mine, "已送审").contains("等待审核的通知"));
    assert!(section(&mine, "最近发布").contains("已经发布的通知"));
    assert!(!mine.contains("西山街道的草稿") && !mine.contains("审计日志") && !mine.contains("管理概况"));

    let (session, _) = app.web_session("reviewer_a").await;
    let queue = text(&app, &session, "/admin").await;
    assert!(section(&queue, "待审核").contains("等待审核的通知"));
    assert!(!section(&queue, "待审核").contains("仍在起草的通知"));
    assert!(section(&queue, "单位信息修改待审核").contains("/admin/org?code=st-a"));
    let (session, _) = app.web_session("reviewer_b").await;
    let other = text(&app, &session, "/admin").await;
    assert!(!other.contains("等待审核的通知") && !other.contains("单位信息修改待审核"));

    let (session, _) = app.web_session("admin").await;
    let admin = text(&app, &session, "/admin").await;
    assert!(section(&admin, "管理概况").contains("6 个，其中停用 0 个"), "{admin}");

    let (session, _) = app.web_session("supervisor").await;
    let watch = text(&app, &session, "/admin").await;
    assert!(section(&watch, "最近操作").contains("提交单位信息修改"), "{watch}");
    assert!(!watch.contains("起草公开信息"));
});

on_both_backends!(the_audit_log_is_searched_and_exported, |app: TestApp| async move {
    let id = app.published("审计查询用的通知").await;
    draft_b(&app, "西山街道的草稿").await;
    // The next day, another unit's work.
    app.clock.set(chrono::DateTime::parse_from_rfc3339("2026-03-03T02:00:00Z").unwrap().into());
    draft_b(&app, "次日的草稿").await;
    let (session, _) = app.web_session("supervisor").await;
    let table = |page: String| page[page.find("<table").unwrap()..].to_owned();
    let found = table(text(&app, &session, "/admin/audit?org=st-a&action=approve").await);
    assert!(found.contains(&format!("/admin/records/{id}")) && found.contains("审核通过"), "{found}");
    assert!(!found.contains("西山街道的草稿") && !found.contains("<td>提交审核</td>"));
    let by_person = text(&app, &session, "/admin/audit?actor=editor_b").await;
    assert_eq!(by_person.matches("<td>起草</td>").count(), 2, "{by_person}");
    // Dates are China days, the end included.
    let first_day = text(&app, &session, "/admin/audit?actor=editor_b&from=2026-03-02&to=2026-03-02").await;
    assert_eq!(first_day.matches("<td>起草</td>").count(), 1);
    let refused = text(&app, &session, "/admin/audit?from=2026-03-05&to=2026-03-01").await;
    assert!(refused.contains("起始日期不能晚于截止日期"));
    assert!(text(&app, &session, "/admin/audit?org=nowhere").await.contains("没有编码为“nowhere”的单位"));
    assert!(text(&app, &session, "/admin/audit?action=bogus").await.contains("没有“bogus”这种操作"));
    assert_eq!(page(&app, &session, "/admin/audit.xlsx?org=nowhere").await.0, 422);
    // The export holds the same search.
    let (status, kind, bytes) = page(&app, &session, "/admin/audit.xlsx?org=st-a&action=approve").await;
    assert_eq!((status, kind.contains("spreadsheetml")), (200, true));
    let table = gongkai_sheets::read_xlsx(&bytes).unwrap();
    assert_eq!(table.rows.len(), 2, "the header and one approval in st-a");
    assert_eq!(table.rows[0][0], "序号");
    assert!(table.rows[1].iter().any(|c| c == "审核通过") && table.rows[1].iter().any(|c| c == &id));
    // Nobody else reads it.
    for who in ["editor_a", "reviewer_a"] {
        let (session, _) = app.web_session(who).await;
        assert_eq!(page(&app, &session, "/admin/audit").await.0, 403);
        assert_eq!(page(&app, &session, "/admin/audit.xlsx").await.0, 403);
    }
    assert_eq!(app.client.get(app.url("/admin/audit.xlsx")).send().await.unwrap().status(), 303);
});
