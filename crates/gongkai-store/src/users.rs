//! Accounts, sessions and failed-login records. Password hashing happens in the web layer;
//! here a hash is only stored and fetched. Session tokens are stored as their SHA-256, so a
//! copy of the database does not hand out live sessions.

use gongkai_core::access::{Actor, Role};
use gongkai_core::org::OrgCode;
use gongkai_core::DomainError;
use sha2::{Digest, Sha256};

use crate::audit::event;
use crate::{new_id, q, unix_now, Db, Result, StoreError};

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

/// A signed-in session: the user and the CSRF token of its forms.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
}

/// What a new account needs; the password is already hashed.
pub struct NewUser<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub org: Option<&'a OrgCode>,
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

const USER_COLUMNS: &str = "u.id, u.username, u.display_name, u.password_hash, u.role, u.org_code";

impl Db {
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
        let mut tx = self.write().await?;
        if let Some(org) = user.org {
            tx.org(org).await?.ok_or_else(|| crate::orgs::not_found(org))?;
        }
        let taken: Option<(String,)> =
            tx.fetch_optional(q("SELECT id FROM users WHERE username = $1").bind(user.username)).await?;
        if taken.is_some() {
            return Err(DomainError::conflict("username_taken", format!("用户名“{}”已存在", user.username)).into());
        }
        let id = new_id();
        tx.execute(
            q("INSERT INTO users (id, username, display_name, password_hash, role, org_code, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(id.as_str())
            .bind(user.username)
            .bind(user.display_name)
            .bind(user.password_hash)
            .bind(user.role.as_str())
            .bind(user.org.map(OrgCode::as_str))
            .bind(unix_now()),
        )
        .await?;
        let detail = format!("{} {}", user.role.label(), user.org.map(OrgCode::as_str).unwrap_or("全部单位"));
        tx.audit(event(actor, "create_user", "user", &id, None, None, detail)).await?;
        tx.commit().await?;
        Ok(User {
            id,
            username: user.username.to_owned(),
            display_name: user.display_name.to_owned(),
            password_hash: user.password_hash.to_owned(),
            role: user.role.as_str().to_owned(),
            org_code: user.org.map(|o| o.as_str().to_owned()),
        })
    }

    pub async fn user_by_name(&self, username: &str) -> Result<Option<User>> {
        self.fetch_optional(q(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.username = $1")).bind(username)).await
    }

    pub async fn user_by_id(&self, id: &str) -> Result<Option<User>> {
        self.fetch_optional(q(format!("SELECT {USER_COLUMNS} FROM users u WHERE u.id = $1")).bind(id)).await
    }

    /// Stores a session for `token` (kept only as its hash) until `expires_at`.
    pub async fn create_session(
        &self,
        user: &User,
        token: &str,
        csrf_token: &str,
        kind: &str,
        expires_at: i64,
    ) -> Result<()> {
        self.execute(
            q("INSERT INTO sessions (token_hash, user_id, csrf_token, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(token_hash(token))
                .bind(user.id.as_str())
                .bind(csrf_token)
                .bind(kind)
                .bind(unix_now())
                .bind(expires_at),
        )
        .await?;
        Ok(())
    }

    /// The live session of `token`, if any.
    pub async fn session(&self, token: &str) -> Result<Option<Session>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            #[sqlx(flatten)]
            user: User,
            csrf_token: String,
        }
        let row: Option<Row> = self
            .fetch_optional(
                q(format!(
                    "SELECT {USER_COLUMNS}, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.token_hash = $1 AND s.expires_at > $2"
                ))
                .bind(token_hash(token))
                .bind(unix_now()),
            )
            .await?;
        Ok(row.map(|r| Session { user: r.user, csrf_token: r.csrf_token }))
    }

    pub async fn end_session(&self, token: &str) -> Result<()> {
        self.execute(q("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token))).await?;
        Ok(())
    }

    /// Failed logins for this username or from this address since `since`.
    pub async fn login_failures(&self, username: &str, ip: &str, since: i64) -> Result<(i64, i64)> {
        let (by_name,): (i64,) = self
            .fetch_one(
                q("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at > $2").bind(username).bind(since),
            )
            .await?;
        let (by_ip,): (i64,) = self
            .fetch_one(q("SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at > $2").bind(ip).bind(since))
            .await?;
        Ok((by_name, by_ip))
    }

    pub async fn record_login_failure(&self, username: &str, ip: &str) -> Result<()> {
        self.execute(
            q("INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)")
                .bind(username)
                .bind(ip)
                .bind(unix_now()),
        )
        .await?;
        Ok(())
    }

    /// A successful login clears the username's failures.
    pub async fn clear_login_failures(&self, username: &str) -> Result<()> {
        self.execute(q("DELETE FROM login_failures WHERE username = $1").bind(username)).await?;
        Ok(())
    }
}
