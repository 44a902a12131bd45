//! 依申请公开 requests: stored rows, registration with gapless numbers, staff commands
//! through core, and the reads of the tracking page and the dashboard.

mod events;
mod files;
mod report;
mod row;
mod workflow;

pub use events::RequestEvent;
pub use files::{NewFile, RequestFile};
pub use workflow::{Registered, SubmissionKey, PUBLIC_ACTOR};
