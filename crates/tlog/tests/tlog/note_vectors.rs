//! Signed-note, checkpoint and cosignature vectors (C2SP, Go sumdb, transparency-dev, Sunlight).

use serde_json::Value;
use sha2::{Digest as _, Sha256};
use tlog::{
    Algorithm, Checkpoint, CheckpointError, KeyError, Note, NoteError, SignerKey, VerifierKey,
    accept_cosignature, cosign, leaf_hash, open, open_checkpoint,
};

use crate::support::{read_json, str};

fn vector(id: &str) -> Value {
    let all = read_json("signed-note/signed_note_vectors.json");
    let found = all["vectors"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == id);
    found.unwrap_or_else(|| panic!("no vector {id}")).clone()
}

fn vkey(value: &Value) -> VerifierKey {
    VerifierKey::parse(str(value)).unwrap()
}

#[test]
fn c2sp_examples() {
    let example = vector("c2sp-signed-note-example");
    let opened = open(str(&example["note"]), &[vkey(&example["vkey"])]).unwrap();
    assert_eq!(opened.text(), "This is an example message.\n");

    let quasimodo = vector("c2sp-signed-note-quasimodo");
    let note = Note::parse(str(&quasimodo["note"])).unwrap();
    assert!(note.text().ends_with("\n\ned è subito sera.\n"));
    assert_eq!(
        open(str(&quasimodo["note"]), &[]),
        Err(NoteError::UnknownKey)
    );

    let sofa = vector("c2sp-tlog-checkpoint-example");
    let note = Note::parse(str(&sofa["note"])).unwrap();
    let checkpoint = Checkpoint::parse(note.text()).unwrap();
    assert_eq!(
        (checkpoint.origin(), checkpoint.size()),
        ("example.com/behind-the-sofa", 20852163)
    );
    let cosignature = &note.signatures()[1];
    assert_eq!(cosignature.signature.len(), 8 + 64);
    let timestamp = u64::from_be_bytes(cosignature.signature[..8].try_into().unwrap());
    assert_eq!(timestamp, 1679315147);
}

#[test]
fn go_sumdb_note_signs_byte_for_byte() {
    let peter = vector("go-sumdb-note-PeterNeumann");
    let signer = SignerKey::parse(str(&peter["skey"])).unwrap();
    assert_eq!(signer.verifier().to_string(), str(&peter["vkey"]));
    let mut note = Note::new(str(&peter["text"])).unwrap();
    note.sign(&signer).unwrap();
    assert_eq!(note.to_text(), str(&peter["note"]));
    assert!(open(str(&peter["note"]), &[vkey(&peter["vkey"])]).is_ok());
}

#[test]
fn go_sumdb_note_with_two_signers() {
    let (peter, enoch) = (
        vector("go-sumdb-note-PeterNeumann"),
        vector("go-sumdb-note-EnochRoot"),
    );
    let (peter_key, enoch_key) = (vkey(&peter["vkey"]), vkey(&enoch["vkey"]));
    let note = str(&enoch["note"]);
    assert_eq!(
        open(note, &[peter_key.clone(), enoch_key.clone()])
            .unwrap()
            .verified
            .len(),
        2
    );
    assert_eq!(open(note, &[enoch_key]).unwrap().verified.len(), 1);
    let only_peter = open(note, std::slice::from_ref(&peter_key)).unwrap();
    assert_eq!(only_peter.verified[0].name, "PeterNeumann");
    assert_eq!(only_peter.note.signatures().len(), 2);
}

#[test]
fn go_sumdb_negative_cases() {
    let cases = vector("go-sumdb-note-negative-cases");
    let trusted = vkey(&cases["trusted_vkey"]);
    for note in cases["malformed_notes"].as_array().unwrap() {
        let result = open(str(note), std::slice::from_ref(&trusted));
        assert!(
            matches!(result, Err(NoteError::Malformed(_))),
            "{note}: {result:?}"
        );
    }
    assert!(matches!(
        Note::parse_bytes(b"\xffIf you think\n\n"),
        Err(NoteError::Malformed(_))
    ));
    assert_eq!(
        open(
            str(&cases["invalid_signature_note"]),
            std::slice::from_ref(&trusted)
        ),
        Err(NoteError::WrongSignature("PeterNeumann".into()))
    );
    let peter = vector("go-sumdb-note-PeterNeumann");
    let note = str(&peter["note"]);
    let (text, line) = note.split_at(note.find('\u{2014}').unwrap());
    let many = format!("{text}{}", line.repeat(101));
    assert_eq!(open(&many, &[trusted]), Err(NoteError::TooManySignatures));
}

#[test]
fn real_sum_golang_org_checkpoint() {
    let real = vector("sum.golang.org-real-checkpoint");
    let key = vkey(&real["vkey"]);
    let opened = open_checkpoint(str(&real["note"]), "go.sum database tree", &key, &[]).unwrap();
    assert_eq!(opened.checkpoint.size(), 6476701);
    assert!(matches!(
        open_checkpoint(str(&real["note"]), "sum.golang.org", &key, &[]),
        Err(CheckpointError::OriginMismatch { .. })
    ));
}

#[test]
fn transparency_dev_key_pairs() {
    let pairs = vector("transparency-dev-formats-test-keypairs");
    for pair in pairs["keypairs"].as_array().unwrap() {
        let signer = SignerKey::parse(str(&pair["skey"])).unwrap();
        assert_eq!(signer.verifier().to_string(), str(&pair["vkey"]));
        assert_eq!(signer.to_private_string(), str(&pair["skey"]));
        let verifier = vkey(&pair["vkey"]);
        let expected = tlog::key_id(verifier.name(), Algorithm::Ed25519, &verifier.public_key());
        assert_eq!(verifier.key_id(), expected);
    }
}

fn sunlight_cosigner(cosigner: &Value) -> SignerKey {
    let seed: [u8; 32] = Sha256::digest(str(&cosigner["seed_string"]).as_bytes()).into();
    SignerKey::from_seed(str(&cosigner["name"]), Algorithm::CosignatureV1, seed).unwrap()
}

#[test]
fn sunlight_cosignatures_verify_and_re_sign_byte_for_byte() {
    let sunlight = vector("sunlight-skylight-cosignatures");
    let timestamp = sunlight["timestamp"].as_u64().unwrap();
    let cosigners = sunlight["cosigners"].as_array().unwrap();
    let notes = sunlight["notes"].as_array().unwrap();
    // Each note is cosigned by the cosigner with the same position in the list.
    for (cosigner, note) in cosigners.iter().zip(notes) {
        let signer = sunlight_cosigner(cosigner);
        assert_eq!(signer.verifier().to_string(), str(&cosigner["vkey"]));
        let note = str(&note["note"]);
        let opened = open(note, &[signer.verifier()]).unwrap();
        assert_eq!(opened.verified[0].timestamp_unix_s, Some(timestamp));
        let line = cosign(opened.text(), &signer, timestamp).unwrap().to_line();
        assert!(note.ends_with(&line), "{line}");
        let accepted =
            accept_cosignature(opened.text(), &line, &[vkey(&cosigner["vkey"])], timestamp);
        assert_eq!(accepted.unwrap().timestamp_unix_s, timestamp);
        let others: Vec<VerifierKey> = cosigners
            .iter()
            .filter(|c| *c != cosigner)
            .map(|c| vkey(&c["vkey"]))
            .collect();
        assert!(accept_cosignature(opened.text(), &line, &others, timestamp).is_err());
    }
    // The mirror's checkpoint commits to the tree of "record 0" … "record 299".
    let mirror = Checkpoint::parse(Note::parse(str(&notes[2]["note"])).unwrap().text()).unwrap();
    let leaves: Vec<tlog::Hash> = (0..300)
        .map(|i| leaf_hash(format!("record {i}").as_bytes()))
        .collect();
    let appended = tlog::append_leaf_hashes(&tlog::MemoryHashes::new(), 0, &leaves).unwrap();
    assert_eq!(
        (appended.size, &appended.root),
        (mirror.size(), mirror.root())
    );
}

#[test]
fn rfc6962_note_signatures_are_not_supported() {
    let rome = vector("rome.ct.filippo.io-rfc6962-note");
    assert_eq!(
        VerifierKey::parse(str(&rome["vkey"])),
        Err(KeyError::UnsupportedAlgorithm(0x05))
    );
    let note = Note::parse(str(&rome["note"])).unwrap();
    assert_eq!(Checkpoint::parse(note.text()).unwrap().size(), 115474666);
    assert_eq!(open(str(&rome["note"]), &[]), Err(NoteError::UnknownKey));
}

#[test]
fn go_sumdb_tree_formats() {
    let formats = read_json("go_sumdb_tlog_formats.json");
    let record = &formats["record_hash"];
    assert_eq!(
        leaf_hash(str(&record["data_utf8"]).as_bytes()).to_base64(),
        str(&record["hash_b64"])
    );
    let tree = &formats["format_tree"];
    let root = tlog::Hash::from_base64(str(&tree["hash_b64"])).unwrap();
    let size = tree["size"].as_u64().unwrap();
    let checkpoint = Checkpoint::new("go.sum database tree", size, root).unwrap();
    assert_eq!(checkpoint.to_text(), str(&tree["body"]));
    let bad: Vec<&str> = formats["bad_trees"]
        .as_array()
        .unwrap()
        .iter()
        .map(str)
        .collect();
    assert_eq!(
        Checkpoint::parse(bad[0]).unwrap().origin(),
        "not-go.sum database tree"
    );
    assert!(matches!(
        Checkpoint::parse(bad[1]),
        Err(CheckpointError::BadSize(_))
    ));
    assert_eq!(Checkpoint::parse(bad[2]), Err(CheckpointError::BadRootHash));
}
