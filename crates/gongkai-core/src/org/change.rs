//! 四眼原则 for an organisation's public details, as for records: what an editor changes
//! (contacts, the first responsible person, the leadership team) is a proposal until a
//! second person with the right to review approves it. Until then the public sees the
//! details as they were.

use chrono::{DateTime, Utc};

use super::{update_details, with_details, Org, OrgDetails};
use crate::access::{Actor, Permission};
use crate::fields::{required_text, NOTE_MAX};
use crate::DomainError;

/// A proposed change, waiting for review or returned with a reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DetailsChange {
    pub details: OrgDetails,
    /// The proposer's user id, which may not approve it, and their name for the page.
    pub proposed_by: String,
    pub proposer: String,
    pub proposed_at: DateTime<Utc>,
    /// Set when a reviewer returned it; a new proposal replaces it.
    pub returned: Option<Returned>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Returned {
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: String,
}

/// `actor` proposes `details` for `org`: checked now, so a reviewer never sees a change
/// that could not be applied.
pub fn propose(
    actor: &Actor,
    org: &Org,
    details: OrgDetails,
    now: DateTime<Utc>,
) -> Result<DetailsChange, DomainError> {
    update_details(actor, org, details.clone())?;
    Ok(DetailsChange {
        details,
        proposed_by: actor.user_id.clone(),
        proposer: actor.username.clone(),
        proposed_at: now,
        returned: None,
    })
}

/// The organisation as it will be once `actor` approves `change`.
pub fn approve(actor: &Actor, org: &Org, change: &DetailsChange) -> Result<Org, DomainError> {
    authorize_review(actor, org, change)?;
    with_details(org, change.details.clone())
}

/// `change` returned to its proposer with `reason`.
pub fn reject(
    actor: &Actor,
    org: &Org,
    change: &DetailsChange,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DetailsChange, DomainError> {
    authorize_review(actor, org, change)?;
    let reason = required_text(Some(reason), "退回理由", NOTE_MAX)?;
    Ok(DetailsChange { returned: Some(Returned { by: actor.username.clone(), at: now, reason }), ..change.clone() })
}

fn authorize_review(actor: &Actor, org: &Org, change: &DetailsChange) -> Result<(), DomainError> {
    actor.authorize(Permission::Review, &org.code)?;
    if change.returned.is_some() {
        return Err(DomainError::conflict("change_returned", "该修改已被退回，请等待重新提交"));
    }
    if change.proposed_by == actor.user_id {
        return Err(DomainError::forbidden("reviewer_is_author", "不能审核本人提交的修改，请由本单位其他审核人员审核"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::access::Role;
    use crate::org::{OrgCode, OrgKind};

    fn org() -> Org {
        crate::org::fixtures::org("st-a", "东湖街道", OrgKind::Street, None)
    }

    fn actor(id: &str, role: Role) -> Actor {
        Actor { user_id: id.into(), username: id.into(), role, org: Some(OrgCode::parse("st-a").unwrap()) }
    }

    fn details() -> OrgDetails {
        OrgDetails { address: Some("东湖路1号".into()), phone: None, first_responsible: None, leaders: Vec::new() }
    }

    #[test]
    fn a_second_person_approves() {
        let now = DateTime::UNIX_EPOCH;
        let change = propose(&actor("e", Role::Editor), &org(), details(), now).unwrap();
        assert!(propose(&actor("r", Role::Reviewer), &org(), details(), now).is_err(), "reviewers do not propose");
        assert!(approve(&actor("e", Role::Editor), &org(), &change).is_err(), "editors do not approve");
        let admin_proposal = propose(&actor("a", Role::Admin), &org(), details(), now).unwrap();
        let own = approve(&actor("a", Role::Admin), &org(), &admin_proposal).unwrap_err();
        assert_eq!(own.code, "reviewer_is_author");
        let after = approve(&actor("r", Role::Reviewer), &org(), &change).unwrap();
        assert_eq!(after.address.as_deref(), Some("东湖路1号"));
    }

    #[test]
    fn returning_needs_a_reason_and_ends_the_review() {
        let now = DateTime::UNIX_EPOCH;
        let reviewer = actor("r", Role::Reviewer);
        let change = propose(&actor("e", Role::Editor), &org(), details(), now).unwrap();
        assert_eq!(reject(&reviewer, &org(), &change, "  ", now).unwrap_err().code, "missing_field");
        let returned = reject(&reviewer, &org(), &change, "电话号码有误", now).unwrap();
        assert_eq!(approve(&reviewer, &org(), &returned).unwrap_err().code, "change_returned");
    }
}
