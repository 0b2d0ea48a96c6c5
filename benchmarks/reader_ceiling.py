"""What any SAF-T reader written in Python can reach, against the tag-filtered iterparse floor of issue 16.

Each way of getting a receipt's fields out of lxml (or out of the standard library's ElementTree) is timed on the
same file, in this process, interleaved run by run, each kept at its fastest run; nothing is checked, kept or
summed unless the row says so. The ratios are to the tag-filtered floor (lxml hands Python only the receipts,
Python frees them): a reader at 0.5× may spend as long on top of the floor as the floor itself.

    python benchmarks/reader_ceiling.py                 # the 10 MB file of reader_bench.py (made if missing)
    python benchmarks/reader_ceiling.py --runs 9 FILE

Rows:
  floor            tag-filtered iterparse, receipts freed (the floor)
  proxies only     every element of every receipt visited (lxml makes a proxy per element), nothing read
  fields (dicts)   every element's name and text into dicts, as a reader must (receipt and lines)
  fields (map)     the same with C-level map() over the proxies: the cheapest full read found
  names only       every element's name (lxml builds a new "{namespace}name" string each time): most of the cost
  texts only       every element's text
  names by class   a Python class per element name (lxml's namespace class lookup): type() instead of the name
                   string, but every proxy costs more
  texts (XPath)    one compiled XPath a receipt returning every text, without the names they belong to
  XSLT batches     a stylesheet writing 256 receipts at a time as one line each, fields in a fixed order
  ElementTree      the standard library's C pull parser instead of lxml (no proxies, but every element's event
                   reaches Python), receipts walked
  minimal sums     fields (dicts) plus Decimal sums by article group and VAT, VAT lines and payments: no checks,
                   no signs, no windows, no duplicates, no reconciliation
"""

from __future__ import annotations

import argparse
import sys
import time
import xml.etree.ElementTree as ET
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
NS = "urn:StandardAuditFile-Taxation-CashRegister:NO"
B = "{" + NS + "}"
TX = B + "cashtransaction"
T_LINE, T_VAT, T_PAY = B + "ctLine", B + "vat", B + "payment"
T_IN, T_LAI, T_LAE, T_GRP = B + "transAmntIn", B + "lineAmntIn", B + "lineAmntEx", B + "artGroupID"
T_VC, T_VP, T_VA, T_VB, T_PT, T_PA = (B + n for n in ("vatCode", "vatPerc", "vatAmnt", "vatBasAmnt", "paymentType",
                                                      "paidAmnt"))
TAG, TEXT = attrgetter("tag"), attrgetter("text")
TEXTS = etree.XPath("descendant::text()", smart_strings=False)
OPTS = {"resolve_entities": False, "no_network": True, "load_dtd": False}


def pull(path: str, walk) -> float:
    """The floor's loop (as reader_bench's ``floor_tag``) with ``walk`` called on each receipt before it is freed."""
    t0 = time.perf_counter()
    for _ev, el in etree.iterparse(path, events=("end",), tag=TX, **OPTS):
        walk(el)
        el.clear(keep_tail=False)
        p = el.getparent()
        while el.getprevious() is not None:
            del p[0]
    return time.perf_counter() - t0


def nothing(el) -> None:
    pass


def proxies(el) -> None:
    for _x in el.iter():
        pass


def fields_dicts(el) -> None:
    f, lines = {}, []
    for ch in el:
        t = ch.tag
        if t == T_LINE:
            lines.append({x.tag: x.text for x in ch.iter()})
        elif t == T_VAT or t == T_PAY:
            lines.append({x.tag: x.text for x in ch})
        else:
            f[t] = ch.text


def fields_map(el) -> None:
    nodes = list(el.iter())
    list(zip(map(TAG, nodes), map(TEXT, nodes), strict=True))


def names_only(el) -> None:
    list(map(TAG, el.iter()))


def texts_only(el) -> None:
    list(map(TEXT, el.iter()))


_NAMES = ("cashtransaction nr transID transType transAmntIn transAmntEx amntTp empID custSupID transDate transTime "
          "invoiceID ctLine lineID lineType artGroupID artID qnt ppu lineAmntIn lineAmntEx vat vatCode vatPerc "
          "vatAmnt vatAmntTp vatBasAmnt discount raise rounding roundingAmnt payment paymentType paidAmnt curCode "
          "signature keyVersion receiptNum receiptCopyNum voidTransaction trainingID").split()


def names_by_class(path: str) -> float:
    lookup = etree.ElementNamespaceClassLookup()
    ns = lookup.get_namespace(NS)
    for n in _NAMES:
        ns[n] = type(n, (etree.ElementBase,), {})
    t0 = time.perf_counter()
    parser = etree.XMLPullParser(events=("end",), tag=TX, **OPTS)
    parser.set_element_class_lookup(lookup)
    with open(path, "rb") as fh:
        while chunk := fh.read(65536):
            parser.feed(chunk)
            for _ev, el in parser.read_events():
                list(map(type, el.iter()))
                el.clear(keep_tail=False)
                p = el.getparent()
                while el.getprevious() is not None:
                    del p[0]
    parser.close()
    return time.perf_counter() - t0


def texts_xpath(el) -> None:
    TEXTS(el)


SUMS: dict = {}


def _add(sums: dict, key: tuple, a: Decimal, b: Decimal) -> None:
    pair = sums.get(key)
    if pair is None:
        sums[key] = [a, b]
    else:
        pair[0] += a
        pair[1] += b


def minimal_sums(el) -> None:
    f, lines, vats, pays = {}, [], [], []
    for ch in el:
        t = ch.tag
        if t == T_LINE:
            lines.append(ch)
        elif t == T_VAT:
            vats.append({x.tag: x.text for x in ch})
        elif t == T_PAY:
            pays.append({x.tag: x.text for x in ch})
        else:
            f[t] = ch.text
    SUMS["total"] = SUMS.get("total", Decimal(0)) + Decimal(f[T_IN])
    groups, vat, pay = SUMS.setdefault("groups", {}), SUMS.setdefault("vat", {}), SUMS.setdefault("pay", {})
    for ln in lines:
        lm = {x.tag: x.text for x in ln.iter()}
        _add(groups, (lm[T_GRP], lm[T_VC], lm[T_VP]), Decimal(lm[T_LAI]), Decimal(lm[T_LAE]))
    for v in vats:
        _add(vat, (v[T_VC], v[T_VP]), Decimal(v[T_VB]), Decimal(v[T_VA]))
    for pm in pays:
        t = pm[T_PT]
        pay[t] = pay.get(t, Decimal(0)) + Decimal(pm[T_PA])


_XSL = etree.XSLT(etree.XML(f"""<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
 xmlns:s="{NS}"><xsl:output method="text" encoding="utf-8"/><xsl:param name="n" select="0"/>
<xsl:template match="/"><xsl:for-each select="*/s:cashtransaction[position() &lt;= $n]">
<xsl:value-of select="s:nr"/>|<xsl:value-of select="s:transType"/>|<xsl:value-of select="s:transAmntIn"/>|<xsl:value-of
 select="s:transAmntEx"/>|<xsl:value-of select="s:amntTp"/>|<xsl:value-of select="s:transDate"/>|<xsl:value-of
 select="s:transTime"/>|<xsl:value-of select="s:voidTransaction"/>|<xsl:value-of select="s:trainingID"/>|<xsl:value-of
 select="s:rounding/s:roundingAmnt"/><xsl:for-each select="s:ctLine">~<xsl:value-of select="s:amntTp"/>|<xsl:value-of
 select="s:lineAmntIn"/>|<xsl:value-of select="s:lineAmntEx"/>|<xsl:value-of select="s:artGroupID"/>|<xsl:value-of
 select="s:vat/s:vatCode"/>|<xsl:value-of select="s:vat/s:vatPerc"/>|<xsl:value-of select="s:vat/s:vatAmnt"/>|<xsl:value-of
 select="s:vat/s:vatBasAmnt"/></xsl:for-each><xsl:for-each select="s:vat">^<xsl:value-of select="s:vatCode"/>|<xsl:value-of
 select="s:vatPerc"/>|<xsl:value-of select="s:vatAmnt"/>|<xsl:value-of select="s:vatBasAmnt"/></xsl:for-each><xsl:for-each
 select="s:payment">$<xsl:value-of select="s:paymentType"/>|<xsl:value-of select="s:paidAmnt"/></xsl:for-each>
<xsl:text>&#10;</xsl:text></xsl:for-each></xsl:template></xsl:stylesheet>""".encode()))


def xslt_batches(path: str, batch: int = 256) -> float:
    t0 = time.perf_counter()
    pending = 0
    last = None
    for _ev, el in etree.iterparse(path, events=("end",), tag=TX, **OPTS):
        pending += 1
        last = el
        if pending == batch:
            _flush(el, pending)
            pending = 0
    if pending and last is not None:
        _flush(last, pending)
    return time.perf_counter() - t0


def _flush(el, n: int) -> None:
    parent = el.getparent()
    for rec in str(_XSL(parent, n=str(n))).split("\n"):
        rec.split("~")
    el.clear(keep_tail=False)
    while el.getprevious() is not None:
        del parent[0]


def elementtree(path: str) -> float:
    t0 = time.perf_counter()
    parser = ET.XMLPullParser(events=("end",))
    with open(path, "rb") as fh:
        while chunk := fh.read(65536):
            parser.feed(chunk)
            for _ev, el in parser.read_events():
                if el.tag == TX:
                    for ch in el.iter():
                        ch.tag, ch.text  # noqa: B018 - read, as a reader would
                    el.clear()
    parser.close()
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("file", nargs="?", help="a SAF-T file (default: reader_bench's 10 MB file)")
    ap.add_argument("--runs", type=int, default=7)
    a = ap.parse_args()
    if a.file:
        path = a.file
    else:
        sys.path.insert(0, str(HERE))
        from generate_large import write_large

        out = HERE / "out" / "saft_7d.xml"
        if not out.exists():
            out.parent.mkdir(exist_ok=True)
            write_large(out, 7)
        path = str(out)
    kinds = {
        "floor": lambda: pull(path, nothing),
        "proxies only": lambda: pull(path, proxies),
        "fields (dicts)": lambda: pull(path, fields_dicts),
        "fields (map)": lambda: pull(path, fields_map),
        "names only": lambda: pull(path, names_only),
        "texts only": lambda: pull(path, texts_only),
        "names by class": lambda: names_by_class(path),
        "texts (XPath)": lambda: pull(path, texts_xpath),
        "XSLT batches": lambda: xslt_batches(path),
        "ElementTree": lambda: elementtree(path),
        "minimal sums": lambda: pull(path, minimal_sums),
    }
    best = {k: float("inf") for k in kinds}
    for _ in range(a.runs):
        for k, fn in kinds.items():
            best[k] = min(best[k], fn())
    mb = Path(path).stat().st_size / 1e6
    print(f"{Path(path).name}: {mb:.0f} MB, best of {a.runs} runs each\n")
    print("| way | seconds | on top of the floor | ratio to the tag-filtered floor |")
    print("|---|---|---|---|")
    for k, s in best.items():
        print(f"| {k} | {s:.3f} | {s - best['floor']:+.3f} | {best['floor'] / s:.2f} |")


if __name__ == "__main__":
    main()
