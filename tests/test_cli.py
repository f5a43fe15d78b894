"""The command line: help, exit codes, streams, messages that name the file, determinism, base IRI, config.

Exit codes (rs2rdf/cli.py): 0 built; 1 built, but some inputs or values could not be read;
2 usage error; 3 nothing could be built (the previous output is left as it was).
Most tests run in-process through click's CliRunner (stdout and stderr kept apart); one
runs ``python -m rs2rdf`` to check the real process streams.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from rs2rdf.pipeline.build import TIMING_KEYS
from rs2rdf.cli.main import main
from rs2rdf.sources.rs_tables import BY_ID
from rs2rdf.mapping.iris import DEFAULT_BASE, RS, VOCAB_BASE
from rs2rdf.mapping.vocab import SKOS
from rs2rdf.core.resources import sample_dir
from tools.rs_format import official_zip_name, write_rs_csv, write_rs_zip

FAST = ["--no-site", "--no-validate"]
SAMPLE_1_2 = sample_dir() / official_zip_name(BY_ID["1-2"], 2024)
GOOD_NAME = "2-1_RS_2024_予算・執行_サマリ"


@pytest.fixture(autouse=True)
def _isolated_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No stray ./rs2rdf.toml or ./site from the checkout can leak into a test."""
    monkeypatch.chdir(tmp_path)


def rs2rdf(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args])


def files_of(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.relative_to(folder).as_posix().startswith(skip)}


def good_rows(bid: int = 93001) -> list[dict[str, str]]:
    base = {"sheet_type": "レビューシート", "review_year": "2024", "budget_id": str(bid), "name": "見本事業",
            "ministry_order": "16", "policy_ministry": "法務省", "ministry": "法務省"}
    return [
        {**base, "budget_year": "2023", "initial_total": "100", "current_total": "100", "executed_total": "90"},
        {**base, "budget_year": "2022", "initial_total": "200", "current_total": "200", "executed_total": "180"},
    ]


# ---------------------------------------------------------------- help


@pytest.mark.parametrize("command", [[]] + [[name] for name in sorted(main.commands)], ids=lambda c: c[0] if c else "rs2rdf")
def test_cli_help_on_every_command(command: list[str]) -> None:
    result = rs2rdf(*command, "--help")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Usage:")
    assert result.stderr == ""


def test_cli_version() -> None:
    from rs2rdf import __version__

    result = rs2rdf("--version")
    assert result.exit_code == 0 and __version__ in result.stdout


# ---------------------------------------------------------------- exit codes


@pytest.mark.slow
def test_cli_build_sample_exits_0_and_keeps_stdout_for_data(tmp_path: Path) -> None:
    result = rs2rdf("build", *FAST, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "built 12 sheet(s)" in result.stderr  # the one-line summary goes to stderr
    assert (tmp_path / "out" / "data" / "rs2rdf.nq").is_file()


def _bad_input(kind: str, folder: Path) -> Path:
    if kind == "missing":
        return folder / f"{GOOD_NAME}.zip"
    if kind == "corrupt-zip":
        path = folder / f"{GOOD_NAME}.zip"
        path.write_bytes(b"PK\x03\x04 this is not a zip archive")
    elif kind == "empty-zip":
        path = folder / f"{GOOD_NAME}.zip"
        path.write_bytes(b"")
    elif kind == "empty-csv":
        path = folder / f"{GOOD_NAME}.csv"
        path.write_bytes(b"")
    elif kind == "foreign-csv":
        path = folder / "members.csv"
        path.write_bytes("\ufeff氏名,年齢\r\n山田,30\r\n".encode("utf-8"))
    elif kind == "foreign-txt":
        path = folder / "notes.txt"
        path.write_text("not a review sheet\n", encoding="utf-8")
    else:  # pragma: no cover
        raise ValueError(kind)
    return path


@pytest.mark.slow
@pytest.mark.parametrize("kind", [
    "missing", "corrupt-zip", "empty-zip",
    "foreign-csv", "foreign-txt",
])
def test_cli_build_with_a_bad_file_among_good_inputs_exits_1(kind: str, tmp_path: Path) -> None:
    bad = _bad_input(kind, tmp_path)
    result = rs2rdf("build", SAMPLE_1_2, bad, *FAST, "--out", tmp_path / "out")
    assert bad.name in result.stderr
    assert result.exit_code == 1, result.output
    summary = json.loads((tmp_path / "out" / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["sheets"] == 6  # the good input is built


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["missing", "corrupt-zip", "empty-zip", "empty-csv", "foreign-csv", "foreign-txt"])
def test_cli_bad_file_message_names_it(kind: str, tmp_path: Path) -> None:
    bad = _bad_input(kind, tmp_path)
    result = rs2rdf("build", SAMPLE_1_2, bad, *FAST, "--out", tmp_path / "out")
    lines = [line for line in result.stderr.splitlines() if bad.name in line]
    assert lines, result.stderr
    assert any(line.startswith(("error:", "warning:")) for line in lines)


@pytest.mark.parametrize("args, word", [
    (["build", "--base-iri", "not an iri"], "--base-iri"),
    (["build", "--base-iri", "ftp://example.org/x/"], "--base-iri"),
    (["build", "--no-such-option"], "--no-such-option"),
    (["no-such-command"], "no-such-command"),
])
def test_cli_usage_error_exits_2(args: list[str], word: str, tmp_path: Path) -> None:
    result = rs2rdf(*args, "--out", tmp_path / "out") if args[0] == "build" and "--no-such-option" not in args else rs2rdf(*args)
    assert result.exit_code == 2, result.output
    assert word in result.stderr
    assert result.stdout == ""
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, word", [
    ('base_iri = "https://example.org/x/"\nbogus_key = 1\n', "bogus_key"),
    ('[rs2rdf]\nout_dir = "x"\n', "out_dir"),
    ('base_iri = "no iri"\n', "base_iri"),
    ("this is = = not toml\n", "rs2rdf.toml"),
])
def test_cli_bad_config_exits_2(text: str, word: str, tmp_path: Path) -> None:
    (tmp_path / "rs2rdf.toml").write_text(text, encoding="utf-8")
    result = rs2rdf("build", *FAST, "--out", tmp_path / "out")
    assert result.exit_code == 2, result.output
    assert word in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["corrupt-zip", "missing", "empty-folder", "foreign-csv"])
def test_cli_nothing_built_exits_3_and_keeps_previous_output(kind: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert rs2rdf("build", SAMPLE_1_2, *FAST, "--out", out).exit_code == 0
    before = files_of(out)
    if kind == "empty-folder":
        bad = tmp_path / "inputs"
        bad.mkdir()
    else:
        bad = _bad_input(kind, tmp_path)
    result = rs2rdf("build", bad, *FAST, "--out", out)
    assert result.exit_code == 3, result.output
    assert "nothing could be built" in result.stderr
    assert files_of(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []  # no staging left behind


# ---------------------------------------------------------------- streams and verbosity


@pytest.mark.slow
def test_cli_summary_json_is_the_only_stdout(tmp_path: Path) -> None:
    result = rs2rdf("build", *FAST, "--summary-json", "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    written = json.loads((tmp_path / "out" / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in summary.items() if k not in TIMING_KEYS} == written
    assert set(summary["cpu_seconds"]) == set(summary["seconds"]) and all(v >= 0 for v in summary["cpu_seconds"].values())
    assert {"read+map", "serialise"} <= set(summary["peak_mib"]) and all(v > 0 for v in summary["peak_mib"].values())
    assert summary["sheets"] == 12 and summary["projects"] == 7
    assert "rs2rdf: reading" in result.stderr  # progress goes to stderr


@pytest.mark.slow
def test_cli_process_streams(tmp_path: Path) -> None:
    """The real process: JSON alone on stdout, progress and problems on stderr."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run([sys.executable, "-m", "rs2rdf", "build", *FAST, "--summary-json", "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["sheets"] == 12
    assert "rs2rdf:" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_cli_quiet_silences_a_clean_build(tmp_path: Path) -> None:
    result = rs2rdf("-q", "build", *FAST, "--out", tmp_path / "out")
    assert result.exit_code == 0
    assert result.stderr == "" and result.stdout == ""


@pytest.mark.slow
def test_cli_quiet_keeps_summary_json(tmp_path: Path) -> None:
    result = rs2rdf("-q", "build", *FAST, "--summary-json", "--out", tmp_path / "out")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["sheets"] == 12


@pytest.mark.slow
def test_cli_quiet_still_shows_errors(tmp_path: Path) -> None:
    bad = _bad_input("corrupt-zip", tmp_path)
    result = rs2rdf("-q", "build", SAMPLE_1_2, bad, *FAST, "--out", tmp_path / "out")
    assert result.exit_code == 1
    assert bad.name in result.stderr


@pytest.mark.slow
def test_cli_verbose_lists_notes(tmp_path: Path) -> None:
    quiet = rs2rdf("build", *FAST, "--out", tmp_path / "a")
    loud = rs2rdf("-vv", "build", *FAST, "--out", tmp_path / "b")
    assert "info:" not in quiet.stderr
    assert "info:" in loud.stderr  # notes (e.g. dangling-related-project) only with -vv


# ---------------------------------------------------------------- bad rows


def _table_with_bad_row(folder: Path, kind: str) -> tuple[Path, int]:
    """A 2-1 CSV whose 3rd line is bad in the given way; returns (path, bad line)."""
    rows = good_rows()
    bad = {**rows[1], "budget_year": "2021"}
    if kind == "missing-key":
        bad["budget_id"] = ""
    elif kind == "unparseable-amount":
        bad["initial_total"] = "百円"
    rows.insert(1, bad)
    path = folder / f"{GOOD_NAME}.csv"
    write_rs_csv(path, BY_ID["2-1"], 2024, rows)
    if kind == "bad-row":
        lines = path.read_bytes().split(b"\r\n")
        lines[2] += b",extra,cells"
        path.write_bytes(b"\r\n".join(lines))
    return path, 3


@pytest.mark.slow
@pytest.mark.parametrize("kind, code, exit_code", [
    ("missing-key", "missing-key", 1),
    ("bad-row", "bad-row", 1),
    ("unparseable-amount", "unparseable-amount", 0),
])
def test_cli_bad_row_is_named_and_the_rest_built(kind: str, code: str, exit_code: int, tmp_path: Path) -> None:
    path, line = _table_with_bad_row(tmp_path, kind)
    out = tmp_path / "out"
    result = rs2rdf("build", path, *FAST, "--out", out)
    assert result.exit_code == exit_code, result.output
    assert f"{path.name}" in result.stderr and f":r{line}" in result.stderr and f"[{code}]" in result.stderr
    problems = json.loads((out / "data" / "problems.json").read_text(encoding="utf-8"))
    assert [(p["file"], p["part"], p["row"]) for p in problems if p["code"] == code] == [(path.name, "2-1", line)]
    nq = (out / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    for year in ("2022", "2023"):  # the good rows are built
        assert f"<{DEFAULT_BASE}id/sheet/2024/93001/budget/{year}> <{RS}initialBudget>" in nq


# ---------------------------------------------------------------- determinism, base IRI, config


@pytest.mark.slow
def test_cli_two_builds_are_byte_identical(tmp_path: Path) -> None:
    """Two processes with different hash seeds (set/dict order) write the same bytes, site and all."""
    for name, seed in (("a", "1"), ("b", "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONIOENCODING": "utf-8"}
        proc = subprocess.run([sys.executable, "-m", "rs2rdf", "-q", "build", "--out", str(tmp_path / name)],
                              capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, env=env, timeout=600)
        assert proc.returncode == 0, proc.stderr
    a = files_of(tmp_path / "a", skip=("data/store/",))
    b = files_of(tmp_path / "b", skip=("data/store/",))
    assert sorted(a) == sorted(b)
    assert [name for name in a if a[name] != b[name]] == []
    assert "data/rs2rdf.nq" in a and "data/problems.json" in a


def test_cli_store_holds_the_dumped_graph(sample_build: Path) -> None:
    import pyoxigraph as ox

    store = ox.Store.read_only(str(sample_build / "data" / "store"))
    dumped = set(ox.parse(path=str(sample_build / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS))
    assert set(store.quads_for_pattern(None, None, None, None)) == dumped


def _iris(nq: str) -> set[str]:
    import re

    return set(re.findall(r"<([^>]*)>", nq))


@pytest.mark.slow
def test_cli_base_iri_changes_every_minted_iri(tmp_path: Path, sample_build: Path) -> None:
    base = "https://data.example.jp/review/"
    result = rs2rdf("build", *FAST, "--base-iri", base.rstrip("/"), "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    default_nq = (sample_build / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    rebased_nq = (tmp_path / "out" / "data" / "rs2rdf.nq").read_text(encoding="utf-8")
    assert DEFAULT_BASE not in rebased_nq
    minted = {i for i in _iris(default_nq) if i.startswith(DEFAULT_BASE)}
    assert len(minted) > 1000
    assert {i for i in _iris(rebased_nq) if i.startswith(base)} == {i.replace(DEFAULT_BASE, base, 1) for i in minted}
    assert sorted(default_nq.replace(DEFAULT_BASE, base).splitlines()) == sorted(rebased_nq.splitlines())
    summary = json.loads((tmp_path / "out" / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["base_iri"] == base


@pytest.mark.slow
def test_cli_base_iri_leaves_the_vocabulary_where_it_is(tmp_path: Path, sample_build: Path) -> None:
    """Issue #18: two deployments publish one vocabulary. Every rs: predicate and class, and
    every code-list scheme and concept, is the same IRI whatever --base-iri; the data IRIs differ."""
    import pyoxigraph as ox

    base = "https://data.example.jp/review/"
    result = rs2rdf("build", *FAST, "--base-iri", base, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output

    def terms(nq: Path) -> tuple[set[str], set[str], set[str]]:
        """(predicates, classes, code-list concepts and schemes) the dump uses."""
        quads = list(ox.parse(path=nq, format=ox.RdfFormat.N_QUADS))
        predicates = {q.predicate.value for q in quads}
        classes = {q.object.value for q in quads if q.predicate.value.endswith("#type") and isinstance(q.object, ox.NamedNode)}
        concepts = {q.subject.value for q in quads if q.object.value in (SKOS + "Concept", SKOS + "ConceptScheme")}
        return predicates, classes, concepts

    default = terms(sample_build / "data" / "rs2rdf.nq")
    rebased = terms(tmp_path / "out" / "data" / "rs2rdf.nq")
    assert default == rebased
    predicates, classes, concepts = rebased
    rs_terms = {t for t in predicates | classes if t.startswith(RS)}
    assert len(rs_terms) > 100 and RS + "ReviewSheet" in rs_terms
    assert len(concepts) > 50 and all(c.startswith(VOCAB_BASE) for c in concepts)
    assert not any(t.startswith((base, DEFAULT_BASE)) for t in predicates | classes | concepts)
    # the data IRIs did move
    subjects = {i for i in _iris((tmp_path / "out" / "data" / "rs2rdf.nq").read_text(encoding="utf-8")) if i.startswith(base)}
    assert base + "id/sheet/2024/90001" in subjects and not {i for i in subjects if i.startswith(VOCAB_BASE)}


@pytest.mark.slow
@pytest.mark.parametrize("section", ["", "[rs2rdf]\n"])
def test_cli_config_file_is_read(section: str, tmp_path: Path) -> None:
    base = "https://config.example.org/rs/"
    (tmp_path / "rs2rdf.toml").write_text(f'{section}base_iri = "{base}"\nout = "built"\n', encoding="utf-8")
    result = rs2rdf("build", *FAST)
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "built" / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["base_iri"] == base


@pytest.mark.slow
def test_cli_config_option_and_override(tmp_path: Path) -> None:
    conf = tmp_path / "conf" / "settings.toml"
    conf.parent.mkdir()
    conf.write_text('base_iri = "https://config.example.org/rs/"\nout = "from-config"\n', encoding="utf-8")
    result = rs2rdf("--config", conf, "build", *FAST, "--base-iri", "https://cli.example.org/x/")
    assert result.exit_code == 0, result.output
    out = conf.parent / "from-config"  # relative paths in the config resolve against its folder
    summary = json.loads((out / "data" / "build-summary.json").read_text(encoding="utf-8"))
    assert summary["base_iri"] == "https://cli.example.org/x/"  # the command line wins


@pytest.mark.slow
def test_cli_default_output_is_site(tmp_path: Path) -> None:
    result = rs2rdf("build", *FAST)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site" / "data" / "rs2rdf.nq").is_file()


@pytest.mark.slow
def test_cli_zip_input_and_csv_input_give_the_same_graph(tmp_path: Path) -> None:
    """The bare member CSV (as extracted from the ZIP) is read like the ZIP."""
    rows = good_rows()
    (tmp_path / "z").mkdir()
    (tmp_path / "c").mkdir()
    write_rs_zip(tmp_path / "z" / f"{GOOD_NAME}.zip", BY_ID["2-1"], 2024, rows)
    write_rs_csv(tmp_path / "c" / f"{GOOD_NAME}.csv", BY_ID["2-1"], 2024, rows)
    for name in ("z", "c"):
        assert rs2rdf("build", tmp_path / name, *FAST, "--out", tmp_path / f"out-{name}").exit_code == 0
    import pyoxigraph as ox

    def triples(name: str) -> set:  # type: ignore[type-arg]
        quads = ox.parse(path=str(tmp_path / f"out-{name}" / "data" / "rs2rdf.nq"), format=ox.RdfFormat.N_QUADS)
        graph = f"{DEFAULT_BASE}graph/rs/2024/2-1"
        return {q.triple for q in quads if q.graph_name.value == graph}

    assert triples("z") == triples("c")


@pytest.mark.parametrize("text,needle", [
    ("out = 5\n", "out must be a non-empty string"),
    ('out = ["a"]\n', "out must be a non-empty string"),
    ('base_iri = "https://x.org/"\n[rs2rdf]\nout = "s"\n', "outside the [rs2rdf] section"),
    ('[other]\nout = "s"\n', "unknown section"),
    ('[rs2rdf]\n[rs2rdf.sub]\nx = 1\n', "unknown section"),
    ('base_iri = "https://x.org/a#b/"\n', "'#'"),
])
def test_config_types_and_sections_are_checked(tmp_path: Path, text: str, needle: str) -> None:
    from rs2rdf.core.config import load_config
    from rs2rdf.core.errors import UsageError

    cfg = tmp_path / "rs2rdf.toml"
    cfg.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=re.escape(needle)):
        load_config(cfg)


def test_config_with_a_bom_is_read(tmp_path: Path) -> None:
    from rs2rdf.core.config import load_config

    cfg = tmp_path / "rs2rdf.toml"
    cfg.write_bytes(b"\xef\xbb\xbf" + 'site_title = "LOD"\n'.encode())
    assert load_config(cfg).site_title == "LOD"


@pytest.mark.parametrize("base", ["https://x.org/a#b/", "https://x.org/%zz/", "https:///", "https://x.org/?q=1"])
def test_bad_base_iris_are_usage_errors(tmp_path: Path, base: str) -> None:
    res = CliRunner().invoke(main, ["build", "--no-site", "--no-validate", "--base-iri", base, "--out", str(tmp_path / "s")])
    assert res.exit_code == 2, res.output
    assert "internal error" not in res.stderr


def test_out_under_a_file_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x", encoding="utf-8")
    res = CliRunner().invoke(main, ["build", "--no-site", "--no-validate", "--out", str(tmp_path / "f" / "site")])
    assert res.exit_code == 2 and "is a file" in res.stderr


def test_query_file_errors_are_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "bin.rq").write_bytes(b"\xff\xfe\x00\x01")
    for spec, needle in ((str(tmp_path / "bin.rq"), "not UTF-8"), ("missing.txt", "no such query file")):
        res = CliRunner().invoke(main, ["query", "--site", str(tmp_path), spec])
        assert res.exit_code == 2 and needle in res.stderr, res.stderr


def test_messages_never_carry_raw_control_or_bidi_characters() -> None:
    from rs2rdf.cli.main import printable

    assert printable("a\x00b\x1b[31m\u202ec") == "a\\x00b\\x1b[31m\\u202ec"
    assert printable("普通\tの文") == "普通\tの文"


def test_nothing_built_prints_no_built_line(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "1-2_RS_2024_基本情報_事業概要等.csv").write_bytes("予算事業ID,事業名\r\n9001,事業\r\n".encode("utf-16"))
    res = CliRunner().invoke(main, ["build", str(src), "--no-site", "--no-validate", "--out", str(tmp_path / "s")])
    assert res.exit_code == 3
    assert "built 0 sheet" not in res.stderr and "nothing could be built" in res.stderr
