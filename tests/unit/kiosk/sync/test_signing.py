"""Request signatures: any change to what is signed breaks them."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.sync import signing


@given(st.binary(max_size=200), st.text(min_size=1, max_size=30), st.sampled_from(["GET", "POST", "PUT"]))
def test_signature_round_trip(body: bytes, path: str, method: str) -> None:
    h = signing.sign_headers("hall-a", "secret-0123456789", method, path, body, now=1_700_000_000)
    args = (method, path, body, h["X-Timestamp"], h["X-Nonce"], "hall-a", h["X-Signature"])
    assert signing.verify("secret-0123456789", *args)
    assert not signing.verify("secret-0123456780", *args)
    assert not signing.verify("secret-0123456789", method, path, body + b"x", *args[3:])
    assert not signing.verify("secret-0123456789", method, path + "x", body, *args[3:])
    assert not signing.verify("secret-0123456789", *args[:3], str(int(h["X-Timestamp"]) + 1), *args[4:])
    assert not signing.verify("secret-0123456789", *args[:5], "hall-b", h["X-Signature"])
    assert signing.NONCE_RE.match(h["X-Nonce"])


def test_nonces_differ() -> None:
    a = signing.sign_headers("o", "s" * 16, "GET", "/", b"")
    b = signing.sign_headers("o", "s" * 16, "GET", "/", b"")
    assert a["X-Nonce"] != b["X-Nonce"] and a["X-Signature"] != b["X-Signature"]
