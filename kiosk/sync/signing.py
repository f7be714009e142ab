"""Request signing between an origin (hall node, community terminal) and the central server.

    X-Origin:    the origin id
    X-Timestamp: unix seconds
    X-Nonce:     16..64 characters [A-Za-z0-9_-], never reused within the clock window
    X-Signature: hex HMAC-SHA256(secret, METHOD \\n PATH?QUERY \\n sha256(body) \\n timestamp \\n nonce \\n origin)

The server refuses timestamps more than ``MAX_SKEW_S`` away from its clock and any nonce it has
already seen for that origin (kept in its database, so this holds across server instances).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time

MAX_SKEW_S = 300
NONCE_RE = re.compile(r"^[A-Za-z0-9_\-]{16,64}$")


def string_to_sign(method: str, path: str, body: bytes, timestamp: str, nonce: str, origin: str) -> bytes:
    digest = hashlib.sha256(body).hexdigest()
    return "\n".join([method.upper(), path, digest, timestamp, nonce, origin]).encode("utf-8")


def signature(secret: str, method: str, path: str, body: bytes, timestamp: str, nonce: str,
              origin: str) -> str:
    return hmac.new(secret.encode("utf-8"), string_to_sign(method, path, body, timestamp, nonce, origin),
                    hashlib.sha256).hexdigest()


def sign_headers(origin: str, secret: str, method: str, path: str, body: bytes = b"",
                 now: float | None = None) -> dict[str, str]:
    """Headers for one request; call again for every retry (fresh timestamp and nonce)."""
    ts = str(int(now if now is not None else time.time()))
    nonce = secrets.token_hex(16)
    return {"X-Origin": origin, "X-Timestamp": ts, "X-Nonce": nonce,
            "X-Signature": signature(secret, method, path, body, ts, nonce, origin)}


def verify(secret: str, method: str, path: str, body: bytes, timestamp: str, nonce: str,
           origin: str, sig: str) -> bool:
    expected = signature(secret, method, path, body, timestamp, nonce, origin)
    return hmac.compare_digest(expected, sig.lower())
