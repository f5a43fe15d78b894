"""The Sankey diagram's geometry, read back from its data-* hooks rather than from path strings.

The property tests are the point: bands proportional to yen under one scale, stacked without
overlap inside their nodes, back links set aside, for random graphs with amounts from 0 to
10^14 and unknown ones.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rs2rdf.site.sankey import (
    MIN_BAND,
    MIN_NODE,
    TARGET_HEIGHT,
    Sankey,
    SankeyLink,
    SankeyNode,
    oku_yen,
    sankey,
)

NS = "{http://www.w3.org/2000/svg}"
TOL = 0.05


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def bands(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter() if "data-source" in el.attrib]


def nodes_of(root: ET.Element) -> dict[str, ET.Element]:
    return {el.attrib["data-node"]: el for el in root.iter() if "data-node" in el.attrib}


def node_x(node: ET.Element) -> float:
    rect = node.find(f"{NS}rect")
    assert rect is not None
    return float(rect.attrib["x"])


def is_back(band: ET.Element) -> bool:
    return "sankey-back" in band.attrib["class"].split()


def f(el: ET.Element, name: str) -> float:
    return float(el.attrib[name])


# --- property tests -------------------------------------------------------------------------

amounts = st.one_of(st.just(0), st.integers(1, 1000), st.integers(0, 10**14), st.integers(10**12, 10**14))
maybe_amount = st.one_of(st.none(), amounts)
labels = st.text(alphabet=st.sampled_from(list("abc <>&\"'日本株式会社")), max_size=30)


@st.composite
def graphs(draw: st.DrawFn, acyclic: bool) -> tuple[list[SankeyNode], list[SankeyLink]]:
    n = draw(st.integers(1, 10))
    keys = [f"k{i}" for i in range(n)]
    kinds = st.sampled_from(["", "budget", "block", "recipient", "other"])
    nodes = [SankeyNode(k, draw(labels), kind=draw(kinds), amount=draw(maybe_amount)) for k in keys]
    raw = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), maybe_amount), max_size=20))
    if acyclic:
        links = [SankeyLink(keys[min(a, b)], keys[max(a, b)], amt) for a, b, amt in raw if a != b]
    else:
        links = [SankeyLink(keys[a], keys[b], amt) for a, b, amt in raw]
    return draw(st.permutations(nodes)), links


def check_geometry(nodes: list[SankeyNode], links: list[SankeyLink]) -> ET.Element | None:
    result = sankey(nodes, links, title="t")
    if not links:
        assert result == Sankey("", 0, 0)
        return None
    root = parse(result.svg)
    scale = float(root.attrib["data-px-per-yen"])
    found = bands(root)
    by_node = nodes_of(root)
    assert set(by_node) == {n.key for n in nodes}

    # every link is drawn exactly once, with its exact amount
    assert Counter((b.attrib["data-source"], b.attrib["data-target"], b.attrib["data-amount"]) for b in found) == \
        Counter((x.source, x.target, "" if x.amount is None else str(x.amount)) for x in links)

    forward = [b for b in found if not is_back(b)]
    for b in found:
        xs, xt = node_x(by_node[b.attrib["data-source"]]), node_x(by_node[b.attrib["data-target"]])
        assert (xt <= xs) if is_back(b) else (xt > xs)

    # one px-per-yen for every band above the minimum thickness
    known = [b for b in forward if b.attrib["data-amount"] != ""]
    for b in forward:
        w = f(b, "data-width")
        if b.attrib["data-amount"] == "":
            assert w == MIN_BAND and "sankey-unknown" in b.attrib["class"]
        else:
            assert abs(w - max(MIN_BAND, int(b.attrib["data-amount"]) * scale)) <= 0.011
    if known:
        top = max(known, key=lambda b: int(b.attrib["data-amount"]))
        if f(top, "data-width") > MIN_BAND + 0.01:
            ratio = f(top, "data-width") / int(top.attrib["data-amount"])
            for b in known:
                a = int(b.attrib["data-amount"])
                if a * ratio > MIN_BAND + 0.02:
                    assert abs(f(b, "data-width") - a * ratio) <= 0.011

    # stacked without overlap inside the node, in the order of the node at the other end
    for key, node in by_node.items():
        y, h = f(node, "data-y"), f(node, "data-height")
        assert h >= MIN_NODE - 0.005
        own = next(n.amount for n in nodes if n.key == key)
        if own:
            assert h >= own * scale - 0.01
        for end, centre, other in (("data-source", "data-y0", "data-target"), ("data-target", "data-y1", "data-source")):
            mine = sorted((b for b in forward if b.attrib[end] == key), key=lambda b: f(b, centre))
            previous = y
            for b in mine:
                lo, hi = f(b, centre) - f(b, "data-width") / 2, f(b, centre) + f(b, "data-width") / 2
                assert lo >= previous - TOL
                assert hi <= y + h + TOL
                previous = hi
            others = [f(by_node[b.attrib[other]], "data-y") for b in mine]
            assert others == sorted(others)
    return root


@settings(max_examples=60, deadline=None)
@given(graphs(acyclic=True))
def test_dag_bands_are_proportional_and_stacked(graph: tuple[list[SankeyNode], list[SankeyLink]]) -> None:
    nodes, links = graph
    root = check_geometry(nodes, links)
    if root is not None:
        assert not any(is_back(b) for b in bands(root))
        # node order in the input does not matter
        assert sankey(sorted(nodes, key=lambda n: n.key), links, title="t").svg == sankey(nodes, links, title="t").svg


@settings(max_examples=60, deadline=None)
@given(graphs(acyclic=False))
def test_cyclic_graphs_set_back_links_aside(graph: tuple[list[SankeyNode], list[SankeyLink]]) -> None:
    check_geometry(*graph)


# --- examples -------------------------------------------------------------------------------

def ministry() -> tuple[list[SankeyNode], list[SankeyLink]]:
    nodes = [
        SankeyNode("m", "厚生労働省", kind="budget", amount=2_327_749_000_000),
        SankeyNode("a", "Aブロック", href="../a/", kind="block"),
        SankeyNode("b", "Bブロック（再委託）", kind="block"),
        SankeyNode("r1", "受注者1", kind="recipient"),
        SankeyNode("r2", "受注者2", kind="recipient"),
        SankeyNode("o", "その他", kind="other"),
    ]
    links = [
        SankeyLink("m", "a", 2_000_000_000_000),
        SankeyLink("m", "b", 100_000_000),
        SankeyLink("a", "b", 300_000_000_000),  # b is paid by m and a: longest path puts it after a
        SankeyLink("b", "r1", 250_000_000_000),
        SankeyLink("a", "r2", 5_000),
        SankeyLink("a", "o", None),
        SankeyLink("r1", "a", 7),  # a return: drawn aside
    ]
    return nodes, links


def test_columns_follow_the_longest_path() -> None:
    root = parse(sankey(*ministry(), title="t").svg)
    x = {k: node_x(el) for k, el in nodes_of(root).items()}
    assert x["m"] < x["a"] < x["b"] < x["r1"]
    assert x["r2"] == x["o"] == x["b"]
    back = [b for b in bands(root) if is_back(b)]
    assert [(b.attrib["data-source"], b.attrib["data-target"]) for b in back] == [("r1", "a")]
    # the return arc does not add to a's height: a's height is its own inflow
    a = nodes_of(root)["a"]
    inflow = [b for b in bands(root) if b.attrib["data-target"] == "a" and not is_back(b)]
    assert abs(f(a, "data-height") - sum(f(b, "data-width") for b in inflow)) <= 0.011


def test_tallest_column_fits_the_target_height() -> None:
    nodes, links = ministry()
    root = parse(sankey(nodes, links, title="t").svg)
    columns: dict[float, float] = {}
    for el in nodes_of(root).values():
        columns[node_x(el)] = columns.get(node_x(el), 0.0) + f(el, "data-height")
    minimums = len(nodes) * MIN_NODE + len(links) * MIN_BAND
    assert TARGET_HEIGHT - 0.1 <= max(columns.values()) <= TARGET_HEIGHT + minimums


def test_nodes_in_a_column_by_amount_then_key() -> None:
    nodes = [SankeyNode("root", "r")] + [SankeyNode(k, k) for k in ("d", "c", "b", "a")]
    links = [SankeyLink("root", "d", 5), SankeyLink("root", "c", 9), SankeyLink("root", "b", 5), SankeyLink("root", "a", 1)]
    by_node = nodes_of(parse(sankey(nodes, links, title="t").svg))
    assert sorted("abcd", key=lambda k: f(by_node[k], "data-y")) == ["c", "b", "d", "a"]


def test_accessibility_markup() -> None:
    result = sankey(*ministry(), title="資金の流れ", caption="金額は2023年度の執行額", lang_en_title="Flow of funds")
    root = parse(result.svg)
    assert root.attrib["role"] in ("group", "figure")
    assert root.attrib["aria-label"] == "資金の流れ"
    assert root[0].tag == f"{NS}title" and root[0].text == "資金の流れ"
    assert root.find(f"{NS}style") is not None
    assert root.attrib["width"] == str(result.width) and root.attrib["height"] == str(result.height)
    assert root.attrib["viewBox"] == f"0 0 {result.width} {result.height}"
    assert root.attrib["style"] == "max-width:none"
    assert any("".join(el.itertext()) == "金額は2023年度の執行額" for el in root.iter(f"{NS}text"))
    for b in bands(root):
        assert b.tag == f"{NS}path" and b.attrib["tabindex"] == "0"
        assert "sankey-band" in b.attrib["class"].split()
        title = b.find(f"{NS}title")
        assert title is not None and title.text == b.attrib["aria-label"]
    titles = {(b.attrib["data-source"], b.attrib["data-target"]): b.attrib["aria-label"] for b in bands(root)}
    assert titles[("m", "a")] == "厚生労働省 → Aブロック: 2,000,000,000,000円"
    assert titles[("a", "o")] == "Aブロック → その他: 金額不明"
    links = [a for a in root.iter(f"{NS}a")]
    assert [a.attrib["href"] for a in links] == ["../a/"]
    assert links[0][0].attrib["data-node"] == "a"
    assert links[0][0].attrib["class"] == "sankey-node sankey-block"
    node = nodes_of(root)["m"]
    assert [child.tag for child in node] == [f"{NS}title", f"{NS}rect", f"{NS}text"]


def test_escaping() -> None:
    evil = '<script>alert("x")</script> & "quoted"'
    nodes = [SankeyNode('k"<&>', evil, href='p?a=1&b="2"', kind='x" onload="y'), SankeyNode("t", evil + "2"),
             SankeyNode("j", "j", href="javascript:alert(1)")]
    links = [SankeyLink('k"<&>', "t", 10**9), SankeyLink("t", "j", 1)]
    svg = sankey(nodes, links, title=evil, caption=evil, lang_en_title=evil).svg
    assert "<script>" not in svg and 'onload="' not in svg and "javascript:" not in svg
    root = parse(svg)
    assert root.attrib["aria-label"] == evil
    assert set(nodes_of(root)) == {'k"<&>', "t", "j"}
    band = bands(root)[0]
    assert band.attrib["data-source"] == 'k"<&>'
    assert band.attrib["aria-label"] == f"{evil} → {evil}2: 1,000,000,000円"
    assert [a.attrib["href"] for a in root.iter(f"{NS}a")] == ['p?a=1&b="2"']
    shown = "".join("".join(t.itertext()) for t in root.iter(f"{NS}text"))
    assert evil.replace(" ", "") in shown.replace(" ", "")


def test_a_long_caption_wraps_inside_the_svg() -> None:
    caption = "金額は令和五年度の執行額。支出先の上位二十者を個別に示し、残りは「その他」にまとめた。" * 3
    result = sankey([SankeyNode("a", "a"), SankeyNode("b", "b")], [SankeyLink("a", "b", 1)], title="t", caption=caption)
    root = parse(result.svg)
    text = next(el for el in root.iter(f"{NS}text") if el.attrib.get("class") == "sankey-caption")
    assert len(text) >= 2 and "".join(text.itertext()) == caption
    for span in text:
        assert float(span.attrib["x"]) + 12 * len(span.text or "") <= result.width
    assert min(f(n, "data-y") for n in nodes_of(root).values()) > max(float(s.attrib["y"]) for s in text)


def test_the_english_caption_stands_beside_the_japanese_one_and_the_diagram_starts_below_the_longer() -> None:
    ja = "金額は令和5年度の執行額"
    en = "Amounts: execution in FY2023 (ministry → project) and payments to recipients (project → recipient). " * 3
    result = sankey([SankeyNode("a", "a"), SankeyNode("b", "b")], [SankeyLink("a", "b", 1)], title="t", caption=ja,
                    caption_en=en)
    root = parse(result.svg)
    texts = {el.attrib["class"]: el for el in root.iter(f"{NS}text") if "sankey-caption" in el.attrib.get("class", "")}
    assert set(texts) == {"sankey-caption l-ja", "sankey-caption l-en"}
    assert texts["sankey-caption l-en"].attrib["lang"] == "en" and texts["sankey-caption l-ja"].attrib["lang"] == "ja"
    assert "".join(texts["sankey-caption l-ja"].itertext()) == ja
    assert "".join(texts["sankey-caption l-en"].itertext()).replace(" ", "") == en.strip().replace(" ", "")
    lowest = max(float(s.attrib["y"]) for t in texts.values() for s in t)
    assert len(texts["sankey-caption l-en"]) >= 2
    assert min(f(n, "data-y") for n in nodes_of(root).values()) > lowest


def test_deterministic() -> None:
    assert sankey(*ministry(), title="t", caption="c").svg == sankey(*ministry(), title="t", caption="c").svg


def test_long_labels_wrap_and_stay_out_of_the_next_column() -> None:
    label = "独立行政法人日本学術振興会科学研究費助成事業研究成果公開促進費国際情報発信強化学術図書データベース共同研究事業に係る委託"
    assert len(label) == 60
    nodes = [SankeyNode("a", label), SankeyNode("b", label + "B"), SankeyNode("c", "c")]
    links = [SankeyLink("a", "b", 10**9), SankeyLink("b", "c", 10**8)]
    root = parse(sankey(nodes, links, title="t", max_width=480).svg)
    by_node = nodes_of(root)
    assert "…" not in "".join(root.itertext())
    for key, next_key in (("a", "b"), ("b", "c")):
        text = by_node[key].find(f"{NS}text")
        assert text is not None
        spans = [s for s in text if "sankey-amount" not in s.attrib.get("class", "")]
        assert len(spans) >= 3
        assert "".join(s.text or "" for s in spans) == next(n.label for n in nodes if n.key == key)
        for s in spans:
            # all full-width: 11 px a character is the drawn width
            assert float(s.attrib["x"]) + 11 * len(s.text or "") < node_x(by_node[next_key])
        ys = [float(s.attrib["y"]) for s in text]
        assert ys == sorted(ys) and len(set(ys)) == len(ys)


def test_latin_labels_break_at_spaces() -> None:
    label = "Japan Society for the Promotion of Science International Research Programme"
    root = parse(sankey([SankeyNode("a", label), SankeyNode("b", "b")], [SankeyLink("a", "b", 1)], title="t").svg)
    text = nodes_of(root)["a"].find(f"{NS}text")
    assert text is not None
    lines = [s.text or "" for s in text][:-1]
    assert len(lines) >= 2 and " ".join(lines) == label


def test_oku_yen() -> None:
    assert oku_yen(2_327_749_000_000) == "2兆3,277億円"
    assert oku_yen(10**12) == "1兆円"
    assert oku_yen(12_000_000_000_000_000) == "12,000兆円"
    assert oku_yen(999_960_000_000) == "1兆円"  # 9,999.6億 rounds into the next unit
    assert oku_yen(123_400_000_000) == "1,234億円"
    assert oku_yen(1_230_000_000) == "12.3億円"
    assert oku_yen(99_995_000) == "1.0億円"
    assert oku_yen(560_000) == "56万円"
    assert oku_yen(9_999) == "9,999円"
    assert oku_yen(0) == "0円"
    assert oku_yen(-560_000) == "-56万円"
    assert oku_yen(None) == "金額不明"
    svg = sankey(*ministry(), title="t").svg
    assert "2兆3,277億円" in svg and "3,277.0" not in svg


def test_nothing_to_draw() -> None:
    assert sankey([], [], title="t") == Sankey("", 0, 0)
    assert sankey([SankeyNode("a", "a", amount=5)], [], title="t") == Sankey("", 0, 0)
    assert sankey([SankeyNode("a", "a")], [SankeyLink("a", "missing", 5)], title="t") == Sankey("", 0, 0)


def test_width_shrinks_column_spacing_to_max_width() -> None:
    def chain(n: int) -> tuple[list[SankeyNode], list[SankeyLink]]:
        keys = [f"n{i}" for i in range(n)]
        return [SankeyNode(k, k) for k in keys], [SankeyLink(a, b, 10) for a, b in zip(keys, keys[1:])]

    assert sankey(*chain(3), title="t").width == 780
    assert sankey(*chain(5), title="t").width == 1100
    assert sankey(*chain(10), title="t").width == 1600  # never narrower than 160 px a column: the page scrolls


def test_two_hundred_nodes_in_a_column() -> None:
    start = time.perf_counter()
    nodes = [SankeyNode("m", "省", amount=10**13)] + [SankeyNode(f"r{i:03}", f"受注者{i}") for i in range(200)]
    links = [SankeyLink("m", f"r{i:03}", (i + 1) ** 4 * 10**4) for i in range(200)]
    result = sankey(nodes, links, title="t")
    root = parse(result.svg)
    by_node = nodes_of(root)
    spans = sorted((f(el, "data-y"), f(el, "data-y") + f(el, "data-height")) for k, el in by_node.items() if k != "m")
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:]))
    assert result.height >= spans[-1][1]
    assert float(root.attrib["data-px-per-yen"]) > 0
    assert time.perf_counter() - start < 0.4


@pytest.mark.parametrize("amount", [0, None])
def test_zero_and_unknown_amounts_draw_at_minimum(amount: int | None) -> None:
    root = parse(sankey([SankeyNode("a", "a"), SankeyNode("b", "b")], [SankeyLink("a", "b", amount)], title="t").svg)
    band = bands(root)[0]
    assert f(band, "data-width") == MIN_BAND
    assert band.attrib["data-amount"] == ("" if amount is None else "0")
    assert ("sankey-unknown" in band.attrib["class"]) == (amount is None)
