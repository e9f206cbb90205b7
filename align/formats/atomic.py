"""All-or-nothing output: every file is written to a temporary name first, renamed at the end."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_all(files: dict[Path, str]) -> None:
    """Write each text to its path; if any write fails, none of the paths is touched."""
    temps: list[tuple[str, Path]] = []
    try:
        for path, text in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            temps.append((temp, path))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(text)
        for temp, path in temps:
            os.replace(temp, path)
    except BaseException:
        for temp, _ in temps:
            if os.path.exists(temp):
                os.unlink(temp)
        raise
