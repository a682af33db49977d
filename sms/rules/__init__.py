"""Rules: the registry (registry.py), one module per area, and `catalog.all_rules()` which loads them all."""
