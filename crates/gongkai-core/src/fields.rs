//! Validation of free-text fields shared by every form and API body: required, trimmed,
//! bounded in characters (not bytes, since the text is Chinese).

use crate::DomainError;

/// Trims `value` and checks it is present and at most `max_chars` characters long.
/// `label` is the field's Chinese name used in the message.
pub fn required_text(value: Option<&str>, label: &str, max_chars: usize) -> Result<String, DomainError> {
    optional_text(value, label, max_chars)?
        .ok_or_else(|| DomainError::invalid("missing_field", format!("请填写{label}")))
}

/// Like [`required_text`] but an absent or blank value is `None`. A value of nothing but
/// spaces and characters that print as nothing is blank too: it would look empty.
pub fn optional_text(value: Option<&str>, label: &str, max_chars: usize) -> Result<Option<String>, DomainError> {
    let value = value.map(strip_bidi);
    match value.as_deref().map(str::trim) {
        None => Ok(None),
        Some(v) if v.chars().all(|c| c.is_whitespace() || is_invisible(c)) => Ok(None),
        Some(v) => bounded(v, label, max_chars).map(Some),
    }
}

/// Characters that print as nothing: zero-width spaces and joiners, word joiners, soft
/// hyphens, a byte-order mark.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200D}' | '\u{2028}' | '\u{2029}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}')
}

/// A name that stands on one line — an organisation's, a person's, a catalogue item's:
/// required, without line breaks or tabs, and without characters that print as nothing
/// (zero-width spaces, word joiners, a byte-order mark), which would let two names look
/// alike or a name look empty.
pub fn name(value: Option<&str>, label: &str, max_chars: usize) -> Result<String, DomainError> {
    // Asked first: a name of nothing but such characters is a wrong name, not a missing one.
    if value.is_some_and(|v| v.chars().any(is_invisible)) {
        return Err(DomainError::invalid("invalid_characters", format!("{label}含有不可见的字符，请重新输入")));
    }
    let value = required_text(value, label, max_chars)?;
    if value.contains(['\n', '\r', '\t']) {
        return Err(DomainError::invalid("invalid_characters", format!("{label}不能换行或含制表符")));
    }
    Ok(value)
}

/// Characters that reorder the text around them (U+202A–U+202E, U+2066–U+2069, and the
/// marks U+200E, U+200F, U+061C): a title or file name with them can display as something
/// else than it is ("txt.exe" shown as "exe.txt"), so they are dropped.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// `text` without bidirectional-control characters.
pub fn strip_bidi(text: &str) -> String {
    text.chars().filter(|&c| !is_bidi_control(c)).collect()
}

fn bounded(value: &str, label: &str, max_chars: usize) -> Result<String, DomainError> {
    if value.chars().count() > max_chars {
        return Err(DomainError::invalid("field_too_long", format!("{label}不得超过{max_chars}个字")));
    }
    if value.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
        return Err(DomainError::invalid("invalid_characters", format!("{label}含有不可见的控制字符")));
    }
    Ok(value.to_owned())
}

/// A telephone number as offices write them: digits with `-`, spaces, brackets, a leading
/// `+` and `转` for an extension (0571-8800 1234, （0571）88001234转8001, 12345).
pub fn phone(value: Option<&str>, label: &str) -> Result<Option<String>, DomainError> {
    let Some(number) = optional_text(value, label, 30)? else { return Ok(None) };
    let allowed = |c: char| c.is_ascii_digit() || " -+()（）转".contains(c);
    let digits = number.chars().filter(char::is_ascii_digit).count();
    if number.chars().all(allowed) && digits >= 3 {
        Ok(Some(number))
    } else {
        Err(DomainError::invalid("invalid_phone", format!("{label}“{number}”不是有效的电话号码")))
    }
}

/// A resident identity card number (GB 11643): seventeen digits, of which the first two
/// name a province (GB/T 2260, and 81–83 of the residence permits of Hong Kong, Macao and
/// Taiwan residents) and the seventh to the fourteenth are a real date of birth, and a
/// check character (a digit or `X`) that catches any single mistyped digit and any two
/// swapped. A lower-case `x` is taken as `X`.
pub fn id_number(value: Option<&str>, label: &str) -> Result<Option<String>, DomainError> {
    let Some(number) = optional_text(value, label, 40)? else { return Ok(None) };
    let number = number.to_ascii_uppercase();
    let bad = || DomainError::invalid("invalid_id_number", format!("{label}“{number}”不是有效的居民身份证号码"));
    let bytes = number.as_bytes();
    if bytes.len() != 18 || !bytes[..17].iter().all(u8::is_ascii_digit) {
        return Err(bad());
    }
    if !PROVINCES.contains(&&number[..2]) {
        return Err(bad());
    }
    let born = birth_date(&number).ok_or_else(bad)?;
    crate::time::check_date(born, label).map_err(|_| bad())?;
    if bytes[17] == check_character(&bytes[..17]) {
        Ok(Some(number))
    } else {
        Err(bad())
    }
}

/// The first two digits of the province-level divisions.
const PROVINCES: [&str; 35] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41", "42", "43", "44",
    "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71", "81", "82", "83",
];

/// The date of birth an identity card number states, if it states one.
pub fn birth_date(number: &str) -> Option<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(number.get(6..14)?, "%Y%m%d").ok()
}

/// GB 11643's check character of the first seventeen digits (ISO 7064 MOD 11-2).
fn check_character(digits: &[u8]) -> u8 {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| u32::from(d - b'0') * w).sum();
    b"10X98765432"[(sum % 11) as usize]
}

/// Text a member of the public wrote, made fit to publish: any run of seven or more
/// digits (a phone number, an identity card number with its check character, a bank
/// account) keeps its first three and last two characters and the rest becomes `*`, and
/// the part of an e-mail address before `@` becomes `***`. What a sender typed about
/// themselves by mistake does not reach the public list.
pub fn mask_contacts(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let start = i;
        while i < chars.len() && (chars[i].is_ascii_digit() || (i > start && matches!(chars[i], 'X' | 'x'))) {
            i += 1;
        }
        let run = &chars[start..i];
        if run.len() >= 7 {
            out.extend(&run[..3]);
            out.extend(std::iter::repeat_n('*', run.len() - 5));
            out.extend(&run[run.len() - 2..]);
            continue;
        }
        if run.is_empty() {
            if chars[i] == '@' {
                // Drop the local part already written: back to the last space or CJK char.
                let keep = out.trim_end_matches(|c: char| c.is_ascii_alphanumeric() || "._-+".contains(c)).len();
                if keep < out.len() {
                    out.truncate(keep);
                    out.push_str("***");
                }
            }
            out.push(chars[i]);
            i += 1;
        } else {
            out.extend(run);
        }
    }
    out
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
    fn text_of_nothing_visible_is_missing() {
        assert_eq!(required_text(Some("\u{200B}\u{200B} "), "描述", 10).unwrap_err().code, "missing_field");
        assert_eq!(optional_text(Some("\u{FEFF}"), "描述", 10).unwrap(), None);
    }

    #[test]
    fn contacts_in_published_text_are_masked() {
        assert_eq!(
            mask_contacts("联系我13700001111，身份证11010519491231002X"),
            "联系我137******11，身份证110*************2X"
        );
        assert_eq!(mask_contacts("2026年3月5日，123号楼"), "2026年3月5日，123号楼");
        assert_eq!(mask_contacts("邮箱 wang.xm@example.cn 谢谢"), "邮箱 ***@example.cn 谢谢");
    }

    #[test]
    fn a_name_is_one_visible_line() {
        assert_eq!(name(Some(" 东湖街道 "), "单位名称", 60).unwrap(), "东湖街道");
        for bad in ["\u{200B}", "\u{FEFF}镇", "村\n名", "a\tb", "  "] {
            let e = name(Some(bad), "单位名称", 60).unwrap_err();
            assert!(matches!(e.code, "invalid_characters" | "missing_field"), "{bad:?}: {}", e.code);
        }
    }

    #[test]
    fn identity_numbers_carry_their_check_character() {
        // The example number of GB 11643 itself.
        assert_eq!(id_number(Some("11010519491231002x"), "证件号码").unwrap().as_deref(), Some("11010519491231002X"));
        assert_eq!(id_number(Some(" "), "证件号码").unwrap(), None);
        for bad in [
            "110105194912310021",  // wrong check character
            "110105194912310002X", // nineteen characters
            "11010519491301002X",  // seventeen characters
            "110105194913310029",  // no thirteenth month
            "11010519491231002Y",
            "1101051949123100２X", // a full-width digit
        ] {
            let e = id_number(Some(bad), "证件号码").unwrap_err();
            assert_eq!(e.code, "invalid_id_number", "{bad}");
            assert!(e.message.contains("证件号码"));
        }
        // A region that is no province, with a check character that fits it.
        for region in ["000000", "990105", "190105"] {
            let mut number = format!("{region}194912310021").into_bytes();
            number[17] = check_character(&number[..17]);
            let number = String::from_utf8(number).unwrap();
            assert_eq!(id_number(Some(&number), "证件号码").unwrap_err().code, "invalid_id_number", "{number}");
        }
        assert_eq!(birth_date("11010519491231002X"), chrono::NaiveDate::from_ymd_opt(1949, 12, 31));
        // One digit mistyped is always caught.
        let good = b"11010519491231002X";
        for i in 0..17 {
            for d in b'0'..=b'9' {
                let mut typo = *good;
                if typo[i] == d {
                    continue;
                }
                typo[i] = d;
                let typo = std::str::from_utf8(&typo).unwrap();
                assert!(id_number(Some(typo), "证件号码").is_err(), "{typo}");
            }
        }
    }

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
    fn bidi_controls_are_dropped() {
        assert_eq!(required_text(Some("公示\u{202E}fdp.exe"), "标题", 50).unwrap(), "公示fdp.exe");
        assert_eq!(required_text(Some("\u{2066}\u{2069}"), "标题", 50).unwrap_err().code, "missing_field");
    }

    #[test]
    fn phones_are_numbers() {
        for good in ["0571-88001234", "（0571）8800 1234转8001", "12345", "+86 138 0000 0000"] {
            assert!(phone(Some(good), "电话").is_ok(), "{good}");
        }
        for bad in ["abc", "12", "0571-8800abc"] {
            assert_eq!(phone(Some(bad), "电话").unwrap_err().code, "invalid_phone", "{bad}");
        }
        assert_eq!(phone(Some(" "), "电话").unwrap(), None);
    }

    #[test]
    fn optional_blank_is_none() {
        assert_eq!(optional_text(Some(" "), "摘要", 5).unwrap(), None);
        assert_eq!(optional_text(None, "摘要", 5).unwrap(), None);
    }
}
