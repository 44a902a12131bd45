//! Who may do what: every check of "may this person touch this object" is decided here,
//! against the object's organisation, so the web layer asks one question in one place.

use crate::org::OrgCode;
use crate::record::{Record, Visibility};
use crate::DomainError;

crate::domain_enum! {
    /// 角色
    Role, "角色", "invalid_role" {
        /// 管理员: organisations, users, catalogue templates; everywhere.
        Admin = "admin" => "管理员",
        /// 信息员: drafts and keeps the catalogue of one organisation.
        Editor = "editor" => "信息员",
        /// 审核人: approves or rejects one organisation's drafts.
        Reviewer = "reviewer" => "审核人",
        /// 监督员: reads every unit's work, changes nothing.
        Supervisor = "supervisor" => "监督员",
    }
}

impl Role {
    /// Editors and reviewers act for one organisation; admins and supervisors for all.
    pub fn needs_org(self) -> bool {
        matches!(self, Role::Editor | Role::Reviewer)
    }
}

/// Checks an account name: 2 to 32 ASCII letters, digits, `.`, `_` or `-`, starting with a
/// letter or digit. Names are typed at the login form and appear in the audit log, so
/// they stay plain.
pub fn check_username(name: &str) -> Result<(), DomainError> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    let well_formed = (2..=32).contains(&name.len())
        && name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.chars().all(allowed);
    if !well_formed {
        return Err(DomainError::invalid("invalid_username", "用户名须为2至32位字母、数字或“._-”，并以字母或数字开头"));
    }
    // The names the installation itself writes into the audit log.
    if ["system", "cli", "demo"].iter().any(|r| name.eq_ignore_ascii_case(r)) {
        return Err(DomainError::invalid("username_reserved", format!("“{name}”是系统保留的名称，不能用作用户名")));
    }
    Ok(())
}

/// Checks a new password: 10 to 128 characters, and not one that is guessed first — one
/// or two characters over and over (aaaaaaaaaa, ababababab), a run along the keyboard or
/// the alphabet (1234567890, qwertyuiop), or a well-known one with digits added
/// (password123). Length is what resists guessing; no composition rules, as NIST SP
/// 800-63B advises, but it also asks that such passwords be refused.
pub fn check_password(password: &str) -> Result<(), DomainError> {
    let length = password.chars().count();
    if !(10..=128).contains(&length) {
        return Err(DomainError::invalid("weak_password", "密码长度须为10至128个字符"));
    }
    let lower = password.to_lowercase();
    let distinct: std::collections::BTreeSet<char> = lower.chars().collect();
    let stem = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == '!' || c == '@' || c == '.');
    let along = |row: &str| row.contains(&lower) || row.chars().rev().collect::<String>().contains(&lower);
    let guessed = distinct.len() <= 2
        || ["12345678901234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm", "1qaz2wsx3edc4rfv"]
            .iter()
            .any(|row| along(row))
        || COMMON.contains(&stem);
    if guessed {
        return Err(DomainError::invalid("weak_password", "这个密码太容易被猜中，请换一个更长、不规律的密码"));
    }
    Ok(())
}

/// Words that stand at the top of every list of leaked passwords, and the obvious ones
/// for this platform.
const COMMON: &[&str] = &[
    "password",
    "passw0rd",
    "admin",
    "administrator",
    "qwerty",
    "iloveyou",
    "welcome",
    "letmein",
    "abc",
    "woaini",
    "gongkai",
    "zhengwu",
    "dangwu",
    "zhengfu",
];

/// The signed-in person making a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user_id: String,
    pub username: String,
    pub role: Role,
    pub org: Option<OrgCode>,
}

/// Things an actor asks to do to an organisation's objects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Permission {
    /// See drafts, the review queue and other unpublished work.
    ViewUnpublished,
    /// Create and edit drafts, submit them, add attachments, start a new version.
    Draft,
    /// Approve or reject a submitted record.
    Review,
    /// Withdraw a published or scheduled record.
    Withdraw,
    /// Edit the organisation's details and its catalogue additions.
    ManageOrg,
}

impl Actor {
    fn acts_for(&self, org: &OrgCode) -> bool {
        self.role == Role::Admin || self.org.as_ref() == Some(org)
    }

    /// Whether the actor may see `org`'s unpublished objects at all. When this is false the
    /// web layer answers 404, so another unit's drafts are not even known to exist.
    pub fn can_see(&self, org: &OrgCode) -> bool {
        self.role == Role::Supervisor || self.acts_for(org)
    }

    pub fn authorize(&self, permission: Permission, org: &OrgCode) -> Result<(), DomainError> {
        let role_allows = match permission {
            Permission::ViewUnpublished => true,
            Permission::Draft | Permission::ManageOrg => matches!(self.role, Role::Admin | Role::Editor),
            Permission::Review | Permission::Withdraw => matches!(self.role, Role::Admin | Role::Reviewer),
        };
        let scope_allows =
            if permission == Permission::ViewUnpublished { self.can_see(org) } else { self.acts_for(org) };
        if role_allows && scope_allows {
            Ok(())
        } else {
            Err(DomainError::forbidden("forbidden", "您没有权限对该单位的信息进行此项操作"))
        }
    }

    /// Accounts are the administrators' business.
    pub fn authorize_accounts(&self) -> Result<(), DomainError> {
        if self.role == Role::Admin && !self.is_system() {
            Ok(())
        } else {
            Err(DomainError::forbidden("forbidden", "只有管理员可以管理账号"))
        }
    }

    /// Catalogue templates are shared by every organisation of a kind: administrators
    /// change them, and so does the installation itself (first start, `gongkai catalog load`).
    pub fn authorize_templates(&self) -> Result<(), DomainError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(DomainError::forbidden("forbidden", "只有管理员可以修改目录模板"))
        }
    }

    /// The working-day calendar every unit's request clocks count on: administrators.
    pub fn authorize_calendar(&self) -> Result<(), DomainError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(DomainError::forbidden("forbidden", "只有管理员可以维护工作日历"))
        }
    }

    /// The audit log across organisations: supervisors, whose work it is, and
    /// administrators.
    pub fn authorize_audit(&self) -> Result<(), DomainError> {
        if matches!(self.role, Role::Supervisor | Role::Admin) && !self.is_system() {
            Ok(())
        } else {
            Err(DomainError::forbidden("forbidden", "只有监督员和管理员可以查阅审计日志"))
        }
    }

    /// The organisation tree is shaped by administrators, and by the installation itself
    /// (imports from the command line).
    pub fn authorize_structure(&self) -> Result<(), DomainError> {
        if self.role == Role::Admin {
            Ok(())
        } else {
            Err(DomainError::forbidden("forbidden", "只有管理员可以新建、调整或撤销单位"))
        }
    }

    /// The scheduler, acting for timed publishing and expiry.
    pub fn system() -> Actor {
        Actor { user_id: SYSTEM_USER.into(), username: SYSTEM_USER.into(), role: Role::Admin, org: None }
    }

    pub fn is_system(&self) -> bool {
        self.user_id == SYSTEM_USER
    }
}

/// What a viewer sees of a record. Decided here once for every surface — page, API, file,
/// feed, search — so one object gets the same answer everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sight {
    /// The organisation's own staff, administrators and supervisors: every field, in any state.
    Internal,
    /// Everyone else: what the public may see, never [`Visibility::Hidden`].
    Public(Visibility),
}

impl Sight {
    /// Whether attachments and the body may be shown.
    pub fn shows_content(self) -> bool {
        matches!(self, Sight::Internal | Sight::Public(Visibility::Full))
    }
}

/// The one door to a record: "not found" when the viewer may not know it exists (another
/// unit's unpublished work, or a record that was never public), otherwise how much of it
/// they see. Whether they may change it is decided afterwards by the command (403).
pub fn sight(viewer: Option<&Actor>, record: &Record) -> Result<Sight, DomainError> {
    if viewer.is_some_and(|a| a.can_see(&record.org)) {
        return Ok(Sight::Internal);
    }
    match record.visibility() {
        Visibility::Hidden => Err(DomainError::not_found("record_not_found", format!("记录“{}”不存在", record.id))),
        visible => Ok(Sight::Public(visible)),
    }
}

/// Id and name of the system account: the author of timed and imported work. Nobody can
/// sign in as it (its password hash is unusable).
pub const SYSTEM_USER: &str = "system";

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(id: &str, role: Role, org: Option<&str>) -> Actor {
        Actor { user_id: id.into(), username: id.into(), role, org: org.map(|o| OrgCode::parse(o).unwrap()) }
    }

    #[test]
    fn passwords_guessed_first_are_refused() {
        for weak in [
            "aaaaaaaaaa",
            "abababababab",
            "1234567890",
            "0987654321",
            "qwertyuiop",
            "Password123",
            "admin@2026!",
            "short",
        ] {
            assert_eq!(check_password(weak).unwrap_err().code, "weak_password", "{weak}");
        }
        for fine in ["li-na-own-passphrase", "8429174629301", "岚江市东湖街道2026"] {
            assert!(check_password(fine).is_ok(), "{fine}");
        }
    }

    #[test]
    fn usernames_are_plain() {
        for good in ["li.wei", "editor_a", "zhang-san2", "w1"] {
            assert!(check_username(good).is_ok(), "{good}");
        }
        for bad in ["", "a", "-lead", ".dot", "王伟", "has space", "x".repeat(33).as_str()] {
            assert_eq!(check_username(bad).unwrap_err().code, "invalid_username", "{bad}");
        }
    }

    #[test]
    fn editor_is_confined_to_own_org() {
        let e = actor("u1", Role::Editor, Some("st-01"));
        let own = OrgCode::parse("st-01").unwrap();
        let other = OrgCode::parse("st-02").unwrap();
        assert!(e.authorize(Permission::Draft, &own).is_ok());
        assert!(e.authorize(Permission::Draft, &other).is_err());
        assert!(!e.can_see(&other));
        assert!(e.authorize(Permission::Review, &own).is_err());
    }

    #[test]
    fn supervisor_sees_all_changes_nothing() {
        let s = actor("s", Role::Supervisor, None);
        let org = OrgCode::parse("st-09").unwrap();
        assert!(s.authorize(Permission::ViewUnpublished, &org).is_ok());
        assert!(s.authorize(Permission::Draft, &org).is_err());
        assert!(s.authorize(Permission::Review, &org).is_err());
    }
}
