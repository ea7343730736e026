"""ARCHITECTURE.md is the map of the code: every module of newsgrab/ is named in it, and no module is over
600 lines (a module that grows past that is doing two jobs). No test patches the extractor."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "newsgrab"


def modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts and p.name != "__init__.py")


def test_architecture_names_every_module():
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    missing = [str(p.relative_to(PACKAGE)) for p in modules() if p.name not in text]
    assert not missing, f"modules ARCHITECTURE.md does not name: {missing}"


def test_no_module_is_over_600_lines():
    long = {str(p.relative_to(PACKAGE)): n for p in modules() if (n := len(p.read_text().splitlines())) > 600}
    assert not long, long


def _patched_targets(tree: ast.Module) -> list[str]:
    """What each setattr(...) / monkeypatch.setattr(...) call in a test module patches, as dotted text:
    "newsgrab.parsing.parse_article", or the module bound to a name ("newsgrab.extract.lexicon")."""
    bound: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                bound[alias.asname or alias.name] = f"{node.module}.{alias.name}"
        elif isinstance(node, ast.Import):
            for alias in node.names:
                bound[alias.asname or alias.name.split(".")[0]] = alias.name
    out = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name != "setattr":
            continue
        first = node.args[0]
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            out.append(first.value)
        elif isinstance(first, ast.Name):
            out.append(bound.get(first.id, first.id))
    return out


def test_no_test_patches_the_extractor():
    """The unit tests parse each distinct page once per session (conftest._each_page_parsed_once), which
    holds only while nothing changes what a parse gives: no test patches the extractor's internals."""
    sources = {p: p.read_text(encoding="utf-8") for p in (ROOT / "tests").rglob("test_*.py")}
    patched = {
        f"{p.name}: {target}"
        for p, source in sources.items()
        if "setattr(" in source  # the others patch nothing: not parsed
        for target in _patched_targets(ast.parse(source))
        if target.startswith(("newsgrab.extract", ".extract")) or target in ("newsgrab.extract", "extract")
    }
    assert not patched, sorted(patched)


def test_the_patch_finder_sees_each_way_of_patching():
    tree = ast.parse(
        "from newsgrab.extract import lexicon\nimport newsgrab.extract.body as body\n"
        "def test(monkeypatch):\n"
        "    monkeypatch.setattr(lexicon, 'X', 1)\n"
        "    monkeypatch.setattr('newsgrab.extract.parse.MAX', 1)\n"
        "    setattr(body, 'Y', 2)\n"
        "    monkeypatch.setattr('newsgrab.parsing.parse_article', None)\n"
    )
    assert _patched_targets(tree) == [
        "newsgrab.extract.lexicon",
        "newsgrab.extract.parse.MAX",
        "newsgrab.extract.body",
        "newsgrab.parsing.parse_article",
    ]


def test_a_page_parsed_once_gives_each_caller_its_own_article():
    from newsgrab import parse_article

    html = (ROOT / "fixtures" / "japannews" / "wire-jiji-dateline.html").read_bytes()
    first = parse_article(html, "https://japannews.yomiuri.co.jp/politics/20240101-1/")
    first.authors.append("Somebody Else")
    first.headline = "changed"
    second = parse_article(html, "https://japannews.yomiuri.co.jp/politics/20240101-1/")
    assert second.headline != "changed" and "Somebody Else" not in second.authors
