//! Share cards: the Open Graph and Twitter meta tags a public page carries so that a link
//! shared in a chat shows its title and a line about it. A page embeds them with
//! `{% block head %}{% include "og.html" %}{% endblock %}`, with the card in a field named
//! `og`. A card with a picture (`with_image`) points to a PNG drawn by `web::card`.

/// One page's card.
#[derive(Debug, Clone)]
pub struct OpenGraph {
    pub title: String,
    pub description: String,
    /// Absolute: the site's public address (`TEPAT_PUBLIC_URL`) and the page's path.
    pub url: String,
    /// Absolute address of the card's picture (1200 × 630 PNG), if it has one.
    pub image: Option<String>,
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
            image: None,
        }
    }

    /// The card with its picture at `path` (with its query) on the same site.
    pub fn with_image(mut self, public_url: &str, path: &str) -> Self {
        self.image = Some(absolute(public_url, path));
        self
    }
}

/// `path` on the site at `public_url`: `https://bansos.example.go.id/statistik`.
pub fn absolute(public_url: &str, path: &str) -> String {
    format!("{}{path}", public_url.trim().trim_end_matches('/'))
}

/// The site's address as a card's picture shows it: `bansos.example.go.id`.
pub fn site(public_url: &str) -> String {
    let url = public_url.trim().trim_end_matches('/');
    url.split_once("://")
        .map_or(url, |(_, rest)| rest)
        .to_owned()
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
        assert_eq!(card.image, None);
        let card = card.with_image("https://bansos.example.go.id/", "/statistik/kartu.png");
        assert_eq!(
            card.image.as_deref(),
            Some("https://bansos.example.go.id/statistik/kartu.png")
        );
        assert_eq!(
            site("https://bansos.example.go.id/"),
            "bansos.example.go.id"
        );
        assert_eq!(site("http://127.0.0.1:8080"), "127.0.0.1:8080");
    }
}
