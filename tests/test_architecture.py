"""ARCHITECTURE.md is the map of the code: every module of newsgrab/ is named in it, and no module is over
600 lines (a module that grows past that is doing two jobs)."""

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
