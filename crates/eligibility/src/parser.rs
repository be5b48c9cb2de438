//! A recursive-descent parser from tokens to the syntax tree. Every step that recurses
//! (`not`, parentheses, function calls) counts one level of depth, refused beyond
//! `MAX_DEPTH`, so no input can overflow the stack; `and`/`or` chains are loops.

use crate::MAX_DEPTH;
use crate::ast::{Expr, ExprKind, Quantifier};
use crate::error::{Error, ErrorKind, Expected, Span};
use crate::lexer::{Tok, Token, tokenize};

/// Longest excerpt of the source quoted in an "expected … found …" message.
const MAX_FOUND_CHARS: usize = 40;

/// Parses a rule's source into its syntax tree, without looking at the schema.
pub fn parse(source: &str) -> Result<Expr, Error> {
    let tokens = tokenize(source)?;
    let mut parser = Parser {
        source,
        tokens,
        next: 0,
        depth: 0,
    };
    if parser.peek().tok == Tok::End {
        return Err(Error::new(parser.peek().span, ErrorKind::Empty));
    }
    let expr = parser.or()?;
    if parser.peek().tok != Tok::End {
        return Err(parser.unexpected(Expected::Operator));
    }
    Ok(expr)
}

struct Parser<'a> {
    source: &'a str,
    tokens: Vec<Token>,
    next: usize,
    depth: usize,
}

fn keyword(tok: &Tok, words: &[&str]) -> bool {
    matches!(tok, Tok::Name(name) if words.iter().any(|w| w.eq_ignore_ascii_case(name)))
}

fn joined(first: Span, last: Span) -> Span {
    Span {
        end: last.end.max(first.end),
        ..first
    }
}

impl Parser<'_> {
    fn peek(&self) -> &Token {
        // The token list always ends with `End`, and `advance` never moves past it.
        &self.tokens[self.next.min(self.tokens.len() - 1)]
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        if token.tok != Tok::End {
            self.next += 1;
        }
        token
    }

    fn unexpected(&self, expected: Expected) -> Error {
        let span = self.peek().span;
        let found: String = self
            .source
            .get(span.start..span.end)
            .unwrap_or("")
            .chars()
            .take(MAX_FOUND_CHARS)
            .collect();
        Error::new(span, ErrorKind::Unexpected { found, expected })
    }

    fn expect(&mut self, tok: &Tok, expected: Expected) -> Result<Span, Error> {
        if &self.peek().tok == tok {
            Ok(self.advance().span)
        } else {
            Err(self.unexpected(expected))
        }
    }

    fn descend(&mut self, span: Span) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::new(span, ErrorKind::TooDeep));
        }
        Ok(())
    }

    fn or(&mut self) -> Result<Expr, Error> {
        self.chain(&["or", "atau"], Self::and, ExprKind::Or)
    }

    fn and(&mut self) -> Result<Expr, Error> {
        self.chain(&["and", "dan"], Self::not, ExprKind::And)
    }

    fn chain(
        &mut self,
        words: &[&str],
        operand: fn(&mut Self) -> Result<Expr, Error>,
        build: fn(Vec<Expr>) -> ExprKind,
    ) -> Result<Expr, Error> {
        let first = operand(self)?;
        if !keyword(&self.peek().tok, words) {
            return Ok(first);
        }
        let mut items = vec![first];
        while keyword(&self.peek().tok, words) {
            self.advance();
            items.push(operand(self)?);
        }
        let span = joined(items[0].span, items[items.len() - 1].span);
        Ok(Expr::new(build(items), span))
    }

    fn not(&mut self) -> Result<Expr, Error> {
        if !keyword(&self.peek().tok, &["not", "bukan"]) {
            return self.comparison();
        }
        let span = self.advance().span;
        self.descend(span)?;
        let inner = self.not()?;
        self.depth -= 1;
        let span = joined(span, inner.span);
        Ok(Expr::new(ExprKind::Not(Box::new(inner)), span))
    }

    fn comparison(&mut self) -> Result<Expr, Error> {
        let left = self.term()?;
        if let Tok::Compare(op) = self.peek().tok {
            self.advance();
            let right = self.term()?;
            let span = joined(left.span, right.span);
            let (left, right) = (Box::new(left), Box::new(right));
            return Ok(Expr::new(ExprKind::Compare { op, left, right }, span));
        }
        if keyword(&self.peek().tok, &["in"]) {
            self.advance();
            let (items, end) = self.list()?;
            let span = joined(left.span, end);
            let value = Box::new(left);
            return Ok(Expr::new(ExprKind::In { value, items }, span));
        }
        Ok(left)
    }

    fn list(&mut self) -> Result<(Vec<Expr>, Span), Error> {
        self.expect(&Tok::LBracket, Expected::Literal)?;
        let mut items = vec![self.literal()?];
        while self.peek().tok == Tok::Comma {
            self.advance();
            items.push(self.literal()?);
        }
        let end = self.expect(&Tok::RBracket, Expected::ClosingBracket)?;
        Ok((items, end))
    }

    fn literal(&mut self) -> Result<Expr, Error> {
        let token = self.peek().clone();
        match &token.tok {
            Tok::Number(_) | Tok::Minus | Tok::Text(_) => self.term(),
            tok if keyword(tok, &["true", "false"]) => self.term(),
            _ => Err(self.unexpected(Expected::Literal)),
        }
    }

    fn term(&mut self) -> Result<Expr, Error> {
        let token = self.peek().clone();
        let kind = match token.tok {
            Tok::Number(n) => ExprKind::Number(n),
            Tok::Text(text) => ExprKind::Text(text),
            Tok::Minus => {
                self.advance();
                let Tok::Number(n) = self.peek().tok else {
                    return Err(self.unexpected(Expected::Number));
                };
                let end = self.advance().span;
                return Ok(Expr::new(ExprKind::Number(-n), joined(token.span, end)));
            }
            Tok::LParen => {
                self.advance();
                self.descend(token.span)?;
                let inner = self.or()?;
                self.expect(&Tok::RParen, Expected::ClosingParenthesis)?;
                self.depth -= 1;
                return Ok(inner);
            }
            Tok::Name(name) => return self.named(name, token.span),
            _ => return Err(self.unexpected(Expected::Value)),
        };
        self.advance();
        Ok(Expr::new(kind, token.span))
    }

    /// A name: a literal `true`/`false`, a function call, or an attribute.
    fn named(&mut self, name: String, span: Span) -> Result<Expr, Error> {
        let lower = name.to_ascii_lowercase();
        let quantifier = match lower.as_str() {
            "true" | "false" => {
                self.advance();
                return Ok(Expr::new(ExprKind::Boolean(lower == "true"), span));
            }
            "any" => Quantifier::Any,
            "all" => Quantifier::All,
            "count" => Quantifier::Count,
            "in_region" | "enrolled" => return self.call_with_code(lower == "enrolled", span),
            _ if crate::lexer::is_keyword(&name) => return Err(self.unexpected(Expected::Value)),
            _ => {
                self.advance();
                if self.peek().tok == Tok::LParen {
                    return Err(Error::new(span, ErrorKind::UnknownFunction(name)));
                }
                return Ok(Expr::new(ExprKind::Name(name), span));
            }
        };
        self.quantifier(quantifier, span)
    }

    fn quantifier(&mut self, quantifier: Quantifier, span: Span) -> Result<Expr, Error> {
        self.advance();
        self.descend(span)?;
        self.expect(&Tok::LParen, Expected::OpeningParenthesis)?;
        if !keyword(&self.peek().tok, &["member", "anggota"]) {
            return Err(self.unexpected(Expected::Member));
        }
        self.advance();
        let condition = if quantifier == Quantifier::Count && self.peek().tok == Tok::RParen {
            None
        } else {
            self.expect(&Tok::Comma, Expected::Comma)?;
            Some(Box::new(self.or()?))
        };
        let end = self.expect(&Tok::RParen, Expected::ClosingParenthesis)?;
        self.depth -= 1;
        let kind = ExprKind::Quantifier {
            quantifier,
            condition,
        };
        Ok(Expr::new(kind, joined(span, end)))
    }

    fn call_with_code(&mut self, enrolled: bool, span: Span) -> Result<Expr, Error> {
        self.advance();
        self.expect(&Tok::LParen, Expected::OpeningParenthesis)?;
        let Tok::Text(code) = self.peek().tok.clone() else {
            return Err(self.unexpected(Expected::Text));
        };
        self.advance();
        let end = self.expect(&Tok::RParen, Expected::ClosingParenthesis)?;
        let kind = if enrolled {
            ExprKind::Enrolled(code)
        } else {
            ExprKind::InRegion(code)
        };
        Ok(Expr::new(kind, joined(span, end)))
    }
}
