"""The build's one step pyproject.toml cannot say: ship docs/*.md and README.md inside the package.

``briefer docs`` prints them, so a ``pip install briefer`` user has the manual at hand; in a
source checkout briefer reads them from docs/ itself. Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent


class BuildWithDocs(build_py):
    """build_py, then docs/*.md and README.md copied to briefer/docs/ in the build."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "briefer" / "docs"
        sources = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
        for path in sources:
            if path.is_file():
                target.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target / path.name)


setup(cmdclass={"build_py": BuildWithDocs})
