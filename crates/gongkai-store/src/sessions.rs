//! Sessions and login attempts. Session tokens are stored as their SHA-256, so a copy of
//! the database does not hand out live sessions. A login attempt is counted and recorded
//! in one write before the password is checked, so parallel guesses cannot slip past the
//! limit between the count and the record.

use sha2::{Digest, Sha256};

use crate::db::Reader;
use crate::users::{User, USER_COLUMNS};
use crate::write::{Logged, WriteTx};
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
    /// The hash of the browser's device token, when that browser has signed in as this
    /// user before: its failures are counted on their own.
    device: Option<String>,
}

impl Attempt {
    /// Whether the attempt comes from a browser this user has signed in with before.
    pub fn from_known_device(&self) -> bool {
        self.device.is_some()
    }
}

/// How long a browser stays known after signing in (OWASP's device cookies).
pub const DEVICE_SECONDS: i64 = 365 * 24 * 3600;

impl Store {
    /// Counts the recent failures and, if they are under `limit`, records this attempt as
    /// a failure — in one write. From a browser that has signed in as `username` before
    /// (`device`), only that browser's failures count; otherwise the failures from unknown
    /// browsers for the name and from the address. `None`: refused.
    pub async fn begin_login(
        &self,
        username: &str,
        address: &str,
        device: Option<&str>,
        limit: LoginLimit,
    ) -> Result<Option<Attempt>> {
        let mut w = self.db.write(username, self.clock.now()).await?;
        let now = w.now().timestamp();
        let since = now - limit.window_seconds;
        let known = match device {
            Some(token) => {
                let hash = token_hash(token);
                let found: Option<(String,)> = Reader::fetch_optional(
                    &mut w,
                    q("SELECT token_hash FROM login_devices WHERE token_hash = $1 AND username = $2 AND created_at > $3")
                        .bind(hash.as_str())
                        .bind(username)
                        .bind(now - DEVICE_SECONDS),
                )
                .await?;
                found.map(|_| hash)
            }
            None => None,
        };
        let refused = match &known {
            Some(hash) => {
                let (failures,): (i64,) = w
                    .fetch_one(
                        q("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND device = $2 AND at > $3")
                            .bind(username)
                            .bind(hash.as_str())
                            .bind(since),
                    )
                    .await?;
                failures >= limit.per_name
            }
            None => {
                let (by_name,): (i64,) = w
                    .fetch_one(
                        q("SELECT COUNT(*) FROM login_failures WHERE username = $1 AND device IS NULL AND at > $2")
                            .bind(username)
                            .bind(since),
                    )
                    .await?;
                let (by_address,): (i64,) = w
                    .fetch_one(
                        q("SELECT COUNT(*) FROM login_failures WHERE ip = $1 AND device IS NULL AND at > $2")
                            .bind(address)
                            .bind(since),
                    )
                    .await?;
                by_name >= limit.per_name || by_address >= limit.per_address
            }
        };
        if refused {
            return Ok(None);
        }
        w.execute(
            q("INSERT INTO login_failures (username, ip, at, device) VALUES ($1, $2, $3, $4)")
                .bind(username)
                .bind(address)
                .bind(now)
                .bind(known.clone()),
        )
        .await?;
        w.commit().await?;
        Ok(Some(Attempt { username: username.to_owned(), device: known }))
    }

    /// The password was wrong: the attempt stays counted, and the audit log says so.
    pub async fn login_failed(&self, attempt: Attempt, address: &str) -> Result<()> {
        let mut w = self.db.write(&attempt.username, self.clock.now()).await?;
        let detail = format!("登录失败（来源 {address}）");
        let logged = Logged {
            action: "login_failed",
            object_kind: "user",
            object_id: &attempt.username,
            before: None,
            after: None,
            detail,
            feed: None,
        };
        w.log(logged).await?;
        w.commit().await
    }

    /// A signed-in person proved their current password (to change it): the attempt and
    /// earlier failures no longer count.
    pub async fn password_confirmed(&self, attempt: Attempt) -> Result<()> {
        let mut w = self.db.write(&attempt.username, self.clock.now()).await?;
        clear_failures(&mut w, &attempt).await?;
        w.commit().await
    }

    /// The password was right: the failures counted against this browser (or against
    /// unknown browsers) are cleared, a session of `kind` (`web` or `api`) opens for
    /// `token`, living `seconds`, and `remember`, a new device token, makes this browser
    /// known.
    pub async fn login_succeeded(&self, attempt: Attempt, user: &User, opened: NewSession<'_>) -> Result<()> {
        let mut w = self.db.write(&user.username, self.clock.now()).await?;
        let now = w.now().timestamp();
        clear_failures(&mut w, &attempt).await?;
        w.execute(
            q("INSERT INTO sessions (token_hash, user_id, csrf_token, kind, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(token_hash(opened.token))
                .bind(user.id.as_str())
                .bind(opened.csrf_token)
                .bind(opened.kind.as_str())
                .bind(now)
                .bind(now + opened.seconds),
        )
        .await?;
        if let Some(device) = opened.remember {
            w.execute(
                q("INSERT INTO login_devices (token_hash, username, created_at) VALUES ($1, $2, $3)")
                    .bind(token_hash(device))
                    .bind(user.username.as_str())
                    .bind(now),
            )
            .await?;
        }
        let logged = Logged {
            action: "login",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: None,
            detail: format!("登录（{}）", opened.kind.label()),
            feed: None,
        };
        w.log(logged).await?;
        w.commit().await
    }

    /// The live session of `token` of `kind`, if any: a page session is no API token and
    /// the other way round, and a disabled account has none.
    pub async fn session(&self, token: &str, kind: SessionKind) -> Result<Option<Session>> {
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
                     WHERE s.token_hash = $1 AND s.expires_at > $2 AND s.kind = $3 AND u.disabled_at IS NULL"
                ))
                .bind(token_hash(token))
                .bind(self.clock.now().timestamp())
                .bind(kind.as_str()),
            )
            .await?;
        Ok(row.map(|r| Session { user: r.user, csrf_token: r.csrf_token }))
    }

    /// Ends the session of `token`, audited.
    pub async fn end_session(&self, user: &User, token: &str) -> Result<()> {
        let mut w = self.db.write(&user.username, self.clock.now()).await?;
        w.execute(q("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash(token))).await?;
        let logged = Logged {
            action: "logout",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: None,
            detail: "退出登录".into(),
            feed: None,
        };
        w.log(logged).await?;
        w.commit().await
    }

    /// Removes expired sessions, failures older than a day, devices not seen for a year
    /// and submissions' idempotency keys older than a day: housekeeping that changes no
    /// content.
    pub async fn purge_expired(&self) -> Result<u64> {
        let now = self.clock.now().timestamp();
        let sessions = self.db.execute(q("DELETE FROM sessions WHERE expires_at <= $1").bind(now)).await?;
        let failures = self.db.execute(q("DELETE FROM login_failures WHERE at <= $1").bind(now - 24 * 3600)).await?;
        let devices =
            self.db.execute(q("DELETE FROM login_devices WHERE created_at <= $1").bind(now - DEVICE_SECONDS)).await?;
        let keys =
            self.db.execute(q("DELETE FROM submission_keys WHERE created_at <= $1").bind(now - 24 * 3600)).await?;
        Ok(sessions + failures + devices + keys)
    }
}

/// Where a session was issued, and so where it is valid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    /// A browser's cookie for the back office.
    Web,
    /// A bearer token for the API.
    Api,
}

impl SessionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SessionKind::Web => "web",
            SessionKind::Api => "api",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SessionKind::Web => "工作台",
            SessionKind::Api => "接口",
        }
    }
}

/// The secrets of a session being opened.
#[derive(Debug, Clone, Copy)]
pub struct NewSession<'a> {
    pub token: &'a str,
    pub csrf_token: &'a str,
    pub kind: SessionKind,
    pub seconds: i64,
    /// A new device token for a browser not yet known for this user.
    pub remember: Option<&'a str>,
}

/// Forgets the failures an attempt counted with: those of its browser when it is a known
/// one, otherwise those of the name from anywhere else.
async fn clear_failures(w: &mut WriteTx, attempt: &Attempt) -> Result<()> {
    let cleared = match &attempt.device {
        Some(hash) => q("DELETE FROM login_failures WHERE username = $1 AND device = $2")
            .bind(attempt.username.as_str())
            .bind(hash.as_str()),
        None => q("DELETE FROM login_failures WHERE username = $1 AND device IS NULL").bind(attempt.username.as_str()),
    };
    w.execute(cleared).await?;
    Ok(())
}
