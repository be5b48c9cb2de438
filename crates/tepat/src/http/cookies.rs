//! Reading and writing the few cookies Tepat uses: session, CSRF and language.

use axum::http::{HeaderMap, HeaderValue, header};

pub const SESSION: &str = "tepat_session";
pub const CSRF: &str = "tepat_csrf";
pub const LANG: &str = "tepat_lang";

/// The value of cookie `name`, if the request carries it.
pub fn get<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// How long a cookie lives.
#[derive(Debug, Clone, Copy)]
pub enum Lifetime {
    /// Until the browser closes.
    Session,
    Seconds(i64),
    /// Deletes the cookie.
    Expired,
}

/// A `Set-Cookie` value: always `Path=/`, `SameSite=Lax`; HttpOnly unless the page script
/// must read it (none does today); `Secure` when the deployment serves TLS.
pub fn set(name: &str, value: &str, lifetime: Lifetime, secure: bool) -> HeaderValue {
    let mut text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    match lifetime {
        Lifetime::Session => {}
        Lifetime::Seconds(seconds) => text.push_str(&format!("; Max-Age={seconds}")),
        Lifetime::Expired => text.push_str("; Max-Age=0"),
    }
    if secure {
        text.push_str("; Secure");
    }
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("invalid=1"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_a_cookie_among_several() {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("a=1; tepat_lang=en; b=2"),
        );
        assert_eq!(get(&headers, LANG), Some("en"));
        assert_eq!(get(&headers, "c"), None);
    }

    #[test]
    fn set_cookie_carries_the_security_attributes() {
        let value = set(SESSION, "abc", Lifetime::Seconds(60), true);
        let text = value.to_str().expect("ascii");
        for part in ["HttpOnly", "SameSite=Lax", "Secure", "Max-Age=60", "Path=/"] {
            assert!(text.contains(part), "{text} lacks {part}");
        }
        let plain = set(SESSION, "abc", Lifetime::Expired, false);
        assert!(!plain.to_str().expect("ascii").contains("Secure"));
    }
}
