//! Domain of party and government affairs disclosure (党务政务公开): types, rules and state
//! machines. Pure: no I/O, no async, no SQL — everything here is decided from its arguments.

pub mod access;
pub mod audit;
pub mod calendar;
pub mod catalog;
pub mod error;
pub mod fields;
mod labels;
pub mod opinion;
pub mod org;
pub mod publicity;
pub mod record;
pub mod report;
pub mod request;
pub mod table;
pub mod time;

pub use error::DomainError;
