"""The traceability graph: every reference between records, followed in both directions."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sms.core.text import dotted
from sms.store.repository import Repository

LEAF_KINDS = frozenset({"person", "role"})


@dataclass(frozen=True)
class Edge:
    """`source` refers to `target` through its field `via` (e.g. links.services[0])."""

    source: str
    target: str
    via: str


@dataclass
class Graph:
    """Links out of and into every record id."""

    outgoing: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))
    incoming: dict[str, list[Edge]] = field(default_factory=lambda: defaultdict(list))

    def add(self, edge: Edge) -> None:
        self.outgoing[edge.source].append(edge)
        self.incoming[edge.target].append(edge)


def build_graph(repo: Repository) -> Graph:
    graph = Graph()
    for entry in repo.entries:
        if entry.kind is None or entry.id is None:
            continue
        for path, target, _kinds in entry.refs:
            graph.add(Edge(entry.id, target, dotted(path)))
    return graph


def describe(repo: Repository, record_id: str) -> str:
    entry = repo.get(record_id)
    if entry is None:
        return f"{record_id} (missing)"
    title = entry.data.get("title", "") if isinstance(entry.data, dict) else ""
    return f"{record_id} ({entry.kind}) {title}".rstrip()


def render_tree(repo: Repository, graph: Graph, root: str, depth: int) -> list[str]:
    """Text lines: what ROOT depends on, then what depends on it, each `depth` levels deep."""
    lines = [describe(repo, root)]
    for heading, follow, other in (("depends on:", graph.outgoing, "target"), ("used by:", graph.incoming, "source")):
        lines.append(f"  {heading}")
        before = len(lines)
        _walk(repo, follow, other, root, depth, 2, {root}, lines)
        if len(lines) == before:
            lines.append("    (nothing)")
    return lines


def _walk(repo: Repository, follow: dict[str, list[Edge]], other: str, node: str, depth: int, indent: int,
          seen: set[str], lines: list[str]) -> None:
    if depth == 0:
        return
    for edge in sorted(follow.get(node, []), key=lambda e: (e.via, e.source, e.target)):
        neighbour = getattr(edge, other)
        repeat = neighbour in seen
        lines.append(f"{'  ' * indent}{edge.via}: {describe(repo, neighbour)}" + (" (see above)" if repeat else ""))
        target = repo.get(neighbour)
        # People and roles are referenced by almost everything: show them, but do not expand through them.
        if not repeat and target is not None and target.kind not in LEAF_KINDS:
            _walk(repo, follow, other, neighbour, depth - 1, indent + 1, seen | {neighbour}, lines)
