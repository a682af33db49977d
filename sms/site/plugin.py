"""The mkdocs plugin (`plugins: [sms]`): adds the generated pages to the build without writing to docs/."""

from __future__ import annotations

from pathlib import Path
from mkdocs.config import config_options
from mkdocs.config.base import Config as MkdocsConfig
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from sms.config import load_config
from sms.errors import SmsError
from sms.repository import load_repository
from sms.site.pages import build_pages


class SmsPluginConfig(MkdocsConfig):  # type: ignore[no-untyped-call]
    root = config_options.Type(str, default=".")
    """The SMS repository root, relative to mkdocs.yml."""


class SmsPlugin(BasePlugin[SmsPluginConfig]):  # type: ignore[no-untyped-call]
    """Generates the registers from the SMS's records."""

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        root = Path(config.config_file_path or ".").parent / self.config.root
        try:
            repo = load_repository(root, load_config(root))
        except SmsError as exc:  # translated into mkdocs' own error so `mkdocs build` prints one line
            raise PluginError(f"sms: {exc}") from exc
        for path, content in build_pages(repo).items():
            files.append(File.generated(config, path, content=content))
        return files

