//! The organisation tree as administrators shape it: which kind stands under which, and
//! creating, renaming, moving and closing (撤销) organisations. An organisation is never
//! deleted: its published records stay public under its name, so closing only takes it
//! out of the lists and stops new work.

use chrono::NaiveDate;

use super::{Org, OrgCode, OrgKind};
use crate::access::Actor;
use crate::fields::name as one_line;
use crate::DomainError;

/// The longest organisation name, in characters.
pub const NAME_MAX: usize = 60;

impl OrgKind {
    /// The kinds an organisation of this kind may stand under; none for the top.
    pub fn parents(self) -> &'static [OrgKind] {
        use OrgKind::*;
        match self {
            City => &[],
            District => &[City],
            Township | Street => &[District],
            Village | Community => &[Township, Street],
            PartyCommittee | Department => &[City, District],
            PublicUnit => &[City, District, Department],
            ServiceHall => &[City, District, Township, Street],
        }
    }
}

/// A new organisation as an administrator or an import names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrg {
    pub code: OrgCode,
    pub name: String,
    pub kind: OrgKind,
    pub parent: Option<OrgCode>,
}

/// The organisation `new` added to the tree `orgs`.
pub fn create(actor: &Actor, orgs: &[Org], new: NewOrg) -> Result<Org, DomainError> {
    actor.authorize_structure()?;
    // Codes differing only in case would be read as one on paper and in URLs.
    if orgs.iter().any(|o| o.code.as_str().eq_ignore_ascii_case(new.code.as_str())) {
        return Err(DomainError::conflict("duplicate_org_code", format!("单位编码“{}”已被使用", new.code.as_str())));
    }
    let name = one_line(Some(&new.name), "单位名称", NAME_MAX)?;
    check_place(new.kind, new.parent.as_ref().map(|p| find(orgs, p)).transpose()?)?;
    check_name_free(orgs, new.parent.as_ref(), &name, &new.code)?;
    Ok(Org {
        code: new.code,
        name,
        kind: new.kind,
        parent: new.parent,
        address: None,
        phone: None,
        first_responsible: None,
        leaders: Vec::new(),
        closed_on: None,
    })
}

/// `org` under a new name.
pub fn rename(actor: &Actor, orgs: &[Org], org: &Org, name: &str) -> Result<Org, DomainError> {
    actor.authorize_structure()?;
    check_open(org)?;
    let name = one_line(Some(name), "单位名称", NAME_MAX)?;
    if name == org.name {
        return Err(DomainError::invalid("unchanged", "新名称与原名称相同，未作修改"));
    }
    check_name_free(orgs, org.parent.as_ref(), &name, &org.code)?;
    Ok(Org { name, ..org.clone() })
}

/// Two open units of one name under one parent could not be told apart in any list.
fn check_name_free(orgs: &[Org], parent: Option<&OrgCode>, name: &str, code: &OrgCode) -> Result<(), DomainError> {
    let taken =
        orgs.iter().any(|o| o.parent.as_ref() == parent && o.name == name && &o.code != code && o.closed_on.is_none());
    if taken {
        return Err(DomainError::conflict("duplicate_org_name", format!("同一上级单位下已有名为“{name}”的单位")));
    }
    Ok(())
}

/// `org` moved under `parent` (划转), which must suit its kind and not stand below it.
pub fn move_to(actor: &Actor, orgs: &[Org], org: &Org, parent: &OrgCode) -> Result<Org, DomainError> {
    actor.authorize_structure()?;
    check_open(org)?;
    if org.parent.as_ref() == Some(parent) {
        return Err(DomainError::invalid("unchanged", "该单位已在这个上级单位之下，未作修改"));
    }
    let new_parent = find(orgs, parent)?;
    let mut above = Some(new_parent);
    while let Some(o) = above {
        if o.code == org.code {
            return Err(DomainError::invalid("org_cycle", "不能把单位划转到它自己或它的下级单位之下"));
        }
        above = o.parent.as_ref().and_then(|p| orgs.iter().find(|x| &x.code == p));
    }
    check_place(org.kind, Some(new_parent))?;
    check_name_free(orgs, Some(parent), &org.name, &org.code)?;
    Ok(Org { parent: Some(parent.clone()), ..org.clone() })
}

/// `org` closed on `day`: only once nothing open stands under it.
pub fn close(actor: &Actor, orgs: &[Org], org: &Org, day: NaiveDate) -> Result<Org, DomainError> {
    actor.authorize_structure()?;
    check_open(org)?;
    let open_children: Vec<&str> = orgs
        .iter()
        .filter(|o| o.parent.as_ref() == Some(&org.code) && o.closed_on.is_none())
        .map(|o| o.name.as_str())
        .collect();
    if !open_children.is_empty() {
        // A street with forty communities is named by its first few.
        const NAMED: usize = 5;
        let mut names = open_children.iter().take(NAMED).copied().collect::<Vec<_>>().join("、");
        if open_children.len() > NAMED {
            names.push_str(&format!("等{}个", open_children.len()));
        }
        return Err(DomainError::conflict("org_has_children", format!("请先撤销或划转其下级单位：{names}")));
    }
    Ok(Org { closed_on: Some(day), ..org.clone() })
}

/// `orgs` in tree order: each organisation, then everything under it, siblings in the
/// order given.
pub fn in_tree_order(orgs: &[Org]) -> Vec<&Org> {
    let mut children: std::collections::HashMap<Option<&str>, Vec<&Org>> = std::collections::HashMap::new();
    let known: std::collections::HashSet<&str> = orgs.iter().map(|o| o.code.as_str()).collect();
    for org in orgs {
        // A parent that is not in the list makes a root, so nothing is lost.
        let parent = org.parent.as_ref().map(OrgCode::as_str).filter(|p| known.contains(p));
        children.entry(parent).or_default().push(org);
    }
    let mut ordered = Vec::with_capacity(orgs.len());
    let mut stack: Vec<&Org> = children.get(&None).map(|c| c.iter().rev().copied().collect()).unwrap_or_default();
    while let Some(org) = stack.pop() {
        ordered.push(org);
        if let Some(below) = children.get(&Some(org.code.as_str())) {
            stack.extend(below.iter().rev().copied());
        }
    }
    ordered
}

/// Whether an organisation of `kind` may stand under `parent` (none: at the top).
pub fn check_place(kind: OrgKind, parent: Option<&Org>) -> Result<(), DomainError> {
    match parent {
        None if kind.parents().is_empty() => Ok(()),
        None => Err(DomainError::invalid("org_needs_parent", format!("{}须有上级单位", kind.label()))),
        Some(p) if p.closed_on.is_some() => {
            Err(DomainError::conflict("org_closed", format!("上级单位“{}”已撤销", p.name)))
        }
        Some(p) if kind.parents().contains(&p.kind) => Ok(()),
        Some(p) => Err(DomainError::invalid(
            "org_misplaced",
            format!(
                "{}不能设在{}之下，只能设在{}之下",
                kind.label(),
                p.kind.label(),
                match kind.parents() {
                    [] => "最上一级".to_owned(),
                    kinds => kinds.iter().map(|k| k.label()).collect::<Vec<_>>().join("、"),
                }
            ),
        )),
    }
}

fn find<'o>(orgs: &'o [Org], code: &OrgCode) -> Result<&'o Org, DomainError> {
    orgs.iter()
        .find(|o| &o.code == code)
        .ok_or_else(|| DomainError::invalid("unknown_org", format!("上级单位“{}”不存在", code.as_str())))
}

/// Refuses any change to a closed organisation or its catalogue, accounts and details.
pub fn check_open(org: &Org) -> Result<(), DomainError> {
    match org.closed_on {
        Some(day) => Err(DomainError::conflict("org_closed", format!("“{}”已于{day}撤销", org.name))),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::org::fixtures::org;

    fn tree() -> Vec<Org> {
        vec![
            org("lj", "岚江市", OrgKind::City, None),
            org("lj-d01", "东湖区", OrgKind::District, Some("lj")),
            org("lj-d02", "青山县", OrgKind::District, Some("lj")),
            org("lj-d01-t01", "湖滨街道", OrgKind::Street, Some("lj-d01")),
        ]
    }

    fn new(code: &str, name: &str, kind: OrgKind, parent: Option<&str>) -> NewOrg {
        NewOrg {
            code: OrgCode::parse(code).unwrap(),
            name: name.into(),
            kind,
            parent: parent.map(|p| OrgCode::parse(p).unwrap()),
        }
    }

    fn admin() -> Actor {
        Actor { user_id: "u1".into(), username: "guan.li".into(), role: Role::Admin, org: None }
    }

    fn code(result: Result<Org, DomainError>) -> &'static str {
        result.unwrap_err().code
    }

    #[test]
    fn an_organisation_stands_where_its_kind_belongs() {
        let orgs = tree();
        let village = create(&admin(), &orgs, new("lj-d02-t01", "石门镇", OrgKind::Township, Some("lj-d02"))).unwrap();
        assert_eq!((village.name.as_str(), village.closed_on), ("石门镇", None));
        let misplaced = create(&admin(), &orgs, new("lj-v1", "桃源村", OrgKind::Village, Some("lj-d01"))).unwrap_err();
        assert_eq!(misplaced.message, "村不能设在县(市)区之下，只能设在乡镇、街道之下");
        assert_eq!(code(create(&admin(), &orgs, new("lj-x", "某区", OrgKind::District, None))), "org_needs_parent");
        assert_eq!(code(create(&admin(), &orgs, new("lj-x", "某区", OrgKind::District, Some("zz")))), "unknown_org");
        assert_eq!(
            code(create(&admin(), &orgs, new("lj-d01", "又一区", OrgKind::District, Some("lj")))),
            "duplicate_org_code"
        );
        assert_eq!(code(create(&admin(), &orgs, new("lj-d03", "  ", OrgKind::District, Some("lj")))), "missing_field");
    }

    #[test]
    fn only_administrators_shape_the_tree() {
        let editor = Actor { role: Role::Editor, org: Some(OrgCode::parse("lj-d01").unwrap()), ..admin() };
        assert_eq!(code(create(&editor, &tree(), new("lj-d03", "新区", OrgKind::District, Some("lj")))), "forbidden");
        assert_eq!(code(rename(&editor, &tree(), &tree()[1], "东湖新区")), "forbidden");
        assert!(create(&Actor::system(), &tree(), new("lj-d03", "新区", OrgKind::District, Some("lj"))).is_ok());
    }

    #[test]
    fn a_move_keeps_the_tree_a_tree() {
        let orgs = tree();
        let moved = move_to(&admin(), &orgs, &orgs[3], &OrgCode::parse("lj-d02").unwrap()).unwrap();
        assert_eq!(moved.parent.unwrap().as_str(), "lj-d02");
        assert_eq!(code(move_to(&admin(), &orgs, &orgs[3], &OrgCode::parse("lj").unwrap())), "org_misplaced");
        assert_eq!(code(move_to(&admin(), &orgs, &orgs[1], &OrgCode::parse("lj-d01-t01").unwrap())), "org_cycle");
        assert_eq!(code(move_to(&admin(), &orgs, &orgs[1], &OrgCode::parse("lj-d01").unwrap())), "org_cycle");
    }

    #[test]
    fn the_tree_lists_parents_before_children() {
        let mut orgs = tree();
        orgs.rotate_left(2); // lj-d02, lj-d01-t01, lj, lj-d01
        let codes: Vec<&str> = in_tree_order(&orgs).iter().map(|o| o.code.as_str()).collect();
        assert_eq!(codes, ["lj", "lj-d02", "lj-d01", "lj-d01-t01"]);
    }

    #[test]
    fn names_stay_apart_under_one_parent_and_no_change_is_said() {
        let orgs = tree();
        assert_eq!(code(rename(&admin(), &orgs, &orgs[2], "东湖区")), "duplicate_org_name");
        assert_eq!(code(rename(&admin(), &orgs, &orgs[2], "青山县")), "unchanged");
        let lj_d01 = OrgCode::parse("lj-d01").unwrap();
        assert_eq!(code(move_to(&admin(), &orgs, &orgs[3], &lj_d01)), "unchanged");
        let twin = new("lj-d03", "青山县", OrgKind::District, Some("lj"));
        assert_eq!(code(create(&admin(), &orgs, twin)), "duplicate_org_name");
    }

    #[test]
    fn a_unit_with_many_children_names_the_first_few() {
        let mut orgs = tree();
        for n in 1..=7 {
            orgs.push(org(&format!("lj-d01-c{n}"), &format!("社区{n}"), OrgKind::Community, Some("lj-d01-t01")));
        }
        let refused = close(&admin(), &orgs, &orgs[3], NaiveDate::from_ymd_opt(2026, 6, 30).unwrap()).unwrap_err();
        assert_eq!(refused.message, "请先撤销或划转其下级单位：社区1、社区2、社区3、社区4、社区5等7个");
    }

    #[test]
    fn closing_comes_last_and_is_final() {
        let mut orgs = tree();
        let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        let refused = close(&admin(), &orgs, &orgs[1], day).unwrap_err();
        assert_eq!(
            (refused.code, refused.message.as_str()),
            ("org_has_children", "请先撤销或划转其下级单位：湖滨街道")
        );
        orgs[3] = close(&admin(), &orgs, &orgs[3], day).unwrap();
        assert_eq!(orgs[3].closed_on, Some(day));
        assert_eq!(code(rename(&admin(), &orgs, &orgs[3], "湖滨新街道")), "org_closed");
        orgs[1] = close(&admin(), &orgs, &orgs[1], day).unwrap();
        let under_closed = create(&admin(), &orgs, new("lj-d01-t02", "湖东街道", OrgKind::Street, Some("lj-d01")));
        assert_eq!(code(under_closed), "org_closed");
    }
}
