//! The fictional city's organisation tree: 市 → 县(市)区 → 乡镇/街道 → 村/社区, with the city's
//! party organs, government departments, public service units and service halls.

use std::collections::HashSet;

use gongkai_core::org::{Org, OrgCode, OrgKind};

use super::leaders::team;
use super::names::{self, CITY, CITY_CODE};
use super::rng::Rng;

/// Districts and counties: name, and whether it is urban (streets and communities).
const DISTRICTS: &[(&str, bool)] =
    &[("澜城区", true), ("新港区", true), ("云岭县", false), ("石溪县", false), ("枫林市", false)];

/// Party organs under the city committee: code, name, head title, and the secretary's post.
const ORGANS: &[(&str, &str, &str, (&str, &str))] = &[
    (
        "jw",
        "岚江市纪委监委",
        "书记",
        ("市委常委、市纪委书记、市监委主任", "主持市纪委市监委全面工作，是党务公开第一责任人"),
    ),
    ("zzb", "中共岚江市委组织部", "部长", ("市委常委、组织部部长", "主持部务全面工作，是党务公开第一责任人")),
    ("xcb", "中共岚江市委宣传部", "部长", ("市委常委、宣传部部长", "主持部务全面工作，是党务公开第一责任人")),
    ("zfw", "中共岚江市委政法委员会", "书记", ("市委常委、政法委书记", "主持政法委全面工作，是党务公开第一责任人")),
    ("tzb", "中共岚江市委统战部", "部长", ("市委常委、统战部部长", "主持部务全面工作，是党务公开第一责任人")),
];

/// Government departments: code and name; a 委员会 is headed by a 主任.
const DEPARTMENTS: &[(&str, &str)] = &[
    ("czj", "岚江市财政局"),
    ("mzj", "岚江市民政局"),
    ("rsj", "岚江市人力资源和社会保障局"),
    ("jyj", "岚江市教育局"),
    ("wjw", "岚江市卫生健康委员会"),
    ("zrj", "岚江市自然资源和规划局"),
    ("zjj", "岚江市住房和城乡建设局"),
    ("nyj", "岚江市农业农村局"),
    ("scj", "岚江市市场监督管理局"),
    ("sthj", "岚江市生态环境局"),
    ("jtj", "岚江市交通运输局"),
    ("yjj", "岚江市应急管理局"),
];

/// Public service units: code, name, and whether it is a hospital.
const PUBLIC_UNITS: &[(&str, &str, bool)] = &[
    ("zls", "岚江市自来水有限公司", false),
    ("yy1", "岚江市第一人民医院", true),
    ("gjjt", "岚江市公共交通集团有限公司", false),
    ("rq", "岚江市燃气有限公司", false),
];

/// Builds the tree, parents before children, each with its position among siblings.
pub fn build(seed: u64) -> Vec<(Org, i64)> {
    let mut rng = Rng::derive(seed, "orgs");
    let mut out = Vec::new();
    let city_code = code(CITY_CODE);
    let seat = format!("{CITY}澜城区");
    let mut top = Sibling::default();
    let addr = Some(names::address(&mut rng, &seat));
    out.push((org(&mut rng, CITY_CODE, CITY, OrgKind::City, None, addr, "市"), top.next()));
    let mut child = Sibling::default();
    for (c, name, head, lead) in ORGANS {
        let mut o = org(&mut rng, &sub(CITY_CODE, c), name, OrgKind::PartyCommittee, Some(&city_code), None, head);
        o.leaders = team(&mut rng, OrgKind::PartyCommittee, head, Some(*lead));
        o.first_responsible = Some(o.leaders[0].name.clone());
        o.address = Some(names::address(&mut rng, &seat));
        out.push((o, child.next()));
    }
    for (c, name) in DEPARTMENTS {
        let head = if name.ends_with("委员会") { "主任" } else { "局长" };
        let addr = Some(names::address(&mut rng, &seat));
        out.push((
            org(&mut rng, &sub(CITY_CODE, c), name, OrgKind::Department, Some(&city_code), addr, head),
            child.next(),
        ));
    }
    for (c, name, hospital) in PUBLIC_UNITS {
        let level = if *hospital { "医院" } else { "公司" };
        let addr = Some(names::address(&mut rng, &seat));
        out.push((
            org(&mut rng, &sub(CITY_CODE, c), name, OrgKind::PublicUnit, Some(&city_code), addr, level),
            child.next(),
        ));
    }
    let hall_name = format!("{CITY}政务服务中心");
    let addr = Some(names::address(&mut rng, &seat));
    out.push((
        org(&mut rng, &sub(CITY_CODE, "zwfw"), &hall_name, OrgKind::ServiceHall, Some(&city_code), addr, ""),
        child.next(),
    ));

    let mut used = HashSet::new();
    for (i, (district, urban)) in DISTRICTS.iter().enumerate() {
        let d_code = format!("{CITY_CODE}-d{:02}", i + 1);
        let level = &district[district.len() - 3..];
        let d_addr = Some(names::address(&mut rng, &format!("{CITY}{district}")));
        out.push((org(&mut rng, &d_code, district, OrgKind::District, Some(&city_code), d_addr, level), child.next()));
        towns(&mut rng, &mut out, &mut used, &d_code, district, *urban);
    }
    out
}

/// A district's service hall, its townships or streets, their halls and their villages or
/// communities.
fn towns(
    rng: &mut Rng,
    out: &mut Vec<(Org, i64)>,
    used: &mut HashSet<String>,
    d_code: &str,
    district: &str,
    urban: bool,
) {
    let parent = code(d_code);
    let mut pos = Sibling::default();
    let hall = format!("{district}政务服务中心");
    let addr = Some(names::address(rng, &format!("{CITY}{district}")));
    out.push((org(rng, &sub(d_code, "zwfw"), &hall, OrgKind::ServiceHall, Some(&parent), addr, ""), pos.next()));
    let count = rng.range(3, 5);
    for t in 1..=count {
        // Urban districts are streets only; counties have one street at the county seat.
        let street = urban || (t == 1 && rng.chance(40));
        let base = names::place(rng, used);
        let (name, kind, level) = if street {
            (format!("{base}街道"), OrgKind::Street, "街道")
        } else if rng.chance(25) {
            (format!("{base}乡"), OrgKind::Township, "乡")
        } else {
            (format!("{base}镇"), OrgKind::Township, "镇")
        };
        let t_code = format!("{d_code}-t{t:02}");
        let prefix = format!("{CITY}{district}{name}");
        let addr = Some(names::address(rng, &prefix));
        out.push((org(rng, &t_code, &name, kind, Some(&parent), addr, level), pos.next()));
        let t_parent = code(&t_code);
        let mut inner = Sibling::default();
        let hall = format!("{name}便民服务中心");
        let addr = Some(names::address(rng, &prefix));
        out.push((org(rng, &sub(&t_code, "bm"), &hall, OrgKind::ServiceHall, Some(&t_parent), addr, ""), inner.next()));
        for v in 1..=rng.range(3, 6) {
            let base = names::place(rng, used);
            // A township's first unit is sometimes the community around its seat.
            let community = street || (v == 1 && rng.chance(30));
            let (name, kind, addr) = if community {
                let name = format!("{base}社区");
                (name, OrgKind::Community, names::address(rng, &prefix))
            } else {
                let name = format!("{base}村");
                let addr = format!("{prefix}{name}村民委员会");
                (name, OrgKind::Village, addr)
            };
            let v_code = format!("{t_code}-v{v:02}");
            out.push((org(rng, &v_code, &name, kind, Some(&t_parent), Some(addr), ""), inner.next()));
        }
    }
}

/// Positions among the children of one parent.
#[derive(Default)]
struct Sibling(i64);

impl Sibling {
    fn next(&mut self) -> i64 {
        self.0 += 1;
        self.0
    }
}

fn org(
    rng: &mut Rng,
    c: &str,
    name: &str,
    kind: OrgKind,
    parent: Option<&OrgCode>,
    address: Option<String>,
    level: &str,
) -> Org {
    let leaders = team(rng, kind, level, None);
    Org {
        code: code(c),
        name: name.to_owned(),
        kind,
        parent: parent.cloned(),
        address,
        phone: Some(names::office_phone(rng)),
        first_responsible: leaders.first().map(|l| l.name.clone()),
        leaders,
        closed_on: None,
    }
}

fn sub(parent: &str, suffix: &str) -> String {
    format!("{parent}-{suffix}")
}

/// Codes here are built from ASCII tables and always valid.
fn code(raw: &str) -> OrgCode {
    OrgCode::parse(raw).expect("demo org codes are ASCII")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tree_is_ordered_and_complete() {
        let orgs = build(1);
        let mut seen = HashSet::new();
        for (o, _) in &orgs {
            if let Some(p) = &o.parent {
                assert!(seen.contains(p.as_str()), "{} before its parent", o.code);
            }
            assert!(seen.insert(o.code.as_str().to_owned()), "duplicate {}", o.code);
            assert!(o.first_responsible.is_some());
            assert!((2..=5).contains(&o.leaders.len()));
        }
        for &kind in OrgKind::ALL {
            assert!(orgs.iter().any(|(o, _)| o.kind == kind), "no {kind:?}");
        }
        assert_eq!(build(1), orgs);
    }
}
