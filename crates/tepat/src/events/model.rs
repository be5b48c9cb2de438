//! Event types: the actor, the action name, the changed fields.

use serde_json::{Map, Value};

use crate::region_code::RegionCode;

/// Who caused an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// An official signed in with a session.
    Account,
    /// A machine client with an API token.
    Token,
    /// The program itself or an operator at the command line.
    System,
}

impl ActorKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Account => "account",
            Self::Token => "token",
            Self::System => "system",
        }
    }

    pub fn parse(text: &str) -> Self {
        match text {
            "account" => Self::Account,
            "token" => Self::Token,
            _ => Self::System,
        }
    }
}

/// The actor recorded on an event: kind, id and the role acted in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<i64>,
    pub role: String,
}

impl Actor {
    pub fn system() -> Self {
        Self {
            kind: ActorKind::System,
            id: None,
            role: "system".to_owned(),
        }
    }
}

/// An action name such as `account.created`. Each feature declares its own constants, so
/// adding a feature never edits a central list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Action(pub &'static str);

/// The changed fields of an event, as `{"field": {"from": …, "to": …}}`.
#[derive(Debug, Clone, Default)]
pub struct Changes(Map<String, Value>);

impl Changes {
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a field set on creation.
    pub fn set(mut self, field: &str, to: impl Into<Value>) -> Self {
        self.0
            .insert(field.to_owned(), serde_json::json!({ "to": to.into() }));
        self
    }

    /// Records a field that changed; unchanged values are left out.
    pub fn change(mut self, field: &str, from: impl Into<Value>, to: impl Into<Value>) -> Self {
        let (from, to) = (from.into(), to.into());
        if from != to {
            self.0.insert(
                field.to_owned(),
                serde_json::json!({ "from": from, "to": to }),
            );
        }
        self
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    /// The changes as stored: compact JSON.
    pub fn to_json_string(&self) -> String {
        serde_json::to_string(&self.0).unwrap_or_default()
    }
}

/// An event about to be written.
#[derive(Debug, Clone)]
pub struct NewEvent {
    pub actor: Actor,
    pub action: Action,
    pub subject_type: &'static str,
    pub subject_id: String,
    pub region: Option<RegionCode>,
    pub changes: Changes,
    pub request_id: Option<String>,
}

/// An event's id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(transparent)]
pub struct EventId(pub i64);

/// A stored event.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Event {
    pub id: i64,
    /// UTC, RFC 3339.
    pub occurred_at: String,
    pub actor_kind: ActorKind,
    pub actor_id: Option<i64>,
    pub actor_role: String,
    pub action: String,
    pub subject_type: String,
    pub subject_id: String,
    pub region_code: Option<String>,
    /// `{"field": {"from": …, "to": …}}`
    #[schema(value_type = Object)]
    pub changes: Value,
    /// The entry's index in the transparency log, once sequenced.
    pub log_index: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unchanged_fields_are_left_out() {
        let changes = Changes::new()
            .change("status", "active", "active")
            .change("role", "a", "b");
        let value = changes.into_value();
        assert!(value.get("status").is_none());
        assert_eq!(value["role"]["from"], "a");
        assert_eq!(value["role"]["to"], "b");
    }
}
