"""sms: an ISO/IEC 20000-1 service management system as code."""

from __future__ import annotations

from functools import cache

DISTRIBUTION = "sms-iso20000"
"""The name sms is installed by (`pip install sms-iso20000`): `sms` on the package index is another project."""


@cache
def _installed_version() -> str:
    """The version the installed distribution carries; setuptools-scm took it from the git tags at install.
    Asked on first use only: importlib.metadata costs a warm check a tenth of its time."""
    from importlib import metadata

    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a source tree on PYTHONPATH that was never installed
        return "0+unknown"


def __getattr__(name: str) -> str:
    if name == "__version__":
        return _installed_version()
    raise AttributeError(f"module 'sms' has no attribute {name!r}")
