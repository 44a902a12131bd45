//! A county going live: `serve` on an empty database starts an empty site on the standard
//! catalogue templates and says how to create the first administrator; the demo city comes
//! only when asked for; `catalog load` updates templates from tables, and a table with a
//! bad cell changes nothing.

mod support;

use support::*;

/// The first lines `serve` prints, up to its URL, and the running node.
fn serve_and_read(storage: &Storage, args: &[&str]) -> (Node, String) {
    use std::io::{BufRead, BufReader};
    let mut command = storage.command(&[&["serve", "--addr", "127.0.0.1:0"], args].concat());
    let mut child = command.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null()).spawn().unwrap();
    let mut printed = String::new();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = loop {
        let line = lines.next().expect("serve prints its URL").unwrap();
        printed.push_str(&line);
        printed.push('\n');
        if let Some((_, url)) = line.split_once("http://") {
            break format!("http://{}", url.trim_end_matches('/'));
        }
    };
    (Node::new(child, base), printed)
}

async fn an_empty_site_on_the_standard_templates(storage: Storage) {
    let (node, printed) = serve_and_read(&storage, &[]);
    assert!(printed.contains("已安装 10 类单位的标准目录模板"), "{printed}");
    assert!(printed.contains("gongkai user add --username <登录名> --role admin"), "{printed}");
    let client = reqwest::Client::new();
    assert_eq!(get_json(&client, format!("{}/api/v1/orgs", node.base)).await, serde_json::json!([]));
    let templates = get_json(&client, format!("{}/api/v1/catalog-templates", node.base)).await;
    let kinds: Vec<&str> = templates.as_array().unwrap().iter().map(|t| t["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds.len(), 10, "{kinds:?}");
    let township = templates.as_array().unwrap().iter().find(|t| t["kind"] == "township").unwrap();
    let shipped = gongkai_catalogs::standard_for(gongkai_core::org::OrgKind::Township);
    assert_eq!(township["items"].as_array().unwrap().len(), shipped.items.len());
    let home = client.get(&node.base).send().await.unwrap();
    assert_eq!(home.status(), 200);
    assert!(!home.text().await.unwrap().contains("岚江"), "no demo city on an empty site");
    drop(node);

    // A second start installs nothing again, and once there is an administrator it stops
    // asking for one.
    storage.add_admin("guan.li");
    let (_node, printed) = serve_and_read(&storage, &[]);
    assert!(!printed.contains("首次启动") && !printed.contains("尚无管理员"), "{printed}");
}

#[tokio::test]
async fn serve_on_an_empty_sqlite_database_starts_an_empty_site() {
    an_empty_site_on_the_standard_templates(Storage::sqlite()).await;
}

#[tokio::test]
async fn serve_on_an_empty_postgres_database_starts_an_empty_site() {
    on_postgres(an_empty_site_on_the_standard_templates).await;
}

#[tokio::test]
async fn serve_with_demo_loads_the_city_once() {
    let storage = Storage::sqlite();
    let (node, printed) = serve_and_read(&storage, &["--demo"]);
    assert!(printed.contains("已载入"), "{printed}");
    let client = reqwest::Client::new();
    let orgs = get_json(&client, format!("{}/api/v1/orgs", node.base)).await;
    assert!(orgs.as_array().unwrap().len() > 100, "the demo city's organisations");
    // The portal is the city's, with its footer, from the settings the demo wrote.
    let home = client.get(format!("{}/", node.base)).send().await.unwrap().text().await.unwrap();
    assert!(home.contains("岚江市党务政务公开网") && home.contains("主办单位：岚江市人民政府办公室"), "{home}");
    // A newcomer is given an editor, a reviewer and an administrator, each with a
    // one-time password that signs in and must then be replaced.
    for username in ["xinxiyuan", "shenheren", "guanliyuan"] {
        let line =
            printed.lines().find(|l| l.contains(&format!("登录名 {username} "))).expect("the account is printed");
        let password = line.rsplit(' ').next().unwrap();
        let body = serde_json::json!({ "username": username, "password": password });
        let session: serde_json::Value = client
            .post(format!("{}/api/v1/session", node.base))
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(session["must_change_password"], true, "{username}: {session}");
    }
    drop(node);
    let (_node, printed) = serve_and_read(&storage, &["--demo"]);
    assert!(!printed.contains("已载入"), "the demo is loaded into an empty database only: {printed}");
}

/// A table whose street template renames an item and adds one: `catalog load --dir`
/// updates that template alone; loading it again changes nothing.
#[tokio::test]
async fn catalog_load_updates_templates_from_tables() {
    let storage = Storage::sqlite();
    succeeded(&storage.run(&["catalog", "load"]));
    let tables = temp_dir();
    std::fs::create_dir_all(&tables).unwrap();
    let street = gongkai_catalogs::standard_for(gongkai_core::org::OrgKind::Street);
    let mut csv = gongkai_catalogs::write_csv(&street.items);
    let first_leaf = street.items.iter().find(|i| i.rules.is_some()).unwrap();
    csv = csv.replacen(&format!(",{},", first_leaf.name), ",街道党工委会议决定事项,", 1);
    let added = csv.lines().nth(1).unwrap().replacen(first_leaf.code.as_str(), "jc-01-99", 1).replacen(
        "街道党工委会议决定事项",
        "街道党工委会议纪要",
        1,
    );
    csv.push_str(&added);
    csv.push('\n');
    std::fs::write(tables.join("street.csv"), &csv).unwrap();

    let dir = tables.to_str().unwrap();
    let out = succeeded(&storage.run(&["catalog", "load", "--dir", dir]));
    assert_eq!(out.trim(), format!("街道：新增 1 项，更新 1 项，未变 {} 项", street.items.len() - 1));
    let out = succeeded(&storage.run(&["catalog", "load", "--dir", dir]));
    assert_eq!(out.trim(), format!("街道：新增 0 项，更新 0 项，未变 {} 项", street.items.len() + 1));
    let store = storage.store().await;
    let loaded = store.db.template(gongkai_core::org::OrgKind::Street).await.unwrap();
    assert!(loaded.iter().any(|i| i.name == "街道党工委会议纪要"));
    let _ = std::fs::remove_dir_all(&tables);
}

#[tokio::test]
async fn a_table_with_a_bad_cell_loads_nothing() {
    let storage = Storage::sqlite();
    succeeded(&storage.run(&["catalog", "load"]));
    let tables = temp_dir();
    std::fs::create_dir_all(&tables).unwrap();
    let village = gongkai_catalogs::standard_for(gongkai_core::org::OrgKind::Village);
    std::fs::write(
        tables.join("village.csv"),
        gongkai_catalogs::write_csv(&village.items).replace("村民微信群", "村民群"),
    )
    .unwrap();
    let township = gongkai_catalogs::standard_for(gongkai_core::org::OrgKind::Township);
    let broken = gongkai_catalogs::write_csv(&township.items).replacen("长期公开", "永久公开", 1);
    std::fs::write(tables.join("township.csv"), broken).unwrap();

    let output = storage.run(&["catalog", "load", "--dir", tables.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("township.csv 有误，未载入任何模板"), "{stderr}");
    assert!(stderr.contains("“公开时限”列：未知的公开时限“永久公开”"), "{stderr}");
    // The good village table in the same directory was not loaded either.
    let store = storage.store().await;
    let loaded = store.db.template(gongkai_core::org::OrgKind::Village).await.unwrap();
    assert!(loaded.iter().all(|i| !i.rules.as_ref().is_some_and(|r| r.channels.contains("村民群"))));
    let codes = |items: &[gongkai_core::catalog::CatalogItem]| {
        let mut codes: Vec<String> = items.iter().map(|i| i.code.as_str().to_owned()).collect();
        codes.sort();
        codes
    };
    assert_eq!(codes(&loaded), codes(&village.items));
    let _ = std::fs::remove_dir_all(&tables);
}

/// Templates go out as spreadsheets, are corrected there, and come back: only what was
/// changed is updated.
#[tokio::test]
async fn templates_go_out_as_spreadsheets_and_come_back() {
    let storage = Storage::sqlite();
    succeeded(&storage.run(&["catalog", "load"]));
    let tables = temp_dir();
    let dir = tables.to_str().unwrap();
    let out = succeeded(&storage.run(&["catalog", "export", "--dir", dir]));
    assert!(out.contains("已导出 10 类单位的目录模板"), "{out}");

    let path = tables.join("township.xlsx");
    let mut table = gongkai_sheets::read_xlsx(&std::fs::read(&path).unwrap()).unwrap();
    table.rows[1][3] = "党委会议决定事项（含表决情况）".into();
    std::fs::write(&path, gongkai_sheets::write_xlsx("乡镇公开目录", &table.rows).unwrap()).unwrap();
    let out = succeeded(&storage.run(&["catalog", "load", "--dir", dir]));
    let township = gongkai_catalogs::standard_for(gongkai_core::org::OrgKind::Township);
    let expected = format!("乡镇：新增 0 项，更新 1 项，未变 {} 项", township.items.len() - 1);
    assert!(out.lines().any(|l| l == expected), "{out}");
    assert!(out.lines().filter(|l| l.contains("更新 0 项")).count() == 9, "the other kinds are unchanged: {out}");
    // A street table saved under the city's file name says whose it is, and is refused.
    std::fs::copy(tables.join("street.xlsx"), tables.join("city.xlsx")).unwrap();
    let output = storage.run(&["catalog", "load", "--dir", dir]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success() && stderr.contains("这是“街道”的目录模板表格"), "{stderr}");
    let _ = std::fs::remove_dir_all(&tables);
}

/// A mistyped data directory is an error, not a new empty database to fill.
#[tokio::test]
async fn commands_on_a_missing_database_are_refused() {
    let storage = Storage::sqlite();
    for args in [
        &["org", "import", "单位.xlsx"][..],
        &["user", "add", "--username", "zhang.san", "--role", "admin"],
        &["audit", "verify"],
    ] {
        let output = storage.run(args);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("没有找到数据库"), "{args:?}: {stderr}");
    }
    assert!(!storage.dir.join("gongkai.db").exists(), "nothing was created");
}
