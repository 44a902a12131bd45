//! Normal text cut into the units search matches on: each Han character on its own, and
//! each run of other letters or digits as one word (`2024`, `pdf`, `gb11643`). Punctuation
//! and spaces separate units and take no place, so `郑政〔2024〕12号` and `郑政[2024]12号`
//! line up alike.

use std::ops::Range;

use super::normal::{is_han, normalize, NormalChar};

/// A unit and where it came from in the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    pub text: String,
    pub han: bool,
    /// Directly after the previous unit, with nothing between: only then do two Han
    /// characters form a bigram.
    pub joined: bool,
    pub from: Range<usize>,
}

/// The units of `text`, in order; a unit's index is its position in the index.
pub fn units(text: &str) -> Vec<Unit> {
    units_of(&normalize(text))
}

pub fn units_of(chars: &[NormalChar]) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::new();
    let mut joined = false;
    for n in chars {
        if is_han(n.ch) {
            out.push(Unit { text: n.ch.to_string(), han: true, joined, from: n.from.clone() });
            joined = true;
        } else if n.ch.is_alphanumeric() {
            match out.last_mut() {
                Some(last) if joined && !last.han => {
                    last.text.push(n.ch);
                    last.from.end = n.from.end;
                }
                _ => out.push(Unit { text: n.ch.to_string(), han: false, joined, from: n.from.clone() }),
            }
            joined = true;
        } else {
            joined = false;
        }
    }
    out
}

/// Whether unit `i` and the next one form a bigram.
pub fn bigram_at(units: &[Unit], i: usize) -> Option<&Unit> {
    let next = units.get(i + 1)?;
    (units[i].han && next.han && next.joined).then_some(next)
}

/// The terms a phrase of `units` must match at their offsets: bigrams that cover each run
/// of Han characters standing together (every other one, and the last, so 党务公开 is 党务
/// and 公开 two places on), a lone Han character as itself, words as typed. Every
/// substring of an indexed text yields terms the text has at the same offsets, which is
/// what makes recall independent of word segmentation; covering rather than listing every
/// bigram halves the position lists a phrase reads. Punctuation between two covered
/// bigrams is not looked at, as it takes no place in the index either.
pub fn phrase_terms(units: &[Unit]) -> Vec<(usize, String)> {
    let mut terms = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let unit = &units[i];
        let Some(next) = bigram_at(units, i) else {
            terms.push((i, unit.text.clone()));
            i += 1;
            continue;
        };
        terms.push((i, format!("{}{}", unit.text, next.text)));
        // Two on, unless only the run's last character would be left: then one on.
        i += if bigram_at(units, i + 1).is_some() && bigram_at(units, i + 2).is_none() { 1 } else { 2 };
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(units: &[Unit]) -> Vec<&str> {
        units.iter().map(|u| u.text.as_str()).collect()
    }

    #[test]
    fn document_numbers_cut_into_the_same_units_whatever_the_brackets() {
        let a = units("郑政〔2024〕12号");
        assert_eq!(texts(&a), ["郑", "政", "2024", "12", "号"]);
        assert_eq!(texts(&units("鄭政[2024]12號")), texts(&a));
    }

    #[test]
    fn phrase_terms_are_bigrams_lone_characters_and_words() {
        let terms = phrase_terms(&units("党务公开"));
        assert_eq!(terms, [(0, "党务".to_owned()), (2, "公开".to_owned())]);
        let terms = phrase_terms(&units("党务公开栏"));
        assert_eq!(terms, [(0, "党务".to_owned()), (2, "公开".to_owned()), (3, "开栏".to_owned())]);
        let terms = phrase_terms(&units("第3号"));
        assert_eq!(terms, [(0, "第".to_owned()), (1, "3".to_owned()), (2, "号".to_owned())]);
        assert_eq!(phrase_terms(&units("党 务")), [(0, "党".to_owned()), (1, "务".to_owned())]);
    }
}
