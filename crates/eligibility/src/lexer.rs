//! Splits a rule's source into tokens, each with its position. The source is bounded
//! before anything is read (`MAX_SOURCE_CHARS`), so the token list is bounded too.

use std::iter::Peekable;
use std::str::CharIndices;

use crate::MAX_SOURCE_CHARS;
use crate::ast::CompareOp;
use crate::error::{Error, ErrorKind, Span};

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Tok {
    Name(String),
    Number(f64),
    Text(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    Comma,
    Minus,
    Compare(CompareOp),
    End,
}

#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// The words of the language; matched without regard to case, and refused as attribute
/// names.
const KEYWORDS: [&str; 16] = [
    "and",
    "or",
    "not",
    "dan",
    "atau",
    "bukan",
    "true",
    "false",
    "in",
    "member",
    "any",
    "all",
    "count",
    "in_region",
    "enrolled",
    "anggota",
];

pub(crate) fn is_keyword(name: &str) -> bool {
    KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(name))
}

/// Reads the whole source into tokens, ending with `Tok::End`.
pub(crate) fn tokenize(source: &str) -> Result<Vec<Token>, Error> {
    if let Some((offset, _)) = source.char_indices().nth(MAX_SOURCE_CHARS) {
        let mut lexer = Lexer::new(source);
        while lexer.chars.peek().is_some_and(|(i, _)| *i < offset) {
            lexer.bump();
        }
        let here = lexer.here();
        return Err(Error::new(lexer.span_from(here), ErrorKind::TooLong));
    }
    let mut lexer = Lexer::new(source);
    let mut tokens = Vec::new();
    loop {
        let token = lexer.next_token()?;
        let end = token.tok == Tok::End;
        tokens.push(token);
        if end {
            return Ok(tokens);
        }
    }
}

struct Lexer<'a> {
    source: &'a str,
    chars: Peekable<CharIndices<'a>>,
    line: u32,
    column: u32,
}

/// A position before the token it starts: byte offset, line, column.
#[derive(Clone, Copy)]
struct Mark {
    offset: usize,
    line: u32,
    column: u32,
}

impl<'a> Lexer<'a> {
    fn new(source: &'a str) -> Self {
        Self {
            source,
            chars: source.char_indices().peekable(),
            line: 1,
            column: 1,
        }
    }

    fn here(&mut self) -> Mark {
        let offset = self.chars.peek().map_or(self.source.len(), |(i, _)| *i);
        Mark {
            offset,
            line: self.line,
            column: self.column,
        }
    }

    fn span_from(&mut self, mark: Mark) -> Span {
        let end = self.here().offset;
        Span {
            line: mark.line,
            column: mark.column,
            start: mark.offset,
            end: end.max(mark.offset),
        }
    }

    fn peek(&mut self) -> Option<char> {
        self.chars.peek().map(|(_, c)| *c)
    }

    fn bump(&mut self) -> Option<char> {
        let (_, c) = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn bump_if(&mut self, expected: char) -> bool {
        if self.peek() == Some(expected) {
            self.bump();
            return true;
        }
        false
    }

    fn skip_blanks_and_comments(&mut self) {
        while let Some(c) = self.peek() {
            if c == '#' {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.bump();
                }
            } else if c.is_whitespace() {
                self.bump();
            } else {
                return;
            }
        }
    }

    fn next_token(&mut self) -> Result<Token, Error> {
        self.skip_blanks_and_comments();
        let mark = self.here();
        let Some(c) = self.bump() else {
            return Ok(self.token(mark, Tok::End));
        };
        let tok = match c {
            '(' => Tok::LParen,
            ')' => Tok::RParen,
            '[' => Tok::LBracket,
            ']' => Tok::RBracket,
            ',' => Tok::Comma,
            '-' => Tok::Minus,
            '"' => Tok::Text(self.text(mark, '"')?),
            // Word processors turn straight quotes into curly ones; rules are often pasted
            // from a decree's text.
            '“' => Tok::Text(self.text(mark, '”')?),
            '0'..='9' => Tok::Number(self.number(mark)?),
            c if c.is_ascii_alphabetic() || c == '_' => Tok::Name(self.name(mark)),
            c => match self.comparison(c) {
                Some(op) => Tok::Compare(op),
                None => {
                    let span = self.span_from(mark);
                    return Err(Error::new(span, ErrorKind::UnexpectedCharacter(c)));
                }
            },
        };
        Ok(self.token(mark, tok))
    }

    fn token(&mut self, mark: Mark, tok: Tok) -> Token {
        let span = self.span_from(mark);
        Token { tok, span }
    }

    fn comparison(&mut self, first: char) -> Option<CompareOp> {
        Some(match first {
            '<' if self.bump_if('=') => CompareOp::Le,
            '<' => CompareOp::Lt,
            '>' if self.bump_if('=') => CompareOp::Ge,
            '>' => CompareOp::Gt,
            '=' => {
                self.bump_if('=');
                CompareOp::Eq
            }
            '!' if self.bump_if('=') => CompareOp::Ne,
            '≤' => CompareOp::Le,
            '≥' => CompareOp::Ge,
            '≠' => CompareOp::Ne,
            _ => return None,
        })
    }

    fn name(&mut self, mark: Mark) -> String {
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
        {
            self.bump();
        }
        let end = self.here().offset;
        self.source[mark.offset..end].to_owned()
    }

    /// Digits with an optional point and fraction. A second point, or a point followed by
    /// exactly three digits after a non-zero whole part (`1.500`), reads as an Indonesian
    /// thousands separator and is refused rather than guessed.
    fn number(&mut self, mark: Mark) -> Result<f64, Error> {
        self.digits();
        let whole_end = self.here().offset;
        if self.peek() == Some('.') {
            self.bump();
            let fraction_start = self.here().offset;
            self.digits();
            let fraction_digits = self.here().offset - fraction_start;
            let whole = &self.source[mark.offset..whole_end];
            let grouped = fraction_digits == 3 && whole.bytes().any(|b| b != b'0');
            let dotted_again = self.peek() == Some('.');
            if fraction_digits == 0 || grouped || dotted_again {
                while self.peek().is_some_and(|c| c.is_ascii_digit() || c == '.') {
                    self.bump();
                }
                let span = self.span_from(mark);
                return Err(Error::new(span, ErrorKind::ThousandsSeparator));
            }
        }
        let end = self.here().offset;
        match self.source[mark.offset..end].parse::<f64>() {
            Ok(value) if value.is_finite() => Ok(value),
            _ => Err(Error::new(self.span_from(mark), ErrorKind::NumberTooLarge)),
        }
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
    }

    /// The text after an opening quote, up to `close`.
    fn text(&mut self, mark: Mark, close: char) -> Result<String, Error> {
        let mut text = String::new();
        loop {
            let escape_mark = self.here();
            match self.bump() {
                None => {
                    let span = self.span_from(mark);
                    return Err(Error::new(span, ErrorKind::UnterminatedText));
                }
                Some(c) if c == close => return Ok(text),
                Some('\\') => match self.bump() {
                    Some(c @ ('"' | '\\' | '”')) => text.push(c),
                    Some(c) => {
                        let span = self.span_from(escape_mark);
                        return Err(Error::new(span, ErrorKind::BadEscape(c)));
                    }
                    None => {
                        let span = self.span_from(mark);
                        return Err(Error::new(span, ErrorKind::UnterminatedText));
                    }
                },
                Some(c) => text.push(c),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(source: &str) -> Vec<Tok> {
        tokenize(source)
            .unwrap()
            .into_iter()
            .map(|t| t.tok)
            .collect()
    }

    fn error(source: &str) -> (u32, u32, ErrorKind) {
        let e = tokenize(source).unwrap_err();
        (e.span.line, e.span.column, e.kind)
    }

    #[test]
    fn tokens_carry_line_and_character_column() {
        let tokens = tokenize("desil <= 4\n  and \"é\" ≠ x").unwrap();
        let at: Vec<(u32, u32)> = tokens
            .iter()
            .map(|t| (t.span.line, t.span.column))
            .collect();
        assert_eq!(
            at,
            vec![
                (1, 1),
                (1, 7),
                (1, 10),
                (2, 3),
                (2, 7),
                (2, 11),
                (2, 13),
                (2, 14)
            ]
        );
    }

    #[test]
    fn comparisons_have_ascii_and_unicode_spellings() {
        use CompareOp::*;
        let expected = vec![Lt, Le, Le, Gt, Ge, Ge, Eq, Eq, Ne, Ne];
        let found: Vec<Tok> = toks("< <= ≤ > >= ≥ = == != ≠");
        let ops: Vec<Tok> = expected.into_iter().map(Tok::Compare).collect();
        assert_eq!(found[..10], ops[..]);
    }

    #[test]
    fn numbers_use_a_decimal_point_and_refuse_thousands_separators() {
        assert_eq!(
            toks("2.5 0.125 1.5000 10")[..4],
            [
                Tok::Number(2.5),
                Tok::Number(0.125),
                Tok::Number(1.5),
                Tok::Number(10.0)
            ]
        );
        assert_eq!(
            error("x < 1.500.000"),
            (1, 5, ErrorKind::ThousandsSeparator)
        );
        assert_eq!(error("x < 1.500"), (1, 5, ErrorKind::ThousandsSeparator));
        assert_eq!(error("x < 1."), (1, 5, ErrorKind::ThousandsSeparator));
        let huge = "9".repeat(400);
        assert_eq!(error(&huge), (1, 1, ErrorKind::NumberTooLarge));
    }

    #[test]
    fn text_takes_two_escapes_and_must_be_closed() {
        assert_eq!(toks(r#""a\"b\\c""#)[0], Tok::Text("a\"b\\c".into()));
        assert_eq!(
            toks("“31.75” “a\"b”")[..2],
            [Tok::Text("31.75".into()), Tok::Text("a\"b".into())]
        );
        assert_eq!(error("x = “abc\""), (1, 5, ErrorKind::UnterminatedText));
        assert_eq!(error("x = \"abc"), (1, 5, ErrorKind::UnterminatedText));
        assert_eq!(error("x = \"a\\nb\""), (1, 7, ErrorKind::BadEscape('n')));
    }

    #[test]
    fn comments_run_to_the_end_of_the_line() {
        assert_eq!(
            toks("# penjelasan\npregnant # hamil"),
            vec![Tok::Name("pregnant".into()), Tok::End]
        );
    }

    #[test]
    fn unknown_characters_and_long_sources_are_errors_with_position() {
        assert_eq!(
            error("desil <= 4 &&"),
            (1, 12, ErrorKind::UnexpectedCharacter('&'))
        );
        let long = format!("{}\nx", "a".repeat(MAX_SOURCE_CHARS));
        assert_eq!(error(&long), (1, 4001, ErrorKind::TooLong));
        assert!(tokenize(&"a".repeat(MAX_SOURCE_CHARS)).is_ok());
    }
}
