//! An Atom feed (RFC 4287) written as text: escaped, with only the characters XML 1.0
//! allows, ids as tag URIs (RFC 4151) and times in RFC 3339. Pure; the handler supplies
//! the entries.

use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// One entry of a feed; the link is absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub title: String,
    pub summary: String,
    pub link: String,
    /// The entry's category: (term, label).
    pub category: (&'static str, &'static str),
    pub updated: OffsetDateTime,
}

/// A whole feed.
#[derive(Debug, Clone)]
pub struct Feed {
    pub id: String,
    pub title: String,
    pub subtitle: String,
    /// The feed's own address and the page it accompanies, absolute.
    pub self_link: String,
    pub page_link: String,
    /// Used when there is no entry (RFC 4287 requires `updated` on the feed).
    pub now: OffsetDateTime,
    pub entries: Vec<Entry>,
}

/// `text` safe inside an element or a quoted attribute.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A time as RFC 3339 in UTC: `2026-12-05T03:56:00Z`.
pub fn rfc3339(at: OffsetDateTime) -> String {
    at.to_offset(time::UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at)
        .format(&Rfc3339)
        .unwrap_or_default()
}

/// A tag URI (RFC 4151) under the site's host: `tag:bansos.example.go.id,2026:musyawarah/7`.
pub fn tag(public_url: &str, specific: &str) -> String {
    let host = public_url
        .split("://")
        .nth(1)
        .unwrap_or(public_url)
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or_default();
    let host = if host.is_empty() { "localhost" } else { host };
    format!("tag:{host},2026:{specific}")
}

fn text_element(out: &mut String, name: &str, text: &str) {
    out.push_str(&format!("<{name}>{}</{name}>", escape(text)));
}

/// The feed as an XML document.
pub fn render(feed: &Feed) -> String {
    let updated = feed
        .entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or(feed.now);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"id\">");
    text_element(&mut out, "id", &feed.id);
    text_element(&mut out, "title", &feed.title);
    text_element(&mut out, "subtitle", &feed.subtitle);
    text_element(&mut out, "updated", &rfc3339(updated));
    out.push_str("<author><name>Tepat</name></author>");
    out.push_str(&format!(
        "<link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
        escape(&feed.self_link)
    ));
    out.push_str(&format!(
        "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        escape(&feed.page_link)
    ));
    out.push_str("<generator>Tepat</generator>");
    for entry in &feed.entries {
        out.push_str("<entry>");
        text_element(&mut out, "id", &entry.id);
        text_element(&mut out, "title", &entry.title);
        text_element(&mut out, "updated", &rfc3339(entry.updated));
        out.push_str(&format!(
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            escape(&entry.link)
        ));
        out.push_str(&format!(
            "<category term=\"{}\" label=\"{}\"/>",
            escape(entry.category.0),
            escape(entry.category.1)
        ));
        text_element(&mut out, "summary", &entry.summary);
        out.push_str("</entry>");
    }
    out.push_str("</feed>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    fn feed(entries: Vec<Entry>) -> Feed {
        Feed {
            id: "tag:x,2026:f".into(),
            title: "Kabar <Klender>".into(),
            subtitle: "s".into(),
            self_link: "https://x/f?a=1&b=2".into(),
            page_link: "https://x/p".into(),
            now: datetime!(2026-12-05 03:00 UTC),
            entries,
        }
    }

    #[test]
    fn text_is_escaped_and_control_characters_dropped() {
        assert_eq!(
            escape("a&b<c>\"d'\u{0}\u{1b}e\n"),
            "a&amp;b&lt;c&gt;&quot;d&apos;e\n"
        );
        let xml = render(&feed(Vec::new()));
        assert!(
            xml.contains("<title>Kabar &lt;Klender&gt;</title>"),
            "{xml}"
        );
        assert!(xml.contains("href=\"https://x/f?a=1&amp;b=2\""), "{xml}");
        assert!(
            xml.contains("<updated>2026-12-05T03:00:00Z</updated>"),
            "{xml}"
        );
    }

    #[test]
    fn the_feed_is_as_new_as_its_newest_entry() {
        let entry = Entry {
            id: "tag:x,2026:e".into(),
            title: "t".into(),
            summary: "s".into(),
            link: "https://x/e".into(),
            category: ("musyawarah", "Musyawarah"),
            updated: datetime!(2026-12-04 10:30:15.5 +7),
        };
        let xml = render(&feed(vec![entry]));
        assert!(
            xml.contains("<updated>2026-12-04T03:30:15Z</updated>"),
            "{xml}"
        );
    }

    #[test]
    fn ids_are_tag_uris_under_the_sites_host() {
        assert_eq!(
            tag("https://bansos.example.go.id:8443/x", "musyawarah/7"),
            "tag:bansos.example.go.id,2026:musyawarah/7"
        );
        assert_eq!(tag("", "a"), "tag:localhost,2026:a");
    }
}
