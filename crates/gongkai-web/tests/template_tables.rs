//! Administrators edit a catalogue template as a spreadsheet: downloaded, changed and
//! loaded back through the API or the back office; a bad table changes nothing.

mod common;

use common::TestApp;

async fn street_table(app: &TestApp) -> Vec<Vec<String>> {
    let r = app.client.get(app.url("/api/v1/catalog-templates/street/table")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    gongkai_sheets::read_xlsx(&r.bytes().await.unwrap()).unwrap().rows
}

fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    gongkai_sheets::write_xlsx("公开目录", rows).unwrap()
}

on_both_backends!(a_template_goes_out_and_comes_back_as_a_table, |app: TestApp| async move {
    let admin = app.token("admin").await;
    // A village template, written from the street table's columns, loaded, downloaded,
    // changed and loaded again.
    let street = street_table(&app).await;
    let row = |code: &str, area: &str, group: &str, name: &str| {
        let mut r = street[1].clone();
        (r[0], r[1], r[2], r[3]) = (code.into(), area.into(), group.into(), name.into());
        r
    };
    let rows = vec![
        street[0].clone(),
        row("cw-01-01", "村务公开", "财务收支", "村级财务收支明细"),
        row("cw-01-02", "村务公开", "财务收支", "村集体经济收益分配"),
    ];
    let path = "/api/v1/catalog-templates/village/table";
    let (status, body) = app.upload_to(&admin, path, "模板.xlsx", xlsx(&rows)).await;
    assert_eq!(
        body["added"],
        serde_json::json!(["cw", "cw-01", "cw-01-01", "cw-01-02"]),
        "headings come from the names"
    );
    assert_eq!(status, 200);
    let r = app.client.get(app.url(path)).send().await.unwrap();
    let mut rows = gongkai_sheets::read_xlsx(&r.bytes().await.unwrap()).unwrap().rows;
    assert_eq!(rows.len(), 3, "what went in comes out");
    rows[2][3] = "村集体经济收益分配方案".into();
    rows.push(row("cw-01-03", "村务公开", "财务收支", "村级债权债务"));
    let (status, body) = app.upload_to(&admin, path, "模板.xlsx", xlsx(&rows)).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["added"], serde_json::json!(["cw-01-03"]));
    assert_eq!(body["changed"], serde_json::json!(["cw-01-02"]));
    assert!(body["unchanged"].as_u64().unwrap() > 0);
    let admin_page = app.client.get(app.url("/api/v1/catalog-templates")).send().await.unwrap().text().await.unwrap();
    assert!(admin_page.contains("村集体经济收益分配方案") && admin_page.contains("村级债权债务"));
    // Loading the same table again changes nothing.
    let (_, again) = app.upload_to(&admin, path, "模板.xlsx", xlsx(&rows)).await;
    assert_eq!((again["added"].as_array().unwrap().len(), again["changed"].as_array().unwrap().len()), (0, 0));

    // Another kind's downloaded table is refused: kinds share most codes.
    let r = app.client.get(app.url("/api/v1/catalog-templates/street/table")).send().await.unwrap();
    let street = r.bytes().await.unwrap().to_vec();
    let (status, body) = app.upload_to(&admin, path, "街道模板.xlsx", street).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("template_kind_mismatch")), "{body}");

    // Others may not; a kind that does not exist is not found.
    let editor = app.token("editor_a").await;
    let (status, _) = app.upload_to(&editor, path, "模板.xlsx", xlsx(&rows)).await;
    assert_eq!(status, 403);
    let (status, body) =
        app.upload_to(&admin, "/api/v1/catalog-templates/castle/table", "模板.xlsx", xlsx(&rows)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("unknown_template")));
});

on_both_backends!(a_bad_template_table_changes_nothing, |app: TestApp| async move {
    let before = app.count("catalog_items").await;
    let mut rows = street_table(&app).await;
    rows[1][3] = String::new();
    let mut added = rows[2].clone();
    added[0] = "zw-new".into();
    rows.push(added);
    // Through the back office: the refusal names the row and column.
    let (session, csrf) = app.web_session("admin").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("file", reqwest::multipart::Part::bytes(xlsx(&rows)).file_name("模板.xlsx"));
    let r = app
        .client
        .post(app.url("/admin/templates/street"))
        .header("cookie", &session)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(page.contains("模板未作任何修改") && page.contains("第2行"), "{page}");
    assert_eq!(app.count("catalog_items").await, before);
    // The page lists each kind with its download.
    let r = app.client.get(app.url("/admin/templates")).header("cookie", &session).send().await.unwrap();
    let page = r.text().await.unwrap();
    assert!(page.contains("/api/v1/catalog-templates/street/table") && page.contains("街道"), "{page}");
});

on_both_backends!(a_unit_adds_to_its_catalogue_with_a_table, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let r = app.client.get(app.url("/api/v1/orgs/st-a/catalog/table")).send().await.unwrap();
    let mut rows = gongkai_sheets::read_xlsx(&r.bytes().await.unwrap()).unwrap().rows;
    let mut new = rows[1].clone();
    (new[0], new[1], new[2], new[3]) =
        ("sa-01-01".into(), "街道特色工作".into(), "老旧小区改造".into(), "改造计划".into());
    rows.push(new.clone());
    let path = "/api/v1/orgs/st-a/catalog/table";
    let before = app.count("catalog_items").await;
    // Another unit's editor may not; nothing is read or stored.
    let other = app.token("editor_b").await;
    assert_eq!(app.upload_to(&other, path, "目录.xlsx", xlsx(&rows)).await.0, 403);
    let (status, body) = app.upload_to(&editor, path, "目录.xlsx", xlsx(&rows)).await;
    assert_eq!((status, body["added"].clone()), (201, serde_json::json!(["sa", "sa-01", "sa-01-01"])), "{body}");
    assert_eq!(app.count("catalog_items").await, before + 3);
    // The new leaf takes records at once.
    let draft = serde_json::json!({ "org": "st-a", "catalog_item": "sa-01-01", "title": "2026年老旧小区改造计划",
                                    "body": "正文", "publicity_start": "2026-03-02", "publicity_end": "2026-03-20" });
    assert_eq!(app.post(&editor, "/api/v1/disclosures", draft).await.0, 201);
    // The same table again has nothing new; a known heading named otherwise is refused
    // by row and column.
    let (status, body) = app.upload_to(&editor, path, "目录.xlsx", xlsx(&rows)).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_table")));
    (new[0], new[2]) = ("sa-01-02".into(), "旧小区改造".into());
    rows.push(new);
    let (status, body) = app.upload_to(&editor, path, "目录.xlsx", xlsx(&rows)).await;
    assert_eq!(status, 422);
    let last = rows.len();
    assert_eq!(
        (body["errors"][0]["row"].as_u64(), body["errors"][0]["column"].as_str()),
        (Some(last as u64), Some("二级事项")),
        "{body}"
    );
    assert_eq!(app.count("catalog_items").await, before + 3);
    // The back office shows the same refusal.
    let (session, csrf) = app.web_session("editor_a").await;
    let form = reqwest::multipart::Form::new()
        .text("csrf", csrf)
        .part("file", reqwest::multipart::Part::bytes(xlsx(&rows)).file_name("目录.xlsx"));
    let r = app
        .client
        .post(app.url("/admin/catalog/st-a/import"))
        .header("cookie", &session)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains(&format!("第{last}行")));
});
