//! Identifiers of records and matters: opaque text the store generates, checked when they
//! come in from a URL or a body so that garbage never reaches a query.

use crate::DomainError;

macro_rules! opaque_id {
    ($(#[$meta:meta])* $name:ident, $code:literal, $what:literal) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// Letters, digits and `-`, 1 to 64 characters; anything else names nothing.
            pub fn parse(raw: &str) -> Result<Self, DomainError> {
                let ok = (1..=64).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
                if ok {
                    Ok(Self(raw.to_owned()))
                } else {
                    Err(DomainError::not_found($code, format!("{}“{}”不存在", $what, raw.chars().take(64).collect::<String>())))
                }
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

opaque_id!(
    /// 记录编号 of one version of a record; the first version's id names the lineage.
    RecordId, "record_not_found", "记录"
);
opaque_id!(
    /// 事项编号: records of one matter form a stage timeline.
    MatterId, "unknown_matter", "事项"
);
