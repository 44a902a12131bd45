//! Chinese text analysis: one normal form, units and bigrams, pinyin.

pub mod normal;
pub mod pinyin;
pub mod tokens;
pub mod units;

pub use normal::{is_han, normal_string, normalize};
pub use units::{phrase_terms, units, Unit};
