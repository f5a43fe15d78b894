"""PDF page → cells: ruling lines make the boxes, words fill them; no lines, word positions.

Stages (each a pure function, inspectable in ``--debug-dir`` images):
``page_to_edges`` → ``words_to_fragments`` (a word split where a ruling line crosses it)
→ ``fragments_to_cells`` (fragments grouped by the box of ruling lines around them) or, for
text with no box around it, ``fragments_to_blocks`` (fragments stacked closely one above the
other, which also rebuilds vertical one-character-per-line labels).

Line breaks: a line that runs to the right edge of its box is a soft wrap and is joined to
the next; a shorter one is a hard break and stays ``\\n``. That makes the PDF text equal to
the xlsx cell text it was printed from.
"""

from __future__ import annotations

import logging
import re
import statistics
from bisect import bisect_left, bisect_right
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from rs2rdf.sources.sheet.grid import Cell, Grid, Wall, canonical_text, join_wrapped, number_rows, separator
from rs2rdf.sources.normalize.lookalikes import fold_lookalikes
from rs2rdf.sources.sheet.labels import is_label, label_prefix_length
from rs2rdf.sources.normalize.text import key

#: pdfplumber word settings: tight x tolerance so a label and the value in the next box stay apart.
WORD_SETTINGS: dict[str, Any] = {"x_tolerance": 1.5, "y_tolerance": 2, "keep_blank_chars": False, "return_chars": True,
                                 "use_text_flow": False}
#: Unruled pages: a space printed inside a cell is kept in its word, so two words with a gap and no
#: space character between them are two cells (wrapped cells side by side sit only 2–4 pt apart).
UNRULED_WORD_SETTINGS: dict[str, Any] = {**WORD_SETTINGS, "keep_blank_chars": True}
#: Fewer ruling lines than this in each direction on average (or fewer than 3 in one) means the page is treated as unruled.
MIN_EDGES = 6
#: A line starting like this begins a new list item, so the break before it is a hard one.
_LIST_START = re.compile(r"^(?:[①-⑳・※「【○●■□◆◇]|[（(][0-9０-９一二三四五六七八九十]{1,2}[）)]|[0-9０-９]{1,2}[.．])")


@dataclass(frozen=True)
class Edges:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling segments of one page."""

    horizontal: tuple[tuple[float, float, float], ...]
    vertical: tuple[tuple[float, float, float], ...]

    @property
    def ruled(self) -> bool:
        """A table's lines: a few of each direction and enough in all (a short last page of a ruled list has
        only five horizontal ones; a box drawn round an unruled title has two and two)."""
        return len(self.horizontal) >= 3 and len(self.vertical) >= 3 and len(self.horizontal) + len(self.vertical) >= 2 * MIN_EDGES


@dataclass(frozen=True)
class Fragment:
    """A run of characters on one line inside one box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    chars: tuple[tuple[str, float, float], ...]  # (text, x0, x1)


def page_to_edges(lines: Iterable[dict[str, Any]], rects: Iterable[dict[str, Any]]) -> Edges:
    """Ruling segments from line objects and from rectangles (thin ones are lines, others four sides)."""
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []

    def add(x0: float, top: float, x1: float, bottom: float) -> None:
        if abs(bottom - top) <= 2 and x1 - x0 > 2:
            hs.append(((top + bottom) / 2, x0, x1))
        elif abs(x1 - x0) <= 2 and bottom - top > 2:
            vs.append(((x0 + x1) / 2, top, bottom))

    for o in lines:
        add(o["x0"], o["top"], o["x1"], o["bottom"])
    for o in rects:
        x0, top, x1, bottom = o["x0"], o["top"], o["x1"], o["bottom"]
        if x1 - x0 <= 2 or bottom - top <= 2:
            add(x0, top, x1, bottom)
        else:
            add(x0, top, x1, top)
            add(x0, bottom, x1, bottom)
            add(x0, top, x0, bottom)
            add(x1, top, x1, bottom)
    return Edges(tuple(sorted(hs)), tuple(sorted(vs)))


def _crossing_walls(edges: Edges, x0: float, x1: float, y: float) -> list[float]:
    xs = [e[0] for e in edges.vertical]
    lo, hi = bisect_right(xs, x0 + 0.5), bisect_left(xs, x1 - 0.5)
    return sorted({round(x, 1) for x, top, bottom in edges.vertical[lo:hi] if top - 1 <= y <= bottom + 1})


def words_to_fragments(words: Iterable[dict[str, Any]], edges: Edges, size: float, unruled: bool) -> list[Fragment]:
    """Words as fragments, cut where a ruling line crosses them (or, unruled, after a label)."""
    out: list[Fragment] = []
    for w in words:
        chars = tuple((c["text"], c["x0"], c["x1"]) for c in w.get("chars", ())) or ((w["text"], w["x0"], w["x1"]),)
        cy = (w["top"] + w["bottom"]) / 2
        cuts = _crossing_walls(edges, w["x0"], w["x1"], cy) if edges.vertical else []
        pieces: list[list[tuple[str, float, float]]] = [[]]
        for ch in chars:
            # a wall between two glyphs' centres parts them even where their boxes reach over it (a closing
            # bracket's em box past a wall its ink stops short of, the next cell's digit starting at the wall)
            if cuts and pieces[-1] and any((pieces[-1][-1][1] + pieces[-1][-1][2]) / 2 < x < (ch[1] + ch[2]) / 2 for x in cuts):
                pieces.append([])
            pieces[-1].append(ch)
        if unruled:
            pieces = [p for piece in pieces for q in _split_after_label(piece) for p in _split_rank(q)]
        for piece in pieces:
            if piece:
                out.append(Fragment("".join(c[0] for c in piece), piece[0][1], w["top"], piece[-1][2], w["bottom"], tuple(piece)))
    return out


def _split_after_label(piece: list[tuple[str, float, float]]) -> list[list[tuple[str, float, float]]]:
    text = "".join(c[0] for c in piece)
    n = label_prefix_length(key(text))
    if not n:
        return [piece]
    seen = 0
    for i, ch in enumerate(piece):
        seen += len(key(ch[0]))
        if seen >= n:
            gap = piece[i + 1][1] - ch[2] if i + 1 < len(piece) else 0.0
            return [piece[: i + 1], piece[i + 1:]] if gap >= 0.8 else [piece]
    return [piece]


_RANK_START = re.compile(r"^[0-9０-９]{1,2}[.．]?(?=[^0-9０-９,，.．%％年度])")
#: Characters set one after another in a run of text touch (gaps of ±0.1 pt); a wider gap is a seam between two cells.
#: Not less: LibreOffice leaves 0.31–0.34 pt between a full-width glyph and a half-width digit of one run
#: (「法律第88条」), while a browser that trims a closing bracket's advance leaves 0.41 pt between 「（企画競争）」
#: and the next cell's 「7」; gaps that close cannot tell the two apart, and the run must stay whole.
_SEAM = 0.5


def _split_rank(piece: list[tuple[str, float, float]]) -> list[list[tuple[str, float, float]]]:
    """A list's rank printed right-aligned against the left-aligned name after it, with no rule between.

    On unruled pages 「1」 and 「一般社団法人…」 then come out as one word, 「1一般社団法人…」. They
    are two cells when a visible seam (wider than the touching glyphs of one run) separates the digits
    from the text; a name that begins with digits (「3Dプリンタ協会」) is set as one run and stays whole.
    """
    m = _RANK_START.match("".join(c[0] for c in piece))
    if m and len(piece) > m.end() and piece[m.end()][1] - piece[m.end() - 1][2] >= _SEAM:
        return [piece[:m.end()], *_split_number_seams(piece[m.end():])]
    return [q for p in _split_text_seams(piece) for q in _split_number_seams(p)]


def _split_text_seams(piece: list[tuple[str, float, float]]) -> list[list[tuple[str, float, float]]]:
    """Two cells' texts that pdfplumber took for one word (「（応募者数」 against 「落札率」, 1.5 pt apart).

    A run of text set in one cell has touching glyphs; a gap of a seam or more where the word's
    other glyphs touch is the boundary between two cells. Justified text, spaced evenly
    throughout, has no such outlier and stays whole.
    """
    if len(piece) < 3:
        return [piece]
    gaps = [b[1] - a[2] for a, b in zip(piece, piece[1:])]
    if statistics.median(abs(g) for g in gaps) > _SEAM / 2:
        return [piece]
    out = [[piece[0]]]
    for gap, ch in zip(gaps, piece[1:]):
        # after a digit the seam is a rank's or a figure's (_split_rank, _split_number_seams): 「30年度要求」 stays whole
        if gap >= _SEAM and ch[0].strip() and out[-1][-1][0].strip() and not out[-1][-1][0].isdigit():
            out.append([])
        out[-1].append(ch)
    return out


_NUMBER_END = frozenset("0123456789０１２３４５６７８９%％")
_NEXT_CELL_START = frozenset("-‐－―ーｰ▲△0123456789０１２３４５６７８９")


def _split_number_seams(piece: list[tuple[str, float, float]]) -> list[list[tuple[str, float, float]]]:
    """A right-aligned number against the next cell's left-aligned dash or number (「1,166-」, 「▲ 463－」):
    two cells where a seam separates the number's last digit from the next glyph."""
    out = [[piece[0]]] if piece else []
    for prev, ch in zip(piece, piece[1:]):
        if prev[0] in _NUMBER_END and ch[0] in _NEXT_CELL_START and ch[1] - prev[2] >= _SEAM:
            out.append([])
        out[-1].append(ch)
    return out


def _lines(frags: list[Fragment], size: float) -> list[list[Fragment]]:
    lines: list[list[Fragment]] = []
    for f in sorted(frags, key=lambda f: (f.top, f.x0)):
        if lines and abs(lines[-1][0].top - f.top) < size * 0.5:
            lines[-1].append(f)
        else:
            lines.append([f])
    return [sorted(line, key=lambda f: f.x0) for line in lines]


def _line_text(line: list[Fragment], size: float) -> str:
    text = line[0].text
    for prev, f in zip(line, line[1:]):
        gap = f.x0 - prev.x1
        text += (separator(text, f.text) if gap > size * 0.4 else "") + f.text
    return text


def lines_to_text(lines: list[list[Fragment]], right: float, size: float, min_wrap: float = 0.0,
                  room: list[float] | None = None) -> str:
    """Join lines: soft wraps (a line reaching the box's right edge) without a break, the rest with ``\\n``.

    ``room`` (unruled pages) is, per line, how far text could have run on to the right: a line
    after which the next line's first character would still have fitted ended at a hard break,
    even when it is the block's longest line.
    """
    texts = [_line_text(line, size) for line in lines]
    if len(texts) > 1 and all(len(t) == 1 for t in texts):
        return canonical_text("".join(texts))  # set vertically, one character per line
    out = texts[0] if texts else ""
    for i in range(1, len(texts)):
        prev_end = lines[i - 1][-1].x1
        wide = prev_end - lines[i - 1][0].x0 >= min_wrap
        first = lines[i][0].chars[0] if lines[i][0].chars else (lines[i][0].text, lines[i][0].x0, lines[i][0].x1)
        fits = room is not None and prev_end + (first[2] - first[1]) + size * 0.5 < room[i - 1]
        soft = wide and not fits and prev_end >= right - (size * 1.3 + 3) and not _LIST_START.match(texts[i].lstrip("\u3000 "))
        out = join_wrapped(out, texts[i]) if soft else out + "\n" + texts[i]
    return canonical_text(out)


def _box(edges: Edges, f: Fragment) -> tuple[float, float, float, float] | None:
    cx, cy = (f.x0 + f.x1) / 2, (f.top + f.bottom) / 2
    left = [x for x, t, b in edges.vertical if x <= f.x0 + 1 and t - 1 <= cy <= b + 1]
    right = [x for x, t, b in edges.vertical if x >= f.x1 - 1 and t - 1 <= cy <= b + 1]
    above = [y for y, a, b in edges.horizontal if y <= f.top + 1 and a - 1 <= cx <= b + 1]
    below = [y for y, a, b in edges.horizontal if y >= f.bottom - 1 and a - 1 <= cx <= b + 1]
    if not (left and right and above and below):
        return None
    return max(left), max(above), min(right), min(below)


def fragments_to_cells(frags: list[Fragment], edges: Edges, page: int, size: float) -> tuple[list[Cell], list[Fragment]]:
    """Group fragments by the box of ruling lines around them; return the cells and the loose fragments."""
    boxes: dict[tuple[float, float, float, float], list[Fragment]] = {}
    loose: list[Fragment] = []
    for f in frags:
        box = _box(edges, f)
        if box is None:
            loose.append(f)
        else:
            x0, top, x1, bottom = box
            boxes.setdefault((round(x0, 1), round(top, 1), round(x1, 1), round(bottom, 1)), []).append(f)
    cells = [
        Cell(page, x0, top, x1, bottom, lines_to_text(_lines(fs, size), x1 - 2, size))
        for (x0, top, x1, bottom), fs in boxes.items()
    ]
    return cells, loose


def _room(line: list[Fragment], beside: list[Fragment], page_right: float) -> float:
    """How far a line could have run on: the page's text edge when nothing is printed to the block's right.

    With text beside the block the cell boundary is unknown (a centred neighbour starts well
    past it), so the line is given no room and the block's own right edge decides. ``beside``
    holds the other fragments level with the block.
    """
    end = line[-1].x1
    return end if any(f.x0 >= end - 0.5 for f in beside) else page_right


def fragments_to_blocks(frags: list[Fragment], page: int, size: float) -> list[Cell]:
    """Cluster loose fragments: the next line joins a block when it starts just below and overlaps it."""
    page_right = max((f.x1 for f in frags), default=0.0)
    blocks: list[list[Fragment]] = []
    # blocks that can still take a fragment, newest last, with their bounds (bottom, x0, x1); fragments
    # come top-down, so a block whose bottom is half a line above the current one is done for good
    active: list[tuple[list[Fragment], list[float]]] = []
    for f in sorted(frags, key=lambda f: (f.top, f.x0)):
        home = None
        active = [(block, bounds) for block, bounds in active if f.top - bounds[0] < size * 0.5]
        for block, bounds in reversed(active):
            last_bottom, bx0, bx1 = bounds
            if -size * 0.25 <= f.top - last_bottom and f.x0 < bx1 and f.x1 > bx0 and f.top > block[-1].top + size * 0.5:
                home = (block, bounds)
                break
        if home is None:
            blocks.append([f])
            active.append((blocks[-1], [f.bottom, f.x0, f.x1]))
        else:
            block, bounds = home
            block.append(f)
            bounds[:] = [max(bounds[0], f.bottom), min(bounds[1], f.x0), max(bounds[2], f.x1)]
    by_top = sorted(frags, key=lambda f: f.top)
    tops = [f.top for f in by_top]
    tallest = max((f.bottom - f.top for f in frags), default=0.0)
    cells = []
    for block in blocks:
        x0, x1 = min(b.x0 for b in block), max(b.x1 for b in block)
        top, bottom = min(b.top for b in block), max(b.bottom for b in block)
        own = {id(b) for b in block}
        near = by_top[bisect_left(tops, top - tallest):bisect_left(tops, bottom)]
        beside = [g for g in near if g.top < bottom and g.bottom > top and id(g) not in own]
        # without a box, only a long line can be told from a short hard-broken one
        lines = _lines(block, size)
        room = [_room(line, beside, page_right) for line in lines]
        cells.append(Cell(page, x0, top, x1, bottom, lines_to_text(lines, x1, size, min_wrap=size * 8, room=room)))
    return cells


def _same_line_runs(frags: list[Fragment], size: float) -> list[Fragment]:
    """Unruled text: fragments on one line closer than a character's width are one run."""
    out: list[Fragment] = []
    for line in _lines(frags, size):
        run = line[0]
        for f in line[1:]:
            if f.x0 - run.x1 <= size * 0.6 and not _is_label_text(run.text) and not _is_label_text(f.text):
                text = run.text + (separator(run.text, f.text) if f.x0 - run.x1 > size * 0.4 else "") + f.text
                run = Fragment(text, run.x0, min(run.top, f.top), f.x1, max(run.bottom, f.bottom), run.chars + f.chars)
            else:
                out.append(run)
                run = f
        out.append(run)
    return out


def merge_spaced_labels(runs: list[Fragment], size: float) -> list[Fragment]:
    """Rejoin labels printed with spaces between their characters (「支　出　先」) on unruled pages."""
    out: list[Fragment] = []
    i = 0
    runs = sorted(runs, key=lambda f: (round(f.top), f.x0))
    while i < len(runs):
        best = i
        text = runs[i].text
        j = i + 1
        # the next run on the line, just to the right (the sort rounds tops, so a run further left can follow)
        while j < len(runs) and abs(runs[j].top - runs[i].top) < size * 0.5 and -size * 0.5 <= runs[j].x0 - runs[j - 1].x1 <= size * 1.6:
            if len(key(runs[j].text)) > 6 or is_label(key(runs[j].text)):
                break  # spaced-out labels are short pieces; a long run or a label of its own is the next cell
            text += runs[j].text
            if is_label(key(text)):
                best = j
            j += 1
        if best > i:
            group = runs[i:best + 1]
            out.append(Fragment("\u3000".join(f.text for f in group), group[0].x0, min(f.top for f in group), group[-1].x1,
                                max(f.bottom for f in group), tuple(c for f in group for c in f.chars)))
            i = best + 1
        else:
            out.append(runs[i])
            i += 1
    return out


def _is_label_text(text: str) -> bool:
    return is_label(key(text))


def _trim_blanks(word: dict[str, Any]) -> dict[str, Any] | None:
    """A word without the blank characters at its ends (its box shrunk to the printed ones)."""
    chars = list(word.get("chars", ()))
    if not chars:
        return word if word["text"].strip() else None
    lo, hi = 0, len(chars)
    while lo < hi and not chars[lo]["text"].strip():
        lo += 1
    while hi > lo and not chars[hi - 1]["text"].strip():
        hi -= 1
    if lo == hi:
        return None
    if (lo, hi) == (0, len(chars)):
        return word
    kept = chars[lo:hi]
    return {**word, "text": "".join(c["text"] for c in kept), "x0": kept[0]["x0"], "x1": kept[-1]["x1"], "chars": kept}


def _fold_word(word: dict[str, Any]) -> dict[str, Any]:
    """A word with radicals and kin read as the characters printed (lookalikes.py), before any label is matched."""
    text = fold_lookalikes(word["text"])
    if text == word["text"]:
        return word
    chars = [{**c, "text": fold_lookalikes(c["text"])} for c in word.get("chars", ())]
    return {**word, "text": text, "chars": chars}


def rejoin_interleaved(words: list[dict[str, Any]], x_tolerance: float) -> list[dict[str, Any]]:
    """Words of one printed line that pdfplumber cut apart because a neighbouring line's glyphs fell between them.

    pdfplumber clusters characters into lines transitively (tops within ``y_tolerance`` of the
    next): a one-line heading centred beside a two-line one (「契約方式等」 level between
    「支出額」 and 「（千円）」) chains both lines into one, whose characters are then taken in x
    order, so 「（千円）」 comes out as 「（千」, 「円」 and 「）」 between the other line's glyphs.
    Pieces on the same top that touch (within the word tolerance) are one word again.
    """
    out: list[dict[str, Any]] = []
    last: dict[float, int] = {}  # line → index in ``out`` of its rightmost word so far
    for w in sorted(words, key=lambda w: (round(w["top"] * 2) / 2, w["x0"])):
        line = round(w["top"] * 2) / 2
        i = last.get(line)
        prev = out[i] if i is not None else None
        if (i is not None and prev is not None and abs(prev["bottom"] - w["bottom"]) < 0.5 and -0.5 <= w["x0"] - prev["x1"] <= x_tolerance
                and "chars" in prev and "chars" in w):
            out[i] = {**prev, "text": prev["text"] + w["text"], "x1": w["x1"], "chars": [*prev["chars"], *w["chars"]]}
            continue
        last[line] = len(out)
        out.append(w)
    return out


def page_to_cells(page: Any, number: int) -> tuple[list[Cell], list[Wall], bool, float]:
    """One pdfplumber page → cells, vertical walls, whether it is ruled, and its character size."""
    edges = page_to_edges(page.lines, page.rects)
    ruled = edges.ruled
    if ruled:
        words = page.extract_words(**WORD_SETTINGS)
    else:
        words = [w for w in map(_trim_blanks, page.extract_words(**UNRULED_WORD_SETTINGS)) if w is not None]
    words = [_fold_word(w) for w in rejoin_interleaved(words, WORD_SETTINGS["x_tolerance"])]
    heights = [w["bottom"] - w["top"] for w in words]
    size = statistics.median(heights) if heights else 8.0
    frags = words_to_fragments(words, edges if ruled else Edges((), ()), size, unruled=not ruled)
    if ruled:
        cells, loose = fragments_to_cells(frags, edges, number, size)
        runs = _same_line_runs(loose, size)
    else:
        # words already hold the spaces printed inside a cell; a gap without one is a cell boundary
        cells, runs = [], frags
    if runs:
        cells += fragments_to_blocks(merge_spaced_labels(runs, size), number, size)
    walls = [Wall(number, x, t, b) for x, t, b in edges.vertical] if ruled else []
    return cells, walls, ruled, size


def renumber(cells: list[Cell]) -> list[Cell]:
    return number_rows(sorted(cells, key=lambda c: (c.page, c.top, c.x0)))


class PdfTriageError(Exception):
    """Why a PDF cannot be read as a sheet: ``code`` is a problem code, ``page`` 1-based or None."""

    def __init__(self, code: str, message: str, page: int | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.page = page


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def parser_warnings() -> Iterator[list[str]]:
    """pdfminer's log warnings while a file is read, collected as data instead of printed.

    pdfminer logs through :mod:`logging`; with no handler configured, Python prints each warning
    to stderr, so a build of six PDFs printed by Chromium wrote 398 lines of 「Could not get FontBBox
    from font descriptor」 between its own messages. The handler is attached for the read only and the
    logger is restored after it.
    """
    logger = logging.getLogger("pdfminer")
    handler = _Collect()
    propagate = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def pdf_to_grid(path: Path) -> Grid:
    """Read all pages; raises :class:`PdfTriageError` for encrypted, empty and image-only files."""
    with parser_warnings() as warnings:
        grid = _pdf_to_grid(path)
    grid.parser_warnings = warnings
    return grid


def _pdf_to_grid(path: Path) -> Grid:
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect, PDFEncryptionError

    try:
        pdf = pdfplumber.open(path)
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PdfTriageError("encrypted-document", f"the PDF is encrypted ({type(exc).__name__})") from exc
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many unrelated types for broken files
        inner = [exc, *exc.args, exc.__cause__]
        if any(isinstance(e, (PDFPasswordIncorrect, PDFEncryptionError)) for e in inner):
            raise PdfTriageError("encrypted-document", "the PDF is encrypted") from exc
        raise PdfTriageError("unreadable-input", f"the PDF cannot be parsed ({type(exc).__name__}: {exc})") from exc
    with pdf:
        try:
            pages = list(pdf.pages)
        except MemoryError:
            raise
        except Exception as exc:
            raise PdfTriageError("unreadable-input", f"the PDF page tree cannot be read ({type(exc).__name__})") from exc
        if not pages:
            raise PdfTriageError("empty-input", "the PDF has no pages")
        grid = Grid(file=path.name, kind="pdf", parts=[f"p{i}" for i in range(1, len(pages) + 1)])
        ruled_pages, sizes, text_pages, image_pages = 0, [], 0, 0
        for number, page in enumerate(pages, 1):
            try:
                cells, walls, ruled, size = page_to_cells(page, number)
            except MemoryError:
                raise
            except Exception as exc:
                raise PdfTriageError("unreadable-input", f"page {number} cannot be parsed ({type(exc).__name__}: {exc})", number) from exc
            if cells:
                text_pages += 1
            elif page.images:
                image_pages += 1
            grid.cells.extend(cells)
            grid.walls.extend(walls)
            ruled_pages += ruled
            sizes.append(size)
            page.close()
        if not text_pages:
            if image_pages:
                raise PdfTriageError("image-only-document", "no page has a text layer (scanned images)", 1)
            raise PdfTriageError("empty-input", "no page has any text", 1)
        grid.ruled = ruled_pages > 0
        grid.char_size = statistics.median(sizes)
        grid.cells = renumber(grid.cells)
        return grid
