//! Accounts. Password hashing happens in the web layer; here a hash is only stored and
//! fetched.

use gongkai_core::access::{Actor, Role};
use gongkai_core::org::OrgCode;
use gongkai_core::DomainError;

use crate::db::Reader;
use crate::write::{Logged, WriteTx};
use crate::{new_id, q, Db, Result, Store, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub org_code: Option<String>,
    /// 停用时间: a disabled account has no sessions and cannot sign in.
    pub disabled_at: Option<i64>,
    /// Signed in with a one-time password: may do nothing but choose a password of its own.
    pub must_change_password: bool,
}

impl User {
    pub fn actor(&self) -> Result<Actor> {
        let corrupt = || StoreError::Corrupt(format!("user {}", self.username));
        Ok(Actor {
            user_id: self.id.clone(),
            username: self.username.clone(),
            role: Role::parse(&self.role).map_err(|_| corrupt())?,
            org: self.org_code.as_deref().map(OrgCode::parse).transpose().map_err(|_| corrupt())?,
        })
    }
}

/// What a new account needs; the password is already hashed.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub org: Option<&'a OrgCode>,
    /// The password is a one-time one, to be replaced at first sign-in.
    pub one_time: bool,
}

pub(crate) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.role, u.org_code, \
     u.disabled_at, (u.must_change_password <> 0) AS must_change_password";

impl Store {
    /// An administrator creates an account, with a one-time password.
    pub async fn create_account(&self, actor: &Actor, user: NewUser<'_>) -> Result<User> {
        actor.authorize_accounts()?;
        self.add_user(&actor.username, user).await
    }

    /// Creates an account, audited as `actor` (an administrator, or `cli` for the first
    /// one). Usernames are unique.
    pub async fn add_user(&self, actor: &str, user: NewUser<'_>) -> Result<User> {
        gongkai_core::access::check_username(user.username)?;
        let mut w = self.db.write(actor, self.clock.now()).await?;
        check_place(&mut w, user.role, user.org).await?;
        // Names differing only in case would pass for one another in the audit log.
        let taken: Option<(String,)> = crate::db::Reader::fetch_optional(
            &mut w,
            q("SELECT id FROM users WHERE lower(username) = lower($1)").bind(user.username),
        )
        .await?;
        if taken.is_some() {
            return Err(DomainError::conflict("username_taken", format!("用户名“{}”已存在", user.username)).into());
        }
        let id = new_id();
        let now = w.now().timestamp();
        w.execute(
            q("INSERT INTO users (id, username, display_name, password_hash, role, org_code, created_at,
                                  must_change_password)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(id.as_str())
            .bind(user.username)
            .bind(user.display_name)
            .bind(user.password_hash)
            .bind(user.role.as_str())
            .bind(user.org.map(OrgCode::as_str))
            .bind(now)
            .bind(i64::from(user.one_time)),
        )
        .await?;
        let detail = format!("{} {}", user.role.label(), user.org.map(OrgCode::as_str).unwrap_or("全部单位"));
        w.log(Logged {
            action: "create_user",
            object_kind: "user",
            object_id: &id,
            before: None,
            after: None,
            detail,
            feed: None,
        })
        .await?;
        w.commit().await?;
        Ok(User {
            id,
            username: user.username.to_owned(),
            display_name: user.display_name.to_owned(),
            password_hash: user.password_hash.to_owned(),
            role: user.role.as_str().to_owned(),
            org_code: user.org.map(|o| o.as_str().to_owned()),
            disabled_at: None,
            must_change_password: user.one_time,
        })
    }
}

/// A role and the unit it is held in: editors and reviewers in an open unit that exists,
/// administrators and supervisors in none.
pub(crate) async fn check_place(w: &mut WriteTx, role: Role, org: Option<&OrgCode>) -> Result<()> {
    if role.needs_org() != org.is_some() {
        let message = if role.needs_org() {
            "信息员和审核人必须指定所属单位"
        } else {
            "管理员和监督员不属于某一单位"
        };
        return Err(DomainError::invalid("role_needs_org", message).into());
    }
    if let Some(org) = org {
        // Named in the request: a bad reference in it, not a missing page.
        let org = crate::orgs::load(w, org)
            .await?
            .ok_or_else(|| DomainError::invalid("unknown_org", format!("单位“{}”不存在", org.as_str())))?;
        gongkai_core::org::tree::check_open(&org)?;
    }
    Ok(())
}

/// Who may be disabled: not the last administrator who can still sign in, so the platform
/// always has someone who can manage it.
pub(crate) const ACTIVE_ADMINS: &str =
    "SELECT COUNT(*) FROM users WHERE role = 'admin' AND disabled_at IS NULL AND id <> 'system'";

impl Db {
    /// How many administrators can sign in: none on a new site until the first is added.
    pub async fn active_admins(&self) -> Result<i64> {
        let (admins,): (i64,) = self.fetch_one(q(ACTIVE_ADMINS)).await?;
        Ok(admins)
    }
}

impl Store {
    /// 停用账号: from this moment every session and token of the user is refused.
    pub async fn disable_user(&self, actor: &Actor, username: &str) -> Result<User> {
        actor.authorize_accounts()?;
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let user = account(&mut w, username).await?;
        if user.role == Role::Admin.as_str() {
            let (admins,): (i64,) = w.fetch_one(q(ACTIVE_ADMINS)).await?;
            if admins <= 1 {
                return Err(DomainError::conflict("last_admin", "不能停用最后一个可用的管理员账号").into());
            }
        }
        let now = w.now().timestamp();
        w.execute(q("UPDATE users SET disabled_at = $1 WHERE id = $2").bind(now).bind(user.id.as_str())).await?;
        w.execute(q("DELETE FROM sessions WHERE user_id = $1").bind(user.id.as_str())).await?;
        let logged = Logged {
            action: "disable_user",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: None,
            detail: format!("停用账号 {username}"),
            feed: None,
        };
        w.log(logged).await?;
        w.commit().await?;
        Ok(user)
    }

    /// Sets `username`'s password hash. Every session of the user ends except `keep` (the
    /// one of a person changing their own password). A password an administrator sets is a
    /// one-time one; one people choose themselves is their own.
    pub async fn set_password(
        &self,
        actor: &Actor,
        username: &str,
        password_hash: &str,
        keep: Option<&str>,
    ) -> Result<()> {
        let own = actor.username == username;
        if !own {
            actor.authorize_accounts()?;
        }
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let user = account(&mut w, username).await?;
        if user.disabled_at.is_some() {
            return Err(
                DomainError::conflict("account_disabled", format!("账号“{username}”已停用，不能设置密码")).into()
            );
        }
        w.execute(
            q("UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3")
                .bind(password_hash)
                .bind(i64::from(!own))
                .bind(user.id.as_str()),
        )
        .await?;
        let kept = keep.map(crate::sessions::token_hash).unwrap_or_default();
        w.execute(q("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2").bind(user.id.as_str()).bind(kept))
            .await?;
        let logged = Logged {
            action: if own { "change_password" } else { "reset_password" },
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: None,
            detail: if own { "修改本人密码".into() } else { format!("重置 {username} 的密码") },
            feed: None,
        };
        w.log(logged).await?;
        w.commit().await
    }
}

pub(crate) async fn account(reader: &mut impl Reader, username: &str) -> Result<User> {
    let found: Option<User> = reader
        .fetch_optional(q(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1")).bind(username))
        .await?;
    found
        .filter(|u| u.id != gongkai_core::access::SYSTEM_USER)
        .ok_or_else(|| DomainError::not_found("unknown_user", format!("账号“{username}”不存在")).into())
}

impl Db {
    /// Every account but the installation's own, by username.
    pub async fn users(&self) -> Result<Vec<User>> {
        self.fetch_all(q(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id <> 'system' ORDER BY u.username")))
            .await
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        self.fetch_optional(q(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1")).bind(username)).await
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>> {
        self.fetch_optional(q(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1")).bind(id)).await
    }
}
