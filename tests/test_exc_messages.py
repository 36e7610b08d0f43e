"""Every error a person reads is a template marked for extraction, with Spanish for it.

Walks the source with `ast` rather than trusting review: an f-string or a computed
text given to an exception of the vinculo tree cannot be translated, since its
values are already inside it.
"""

from __future__ import annotations

import ast
import string
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import vinculo
from vinculo import i18n
from vinculo.exc import VinculoError

ROOT = Path(vinculo.__file__).parent
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)

#: Keywords of the raising API that place a problem; they are never template values
#: (a bare `Message` has no such keywords).
RESERVED = frozenset({"file", "line", "field", "errors"})

#: Helpers that take a message (by position) and raise or collect it: name -> argument
#: index. Their own bodies pass the parameter on; their call sites are checked here.
HELPERS = {"located": 0, "error": 0, "add": 0, "_require": 2, "build": 0, "at": 0}

#: Receivers of ``.error(...)`` / ``.add(...)`` that are not vinculo's message helpers.
NOT_HELPERS = frozenset({"logger", "log", "logging", "seen", "self._seen"})

#: (file, function) pairs whose message is deliberately not a template, with why.
#: Empty today: driver texts ride as values of translated templates instead.
ALLOWED: dict[tuple[str, str], str] = {
    ("ingest/base.py", "raise_if_any"): "re-raises a collected Problem, built from a template",
}


def _exception_names() -> set[str]:
    names, todo = set(), [VinculoError]
    while todo:
        cls = todo.pop()
        names.add(cls.__name__)
        todo.extend(cls.__subclasses__())
    return names


EXCEPTIONS = _exception_names()


@dataclass
class Site:
    path: str
    lineno: int
    function: str
    what: str
    arg: ast.expr | None
    call: ast.Call


def _message_arg(call: ast.Call) -> tuple[str, int] | None:
    """Which argument of ``call`` is a message, if ``call`` raises or collects one."""
    func = call.func
    if isinstance(func, ast.Name):
        if func.id in EXCEPTIONS or func.id == "Message":
            return func.id, 0
        if func.id in ("located", "_require"):
            return func.id, HELPERS[func.id]
        return None
    if not isinstance(func, ast.Attribute):
        return None
    owner = ast.unparse(func.value)
    if func.attr == "at" and owner in EXCEPTIONS:
        return f"{owner}.at", 0
    if func.attr == "of" and owner == "Message":
        return "Message.of", 0
    if func.attr == "error" and owner not in NOT_HELPERS:
        return f"{owner}.error", 0  # legal's YAML Reader.error
    if func.attr == "add" and owner == "problems":
        return "problems.add", 0  # ingest's ProblemCollector
    return None


def _sites() -> list[Site]:
    sites = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        rel = str(path.relative_to(ROOT))
        for function in [tree, *(n for n in ast.walk(tree) if isinstance(n, _FUNCTIONS))]:
            name = function.name if isinstance(function, _FUNCTIONS) else "<module>"
            body = function.body
            for node in (n for stmt in body for n in _walk_own(stmt)):
                if isinstance(node, ast.Call) and (found := _message_arg(node)):
                    what, index = found
                    arg = node.args[index] if len(node.args) > index else None
                    sites.append(Site(rel, node.lineno, name, what, arg, node))
    return sites


def _walk_own(node: ast.AST) -> list[ast.AST]:
    """The nodes of ``node`` outside nested function definitions (they are walked apart)."""
    out: list[ast.AST] = []
    todo = [node]
    while todo:
        current = todo.pop()
        if isinstance(current, _FUNCTIONS):
            continue
        out.append(current)
        todo.extend(ast.iter_child_nodes(current))
    return out


def _fields(template: str) -> list[tuple[str, str | None, str]]:
    """The placeholders of a template: (name, conversion, format spec)."""
    return sorted(
        (name, conversion, spec or "")
        for _text, name, spec, conversion in string.Formatter().parse(template)
        if name is not None
    )


def _problem(site: Site, params: dict[str, ast.expr]) -> str | None:
    arg = site.arg
    if arg is None:
        return None if site.what in EXCEPTIONS else "no message"
    if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "N_":
        literal = arg.args[0] if arg.args else None
        if not (isinstance(literal, ast.Constant) and isinstance(literal.value, str)):
            return "N_ of something other than a string literal"
        try:
            names = {f[0] for f in _fields(literal.value)}
        except ValueError as exc:
            return f"not a valid template ({exc}); write literal braces as {{{{ }}}}"
        if any(not n.isidentifier() for n in names):
            return f"placeholders must be names: {sorted(names)}"
        if any(k.arg is None for k in site.call.keywords):
            return None  # **values: checked where they are built
        given = set(params) if site.what.startswith("Message") else set(params) - RESERVED
        if names != given:
            return f"placeholders {sorted(names)} but values {sorted(given)}"
        return None
    if isinstance(arg, ast.Attribute) and arg.attr == "text":
        return None  # an error's or problem's built text, carried on with more context
    if isinstance(arg, ast.IfExp) and all(
        isinstance(b, ast.Attribute) and b.attr == "text" for b in (arg.body, arg.orelse)
    ):
        return None
    if site.function in {*HELPERS, "__init__"}:
        if isinstance(arg, ast.Name):
            return None  # a helper passing its own message parameter on
        if isinstance(arg, ast.Call) and ast.unparse(arg.func) == "Message.build":
            return None  # the same, with its values
    if (site.path, site.function) in ALLOWED:
        return None
    return f"message is {type(arg).__name__}, not N_('literal template')"


def test_errors_are_raised_with_marked_templates() -> None:
    sites = _sites()
    assert len(sites) > 250  # the walk finds the raise sites at all
    bad = []
    for site in sites:
        params = {k.arg: k.value for k in site.call.keywords if k.arg is not None}
        problem = _problem(site, params)
        if problem:
            bad.append(f"{site.path}:{site.lineno} {site.what}: {problem}")
    assert not bad, "\n".join(bad)


def test_the_walk_flags_what_it_must() -> None:
    source = """
def f(name, path):
    raise InvalidData(f"unknown schema {name!r}")
    raise NotFound("no entity " + name)
    raise InvalidData.at(N_("bad {x}"), file=path, y=1)
    raise InvalidData(_("translated too early"))
    raise Conflict(N_("fine {name!r}"), name=name)
    raise InvalidData.at(N_("a {{literal}} brace, {count}"), field="f", count=1)
    problems.add(N_("row {n}"), line=1)
"""
    call_nodes = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.Call)]
    verdicts = []
    for node in call_nodes:
        found = _message_arg(node)
        if not found:
            continue
        arg = node.args[found[1]] if node.args else None
        site = Site("x.py", node.lineno, "f", found[0], arg, node)
        verdicts.append(_problem(site, {k.arg: k.value for k in node.keywords if k.arg}))
    assert [v is None for v in verdicts] == [False, False, False, False, True, True, False]


def _spanish(msgid: str) -> str:
    return i18n.translations("es").gettext(msgid)


def test_every_template_has_spanish_with_the_same_placeholders() -> None:
    templates: set[str] = set()
    for site in _sites():
        arg = site.arg
        if isinstance(arg, ast.Call) and isinstance(arg.func, ast.Name) and arg.func.id == "N_":
            literal = arg.args[0]
            assert isinstance(literal, ast.Constant)
            templates.add(literal.value)
    assert "unknown schema {name!r}" in templates
    extracted = i18n.extract_messages()
    bad = []
    for template in sorted(templates):
        if template not in extracted:
            bad.append(f"not extracted: {template!r}")
            continue
        spanish = _spanish(template)
        if spanish == template:
            bad.append(f"no Spanish: {template!r}")
            continue
        try:
            same = Counter(_fields(spanish)) == Counter(_fields(template))
        except ValueError as exc:
            bad.append(f"broken Spanish for {template!r}: {exc}")
            continue
        if not same:
            bad.append(f"placeholders differ: {template!r} -> {spanish!r}")
    assert not bad, "\n".join(bad)


def test_every_braced_message_keeps_its_placeholders_in_spanish() -> None:
    """All catalogs, not only errors: a renamed placeholder makes ``.format`` fail at runtime."""
    bad = []
    for msgid in i18n.extract_messages():
        if "{" not in msgid:
            continue
        spanish = _spanish(msgid)
        try:
            if Counter(_fields(spanish)) != Counter(_fields(msgid)):
                bad.append(f"{msgid!r} -> {spanish!r}")
        except ValueError as exc:
            bad.append(f"{msgid!r}: {exc}")
    assert not bad, "\n".join(bad)
