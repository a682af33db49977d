"""Write files so that a crash or a full disk never leaves one half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from sms.core.errors import SmsError


def write_text(path: Path, text: str) -> None:
    """Write to a temporary file in the same folder, fsync it, then atomically replace `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise SmsError(f"{path}: cannot write: {exc.strerror}") from exc
