"""Names on a shared server: a name, once claimed, belongs to the browser that claimed it.

On a classroom server anyone can type any name, so a name alone would let learner B open
``?learner=ALICE``, see Alice's answers and reset them. Instead:

- The first browser to use a name claims it. The page handler gives every browser a random
  cookie (``lesson.app.pagehandler``); the claim stores a hash of it, never the cookie.
- The claim comes with a short **recovery code** (``K7QM-3XPA``), shown once to its owner and
  stored only as a salted hash. Another browser (the owner's phone, or after clearing cookies)
  must give the code to use the name; the code then binds that browser too.
- Wrong codes are counted: after ``MAX_FAILURES`` the name is locked for ``LOCK_S`` seconds.
- A reset is a quiz action of whoever holds the name, so it needs the owner's browser or the code.

On the learner's own computer (127.0.0.1) and on JupyterHub none of this applies: there is no
stranger to keep out, and still no login. See docs/security.md.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import sqlite3
import time
from dataclasses import dataclass

from lesson.progress.store import Store, utc_now

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I/L: easy to copy from a screen by hand."""
CODE_LENGTH = 8
MAX_FAILURES = 5
LOCK_S = 600
_ITERATIONS = 20_000

OK_OUTCOMES = ("owner", "claimed", "unlocked", "new-code")
"""Outcomes after which the browser may use the name."""


@dataclass(frozen=True)
class Claim:
    """What happened when this browser asked for a name, and the code to show (if a new one was made)."""

    outcome: str
    """owner | claimed | unlocked | new-code | refused | wrong-code | locked | no-cookie | unavailable"""
    code: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome in OK_OUTCOMES


def new_code() -> str:
    """A fresh recovery code, ``XXXX-XXXX`` (about 40 bits)."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normal_code(raw: str) -> str:
    """What the learner typed, as compared: capitals, without spaces or dashes (at most 32 characters)."""
    return "".join(ch for ch in raw.upper() if ch.isascii() and ch.isalnum())[:32]


def _hash(code: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", normal_code(code).encode(), salt.encode(), _ITERATIONS).hex()


def browser_key(browser_id: str) -> str:
    """What is stored for a browser: a hash of its cookie, so the database never holds the cookie."""
    return hashlib.sha256(b"lesson-browser:" + browser_id.encode()).hexdigest()


def _claim(conn: sqlite3.Connection, name: str, browser: str, code: str, want_new_code: bool) -> Claim:
    """One transaction: claim a free name, recognise its browser, or check a recovery code."""
    row = conn.execute("SELECT salt, code_hash, failures, locked_until FROM names WHERE name = ?",
                       (name,)).fetchone()
    if row is None:
        fresh, salt = new_code(), secrets.token_hex(16)
        conn.execute("INSERT INTO names (name, salt, code_hash, claimed_at) VALUES (?, ?, ?, ?)",
                     (name, salt, _hash(fresh, salt), utc_now()))
        conn.execute("INSERT OR IGNORE INTO name_browsers (name, browser, added_at) VALUES (?, ?, ?)",
                     (name, browser, utc_now()))
        return Claim("claimed", fresh)
    salt, code_hash, failures, locked_until = row
    bound = conn.execute("SELECT 1 FROM name_browsers WHERE name = ? AND browser = ?",
                         (name, browser)).fetchone()
    if bound:
        if not want_new_code:
            return Claim("owner")
        fresh = new_code()
        conn.execute("UPDATE names SET code_hash = ? WHERE name = ?", (_hash(fresh, salt), name))
        return Claim("new-code", fresh)
    if not normal_code(code):
        return Claim("refused")
    now = time.time()
    if locked_until > now:
        return Claim("locked")
    if hmac.compare_digest(_hash(code, salt), code_hash):
        conn.execute("UPDATE names SET failures = 0 WHERE name = ?", (name,))
        conn.execute("INSERT OR IGNORE INTO name_browsers (name, browser, added_at) VALUES (?, ?, ?)",
                     (name, browser, utc_now()))
        return Claim("unlocked")
    failures += 1
    if failures >= MAX_FAILURES:
        conn.execute("UPDATE names SET failures = 0, locked_until = ? WHERE name = ?", (now + LOCK_S, name))
        return Claim("locked")
    conn.execute("UPDATE names SET failures = ? WHERE name = ?", (failures, name))
    return Claim("wrong-code")


_claims: dict[tuple[str, ...], Claim] = {}


def claim(store: Store, name: str, browser_id: str, code: str = "", want_new_code: bool = False) -> Claim:
    """The claim for ``name`` (a storage key such as ``name:ann``) from this browser.

    Worked out once per page (kernel) and kept, so a claim's code is shown on every part of
    the page and a wrong code is counted once. Fails closed: without a cookie or a usable
    database nothing is bound and the name is not used.
    """
    if not browser_id:
        return Claim("no-cookie")
    key = (str(store.path), name, browser_key(browser_id), normal_code(code), str(want_new_code))
    if key not in _claims:
        try:
            _claims[key] = store.transaction(
                lambda conn: _claim(conn, name, browser_key(browser_id), code, want_new_code))
        except sqlite3.Error:
            from lesson.errors import _log

            _log.exception("could not check the name %r", name)
            return Claim("unavailable")  # not kept: the next part of the page tries again
    return _claims[key]
