//! The fixture every story starts from: a city with two street offices (东湖街道 st-a and
//! 西山街道 st-b), a street catalogue with short, long, any-time and list-of-people leaves,
//! and an editor and a reviewer for each street plus an administrator.

use gongkai_core::access::Role;
use gongkai_core::catalog::*;
use gongkai_core::org::{Org, OrgCode, OrgKind};
use gongkai_store::users::NewUser;
use gongkai_store::Store;

use super::PASSWORD;

fn leaf(code: &str, parent: &str, name: &str, time_class: TimeClass, domain: Domain) -> CatalogItem {
    listing(code, parent, name, time_class, domain, false)
}

fn listing(
    code: &str,
    parent: &str,
    name: &str,
    time_class: TimeClass,
    domain: Domain,
    personal_data: bool,
) -> CatalogItem {
    CatalogItem {
        code: CatalogCode::parse(code).unwrap(),
        parent: Some(CatalogCode::parse(parent).unwrap()),
        level: 2,
        name: name.into(),
        position: 0,
        rules: Some(LeafRules {
            domain,
            power: (domain == Domain::Government).then_some(Power::Affairs),
            audience: Audience::Public,
            basis: "《中华人民共和国政府信息公开条例》".into(),
            responsible: "党政办".into(),
            channels: "网站、公开栏".into(),
            mode: Mode::Proactive,
            time_class,
            update_rule: UpdateRule::OnChange,
            personal_data,
        }),
    }
}

fn org(code: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> Org {
    Org {
        code: OrgCode::parse(code).unwrap(),
        name: name.into(),
        kind,
        parent: parent.map(|p| OrgCode::parse(p).unwrap()),
        address: Some("测试路1号".into()),
        phone: None,
        first_responsible: Some("王书记".into()),
        leaders: vec![],
        closed_on: None,
    }
}

/// A city, two street offices, a street catalogue and six accounts.
pub(super) async fn load(store: &Store) {
    let mut batch = store.import_batch().await.unwrap();
    for (i, o) in [
        org("city", "测试市", OrgKind::City, None),
        org("st-a", "东湖街道", OrgKind::Street, Some("city")),
        org("st-b", "西山街道", OrgKind::Street, Some("city")),
    ]
    .iter()
    .enumerate()
    {
        batch.org(o, i as i64).await.unwrap();
    }
    let branch = CatalogItem {
        code: CatalogCode::parse("zw").unwrap(),
        parent: None,
        level: 1,
        name: "政务公开".into(),
        position: 0,
        rules: None,
    };
    let items = [
        branch,
        leaf("zw-short", "zw", "任前公示", TimeClass::Short, Domain::Party),
        leaf("zw-long", "zw", "规章制度", TimeClass::Long, Domain::Government),
        leaf("zw-any", "zw", "工作动态", TimeClass::Anytime, Domain::Government),
        listing("zw-dibao", "zw", "低保对象公示", TimeClass::Short, Domain::Government, true),
    ];
    for item in &items {
        batch.template_item(OrgKind::Street, item).await.unwrap();
    }
    batch.commit().await.unwrap();
    let hash = gongkai_web::auth::hash_password(PASSWORD.into()).await.unwrap();
    let st_a = OrgCode::parse("st-a").unwrap();
    let st_b = OrgCode::parse("st-b").unwrap();
    for (name, role, org) in [
        ("editor_a", Role::Editor, Some(&st_a)),
        ("reviewer_a", Role::Reviewer, Some(&st_a)),
        ("editor_b", Role::Editor, Some(&st_b)),
        ("reviewer_b", Role::Reviewer, Some(&st_b)),
        ("admin", Role::Admin, None),
        ("supervisor", Role::Supervisor, None),
    ] {
        let user = NewUser { username: name, display_name: name, password_hash: &hash, role, org, one_time: false };
        store.add_user("test", user).await.unwrap();
    }
}
