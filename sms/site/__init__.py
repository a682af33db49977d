"""The published site: an mkdocs plugin (plugin.py) over a pure page generator (pages.py)."""
