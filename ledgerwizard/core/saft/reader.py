"""Streaming reader for Norwegian SAF-T Cash Register files (lxml ``iterparse``, constant memory).

One pass over the file: master data (``basics``, ``vatCodeDetails``, ``articles``) come before the locations
in the schema's sequence, and within a register every ``event`` (the Z reports) comes before every
``cashtransaction``. So when a transaction is read, the Z windows of its register are already known and the
transaction is added straight into its window's aggregate and then dropped from memory.

Hostile XML is refused: no DTD is loaded, no entity is resolved, nothing is fetched from the network, and a
file that declares a DOCTYPE at all is rejected (SAF-T files never have one).
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from lxml import etree

from .. import codes
from ..display import printable
from ..errors import BadInputError, HostileXmlError, IncompleteFileError
from ..i18n import Text
from ..money import ZERO, q2
from . import xsd
from .model import Agg, Basic, FileResult, MasterData, Note, VatCodeDetail, VatKey, Window, ZReport

NS = "urn:StandardAuditFile-Taxation-CashRegister:NO"
_B = "{" + NS + "}"
_NL = len(_B)
ROOT = _B + "auditfile"

DEFAULT_CUTOFF = dt.time(5, 0)

_T = {n: _B + n for n in (
    "location", "cashregister", "registerID", "name", "event", "cashtransaction", "basic", "vatCodeDetail",
    "article", "header", "companyIdent", "companyName", "employee", "ledgerAccount", "customerSupplier",
    "period", "company", "eventReport",
)}
_FILTER = list(_T.values())
_OURS = frozenset(_T.values()) | {ROOT}
# the same elements in any other namespace (or none): the reader cannot place them, so it says so
_FOREIGN = ["{*}" + n for n in ("location", "cashregister", "event", "cashtransaction", "company", "basic",
                                "vatCodeDetail", "article")]
_LOCAL = {n: _T[n] for n in ("location", "cashregister", "event", "cashtransaction", "company", "basic",
                             "vatCodeDetail", "article")}
# what may stand before a receipt in its register, before a register in its location, and before a location in
# the company (schema order); anything else there is named in a warning instead of being dropped silently
_REGISTER_CHILDREN = frozenset(_B + n for n in ("registerID", "regDesc", "event", "cashtransaction"))
_LOCATION_CHILDREN = frozenset(_B + n for n in ("name", "streetAddress", "cashregister"))
_COMPANY_CHILDREN = frozenset(_B + n for n in (
    "companyIdent", "companyName", "taxRegistrationCountry", "taxRegIdent", "streetAddress", "postalAddress",
    "customersSuppliers", "generalLedger", "vatCodeDetails", "periods", "employees", "articles", "basics",
    "location"))
_EXPECTED_BEFORE = {_T["cashtransaction"]: _REGISTER_CHILDREN, _T["event"]: _REGISTER_CHILDREN,
                    _T["cashregister"]: _LOCATION_CHILDREN, _T["location"]: _COMPANY_CHILDREN}
# count fields and their schema digits (Nonnegativeinteger10 / Nonnegativeinteger3)
_COUNT_DIGITS = {"receiptCopyNum": 3}


@dataclass(frozen=True)
class ReadOptions:
    """What the reader needs from settings: the business-day cut-off and which article groups are gift cards."""

    cutoff: dt.time = DEFAULT_CUTOFF
    gift_card_groups: frozenset[str] = frozenset()
    # business days before this are read (the file must be parsed anyway) but not kept: a folder holding a
    # year of nightly exports then costs memory for the catch-up horizon only
    since: dt.date | None = None


def business_day(date: dt.date, time: dt.time, cutoff: dt.time) -> dt.date:
    """A moment before the cut-off (default 05:00) belongs to the previous business day."""
    return date - dt.timedelta(days=1) if time < cutoff else date


class _NrSet:
    """Receipt numbers seen in one register, as ranges: sequential numbers cost O(gaps), not O(receipts)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.other: set[str] = set()

    def add(self, nr: str) -> bool:
        """Add; False if it was already there (a duplicate)."""
        try:
            n = int(nr)
        except ValueError:
            if nr in self.other:
                return False
            self.other.add(nr)
            return True
        i = bisect.bisect_right(self.starts, n) - 1
        if i >= 0 and self.starts[i] <= n <= self.ends[i]:
            return False
        if i >= 0 and self.ends[i] == n - 1:
            self.ends[i] = n
            if i + 1 < len(self.starts) and self.starts[i + 1] == n + 1:
                self.ends[i] = self.ends[i + 1]
                del self.starts[i + 1], self.ends[i + 1]
        elif i + 1 < len(self.starts) and self.starts[i + 1] == n + 1:
            self.starts[i + 1] = n
        else:
            self.starts.insert(i + 1, n)
            self.ends.insert(i + 1, n)
        return True

    def gaps(self) -> list[tuple[int, int]]:
        return [(self.ends[i] + 1, self.starts[i + 1] - 1) for i in range(len(self.starts) - 1)]


@dataclass
class _Register:
    location: str
    register_id: str = ""
    zreports: list[ZReport] = field(default_factory=list)
    ztimes: list[dt.datetime] = field(default_factory=list)
    windows: dict[tuple, Window] = field(default_factory=dict)
    nrs: _NrSet = field(default_factory=_NrSet)
    started_transactions: bool = False
    duplicates: int = 0


def _flag(text: str | None) -> bool:
    return (text or "").strip().lower() in ("true", "1")


def _signed(value: Decimal, tp: str | None) -> Decimal:
    """amntTp C = increase of revenue (+), D = decrease (−), whatever sign the producer wrote."""
    return -abs(value) if tp == "D" else abs(value)


def _leaf_map(el) -> dict[str, str]:
    """Child name -> text for an element's children (comments are removed by the parser)."""
    return {ch.tag[_NL:]: (ch.text or "").strip() for ch in el}


def _split_tag(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an lxml tag ``{ns}local`` or ``local``, for messages only."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _where(nb: str, en: str) -> Text:
    return Text(nb, en)


class _FileReader:
    def __init__(self, path: Path, opts: ReadOptions):
        self.path = path
        self.opts = opts
        self.master = MasterData()
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        self._unplaced: dict[str, int] = {}  # qualified tag (and where) -> how many were left out
        self.windows: list[Window] = []
        self.created = ""
        self.loc_name: str | None = None
        self.reg: _Register | None = None
        self._gift_cache: tuple[int, frozenset[str]] | None = None

    def _gift_groups(self) -> frozenset[str]:
        if self.opts.gift_card_groups:
            return self.opts.gift_card_groups
        n = len(self.master.basics)
        if self._gift_cache is None or self._gift_cache[0] != n:  # master data are complete before transactions
            self._gift_cache = (n, _gift_groups(self.master))
        return self._gift_cache[1]

    # -- errors -------------------------------------------------------------------------------------------
    def bad(self, nb: str, en: str, hint: Text | None = None) -> BadInputError:
        return BadInputError(Text(nb, en), hint or Text(
            "Ingenting er sendt. Be kassaleverandøren om en ny eksport, eller flytt filen ut av eksportmappen.",
            "Nothing was sent. Ask the POS vendor for a new export, or move the file out of the export folder."),
            path=self.path)

    def warn_once(self, key: str, nb: str, en: str) -> None:
        if key not in self._warned:
            self._warned.add(key)
            self.warnings.append(Note(nb, en))

    def _bad_value(self, what: Text, field_name: str, where: Text, e: xsd.XsdValueError) -> BadInputError:
        return self.bad(f"{what.nb} i {where.nb}: {field_name}: {e.text.nb}",
                        f"{what.en} in {where.en}: {field_name}: {e.text.en}")

    def amount(self, text: str | None, field_name: str, where: Text) -> Decimal:
        """An xsd:decimal with the schema's digits (vatPerc: Decimal8, else Amount2decimals)."""
        try:
            if text is None:
                raise xsd.XsdValueError(Text("mangler", "is missing"))
            return xsd.decimal(text, xsd.DECIMAL8 if field_name == "vatPerc" else xsd.AMOUNT2)
        except xsd.XsdValueError as e:
            raise self._bad_value(Text("Ugyldig beløp", "Invalid amount"), field_name, where, e) from None

    def count(self, text: str | None, field_name: str, where: Text) -> int:
        """A count (nonNegativeInteger with the schema's digits); a missing or empty one is 0."""
        if text is None or not text.strip():
            return 0
        try:
            return xsd.count(text, _COUNT_DIGITS.get(field_name, 10))
        except xsd.XsdValueError as e:
            raise self._bad_value(Text("Ugyldig antall", "Invalid count"), field_name, where, e) from None

    def date(self, text: str | None, field_name: str, where: Text) -> dt.date:
        try:
            return xsd.date(text or "")
        except xsd.XsdValueError as e:
            raise self._bad_value(Text("Ugyldig dato", "Invalid date"), field_name, where, e) from None

    def time(self, text: str | None, field_name: str, where: Text) -> dt.time:
        if text is None or not text.strip():
            return dt.time(0, 0)
        try:
            return xsd.time(text)
        except xsd.XsdValueError as e:
            raise self._bad_value(Text("Ugyldig klokkeslett", "Invalid time"), field_name, where, e) from None

    def unplaced(self, tag: str, where_nb: str, where_en: str) -> None:
        """An element the reader cannot place (foreign namespace, wrong parent): counted, named at the end."""
        key = (tag, where_nb, where_en)
        self._unplaced[key] = self._unplaced.get(key, 0) + 1

    # -- main loop -----------------------------------------------------------------------------------------
    def run(self) -> FileResult:
        st = self.path.stat()
        with open(self.path, "rb") as fh:
            return self.run_stream(fh, st.st_size, st.st_mtime_ns)

    def run_stream(self, fh, size: int, mtime_ns: int) -> FileResult:
        """Read from an open binary stream (a file, or a member of a zip archive) that can seek back to 0."""
        try:
            self._check_root(fh)
            ctx = etree.iterparse(
                fh, events=("start", "end"), tag=_FILTER + _FOREIGN + [ROOT], resolve_entities=False,
                no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
            )
            first = True
            for event, el in ctx:
                if first:
                    first = False
                    if _declares_doctype(el):  # refused wherever in the prolog it stands
                        raise self._hostile()
                if event == "start":
                    self._start(el)
                else:
                    self._end(el)
        except etree.XMLSyntaxError as e:
            # libxml2's message quotes the file's name and pieces of its content: shown escaped
            msg = printable(getattr(e, "msg", None) or str(e), 300)
            if "entity" in msg.lower() or "amplification" in msg.lower():
                raise HostileXmlError(
                    Text("Filen inneholder XML-entiteter som ikke er tillatt (mulig angrepsfil).",
                         "The file contains XML entities that are not allowed (possibly a hostile file)."),
                    Text("Filen er ikke lest. Slett den og be kassaleverandøren om en ny eksport.",
                         "The file was not read. Delete it and ask the POS vendor for a new export."),
                    path=self.path) from None
            raise IncompleteFileError(
                Text(f"Filen er ikke gyldig XML ({msg}).", f"The file is not well-formed XML ({msg})."),
                Text("Skriver kassasystemet fortsatt filen, blir den lest når den er ferdig. Ellers: be "
                     "kassaleverandøren om en ny eksport.",
                     "If the POS is still writing the file, it will be read once it is complete. Otherwise ask "
                     "the POS vendor for a new export."),
                path=self.path) from None
        for (tag, where_nb, where_en), n in self._unplaced.items():
            ns, local = _split_tag(tag)
            name = printable(f"{local} ({ns or 'uten navnerom'})" if ns != NS else local, 120)
            name_en = printable(f"{local} ({ns or 'no namespace'})" if ns != NS else local, 120)
            self.warnings.append(Note(f"{n} element {name} {where_nb} er ikke lest: leseren vet ikke hvor de hører "
                                      f"hjemme.", f"{n} element(s) {name_en} {where_en} not read: the reader cannot "
                                      f"place them."))
        if not self.master.company_ident and not self.windows:
            raise self.bad("Filen har ingen virksomhet (company).", "The file has no company element.")
        return FileResult(str(self.path), self.master, self.windows, self.warnings, self.created, size, mtime_ns)

    def _check_root(self, fh) -> None:
        """Refuse a DOCTYPE or a foreign root before reading anything else.

        The prolog is parsed up to the root's start tag with a separate, equally locked-down parser, however long
        it is (a DOCTYPE after a long comment is still seen); libxml2's own limits bound each comment."""
        fh.seek(0)
        parser = etree.XMLPullParser(events=("start",), resolve_entities=False, no_network=True, load_dtd=False,
                                     remove_comments=True, remove_pis=True, huge_tree=False)
        root = None
        tail = b""
        try:
            while root is None:
                chunk = fh.read(65536)
                if not chunk:
                    parser.close()
                    break
                if any(m in tail + chunk for m in _DOCTYPE_MARKS):
                    raise self._hostile()  # seen in the raw bytes: no need to wait for the parser's verdict
                tail = chunk[-32:]
                parser.feed(chunk)
                for _ev, el in parser.read_events():
                    root = el
                    break
        except etree.XMLSyntaxError:
            root = None  # the main pass reports the syntax error with its position
        finally:
            fh.seek(0)
        if root is None:
            return
        if _declares_doctype(root):
            raise self._hostile()
        if root.tag != ROOT:
            ns, local = _split_tag(root.tag)
            ns, local = printable(ns, 120), printable(local, 80)
            if local == "auditfile" and ns != NS:
                raise self.bad(
                    f"Feil navnerom: {ns or '(ingen)'}. En norsk SAF-T kassefil har {NS}.",
                    f"Wrong namespace: {ns or '(none)'}. A Norwegian SAF-T Cash Register file has {NS}.",
                    Text("Kontroller at det er kassesystemets SAF-T-eksport (ikke SAF-T Financial eller dansk "
                         "variant).", "Check that this is the POS's SAF-T Cash Register export (not SAF-T "
                         "Financial or the Danish variant)."))
            raise self.bad(
                f"Dette er ikke en SAF-T kassefil (rotelement {local}, ventet auditfile).",
                f"This is not a SAF-T Cash Register file (root element {local}, expected auditfile).")

    def _hostile(self) -> HostileXmlError:
        return HostileXmlError(
            Text("Filen har en DOCTYPE-deklarasjon. SAF-T-filer har aldri det, så filen er avvist (mulig angrepsfil).",
                 "The file has a DOCTYPE declaration. SAF-T files never do, so it was refused (possibly hostile)."),
            Text("Filen er ikke lest. Slett den og be kassaleverandøren om en ny eksport.",
                 "The file was not read. Delete it and ask the POS vendor for a new export."),
            path=self.path)

    def _start(self, el) -> None:
        tag = el.tag
        if tag == _T["location"]:
            self.loc_name = None
        elif tag == _T["cashregister"]:
            self.reg = _Register(location=self.loc_name or "")

    def _end(self, el) -> None:
        tag = el.tag
        parent = el.getparent()
        ptag = parent.tag if parent is not None else None
        if tag == _T["cashtransaction"]:
            self._transaction(el)
        elif tag == _T["event"]:
            self._event(el)
        elif tag == _T["cashregister"]:
            self._finish_register()
        elif tag == _T["basic"]:
            m = _leaf_map(el)
            bid = m.get("basicID", "")
            if bid:
                self.master.basics[bid] = Basic(m.get("basicType", ""), bid, m.get("predefinedBasicID") or None,
                                                m.get("basicDesc", ""))
        elif tag == _T["vatCodeDetail"]:
            m = _leaf_map(el)
            code = m.get("vatCode", "")
            self.master.vat_codes[code] = VatCodeDetail(code, m.get("standardVatCode") or None, m.get("vatDesc", ""))
        elif tag == _T["article"]:
            m = _leaf_map(el)
            if m.get("artID"):
                self.master.articles[m["artID"]] = m.get("artGroupID", "")
        elif tag == _T["header"]:
            m = _leaf_map(el)
            self.created = f"{m.get('dateCreated', '')}T{m.get('timeCreated', '')}"
        elif tag in (_T["employee"], _T["ledgerAccount"], _T["customerSupplier"], _T["period"]):
            pass  # not needed for the voucher: just freed below
        elif tag not in _OURS:
            # one of ours by its local name, in another namespace (or none): never silently dropped
            ns, _local = _split_tag(tag)
            self.unplaced(tag, "i en annen navnerom enn SAF-T" if ns else "uten SAF-T-navnerommet",
                          "in another namespace than SAF-T's" if ns else "without the SAF-T namespace")
        else:
            # small context elements: read, but never freed here (their parent may still need them)
            if tag == _T["registerID"] and ptag == _T["cashregister"] and self.reg is not None:
                self.reg.register_id = (el.text or "").strip()
            elif tag == _T["name"] and ptag == _T["location"]:
                self.loc_name = (el.text or "").strip()
            elif tag == _T["companyIdent"] and ptag == _T["company"]:
                self.master.company_ident = (el.text or "").strip()
            elif tag == _T["companyName"] and ptag == _T["company"]:
                self.master.company_name = (el.text or "").strip()
            return
        # free the element and everything before it at this level: constant memory. What stands before it is
        # looked at on the way out: an element the reader has no place for is named, not silently dropped.
        el.clear(keep_tail=False)
        if parent is not None:
            expected = _EXPECTED_BEFORE.get(tag)
            while (first := parent[0]) is not el:
                if expected is not None and first.tag not in expected:
                    self._misplaced(first, parent)
                del parent[0]

    def _misplaced(self, el, parent) -> None:
        tag = el.tag
        if not isinstance(tag, str):
            return
        _ns, local = _split_tag(tag)
        if local in _LOCAL:
            return  # a structural element in another namespace: named by its own end event
        _pns, plocal = _split_tag(parent.tag)
        plocal = printable(plocal, 40)
        self.unplaced(tag, f"i {plocal}", f"in {plocal}")

    # -- Z reports -----------------------------------------------------------------------------------------
    def _event(self, el) -> None:
        reg = self.reg
        rep = None
        for ch in el:
            if ch.tag == _T["eventReport"]:
                rep = ch
        if reg is None:
            self.unplaced(el.tag, "utenfor en kasse (cashregister)", "outside a cash register")
            return
        if rep is None:
            return
        m = _leaf_map(rep)
        if m.get("reportType", "").strip().lower() != "z report":
            return  # X reports have no accounting effect
        if reg.started_transactions:
            rid = printable(reg.register_id, 60)
            raise self.bad(
                f"Kasse {rid}: en Z-rapport står etter transaksjonene. Filen følger ikke skjemaets rekkefølge.",
                f"Register {rid}: a Z report comes after the transactions. The file does not follow "
                f"the schema's order.")
        zid = printable(m.get("reportID", "?"), 60)
        where = Text(f"Z-rapport {zid}", f"Z report {zid}")
        rdate = self.date(m.get("reportDate"), "reportDate", where)
        rtime = self.time(m.get("reportTime"), "reportTime", where)
        z = ZReport(
            register_id=m.get("registerID") or reg.register_id, report_id=m.get("reportID", ""),
            date=rdate, time=rtime, business_day=business_day(rdate, rtime, self.opts.cutoff))
        a = lambda t, f: self.amount(t, f, where)  # noqa: E731
        for ch in rep:
            name = ch.tag[_NL:] if isinstance(ch.tag, str) else ""
            if name == "reportTotalCashSales":
                z.total = a(_leaf_map(ch).get("totalCashSaleAmnt"), "totalCashSaleAmnt")
            elif name == "reportArtGroups":
                for g in ch:
                    gm = _leaf_map(g)
                    gid = gm.get("artGroupID", "")
                    z.groups[gid] = z.groups.get(gid, ZERO) + a(gm.get("artGroupAmnt"), "artGroupAmnt")
            elif name == "reportPayments":
                for p in ch:
                    pm = _leaf_map(p)
                    pt = pm.get("paymentType", "")
                    z.payments[pt] = z.payments.get(pt, ZERO) + a(pm.get("paymentAmnt"), "paymentAmnt")
            elif name == "reportCashSalesVat":
                for v in ch:
                    vm = _leaf_map(v)
                    base = a(vm.get("cashSaleAmnt"), "cashSaleAmnt")
                    vat = a(vm.get("vatAmnt"), "vatAmnt")
                    if vm.get("vatAmntTp") == "D":
                        base, vat = -abs(base), -abs(vat)
                    perc = vm.get("vatPerc")
                    rate = q2(a(perc, "vatPerc")) if perc else (q2(vat / base * 100) if base else ZERO)
                    if base == 0 and vat == 0:
                        continue
                    key = VatKey(vm.get("vatCode", ""), rate)
                    pair = z.vat.setdefault(key, [ZERO, ZERO])
                    pair[0] += base
                    pair[1] += vat
            elif name == "reportTip":
                tm = _leaf_map(ch)
                z.tips = a(tm.get("tipAmnt"), "tipAmnt") if tm.get("tipAmnt") else ZERO
                z.tips_num = self.count(tm.get("tipNum"), "tipNum", where)
            elif name in ("reportCreditSales",):
                cm = _leaf_map(ch)
                z.credit_sales_num = self.count(cm.get("creditSalesNum"), "creditSalesNum", where)
                z.credit_sales_amt = a(cm.get("creditSalesAmnt") or "0", "creditSalesAmnt")
            elif name in ("reportPayIns", "reportPayOuts"):
                target = z.pay_ins if name == "reportPayIns" else z.pay_outs
                for p in ch:
                    pm = _leaf_map(p)
                    typ = pm.get("payInType") or pm.get("payOutType") or ""
                    amt = a(pm.get("payInAmnt") or pm.get("payOutAmnt") or "0", "payInAmnt/payOutAmnt")
                    if amt:
                        target[typ] = target.get(typ, ZERO) + amt
        z.receipt_num = self.count(m.get("reportReceiptNum"), "reportReceiptNum", where)
        z.returns_num = self.count(m.get("reportReturnNum"), "reportReturnNum", where)
        z.returns_amt = abs(a(m.get("reportReturnAmnt") or "0", "reportReturnAmnt"))
        z.discount_num = self.count(m.get("reportDiscountNum"), "reportDiscountNum", where)
        z.discount_amt = abs(a(m.get("reportDiscountAmnt") or "0", "reportDiscountAmnt"))
        z.void_num = self.count(m.get("reportVoidTransNum"), "reportVoidTransNum", where)
        z.void_amt = a(m.get("reportVoidTransAmnt") or "0", "reportVoidTransAmnt")
        z.copy_num = self.count(m.get("reportReceiptCopyNum"), "reportReceiptCopyNum", where)
        z.copy_amt = a(m.get("reportReceiptCopyAmnt") or "0", "reportReceiptCopyAmnt")
        z.training_num = self.count(m.get("reportTrainingNum"), "reportTrainingNum", where)
        z.training_amt = a(m.get("reportTrainingAmnt") or "0", "reportTrainingAmnt")
        for f in ("gt_sales", "gt_return", "gt_net"):
            src = {"gt_sales": "reportGrandTotalSales", "gt_return": "reportGrandTotalReturn",
                   "gt_net": "reportGrandTotalSalesNet"}[f]
            if m.get(src):
                setattr(z, f, a(m[src], src))
        reg.zreports.append(z)

    def _prepare_windows(self, reg: _Register) -> None:
        reg.zreports.sort(key=lambda z: (z.when, z.report_id))
        reg.ztimes = [z.when for z in reg.zreports]
        for z in reg.zreports:
            reg.windows[("z", z.key)] = self._window(reg, z.business_day, z, "closed")

    def _window(self, reg: _Register, day: dt.date, z: ZReport | None, status: str) -> Window:
        return Window(self.master.company_ident, reg.location, reg.register_id, day, z, status,
                      source=str(self.path), source_created=self.created)

    def _window_for(self, reg: _Register, when: dt.datetime) -> Window:
        i = bisect.bisect_left(reg.ztimes, when)
        if i < len(reg.zreports):
            return reg.windows[("z", reg.zreports[i].key)]
        day = business_day(when.date(), when.time(), self.opts.cutoff)
        status = "open" if reg.zreports else "no_z"
        key = (status, day)
        w = reg.windows.get(key)
        if w is None:
            w = reg.windows[key] = self._window(reg, day, None, status)
        return w

    def _finish_register(self) -> None:
        reg = self.reg
        if reg is None:
            return
        if not reg.started_transactions:
            self._prepare_windows(reg)
        gaps = reg.nrs.gaps()
        if gaps:
            shown = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in gaps[:5])
            more = f" (+{len(gaps) - 5})" if len(gaps) > 5 else ""
            rid = printable(reg.register_id, 60)
            self.warnings.append(Note(f"Kasse {rid}: hull i kvitteringsnumrene: {shown}{more}",
                                      f"Register {rid}: gaps in the receipt numbers: {shown}{more}"))
        if reg.duplicates:
            rid = printable(reg.register_id, 60)
            self.warnings.append(Note(f"Kasse {rid}: {reg.duplicates} transaksjoner med samme nr er telt én gang",
                                      f"Register {rid}: {reg.duplicates} transactions with the same nr were counted "
                                      f"once"))
        since = self.opts.since
        self.windows.extend(w for w in reg.windows.values() if since is None or w.business_day >= since)
        self.reg = None

    # -- transactions --------------------------------------------------------------------------------------
    def _transaction(self, el) -> None:  # noqa: C901 (one pass over one receipt; kept together on purpose)
        reg = self.reg
        if reg is None:
            self.unplaced(el.tag, "utenfor en kasse (cashregister)", "outside a cash register")
            return
        if not reg.started_transactions:
            reg.started_transactions = True
            self._prepare_windows(reg)
        f: dict[str, str] = {}
        lines, vats, discounts, raises, payments = [], [], [], [], []
        rounding_raw = ZERO
        for ch in el:
            tag = ch.tag
            if not isinstance(tag, str):
                continue
            name = tag[_NL:]
            if name == "ctLine":
                lines.append(ch)
            elif name == "vat":
                vats.append(_leaf_map(ch))
            elif name == "payment":
                payments.append(_leaf_map(ch))
            elif name == "discount":
                discounts.append(_leaf_map(ch))
            elif name == "raise":
                raises.append(_leaf_map(ch))
            elif name == "rounding":
                r = _leaf_map(ch).get("roundingAmnt")
                if r:
                    rounding_raw = self.amount(r, "roundingAmnt", Text(
                        f"rounding (kasse {printable(reg.register_id, 60)})",
                        f"rounding (register {printable(reg.register_id, 60)})"))
            else:
                f[name] = (ch.text or "").strip()
        nr = f.get("nr", "")
        rid = printable(reg.register_id, 60)
        where = Text(f"transaksjon nr {printable(nr, 40) or '?'} (kasse {rid})",
                     f"transaction nr {printable(nr, 40) or '?'} (register {rid})")
        if not nr:
            raise self.bad(f"En transaksjon mangler nr (kasse {rid}).", f"A transaction has no nr (register {rid}).")
        tp = f.get("amntTp", "C")
        if tp not in ("C", "D"):
            raise self.bad(f"Ugyldig amntTp {tp[:20]!r} i {where.nb}; ventet C eller D.",
                           f"Invalid amntTp {tp[:20]!r} in {where.en}; expected C or D.")
        raw_in = self.amount(f.get("transAmntIn"), "transAmntIn", where)
        raw_ex = self.amount(f.get("transAmntEx"), "transAmntEx", where)
        trans_in = _signed(raw_in, tp)
        trans_ex = _signed(raw_ex, tp)
        when = dt.datetime.combine(self.date(f.get("transDate"), "transDate", where),
                                   self.time(f.get("transTime"), "transTime", where))
        if not reg.nrs.add(nr):
            reg.duplicates += 1
            return
        w = self._window_for(reg, when)
        if w.first_sale is None or when < w.first_sale:
            w.first_sale = when
        m = self.master
        tt = f.get("transType")
        pre = m.predefined(tt) if tt else None
        if _flag(f.get("voidTransaction")):
            w.excluded.add("void", trans_in)
            return
        if _flag(f.get("trainingID")):
            w.excluded.add("training", trans_in)
            return
        if pre in codes.NON_SALES_TRANS_TYPES:
            w.excluded.add(f"type {pre}", trans_in)
            if pre == codes.CASH_DIFFERENCE_TRANS_TYPE:
                for p in payments:
                    amt = self.amount(p.get("paidAmnt"), "paidAmnt", where)
                    if amt:
                        w.parts["sale"].cash_difference[p.get("paymentType", "")] += amt
            return
        if tt and tt not in m.basics:
            self.warn_once(f"tt:{tt}", f"Transaksjonstype {tt[:40]!r} finnes ikke i basics; behandlet som salg.",
                           f"Transaction type {tt[:40]!r} is not in basics; treated as a sale.")
        elif pre not in codes.SALES_TRANS_TYPES:
            shown = repr(tt[:40]) if tt else "(ingen)"
            shown_en = repr(tt[:40]) if tt else "(none)"
            self.warn_once(f"tt:{tt}", f"Transaksjonstype {shown} ({pre or 'uten forhåndsdefinert kode'}) er "
                                       f"ukjent for regnskapet; behandlet som salg.",
                           f"Transaction type {shown_en} ({pre or 'no predefined code'}) is unknown to the "
                           f"accounts; treated as a sale.")
        if not lines and not payments and raw_in == 0:
            w.excluded.add("zero", ZERO)
            return

        # payments and rounding: the sign as written, mirrored for producers that write returns as absolutes
        pays: list[tuple[str, Decimal]] = []
        for p in payments:
            pays.append((p.get("paymentType", ""), self.amount(p.get("paidAmnt"), "paidAmnt", where)))
            cur = p.get("curCode")
            if cur and cur != "NOK":
                self.warn_once(f"cur:{cur}", f"Betaling i {cur[:20]!r} ({where.nb}): beløpet er lest som NOK.",
                               f"Payment in {cur[:20]!r} ({where.en}): the amount was read as NOK.")
        absolute_style = tp == "D" and raw_in > 0
        if tp == "D" and pays and all(a >= 0 for _, a in pays) and sum(a for _, a in pays) > 0:
            pays = [(t, -a) for t, a in pays]
        rounding = -rounding_raw if absolute_style else rounding_raw

        # VAT: transaction level when present, else the lines' (never both: that would count twice)
        vat: dict[VatKey, list[Decimal]] = {}

        def add_vat(vm: dict, parent_tp: str, fallback_base: Decimal | None) -> VatKey:
            vtp = vm.get("vatAmntTp") or parent_tp
            v = _signed(self.amount(vm.get("vatAmnt"), "vatAmnt", where), vtp)
            if vm.get("vatBasAmnt"):
                b = _signed(self.amount(vm.get("vatBasAmnt"), "vatBasAmnt", where), vtp)
            else:
                b = fallback_base if fallback_base is not None else ZERO
            perc = vm.get("vatPerc")
            rate = q2(self.amount(perc, "vatPerc", where)) if perc else (q2(abs(v / b) * 100) if b else ZERO)
            key = VatKey(vm.get("vatCode", ""), rate)
            if key.code and key.code not in m.vat_codes:
                self.warn_once(f"vat:{key.code}", f"MVA-kode {key.code[:40]!r} finnes ikke i vatCodeDetails.",
                               f"VAT code {key.code[:40]!r} is not in vatCodeDetails.")
            pair = vat.setdefault(key, [ZERO, ZERO])
            pair[0] += b
            pair[1] += v
            return key

        single = len(vats) == 1
        for vm in vats:
            add_vat(vm, tp, trans_ex if single else None)
        parsed_lines = []
        for ln in lines:
            lm: dict[str, str] = {}
            lvat = None
            l_raises, l_discounts = [], []
            for ch in ln:
                tag = ch.tag
                if not isinstance(tag, str):
                    continue
                name = tag[_NL:]
                if name == "vat":
                    lvat = _leaf_map(ch)
                elif name == "raise":
                    l_raises.append(_leaf_map(ch))
                elif name == "discount":
                    l_discounts.append(_leaf_map(ch))
                else:
                    lm[name] = (ch.text or "").strip()
            ltp = lm.get("amntTp") or tp
            gross = _signed(self.amount(lm.get("lineAmntIn"), "lineAmntIn", where), ltp)
            ex = _signed(self.amount(lm.get("lineAmntEx"), "lineAmntEx", where), ltp)
            group = lm.get("artGroupID") or m.articles.get(lm.get("artID", ""), "")
            parsed_lines.append((group, gross, ex, lvat, ltp))
            if not raises:
                raises.extend(l_raises)
            if not discounts:
                discounts.extend(l_discounts)
        line_keys: list[VatKey | None] = []
        for group, gross, ex, lvat, ltp in parsed_lines:
            if not vats and lvat is not None:
                line_keys.append(add_vat(lvat, ltp, ex))
            elif lvat is not None and (lvat.get("vatCode") is not None or lvat.get("vatPerc")):
                perc = lvat.get("vatPerc")
                rate = q2(self.amount(perc, "vatPerc", where)) if perc else None
                key = None
                for k in vat:
                    if k.code == lvat.get("vatCode", "") and (rate is None or k.rate == rate):
                        key = k
                line_keys.append(key)
            else:
                line_keys.append(None)
        if not vat:
            # no VAT details at all: infer the rate from the amounts (warned: the POS should state it)
            if trans_ex and trans_in != trans_ex:
                rate = q2((trans_in / trans_ex - 1) * 100)
            else:
                rate = ZERO
            vat[VatKey("", rate)] = [trans_ex, trans_in - trans_ex]
            self.warn_once("novat", "Transaksjoner uten MVA-opplysninger: satsen er regnet ut fra beløpene.",
                           "Transactions without VAT details: the rate was worked out from the amounts.")
        # lines without a usable key: the only key, or the key whose rate matches the line's in/ex ratio
        keys = list(vat)
        for i, (group, gross, ex, lvat, ltp) in enumerate(parsed_lines):
            if line_keys[i] is None:
                if len(keys) == 1:
                    line_keys[i] = keys[0]
                elif ex:
                    r = q2((gross / ex - 1) * 100)
                    cands = [k for k in keys if abs(k.rate - r) <= Decimal("0.5")]
                    line_keys[i] = cands[0] if len(cands) == 1 else None

        tips = ZERO
        tips_num = 0
        for r in raises:
            rt = r.get("raiseType")
            amt = self.amount(r.get("raiseAmnt"), "raiseAmnt", where)
            if m.predefined(rt) == codes.TIP_RAISE:
                tips += -amt if absolute_style else amt
                tips_num += 1
        disc_amt = sum((abs(self.amount(d.get("dscAmnt"), "dscAmnt", where)) for d in discounts), ZERO)

        # gift-card sales: liability, not revenue (only 0 % lines; a gift card carries no VAT when sold)
        gift = ZERO
        gift_groups = self._gift_groups()
        for i, (group, gross, ex, lvat, ltp) in enumerate(parsed_lines):
            key = line_keys[i]
            if group in gift_groups and (key is None or key.rate == 0):
                gift += gross
                if key is not None and key in vat:
                    vat[key][0] -= gross
                    if vat[key][0] == 0 and vat[key][1] == 0:
                        del vat[key]
                line_keys[i] = "gift"  # type: ignore[assignment]

        pay_pre = {m.predefined(t) for t, _ in pays}
        if pre in codes.CREDIT_TRANS_TYPES or pre in codes.SETTLEMENT_TRANS_TYPES or \
                codes.CUSTOMER_ACCOUNT_PAYMENT in pay_pre:
            kind = "credit"
        elif gift or (pay_pre & codes.GIFT_CARD_PAYMENTS):
            kind = "giftcard"
        else:
            kind = "sale"
        agg: Agg = w.parts[kind]
        agg.n_trans += 1
        agg.total_in += trans_in
        for k, (b, v) in vat.items():
            p = agg.vat[k]
            p[0] += b
            p[1] += v
        for i, (group, gross, ex, lvat, ltp) in enumerate(parsed_lines):
            key = line_keys[i]
            if key == "gift":
                continue
            base = ex
            if lvat is not None and lvat.get("vatBasAmnt"):
                base = _signed(self.amount(lvat.get("vatBasAmnt"), "vatBasAmnt", where),
                               lvat.get("vatAmntTp") or ltp)
            p = agg.groups[(group, key)]
            p[0] += gross
            p[1] += base
            agg.group_gross[group] += gross
        paid_total = ZERO
        for t, a in pays:
            agg.payments[t] += a
            paid_total += a
        if kind == "credit" and not (codes.CUSTOMER_ACCOUNT_PAYMENT in pay_pre):
            # an invoice sale with no payment line, or a settlement of one: the rest is the customer's debt
            due = sum((b + v for b, v in vat.values()), ZERO) + tips + gift + rounding - paid_total
            if pre in codes.SETTLEMENT_TRANS_TYPES:
                due = -paid_total
            if due:
                agg.payments["__credit__"] += due
        counted: set = set()
        for key in line_keys:
            if isinstance(key, VatKey) and key in vat:
                agg.vat_lines[key] += 1
                counted.add(key)
        for key in vat:
            if key not in counted:
                agg.vat_lines[key] += 1
        agg.rounding += rounding
        agg.tips += tips
        agg.tips_num += tips_num
        agg.gift_card_sales += gift
        if tp == "D" or pre in codes.RETURN_TRANS_TYPES:
            agg.returns_num += 1
            agg.returns_amt += -trans_in
        if disc_amt:
            agg.discount_num += 1
            agg.discount_amt += disc_amt
        agg.copy_num += self.count(f.get("receiptCopyNum"), "receiptCopyNum", where)


_DOCTYPE_MARKS = tuple(m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def _declares_doctype(el) -> bool:
    """True if the document ``el`` belongs to has a DOCTYPE (internal or external subset), wherever it stood."""
    info = el.getroottree().docinfo
    return bool(info.doctype or info.internalDTD is not None or info.externalDTD is not None or info.system_url
                or info.public_id)


def _gift_groups(m: MasterData) -> frozenset[str]:
    """Article groups whose description says gift card (gavekort / gift card / gift voucher)."""
    out = set()
    for b in m.basics.values():
        if b.basic_type == "04":
            d = b.desc.lower()
            if "gavekort" in d or "gift card" in d or "giftcard" in d or "gift voucher" in d:
                out.add(b.basic_id)
    return frozenset(out)


MAX_MEMBER_BYTES = 8 * 1024 ** 3  # one export of a busy store's year is about 0.5 GB
MAX_RATIO = 200  # SAF-T XML packs about 10–20 times; far more is a zip bomb
MAX_ARCHIVE_BYTES = 16 * 1024 ** 3  # everything one archive may unpack to, whatever its size
MAX_ARCHIVE_ENTRIES = 10_000  # a year of nightly exports is 365 files


def _zip_problem(path: Path, nb: str, en: str, hostile: bool = True) -> BadInputError:
    cls = HostileXmlError if hostile else BadInputError
    return cls(Text(nb, en), Text("Filen er ikke lest. Be kassaleverandøren om en ny eksport.",
                                  "The file was not read. Ask the POS vendor for a new export."), path=path)


def _check_archive(p: Path, zf, size: int) -> None:
    """Refuse an archive as a whole before unpacking anything: too many entries, members whose data overlap
    (the classic way to make a small file unpack to gigabytes), or more to unpack than any export could be."""
    infos = zf.infolist()
    if len(infos) > MAX_ARCHIVE_ENTRIES:
        raise _zip_problem(p, f"Zip-filen har {len(infos)} filer (mer enn {MAX_ARCHIVE_ENTRIES}); den er ikke lest "
                              f"(mulig zip-bombe).",
                           f"The zip file has {len(infos)} entries (more than {MAX_ARCHIVE_ENTRIES}); it was not read "
                           f"(possibly a zip bomb).")
    spans = sorted((i.header_offset, i.compress_size) for i in infos)
    for (off, csize), (next_off, _) in zip(spans, spans[1:]):
        # a member occupies at least its 30-byte local header and its compressed data
        if next_off < off + 30 + csize:
            raise _zip_problem(p, "Filene i zip-arkivet overlapper hverandre; arkivet er ikke lest (mulig zip-bombe).",
                               "The files in the zip archive overlap each other (overlapping members); the archive "
                               "was not read (possibly a zip bomb).")
    if spans and spans[-1][0] + 30 + spans[-1][1] > max(size, getattr(zf, "start_dir", size)):
        raise _zip_problem(p, "En fil i zip-arkivet går forbi slutten av arkivet; det er skadet.",
                           "A file in the zip archive runs past the end of the archive; it is damaged.", hostile=False)
    total = sum(i.file_size for i in infos if not i.is_dir())
    if total > min(MAX_ARCHIVE_BYTES, MAX_RATIO * max(size, 1024 ** 2)):
        raise _zip_problem(p, f"Zip-arkivet pakkes ut til {total // 1024 ** 2} MB fra {max(1, size // 1024)} kB; det er "
                              f"urimelig (mulig zip-bombe), så det er ikke lest.",
                           f"The zip archive unpacks to {total // 1024 ** 2} MB from {max(1, size // 1024)} kB; that "
                           f"is unreasonable (possibly a zip bomb), so it was not read.")


def read_archive(path: str | Path, opts: ReadOptions | None = None) -> list[FileResult | BadInputError]:
    """Every SAF-T file in a ``.zip`` (exports are often zipped for transport), streamed from the archive
    (nothing is unpacked to disk). One result per ``.xml`` member, or that member's error, so one bad member
    never hides the others. A damaged archive (or one still being copied) raises ``IncompleteFileError``; an
    archive built to unpack to far more than it holds raises ``HostileXmlError``."""
    import zipfile
    import zlib

    p = Path(path)
    opts = opts or ReadOptions()
    try:
        zf = zipfile.ZipFile(p)
    except Exception:  # noqa: BLE001 - the stdlib's parser of a hostile central directory raises many kinds
        raise IncompleteFileError(
            Text("Zip-filen er ufullstendig eller skadet.", "The zip file is incomplete or damaged."),
            Text("Kopieres den fortsatt, blir den lest når den er ferdig. Ellers: be om en ny eksport.",
                 "If it is still being copied, it will be read when complete. Otherwise ask for a new export."),
            path=p) from None
    st = p.stat()
    out: list[FileResult | BadInputError] = []
    with zf:
        _check_archive(p, zf, st.st_size)
        members = [i for i in zf.infolist() if not i.is_dir() and i.filename.lower().endswith(".xml")]
        if not members:
            raise BadInputError(Text("Zip-filen inneholder ingen SAF-T-filer (.xml).",
                                     "The zip file holds no SAF-T files (.xml)."),
                                Text("Velg eksportfilen fra kassasystemet.", "Choose the POS's export file."), path=p)
        for info in members:
            where = Path(f"{p}!{info.filename}")
            if info.flag_bits & 0x1:
                out.append(BadInputError(Text("Filen i zip-arkivet er kryptert.", "The file in the zip is encrypted."),
                                         Text("Be om en eksport uten passord.", "Ask for an export without a password."),
                                         path=where))
                continue
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2,
                                          zipfile.ZIP_LZMA):
                out.append(BadInputError(
                    Text(f"Filen i zip-arkivet er pakket med en ukjent metode ({info.compress_type}).",
                         f"The file in the zip uses an unknown compression method ({info.compress_type})."),
                    Text("Be kassaleverandøren om en vanlig zip-fil (deflate).",
                         "Ask the POS vendor for an ordinary zip file (deflate)."), path=where))
                continue
            if info.file_size > MAX_MEMBER_BYTES or info.file_size > MAX_RATIO * max(info.compress_size, 1024):
                out.append(_zip_problem(where, "Filen i zip-arkivet pakkes ut til en urimelig størrelse (mulig zip-bombe).",
                                        "The file in the zip unpacks to an unreasonable size (possibly a zip bomb)."))
                continue
            try:
                with zf.open(info) as fh:
                    out.append(_FileReader(where, opts).run_stream(fh, st.st_size, st.st_mtime_ns))
            except BadInputError as e:
                out.append(e.with_traceback(None))
            except (zipfile.BadZipFile, EOFError, OSError, zlib.error, NotImplementedError, RuntimeError) as e:
                # a bad CRC, damaged compressed data, a truncated member, an unsupported feature
                what = printable(str(e), 200)
                out.append(IncompleteFileError(
                    Text(f"Filen i zip-arkivet er skadet ({what}).", f"The file in the zip is damaged ({what})."),
                    Text("Be kassaleverandøren om en ny eksport.", "Ask the POS vendor for a new export."), path=where))
    return out


def read_file(path: str | Path, opts: ReadOptions | None = None) -> FileResult:
    """Read one SAF-T Cash Register file. Raises BadInputError (or a subclass) with the file and the problem."""
    p = Path(path)
    if not p.is_file():
        raise BadInputError(Text("Filen finnes ikke.", "The file does not exist."), path=p)
    return _FileReader(p, opts or ReadOptions()).run()
