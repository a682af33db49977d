"""SMS0xx: reading files safely and validating them against their schemas.

These rules are raised by the loader, the schema validation and the repository while records are read;
the declarations here give each its id, severity, clauses and documentation.
"""

from __future__ import annotations

from sms.core.findings import Severity
from sms.rules.registry import Rule, declare

DOC_CLAUSES = ("7.5.2", "7.5.3")


def _loading(rule_id: str, severity: Severity, clauses: tuple[str, ...], doc: str) -> Rule:
    """A loading rule: each of its problems is about the one file it was found in (per file)."""
    return declare(rule_id, severity, clauses, doc, per_file=True)


SMS001 = _loading("SMS001", Severity.ERROR, DOC_CLAUSES, """
    The file is not valid YAML.

    A record must be one YAML 1.2 mapping. The message gives libyaml's reason and the position where
    parsing stopped; fix the syntax there (often an unclosed bracket or quote, or wrong indentation).

    Mapping keys are text, exactly as written: `1:` is the key "1" and `true:` the key "true". A list or
    mapping as a key (a complex key, `? [a, b]`) is refused with its own message. So are the few texts
    libyaml reads differently from YAML 1.2 (checked against the official yaml-test-suite): a value right
    after `?` in a flow collection (`[?x]` is the text "?x", quote it), a lone `-` as a flow item, and a
    `#` comment touching the token before it (`"x"# note`: write `"x" # note`).

    Passing example: `title: Rotate the TLS certificates`.
    Failing example: `links: {services: [SVC-0001}` (unclosed bracket).
""")
SMS002 = _loading("SMS002", Severity.ERROR, DOC_CLAUSES, """
    A mapping has the same key twice.

    Most YAML readers silently keep the last value, so a duplicated key hides data. sms refuses the file
    and names both lines; keep one of the two. Keys are compared as text, as written: `1:` and `'1':` are
    the same key.

    Passing example: each key once per mapping.
    Failing example: `title:` on line 4 and again on line 9.
""")
SMS003 = _loading("SMS003", Severity.ERROR, DOC_CLAUSES, """
    Anchors, aliases and merge keys are not allowed.

    `&anchor`, `*alias` and `<<:` make one value stand for another. They make records hard to review in a
    diff, and nested aliases can expand a small file into gigabytes ("billion laughs"). Write values out.

    Passing example: the value written out in full.
    Failing example: `defaults: &d {...}` then `<<: *d`.
""")
SMS004 = _loading("SMS004", Severity.ERROR, DOC_CLAUSES, """
    Explicit YAML tags are not allowed.

    Tags such as `!!str`, `!!python/object` or `!custom` change how a value is read. Records are plain data:
    remove the tag and quote the value if it must be a string.

    Passing example: `version: '1.0'`.
    Failing example: `version: !!str 1.0`.
""")
SMS005 = _loading("SMS005", Severity.ERROR, DOC_CLAUSES, """
    YAML directives are not allowed.

    `%YAML 1.1` would switch the file to YAML 1.1 rules, where `no` and `on` become booleans; `%TAG` defines
    tags. sms reads YAML 1.2 only: delete the `%` lines. Any directive is refused, including `%YAML 1.3`
    and malformed or unknown ones.

    Passing example: a file starting with the schema comment.
    Failing example: a file starting with `%YAML 1.1`.
""")
SMS006 = _loading("SMS006", Severity.ERROR, DOC_CLAUSES, """
    A record file must hold exactly one YAML document.

    Empty files and files with several `---` documents are refused: one record per file keeps ids, paths
    and history one-to-one. Anything after a closing `...` is refused too, whether or not it parses.

    Passing example: one mapping per file.
    Failing example: two records separated by `---`, or an empty file.
""")
SMS007 = _loading("SMS007", Severity.ERROR, DOC_CLAUSES, """
    The YAML is nested more than 64 levels deep.

    No record needs that depth; very deep nesting is a way to exhaust a parser. Flatten the structure.

    Passing example: ordinary records, a few levels deep.
    Failing example: 65 nested lists.
""")
SMS008 = _loading("SMS008", Severity.ERROR, DOC_CLAUSES, """
    The file is larger than the configured limit (1 MiB by default).

    The file is refused without being parsed. Split the record, move long prose into a Markdown body, or
    raise `limits.max_file_bytes` in sms.yaml.

    Passing example: a record of a few kilobytes.
    Failing example: a 2 MiB record with the default limit.
""")
SMS009 = _loading("SMS009", Severity.ERROR, DOC_CLAUSES, """
    The file is not valid UTF-8 text, or contains characters YAML forbids.

    Save the file as UTF-8 and remove control characters; the message gives the line of the first bad byte.

    Passing example: a file saved as UTF-8.
    Failing example: a file saved as Latin-1 with an accented name.
""")
SMS010 = _loading("SMS010", Severity.ERROR, DOC_CLAUSES, """
    The path is unsafe: it leaves the SMS root, or is not a regular file.

    Symlinks pointing outside the repository, `..` paths, FIFOs and devices are refused without being
    opened, so a pull request cannot make CI read files it should not.

    Passing example: a regular file under records/.
    Failing example: records/changes/CHG-0001.yaml as a symlink to /etc/passwd.
""")
SMS011 = _loading("SMS011", Severity.ERROR, DOC_CLAUSES, """
    The record's envelope is wrong: it is not a mapping, or `apiVersion` or `kind` is missing or unknown.

    Every record starts with `apiVersion: sms/v1` and a `kind` that names its schema.

    Passing example: `apiVersion: sms/v1` and `kind: change`.
    Failing example: `kind: chnage`.
""")
SMS012 = _loading("SMS012", Severity.ERROR, DOC_CLAUSES, """
    The record does not match its schema.

    A required field is missing, a value has the wrong type or is not one of the allowed values, a date is
    invalid, or a field is unknown. The finding points at the field's own line; `schemas/KIND.schema.json`
    and the editor's hover text describe each field.

    Passing example: `type: normal`.
    Failing example: `type: norml`, or a missing `requested_by`.
""")
SMS013 = _loading("SMS013", Severity.ERROR, ("7.5.2",), """
    The record's id differs from its file name.

    `records/changes/CHG-0042.yaml` must hold `id: CHG-0042`, so that paths and ids can be used
    interchangeably in reviews, links and history.

    Passing example: records/changes/CHG-0042.yaml with `id: CHG-0042`.
    Failing example: the same file with `id: CHG-0043`.
""")
SMS014 = _loading("SMS014", Severity.ERROR, ("7.5.2",), """
    The record is in the wrong folder for its kind.

    Records live in `records/<folder>/` where the folder names the kind (`records/changes/` holds
    `kind: change`); context, scope, policies, objectives, roles, processes and plans live under
    `policies/`.

    Passing example: a change in records/changes/.
    Failing example: a change in records/incidents/.
""")
SMS015 = _loading("SMS015", Severity.ERROR, ("7.5.2",), """
    The id does not have the form configured for its kind.

    Ids are PREFIX-NNNN with the kind's prefix (defaults CHG, INC, SVC...; `id_prefixes` in sms.yaml changes
    them) and at least four digits; roles and people use lowercase slugs such as `change-manager`.

    Passing example: `id: CHG-0042`; a role `id: change-manager`.
    Failing example: `id: CHG-42`; a role `id: Change_Manager`.
""")
SMS016 = _loading("SMS016", Severity.WARNING, ("7.5.2",), """
    The file does not start with the schema comment for its kind.

    The first line `# yaml-language-server: $schema=<relative path>/schemas/KIND.schema.json` lets editors
    complete and validate the record while it is written.

    Passing example: first line `# yaml-language-server: $schema=../../schemas/change.schema.json`.
    Failing example: no comment, or one naming another kind's schema.
""")
