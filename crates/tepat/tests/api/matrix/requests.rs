//! Requests built for a target, and numbers unique per call.

use super::*;

/// A new valid household for the target's village; numbers unique per call.
pub(super) fn new_household(target: Target) -> Value {
    let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
    let district = if target == Target::Inside {
        "317507"
    } else {
        "327301"
    };
    json!({"kk": format!("{district}150315{serial:04}"), "village_code": Fixture::region(target),
        "address": "Jl. Uji 1", "rt": "1", "rw": "1",
        "members": [{"nik": format!("{district}210587{serial:04}"), "name": "Uji",
            "birth_place": "Jakarta", "birth_date": "1987-05-21", "sex": "L",
            "relationship": "kepala"}]})
}

/// A concrete request built for a target.
pub(super) struct Req {
    pub(super) path: String,
    pub(super) form: Option<Vec<(String, String)>>,
    pub(super) json: Option<Value>,
    pub(super) upload: Option<Upload>,
}

/// A file sent as a web form's upload or as the raw body of an API call.
pub(super) enum Upload {
    Form(Vec<u8>),
    Raw(Vec<u8>),
    /// The raw XML body of an API call.
    Xml(Vec<u8>),
    /// A multipart form of text fields only.
    Fields(Vec<(&'static str, String)>),
}

pub(super) fn at(path: impl Into<String>) -> Req {
    Req {
        path: path.into(),
        form: None,
        json: None,
        upload: None,
    }
}

pub(super) fn upload(path: impl Into<String>, file: Upload) -> Req {
    Req {
        upload: Some(file),
        ..at(path)
    }
}

/// A one-family import file for Klender.
pub(super) fn import_file() -> Vec<u8> {
    let serial = UNIQUE.fetch_add(1, Ordering::Relaxed) + 1;
    format!(
        "kk,nik,name,sex,birth_place,birth_date,relationship,village_code,address,rt,rw,phone\n\
         317507150315{serial:04},317507210587{serial:04},Uji,L,Jakarta,1987-05-21,kepala,\
         {INSIDE},Jl. Uji 1,1,1,\n"
    )
    .into_bytes()
}

pub(super) fn form(path: impl Into<String>, fields: &[(&str, &str)]) -> Req {
    let fields = fields
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Req {
        form: Some(fields),
        ..at(path)
    }
}

pub(super) fn json_body(path: impl Into<String>, body: Value) -> Req {
    Req {
        json: Some(body),
        ..at(path)
    }
}

pub(super) static UNIQUE: AtomicUsize = AtomicUsize::new(0);

pub(super) fn unique() -> String {
    format!("u{}", UNIQUE.fetch_add(1, Ordering::Relaxed))
}
