//! Sessions and login attempts. Session tokens are stored as their SHA-256, so a copy of
//! the database does not hand out live sessions. A login attempt is counted and recorded
//! in one write before the password is checked, so parallel guesses cannot slip past the
//! limit between the count and the record.

use sha2::{Digest, Sha256};

use crate::users::{User, USER_COLUMNS};
use crate::write::Logged;
use crate::{q, Result, Store};

/// A signed-in session: the user and the CSRF token of its forms.
#[derive(Debug, Clone)]
pub struct Session {
    pub user: User,
    pub csrf_token: String,
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// How many failures are allowed in a window before attempts are refused.
#[derive(Debug, Clone, Copy)]
pub struct LoginLimit {
    pub per_name: i64,
    pub per_address: i64,
    pub window_seconds: i64,
}

/// An attempt that passed the limit and is already counted as a failure until it succeeds.
#[derive(Debug)]
pub struct Attempt {
    username: String,
}

impl Store {
    /// Counts the recent failures for `username` and from `address` and, if both are under
    /// `limit`, records this attempt as a failure — in one write. `None`: refused.
    pub async fn begin_login(&self, username: &str, address: &str, limit: LoginLimit) -> Result<Option<Attempt>> {
        let mut w = self.db.write(username, self.clock.now()).await?;
        let since = w.now().timestamp() - limit.window_seconds;
        let (by_name,): (i64,) = w
            .fetch_one(
                q("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND at > $2").bind(username).bind(since),
            )
            .await?;
        let (by_address,): (i64,) = w
            .fetch_one(q("SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND at > $2").bind(address).bind(since))
            .await?;
        if by_name >= limit.per_name || by_address >= limit.per_address {
            return Ok(None);
        }
        let now = w.now().timestamp();
        w.execute(
            q("INSERT INTO login_failures (username, ip, at) VALUES ($1, $2, $3)")
                .bind(username)
                .bind(address)
                .bind(now),
        )
        .await?;
        w.commit().await?;
        Ok(Some(Attempt { username: username.to_owned() }))
    }

    /// The password was wrong: the attempt stays counted, and the audit log says so.
    pub async fn login_failed(&self, attempt: Attempt, address: &str) -> Result<()> {
        let mut w = self.db.write(&attempt.username, self.clock.now()).await?;
        let detail = format!("登录失败（来源 {address}）");
        w.log(Logged {
            action: "login_failed",
            object_kind: "user",
            object_id: &attempt.username,
            before: None,
            after: None,
            detail,
            feed: None,
        })
        .await?;
        w.commit().await
    }

    /// The password was right: the user's failures are cleared and a session of `kind`
    /// (`web` or `api`) opens for `token`, living `seconds`.
    pub async fn login_succeeded(
        &self,
        attempt: Attempt,
        user: &User,
        token: &str,
        csrf_token: &str,
        kind: &str,
        seconds: i64,
    ) -> Result<()> {
        let mut w = self.db.write(&user.username, self.clock.now()).await?;
        let now = w.now().timestamp();
        w.execute(q("DELETE FROM login_failures WHERE username = $1").bind(attempt.username.as_str())).await?;
        w.execute(
            q("INSERT INTO sessions (token_hash, user_id, csrf_token, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(token_hash(token))
                .bind(user.id.as_str())
                .bind(csrf_token)
                .bind(kind)
                .bind(now)
                .bind(now + seconds),
        )
        .await?;
        w.log(Logged {
            action: "login",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: None,
            detail: format!("登录（{kind}）"),
            feed: None,
        })
        .await?;
        w.commit().await
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
            .db
            .fetch_optional(
                q(format!(
                    "SELECT {USER_COLUMNS}, s.csrf_token FROM sessions s JOIN users u ON u.id = s.user_id
                     WHERE s.token_hash = $1 AND s.expires_at > $2"
                ))
                .bind(token_hash(token))
                .bind(self.clock.now().timestamp()),
            )
            .await?;
        Ok(row.map(|r| Session { user: r.user, csrf_token: r.csrf_token }))
    }

    /// Ends the session of `token`, audited.
    pub async fn end_session(&self, user: &User, token: &str) -> Result<()> {
        let mut w = self.db.write(&user.username, self.clock.now()).await?;
        w.execute(q("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token))).await?;
        w.log(Logged {
            action: "logout",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: None,
            detail: "退出登录".into(),
            feed: None,
        })
        .await?;
        w.commit().await
    }
}
