//! Disclosure records in the store: the row ([`row`]), the listings ([`queries`]), the
//! commands ([`workflow`]) and the import of already-published records ([`import`]).

pub mod import;
mod listed;
pub mod page;
pub mod queries;
pub(crate) mod row;
mod workflow;

pub(crate) use listed::params;
pub use queries::RecordSummary;
pub use row::{epoch_day, from_epoch_day};
pub(crate) use workflow::{insert_matter, new_ids, not_found, org_closed_on, write_decision};
