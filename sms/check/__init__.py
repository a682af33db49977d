"""The check engine: every rule of the catalogue over a loaded repository, then sms.yaml's overrides and
waivers."""
