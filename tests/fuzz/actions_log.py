"""What the GitHub Actions runner would act on in one stream of a step's output.

A model of actions/runner (src/Runner.Worker/ActionCommandManager.cs TryProcessCommand, src/Runner.Common/
ActionCommand.cs TryParseV2 and TryParse): each line (split at CR, LF or CRLF) is a command when, after
leading white space, it starts with `::` and has a second `::` (`::name props::data`), or when it holds
`##[name props]` anywhere (the older syntax). `::stop-commands::TOKEN` stops all processing until a line
that is the command TOKEN. The model is stricter than the runner in one way: any name counts, registered or
not, so a forged line is caught even if the runner would only warn about it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LINE_BREAK = re.compile(r"\r\n|\r|\n")
_DATA = [("%0D", "\r"), ("%0A", "\n"), ("%25", "%")]
_PROPERTY = [("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")]


@dataclass(frozen=True)
class Command:
    """One command the runner acts on: its name (lower case), properties and data, unescaped."""

    name: str
    data: str
    properties: dict[str, str] = field(default_factory=dict)


def _unescape(value: str, mappings: list[tuple[str, str]]) -> str:
    for escaped, char in mappings:  # the runner's order: %25 last
        value = value.replace(escaped, char)
    return value


def parse_line(line: str) -> Command | None:
    """The command a line would be, if any."""
    text = line.lstrip()
    end = text.find("::", 2) if text.startswith("::") else -1
    if end >= 0:
        name, _, props = text[2:end].partition(" ")
        properties = {}
        for item in filter(None, props.strip().split(",")):
            key, equals, value = item.partition("=")
            if equals and key and value:
                properties[key] = _unescape(value, _PROPERTY)
        return Command(name.lower(), _unescape(text[end + 2:], _DATA), properties)
    start = line.find("##[")
    close = line.find("]", start) if start >= 0 else -1
    if close >= 0:
        return Command(line[start + 3:close].partition(" ")[0].lower(), line[close + 1:])
    return None


def acted_on(output: str) -> list[Command]:
    """The commands the runner would process in `output`, in order (stop and resume included)."""
    commands: list[Command] = []
    token: str | None = None
    for line in LINE_BREAK.split(output):
        command = parse_line(line)
        if command is None:
            continue
        if token is not None:
            if command.name == token.lower():
                token = None
                commands.append(command)
            continue
        if command.name == "stop-commands":
            token = command.data
        commands.append(command)
    return commands
