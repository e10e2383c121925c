"""The package as users get it: a wheel, installed into a fresh virtual environment."""

from __future__ import annotations

import shutil
import site
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO, SITES


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv (seeing the dependencies installed here) with sitegen's wheel installed, no checkout on the path."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation", "-w", str(work / "dist"), "-q"],
        capture_output=True, text=True, cwd=work,
    )
    assert built.returncode == 0, built.stderr
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    # The dependencies from this interpreter's own packages (offline), added after the venv's, so the
    # wheel's sitegen comes first; only a path is added, so the checkout's editable-install hook stays out.
    here = subprocess.run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True, check=True)
    (Path(here.stdout.strip()) / "sitegen-test-deps.pth").write_text("".join(f"{p}\n" for p in dict.fromkeys(site.getsitepackages())))
    wheel = next((work / "dist").glob("sitegen-*.whl"))
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)], capture_output=True, text=True, cwd=work)
    assert pip.returncode == 0, pip.stderr
    return env_dir


def test_wheel_carries_the_default_theme_and_builds_a_site_without_themes(installed, tmp_path):
    site = tmp_path / "minimal"
    shutil.copytree(SITES / "minimal", site)
    assert not (site / "themes").exists()
    where = subprocess.run([str(installed / "bin/python"), "-c", "import sitegen.render as r; print(r.builtin_theme())"], capture_output=True, text=True, cwd=tmp_path)
    assert where.returncode == 0, where.stderr
    assert Path(where.stdout.strip()).is_relative_to(installed), where.stdout
    result = subprocess.run([str(installed / "bin/sitegen"), "build", "--root", str(site)], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (site / "site/articles/hello/index.html").is_file()
    assert list((site / "site/assets").glob("sitegen.*.css"))


def test_wheel_ships_the_json_schemas(installed, tmp_path):
    result = subprocess.run([str(installed / "bin/sitegen"), "schema", "annotations"], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '"terms"' in result.stdout


def test_wheel_ships_the_generated_template_code_and_schema_checks(installed, tmp_path):
    """sitegen/_templates/ and sitegen/_checks/ are in the wheel and match what it installs (the theme under
    sitegen/_themes/, the schemas), so an installed sitegen compiles neither the default theme nor the checks."""
    probe = (
        "import jinja2, fastjsonschema, sitegen._templates as shipped\n"
        "from sitegen import schema, templating\n"
        "from sitegen.render import default_environment\n"
        "env = default_environment()\n"
        "for name in shipped.TEMPLATES:\n"
        "    source, filename, _ = env.loader.get_source(env, name)\n"
        "    assert '_themes' in filename, filename\n"
        "    used = templating.shipped_code(env, name, source, filename) is not None\n"
        "    assert used == (shipped.JINJA_VERSION == jinja2.__version__), name\n"
        "for name in schema.SCHEMA_NAMES:\n"
        "    assert (schema._shipped_check(name) is not None) == hasattr(fastjsonschema, 'JsonSchemaValuesException'), name\n"
        "print('ok')\n"
    )
    result = subprocess.run([str(installed / "bin/python"), "-c", probe], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and result.stdout == "ok\n", result.stderr
