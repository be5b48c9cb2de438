//! The confirmation step of a destructive action: a page that names what is about to
//! happen and to what, with one button that posts the action and a way back. It needs no
//! script, so it works under the strict content security policy. Its form carries
//! `konfirmasi=ya`; the action acts only with it ([`Confirmation`]), so a form or a link
//! that skips the step changes nothing.

use askama::Template;
use axum::response::Html;

use super::layout::PageCtx;
use crate::http::AppError;

#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub ctx: PageCtx,
    /// Text key of the question (`confirm.revoke_token`).
    pub question: &'static str,
    /// What the action applies to, as (label, value) lines.
    pub facts: Vec<(String, String)>,
    /// Where the form posts.
    pub action: String,
    /// Hidden fields the action takes.
    pub fields: Vec<(&'static str, String)>,
    /// Text key of the button that carries the action out.
    pub yes: &'static str,
    /// Where "cancel" goes.
    pub cancel: &'static str,
}

/// The field the confirmation page posts, and its value.
pub const FIELD: &str = "konfirmasi";
pub const YES: &str = "ya";

/// The confirmation field of a posted form, for an action that asks once more.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct Confirmation {
    #[serde(default)]
    pub konfirmasi: String,
}

impl Confirmation {
    /// Whether the form came from the confirmation page.
    pub fn given(&self) -> bool {
        self.konfirmasi == YES
    }
}

impl ConfirmPage {
    fn field(&self) -> &'static str {
        FIELD
    }

    fn yes_value(&self) -> &'static str {
        YES
    }

    pub fn html(&self) -> Result<Html<String>, AppError> {
        Ok(Html(self.render().map_err(anyhow::Error::from)?))
    }
}
