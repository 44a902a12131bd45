//! An organisation tree imported from a spreadsheet: all rows or none, every bad row named
//! by row, column and reason, and nothing taken from a workbook that hides part of itself.

mod common;

use common::TestApp;
use gongkai_core::org::import::COLUMNS;
use serde_json::Value;

fn rows(table: &[&[&str]]) -> Vec<Vec<String>> {
    let mut all = vec![COLUMNS.map(String::from).to_vec()];
    all.extend(table.iter().map(|r| r.iter().map(|c| c.to_string()).collect()));
    all
}

async fn import(app: &TestApp, token: &str, xlsx: Vec<u8>) -> (u16, Value) {
    app.upload_to(token, "/api/v1/orgs/import", "单位.xlsx", xlsx).await
}

const DISTRICT: &[&str] = &["d-1", "东湖区", "县(市)区", "city", "周书记", "东湖路1号", "0571-12345678"];
const TOWNSHIP: &[&str] = &["d-1-t1", "石门镇", "乡镇", "d-1", "", "", ""];
const VILLAGE: &[&str] = &["d-1-t1-v1", "桃源村", "村", "d-1-t1", "", "", ""];

on_both_backends!(a_tree_comes_in_whole, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let xlsx = gongkai_sheets::write_xlsx("单位", &rows(&[VILLAGE, TOWNSHIP, DISTRICT])).unwrap();
    let (status, body) = import(&app, &admin, xlsx).await;
    assert_eq!((status, body["imported"].as_u64()), (201, Some(3)), "{body}");
    let (_, village) = app.get_json(None, "/api/v1/orgs/d-1-t1-v1").await;
    assert_eq!((village["name"].as_str(), village["parent"].as_str()), (Some("桃源村"), Some("d-1-t1")));
    let (_, district) = app.get_json(None, "/api/v1/orgs/d-1").await;
    assert_eq!(
        (district["first_responsible"].as_str(), district["phone"].as_str()),
        (Some("周书记"), Some("0571-12345678"))
    );
    assert_eq!(app.audited("create_org", "d-1-t1").await, 1);
    assert!(app.page("/xxgk").await.1.contains("桃源村"), "the portal lists them at once");
});

on_both_backends!(one_bad_row_and_nothing_is_stored, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let before = app.count("orgs").await;
    let orphan: &[&str] = &["d-2", "西湖区", "县(市)区", "nowhere", "", "", ""];
    let twin: &[&str] = &["d-1", "东湖新区", "县(市)区", "city", "", "", ""];
    let bad_kind: &[&str] = &["d-3", "南湖区", "省", "city", "", "", ""];
    let xlsx = gongkai_sheets::write_xlsx("单位", &rows(&[DISTRICT, TOWNSHIP, orphan, twin, bad_kind])).unwrap();
    let (status, body) = import(&app, &admin, xlsx).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_table")), "{body}");
    let errors: Vec<(u64, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["row"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [(4, "上级单位编码"), (5, "单位编码"), (6, "单位类型")]);
    assert!(body["message"].as_str().unwrap().contains("第5行“单位编码”列：单位编码“d-1”与第2行重复"), "{body}");
    assert_eq!(app.count("orgs").await, before, "not even the good rows");
});

on_both_backends!(a_workbook_that_hides_something_is_refused, |app: TestApp| async move {
    let admin = app.token("admin").await;
    let before = app.count("orgs").await;
    let table = rows(&[DISTRICT, TOWNSHIP]);
    let write = |hide: &dyn Fn(&mut rust_xlsxwriter::Workbook)| {
        let mut workbook = rust_xlsxwriter::Workbook::new();
        let sheet = workbook.add_worksheet();
        for (r, row) in table.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                sheet.write_string(r as u32, c as u16, cell).unwrap();
            }
        }
        hide(&mut workbook);
        workbook.save_to_buffer().unwrap()
    };
    let hidden_sheet = write(&|w| {
        let extra = w.add_worksheet();
        extra.write_string(0, 0, "身份证号").unwrap();
        extra.set_hidden(true);
    });
    let hidden_row = write(&|w| {
        w.worksheet_from_index(0).unwrap().set_row_hidden(2).unwrap();
    });
    for (xlsx, expected) in [(hidden_sheet, "隐藏的工作表"), (hidden_row, "第3行：这一行被隐藏了")] {
        let (status, body) = import(&app, &admin, xlsx).await;
        assert_eq!((status, body["code"].as_str()), (422, Some("invalid_table")), "{body}");
        assert!(body["message"].as_str().unwrap().contains(expected), "{body}");
    }
    let (status, body) = import(&app, &admin, b"not a workbook".to_vec()).await;
    assert_eq!((status, body["code"].as_str()), (422, Some("invalid_table")), "{body}");
    assert_eq!(app.count("orgs").await, before);
});

on_both_backends!(only_administrators_import, |app: TestApp| async move {
    let editor = app.token("editor_a").await;
    let xlsx = gongkai_sheets::write_xlsx("单位", &rows(&[DISTRICT])).unwrap();
    assert_eq!(import(&app, &editor, xlsx).await.0, 403);
});

on_both_backends!(the_back_office_imports_and_adds_units, |app: TestApp| async move {
    let (editor, _) = app.web_session("editor_a").await;
    let refused = app.client.get(app.url("/admin/orgs")).header("cookie", &editor).send().await.unwrap();
    assert_eq!(refused.status(), 403, "only administrators");

    let (session, csrf) = app.web_session("admin").await;
    let upload = |xlsx: Vec<u8>| {
        let form = reqwest::multipart::Form::new()
            .text("csrf", csrf.clone())
            .part("file", reqwest::multipart::Part::bytes(xlsx).file_name("单位.xlsx"));
        let request = app.client.post(app.url("/admin/orgs/import")).header("cookie", &session).multipart(form);
        async move {
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let orphan: &[&str] = &["d-2", "西湖区", "县(市)区", "nowhere", "", "", ""];
    let (status, page) = upload(gongkai_sheets::write_xlsx("单位", &rows(&[DISTRICT, orphan])).unwrap()).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("未导入任何单位") && page.contains("第3行") && page.contains("既不在表中，也不在系统中"),
        "{page}"
    );
    let (status, page) =
        upload(gongkai_sheets::write_xlsx("单位", &rows(&[DISTRICT, TOWNSHIP, VILLAGE])).unwrap()).await;
    assert_eq!(status, 200);
    assert!(page.contains("已导入 3 个单位") && page.contains("桃源村"), "{page}");

    let bad = [("csrf", csrf.as_str()), ("code", "st-c"), ("name", "南湖街道"), ("kind", "street"), ("parent", "city")];
    let (status, page) = app.post_form(&session, "/admin/orgs", &bad).await;
    assert_eq!(status, 422);
    assert!(
        page.contains("街道不能设在市之下") && page.contains("value=\"南湖街道\""),
        "the reason, and what was typed"
    );
    let good = [("csrf", csrf.as_str()), ("code", "st-c"), ("name", "南湖街道"), ("kind", "street"), ("parent", "d-1")];
    let (status, page) = app.post_form(&session, "/admin/orgs", &good).await;
    assert_eq!(status, 200);
    assert!(page.contains("已新建单位“南湖街道”"), "{page}");
    assert!(app.page("/xxgk").await.1.contains("南湖街道"), "on the portal at once");
});
