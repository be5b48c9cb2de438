//! The RFC 9457 problem document, as every API error is returned.

/// An RFC 9457 problem document, as every API error is returned.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type, e.g. `/api/docs#problem-invalid`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The request path.
    pub instance: String,
    /// Quote this id when asking for help.
    pub request_id: String,
    /// The fields that failed their rules.
    pub errors: Vec<super::FieldError>,
}
