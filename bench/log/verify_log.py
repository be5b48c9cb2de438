#!/usr/bin/env python3
"""An independent verifier of a Tepat transparency log, written from the specs alone
(RFC 9162, c2sp.org/signed-note, tlog-checkpoint, tlog-tiles), sharing no code with Tepat.

Given only a server URL and the log's verifier key it checks the checkpoint signature,
downloads every entry bundle and hash tile, recomputes the tree, and checks every served
inclusion proof it asks for and a consistency proof from an earlier size, and checks that
every entry has the fields of its format version (1, or 2 with `record`).

    python3 verify_log.py http://127.0.0.1:8080 'tepat.local/log+1234abcd+AW…' [--probes 50]

Needs the `cryptography` package for Ed25519. Exits non-zero with the reason on failure.
"""

import argparse
import base64
import hashlib
import json
import random
import sys
import urllib.error
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

TILE = 256


class Failure(Exception):
    pass


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        raise Failure(f"GET {url}: HTTP {err.code}") from err


def parse_vkey(vkey):
    name, key_id, material = vkey.split("+", 2)
    raw = base64.b64decode(material)
    if raw[0] != 0x01 or len(raw) != 33:
        raise Failure("verifier key is not an Ed25519 note key")
    expected = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
    if expected.hex() != key_id:
        raise Failure("verifier key id does not match its key")
    return name, expected, Ed25519PublicKey.from_public_bytes(raw[1:])


def open_checkpoint(note, name, key_id, public):
    text, _, signatures = note.partition("\n\n")
    text += "\n"
    for line in signatures.splitlines():
        if not line.startswith("\u2014 "):
            raise Failure(f"malformed signature line {line!r}")
        signer, _, blob = line[2:].partition(" ")
        blob = base64.b64decode(blob)
        if signer == name and blob[:4] == key_id:
            public.verify(blob[4:], text.encode())  # raises on a bad signature
            origin, size, root = text.splitlines()[:3]
            if origin != name:
                raise Failure("checkpoint origin is not the key's name")
            return int(size), base64.b64decode(root)
    raise Failure("checkpoint carries no signature by the log's key")


def leaf(entry):
    return hashlib.sha256(b"\x00" + entry).digest()


def node(left, right):
    return hashlib.sha256(b"\x01" + left + right).digest()


def tile_path(kind, index, width):
    digits = f"{index:03d}"
    groups = [digits[max(0, i - 3):i] for i in range(len(digits), 0, -3)][::-1]
    groups = [g.zfill(3) for g in groups]
    path = "/".join([f"x{g}" for g in groups[:-1]] + [groups[-1]])
    return f"tile/{kind}/{path}" + ("" if width == TILE else f".p/{width}")


def read_entries(base, size):
    entries = []
    for index in range((size + TILE - 1) // TILE):
        width = min(TILE, size - index * TILE)
        data = fetch(f"{base}/log/{tile_path('entries', index, width)}")
        at = 0
        for _ in range(width):
            length = int.from_bytes(data[at:at + 2], "big")
            entries.append(data[at + 2:at + 2 + length])
            at += 2 + length
        if at != len(data):
            raise Failure(f"entry bundle {index} has trailing bytes")
    return entries


def root_of(hashes):
    """RFC 9162 MTH over leaf hashes, by folding complete subtrees from the right."""
    if not hashes:
        return hashlib.sha256(b"").digest()
    peaks = []  # (height, hash)
    for h in hashes:
        height = 0
        while peaks and peaks[-1][0] == height:
            h = node(peaks.pop()[1], h)
            height += 1
        peaks.append((height, h))
    result = peaks[-1][1]
    for _, h in reversed(peaks[:-1]):
        result = node(h, result)
    return result


def check_tiles(base, leaves, size):
    level_hashes = leaves
    level = 0
    while len(level_hashes) > 0:
        for index in range((len(level_hashes) + TILE - 1) // TILE):
            chunk = level_hashes[index * TILE:(index + 1) * TILE]
            served = fetch(f"{base}/log/{tile_path(level, index, len(chunk))}")
            if served != b"".join(chunk):
                raise Failure(f"tile {tile_path(level, index, len(chunk))} does not match")
        # The next tile level holds the roots of complete 256-leaf subtrees of this one.
        level_hashes = [root_of(level_hashes[i:i + TILE])
                        for i in range(0, len(level_hashes) - TILE + 1, TILE)]
        level += 1


def verify_inclusion(index, size, leaf_hash, proof, root):
    """RFC 9162 section 2.1.3.2."""
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            r = node(p, r)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, proof):
    """RFC 9162 section 2.1.4.2."""
    if first == second:
        return not proof and first_root == second_root
    if first & (first - 1) == 0:
        proof = [first_root] + proof
    fn, sn = first - 1, second - 1
    while fn % 2 == 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn % 2 == 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            if fn % 2 == 0:
                while fn % 2 == 0 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == first_root and sr == second_root


def proof(base, query):
    body = json.loads(fetch(f"{base}/api/v1/log/proof/{query}"))
    return [base64.b64decode(h) for h in body["hashes"]]


# Fields of an entry by format version: version 2 adds `record`, the commitment to the
# records (households, persons) the event wrote, or null when it wrote none.
ENTRY_FIELDS = {
    1: ["v", "event", "time", "action", "actor", "subject", "region", "amounts", "changes"],
    2: ["v", "event", "time", "action", "actor", "subject", "region", "amounts", "changes",
        "record"],
}


def is_commitment(value):
    return (isinstance(value, str) and value.startswith("sha256:") and len(value) == 71
            and all(c in "0123456789abcdef" for c in value[7:]))


def check_entry(index, entry):
    """An entry has exactly its version's fields, in order, and well-formed commitments."""
    if not isinstance(entry, dict) or entry.get("v") not in ENTRY_FIELDS:
        raise Failure(f"entry {index} is not a version 1 or 2 entry")
    if list(entry) != ENTRY_FIELDS[entry["v"]]:
        raise Failure(f"entry {index} does not have the fields of version {entry['v']}")
    if not is_commitment(entry["changes"]):
        raise Failure(f"entry {index}: changes is not a sha256 commitment")
    if entry["v"] == 2 and entry["record"] is not None and not is_commitment(entry["record"]):
        raise Failure(f"entry {index}: record is neither null nor a sha256 commitment")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("url")
    parser.add_argument("key")
    parser.add_argument("--probes", type=int, default=50)
    args = parser.parse_args()
    base = args.url.rstrip("/")
    try:
        name, key_id, public = parse_vkey(args.key)
        size, root = open_checkpoint(fetch(f"{base}/log/checkpoint").decode(), name, key_id, public)
        entries = read_entries(base, size)
        for i, entry in enumerate(entries):
            check_entry(i, json.loads(entry))
        leaves = [leaf(e) for e in entries]
        if root_of(leaves) != root:
            raise Failure("entries do not lead to the checkpoint's root")
        check_tiles(base, leaves, size)
        rng = random.Random(size)
        for index in [rng.randrange(size) for _ in range(args.probes)] if size else []:
            if not verify_inclusion(index, size, leaves[index],
                                    proof(base, f"inclusion?index={index}&size={size}"), root):
                raise Failure(f"inclusion proof of entry {index} does not verify")
        for first in [rng.randrange(1, size + 1) for _ in range(args.probes)] if size else []:
            first_root = root_of(leaves[:first])
            if not verify_consistency(first, size, first_root, root,
                                      proof(base, f"consistency?from={first}&to={size}")):
                raise Failure(f"consistency proof from {first} does not verify")
    except Failure as failure:
        print(f"verification failed: {failure}", file=sys.stderr)
        sys.exit(1)
    except Exception as err:  # a bad signature, malformed data: fail with the reason
        print(f"verification failed: {type(err).__name__}: {err}", file=sys.stderr)
        sys.exit(1)
    print(f"verified {name}: {size} entries, root {base64.b64encode(root).decode()}, "
          f"tiles match, {2 * args.probes if size else 0} proofs verified")


if __name__ == "__main__":
    main()
