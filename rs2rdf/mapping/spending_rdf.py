"""Where the money went (RS 5-1…5-4; older sheets ⑨–⑫): blocks, flows, payments,
contracts, expense lines and multi-year contracts."""

from __future__ import annotations

from rs2rdf.core.location import SourceLocation
from rs2rdf.core import records as r
from rs2rdf.core.errors import Problem
from rs2rdf.sources.normalize import ids
from rs2rdf.mapping.fields import at
from rs2rdf.mapping import coded
from rs2rdf.mapping.context import Context
from rs2rdf.mapping.iris import content_hash, segment
from rs2rdf.mapping.orgs import OrgLinker, recipient_kind
from rs2rdf.mapping.vocab import RDFS

LABEL = RDFS + "label"


def block_iri(ctx: Context, sheet: r.SheetKey, letter: str) -> str:
    return f"{ctx.sheet_iri(sheet)}/block/{segment(letter)}"


def block(ctx: Context, rec: r.Block) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    s = block_iri(ctx, rec.sheet, rec.letter)
    ctx.blocks.add(s)
    e.type(s, V.SpendingBlock, g)
    ctx.derived(s, rec.src)
    e.iri(s, V.sheet, ctx.sheet_iri(rec.sheet), g)
    e.iri(ctx.sheet_iri(rec.sheet), V.block, s, g)
    e.plain(s, V.blockLetter, rec.letter, g)
    e.text(s, LABEL, rec.name or rec.letter, g)
    e.text(s, V.role, rec.role, g)
    e.integer(s, V.payeeCount, rec.payee_count, g)
    if rec.amount:
        e.decimal(s, V.amount, rec.amount.yen, g)
        _printed(ctx, s, rec.amount, g)


def ensure_block(ctx: Context, sheet: r.SheetKey, letter: str, name: str | None, src: SourceLocation) -> str:
    """A block named only by 5-2/5-3/5-4 still gets a minimal resource (never a dangling IRI)."""
    s = block_iri(ctx, sheet, letter)
    if s not in ctx.blocks:
        if sheet in ctx.sheets_with_blocks:
            # 5-1 lists this sheet's blocks, and this letter is not among them.
            ctx.problems.append(Problem("dangling-block", f"block {letter} has no block row in 5-1; described from this row only",
                                        src, letter))
        ctx.blocks.add(s)
        block(ctx, r.Block(sheet=sheet, src=src, letter=letter, name=name, payee_count=None, role=None, amount=None))
    return s


def _printed(ctx: Context, s: str, m: r.Money, g: str) -> None:
    if m.unit != "円" and m.printed:
        ctx.emitter.plain(s, ctx.V.printedAmount, f"{m.printed} {m.unit}", g)
        ctx.emitter.plain(s, ctx.V.sourceUnit, m.unit, g)


def payment_base(ctx: Context, link: OrgLinker, rec: r.Payment) -> str:
    b = block_iri(ctx, rec.sheet, rec.block)
    number, valid = _number_quiet(rec.corporate_number)
    return f"{b}/payee/{number}" if number and valid else f"{b}/payee/n-{content_hash(rec.name)}"


def _number_quiet(raw: str | None) -> tuple[str | None, bool]:
    """The number and its validity without reporting: the recipient mapping reports it once."""
    try:
        n = ids.normalize_corporate_number(raw)
    except ValueError:
        return None, False
    return (n, ids.is_valid_corporate_number(n)) if n else (None, False)


def recipient(ctx: Context, link: OrgLinker, payment: str, name: str | None, raw_number: str | None,
              address: str | None, kind: str | None, is_remainder: bool | None, src: SourceLocation, g: str) -> str:
    """The recipient IRI: the 法人番号 entity, or a sheet-local unidentified recipient."""
    V, e = ctx.V, ctx.emitter
    number, _valid = link.recipient_number(raw_number, src)
    if number:
        return link.register_org(number, name, address, kind)
    s = f"{payment}#recipient"
    e.type(s, V.UnidentifiedRecipient, g)
    e.text(s, V.printedName, name, g)
    e.text(s, LABEL, name, g)
    e.text(s, V.address, address, g)
    e.iri(s, V.recipientKind, ctx.iris.concept("recipient-kind", recipient_kind(name or "", is_remainder)), g)
    return s


def payment(ctx: Context, link: OrgLinker, rec: r.Payment, s: str) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    b = ensure_block(ctx, rec.sheet, rec.block, None, rec.src)
    e.type(s, V.Payment, g)
    ctx.derived(s, rec.src)
    e.iri(s, V.block, b, g)
    e.iri(b, V.payment, s, g)
    e.text(s, LABEL, rec.name, g)
    e.text(s, V.printedName, rec.name, g)
    who = recipient(ctx, link, s, rec.name, rec.corporate_number, rec.address, rec.corporate_kind, rec.is_remainder,
                    at(rec.src, "corporate_number"), g)
    e.iri(s, V.recipient, who, g)
    if rec.is_remainder:
        e.boolean(s, V.isRemainder, True, g)
    e.integer(s, V.rank, rec.rank, g)
    e.text(s, V.businessSummary, rec.business, g)
    if rec.amount:
        e.decimal(s, V.amount, rec.amount.yen, g)
        _printed(ctx, s, rec.amount, g)
    if rec.unit_suspect:
        e.boolean(s, V.unitSuspect, True, g)
    seen: dict[str, int] = {}
    for c in rec.contracts:
        h = content_hash(c.summary, c.amount.yen if c.amount else None, c.method, c.method_detail)
        seen[h] = seen.get(h, 0) + 1
        ci = f"{s}/contract/{h}" + (f"-{seen[h]}" if seen[h] > 1 else "")
        contract(ctx, ci, c, g)
        e.iri(ci, V.payment, s, g)
        e.iri(s, V.contract, ci, g)


def contract(ctx: Context, s: str, c: r.Contract | r.ObligationContract, g: str) -> None:
    V, e = ctx.V, ctx.emitter
    ctx.derived(s, c.src)
    e.type(s, V.Contract if isinstance(c, r.Contract) else V.ObligationContract, g)
    e.text(s, V.contractSummary, c.summary, g)
    e.text(s, LABEL, c.summary or c.method, g)
    if c.amount:
        e.decimal(s, V.amount, c.amount.yen, g)
        _printed(ctx, s, c.amount, g)
    e.iri(s, V.contractMethod, coded.concept(ctx, "contract-method", c.method, at(c.src, "method")), g)
    e.text(s, V.contractMethodDetail, c.method_detail, g)
    # 0 bidders / 0 % on grants and negotiated contracts means "not applicable", not zero.
    if c.bidders:
        e.integer(s, V.bidderCount, c.bidders, g)
    if c.winning_rate:
        e.decimal(s, V.winningBidRatePercent, c.winning_rate, g)
    e.text(s, V.singleBidReason, c.single_bid_reason, g)
    if c.is_remainder:
        e.boolean(s, V.isRemainder, True, g)


def flow_base(ctx: Context, rec: r.FundFlow) -> str:
    src = "agency" if not rec.from_block else segment(rec.from_block)
    return f"{ctx.sheet_iri(rec.sheet)}/flow/{src}-{segment(rec.to_block)}"


def flow(ctx: Context, rec: r.FundFlow, s: str) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    sheet = ctx.sheet_iri(rec.sheet)
    e.type(s, V.FundFlow, g)
    ctx.derived(s, rec.src)
    e.iri(s, V.sheet, sheet, g)
    to = ensure_block(ctx, rec.sheet, rec.to_block, rec.to_name, rec.src)
    e.iri(s, V.toBlock, to, g)
    if rec.from_block:
        frm = ensure_block(ctx, rec.sheet, rec.from_block, rec.from_name, rec.src)
        e.iri(s, V.fromBlock, frm, g)
        e.iri(frm, V.fundsBlock, to, g)
    else:
        agency = ctx.sheets.get(rec.sheet)
        e.iri(s, V.fromAgency, agency, g)
        e.text(s, V.printedName, rec.from_name, g)
    e.text(s, V.flowNote, rec.note, g)
    e.text(s, LABEL, f"{rec.from_block or rec.from_name or '担当組織'} → {rec.to_block}", g)


def overhead_base(ctx: Context, rec: r.Overhead) -> str:
    return f"{ctx.sheet_iri(rec.sheet)}/overhead/{content_hash(rec.kind, rec.item)}"


def overhead(ctx: Context, rec: r.Overhead, s: str) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    e.type(s, V.Overhead, g)
    ctx.derived(s, rec.src)
    e.iri(s, V.sheet, ctx.sheet_iri(rec.sheet), g)
    e.text(s, V.overheadKind, rec.kind, g)
    e.text(s, V.overheadItem, rec.item, g)
    e.text(s, LABEL, f"{rec.kind} {rec.item or ''}".strip(), g)
    if rec.amount:
        e.decimal(s, V.amount, rec.amount.yen, g)


def expense_base(ctx: Context, rec: r.ExpenseLine) -> str:
    b = block_iri(ctx, rec.sheet, rec.block)
    return f"{b}/expense/{content_hash(rec.payee, rec.category, rec.use, rec.amount.yen if rec.amount else None)}"


def expense(ctx: Context, link: OrgLinker, rec: r.ExpenseLine, s: str) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    b = ensure_block(ctx, rec.sheet, rec.block, None, rec.src)
    e.type(s, V.ExpenseLine, g)
    ctx.derived(s, rec.src)
    e.iri(s, V.block, b, g)
    e.iri(b, V.expenseLine, s, g)
    e.text(s, V.printedName, rec.payee, g)
    number, _ = link.recipient_number(rec.corporate_number, at(rec.src, "corporate_number"))
    if number:
        e.iri(s, V.recipient, link.register_org(number, rec.payee), g)
    e.text(s, V.contractSummary, rec.summary, g)
    e.text(s, V.expenseCategory, rec.category, g)
    e.text(s, V.use, rec.use, g)
    e.text(s, LABEL, " ".join(x for x in (rec.category, rec.use) if x) or rec.payee, g)
    if rec.amount:
        e.decimal(s, V.amount, rec.amount.yen, g)
        _printed(ctx, s, rec.amount, g)


def obligation_base(ctx: Context, rec: r.ObligationContract) -> str:
    h = content_hash(rec.block, rec.name, rec.summary, rec.amount.yen if rec.amount else None)
    return f"{ctx.sheet_iri(rec.sheet)}/obligation/{h}"


def obligation(ctx: Context, link: OrgLinker, rec: r.ObligationContract, s: str) -> None:
    V, e = ctx.V, ctx.emitter
    g = ctx.graph(rec.src)
    contract(ctx, s, rec, g)
    sheet = ctx.sheet_iri(rec.sheet)
    e.iri(s, V.sheet, sheet, g)
    e.iri(sheet, V.obligationContract, s, g)
    if rec.block:
        e.iri(s, V.block, ensure_block(ctx, rec.sheet, rec.block, None, rec.src), g)
    e.text(s, V.printedName, rec.name, g)
    e.integer(s, V.rank, rec.rank, g)
    if rec.name or rec.corporate_number:
        who = recipient(ctx, link, s, rec.name, rec.corporate_number, rec.address, rec.corporate_kind, rec.is_remainder,
                        at(rec.src, "corporate_number"), g)
        e.iri(s, V.recipient, who, g)

