"""The shipped queries agree with the RS CSVs, read here with csv/zipfile independently of
the mapping code; plus the persisted store, the base-IRI rewrite and ``rs2rdf query``."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import unicodedata
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from rs2rdf.pipeline.build import Stage
from rs2rdf.pipeline.build import build
from rs2rdf.cli.main import main
from rs2rdf.core.config import Config
from rs2rdf.sparql.query import QuerySyntaxError, load_query, rebase, run_query, shipped_queries
from rs2rdf.sparql.store import STORE_DIR, open_store, site_base, store_stage

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "rs2rdf" / "data" / "sample"
NAMES = {"sheet-budgets", "sheet-recipients", "sheet-laws", "corporation-totals", "ministry-totals"}
VARIABLES = {
    "sheet-budgets": ["reviewYear", "ministry", "projectNumber", "projectName", "fiscalYear", "initial", "total", "executed"],
    "sheet-recipients": ["reviewYear", "projectNumber", "block", "recipientName", "corporateNumber", "amount"],
    "sheet-laws": ["reviewYear", "projectNumber", "lawTitle", "lawId", "article", "paragraph", "item"],
    "corporation-totals": ["corporateNumber", "name", "sheets", "amount"],
    "ministry-totals": ["ministry", "reviewYear", "fiscalYear", "initial", "total", "executed"],
}


# ---------------------------------------------------------------- the CSVs, read directly

def read_table(folder: Path, table: str) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for path in sorted(folder.glob(f"{table}_RS_*.zip")):
        with zipfile.ZipFile(path) as zf:
            for member in zf.namelist():
                with zf.open(member) as fh:
                    rows.extend(csv.DictReader(io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")))
    return rows


def yen(value: str) -> int | None:
    v = value.strip()
    return int(Decimal(v)) if v else None


def valid_corporate_number(n: str) -> bool:
    """FORMATS §5.1 check digit, written here independently of rs2rdf.sources.normalize."""
    if len(n) != 13 or not n.isdigit():
        return False
    s = sum(int(d) * (1 if i % 2 else 2) for i, d in enumerate(reversed(n[1:]), start=1))
    return int(n[0]) == 9 - s % 9


def budget_rows(folder: Path) -> set[tuple]:
    out = set()
    for r in read_table(folder, "2-1"):
        if not r["当初予算（合計）"].strip():
            continue
        executed = yen(r["執行額（合計）"])
        if int(r["予算年度"]) >= int(r["事業年度"]) and executed == 0:
            executed = None  # execution of the review year is not known yet: RS prints 0, the graph says nothing
        out.add((int(r["事業年度"]), r["政策所管府省庁"], r["予算事業ID"], r["事業名"], int(r["予算年度"]),
                 yen(r["当初予算（合計）"]), yen(r["計（歳出予算現額合計）"]), executed))
    return out


def payee_rows(folder: Path) -> list[dict[str, object]]:
    """5-1 payee rows (支出先名 set, 契約概要 empty): one per payee and block; 法人番号 if 13 digits."""
    out = []
    for r in read_table(folder, "5-1"):
        if not r["支出先名"].strip() or r["契約概要"].strip():
            continue
        number = unicodedata.normalize("NFKC", r["法人番号"]).strip()
        out.append({"year": int(r["事業年度"]), "id": r["予算事業ID"], "block": r["支出先ブロック番号"].strip(),
                    "name": r["支出先名"], "number": number if re.fullmatch(r"[0-9]{13}", number) else None,
                    "amount": yen(r["支出先の合計支出額"])})
    return out


_KANJI = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def number(text: str) -> int:
    """Arabic or kanji numerals (第八十五 → 85, 二百十五 → 215)."""
    text = unicodedata.normalize("NFKC", text)
    if text.isdigit():
        return int(text)
    total, digit = 0, 0
    for c in text:
        if c in _KANJI:
            digit = _KANJI[c]
        elif c in _UNITS:
            total += (digit or 1) * _UNITS[c]
            digit = 0
        else:
            raise ValueError(text)
    return total + digit


NUM = r"[0-9０-９〇一二三四五六七八九十百千]+"
ARTICLE = re.compile(rf"第({NUM})条((?:の{NUM})*)")


def article_of(text: str) -> str:
    m = ARTICLE.search(text)
    assert m, text
    branches = [number(b) for b in m.group(2).split("の") if b]
    return "-".join(str(x) for x in [number(m.group(1)), *branches])


def items_of(text: str) -> list[str]:
    """`第１号、第７号、第９号` → 1, 7, 9; `第１号ロ、ハ` → 1ロ, 1ハ; `18号` → 18."""
    out, last = [], None
    for part in re.split(r"、|及び|,|，", unicodedata.normalize("NFKC", text)):
        part = part.strip()
        m = re.fullmatch(rf"第?({NUM})?号?([ア-ン]?)", part)
        assert m and (m.group(1) or m.group(2)), text
        last = str(number(m.group(1))) if m.group(1) else last
        out.append(f"{last}{m.group(2)}")
    return out


def provisions_in_title(text: str) -> list[tuple[str | None, str | None, str | None]]:
    """`…法第4条第1項及び第11条第1項第3号` → (4, 1, None), (11, 1, 3)."""
    out = []
    for m in re.finditer(rf"第({NUM})条((?:の{NUM})*)(?:第({NUM})項)?(?:第({NUM})号)?", unicodedata.normalize("NFKC", text)):
        branches = [number(b) for b in m.group(2).split("の") if b]
        out.append(("-".join(str(x) for x in [number(m.group(1)), *branches]),
                    str(number(m.group(3))) if m.group(3) else None, str(number(m.group(4))) if m.group(4) else None))
    return out


def bare_title(text: str) -> str:
    """The law's title without a glued-on provision, chapter, law number or trailing 等/_他."""
    t = text.strip().lstrip("・").strip()
    m = re.match(r"^(?:明治|大正|昭和|平成|令和)\S*?第\S+?号（(.+)）$", t)
    if m:
        return m.group(1)
    t = re.split(rf"第{NUM}(?:条|章)", t)[0]
    t = re.sub(r"（(?:明治|大正|昭和|平成|令和)[^）]*第[^）]*号）$", "", t)
    return t.strip("・ 　_")


def law_rows(folder: Path) -> Counter[tuple]:
    rows = [r for r in read_table(folder, "1-3") if r["法令名"].strip() or r["条"].strip()]
    by_title = {bare_title(r["法令名"]): r["法令ID"][:15] for r in rows if re.fullmatch(r"\d{3}[A-Z0-9]{12}(_\w+)?", r["法令ID"])}
    out: Counter[tuple] = Counter()
    for r in rows:
        title = bare_title(r["法令名"])
        law_id = r["法令ID"][:15] if re.fullmatch(r"\d{3}[A-Z0-9]{12}(_\w+)?", r["法令ID"]) else by_title.get(title)
        if r["条"].strip():
            paragraph = str(number(r["項"])) if r["項"].strip() else None
            items = items_of(r["号・号の細分"]) if r["号・号の細分"].strip() else [None]
            provisions = [(article_of(r["条"]), paragraph, i) for i in items]
        else:
            provisions = provisions_in_title(r["法令名"]) or [(None, None, None)]
        for p in provisions:
            out[(int(r["事業年度"]), r["予算事業ID"], title, law_id, *p)] += 1
    return out


# ---------------------------------------------------------------- running the queries

def build_site(inputs: Path, out: Path, base: str | None = None) -> Path:
    config = Config(out=out) if base is None else Config(out=out).override(base_iri=base)
    result = build([inputs], config, stages=[Stage("store", store_stage)])
    assert result.summary["sheets"], result.problems[:5]
    return out


def rows_of(site: Path, name: str) -> tuple[list[str], list[tuple]]:
    result = run_query(open_store(site), load_query(name)[1], site_base(site))
    variables = [v.value for v in result.variables]
    rows = [tuple(_py(sol[v]) for v in variables) for sol in result]
    return variables, rows


def _py(term: object) -> object:
    if term is None:
        return None
    assert isinstance(term, ox.Literal), term
    dt = term.datatype.value.rsplit("#", 1)[-1]
    if dt == "integer":
        return int(term.value)
    assert dt in ("string", "langString"), f"{term} should be a plain string or an integer"
    return term.value


@dataclass(frozen=True)
class Built:
    folder: Path  # the RS CSV ZIPs
    site: Path  # a build of them with the query store


@pytest.fixture(scope="module")
def extract_site(tmp_path_factory: pytest.TempPathFactory, real_extract: Path) -> Built:
    return Built(real_extract, build_site(real_extract, tmp_path_factory.mktemp("extract") / "site"))


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory: pytest.TempPathFactory, shared_rs2024: Path) -> Built:
    return Built(shared_rs2024, build_site(shared_rs2024, tmp_path_factory.mktemp("rs2024") / "site"))


@pytest.fixture(scope="module", params=["extract", pytest.param("shared", marks=pytest.mark.slow)])
def rs2024(request: pytest.FixtureRequest) -> Built:
    """The committed extract (always) and the 31-project ../shared subset (slow; skipped without it)."""
    return request.getfixturevalue(f"{request.param}_site")


def test_shipped_queries_are_exactly_the_documented_ones() -> None:
    shipped = shipped_queries()
    assert set(shipped) == NAMES
    for q in shipped.values():
        assert q.title and "PREFIX rs: <https://w3id.org/rs2rdf/def/rs#>" in q.text


@pytest.mark.parametrize("name", sorted(NAMES))
def test_variables(rs2024: Built, name: str) -> None:
    variables, rows = rows_of(rs2024.site, name)
    assert variables == VARIABLES[name]
    assert rows


def test_sheet_budgets(rs2024: Built) -> None:
    _, rows = rows_of(rs2024.site, "sheet-budgets")
    assert len(rows) == len(set(rows))
    assert set(rows) == budget_rows(rs2024.folder)
    assert (2024, "法務省", "884", "法教育の推進", 2023, 23_737_000, 40_217_000, 28_433_000) in rows


def test_ministry_totals(rs2024: Built) -> None:
    expected: dict[tuple, list[int | None]] = defaultdict(lambda: [None, None, None])
    for year, ministry, _id, _name, fy, *values in budget_rows(rs2024.folder):
        acc = expected[(ministry, year, fy)]
        for i, v in enumerate(values):
            if v is not None:
                acc[i] = (acc[i] or 0) + v
    _, rows = rows_of(rs2024.site, "ministry-totals")
    assert {r[:3]: list(r[3:]) for r in rows} == dict(expected)
    assert len(rows) == len(expected)


def test_sheet_recipients(rs2024: Built) -> None:
    expected: dict[tuple, int | None] = {}
    for p in payee_rows(rs2024.folder):
        key = (p["year"], p["id"], p["block"], p["name"], p["number"])
        expected[key] = p["amount"] if key not in expected else (expected[key] or 0) + (p["amount"] or 0)
    _, rows = rows_of(rs2024.site, "sheet-recipients")
    assert Counter(r[:5] for r in rows) == Counter(set(expected)), "one row per recipient and block"
    assert {r[:5]: r[5] for r in rows} == expected
    blocks: dict[str, int] = defaultdict(int)
    for r in rows:
        if r[1] == "884":
            blocks[r[2]] += r[5]
    assert dict(blocks) == {"A": 1_437_000, "B": 328_000, "C": 26_668_000}


def test_corporation_totals(rs2024: Built) -> None:
    sheets: dict[str, set] = defaultdict(set)
    amounts: dict[str, int] = defaultdict(int)
    names: dict[str, set] = defaultdict(set)
    for p in payee_rows(rs2024.folder):
        if p["number"] and valid_corporate_number(p["number"]):
            sheets[p["number"]].add((p["year"], p["id"]))
            amounts[p["number"]] += p["amount"] or 0
            names[p["number"]].add(p["name"])
    _, rows = rows_of(rs2024.site, "corporation-totals")
    got = {r[0]: (r[2], r[3]) for r in rows}
    # Every payee corporation of 5-1 is there with its total; others (ministries paid by
    # another sheet, …) are allowed only if they are recipients in the graph.
    assert {n: got.get(n) for n in sheets} == {n: (len(sheets[n]), amounts[n]) for n in sheets}
    assert len(rows) == len(got)
    for number_, name, *_ in rows:
        if number_ in names:
            assert name in {unicodedata.normalize("NFKC", x) for x in names[number_]} | names[number_]


def _law_rows(rs2024: Built) -> tuple[Counter, Counter]:
    _, rows = rows_of(rs2024.site, "sheet-laws")
    return Counter(rows), law_rows(rs2024.folder)


PAREN_TITLE = "私的独占の禁止及び公正取引の確保に関する法律"  # printed as 「昭和二十二年法律第五十四号（…）」


def _without_title(c: Counter) -> Counter:
    out: Counter = Counter()
    for k, v in c.items():
        out[k[:2] + k[3:]] += v
    return out


def test_sheet_laws(rs2024: Built) -> None:
    got, expected = _law_rows(rs2024)
    assert _without_title(got) == _without_title(expected)
    law_ids = {k[3] for k in expected if k[2] == PAREN_TITLE}
    assert Counter({k: v for k, v in got.items() if k[3] not in law_ids}) == \
        Counter({k: v for k, v in expected.items() if k[2] != PAREN_TITLE})
    assert (2024, "1409", "株式会社日本政策金融公庫法", None, "11", "1", "3") in got


@pytest.mark.slow
def test_sheet_laws_of_projects_only_in_shared(shared_site: Built) -> None:
    got, _ = _law_rows(shared_site)
    assert (2024, "645", "廃棄物の処理及び清掃に関する法律", "345AC0000000137", "5-4", None, None) in got
    assert (2024, "5075", "特別会計に関する法律施行令", "419CO0000000124", "51", "7", "1ロ") in got
    assert (2024, "2630", "雇用保険法", "349AC0000000116", "63", "1", "9") in got


@pytest.mark.slow
def test_sheet_laws_title_given_in_parentheses(shared_site: Built) -> None:
    """6430 (only in ../shared) prints its law as 「昭和二十二年法律第五十四号（…）」."""
    got, expected = _law_rows(shared_site)
    assert {k for k in got if k[1] == "6430"} == {k for k in expected if k[1] == "6430"}
    assert any(k[2] == PAREN_TITLE for k in expected)


def test_amounts_and_years_are_typed_and_never_invented(rs2024: Built) -> None:
    result = run_query(open_store(rs2024.site), load_query("sheet-budgets")[1])
    sol = next(iter(result))
    for v in ("reviewYear", "fiscalYear", "initial", "total", "executed"):
        assert sol[v].datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    # The CSV leaves 執行額 blank nowhere here; a sheet without any 2-1 row has no budget rows at all.
    with_budget = {r[2] for r in budget_rows(rs2024.folder)}
    _, rows = rows_of(rs2024.site, "sheet-budgets")
    assert {r[2] for r in rows} == with_budget


# ---------------------------------------------------------------- store, base IRI, errors, CLI (on the extract)

@pytest.mark.slow
def test_store_survives_rename_and_falls_back_to_nquads(real_extract: Path, tmp_path: Path) -> None:
    site = build_site(real_extract, tmp_path / "a")
    moved = tmp_path / "moved"
    os.replace(site, moved)
    assert (moved / STORE_DIR / "CURRENT").is_file()
    assert not any(str(tmp_path) in p.read_text("latin-1") for p in (moved / STORE_DIR).iterdir() if p.is_file())
    persisted = open_store(moved)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    n = int(next(iter(run_query(persisted, count)))["n"].value)
    assert n > 1000
    del persisted
    import shutil
    shutil.rmtree(moved / STORE_DIR)
    assert int(next(iter(run_query(open_store(moved), count)))["n"].value) == n
    assert len(list(open_store(moved).named_graphs())) > 1


@pytest.mark.slow
def test_other_base_iri(real_extract: Path, tmp_path: Path) -> None:
    site = build_site(real_extract, tmp_path / "s", base="https://data.example.jp/rs/")
    assert site_base(site) == "https://data.example.jp/rs/"
    assert "<https://w3id.org/rs2rdf/def/rs#>" in rebase(load_query("sheet-budgets")[1], site_base(site))  # the vocabulary stays
    _, rows = rows_of(site, "sheet-budgets")
    assert set(rows) == budget_rows(real_extract)


def test_syntax_error_has_line_and_column(extract_site: Built) -> None:
    with pytest.raises(QuerySyntaxError) as err:
        run_query(open_store(extract_site.site), "SELECT ?x\nWHERE {\n  ?x rs:projectName \n}")
    assert (err.value.line, err.value.column) == (4, 1)
    assert err.value.exit_code == 2


def test_cli_formats(extract_site: Built, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(main, ["-q", "query", "sheet-budgets", "--site", str(extract_site.site), "--format", "json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert data["head"]["vars"] == VARIABLES["sheet-budgets"]
    r = runner.invoke(main, ["-q", "query", "sheet-budgets", "--site", str(extract_site.site), "--format", "csv"])
    lines = r.stdout.splitlines()
    assert lines[0] == ",".join(VARIABLES["sheet-budgets"])
    assert "2024,法務省,884,法教育の推進,2023,23737000,40217000,28433000" in lines
    r = runner.invoke(main, ["-q", "query", "sheet-recipients", "--site", str(extract_site.site), "--format", "tsv"])
    assert r.stdout.splitlines()[0] == "\t".join("?" + v for v in VARIABLES["sheet-recipients"])
    r = runner.invoke(main, ["-q", "query", "ministry-totals", "--site", str(extract_site.site)])
    assert r.exit_code == 0 and "法務省" in r.stdout and " | " in r.stdout.splitlines()[0]
    rq = tmp_path / "ask.rq"
    rq.write_text("ASK { ?s a rs:ReviewSheet }", encoding="utf-8")
    r = runner.invoke(main, ["-q", "query", str(rq), "--site", str(extract_site.site)])
    assert r.exit_code == 0 and r.stdout == "true\n"
    r = runner.invoke(main, ["-q", "query", "CONSTRUCT { ?s rs:projectName ?n } WHERE { ?s rs:projectName ?n } LIMIT 2",
                             "--site", str(extract_site.site), "--format", "csv"])
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 2 and r.stdout.startswith("<https://example.org/rs2rdf/id/")
    r = runner.invoke(main, ["query", "SELECT ?x WHERE {\n ?x", "--site", str(extract_site.site)])
    assert r.exit_code == 2 and r.stdout == "" and "line 2, column" in r.stderr
    r = runner.invoke(main, ["query", "no-such-query", "--site", str(extract_site.site)])
    assert r.exit_code == 2 and "sheet-budgets" in r.stderr
    r = runner.invoke(main, ["query", "INSERT DATA { <a:a> <a:a> <a:a> }", "--site", str(extract_site.site)])
    assert r.exit_code == 2 and "read-only" in r.stderr
    r = runner.invoke(main, ["query", "sheet-laws", "--site", str(tmp_path / "missing")])
    assert r.exit_code == 3 and "rs2rdf build" in r.stderr


# ---------------------------------------------------------------- the bundled sample

@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not any(SAMPLE.glob("*.zip")):
        pytest.skip("bundled sample not generated yet")
    return build_site(SAMPLE, tmp_path_factory.mktemp("sample") / "site")


def test_sample_budgets_and_recipients(sample: Path) -> None:
    _, rows = rows_of(sample, "sheet-budgets")
    assert set(rows) == budget_rows(SAMPLE)
    expected: dict[tuple, int | None] = {}
    for p in payee_rows(SAMPLE):
        key = (p["year"], p["id"], p["block"], p["name"], p["number"])
        expected[key] = p["amount"] if key not in expected else (expected[key] or 0) + (p["amount"] or 0)
    _, rows = rows_of(sample, "sheet-recipients")
    assert {r[:5]: r[5] for r in rows} == expected


@pytest.mark.parametrize("name", sorted(NAMES))
def test_sample_runs(sample: Path, name: str) -> None:
    variables, _ = rows_of(sample, name)
    assert variables == VARIABLES[name]


def test_sample_invalid_corporate_number_is_printed_but_not_totalled(sample: Path) -> None:
    bad = [p for p in payee_rows(SAMPLE) if p["number"] and not valid_corporate_number(p["number"])]
    assert bad, "the sample keeps one deliberately invalid 法人番号"
    _, rows = rows_of(sample, "sheet-recipients")
    assert {p["number"] for p in bad} <= {r[4] for r in rows}
    _, totals = rows_of(sample, "corporation-totals")
    assert not {p["number"] for p in bad} & {r[0] for r in totals}
