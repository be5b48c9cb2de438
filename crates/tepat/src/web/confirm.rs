//! The confirmation step of a destructive action: a page that names what is about to
//! happen and to what, with one button that posts the action and a way back. It needs no
//! script, so it works under the strict content security policy.

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

impl ConfirmPage {
    pub fn html(&self) -> Result<Html<String>, AppError> {
        Ok(Html(self.render().map_err(anyhow::Error::from)?))
    }
}
