//! Validation of free-text fields shared by every form and API body: required, trimmed,
//! bounded in characters (not bytes, since the text is Chinese).

use crate::DomainError;

/// Trims `value` and checks it is present and at most `max_chars` characters long.
/// `label` is the field's Chinese name used in the message.
pub fn required_text(value: Option<&str>, label: &str, max_chars: usize) -> Result<String, DomainError> {
    let trimmed = value.map(str::trim).unwrap_or_default();
    if trimmed.is_empty() {
        return Err(DomainError::invalid("missing_field", format!("请填写{label}")));
    }
    bounded(trimmed, label, max_chars).map(str::to_owned)
}

/// Like [`required_text`] but an absent or blank value is `None`.
pub fn optional_text(value: Option<&str>, label: &str, max_chars: usize) -> Result<Option<String>, DomainError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => bounded(v, label, max_chars).map(|v| Some(v.to_owned())),
    }
}

fn bounded<'a>(value: &'a str, label: &str, max_chars: usize) -> Result<&'a str, DomainError> {
    if value.chars().count() > max_chars {
        return Err(DomainError::invalid("field_too_long", format!("{label}不得超过{max_chars}个字")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(DomainError::invalid("invalid_characters", format!("{label}含有不可见的控制字符")));
    }
    Ok(value)
}

/// 标题 title of a record: at most this many characters.
pub const TITLE_MAX: usize = 200;
/// 正文 body of a record, as HTML, in characters.
pub const BODY_MAX: usize = 200_000;
/// 摘要, reasons and change notes.
pub const NOTE_MAX: usize = 1_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_missing() {
        let e = required_text(Some("  "), "标题", 10).unwrap_err();
        assert_eq!(e.code, "missing_field");
        assert!(e.message.contains("标题"));
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert!(required_text(Some("党务政务公开"), "标题", 6).is_ok());
        assert_eq!(required_text(Some("党务政务公开栏"), "标题", 6).unwrap_err().code, "field_too_long");
    }

    #[test]
    fn optional_blank_is_none() {
        assert_eq!(optional_text(Some(" "), "摘要", 5).unwrap(), None);
        assert_eq!(optional_text(None, "摘要", 5).unwrap(), None);
    }
}
