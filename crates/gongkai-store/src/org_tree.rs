//! Shaping the organisation tree: creating, renaming, moving and closing organisations as
//! core decides, each audited and fed so every node's directory follows.

use gongkai_core::access::Actor;
use gongkai_core::audit::object_hash;
use std::collections::HashMap;

use gongkai_core::org::import::orgs_from_table;
use gongkai_core::org::tree::{self, NewOrg};
use gongkai_core::org::{Org, OrgCode};
use gongkai_core::time::china_date;

use crate::feed::FeedEvent;
use crate::orgs::{all, insert, not_found};
use crate::records::epoch_day;
use crate::write::{Logged, WriteTx};
use crate::{q, Result, Store};

impl Store {
    /// Adds an organisation after its siblings.
    pub async fn create_org(&self, actor: &Actor, new: NewOrg) -> Result<Org> {
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let orgs = all(&mut w).await?;
        let org = tree::create(actor, &orgs, new)?;
        let siblings = orgs.iter().filter(|o| o.parent == org.parent).count();
        insert(&mut w, &org, siblings as i64 + 1).await?;
        w.commit().await?;
        Ok(org)
    }

    /// Adds the organisations of a table (the header first), checked whole by core: all
    /// of them, parents before children, or none with every bad cell named.
    pub async fn import_orgs(&self, actor: &Actor, rows: &[Vec<String>]) -> Result<Vec<Org>> {
        actor.authorize_structure()?;
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let existing = all(&mut w).await?;
        let orgs = orgs_from_table(&existing, rows)?;
        // Each new organisation goes after the siblings already there and before it.
        let mut siblings: HashMap<Option<OrgCode>, i64> = HashMap::new();
        for org in &existing {
            *siblings.entry(org.parent.clone()).or_default() += 1;
        }
        for org in &orgs {
            let position = siblings.entry(org.parent.clone()).or_default();
            *position += 1;
            insert(&mut w, org, *position).await?;
        }
        w.commit().await?;
        Ok(orgs)
    }

    /// 更名
    pub async fn rename_org(&self, actor: &Actor, code: &OrgCode, name: &str) -> Result<Org> {
        self.reshape(actor, code, "rename_org", |orgs, org| tree::rename(actor, orgs, org, name)).await
    }

    /// 划转: under another parent.
    pub async fn move_org(&self, actor: &Actor, code: &OrgCode, parent: &OrgCode) -> Result<Org> {
        self.reshape(actor, code, "move_org", |orgs, org| tree::move_to(actor, orgs, org, parent)).await
    }

    /// 撤销, as of today in China.
    pub async fn close_org(&self, actor: &Actor, code: &OrgCode) -> Result<Org> {
        let today = china_date(self.clock.now());
        self.reshape(actor, code, "close_org", |orgs, org| tree::close(actor, orgs, org, today)).await
    }

    /// Loads the tree, lets core change one organisation, and writes its name, parent and
    /// closing day.
    async fn reshape(
        &self,
        actor: &Actor,
        code: &OrgCode,
        action: &str,
        change: impl FnOnce(&[Org], &Org) -> std::result::Result<Org, gongkai_core::DomainError>,
    ) -> Result<Org> {
        let mut w = self.db.write(&actor.username, self.clock.now()).await?;
        let orgs = all(&mut w).await?;
        let before = orgs.iter().find(|o| &o.code == code).ok_or_else(|| not_found(code))?;
        let after = change(&orgs, before)?;
        let now = w.now().timestamp();
        w.execute(
            q("UPDATE orgs SET name = $1, parent = $2, closed_on = $3, updated_at = $4 WHERE code = $5")
                .bind(after.name.as_str())
                .bind(after.parent.as_ref().map(OrgCode::as_str))
                .bind(after.closed_on.map(epoch_day))
                .bind(now)
                .bind(code.as_str()),
        )
        .await?;
        log(&mut w, action, before, &after).await?;
        w.commit().await?;
        Ok(after)
    }
}

async fn log(w: &mut WriteTx, action: &str, before: &Org, after: &Org) -> Result<()> {
    let detail = match action {
        "rename_org" => format!("{} 更名为 {}", before.name, after.name),
        "move_org" => format!("{} 划转至 {}", after.name, after.parent.as_ref().map_or("", OrgCode::as_str)),
        _ => format!("撤销 {}", after.name),
    };
    w.log(Logged {
        action,
        object_kind: "org",
        object_id: after.code.as_str(),
        before: Some(object_hash(before)),
        after: Some(object_hash(after)),
        detail,
        feed: Some(FeedEvent::org(&after.code)),
    })
    .await
}
