"""sms: an ISO/IEC 20000-1 service management system as code."""

from importlib import metadata

DISTRIBUTION = "sms-iso20000"
"""The name sms is installed by (`pip install sms-iso20000`): `sms` on the package index is another project."""


def _installed_version() -> str:
    """The version the installed distribution carries; setuptools-scm took it from the git tags at install."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a source tree on PYTHONPATH that was never installed
        return "0+unknown"


__version__ = _installed_version()
