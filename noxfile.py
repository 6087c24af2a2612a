"""Sessions that build each backend's environment, run its tests, and build the site.

Each backend has its own environment (their stacks conflict: transformers 5 has no
TensorFlow models, mindone pins transformers 4.57 and numpy<2), pinned in
requirements/<backend>.txt. Run one with ``nox -s pytorch``; extra arguments go to pytest.
"""

from __future__ import annotations

import sys
from pathlib import Path

import nox

# The backend registry is the one place that knows each backend; it needs only the stdlib. The
# noxfile's own helpers (noxsupport/, not shipped) sit beside it.
sys.path[:0] = [str(Path(__file__).parent / "src"), str(Path(__file__).parent)]
from finetune_docs.backends import BACKENDS, Backend  # noqa: E402
from finetune_docs.execution.network import confined, namespace_problem  # noqa: E402
from finetune_docs.uvconfig import from_pip  # noqa: E402
from noxsupport.results import Kept, pytest_summary  # noqa: E402

FIRST = next(iter(BACKENDS))
# `bash scripts/test` runs these lanes side by side, each lane's sessions in turn: nearly every
# session keeps at most one core busy (kernels get one thread: execution/environment.py) and the
# reader's first minutes wait on the package index, so one lane alone leaves a 2-core machine half
# idle. The lanes are balanced by what each session took side by side on 2 cores (DESIGN.md, "CI's
# lanes", has the figures and their date). tests/test_ci_workflow.py checks that the lanes hold
# every session of nox.options.sessions once.
LANES = (("pytorch", "tensorflow", "docs"), ("mindspore", "site_browser"), ("package", "lint", "notebooks_in_sync"),
         ("reader",))
# `nox` alone runs all of these, one after another: every check the project has.
nox.options.sessions = ["lint", "notebooks_in_sync", "package", *BACKENDS, "docs", "site_browser", "reader"]
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True
# uv builds the sessions' environments (several times faster than pip, the same versions), told
# pip's sources (uvconfig.py); virtualenv and pip where uv is missing (scripts/nox.sh installs it)
# or cannot be told one of pip's settings. Reader environments are made with pip, which is what
# readers run (reader/sandbox.py).
UV_ENV, NO_UV = from_pip()
nox.options.default_venv_backend = "virtualenv" if NO_UV else "uv|virtualenv"
PYTHON = "3.11"
HERE = Path(__file__).parent


def kept(session: nox.Session) -> Kept:
    """This session's result, kept by its inputs (noxsupport/results.py): ``.replayed`` when it passed
    before with exactly these, and then it need not run again."""
    return Kept(session, HERE, {"pip configuration, as uv's": UV_ENV, "uv missing": NO_UV})


EVERY_BACKEND = ("tests/test_tutorial.py", "tests/test_determinism.py")
"""What every backend's session runs: its notebooks, and a fresh run of one printing the same figures."""


def package_tests() -> list[str]:
    """The test files no backend's session runs: the helper package's, which need no ML stack."""
    owned = {*EVERY_BACKEND, *(test for backend in BACKENDS.values() for test in backend.own_tests)}
    found = sorted(path.relative_to(HERE).as_posix() for path in (HERE / "tests").rglob("test_*.py")
                   if "browser" not in path.relative_to(HERE / "tests").parts)
    return [path for path in found if path not in owned]


def confined_pytest(session: nox.Session, *arguments: str) -> None:
    """pytest, the loopback Hub and every kernel in a network namespace with nothing but loopback:
    no connection and no DNS query can leave (execution/network.py). Not run again while its inputs
    are those of a passed run (noxsupport/results.py)."""
    result = kept(session)
    if result.replayed:
        return
    problem = namespace_problem()
    if problem:
        session.error(f"the tests run in a loopback-only network namespace, and none can be made: {problem}")
    # Not session.create_tmp(): it points TMPDIR into the checkout, where the tests' "outside any
    # project" folders would then be inside one.
    junit = Path(session.virtualenv.location) / "junit.xml"
    # pytest's exit code 5 (no tests collected) fails the session like any other: a session that
    # runs nothing proves nothing. conftest.py says why.
    session.run(*confined(["pytest", "--loopback-only", f"--junitxml={junit}", *arguments, *session.posargs]),
                external=True)
    result.passed(pytest_summary(junit))


def install(session: nox.Session, *args: str) -> None:
    """``session.install``, with uv pointed at what pip would install from."""
    if session.venv_backend == "uv" and NO_UV:
        session.error(f"uv cannot install what pip would here ({NO_UV}): run with --force-venv-backend virtualenv")
    session.install(*args, env=UV_ENV if session.venv_backend == "uv" else None)


def install_backend(session: nox.Session, backend: Backend, *extra: str) -> None:
    plain, no_deps = backend.split_pins()
    install(session, *plain)
    if no_deps:
        install(session, "--no-deps", *no_deps)
    install(session, *extra)


# A session's tags name what it needs of the machine; .ci/prepare, which .ci/run and every CI job
# run first, has a prepare_<tag> for each.
def backend_session(backend: Backend):
    def run(session: nox.Session) -> None:
        install_backend(session, backend, "-e", ".[test]")
        confined_pytest(session, "--backend", backend.name, *EVERY_BACKEND, *backend.own_tests)

    run.__doc__ = (f"{backend.label} environment: its own tests, and every page's {backend.label} notebook "
                   "executed, with no network but loopback.")
    return nox.session(name=backend.name, python=PYTHON, tags=["userns"])(run)


@nox.session(python=PYTHON, tags=["userns"])
def package(session: nox.Session) -> None:
    """The helper package's own tests (pages, notebooks, translations, site, execution, Colab's
    simulation), in an environment with no ML stack: every test file that no backend's session
    runs. No network but loopback."""
    install(session, "-e", ".[test]")
    confined_pytest(session, *package_tests())


# nox.session registers each backend's session by its name: nothing here needs to hold it.
for _backend in BACKENDS.values():
    backend_session(_backend)


@nox.session(python=PYTHON)
def notebooks(session: nox.Session) -> None:
    """Remake notebooks/ from the pages; stops, naming them, if a notebook was edited by hand."""
    install(session, "-e", ".")
    session.run("finetune-docs", "notebooks", *session.posargs)


@nox.session(python=PYTHON)
def notebooks_in_sync(session: nox.Session) -> None:
    """Fail when a committed notebook differs from what its page makes."""
    install(session, "-e", ".")
    result = kept(session)
    if not result.replayed:
        session.run("finetune-docs", "notebooks", "--check", *session.posargs)
        result.passed("every notebook is what its page makes")


@nox.session(python=PYTHON)
def standins(session: nox.Session) -> None:
    """Rebuild the shipped Hub stand-ins; the TensorFlow weights are then converted in its environment."""
    install_backend(session, BACKENDS["pytorch"], "-e", ".")
    session.run("finetune-docs", "standins", *session.posargs)
    session.notify("standins_tensorflow")


@nox.session(python=PYTHON)
def standins_tensorflow(session: nox.Session) -> None:
    """Write the stand-in's tf_model.h5 from its model.safetensors (TensorFlow environment)."""
    install_backend(session, BACKENDS["tensorflow"], "-e", ".")
    session.run("finetune-docs", "standins-tensorflow", *session.posargs)


@nox.session(python=PYTHON, tags=["userns", "helpers-commit"])
def reader(session: nox.Session) -> None:
    """Each notebook as a reader runs it: one fresh environment per backend, of the backend's
    reader Python (backends.py), holding only what the install cell installs, then each
    language's notebook in a new kernel of it, on the offline stand-ins, with no network but
    loopback. Default: all notebooks; or some as arguments (`-- notebooks/*/tensorflow.ipynb`)."""
    # Only the harness (nbclient, the loopback Hub): the notebook installs its own stack.
    install(session, "-e", ".")
    session.run("finetune-docs", "reader", *session.posargs)


@nox.session(python=PYTHON)
@nox.parametrize("backend", list(BACKENDS))
def benchmark(session: nox.Session, backend: str) -> None:
    """Print, for one backend, what the execution cache saves (cold run of one language and of all,
    warm re-run, cells executed after a prose-only edit), then each notebook's wall time and
    kernel peak memory; `-- --part cache` for the first part only; `-- --part realsize` for a model
    of bert-base-cased's real size, its step times, memory and whole-notebook projection."""
    # pytest too: the cache's figures are those of the tutorial's own tests.
    install_backend(session, BACKENDS[backend], "-e", ".[test]")
    extra = ["--standins"] if backend == FIRST and "realsize" not in session.posargs else []
    session.run("finetune-docs", "benchmark", *extra, "--backend", backend, *session.posargs)


@nox.session(venv_backend="none")
@nox.parametrize("backend", list(BACKENDS))
def determinism(session: nox.Session, backend: str) -> None:
    """Run one backend's English notebook twice, training checks included, in that backend
    session's environment (built by `nox -s BACKEND` first); fail if any figure differs."""
    python = Path(".nox", backend, "bin", "python")
    if not python.exists():
        session.error(f"{python} is missing: build it with `bash scripts/nox.sh -s {backend} --install-only`")
    session.run(str(python), "-m", "finetune_docs.cli", "determinism", "--backend", backend,
                "--checks", "tests/checks", *session.posargs, external=True)


@nox.session(python=PYTHON)
def docs(session: nox.Session) -> None:
    """Build the site into site/ with mkdocs --strict; `nox -s docs -- serve` previews it."""
    install(session, "-r", "requirements/docs.txt")
    install(session, "-e", ".")
    if session.posargs[:1] == ["serve"]:
        session.run("mkdocs", "serve", *session.posargs[1:])
    else:
        session.run("mkdocs", "build", "--strict", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """ruff over the package, the tests and this file (arguments go to ruff); mypy over the package;
    the pre-commit files validated; actionlint, with ShellCheck, over the GitHub Actions workflows,
    which cannot run here."""
    install(session, "-r", "requirements/lint.txt")
    # The package's own dependencies, so that mypy reads their types (not the ML stacks: see [tool.mypy]).
    install(session, "-e", ".")
    result = kept(session)
    if result.replayed:
        return
    session.run("ruff", "check", "src", "noxsupport", "tests", "noxfile.py", *session.posargs)
    session.run("mypy")
    session.run("pre-commit", "validate-manifest", ".pre-commit-hooks.yaml")
    session.run("pre-commit", "validate-config", ".pre-commit-config.yaml")
    session.run("actionlint", *sorted(map(str, Path(".github/workflows").glob("*.yml"))))
    result.passed("ruff, mypy, pre-commit's files and actionlint")


@nox.session(python=PYTHON)
def site_browser(session: nox.Session) -> None:
    """Build the site, serve it on loopback and check every language in Chromium, axe-core's
    accessibility rules included (screenshots and axe's findings in artifacts/)."""
    session.run("bash", "scripts/chromium.sh", external=True)
    session.run("bash", "scripts/axe.sh", external=True)
    install(session, "-r", "requirements/docs.txt", "-r", "requirements/browser.txt")
    install(session, "-e", ".[test]")
    result = kept(session)
    if result.replayed:
        return
    site = Path(session.create_tmp()) / "site"
    session.run("mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site), env={"NO_MKDOCS_2_WARNING": "1"})
    screenshots = Path("artifacts/screenshots").resolve()
    junit = Path(session.virtualenv.location) / "junit.xml"
    session.run("pytest", "tests/browser", "--site", str(site), "--screenshots", str(screenshots),
                "-n", "auto", f"--junitxml={junit}", *session.posargs)
    session.log(f"screenshots: {screenshots}")
    result.passed(pytest_summary(junit))


@nox.session(python=PYTHON)
def site_zensical(session: nox.Session) -> None:
    """A trial of Zensical, Material for MkDocs' successor: build the site with zensical-i18n
    from the same mkdocs.yml and run the browser tests against it (extra arguments go to
    pytest). Not part of `nox`: the site is built with mkdocs until every browser test passes
    on this build too (CONTRIBUTING.md, "The site", says what fails)."""
    import shutil

    session.run("bash", "scripts/chromium.sh", external=True)
    session.run("bash", "scripts/axe.sh", external=True)
    install(session, "-r", "requirements/zensical.txt", "-r", "requirements/browser.txt")
    install(session, "-e", ".[test]")
    # zensical-i18n writes where mkdocs.yml's site_dir says (site/, as `nox -s docs` does) and
    # has no option for elsewhere: the build is moved out, so that site/ stays mkdocs' build.
    built, site = Path("site"), Path(session.create_tmp()) / "site-zensical"
    aside = Path(session.create_tmp()) / "site-mkdocs"
    shutil.rmtree(aside, ignore_errors=True)
    if built.exists():
        shutil.move(built, aside)
    try:
        session.run("zensical-i18n", "build", "--clean", "--strict", "-f", "mkdocs.yml")
        shutil.rmtree(site, ignore_errors=True)
        shutil.move(built, site)
    finally:
        if aside.exists():
            shutil.rmtree(built, ignore_errors=True)
            shutil.move(aside, built)
    screenshots = Path("artifacts/zensical/screenshots").resolve()
    session.run("pytest", "tests/browser", "--site", str(site), "--screenshots", str(screenshots), *session.posargs)


@nox.session(python=PYTHON, tags=["userns"])
def freshness(session: nox.Session) -> None:
    """Not part of `nox` (.ci/run keeps its time; .github/workflows/freshness.yml runs it weekly): per
    backend, the newest releases its pins allow (each relaxed to >= itself, the bounds that must hold
    kept: freshness/holds.py), built with uv and run through the backend's tutorial tests; names the
    single upgrade that breaks a page, or with --propose bumps requirements/ and remakes the notebooks.
    Arguments go to `finetune-docs freshness` (--backend, --resolve-only, --backend-info DIR,
    --hub-endpoint URL, --markdown FILE, --json FILE)."""
    # The test extra: the Colab simulation (--backend-info) runs its pip.
    install(session, "-e", ".[test]")
    session.run("finetune-docs", "freshness", *session.posargs)
