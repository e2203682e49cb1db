"""Ships ontology.ttl, shapes.ttl and queries/ inside the package (as kg/bundled/), so a plain
``pip install .`` finds them; the files at the top of the repository stay the ones
to edit (kg.resources reads those when they are there: a checkout, an editable install)."""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

TOP = Path(__file__).resolve().parent


class BuildWithBundled(build_py):
    def run(self) -> None:
        super().run()
        bundled = Path(self.build_lib) / "kg" / "bundled"
        shutil.rmtree(bundled, ignore_errors=True)
        (bundled / "queries").mkdir(parents=True)
        for name in ("ontology.ttl", "shapes.ttl"):
            shutil.copy2(TOP / name, bundled / name)
        for query in sorted((TOP / "queries").glob("*.rq")):
            shutil.copy2(query, bundled / "queries" / query.name)


setup(cmdclass={"build_py": BuildWithBundled})
