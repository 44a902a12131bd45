//! The binary as an operator runs it: accounts from the command line, the exit status of
//! the audit check, and two `serve` processes on one database publishing a scheduled
//! record exactly once.

mod support;

use std::io::Write;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::*;

/// The first street office of the demo city, and a leaf of its catalogue that needs no
/// publicity period.
async fn street_and_leaf(client: &reqwest::Client, base: &str) -> (String, String) {
    let orgs = get_json(client, format!("{base}/api/v1/orgs")).await;
    let street = orgs.as_array().unwrap().iter().find(|o| o["kind"] == "street").expect("a street office");
    let street = street["code"].as_str().unwrap().to_owned();
    let catalog = get_json(client, format!("{base}/api/v1/orgs/{street}/catalog")).await;
    let leaf = catalog.as_array().unwrap().iter().find(|i| i["rules"]["time_class"] == "anytime").expect("a leaf");
    (street, leaf["code"].as_str().unwrap().to_owned())
}

#[tokio::test]
async fn user_add_prints_a_password_once_that_signs_in() {
    let storage = Storage::sqlite();
    succeeded(&storage.run(&["demo"]));
    let node = storage.serve();
    let client = reqwest::Client::new();
    let (street, _) = street_and_leaf(&client, &node.base).await;

    let out = succeeded(&storage.run(&["user", "add", "--username", "li.wei", "--role", "editor", "--org", &street]));
    let password = out
        .lines()
        .find_map(|l| l.strip_prefix("初始密码")?.split_once('：'))
        .expect("the password is printed")
        .1
        .trim();
    assert!(password.chars().count() >= 16, "a long generated password: {password}");
    assert_eq!(sign_in(&client, &node.base, "li.wei", password).await, 201);
    assert_eq!(sign_in(&client, &node.base, "li.wei", "not-the-password").await, 401);

    let args = ["user", "add", "--username", "zhao.min", "--role", "admin", "--password-stdin"];
    let out = succeeded(&storage.run_with_stdin(&args, &format!("{PASSPHRASE}\n")));
    assert!(!out.contains(PASSPHRASE) && !out.contains("密码"), "a chosen password is not echoed: {out}");
    assert_eq!(sign_in(&client, &node.base, "zhao.min", PASSPHRASE).await, 201);
}

#[tokio::test]
async fn user_add_refuses_bad_input_and_stores_nothing() {
    let storage = Storage::sqlite();
    succeeded(&storage.run(&["demo"]));
    let refused = |args: &[&str], stdin: &str, message: &str| {
        let output = storage.run_with_stdin(args, stdin);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!output.status.success(), "{args:?} was accepted");
        assert!(stderr.contains(message), "{args:?}: expected {message:?} in {stderr}");
    };
    let admin = ["user", "add", "--role", "admin", "--password-stdin", "--username"];
    refused(&["user", "add", "--username", "a1", "--role", "editor", "--org", "no-such-org"], "", "no-such-org");
    refused(&["user", "add", "--username", "a2", "--role", "editor"], "", "单位");
    refused(&["user", "add", "--username", "a3", "--role", "mayor"], "", "参数 --role <角色> 的值“mayor”无效");
    // Mistakes in the command line itself are said in Chinese too, with the usage.
    refused(&["user", "add", "--username", "a3"], "", "缺少必需的参数：--role <角色>");
    refused(&["user", "add", "--colour", "red"], "", "不认识的参数“--colour”");
    refused(&["frobnicate"], "", "没有“frobnicate”这个命令");
    refused(&["serve", "--bogus"], "", "用法：gongkai serve [选项]");
    refused(&[&admin[..], &["a4"]].concat(), "short\n", "至少需要10个字符");
    refused(&[&admin[..], &["王 伟"]].concat(), &format!("{PASSPHRASE}\n"), "用户名须为");
    succeeded(&storage.run_with_stdin(&[&admin[..], &["a5"]].concat(), &format!("{PASSPHRASE}\n")));
    refused(&[&admin[..], &["a5"]].concat(), "another-passphrase\n", "a5");

    let node = storage.serve();
    let client = reqwest::Client::new();
    for username in ["a1", "a2", "a3", "a4", "王 伟"] {
        assert_eq!(sign_in(&client, &node.base, username, PASSPHRASE).await, 401, "{username} was stored");
    }
    assert_eq!(sign_in(&client, &node.base, "a5", "another-passphrase").await, 401, "a5 was overwritten");
    assert_eq!(sign_in(&client, &node.base, "a5", PASSPHRASE).await, 201);
}

/// Two `serve` processes on one database: a record scheduled through one node is
/// published at its time by the nodes' schedulers, once, and both nodes then show it.
async fn two_nodes_publish_once(storage: Storage) {
    succeeded(&storage.run(&["demo"]));
    let client = reqwest::Client::new();
    let (a, b) = (storage.serve(), storage.serve());
    let (street, leaf) = street_and_leaf(&client, &a.base).await;
    storage.add_user("bian.ji", "editor", &street);
    storage.add_user("shen.he", "reviewer", &street);
    let editor = token(&client, &a.base, "bian.ji").await;
    let reviewer = token(&client, &b.base, "shen.he").await;

    let publish_at = chrono::Utc::now() + chrono::Duration::seconds(3);
    let body = json!({ "org": street, "catalog_item": leaf, "title": "两个节点上的定时发布", "body": "<p>定时发布</p>", "publish_at": publish_at.to_rfc3339() });
    let draft: Value = client
        .post(format!("{}/api/v1/disclosures", a.base))
        .bearer_auth(&editor)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = draft["id"].as_str().expect("a draft id").to_owned();
    let act = |node: &Node, token: &str, action: &str| {
        let url = format!("{}/api/v1/disclosures/{id}/{action}", node.base);
        client.post(url).bearer_auth(token).json(&json!({})).send()
    };
    assert_eq!(act(&a, &editor, "submit").await.unwrap().status(), 200);
    let approved: Value = act(&b, &reviewer, "approve").await.unwrap().json().await.unwrap();
    assert_eq!(approved["state"], "scheduled");

    let page = |node: &Node| client.get(format!("{}/d/{id}", node.base)).send();
    assert_eq!(page(&a).await.unwrap().status(), 404, "not public before its time");
    let deadline = Instant::now() + Duration::from_secs(30);
    while page(&a).await.unwrap().status() != 200 || page(&b).await.unwrap().status() != 200 {
        assert!(Instant::now() < deadline, "the scheduled record was not published on both nodes");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    // Each node's search index follows the feed: both find it within two seconds.
    let found_by = |node: &Node| {
        let url = format!("{}/api/v1/search?q=%E4%B8%A4%E4%B8%AA%E8%8A%82%E7%82%B9", node.base); // 两个节点
        let client = client.clone();
        async move { get_json(&client, url).await["total"] == 1 }
    };
    let deadline = Instant::now() + Duration::from_secs(2);
    while !(found_by(&a).await && found_by(&b).await) {
        assert!(Instant::now() < deadline, "a node's search did not find the publication within 2 s");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // Let both schedulers run at least once more after the publication.
    tokio::time::sleep(Duration::from_secs(6)).await;
    let store = storage.store().await;
    let query = gongkai_store::q("SELECT COUNT(*) FROM audit_log WHERE action = 'publish' AND object_id = $1");
    let publications = store.db.fetch_one::<(i64,)>(query.bind(id.as_str())).await.unwrap().0;
    assert_eq!(publications, 1, "published exactly once");
}

#[tokio::test]
async fn two_serve_nodes_on_one_sqlite_file_publish_once() {
    two_nodes_publish_once(Storage::sqlite()).await;
}

#[tokio::test]
async fn two_serve_nodes_on_one_postgres_publish_once() {
    on_postgres(two_nodes_publish_once).await;
}

/// `audit verify` exits 0 on the demo's intact chain, and 1 naming the entry after one is
/// changed behind the application's back (with the guarding trigger taken away first).
async fn audit_verify_names_the_first_bad_entry(storage: Storage) {
    succeeded(&storage.run(&["demo"]));
    let out = succeeded(&storage.run(&["audit", "verify"]));
    assert!(out.contains("哈希链校验通过"), "{out}");

    let lift_guard = match storage.database_url {
        Some(_) => "ALTER TABLE audit_log DISABLE TRIGGER USER",
        None => "DROP TRIGGER audit_log_no_update",
    };
    storage.raw(lift_guard).await;
    storage.raw("UPDATE audit_log SET detail = '改过' WHERE seq = 42").await;

    let output = storage.run(&["audit", "verify"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("第 42 条"), "{stderr}");
}

#[tokio::test]
async fn audit_verify_on_sqlite_names_the_first_bad_entry() {
    audit_verify_names_the_first_bad_entry(Storage::sqlite()).await;
}

#[tokio::test]
async fn audit_verify_on_postgres_names_the_first_bad_entry() {
    on_postgres(audit_verify_names_the_first_bad_entry).await;
}

/// SIGTERM while a request is still arriving: the server finishes it and answers, then
/// exits cleanly.
#[test]
fn sigterm_lets_the_request_in_flight_finish() {
    use std::io::Read;
    use std::net::TcpStream;

    let storage = Storage::sqlite();
    let mut node = storage.serve();
    let mut stream = TcpStream::connect(node.base.trim_start_matches("http://")).unwrap();
    let body = br#"{"username":"nobody","password":"not-the-password"}"#;
    let head = format!(
        "POST /api/v1/session HTTP/1.1\r\nHost: gongkai\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(&body[..12]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let signalled = Command::new("kill").arg("-TERM").arg(node.child.id().to_string()).status().unwrap();
    assert!(signalled.success());
    std::thread::sleep(Duration::from_millis(300));
    assert!(node.child.try_wait().unwrap().is_none(), "still finishing the request");
    stream.write_all(&body[12..]).unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(answer.contains("bad_credentials"), "{answer}");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = node.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "serve did not exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "{status:?}");
}

/// A server builds its search index on first start and answers meanwhile; `index rebuild`
/// builds another beside it and says what it indexed.
#[tokio::test]
async fn the_search_index_is_built_on_first_start_and_rebuilt_on_demand() {
    let storage = Storage::sqlite();
    succeeded(&storage.run(&["demo"]));
    let node = storage.serve();
    let client = reqwest::Client::new();
    let url = format!("{}/api/v1/search?q=%E5%85%AC%E5%BC%80", node.base); // 公开
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let body = get_json(&client, url.clone()).await;
        if body["total"].as_u64().is_some_and(|n| n > 0) {
            break;
        }
        assert!(Instant::now() < deadline, "the first start did not build the index: {body}");
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let dir = storage.dir.join("rebuilt-search");
    let out = succeeded(&storage.run(&["index", "rebuild", "--search-dir", &dir.to_string_lossy()]));
    assert!(out.contains("检索索引已重建") && out.contains("单位"), "{out}");
    assert!(dir.join("CURRENT").exists());
}
