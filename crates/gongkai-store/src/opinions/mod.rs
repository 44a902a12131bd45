//! 意见箱和举报: stored letters, registration with gapless numbers per series, staff commands
//! through core, the public list of replies and the reads of the tracking page.

mod events;
mod row;
mod workflow;

pub use events::OpinionEvent;
pub use workflow::Registered;
