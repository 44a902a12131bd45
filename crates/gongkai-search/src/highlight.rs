//! Marking what matched in a hit's title and text, in the original script. The text is
//! read once in its normal form and compared with the query's terms as the index cut them
//! (a Han character, two standing together, or a word of letters and digits), without
//! cutting it into tokens: an attachment's text can run to many thousands of characters
//! and a page shows ten of them.

use std::collections::HashSet;
use std::ops::Range;

use crate::analysis::{is_han, normalize};

pub struct Highlighter {
    singles: HashSet<char>,
    pairs: HashSet<(char, char)>,
    words: HashSet<String>,
}

impl Highlighter {
    /// `terms` as the index holds them (normal form).
    pub fn new(terms: &[String]) -> Self {
        let mut h = Highlighter { singles: HashSet::new(), pairs: HashSet::new(), words: HashSet::new() };
        for term in terms {
            let chars: Vec<char> = term.chars().collect();
            match chars.as_slice() {
                [c] if is_han(*c) => {
                    h.singles.insert(*c);
                }
                [a, b] if is_han(*a) && is_han(*b) => {
                    h.pairs.insert((*a, *b));
                }
                _ => {
                    h.words.insert(term.clone());
                }
            }
        }
        h
    }

    /// Byte ranges of `text` where a term stands, in order; they may overlap.
    fn ranges(&self, text: &str) -> Vec<Range<usize>> {
        let chars = normalize(text);
        let mut out = Vec::new();
        let mut word = String::new();
        let mut word_from = 0;
        for (i, n) in chars.iter().enumerate() {
            if is_han(n.ch) {
                if self.singles.contains(&n.ch) {
                    out.push(n.from.clone());
                }
                if let Some(next) = chars.get(i + 1).filter(|m| is_han(m.ch)) {
                    if self.pairs.contains(&(n.ch, next.ch)) {
                        out.push(n.from.start..next.from.end);
                    }
                }
            } else if n.ch.is_alphanumeric() {
                if word.is_empty() {
                    word_from = n.from.start;
                }
                word.push(n.ch);
                let ends = chars.get(i + 1).is_none_or(|m| is_han(m.ch) || !m.ch.is_alphanumeric());
                if ends {
                    if self.words.contains(&word) {
                        out.push(word_from..n.from.end);
                    }
                    word.clear();
                }
            }
        }
        out
    }

    /// The whole of `text` with what matched in `<mark>`, escaped for HTML.
    pub fn marked(&self, text: &str) -> String {
        mark(text, &self.ranges(text))
    }

    /// About `bytes` of `text` around where most matches stand together, marked; the
    /// text's beginning when nothing in it matched (the hit matched its title or a name).
    pub fn snippet(&self, text: &str, bytes: usize) -> String {
        let ranges = self.ranges(text);
        // The match from which the window holds the most matches.
        let (mut best, mut best_count, mut end) = (0, 0, 0);
        for (i, r) in ranges.iter().enumerate() {
            end = end.max(i);
            while end < ranges.len() && ranges[end].end <= r.start + bytes {
                end += 1;
            }
            if end - i > best_count {
                (best, best_count) = (i, end - i);
            }
        }
        let start = match ranges.get(best) {
            // A little of what comes before the first match, for its context.
            Some(r) => floor_char(text, r.start.saturating_sub(bytes / 8)),
            None => 0,
        };
        let stop = floor_char(text, (start + bytes).min(text.len()));
        let inside: Vec<Range<usize>> = ranges
            .iter()
            .filter(|r| r.start >= start && r.end <= stop)
            .map(|r| r.start - start..r.end - start)
            .collect();
        mark(&text[start..stop], &inside)
    }
}

/// The char boundary at or before `at`.
fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `ranges` sorted, with those that overlap or touch made one.
fn merged(ranges: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut sorted = ranges.to_vec();
    sorted.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(sorted.len());
    for r in sorted {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// `text` escaped for HTML with `ranges` (byte ranges) in `<mark>`.
fn mark(text: &str, ranges: &[Range<usize>]) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for r in merged(ranges) {
        let (Some(before), Some(inside)) = (text.get(at..r.start), text.get(r.clone())) else { continue };
        html.push_str(&html_escape::encode_text(before));
        html.push_str("<mark>");
        html.push_str(&html_escape::encode_text(inside));
        html.push_str("</mark>");
        at = r.end;
    }
    html.push_str(&html_escape::encode_text(text.get(at..).unwrap_or_default()));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(t: &[&str]) -> Highlighter {
        Highlighter::new(&t.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn marks_characters_pairs_and_words_in_the_original_script() {
        let h = terms(&["党务", "公开", "2024"]);
        assert_eq!(h.marked("黨務公開<2024>"), "<mark>黨務公開</mark>&lt;<mark>2024</mark>&gt;");
        assert_eq!(h.marked("党，务"), "党，务", "a pair stands together or not at all");
        assert_eq!(h.marked("20245"), "20245", "a word matches whole");
        assert_eq!(terms(&["装"]).marked("安装"), "安<mark>装</mark>");
    }

    #[test]
    fn a_snippet_is_cut_where_the_matches_stand() {
        let text = format!("{}预算公开{}", "前".repeat(400), "后".repeat(400));
        let s = terms(&["预算"]).snippet(&text, 60);
        assert!(s.contains("<mark>预算</mark>"), "{s}");
        assert!(s.chars().count() < 60, "{s}");
        let start = terms(&["无关"]).snippet(&text, 30);
        assert_eq!(start, "前".repeat(10), "nothing matched: the beginning");
    }
}
