//! The one normal form every text and every query is matched in: NFKC width folding,
//! traditional → simplified, ASCII lower case, and the pinyin that some converters write
//! after each character (`務(wù)`) taken out. Each normal character remembers the byte
//! range of the original it came from, so that snippets highlight the original script.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

/// One character of the normal form and where it stands in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormalChar {
    pub ch: char,
    pub from: Range<usize>,
}

/// The normal form of `text`, character by character.
pub fn normalize(text: &str) -> Vec<NormalChar> {
    let mut folded: Vec<NormalChar> = Vec::with_capacity(text.len() / 2);
    for (at, c) in text.char_indices() {
        let from = at..at + c.len_utf8();
        if c.is_ascii() || is_han(c) {
            folded.push(NormalChar { ch: c, from });
        } else {
            // Full-width letters and digits, circled numbers, compatibility ideographs.
            folded.extend(std::iter::once(c).nfkc().map(|ch| NormalChar { ch, from: from.clone() }));
        }
    }
    strip_converter_pinyin(&mut folded);
    // The converter looks at each character's neighbours (干/乾/幹) and gives one character
    // for each, so its output lines up with the input one to one.
    let joined: String = folded.iter().map(|n| n.ch).collect();
    let simplified = fast2s::convert(&joined);
    for (n, ch) in folded.iter_mut().zip(simplified.chars()) {
        n.ch = match ch {
            'A'..='Z' => ch.to_ascii_lowercase(),
            'ü' => 'v',
            _ => ch,
        };
    }
    folded
}

/// The normal form as a string, for comparing and keys.
pub fn normal_string(text: &str) -> String {
    normalize(text).into_iter().map(|n| n.ch).collect()
}

/// A Chinese character (CJK unified ideographs with extensions, and 〇).
pub fn is_han(c: char) -> bool {
    matches!(c,
        '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2EBEF}'
        | '\u{30000}'..='\u{3134F}' | '\u{F900}'..='\u{FAFF}' | '〇')
}

const TONE_MARKED: &str = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ";

/// Removes `(wù)` after a Han character when what is in the brackets is a toned pinyin
/// syllable: text that went through a traditional-script converter carries one after each
/// character it changed, and it would break every word it falls into. A bracket with
/// Chinese or untoned text (`(市)`, `(pdf)`) is real content and stays.
fn strip_converter_pinyin(chars: &mut Vec<NormalChar>) {
    let mut keep = vec![true; chars.len()];
    let mut i = 1;
    while i < chars.len() {
        if chars[i].ch == '(' && is_han(chars[i - 1].ch) {
            let inner = chars[i + 1..].iter().take(8).take_while(|n| n.ch != ')').count();
            let close = i + 1 + inner;
            let syllable = &chars[i + 1..close];
            let toned = syllable.iter().any(|n| TONE_MARKED.contains(n.ch));
            let letters =
                syllable.iter().all(|n| n.ch.is_ascii_lowercase() || n.ch == 'ü' || TONE_MARKED.contains(n.ch));
            if close < chars.len() && inner > 0 && toned && letters {
                keep[i..=close].iter_mut().for_each(|k| *k = false);
                i = close + 1;
                continue;
            }
        }
        i += 1;
    }
    let mut n = 0;
    chars.retain(|_| {
        n += 1;
        keep[n - 1]
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_and_full_width_fold_to_one_form() {
        assert_eq!(normal_string("黨務公開"), "党务公开");
        assert_eq!(normal_string("ＡＢＣ１２３"), "abc123");
        assert_eq!(normal_string("鄭州市"), "郑州市");
    }

    #[test]
    fn converter_pinyin_is_dropped_but_real_brackets_stay() {
        assert_eq!(normal_string("黨務(wù)政務(wù)公開"), "党务政务公开");
        assert_eq!(normal_string("12個縣(市)區(qū)"), "12个县(市)区");
        assert_eq!(normal_string("附件(pdf)"), "附件(pdf)");
        assert_eq!(normal_string("（wù）"), "(wù)");
    }

    #[test]
    fn every_normal_character_points_into_the_original() {
        let text = "鄭州(zhèng)ＡＢ";
        for n in normalize(text) {
            assert!(text.get(n.from.clone()).is_some(), "{n:?}");
        }
        let first = &normalize(text)[0];
        assert_eq!(&text[first.from.clone()], "鄭");
        assert_eq!(normalize(text).len(), 4);
    }
}
