//! Accounts. Password hashing happens in the web layer; here a hash is only stored and
//! fetched.

use gongkai_core::access::{Actor, Role};
use gongkai_core::org::OrgCode;
use gongkai_core::DomainError;

use crate::write::Logged;
use crate::{new_id, q, Db, Result, Store, StoreError};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub org_code: Option<String>,
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
}

pub(crate) const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.role, u.org_code";

impl Store {
    /// Creates an account, audited as `actor`. Usernames are unique.
    pub async fn add_user(&self, actor: &str, user: NewUser<'_>) -> Result<User> {
        gongkai_core::access::check_username(user.username)?;
        if user.role.needs_org() != user.org.is_some() {
            let message = if user.role.needs_org() {
                "信息员和审核人必须指定所属单位"
            } else {
                "管理员和监督员不属于某一单位"
            };
            return Err(DomainError::invalid("role_needs_org", message).into());
        }
        let mut w = self.db.write(actor, self.clock.now()).await?;
        if let Some(org) = user.org {
            crate::orgs::load(&mut w, org).await?.ok_or_else(|| crate::orgs::not_found(org))?;
        }
        let taken: Option<(String,)> = crate::db::Reader::fetch_optional(
            &mut w,
            q("SELECT id FROM users WHERE username = $1").bind(user.username),
        )
        .await?;
        if taken.is_some() {
            return Err(DomainError::conflict("username_taken", format!("用户名“{}”已存在", user.username)).into());
        }
        let id = new_id();
        let now = w.now().timestamp();
        w.execute(
            q("INSERT INTO users (id, username, display_name, password_hash, role, org_code, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(id.as_str())
            .bind(user.username)
            .bind(user.display_name)
            .bind(user.password_hash)
            .bind(user.role.as_str())
            .bind(user.org.map(OrgCode::as_str))
            .bind(now),
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
        })
    }
}

impl Db {
    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        self.fetch_optional(q(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1")).bind(username)).await
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>> {
        self.fetch_optional(q(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1")).bind(id)).await
    }
}
