"""Installed packages' folders, found without importing them (a package's `__init__` may import
much more than the data file or module wanted: TextBlob's imports nltk)."""
from __future__ import annotations

import importlib.util
from pathlib import Path


def package_folder(name: str) -> Path:
    """The folder of the installed top-level package `name`; ModuleNotFoundError when it is absent."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)
    return Path(next(iter(spec.submodule_search_locations)))
