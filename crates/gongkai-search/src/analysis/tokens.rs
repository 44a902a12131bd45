//! The tokenizers the index registers: `gk_text` for every text field (each Han character
//! and each bigram of adjacent ones, words as typed), `gk_pinyin` and `gk_initials` for
//! titles and names. Queries are cut by the same functions, so a query and a text agree on
//! every term and position.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::pinyin::{initials, readings};
use super::units::{bigram_at, units, Unit};

pub const TEXT: &str = "gk_text";
pub const PINYIN: &str = "gk_pinyin";
pub const INITIALS: &str = "gk_initials";

/// Tokens built in full when the stream starts: texts are short enough, and the analysis
/// needs to look ahead (bigrams, converter pinyin) anyway.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        self.next += 1;
        self.next <= self.tokens.len()
    }
    fn token(&self) -> &Token {
        &self.tokens[self.next - 1]
    }
    fn token_mut(&mut self) -> &mut Token {
        &mut self.tokens[self.next - 1]
    }
}

fn token(position: usize, text: String, from: usize, to: usize) -> Token {
    Token { offset_from: from, offset_to: to, position, text, position_length: 1 }
}

/// Each unit at its place; a Han character also as the bigram it starts.
#[derive(Clone, Default)]
pub struct TextTokenizer;

impl Tokenizer for TextTokenizer {
    type TokenStream<'a> = Tokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let units = units(text);
        let mut tokens = Vec::with_capacity(units.len() * 2);
        for (i, unit) in units.iter().enumerate() {
            tokens.push(token(i, unit.text.clone(), unit.from.start, unit.from.end));
            if let Some(next) = bigram_at(&units, i) {
                tokens.push(token(i, format!("{}{}", unit.text, next.text), unit.from.start, next.from.end));
            }
        }
        Tokens { tokens, next: 0 }
    }
}

/// Each Han character's readings at its place (several at one place for 多音字); other
/// words as they are.
#[derive(Clone, Default)]
pub struct PinyinTokenizer;

impl Tokenizer for PinyinTokenizer {
    type TokenStream<'a> = Tokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let mut tokens = Vec::new();
        for (i, unit) in units(text).iter().enumerate() {
            let spoken = if unit.han { unit.text.chars().next().map(readings).unwrap_or_default() } else { vec![] };
            if spoken.is_empty() {
                tokens.push(token(i, unit.text.clone(), unit.from.start, unit.from.end));
            }
            for reading in spoken {
                tokens.push(token(i, reading, unit.from.start, unit.from.end));
            }
        }
        Tokens { tokens, next: 0 }
    }
}

/// Runs of two and three initials starting at each Han character: single letters would
/// each match nearly every title, trigrams are selective and still line up in a phrase.
#[derive(Clone, Default)]
pub struct InitialsTokenizer;

impl Tokenizer for InitialsTokenizer {
    type TokenStream<'a> = Tokens;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let units = units(text);
        let letters: Vec<Vec<char>> = units.iter().map(unit_initials).collect();
        let mut tokens = Vec::new();
        for (i, unit) in units.iter().enumerate() {
            for len in [2, 3] {
                let Some(window) = letters.get(i..i + len) else { continue };
                let end = units[i + len - 1].from.end;
                for gram in combinations(window) {
                    tokens.push(token(i, gram, unit.from.start, end));
                }
            }
        }
        Tokens { tokens, next: 0 }
    }
}

fn unit_initials(unit: &Unit) -> Vec<char> {
    match unit.text.chars().next() {
        Some(c) if unit.han => initials(c),
        _ => vec![],
    }
}

/// Every string taking one letter from each place, in order.
fn combinations(window: &[Vec<char>]) -> Vec<String> {
    window.iter().fold(vec![String::new()], |acc, choices| {
        acc.iter().flat_map(|prefix| choices.iter().map(move |c| format!("{prefix}{c}"))).collect()
    })
}

/// The trigram (or, for two letters, bigram) terms that a typed run of initials must
/// match, with their offsets; none for a single letter.
pub fn initials_terms(letters: &str) -> Vec<(usize, String)> {
    let chars: Vec<char> = letters.chars().collect();
    match chars.len() {
        0 | 1 => vec![],
        2 => vec![(0, letters.to_owned())],
        n => (0..=n - 3).map(|i| (i, chars[i..i + 3].iter().collect())).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(mut stream: Tokens) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        while stream.advance() {
            out.push((stream.token().position, stream.token().text.clone()));
        }
        out
    }

    #[test]
    fn text_tokens_are_characters_and_bigrams_at_their_places() {
        let tokens = all(TextTokenizer.token_stream("黨務公開 2024"));
        let expected = [(0, "党"), (0, "党务"), (1, "务"), (1, "务公"), (2, "公"), (2, "公开"), (3, "开"), (4, "2024")];
        assert_eq!(tokens, expected.map(|(p, t)| (p, t.to_owned())));
    }

    #[test]
    fn offsets_point_at_the_original_script() {
        let text = "黨務(wù)公開";
        let mut stream = TextTokenizer.token_stream(text);
        let mut seen = Vec::new();
        while stream.advance() {
            let t = stream.token();
            seen.push(text[t.offset_from..t.offset_to].to_owned());
        }
        assert!(seen.contains(&"黨務".to_owned()));
        assert!(seen.contains(&"務(wù)公".to_owned()), "{seen:?}");
    }

    #[test]
    fn initials_are_indexed_as_runs_of_two_and_three() {
        let tokens = all(InitialsTokenizer.token_stream("党务公开"));
        for (p, t) in [(0, "dw"), (0, "dwg"), (1, "wgk"), (2, "gk")] {
            assert!(tokens.contains(&(p, t.to_owned())), "{t} in {tokens:?}");
        }
        assert_eq!(initials_terms("dwgk"), [(0, "dwg".to_owned()), (1, "wgk".to_owned())]);
    }

    #[test]
    fn pinyin_tokens_are_readings() {
        let tokens = all(PinyinTokenizer.token_stream("党务"));
        assert_eq!(tokens, [(0, "dang".to_owned()), (1, "wu".to_owned())]);
    }
}
