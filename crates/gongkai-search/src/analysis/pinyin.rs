//! Pinyin for titles and names, so a kiosk's letter keypad finds 党务公开 by `dwgk` or
//! `dangwugongkai`. A character with several readings (行: xing, hang) is indexed under
//! each; a typed run of letters is cut into syllables to match the full readings.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use pinyin::ToPinyinMulti;

/// Readings of a character considered: enough for the common 多音字, few enough that the
/// initials' combinations stay small.
const MAX_READINGS: usize = 2;

/// The toneless readings of `c`, `ü` written `v` as on a keyboard; empty for a character
/// without pinyin.
pub fn readings(c: char) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    if let Some(multi) = c.to_pinyin_multi() {
        for p in multi {
            let plain = p.plain().replace('ü', "v");
            if !out.contains(&plain) {
                out.push(plain);
            }
            if out.len() == MAX_READINGS {
                break;
            }
        }
    }
    out
}

/// The first letters of `c`'s readings.
pub fn initials(c: char) -> Vec<char> {
    let mut out: Vec<char> = readings(c).iter().filter_map(|r| r.chars().next()).collect();
    out.dedup();
    out
}

/// Every syllable of Mandarin as the pinyin table writes it, read off the table once.
fn syllables() -> &'static BTreeSet<String> {
    static SYLLABLES: OnceLock<BTreeSet<String>> = OnceLock::new();
    SYLLABLES.get_or_init(|| {
        let mut all = BTreeSet::new();
        for code in 0x4E00..=0x9FFF_u32 {
            if let Some(c) = char::from_u32(code) {
                all.extend(readings(c));
            }
        }
        all
    })
}

/// Up to `limit` ways to read `letters` as a run of whole syllables, longest syllables
/// first (`xian` as one syllable before `xi an`).
pub fn split_syllables(letters: &str, limit: usize) -> Vec<Vec<String>> {
    fn walk(rest: &str, path: &mut Vec<String>, out: &mut Vec<Vec<String>>, limit: usize) {
        if out.len() >= limit {
            return;
        }
        if rest.is_empty() {
            out.push(path.clone());
            return;
        }
        for len in (1..=rest.len().min(6)).rev() {
            let Some(head) = rest.get(..len) else { continue };
            if syllables().contains(head) {
                path.push(head.to_owned());
                walk(&rest[len..], path, out, limit);
                path.pop();
            }
        }
    }
    let mut out = Vec::new();
    if letters.bytes().all(|b| b.is_ascii_lowercase()) {
        walk(letters, &mut Vec::new(), &mut out, limit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readings_and_initials() {
        assert_eq!(readings('党'), ["dang"]);
        assert!(readings('行').contains(&"hang".to_owned()));
        assert_eq!(initials('务'), ['w']);
        assert_eq!(readings('绿')[0], "lv");
    }

    #[test]
    fn letters_are_cut_into_syllables() {
        let ways = split_syllables("dangwugongkai", 4);
        assert!(ways.contains(&vec!["dang".into(), "wu".into(), "gong".into(), "kai".into()]), "{ways:?}");
        let ways = split_syllables("xian", 4);
        assert_eq!(ways[0], ["xian"]);
        assert!(ways.contains(&vec!["xi".into(), "an".into()]));
        assert!(split_syllables("dwgk", 4).is_empty());
    }
}
