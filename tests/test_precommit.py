"""The pre-commit hook, run for real by pre-commit on a temporary git repository.

The hook under test is a ``repo: local`` / ``language: system`` hook whose
``entry`` is this virtual environment's ``mtcheck`` and whose file types are read
from the published ``.pre-commit-hooks.yaml``, so the test covers the types
users get without needing the network (a ``language: python`` hook would
pip-install mtcheck and its dependencies).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
MANIFEST = REPO / ".pre-commit-hooks.yaml"
MTCHECK = Path(sys.executable).parent / "mtcheck"

BAD_ARTICLE = (
    "GAC and SAIC sign cooperation agreement\n\n"
    "The company signed the 合作协议 yesterday.\n\n"
    "Sharing, creating economies of scale and synergies, thereby improving efficiency, providing customers with "
    "better products and services, and effectively promoting the high-quality development of China's auto "
    "industry.\n"
)
CLEAN_TITLE = "GAC and SAIC sign cooperation agreement"
CLEAN_BODY = ("GAC Group and SAIC Motor signed a cooperation agreement in Guangzhou on Monday. The two carmakers "
              "will share battery platforms and charging networks.")
CLEAN_ARTICLE = f"{CLEAN_TITLE}\n\n{CLEAN_BODY}\n"
CLEAN_HTML = f"<!DOCTYPE html>\n<html><body>\n<h1>{CLEAN_TITLE}</h1>\n<p>{CLEAN_BODY}</p>\n</body></html>\n"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(importlib.util.find_spec("pre_commit") is None,
                       reason="pre-commit is not installed (pip install pre-commit, or the [test] extra)"),
    pytest.mark.skipif(not MTCHECK.exists(), reason=f"no mtcheck executable next to {sys.executable}"),
]


def published_hook() -> dict:
    (hook,) = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return hook


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "PRE_COMMIT_COLOR": "never",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": str(tmp / "gitconfig"),
        "MTCHECK_CACHE_DIR": str(tmp / "cache"),
    })
    (tmp / "gitconfig").write_text("[user]\n\tname = test\n\temail = test@example.invalid\n", encoding="utf-8")
    return env


def _pre_commit(*args: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=300)


def _content_repo(tmp_path: Path, files: dict[str, str | bytes]) -> tuple[Path, dict[str, str]]:
    """A git repository with a local mtcheck hook using the published hook's file types."""
    repo = tmp_path / "content"
    repo.mkdir()
    env = _env(tmp_path)
    subprocess.run(["git", "init", "-q", "."], cwd=repo, env=env, check=True)
    hook = published_hook()
    config = {"repos": [{"repo": "local", "hooks": [{
        "id": hook["id"],
        "name": hook["name"],
        "entry": f"{MTCHECK} check",
        "language": "system",
        "types_or": hook["types_or"],
        "require_serial": hook["require_serial"],
        # Rules only keeps the test fast; the published hook runs all stages.
        "args": ["--grammar", "none", "--lm", "none", "--no-cache"],
    }]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    for name, content in files.items():
        p = repo / name
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            p.write_bytes(content)
        else:
            p.write_text(content, encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)
    return repo, env


# A PNG header and NUL bytes: were it passed to mtcheck, it would be an input error (exit 2).
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
# Chinese in a YAML file: were "text" the hook's type, this would be flagged.
YAML_WITH_CHINESE = "title: 合作协议\n"


def test_manifest_is_valid_for_pre_commit() -> None:
    r = subprocess.run([sys.executable, "-m", "pre_commit", "validate-manifest", str(MANIFEST)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stdout + r.stderr
    hook = published_hook()
    assert hook["id"] == "mtcheck" and hook["entry"] == "mtcheck check" and hook["language"] == "python"
    assert hook["require_serial"] is True


def test_hook_types_pass_articles_and_nothing_else() -> None:
    from identify import identify

    types = set(published_hook()["types_or"])
    for name in ("a.txt", "a.md", "a.markdown", "a.mdx", "a.html", "a.htm", "a.xhtml"):
        assert identify.tags_from_filename(name) & types, name
    for name in ("a.yaml", "a.json", "a.py", "a.toml", "a.png", "a.pdf", "a.docx"):
        assert not identify.tags_from_filename(name) & types, name


def test_hook_fails_on_a_bad_article(tmp_path: Path) -> None:
    repo, env = _content_repo(tmp_path, {"news/bad.txt": BAD_ARTICLE, "news/good.md": CLEAN_ARTICLE})
    r = _pre_commit("run", "mtcheck", "--all-files", cwd=repo, env=env)
    out = r.stdout + r.stderr
    assert r.returncode == 1, out
    assert re.search(r"^mtcheck \(machine-translated English\)\.+Failed$", out, re.M), out
    assert "- exit code: 1" in out, out  # findings, not a usage or input error (2)
    assert "news/bad.txt:3:24: MT.Script.CJK [error]" in out, out
    assert "news/bad.txt:5:1: MT.Structure.Fragment [error]" in out, out
    assert not re.search(r"^news/good\.md:\S+ \S+ \[error\]", out, re.M), out


def test_hook_passes_on_a_clean_article_and_skips_other_files(tmp_path: Path) -> None:
    repo, env = _content_repo(tmp_path, {
        "news/good.txt": CLEAN_ARTICLE,
        "news/good.html": CLEAN_HTML,
        "img/logo.png": PNG,
        "config/site.yaml": YAML_WITH_CHINESE,
    })
    r = _pre_commit("run", "mtcheck", "--all-files", "--verbose", cwd=repo, env=env)
    out = r.stdout + r.stderr
    assert r.returncode == 0, out
    assert re.search(r"^mtcheck \(machine-translated English\)\.+Passed$", out, re.M), out
    assert "Checked 2 files" in out, out  # the two articles; not the PNG, not the YAML


def test_hook_blocks_a_commit(tmp_path: Path) -> None:
    repo, env = _content_repo(tmp_path, {"news/bad.md": BAD_ARTICLE})
    r = _pre_commit("install", cwd=repo, env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    c = subprocess.run(["git", "commit", "-q", "-m", "add article"], cwd=repo, env=env, capture_output=True,
                       text=True, timeout=300)
    assert c.returncode != 0, c.stdout + c.stderr
    assert "MT.Script.CJK" in c.stdout + c.stderr
    head = subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=repo, env=env, capture_output=True)
    assert head.returncode != 0  # nothing was committed


def test_docs_snippets_are_valid_pre_commit_configs(tmp_path: Path) -> None:
    doc = (REPO / "docs" / "pre-commit.md").read_text(encoding="utf-8")
    configs = [b for b in re.findall(r"```yaml\n(.*?)```", doc, re.S) if b.startswith("repos:")]
    assert len(configs) >= 2
    for i, block in enumerate(configs):
        p = tmp_path / f"config{i}.yaml"
        p.write_text(block, encoding="utf-8")
        r = subprocess.run([sys.executable, "-m", "pre_commit", "validate-config", str(p)], capture_output=True,
                           text=True, timeout=120)
        assert r.returncode == 0, block + r.stdout + r.stderr
