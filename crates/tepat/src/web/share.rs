//! Share cards: the Open Graph and Twitter meta tags a public page carries so that a link
//! shared in a chat shows its title and a line about it. A page embeds them with
//! `{% block head %}{% include "og.html" %}{% endblock %}`, with the card in a field named
//! `og`. No image: drawing one would need a new dependency.

/// One page's card.
#[derive(Debug, Clone)]
pub struct OpenGraph {
    pub title: String,
    pub description: String,
    /// Absolute: the site's public address (`TEPAT_PUBLIC_URL`) and the page's path.
    pub url: String,
}

/// Most characters of a description; chat previews cut longer ones anyway.
const DESCRIPTION_CHARS_MAX: usize = 200;

impl OpenGraph {
    /// The card of the page at `path` (with its query) on the site at `public_url`.
    pub fn new(public_url: &str, path: &str, title: String, description: String) -> Self {
        Self {
            title,
            description: description.chars().take(DESCRIPTION_CHARS_MAX).collect(),
            url: absolute(public_url, path),
        }
    }
}

/// `path` on the site at `public_url`: `https://bansos.example.go.id/statistik`.
pub fn absolute(public_url: &str, path: &str) -> String {
    format!("{}{path}", public_url.trim().trim_end_matches('/'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_is_absolute_and_the_description_short() {
        let card = OpenGraph::new(
            "https://bansos.example.go.id/",
            "/statistik?wilayah=31.75",
            "Statistik".into(),
            "x".repeat(500),
        );
        assert_eq!(
            card.url,
            "https://bansos.example.go.id/statistik?wilayah=31.75"
        );
        assert_eq!(card.description.chars().count(), DESCRIPTION_CHARS_MAX);
    }
}
