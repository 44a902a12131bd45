//! `domain_enum!`: the closed vocabularies of the domain (kinds, classes, states) each have
//! a stable English name for storage and the API and a Chinese label for people.

/// Declares an enum whose variants each carry `"stored_name" => "中文标签"`, with
/// `ALL`, `as_str`, `label`, `parse` and serde as the stored name.
#[macro_export]
macro_rules! domain_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal, $code:literal {
            $( $(#[$vmeta:meta])* $variant:ident = $stored:literal => $label:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $stored),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Every variant's stored name and label, in order: a form's options.
            pub fn choices() -> Vec<(&'static str, &'static str)> {
                Self::ALL.iter().map(|v| (v.as_str(), v.label())).collect()
            }

            /// Accepts the stored name or the Chinese label.
            pub fn parse(raw: &str) -> Result<Self, $crate::DomainError> {
                let raw = raw.trim();
                Self::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str() == raw || v.label() == raw)
                    .ok_or_else(|| $crate::DomainError::invalid($code, format!("未知的{}“{}”", $what, raw)))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.label())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let raw = String::deserialize(d)?;
                Self::parse(&raw).map_err(serde::de::Error::custom)
            }
        }
    };
}
