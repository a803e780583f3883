"""A note as mail: an ``.eml`` file (standard library ``email``) and a ``mailto:`` URL."""

from __future__ import annotations

import os
import re
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, formataddr
from pathlib import Path
from urllib.parse import quote

from storage.rules.validate import valid_email

# Anything that is not text on one line: a header value holding a line break
# would end the header (the email package refuses it with a ValueError).
_NOT_ONE_LINE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]+")


def header_text(value: str) -> str:
    """``value`` as one header line: line breaks and other controls become a
    space (a name stored before names were checked may hold them)."""
    return " ".join(_NOT_ONE_LINE.sub(" ", value).split())


def build_eml(*, to_name: str | None, to_email: str | None, subject: str, body: str,
              when: datetime | None = None) -> bytes:
    """An unsent message a mail client opens as a draft (``X-Unsent: 1``).

    No ``From``: Afterview does not know the user's address; the mail client
    fills in the account it sends from.
    """
    message = EmailMessage()
    if to_email and valid_email(to_email.strip()):
        # An address that is not one plain address is left out, not mangled:
        # the mail client asks for the recipient instead.
        message["To"] = formataddr((header_text(to_name or ""), to_email.strip()))
    message["Subject"] = header_text(subject)
    message["Date"] = format_datetime((when or datetime.now()).astimezone())
    message["X-Unsent"] = "1"
    message.set_content(body)
    return message.as_bytes()


def write_eml(path: Path, data: bytes) -> None:
    """Write a new file, 0600 whatever the umask; never replaces one
    (``FileExistsError``). Folders it has to make are 0700: a note is private."""
    _private_dirs(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _private_dirs(folder: Path) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):
        made.mkdir(mode=0o700)  # a umask only takes bits away: 0700 at most


def build_mailto(to_email: str | None, subject: str, body: str) -> str:
    """A ``mailto:`` URL (RFC 6068): every part percent-encoded, line ends as CRLF."""
    crlf_body = body.replace("\r\n", "\n").replace("\n", "\r\n")
    query = f"subject={quote(subject, safe='')}&body={quote(crlf_body, safe='')}"
    return f"mailto:{quote(to_email or '', safe='@')}?{query}"


def eml_file_name(company: str, kind: str, when: datetime) -> str:
    safe = "".join(c if c.isalnum() else "-" for c in company.casefold()).strip("-") or "note"
    return f"{safe}-{kind.replace('_', '-')}-{when:%Y%m%d-%H%M}.eml"
