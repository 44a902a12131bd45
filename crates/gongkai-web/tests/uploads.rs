//! Attachments coming in: refused before a byte is kept when the uploader may not attach,
//! received to disk under the size limit, one file an upload, checked by content (a PDF by
//! both ends, OOXML packages opened and their inflated size bounded), with names that keep
//! their extension and lose reordering marks.

mod common;

use common::{package, TestApp, PNG};

const CONTENT_TYPES: &[u8] =
    br#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#;

fn docx() -> Vec<u8> {
    package(&[("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", b"<w:document/>")])
}

on_both_backends!(another_units_upload_is_refused_before_a_byte_is_kept, |app: TestApp| async move {
    let editor_a = app.token("editor_a").await;
    let editor_b = app.token("editor_b").await;
    let id = app.draft(&editor_a, "东湖街道草稿").await;
    let (status, body) = app.upload(&editor_b, &id, "大文件.pdf", vec![b'%'; 2 * 1024 * 1024]).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("record_not_found")));
    let reviewer = app.token("reviewer_a").await;
    assert_eq!(app.upload(&reviewer, &id, "图.png", PNG.to_vec()).await.0, 403, "reviewers do not draft");
    assert_eq!(app.stored_files(), (0, 0), "nothing written, not even to the staging area");
    assert_eq!(app.count("attachments").await, 0);
});

on_both_backends!(refused_uploads_leave_no_file_behind, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "附件测试").await;
    for (name, bytes) in [("公示.pdf", PNG.to_vec()), ("名单.docx", PNG.to_vec()), ("空.png", Vec::new())] {
        let (status, _) = app.upload(&editor, &id, name, bytes).await;
        assert!(status == 415 || status == 422, "{name}: {status}");
    }
    assert_eq!(app.stored_files(), (0, 0));
    assert_eq!(app.upload(&editor, &id, "图.png", PNG.to_vec()).await.0, 201);
    assert_eq!(app.upload(&editor, &id, "同一张图.png", PNG.to_vec()).await.0, 201);
    assert_eq!(app.stored_files(), (1, 0), "the same bytes are kept once");
});

on_both_backends!(office_files_must_be_real_packages_of_bounded_size, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "附件测试").await;
    let not_word = package(&[("[Content_Types].xml", CONTENT_TYPES), ("xl/workbook.xml", b"<workbook/>")]);
    let zeros = vec![0u8; 300 * 1024 * 1024];
    let bomb = package(&[("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", &zeros)]);
    assert!(bomb.len() < 2 * 1024 * 1024, "a small file that inflates to 300 MB");
    drop(zeros);
    for (name, bytes) in
        [("a.docx", not_word.clone()), ("a.docx", b"PK\x03\x04 not a zip".to_vec()), ("炸弹.docx", bomb)]
    {
        let (status, body) = app.upload(&editor, &id, name, bytes).await;
        assert_eq!((status, body["code"].as_str()), (415, Some("unsupported_media_type")), "{name}: {body}");
    }
    assert_eq!(app.upload(&editor, &id, "表.xlsx", not_word).await.0, 201, "a workbook is a real XLSX");
    let (status, body) = app.upload(&editor, &id, "通知.docx", docx()).await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["media_type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
    assert_eq!(app.stored_files().1, 0);
});

on_both_backends!(names_keep_their_extension_and_lose_reordering_marks, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "附件测试").await;
    let (_, body) = app.upload(&editor, &id, "现场\u{202E}gnp.exe.png", PNG.to_vec()).await;
    assert_eq!(body["file_name"], "现场gnp.exe.png");
    let long = format!("{}.png", "关于某某街道二〇二六年度老旧小区改造工程".repeat(20));
    let (_, body) = app.upload(&editor, &id, &long, PNG.to_vec()).await;
    let kept = body["file_name"].as_str().unwrap();
    assert_eq!(kept.chars().count(), 200);
    assert!(kept.ends_with(".png"), "{kept}");
});

#[tokio::test]
async fn an_upload_is_refused_as_soon_as_it_passes_the_limit() {
    let config = gongkai_web::WebConfig { max_upload_bytes: 64 * 1024, ..Default::default() };
    let app = common::spawn_app_with(common::Backend::Sqlite, config).await.unwrap();
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "大附件").await;
    let mut big = PNG.to_vec();
    big.resize(63 * 1024, 0);
    assert_eq!(app.upload(&editor, &id, "刚好.png", big.clone()).await.0, 201);
    big.resize(64 * 1024 + 1, 0);
    let (status, body) = app.upload(&editor, &id, "超出.png", big).await;
    assert_eq!((status, body["code"].as_str()), (413, Some("payload_too_large")));
    assert_eq!(app.stored_files(), (1, 0));
}

on_both_backends!(a_pdf_must_end_as_a_pdf_does, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "附件测试").await;
    let mut only_the_start = b"%PDF-1.7\n".to_vec();
    only_the_start.extend(std::iter::repeat_n(b'x', 4096));
    let (status, body) = app.upload(&editor, &id, "伪装.pdf", only_the_start.clone()).await;
    assert_eq!((status, body["code"].as_str()), (415, Some("unsupported_media_type")), "{body}");
    let mut whole = only_the_start;
    whole.extend_from_slice(b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    assert_eq!(app.upload(&editor, &id, "公告.pdf", whole).await.0, 201);
});

on_both_backends!(one_upload_carries_one_file, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "附件测试").await;
    let part = |name: &str| reqwest::multipart::Part::bytes(PNG.to_vec()).file_name(name.to_owned());
    let form = reqwest::multipart::Form::new().part("file", part("一.png")).part("file", part("二.png"));
    let response = app
        .client
        .post(app.url(&format!("/api/v1/disclosures/{id}/attachments")))
        .bearer_auth(&editor)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 400);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["code"], "too_many_files");
    assert_eq!(app.count("attachments").await, 0, "neither file is attached");
    assert_eq!(app.stored_files(), (0, 0), "and neither is kept");
});

on_both_backends!(an_attachment_comes_off_a_draft_and_only_a_draft, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "附件删除").await;
    let (_, first) = app.upload(&editor, &id, "图.png", PNG.to_vec()).await;
    let first = first["id"].as_str().unwrap().to_owned();
    let delete = |token: String, attachment: String| {
        let url = app.url(&format!("/api/v1/disclosures/{id}/attachments/{attachment}"));
        let request = app.client.delete(url).bearer_auth(token);
        async move {
            let r = request.send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap_or_default())
        }
    };
    let (status, body) = delete(app.token("editor_b").await, first.clone()).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("record_not_found")), "another unit does not see it");
    assert_eq!(delete(app.token("reviewer_a").await, first.clone()).await.0, 403, "reviewers do not draft");
    let (status, body) = delete(editor.clone(), "no-such".into()).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("attachment_not_found")));

    assert_eq!(delete(editor.clone(), first.clone()).await.0, 204);
    assert_eq!(app.count("attachments").await, 0);
    assert_eq!(app.stored_files(), (0, 0), "its bytes are gone too");
    assert_eq!(
        app.client.get(app.url(&format!("/files/{first}"))).bearer_auth(&editor).send().await.unwrap().status(),
        404
    );
    assert_eq!(app.audited("attach", &id).await, 2, "the upload and the removal");

    let (_, second) = app.upload(&editor, &id, "表.png", PNG.to_vec()).await;
    let second = second["id"].as_str().unwrap().to_owned();
    assert_eq!(app.post(&editor, &format!("/api/v1/disclosures/{id}/submit"), serde_json::json!({})).await.0, 200);
    let (status, body) = delete(editor.clone(), second).await;
    assert_eq!(status, 409, "sent for review, the record is fixed: {body}");
    assert_eq!(app.count("attachments").await, 1);
});

on_both_backends!(the_back_office_removes_an_attachment_with_its_button, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let id = app.draft(&editor, "附件删除").await;
    let (_, attachment) = app.upload(&editor, &id, "图.png", PNG.to_vec()).await;
    let attachment = attachment["id"].as_str().unwrap().to_owned();
    let (session, csrf) = app.web_session("editor_a").await;
    let page =
        app.client.get(app.url(&format!("/admin/records/{id}"))).header("cookie", &session).send().await.unwrap();
    let action = format!("/admin/records/{id}/attachments/{attachment}/delete");
    assert!(page.text().await.unwrap().contains(&action), "a button for each attachment of a draft");
    assert_eq!(app.post_form(&session, &action, &[("csrf", "forged")]).await.0, 403);
    assert_eq!(app.count("attachments").await, 1);
    let (status, _) = app.post_form(&session, &action, &[("csrf", csrf.as_str())]).await;
    assert_eq!(status, 303);
    assert_eq!(app.count("attachments").await, 0);
});
