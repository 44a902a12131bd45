//! 调整角色和所属单位: an administrator moves an account to another role or unit. The
//! account's sessions and tokens end, since what they were allowed has changed; the last
//! administrator who can sign in stays one.

use gongkai_core::access::{Actor, Role};
use gongkai_core::org::OrgCode;
use gongkai_core::DomainError;

use crate::users::{account, check_place, User, ACTIVE_ADMINS};
use crate::write::Logged;
use crate::{q, Result, Store};

impl Store {
    pub async fn assign_user(&self, actor: &Actor, username: &str, role: Role, org: Option<&OrgCode>) -> Result<User> {
        actor.authorize_accounts()?;
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let user = account(&mut w, username).await?;
        if user.disabled_at.is_some() {
            return Err(DomainError::conflict("account_disabled", format!("账号“{username}”已停用")).into());
        }
        check_place(&mut w, role, org).await?;
        let (was_role, was_org) = (user.role.clone(), user.org_code.clone());
        if was_role == role.as_str() && was_org.as_deref() == org.map(OrgCode::as_str) {
            return Err(DomainError::invalid("unchanged", "角色和所属单位都没有变化，未作修改").into());
        }
        if was_role == Role::Admin.as_str() && role != Role::Admin {
            let (admins,): (i64,) = w.fetch_one(q(ACTIVE_ADMINS)).await?;
            if admins <= 1 {
                return Err(DomainError::conflict("last_admin", "不能取消最后一个可用的管理员的管理员角色").into());
            }
        }
        w.execute(
            q("UPDATE users SET role = $1, org_code = $2 WHERE id = $3")
                .bind(role.as_str())
                .bind(org.map(OrgCode::as_str))
                .bind(user.id.as_str()),
        )
        .await?;
        w.execute(q("DELETE FROM sessions WHERE user_id = $1").bind(user.id.as_str())).await?;
        let place = |role: &str, org: Option<&str>| {
            format!("{}（{}）", Role::parse(role).map_or(role, |r| r.label()), org.unwrap_or("全部单位"))
        };
        let detail = format!(
            "{username}：{} 调整为 {}",
            place(&was_role, was_org.as_deref()),
            place(role.as_str(), org.map(OrgCode::as_str))
        );
        let logged = Logged {
            action: "assign_user",
            object_kind: "user",
            object_id: &user.id,
            before: None,
            after: None,
            detail,
            feed: None,
        };
        w.log(logged).await?;
        w.commit().await?;
        Ok(User { role: role.as_str().to_owned(), org_code: org.map(|o| o.as_str().to_owned()), ..user })
    }
}
