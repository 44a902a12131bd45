//! What a visitor types, read as a query. Parts are separated by spaces and must all be
//! found; a part in quotes must be found exactly as typed, one without quotes may also be
//! found as its words (jieba) anywhere in the text, so 农业银行 finds 中国农业发展银行.
//! A run of letters is also tried as pinyin and as pinyin initials against titles and
//! names. Nothing a visitor types is an operator: `AND OR NOT ((` is searched as text.

use std::sync::OnceLock;

use gongkai_core::DomainError;
use jieba_rs::Jieba;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use crate::analysis::pinyin::split_syllables;
use crate::analysis::tokens::initials_terms;
use crate::analysis::{normal_string, phrase_terms, units, Unit};
use crate::schema::Fields;

/// Longest query accepted, in characters.
pub const MAX_CHARS: usize = 100;
/// A title match counts this much more than one in the text.
const TITLE_BOOST: f32 = 3.0;
/// Where every part matched as typed, not only word by word.
const EXACT_BOOST: f32 = 2.0;

/// One space-separated (or quoted) part of a query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub text: String,
    pub quoted: bool,
}

/// Splits a query into parts. Control characters count as spaces; a quote left open
/// closes at the end; straight and Chinese quotes both work.
pub fn parse(raw: &str) -> Result<Vec<Part>, DomainError> {
    if raw.chars().count() > MAX_CHARS {
        return Err(DomainError::invalid("query_too_long", format!("查询内容不能超过{MAX_CHARS}个字")));
    }
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut flush = |current: &mut String, quoted: bool| {
        if !current.trim().is_empty() {
            parts.push(Part { text: current.trim().to_owned(), quoted });
        }
        current.clear();
    };
    for c in raw.chars() {
        match c {
            '"' | '“' | '”' | '＂' => {
                flush(&mut current, quoted);
                quoted = !quoted;
            }
            c if c.is_whitespace() || c.is_control() => {
                if quoted {
                    current.push(' ');
                } else {
                    flush(&mut current, false);
                }
            }
            c => current.push(c),
        }
    }
    flush(&mut current, quoted);
    Ok(parts)
}

fn jieba() -> &'static Jieba {
    static JIEBA: OnceLock<Jieba> = OnceLock::new();
    JIEBA.get_or_init(Jieba::new)
}

/// Builds the query for `parts`; `None` when no part has anything to search for.
pub fn text_query(fields: &Fields, parts: &[Part]) -> Option<Box<dyn Query>> {
    let clauses: Vec<(Occur, Box<dyn Query>)> =
        parts.iter().filter_map(|p| part_query(fields, p)).map(|q| (Occur::Must, q)).collect();
    (!clauses.is_empty()).then(|| Box::new(BooleanQuery::new(clauses)) as Box<dyn Query>)
}

fn part_query(fields: &Fields, part: &Part) -> Option<Box<dyn Query>> {
    let all = units(&part.text);
    let whole = exact(fields, &all)?;
    if part.quoted {
        return Some(whole);
    }
    let mut options: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let han = all.iter().filter(|u| u.han).count();
    if han >= 3 {
        // Word by word, each word still as a phrase; the exact match scores higher.
        let normal = normal_string(&part.text);
        let words: Vec<Box<dyn Query>> = words(&normal).iter().filter_map(|w| exact(fields, &units(w))).collect();
        if words.len() > 1 {
            let words = words.into_iter().map(|w| (Occur::Must, w)).collect();
            options.push((Occur::Should, Box::new(BooleanQuery::new(words))));
            options.push((Occur::Should, Box::new(BoostQuery::new(whole, EXACT_BOOST))));
        } else {
            options.push((Occur::Should, whole));
        }
    } else {
        options.push((Occur::Should, whole));
    }
    if let [only] = all.as_slice() {
        options.extend(pinyin_options(fields, only));
    }
    Some(Box::new(BooleanQuery::new(options)))
}

/// The words a part is cut into: jieba's words, and a long word further into shorter
/// dictionary words when they cover it (search mode), so 农业银行 is 农业 and 银行.
fn words(normal: &str) -> Vec<String> {
    let chars: Vec<char> = normal.chars().collect();
    let inner = jieba().cut_for_search(normal, false);
    let mut out = Vec::new();
    for word in jieba().cut(normal, false) {
        let mut pieces = Vec::new();
        let mut at = word.start;
        while at < word.end {
            // The longest shorter dictionary word starting here.
            let shorter = inner
                .iter()
                .filter(|t| t.start == at && t.end <= word.end && t.end - t.start < word.end - word.start)
                .map(|t| t.end)
                .max();
            let Some(end) = shorter else { break };
            pieces.push(chars[at..end].iter().collect::<String>());
            at = end;
        }
        if at == word.end && !pieces.is_empty() {
            out.extend(pieces);
        } else {
            out.push(word.word.to_owned());
        }
    }
    out
}

/// The units as one phrase anywhere in the document, scoring more in the title.
fn exact(fields: &Fields, units: &[Unit]) -> Option<Box<dyn Query>> {
    let terms = phrase_terms(units);
    if terms.is_empty() {
        return None;
    }
    let title = BoostQuery::new(phrase(fields.title, &terms), TITLE_BOOST);
    Some(Box::new(BooleanQuery::new(vec![
        (Occur::Must, phrase(fields.all, &terms)),
        (Occur::Should, Box::new(title) as Box<dyn Query>),
    ])))
}

/// A term, or a phrase of terms at their offsets, in one field.
fn phrase(field: Field, terms: &[(usize, String)]) -> Box<dyn Query> {
    match terms {
        [(_, only)] => Box::new(TermQuery::new(Term::from_field_text(field, only), IndexRecordOption::WithFreqs)),
        _ => Box::new(PhraseQuery::new_with_offset(
            terms.iter().map(|(at, t)| (*at, Term::from_field_text(field, t))).collect(),
        )),
    }
}

/// A run of letters read as pinyin initials (`dwgk`) and as whole syllables
/// (`dangwugongkai`), against titles and names.
fn pinyin_options(fields: &Fields, unit: &Unit) -> Vec<(Occur, Box<dyn Query>)> {
    let letters = unit.text.as_str();
    if unit.han || letters.len() < 2 || !letters.bytes().all(|b| b.is_ascii_lowercase()) {
        return vec![];
    }
    let mut out: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let initials = initials_terms(letters);
    if !initials.is_empty() {
        out.push((Occur::Should, Box::new(BoostQuery::new(phrase(fields.initials, &initials), TITLE_BOOST))));
    }
    for syllables in split_syllables(letters, 4) {
        let terms: Vec<(usize, String)> = syllables.into_iter().enumerate().collect();
        out.push((Occur::Should, Box::new(BoostQuery::new(phrase(fields.pinyin, &terms), TITLE_BOOST))));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(parts: &[Part]) -> Vec<(&str, bool)> {
        parts.iter().map(|p| (p.text.as_str(), p.quoted)).collect()
    }

    #[test]
    fn spaces_split_and_quotes_hold_together() {
        let parts = parse(r#"党务 "政务 公开"  2024"#).unwrap();
        assert_eq!(texts(&parts), [("党务", false), ("政务 公开", true), ("2024", false)]);
        assert_eq!(texts(&parse("“农业银行”").unwrap()), [("农业银行", true)]);
    }

    #[test]
    fn an_open_quote_closes_at_the_end_and_controls_are_spaces() {
        assert_eq!(texts(&parse("\"党务\u{0}公开").unwrap()), [("党务 公开", true)]);
        assert_eq!(texts(&parse("a\u{7}b").unwrap()), [("a", false), ("b", false)]);
        assert!(parse("   ").unwrap().is_empty());
    }

    #[test]
    fn long_queries_are_refused_with_a_reason() {
        let e = parse(&"公".repeat(MAX_CHARS + 1)).unwrap_err();
        assert_eq!(e.code, "query_too_long");
        assert!(parse(&"公".repeat(MAX_CHARS)).is_ok());
    }

    #[test]
    fn operator_soup_is_text() {
        let fields = crate::schema::schema().1;
        let parts = parse("AND OR NOT ((").unwrap();
        assert_eq!(parts.len(), 4);
        // `((` has no units to search for; the words remain.
        assert!(text_query(&fields, &parts).is_some());
        assert!(text_query(&fields, &parse("(( ))").unwrap()).is_none());
    }
}
