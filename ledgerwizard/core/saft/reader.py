"""Streaming reader for Norwegian SAF-T Cash Register files (lxml ``iterparse``, constant memory).

One pass over the file: master data (``basics``, ``vatCodeDetails``, ``articles``) come before the locations
in the schema's sequence, and within a register every ``event`` (the Z reports) comes before every
``cashtransaction``. So when a transaction is read, the Z windows of its register are already known and the
transaction is added straight into its window's aggregate and then dropped from memory.

Hostile XML is refused: no DTD is loaded, no entity is resolved, nothing is fetched from the network, and a
file that declares a DOCTYPE at all is rejected (SAF-T files never have one).

Speed (benchmarks/reader_bench.py): lxml selects the structural elements in C (``iterparse(tag=...)``, end
events only); each receipt is then read in one pass over its children, each line's fields in one comprehension
over its subtree, and every number, date and time is looked up in the memo of ``xsd`` before it is parsed
(prices and dates repeat). Aggregates are kept per window in small accumulators keyed by plain ids and turned
into the model's ``Agg`` once, when the register ends. A value that fails the fast path is parsed again on the
slow path, which names the file, the element and the value.

Bump ``READER_VERSION`` whenever what the reader produces from the same file changes: results cached on disk
(``adapters/readercache.py``) are keyed by it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import re
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
from .model import (KINDS, Address, Agg, Basic, CreditLine, CreditSale, Customer, FileResult, MasterData, Note,
                    VatCodeDetail, VatKey, Window, ZReport)


# libxml2's error codes (xmlParserErrors) a damaged export gives, in words a shop owner can act on
_XML_DAMAGE = {
    1: Text("filen er tom eller har ingen elementer", "the file is empty or has no elements"),
    4: Text("filen er tom eller har ingen elementer", "the file is empty or has no elements"),
    5: Text("det står noe etter slutten av dokumentet", "there is content after the end of the document"),
    9: Text("filen inneholder et tegn som ikke er tillatt i XML", "the file contains a character XML does not allow"),
    76: Text("et element er ikke lukket riktig", "an element is not closed properly"),
    77: Text("filen slutter midt i et element (den er avkuttet eller skrives fortsatt)",
             "the file ends in the middle of an element (it is cut off or still being written)"),
    81: Text("filen har feil tegnkoding (ikke UTF-8)", "the file has the wrong character encoding (not UTF-8)"),
}


def xml_problem(e: etree.XMLSyntaxError) -> Text:
    """What is wrong with a file that is not well-formed, and where, without libxml2's own English message."""
    what = _XML_DAMAGE.get(getattr(e, "code", 0) or 0,
                           Text("feil i XML-strukturen", "an error in the XML structure"))
    line, col = (getattr(e, "position", None) or (0, 0))[:2]
    if line:
        return Text(f"{what.nb} (linje {line}, kolonne {col})", f"{what.en} (line {line}, column {col})")
    return what

READER_VERSION = "2026.12-4"  # 2: credit sales one by one, customers, article texts; 3: VAT signs, bases and
# rates of vat elements without vatAmntTp/vatBasAmnt/vatPerc, cash differences written as absolutes; 4: an 11004
# without lines or VAT is a settlement

NS = "urn:StandardAuditFile-Taxation-CashRegister:NO"
_B = "{" + NS + "}"
_NL = len(_B)
ROOT = _B + "auditfile"

DEFAULT_CUTOFF = dt.time(5, 0)
_MIDNIGHT = dt.time(0, 0)

_T = {n: _B + n for n in (
    "location", "cashregister", "registerID", "name", "event", "cashtransaction", "basic", "vatCodeDetail",
    "article", "header", "companyIdent", "companyName", "employee", "ledgerAccount", "customerSupplier",
    "period", "company",
)}
_FILTER = list(_T.values())
_OURS = frozenset(_T.values()) | {ROOT}
# the same elements in any other namespace (or none): the reader cannot place them, so it says so
_STRUCTURAL = ("location", "cashregister", "event", "cashtransaction", "company", "basic", "vatCodeDetail", "article")
_FOREIGN = ["{*}" + n for n in _STRUCTURAL]
_LOCAL = frozenset(_STRUCTURAL)
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
_COUNT_DIGITS = {"receiptCopyNum": 3, "receiptNum": 3, "receiptDeliveryNum": 3, "receiptProformaNum": 3}

# the receipt's elements, by their full name (no slicing on the hot path)
T_TX, T_REGISTER, T_EVENT, T_REGID = _T["cashtransaction"], _T["cashregister"], _T["event"], _T["registerID"]
(T_LINE, T_VAT, T_PAY, T_DISC, T_RAISE, T_ROUND, T_NR, T_TT, T_IN, T_EX, T_TP, T_DATE, T_TIME, T_VOID, T_TRAIN,
 T_COPY, T_GRP, T_ART, T_LAI, T_LAE, T_VC, T_VP, T_VA, T_VATP, T_VB, T_PT, T_PA, T_CUR, T_RT, T_RA, T_DA,
 T_RND) = (_B + n for n in (
    "ctLine", "vat", "payment", "discount", "raise", "rounding", "nr", "transType", "transAmntIn", "transAmntEx",
    "amntTp", "transDate", "transTime", "voidTransaction", "trainingID", "receiptCopyNum", "artGroupID", "artID",
    "lineAmntIn", "lineAmntEx", "vatCode", "vatPerc", "vatAmnt", "vatAmntTp", "vatBasAmnt", "paymentType",
    "paidAmnt", "curCode", "raiseType", "raiseAmnt", "dscAmnt", "roundingAmnt"))
_TXKIND = {T_LINE: 0, T_VAT: 1, T_PAY: 2, T_DISC: 3, T_RAISE: 4, T_ROUND: 5}
(T_TRANSID, T_CUST, T_INV, T_RDN, T_LINEID, T_QNT, T_PPU, T_DESCR) = (_B + n for n in (
    "transID", "custSupID", "invoiceID", "receiptDeliveryNum", "lineID", "qnt", "ppu", "cashTransLineDescr"))
_DELIVERY_EVENT = "13016"  # delivery receipt (utleveringskvittering ved kredittsalg)
_ORG_NR = re.compile(r"(?<![0-9])([0-9]{9})(?![0-9])")
_TRUE = frozenset(("true", "1"))
_NON_SALES = codes.NON_SALES_TRANS_TYPES
_CREDIT_OR_SETTLEMENT = codes.CREDIT_TRANS_TYPES | codes.SETTLEMENT_TRANS_TYPES
_SETTLEMENTS = codes.SETTLEMENT_TRANS_TYPES
_PAYMENT = "11004"  # "Payment": a sale with lines and VAT, a settlement without (see _read_transaction)
_RETURNS = codes.RETURN_TRANS_TYPES
_CUSTOMER_ACCOUNT = codes.CUSTOMER_ACCOUNT_PAYMENT
_GIFT_PAYMENTS = codes.GIFT_CARD_PAYMENTS
_SALE, _CREDIT, _GIFT = 0, 1, 2  # indexes of KINDS

# The rate of a SAF-T standard tax code on the sales side, by date (saft-cash-register.md §5.1, §5.2;
# shared/reference/saft/Standard_Tax_Codes.csv and sats.xml): (valid from, rate), newest first. Only for a VAT element
# written without vatPerc whose code's rate is not written anywhere in the file.
_STANDARD_RATES: dict[str, tuple[tuple[dt.date, Decimal], ...]] = {
    "3": ((dt.date(2005, 1, 1), Decimal("25.00")),),
    "31": ((dt.date(2012, 1, 1), Decimal("15.00")),),
    "32": ((dt.date.min, Decimal("11.11")),),
    "33": ((dt.date(2021, 10, 1), Decimal("12.00")), (dt.date(2020, 4, 1), Decimal("6.00")),
           (dt.date(2018, 1, 1), Decimal("12.00")), (dt.date(2016, 1, 1), Decimal("10.00")),
           (dt.date(2006, 1, 1), Decimal("8.00"))),
    "5": ((dt.date.min, Decimal("0.00")),),
    "51": ((dt.date.min, Decimal("0.00")),),
    "52": ((dt.date.min, Decimal("0.00")),),
    "6": ((dt.date.min, Decimal("0.00")),),  # outside the VAT Act: no VAT
}
_LEGAL_RATES = tuple(Decimal(r) for r in ("25.00", "15.00", "12.00", "11.11", "0.00"))
_HALF_ORE = Decimal("0.005")


def _standard_rate(standard_code: str | None, day: dt.date | None) -> Decimal | None:
    """The rate of a standard tax code on a day (None: the code has none, or not known for that day)."""
    for since, rate in _STANDARD_RATES.get((standard_code or "").strip(), ()):
        if day is None or day >= since:
            return rate
    return None


_D2 = xsd._decimal_cache[xsd.AMOUNT2]  # the memo of valid amounts: one dict lookup on the hot path
_D8 = xsd._decimal_cache[xsd.DECIMAL8]
_DATES = xsd._date_cache
_TIMES = xsd._time_cache


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
        # only canonical ASCII numbers become integers: "0005", "+5" or "٥" are other receipt numbers than "5"
        if not (nr.isascii() and nr.isdigit() and len(nr) <= 18 and (nr[0] != "0" or nr == "0")):
            if nr in self.other:
                return False
            self.other.add(nr)
            return True
        n = int(nr)
        ends = self.ends
        if ends and ends[-1] == n - 1:  # the next receipt of the register: the usual case
            ends[-1] = n
            return True
        starts = self.starts
        i = bisect.bisect_right(starts, n) - 1
        if i >= 0 and starts[i] <= n <= ends[i]:
            return False
        if i >= 0 and ends[i] == n - 1:
            ends[i] = n
            if i + 1 < len(starts) and starts[i + 1] == n + 1:
                ends[i] = ends[i + 1]
                del starts[i + 1], ends[i + 1]
        elif i + 1 < len(starts) and starts[i + 1] == n + 1:
            starts[i + 1] = n
        else:
            starts.insert(i + 1, n)
            ends.insert(i + 1, n)
        return True

    def gaps(self) -> list[tuple[int, int]]:
        return [(self.ends[i] + 1, self.starts[i + 1] - 1) for i in range(len(self.starts) - 1)]


class _Acc:
    """One window's sums for one kind while its register is read; keyed by VAT key ids (ints), turned into the
    model's ``Agg`` (keyed by ``VatKey``) once, when the register ends."""

    __slots__ = ("n", "total", "vat", "groups", "gross", "pay", "rounding", "tips", "tips_num", "gift", "ret_n",
                 "ret_a", "disc_n", "disc_a", "copy", "cd", "vat_lines")

    def __init__(self) -> None:
        self.n = 0
        self.total = ZERO
        self.vat: dict[int, list[Decimal]] = {}
        self.groups: dict[tuple[str, int | None], list[Decimal]] = {}
        self.gross: dict[str, Decimal] = {}
        self.pay: dict[str, Decimal] = {}
        self.rounding = ZERO
        self.tips = ZERO
        self.tips_num = 0
        self.gift = ZERO
        self.ret_n = 0
        self.ret_a = ZERO
        self.disc_n = 0
        self.disc_a = ZERO
        self.copy = 0
        self.cd: dict[str, Decimal] = {}
        self.vat_lines: dict[int, int] = {}

    def to_agg(self, keys: list[VatKey]) -> Agg:
        a = Agg()
        a.n_trans = self.n
        a.total_in = self.total
        for i, (b, v) in self.vat.items():
            a.vat[keys[i]] = [b, v]
        for (g, gi), (gr, b) in self.groups.items():
            a.groups[(g, keys[gi] if gi is not None else None)] = [gr, b]
        for g, x in self.gross.items():
            a.group_gross[g] = x
        for t, x in self.pay.items():
            a.payments[t] = x
        a.rounding = self.rounding
        a.tips = self.tips
        a.tips_num = self.tips_num
        a.gift_card_sales = self.gift
        a.returns_num = self.ret_n
        a.returns_amt = self.ret_a
        a.discount_num = self.disc_n
        a.discount_amt = self.disc_a
        a.copy_num = self.copy
        for t, x in self.cd.items():
            a.cash_difference[t] = x
        for i, n in self.vat_lines.items():
            a.vat_lines[keys[i]] = n
        return a


@dataclass
class _Register:
    location: str
    register_id: str = ""
    element: object = None  # the lxml element while it is read (identity: is this receipt in this register?)
    zreports: list[ZReport] = field(default_factory=list)
    ztimes: list[dt.datetime] = field(default_factory=list)
    windows: dict[tuple, Window] = field(default_factory=dict)
    accs: dict[int, list[_Acc]] = field(default_factory=dict)  # id(window) -> its accumulators per kind
    nrs: _NrSet = field(default_factory=_NrSet)
    delivery_tids: set[str] = field(default_factory=set)  # transIDs an event 13016 points at
    credit: dict[int, list[CreditSale]] = field(default_factory=dict)  # id(window) -> its credit receipts
    started_transactions: bool = False
    duplicates: int = 0
    # the window of the last receipt and its bounds (lo, hi]: consecutive receipts mostly share one
    last: tuple | None = None
    prev_tx: object = None  # the previous receipt element (already freed): no need to look at its name


def _flag(text: str | None) -> bool:
    return (text or "").strip().lower() in _TRUE


def _signed(value: Decimal, tp: str | None) -> Decimal:
    """amntTp C = increase of revenue (+), D = decrease (−), whatever sign the producer wrote."""
    return -abs(value) if tp == "D" else abs(value)


def _leaf_map(el) -> dict[str, str]:
    """Child name -> text for an element's children (comments are removed by the parser)."""
    return {ch.tag[_NL:]: (ch.text or "").strip() for ch in el if isinstance(ch.tag, str)}


def _split_tag(tag: str) -> tuple[str, str]:
    """(namespace, local name) of an lxml tag ``{ns}local`` or ``local``, for messages only."""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _strip(text: str | None) -> str:
    return text.strip() if text else ""


class _FileReader:
    def __init__(self, path: Path, opts: ReadOptions):
        self.path = path
        self.opts = opts
        self.master = MasterData()
        self.warnings: list[str] = []
        self._warned: set[str] = set()
        self._unplaced: dict[tuple, int] = {}  # (qualified tag, where) -> how many were left out
        self.windows: list[Window] = []
        self.created = ""
        self.loc_name: str | None = None
        self.reg: _Register | None = None
        self._gift_cache: tuple[int, frozenset[str]] | None = None
        self._cur_nr = ""  # the receipt being read, for messages
        self._cur_day: dt.date | None = None  # its date and number of lines (a VAT element without vatPerc)
        self._cur_lines = 0
        # VAT code -> the rates written for it (vatPerc of receipts and Z reports read so far)
        self._code_rates: dict[str, set[Decimal]] = {}
        # VAT keys: (code text, rate text) -> id, and id -> VatKey
        self._vk_ids: dict[tuple[str | None, str | None], int] = {}
        self._vk_by_key: dict[VatKey, int] = {}
        self._vks: list[VatKey] = []
        self._tt_cache: dict[str | None, tuple] = {}  # transType -> (predefined,)
        self._tt_checked: set[str | None] = set()
        self._pay_pre: dict[str, str | None] = {}

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
            "Ingenting er sendt. Be kasseleverandøren om en ny eksport, eller flytt filen ut av eksportmappen.",
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
            return _MIDNIGHT
        try:
            return xsd.time(text)
        except xsd.XsdValueError as e:
            raise self._bad_value(Text("Ugyldig klokkeslett", "Invalid time"), field_name, where, e) from None

    def _where_tx(self) -> Text:
        rid = printable(self.reg.register_id if self.reg else "", 60)
        nr = printable(self._cur_nr, 40) or "?"
        return Text(f"transaksjon nr {nr} (kasse {rid})", f"transaction nr {nr} (register {rid})")

    def _amt(self, text: str | None, field_name: str) -> Decimal:
        """The slow path of a receipt's amount (not in the memo yet): checked, or refused with its place."""
        if text is not None:
            try:
                return xsd.decimal(text)
            except xsd.XsdValueError:
                pass
        return self.amount(text, field_name, self._where_tx())

    def _perc(self, text: str) -> Decimal:
        got = _D8.get(text)
        if got is not None:
            return got
        try:
            return xsd.decimal(text, xsd.DECIMAL8)
        except xsd.XsdValueError:
            return self.amount(text, "vatPerc", self._where_tx())

    def _date_slow(self, text: str | None) -> dt.date:
        try:
            return xsd.date(text or "")
        except xsd.XsdValueError:
            return self.date(text, "transDate", self._where_tx())

    def _time_slow(self, text: str | None) -> dt.time:
        if text is None or not text.strip():
            return _MIDNIGHT
        try:
            return xsd.time(text)
        except xsd.XsdValueError:
            return self.time(text, "transTime", self._where_tx())

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
                _Chunked(fh), events=("end",), tag=_FILTER + _FOREIGN + [ROOT], resolve_entities=False,
                no_network=True, load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True,
            )
            first = True
            transaction = self._transaction
            end = self._end
            for _event, el in ctx:
                if first:
                    first = False
                    if _declares_doctype(el):  # refused wherever in the prolog it stands
                        raise self._hostile()
                if el.tag == T_TX:
                    transaction(el)
                else:
                    end(el)
        except etree.XMLSyntaxError as e:
            # libxml2's own message (English, quoting pieces of the file) is never shown: what kind of damage, and
            # where, in the user's language (``xml_problem``); the raw message stays on the error for the log
            msg = printable(getattr(e, "msg", None) or str(e), 300)
            if "entity" in msg.lower() or "amplification" in msg.lower():
                raise HostileXmlError(
                    Text("Filen inneholder XML-entiteter som ikke er tillatt (mulig angrepsfil).",
                         "The file contains XML entities that are not allowed (possibly a hostile file)."),
                    Text("Filen er ikke lest. Slett den og be kasseleverandøren om en ny eksport.",
                         "The file was not read. Delete it and ask the POS vendor for a new export."),
                    path=self.path) from None
            what = xml_problem(e)
            err = IncompleteFileError(
                Text(f"Filen er ikke gyldig XML: {what.nb}.", f"The file is not well-formed XML: {what.en}."),
                Text("Skriver kassesystemet fortsatt filen, blir den lest når den er ferdig. Ellers: be "
                     "kasseleverandøren om en ny eksport.",
                     "If the POS is still writing the file, it will be read once it is complete. Otherwise ask "
                     "the POS vendor for a new export."),
                path=self.path)
            err.technical = msg  # for the log only
            raise err from None
        if self.reg is not None:  # a register the parser never closed (cannot happen in a well-formed file)
            self._finish_register()
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
            Text("Filen er ikke lest. Slett den og be kasseleverandøren om en ny eksport.",
                 "The file was not read. Delete it and ask the POS vendor for a new export."),
            path=self.path)

    def _end(self, el) -> None:
        """Every filtered element but a receipt, at its end."""
        tag = el.tag
        parent = el.getparent()
        if tag == T_EVENT:
            reg = self._register_of(parent)
            if reg is None:
                self.unplaced(tag, "utenfor en kasse (cashregister)", "outside a cash register")
            else:
                self._event(el, reg)
        elif tag == T_REGISTER:
            if self.reg is not None and self.reg.element is el:
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
                if m.get("artDesc"):
                    self.master.article_desc[m["artID"]] = m["artDesc"]
        elif tag == _T["customerSupplier"]:
            self._customer(el)
        elif tag == _T["header"]:
            m = _leaf_map(el)
            self.created = f"{m.get('dateCreated', '')}T{m.get('timeCreated', '')}"
        elif tag == _T["location"]:
            self.loc_name = None
        elif tag in (_T["employee"], _T["ledgerAccount"], _T["period"]):
            pass  # not needed for the voucher: just freed below
        elif tag not in _OURS:
            # one of ours by its local name, in another namespace (or none): never silently dropped
            ns, _local = _split_tag(tag)
            self.unplaced(tag, "i en annen navnerom enn SAF-T" if ns else "uten SAF-T-navnerommet",
                          "in another namespace than SAF-T's" if ns else "without the SAF-T namespace")
        else:
            # small context elements: read, but never freed here (their parent may still need them)
            ptag = parent.tag if parent is not None else None
            if tag == T_REGID and ptag == T_REGISTER:
                reg = self._register_of(parent)
                if reg is not None and not reg.register_id:
                    reg.register_id = _strip(el.text)
            elif tag == _T["name"] and ptag == _T["location"]:
                self.loc_name = _strip(el.text)
            elif tag == _T["companyIdent"] and ptag == _T["company"]:
                self.master.company_ident = _strip(el.text)
            elif tag == _T["companyName"] and ptag == _T["company"]:
                self.master.company_name = _strip(el.text)
            return
        self._free(el, parent, tag)

    def _free(self, el, parent, tag: str) -> None:
        """Free the element and everything before it at its level: constant memory. What stands before it is
        looked at on the way out: an element the reader has no place for is named, not silently dropped."""
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

    def _register_of(self, parent) -> _Register | None:
        """The register a receipt or event stands in (begun at its first receipt, event or registerID)."""
        reg = self.reg
        if reg is not None and reg.element is parent:
            return reg
        if parent is None or parent.tag != T_REGISTER:
            return None
        if reg is not None:  # the previous register never ended (cannot happen in a well-formed file)
            self._finish_register()
        reg = self.reg = _Register(location=self.loc_name or "", element=parent)
        for ch in parent:  # registerID comes first in the schema; it may not have had its end event handled
            if ch.tag == T_REGID:
                reg.register_id = _strip(ch.text)
                break
        return reg

    # -- Z reports -----------------------------------------------------------------------------------------
    def _customer(self, el) -> None:
        """A customer from ``customersSuppliers`` (who a credit sale is invoiced to)."""
        m = _leaf_map(el)
        cid = m.get("custSupID", "")
        if not cid:
            return
        addresses = {}
        for ch in el:
            name = ch.tag[_NL:] if isinstance(ch.tag, str) else ""
            if name in ("streetAddress", "postalAddress") and name not in addresses:
                a = _leaf_map(ch)
                street = " ".join(x for x in (a.get("streetname", ""), a.get("number", "")) if x)
                addresses[name] = Address(street, a.get("additionalAddressDetails", ""), a.get("postalCode", ""),
                                          a.get("city", ""), a.get("region", ""), a.get("country", ""))
        tax = m.get("taxRegIdent", "")
        org = _ORG_NR.search(tax)
        self.master.customers[cid] = Customer(
            cid, m.get("custSupName", ""), m.get("custSupType", "") or "Customer", org.group(1) if org else "", tax,
            m.get("contact", ""), m.get("telephone", ""), m.get("eMail", ""), addresses.get("streetAddress"),
            addresses.get("postalAddress"))

    def _event(self, el, reg: _Register) -> None:  # noqa: C901 - one pass over an event, inlined for speed
        rep = None
        event_type = trans_id = None
        for ch in el:
            t = ch.tag
            if t == _EVENT_REPORT:
                rep = ch
            elif t == _EVENT_TYPE:
                event_type = _strip(ch.text)
            elif t == T_TRANSID:
                trans_id = _strip(ch.text)
        if rep is None:
            if trans_id and event_type and self.master.predefined(event_type) == _DELIVERY_EVENT:
                reg.delivery_tids.add(trans_id)  # the receipt it points at is a delivery receipt
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
                    code = vm.get("vatCode", "")
                    if perc:
                        rate = q2(a(perc, "vatPerc"))
                        self._code_rates.setdefault(code, set()).add(rate)
                    else:
                        receipts = self.count(m.get("reportReceiptNum"), "reportReceiptNum", where)
                        rate = self._rate_without_perc(code, vat, base, receipts, rdate)
                    if base == 0 and vat == 0:
                        continue
                    key = VatKey(code, rate)
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
        w = Window(self.master.company_ident, reg.location, reg.register_id, day, z, status,
                   source=str(self.path), source_created=self.created)
        reg.accs[id(w)] = [_Acc(), _Acc(), _Acc()]
        return w

    def _window_for(self, reg: _Register, when: dt.datetime) -> tuple[Window, list[_Acc]]:
        last = reg.last
        if last is not None and last[0] < when <= last[1]:
            return last[2], last[3]
        ztimes = reg.ztimes
        i = bisect.bisect_left(ztimes, when)
        if i < len(ztimes):
            w = reg.windows[("z", reg.zreports[i].key)]
            accs = reg.accs[id(w)]
            reg.last = (ztimes[i - 1] if i else dt.datetime.min, ztimes[i], w, accs)
            return w, accs
        day = business_day(when.date(), when.time(), self.opts.cutoff)
        status = "open" if ztimes else "no_z"
        key = (status, day)
        found = reg.windows.get(key)
        w = found if found is not None else self._window(reg, day, None, status)
        if found is None:
            reg.windows[key] = w
        return w, reg.accs[id(w)]

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
        keys = self._vks
        for w in reg.windows.values():
            accs = reg.accs[id(w)]
            w.parts = {k: acc.to_agg(keys) for k, acc in zip(KINDS, accs, strict=True)}
            w.credit_sales = reg.credit.pop(id(w), [])
            if since is None or w.business_day >= since:
                self.windows.append(w)
        reg.accs.clear()
        reg.last = None
        reg.element = None
        reg.prev_tx = None
        self.reg = None

    # -- transactions --------------------------------------------------------------------------------------
    def _vat_id(self, code: str, perc: str | None, rate: Decimal | None = None, raw_code: str | None = None) -> int:
        """The id of VAT key (code, rate); ``perc`` is the rate as written (None: ``rate`` was worked out).
        Ids are remembered by (code, rate) as written too (``raw_code``: the code's text before stripping)."""
        if perc is not None:
            got = self._vk_ids.get((code, perc))
            if got is not None:
                return got
            rate = q2(self._perc(perc))
            self._code_rates.setdefault(code, set()).add(rate)
        key = VatKey(code, rate)  # type: ignore[arg-type]
        i = self._vk_by_key.get(key)
        if i is None:
            i = self._vk_by_key[key] = len(self._vks)
            self._vks.append(key)
            if code and code not in self.master.vat_codes:
                self.warn_once(f"vat:{code}", f"Mva-kode {code[:40]!r} finnes ikke i vatCodeDetails.",
                               f"VAT code {code[:40]!r} is not in vatCodeDetails.")
        if perc is not None:
            self._vk_ids[(code, perc)] = i
            if raw_code is not None:
                self._vk_ids[(raw_code, perc)] = i
        return i

    def _trans_type(self, tt: str | None) -> str | None:
        """The predefined code of a transaction type."""
        got = self._tt_cache.get(tt)
        if got is not None:
            return got[0]
        pre = self.master.predefined(tt) if tt else None
        self._tt_cache[tt] = (pre,)
        return pre

    def _check_trans_type(self, tt: str | None, pre: str | None) -> None:
        """Warned once when a counted receipt's type is unknown to the accounts."""
        self._tt_checked.add(tt)
        m = self.master
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

    def _transaction(self, el) -> None:  # noqa: C901 (one pass over one receipt; kept together on purpose)
        parent = el.getparent()
        reg = self.reg
        if reg is None or reg.element is not parent:
            reg = self._register_of(parent)
            if reg is None:
                self.unplaced(el.tag, "utenfor en kasse (cashregister)", "outside a cash register")
                self._free(el, parent, T_TX)
                return
        if not reg.started_transactions:
            reg.started_transactions = True
            self._prepare_windows(reg)
        self._read_transaction(el, reg)
        # free it and what stands before it (normally just the previous receipt, already looked at)
        el.clear(keep_tail=False)
        prev = reg.prev_tx
        while (first := parent[0]) is not el:
            if first is not prev and first.tag not in _REGISTER_CHILDREN:
                self._misplaced(first, parent)
            del parent[0]
        reg.prev_tx = el

    def _read_transaction(self, el, reg: _Register) -> None:  # noqa: C901 - the hot path, kept flat on purpose
        # one pass over the receipt's children: leaves by name, the repeated parts in lists
        f: dict[str, str | None] = {}
        lines: list = []
        vats: list[dict] = []
        pays: list[dict] = []
        discounts: list[dict] = []
        raises: list[dict] = []
        rounding_text = None
        kind_of = _TXKIND.get
        for ch in el:
            t = ch.tag
            k = kind_of(t)
            if k is None:
                f[t] = ch.text
            elif k == 0:
                lines.append(ch)
            elif k == 2:
                pays.append({x.tag: x.text for x in ch})
            elif k == 1:
                vats.append({x.tag: x.text for x in ch})
            elif k == 5:
                rounding_text = {x.tag: x.text for x in ch}.get(T_RND)
            elif k == 4:
                raises.append({x.tag: x.text for x in ch})
            else:
                discounts.append({x.tag: x.text for x in ch})
        nr = f.get(T_NR)
        nr = nr.strip() if nr else ""
        self._cur_nr = nr
        self._cur_lines = len(lines)
        if not nr:
            rid = printable(reg.register_id, 60)
            raise self.bad(f"En transaksjon mangler nr (kasse {rid}).", f"A transaction has no nr (register {rid}).")
        tp = f.get(T_TP, "C")
        if tp != "C" and tp != "D":
            tp = tp.strip() if tp else ""
            if tp != "C" and tp != "D":
                where = self._where_tx()
                raise self.bad(f"Ugyldig amntTp {tp[:20]!r} i {where.nb}; ventet C eller D.",
                               f"Invalid amntTp {tp[:20]!r} in {where.en}; expected C or D.")
        d2 = _D2.get
        amt = self._amt
        text = f.get(T_IN)
        raw_in = d2(text) if text is not None else None
        if raw_in is None:
            raw_in = amt(text, "transAmntIn")
        text = f.get(T_EX)
        raw_ex = d2(text) if text is not None else None
        if raw_ex is None:
            raw_ex = amt(text, "transAmntEx")
        rounding_raw = ZERO
        if rounding_text is not None:
            rounding_text = rounding_text.strip()
            if rounding_text:
                rr = d2(rounding_text)
                rounding_raw = rr if rr is not None else amt(rounding_text, "roundingAmnt")
        neg = tp == "D"
        if neg:
            trans_in, trans_ex = -abs(raw_in), -abs(raw_ex)
        else:
            trans_in, trans_ex = abs(raw_in), abs(raw_ex)
        text = f.get(T_DATE)
        day = _DATES.get(text) if text is not None else None
        if day is None:
            day = self._date_slow(text)
        text = f.get(T_TIME)
        tm = _TIMES.get(text) if text is not None else None
        if tm is None:
            tm = self._time_slow(text)
        when = dt.datetime.combine(day, tm)
        self._cur_day = day
        if not reg.nrs.add(nr):
            reg.duplicates += 1
            return
        # the window: consecutive receipts mostly share one
        last = reg.last
        if last is not None and last[0] < when <= last[1]:
            w, accs = last[2], last[3]
        else:
            w, accs = self._window_for(reg, when)
        first_sale = w.first_sale
        if first_sale is None or when < first_sale:
            w.first_sale = when
        m = self.master
        tt = f.get(T_TT)
        if tt is not None:
            tt = tt.strip()
        got = self._tt_cache.get(tt)
        pre = got[0] if got is not None else self._trans_type(tt)
        text = f.get(T_VOID)
        if text is not None and text.strip().lower() in _TRUE:
            w.excluded.add("void", trans_in)
            return
        text = f.get(T_TRAIN)
        if text is not None and text.strip().lower() in _TRUE:
            w.excluded.add("training", trans_in)
            return
        if pre in _NON_SALES:
            w.excluded.add(f"type {pre}", trans_in)
            if pre == codes.CASH_DIFFERENCE_TRANS_TYPE:
                diffs = []
                for p in pays:
                    text = p.get(T_PA)
                    a = amt(text.strip() if text is not None else None, "paidAmnt")
                    if a:
                        typ = p.get(T_PT)
                        diffs.append((typ.strip() if typ else "", a))
                # the payments' rule of a sale (reference §0.5, §4.1 step 6): written as absolutes on a D (a
                # shortage), every amount is positive: negated
                if neg and diffs and all(a > 0 for _, a in diffs):
                    diffs = [(t, -a) for t, a in diffs]
                cd = accs[_SALE].cd
                for typ, a in diffs:
                    cd[typ] = cd.get(typ, ZERO) + a
            return
        if tt not in self._tt_checked:
            self._check_trans_type(tt, pre)
        if not lines and not pays and raw_in == 0:
            w.excluded.add("zero", ZERO)
            return

        # payments and rounding: the sign as written, mirrored for producers that write returns as absolutes
        pay_list: list[tuple[str, Decimal]] = []
        pay_pre = self._pay_pre
        credit_payment = gift_payment = False
        for p in pays:
            text = p.get(T_PA)
            pa = d2(text) if text is not None else None
            a = pa if pa is not None else amt(text.strip() if text is not None else None, "paidAmnt")
            typ = p.get(T_PT)
            typ = typ.strip() if typ else ""
            pay_list.append((typ, a))
            pp = pay_pre.get(typ, 0)
            if pp == 0:
                pp = pay_pre[typ] = m.predefined(typ)
            if pp is not None:
                if pp == _CUSTOMER_ACCOUNT:
                    credit_payment = True
                elif pp in _GIFT_PAYMENTS:
                    gift_payment = True
            cur = p.get(T_CUR)
            if cur is not None and cur != "NOK":
                cur = cur.strip()
                if cur and cur != "NOK":
                    where = self._where_tx()
                    self.warn_once(f"cur:{cur}", f"Betaling i {cur[:20]!r} ({where.nb}): beløpet er lest som NOK.",
                                   f"Payment in {cur[:20]!r} ({where.en}): the amount was read as NOK.")
        absolute_style = neg and raw_in > 0
        if neg and pay_list and all(a >= 0 for _, a in pay_list) and sum(a for _, a in pay_list) > 0:
            pay_list = [(t, -a) for t, a in pay_list]
        rounding = -rounding_raw if absolute_style else rounding_raw

        # VAT: transaction level when present, else the lines' (never both: that would count twice)
        vat: dict[int, list[Decimal]] = {}
        vat_ids = self._vk_ids
        single = len(vats) == 1
        # several VAT elements without vatBasAmnt: their bases are worked out once the lines are read
        no_base: list[tuple[int, Decimal]] | None = [] if len(vats) > 1 else None
        for vm in vats:
            self._add_vat(vat, vm, tp, trans_ex if single else None, True, no_base)
        parsed_lines = []
        line_maps: list[dict] = []
        line_raises: list[dict] = []
        line_discounts: list[dict] = []
        articles = m.articles
        line_keys: list = []
        unkeyed = False
        for ln in lines:
            # a line's fields and its VAT's in one flat dict (their names do not collide)
            lm = {x.tag: x.text for x in ln.iter()}
            line_maps.append(lm)
            if T_RAISE in lm or T_DISC in lm:
                for ch in ln:
                    if ch.tag == T_RAISE:
                        line_raises.append({x.tag: x.text for x in ch})
                    elif ch.tag == T_DISC:
                        line_discounts.append({x.tag: x.text for x in ch})
            ltp = lm.get(T_TP)
            if ltp != "C" and ltp != "D":
                ltp = (ltp.strip() if ltp else "") or tp
            text = lm.get(T_LAI)
            gross = d2(text) if text is not None else None
            if gross is None:
                gross = amt(text, "lineAmntIn")
            text = lm.get(T_LAE)
            ex = d2(text) if text is not None else None
            if ex is None:
                ex = amt(text, "lineAmntEx")
            if ltp == "D":
                gross, ex = -abs(gross), -abs(ex)
            else:
                gross, ex = abs(gross), abs(ex)
            group = lm.get(T_GRP)
            group = group.strip() if group else ""
            if not group:
                art = lm.get(T_ART)
                group = articles.get(art.strip(), "") if art else ""
            lvat = lm if T_VAT in lm else None
            parsed_lines.append((group, gross, ex, lvat, ltp))
            # the line's VAT key
            if lvat is None:
                key = None
            elif not vats:
                key = self._add_vat(vat, lvat, ltp, ex)
            else:
                code = lvat.get(T_VC)
                perc = lvat.get(T_VP)
                key = vat_ids.get((code, perc))  # the usual case: both written as on the receipt's own VAT lines
                if key is None or key not in vat:
                    key = self._line_key(vat, lvat)
            if key is None:
                unkeyed = True
            line_keys.append(key)
        if no_base:
            self._fill_bases(vat, no_base, parsed_lines, line_keys)
        # raises and discounts: the transaction's own, else every line's
        if not raises:
            raises = line_raises
        if not discounts:
            discounts = line_discounts
        settle = pre in _SETTLEMENTS
        paid_in = pre == _PAYMENT and not parsed_lines and not vats
        if paid_in:
            # 11004 "Payment" is a sale for LS Central and Oracle OPERA (with lines and VAT); one with neither is a
            # customer paying on account (reference §3.4: a settlement, flagged), no VAT inferred for it
            settle = True
            self.warn_once("11004", "Transaksjoner av type 11004 (Betaling) uten varelinjer og mva er tatt som "
                           "innbetaling på kundekonto (oppgjør), ikke salg.",
                           "Transactions of type 11004 (Payment) without lines or VAT were taken as payments on "
                           "account (a settlement), not sales.")
        elif not vat:
            # no VAT details at all: infer the rate from the amounts (warned: the POS should state it)
            if trans_ex and trans_in != trans_ex:
                rate = q2((trans_in / trans_ex - 1) * 100)
            else:
                rate = ZERO
            vat[self._vat_id("", None, rate)] = [trans_ex, trans_in - trans_ex]
            self.warn_once("novat", "Transaksjoner uten MVA-opplysninger: satsen er regnet ut fra beløpene.",
                           "Transactions without VAT details: the rate was worked out from the amounts.")
        # lines without a usable key: the only key, or the key whose rate matches the line's in/ex ratio
        if unkeyed:
            ids = list(vat)
            keys = self._vks
            for n_, (_group, gross, ex, _lvat, _ltp) in enumerate(parsed_lines):
                if line_keys[n_] is None:
                    if len(ids) == 1:
                        line_keys[n_] = ids[0]
                    elif ex:
                        r = q2((gross / ex - 1) * 100)
                        cands = [i for i in ids if abs(keys[i].rate - r) <= Decimal("0.5")]
                        line_keys[n_] = cands[0] if len(cands) == 1 else None

        tips = ZERO
        tips_num = 0
        for ra in raises:
            text = ra.get(T_RA)
            a = amt(text.strip() if text is not None else None, "raiseAmnt")
            rt = ra.get(T_RT)
            if m.predefined(rt.strip() if rt is not None else None) == codes.TIP_RAISE:
                tips += -a if absolute_style else a
                tips_num += 1
        disc_amt = ZERO
        for dsc in discounts:
            text = dsc.get(T_DA)
            disc_amt += abs(amt(text.strip() if text is not None else None, "dscAmnt"))

        # gift-card sales: liability, not revenue (only 0 % lines; a gift card carries no VAT when sold)
        gift = ZERO
        gift_groups = self._gift_groups()
        if gift_groups:
            keys = self._vks
            for n_, (group, gross, _ex, _lvat, _ltp) in enumerate(parsed_lines):
                key = line_keys[n_]
                if group in gift_groups and (key is None or keys[key].rate == 0):
                    gift += gross
                    if key is not None and key in vat:
                        vat[key][0] -= gross
                        if vat[key][0] == 0 and vat[key][1] == 0:
                            del vat[key]
                    line_keys[n_] = -1  # a gift card, not revenue

        paid_total = ZERO
        for _t, a in pay_list:
            paid_total += a
        if settle or pre in _CREDIT_OR_SETTLEMENT or credit_payment:
            kind = _CREDIT
        elif (f.get(T_INV) or f.get(T_RDN) or reg.delivery_tids) and self._unpaid_delivery(
                f, reg, vat, tips, gift, rounding, paid_total):
            kind = _CREDIT  # a delivery receipt the register was not (fully) paid for: a sale on account
        elif gift or gift_payment:
            kind = _GIFT
        else:
            kind = _SALE
        agg = accs[kind]
        agg.n += 1
        agg.total += trans_in
        avat = agg.vat
        vat_lines = agg.vat_lines
        for k, (b, v) in vat.items():
            p = avat.get(k)
            if p is None:
                avat[k] = [b, v]
            else:
                p[0] += b
                p[1] += v
        groups = agg.groups
        gross_by_group = agg.gross
        counted = 0
        for n_, (group, gross, ex, lvat, ltp) in enumerate(parsed_lines):
            key = line_keys[n_]
            if key == -1:
                continue
            base = ex
            if lvat is not None:
                text = lvat.get(T_VB)
                if text is not None and text.strip():
                    vb = d2(text)
                    base = vb if vb is not None else amt(text, "vatBasAmnt")
                    vtp = lvat.get(T_VATP)
                    vtp = (vtp.strip() if vtp else "") or ltp
                    base = -abs(base) if vtp == "D" else abs(base)
            gk = (group, key)
            p = groups.get(gk)
            if p is None:
                groups[gk] = [gross, base]
            else:
                p[0] += gross
                p[1] += base
            gross_by_group[group] = gross_by_group.get(group, ZERO) + gross
            if key is not None and key in vat:
                vat_lines[key] = vat_lines.get(key, 0) + 1
                counted += 1
        if counted < len(vat):  # VAT keys no line was counted for: one rounded amount each
            seen = {k for k in line_keys if k is not None}
            for key in vat:
                if key not in seen:
                    vat_lines[key] = vat_lines.get(key, 0) + 1
        apay = agg.pay
        for t, a in pay_list:
            apay[t] = apay.get(t, ZERO) + a
        due = ZERO
        if kind == _CREDIT and not credit_payment:
            # an invoice sale with no payment line, or a settlement of one: the rest is the customer's debt
            due = sum((b + v for b, v in vat.values()), ZERO) + tips + gift + rounding - paid_total
            if settle:
                due = -paid_total
            if due:
                apay["__credit__"] = apay.get("__credit__", ZERO) + due
        if kind == _CREDIT:
            reg.credit.setdefault(id(w), []).append(self._credit_sale(
                f, reg, w, when, tt, pre, trans_in, trans_ex, vat, pay_list, due, rounding, tips, gift, neg,
                parsed_lines, line_keys, line_maps, settle))
        if rounding:
            agg.rounding += rounding
        if tips_num:
            agg.tips += tips
            agg.tips_num += tips_num
        if gift:
            agg.gift += gift
        if neg or pre in _RETURNS:
            agg.ret_n += 1
            agg.ret_a += -trans_in
        if disc_amt:
            agg.disc_n += 1
            agg.disc_a += disc_amt
        text = f.get(T_COPY)
        if text is not None and text != "0":
            agg.copy += self.count(text, "receiptCopyNum", self._where_tx())

    def _unpaid_delivery(self, f: dict, reg: _Register, vat: dict, tips: Decimal, gift: Decimal, rounding: Decimal,
                         paid: Decimal) -> bool:
        """A receipt marked as a delivery receipt (invoiceID, receiptDeliveryNum, an event 13016) that its payments
        do not cover: the rest is on the customer's account. One that was paid in full stays a sale."""
        delivered = bool(_strip(f.get(T_INV))) or _strip(f.get(T_TRANSID)) in reg.delivery_tids
        if not delivered:
            text = _strip(f.get(T_RDN))
            delivered = bool(text) and self.count(text, "receiptDeliveryNum", self._where_tx()) > 0
        if not delivered:
            return False
        return sum((b + v for b, v in vat.values()), ZERO) + tips + gift + rounding - paid != 0

    def _credit_sale(self, f: dict, reg: _Register, w: Window, when: dt.datetime, tt: str | None, pre: str | None,
                     trans_in: Decimal, trans_ex: Decimal, vat: dict, pay_list: list, due: Decimal,
                     rounding: Decimal, tips: Decimal, gift: Decimal, neg: bool, parsed_lines: list,
                     line_keys: list, line_maps: list[dict], settle: bool = False) -> CreditSale:
        """The receipt kept whole, for invoicing: its customer, its lines, and exactly what the credit part got."""
        m = self.master
        keys = self._vks
        lines = []
        for n_, (group, gross, ex, _lvat, ltp) in enumerate(parsed_lines):
            raw = line_maps[n_]
            key = line_keys[n_]
            if key is not None and key >= 0:
                code, rate = keys[key].code, keys[key].rate
            else:
                code = _strip(raw.get(T_VC))
                perc = _strip(raw.get(T_VP))
                rate = q2(self._perc(perc)) if perc else None
            art = _strip(raw.get(T_ART))
            qnt = _strip(raw.get(T_QNT))
            ppu = _strip(raw.get(T_PPU))
            lines.append(CreditLine(
                _strip(raw.get(T_LINEID)), art, _strip(raw.get(T_DESCR)) or m.article_desc.get(art, ""), group,
                self._amount6(qnt, "qnt") if qnt else None, self._amount6(ppu, "ppu") if ppu else None,
                ex, gross, code, rate, ltp == "D", key == -1))
        cust = _strip(f.get(T_CUST))
        return CreditSale(
            m.company_ident, reg.location, reg.register_id, self._cur_nr, _strip(f.get(T_TRANSID)), when,
            w.business_day, tt or "", pre, cust, m.customers.get(cust) if cust else None, _strip(f.get(T_INV)),
            trans_in, trans_ex, [(keys[i], b, v) for i, (b, v) in vat.items()], list(pay_list), due, rounding, tips,
            gift, neg or pre in _RETURNS, settle,
            bool(_strip(f.get(T_RDN)) not in ("", "0")) or _strip(f.get(T_TRANSID)) in reg.delivery_tids, lines,
            str(self.path))

    def _amount6(self, text: str, field_name: str) -> Decimal:
        try:
            return xsd.decimal(text, xsd.AMOUNT6)
        except xsd.XsdValueError as e:
            raise self._bad_value(Text("Ugyldig tall", "Invalid number"), field_name, self._where_tx(), e) from None

    def _add_vat(self, vat: dict[int, list[Decimal]], vm: dict, parent_tp: str, fallback_base: Decimal | None,
                 top: bool = False, no_base: list[tuple[int, Decimal]] | None = None) -> int:
        """Add one VAT element (a receipt's or a line's, as a dict of full tag -> text) to ``vat``; its key id.

        Signs: with ``vatAmntTp`` written, |x| signed by it. Without it a line's VAT takes the line's amntTp; a
        receipt's (``top``) keeps a negative value as written (a return inside a mixed receipt: its amntTp says
        nothing about that element) and a positive one takes the receipt's sign. A missing ``vatBasAmnt`` is
        ``fallback_base``; when that is None too, the element is listed in ``no_base`` (base 0 until then)."""
        vtp = vm.get(T_VATP)
        keep = False  # a negative value is kept as written
        if vtp != "C" and vtp != "D":
            vtp = vtp.strip() if vtp else ""
            if not vtp:
                vtp = parent_tp
                keep = top
        text = vm.get(T_VA)
        v = _D2.get(text) if text is not None else None
        if v is None:
            v = self._amt(text, "vatAmnt")
        if not keep or v >= 0:
            v = -abs(v) if vtp == "D" else abs(v)
        text = vm.get(T_VB)
        missing = False
        if text is not None and text.strip():
            b = _D2.get(text)
            if b is None:
                b = self._amt(text, "vatBasAmnt")
            if not keep or b >= 0:
                b = -abs(b) if vtp == "D" else abs(b)
        elif fallback_base is not None:
            b = fallback_base
        else:
            b = ZERO
            missing = no_base is not None
        perc = vm.get(T_VP)
        code = vm.get(T_VC)
        if perc is not None and perc.strip():
            i = self._vk_ids.get((code, perc))
            if i is None:
                i = self._vat_id(code.strip() if code else "", perc, raw_code=code)
        else:
            code = code.strip() if code else ""
            rate = self._rate_without_perc(code, v, b, self._cur_lines if top else 1, self._cur_day)
            i = self._vat_id(code, None, rate)
        if missing:
            no_base.append((i, v))  # type: ignore[union-attr]
        pair = vat.get(i)
        if pair is None:
            vat[i] = [b, v]
        else:
            pair[0] += b
            pair[1] += v
        return i

    def _rate_without_perc(self, code: str, v: Decimal, b: Decimal, n: int, day: dt.date | None) -> Decimal:
        """The rate of a VAT element written without vatPerc, so that øre rounding never makes a new rate: the
        rate written for the same code elsewhere in the file (so far: a register's Z reports come before its
        receipts), else the rate of the code's standardVatCode, else the ratio vatAmnt/vatBasAmnt snapped to a legal
        Norwegian rate, else that ratio. A rate is taken only if the amounts fit it within rounding (an øre per
        line, ``n`` lines); without a base, the code's rate is taken as it is."""
        known = self._code_rates.get(code)
        detail = self.master.vat_codes.get(code)
        std = _standard_rate(detail.standard_code, day) if detail is not None else None
        if not b:
            if known and len(known) == 1:
                return next(iter(known))
            return std if std is not None else ZERO
        av, ab, tol = abs(v), abs(b) / 100, _HALF_ORE * 2 * max(n, 1)
        rejected: list[Decimal] = []
        if known:
            best, off = None, tol
            for r in known:
                d = abs(av - ab * r)
                if d <= off:
                    best, off = r, d
            if best is not None:
                return best
            rejected += known
        if std is not None:
            if abs(av - ab * std) <= tol:
                return std
            rejected.append(std)
        if rejected:
            shown = ", ".join(sorted({f"{r} %" for r in rejected}))
            c = printable(code, 40)
            self.warn_once(f"rate:{code}",
                           f"Mva-kode {c}: en mva-linje uten vatPerc passer ikke med kodens sats ({shown}); satsen "
                           f"er regnet ut fra beløpene.",
                           f"VAT code {c}: a VAT line without vatPerc does not fit the code's rate ({shown}); the "
                           f"rate was worked out from the amounts.")
        ratio = av / ab
        snap = min(_LEGAL_RATES, key=lambda r: abs(r - ratio))
        return snap if abs(av - ab * snap) <= tol else q2(ratio)

    def _fill_bases(self, vat: dict[int, list[Decimal]], no_base: list[tuple[int, Decimal]], parsed_lines: list,
                    line_keys: list) -> None:
        """Bases of a receipt's VAT elements written without vatBasAmnt (several of them: one alone has the
        receipt's transAmntEx): the lineAmntEx of the receipt's lines with the same VAT code and rate, else
        vatAmnt × 100 / rate. With neither (0 %, no such line) the base stays 0 and the day will not balance."""
        keys = self._vks
        line_ex: dict[int, Decimal] = {}
        for n_, (_group, _gross, ex, lvat, _ltp) in enumerate(parsed_lines):
            k = line_keys[n_]
            if lvat is not None and k is not None:
                line_ex[k] = line_ex.get(k, ZERO) + ex
        # the lines' sum stands for all of a key's elements, so only for a key none of whose elements wrote a base
        written = {i for i, _v in no_base if vat[i][0]}
        done: set[int] = set()
        for i, v in no_base:
            if i in line_ex and i not in written:
                if i not in done:
                    done.add(i)
                    vat[i][0] += line_ex[i]
                continue
            rate = keys[i].rate
            if rate:
                vat[i][0] += q2(v * 100 / rate)
                continue
            k = keys[i]
            where = self._where_tx()
            self.warn_once(f"novb:{k.code}:{k.rate}",
                           f"Mva-grunnlaget for {k.label()} mangler (vatBasAmnt) i {where.nb} og kan ikke regnes ut "
                           f"(ingen varelinje med koden, og satsen er 0).",
                           f"The VAT base of {k.label()} is missing (vatBasAmnt) in {where.en} and cannot be worked "
                           f"out (no line with the code, and the rate is 0).")

    def _line_key(self, vat: dict[int, list[Decimal]], lvat: dict) -> int | None:
        """A line's VAT key among the receipt's own VAT lines, by its code and rate (the last that fits)."""
        perc = lvat.get(T_VP)
        perc = perc.strip() if perc else ""
        if not (T_VC in lvat or perc):
            return None
        rate = q2(self._perc(perc)) if perc else None
        code = lvat.get(T_VC)
        code = code.strip() if code else ""
        key = None
        keys = self._vks
        for i in vat:
            k = keys[i]
            if k.code == code and (rate is None or k.rate == rate):
                key = i
        return key


class _Chunked:
    """lxml reads a Python file object in 32 kB pieces; 64 kB pieces parse measurably faster
    (benchmarks/reader_bench.py), for plain files and zip members alike."""

    __slots__ = ("_fh",)

    def __init__(self, fh) -> None:
        self._fh = fh

    def read(self, _n: int = -1) -> bytes:
        return self._fh.read(65536)


_EVENT_REPORT = _B + "eventReport"
_EVENT_TYPE = _B + "eventType"
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
    return cls(Text(nb, en), Text("Filen er ikke lest. Be kasseleverandøren om en ny eksport.",
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
    for (off, csize), (next_off, _) in itertools.pairwise(spans):
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
                                Text("Velg eksportfilen fra kassesystemet.", "Choose the POS's export file."), path=p)
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
                    Text("Be kasseleverandøren om en vanlig zip-fil (deflate).",
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
                damaged = IncompleteFileError(
                    Text("Filen i zip-arkivet er skadet (kontrollsummen eller de pakkede dataene stemmer ikke, eller "
                         "arkivet er avkuttet).",
                         "The file in the zip is damaged (its checksum or compressed data do not match, or the archive "
                         "is cut off)."),
                    Text("Be kasseleverandøren om en ny eksport.", "Ask the POS vendor for a new export."), path=where)
                damaged.technical = printable(str(e), 200)  # for the log only
                out.append(damaged)
    return out


def read_file(path: str | Path, opts: ReadOptions | None = None) -> FileResult:
    """Read one SAF-T Cash Register file. Raises BadInputError (or a subclass) with the file and the problem."""
    p = Path(path)
    if not p.is_file():
        raise BadInputError(Text("Filen finnes ikke.", "The file does not exist."), path=p)
    return _FileReader(p, opts or ReadOptions()).run()
