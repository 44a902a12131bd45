//! Set-password links: instead of a one-time password, an administrator hands over a link
//! with which the person chooses their own. Only the token's hash is stored; a link works
//! once, for [`LINK_HOURS`], and a newer link for the same account replaces the older.

use chrono::{DateTime, Duration, Utc};
use gongkai_core::access::Actor;
use gongkai_core::DomainError;

use crate::sessions::token_hash;
use crate::users::{account, User};
use crate::write::{Logged, WriteTx};
use crate::{q, Result, Store};

/// How long a link works.
pub const LINK_HOURS: i64 = 24;

#[derive(sqlx::FromRow)]
struct LinkRow {
    user_id: String,
    expires_at: i64,
    used_at: Option<i64>,
}

impl Store {
    /// An administrator issues a link for `username`, valid for [`LINK_HOURS`] from now;
    /// `token` is the secret the link carries. Returns when it stops working.
    pub async fn issue_password_link(&self, actor: &Actor, username: &str, token: &str) -> Result<DateTime<Utc>> {
        actor.authorize_accounts()?;
        let now = self.clock.now();
        let expires = now + Duration::hours(LINK_HOURS);
        let mut w = self.db.write(&actor.username, now).await?;
        let user = account(&mut w, username).await?;
        if user.disabled_at.is_some() {
            return Err(DomainError::conflict("account_disabled", format!("账号“{username}”已停用")).into());
        }
        w.execute(q("DELETE FROM password_links WHERE user_id = $1 AND used_at IS NULL").bind(user.id.as_str()))
            .await?;
        w.execute(
            q("INSERT INTO password_links (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
                .bind(token_hash(token))
                .bind(user.id.as_str())
                .bind(now.timestamp())
                .bind(expires.timestamp()),
        )
        .await?;
        log(&mut w, &user, "issue_password_link", format!("为 {username} 生成设置密码链接")).await?;
        w.commit().await?;
        Ok(expires)
    }

    /// The account a link is for, while it still works; for showing the form.
    pub async fn password_link_user(&self, token: &str) -> Result<User> {
        let mut reader = &self.db;
        let link = usable(&mut reader, token, self.clock.now()).await?;
        self.db.user_by_id(&link.user_id).await?.ok_or_else(|| unknown().into())
    }

    /// The person behind a link sets their own password (already hashed): the link is used
    /// up, and every session the account had ends.
    pub async fn redeem_password_link(&self, token: &str, password_hash: &str) -> Result<User> {
        let user = self.password_link_user(token).await?;
        let now = self.clock.now();
        // Audited as the person, who is not signed in; checked again under the write lock,
        // so that two uses at once cannot both pass.
        let mut w = self.db.write(&user.username, now).await?;
        usable(&mut w, token, now).await?;
        if user.disabled_at.is_some() {
            return Err(DomainError::conflict("account_disabled", "该账号已停用，链接不能再使用").into());
        }
        w.execute(
            q("UPDATE password_links SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL")
                .bind(now.timestamp())
                .bind(token_hash(token)),
        )
        .await?;
        w.execute(
            q("UPDATE users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
                .bind(password_hash)
                .bind(user.id.as_str()),
        )
        .await?;
        w.execute(q("DELETE FROM sessions WHERE user_id = $1").bind(user.id.as_str())).await?;
        log(&mut w, &user, "set_password_by_link", format!("{} 通过链接设置了密码", user.username)).await?;
        w.commit().await?;
        Ok(user)
    }
}

fn unknown() -> DomainError {
    DomainError::not_found("unknown_link", "链接无效，请向管理员索取新的设置密码链接")
}

/// The link `token` names, refused when it was used or has run out.
async fn usable(reader: &mut impl crate::db::Reader, token: &str, now: DateTime<Utc>) -> Result<LinkRow> {
    let link: LinkRow = reader
        .fetch_optional(
            q("SELECT user_id, expires_at, used_at FROM password_links WHERE token_hash = $1").bind(token_hash(token)),
        )
        .await?
        .ok_or_else(unknown)?;
    if link.used_at.is_some() {
        return Err(
            DomainError::conflict("link_used", "该链接已经用过，每个链接只能使用一次；如需重设请联系管理员").into()
        );
    }
    if now.timestamp() >= link.expires_at {
        return Err(DomainError::conflict(
            "link_expired",
            format!("该链接已超过{LINK_HOURS}小时有效期，请向管理员索取新的链接"),
        )
        .into());
    }
    Ok(link)
}

async fn log(w: &mut WriteTx, user: &User, action: &'static str, detail: String) -> Result<()> {
    let logged =
        Logged { action, object_kind: "user", object_id: &user.id, before: None, after: None, detail, feed: None };
    w.log(logged).await
}
