"""The community key of blind mode: its generations, key files, and the keyed tokens.

The community key is a secret shared by the participating agencies and never
given to the server. Every keyed value derives a sub-key per purpose, so a
token of one kind (a phone, a block, a given name) says nothing about another.

Key rotation: each token carries its key id. Agencies generate a new
generation (`CommunityKey.generate`), share it in a key file that marks the
current one, and re-encode; the server accepts the ids in its
``accepted_key_ids`` setting (current and previous during the rotation
window) and only compares like-keyed tokens.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from vinculo.exc import InvalidData
from vinculo.i18n import N_

KEY_ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,32}$")


@dataclass(frozen=True)
class CommunityKey:
    """One generation of the community secret, named by its id."""

    key_id: str
    secret: bytes

    def __post_init__(self) -> None:
        if not KEY_ID_PATTERN.match(self.key_id):
            raise InvalidData.at(N_("key id must be 1-32 of A-Z a-z 0-9 _ . -"), field="key_id")
        if len(self.secret) < 32:
            raise InvalidData.at(
                N_("the community secret must have at least 256 bits"), field="secret"
            )

    def derive(self, purpose: str) -> bytes:
        """A sub-key per purpose (HKDF-expand style): per-kind keys never share a secret."""
        return hmac.new(self.secret, f"vinculo/v1/{purpose}".encode(), hashlib.sha256).digest()

    @classmethod
    def generate(cls, key_id: str) -> CommunityKey:
        return cls(key_id, secrets.token_bytes(32))


def load_key_file(path: str | Path, key_id: str | None = None) -> CommunityKey:
    """Read ``{"keys": [{"id", "secret" (base64), "current"}]}``; pick ``key_id`` or the current."""
    where = str(path)
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        entries = data["keys"]
        keys = [
            (CommunityKey(e["id"], base64.b64decode(e["secret"], validate=True)), e.get("current"))
            for e in entries
        ]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InvalidData.at(
            N_("unreadable key file: {error}"), file=where, error=str(exc)
        ) from None
    for key, current in keys:
        if (key_id is None and current) or key.key_id == key_id:
            return key
    if key_id is None:
        raise InvalidData.at(N_("key file has no current key"), file=where)
    raise InvalidData.at(N_("key file has no key {key_id!r}"), file=where, key_id=key_id)


def key_file_text(keys: Sequence[CommunityKey], current: str) -> str:
    entries = [
        {
            "id": k.key_id,
            "secret": base64.b64encode(k.secret).decode(),
            "current": k.key_id == current,
        }
        for k in keys
    ]
    return json.dumps({"keys": entries}, indent=2) + "\n"


def mac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).digest()


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def id_token(key: CommunityKey, match_key: str) -> str:
    """``KEYID:kind:MAC`` for a plain ``kind:value`` key; the kind stays readable."""
    kind, _, _ = match_key.partition(":")
    return f"{key.key_id}:{kind}:{b64(mac(key.derive(f'id:{kind}'), match_key)[:16])}"


def feature_token(key: CommunityKey, purpose: str, value: str) -> str:
    """A keyed token of one person feature, with a sub-key per purpose."""
    return f"{key.key_id}:{purpose}:{b64(mac(key.derive(f'person:{purpose}'), value)[:12])}"


def block_token(key: CommunityKey, block: str) -> str:
    return f"{key.key_id}:b:{b64(mac(key.derive('block'), block)[:12])}"
