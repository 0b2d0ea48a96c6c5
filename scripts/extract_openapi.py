"""Extract, from the vendors' OpenAPI documents, the schemas of the requests ledgerwizard sends, so the sandbox
emulators and the contract tests validate against the vendor's own definitions without shipping 5 MB.

    python scripts/extract_openapi.py ../shared/reference/vendor-openapi

Writes ledgerwizard_sandbox/openapi/<system>.json: {"source": ..., "operations": {name: schema-ref}, "components":
{"schemas": {...}}} with every schema reachable from the chosen operations. Requires PyYAML for the
PowerOffice document (a build-time tool only).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SOURCES = {
    "poweroffice": ("poweroffice-go-v2.openapi.yaml", {
        "post_manual_voucher": ("/Vouchers/ManualJournals", "post"),
        "post_sales_order": ("/SalesOrders/Complete", "post"),  # issue 15: credit sales as open orders
        "post_customer": ("/Customers", "post"),
        "post_product": ("/Products", "post"),
    }),
    "tripletex": ("tripletex-v2.openapi.json", {
        "post_voucher": ("/ledger/voucher", "post"),
        "post_order": ("/order", "post"),  # issue 15: credit sales as orders
        "post_customer": ("/customer", "post"),
        "post_product": ("/product", "post"),
    }),
}


def _refs(obj, out: set[str]) -> None:
    if isinstance(obj, dict):
        r = obj.get("$ref")
        if isinstance(r, str) and r.startswith("#/components/schemas/"):
            out.add(r.rsplit("/", 1)[1])
        for v in obj.values():
            _refs(v, out)
    elif isinstance(obj, list):
        for v in obj:
            _refs(v, out)


def extract(vendor_dir: Path) -> None:
    for system, (fname, ops) in SOURCES.items():
        path = vendor_dir / fname
        if fname.endswith(".yaml"):
            import yaml

            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        else:
            doc = json.loads(path.read_text(encoding="utf-8"))
        schemas = doc["components"]["schemas"]
        operations = {}
        todo: set[str] = set()
        for name, (p, method) in ops.items():
            content = doc["paths"][p][method]["requestBody"]["content"]
            media = next(m for m in content if "json" in m)
            ref = content[media]["schema"]["$ref"]
            operations[name] = {"path": p, "method": method, "schema": ref}
            _refs(content[media]["schema"], todo)
        keep: dict[str, dict] = {}
        while todo:
            n = todo.pop()
            if n in keep:
                continue
            keep[n] = schemas[n]
            found: set[str] = set()
            _refs(schemas[n], found)
            todo |= found - set(keep)
        out = {"source": f"{fname} ({doc.get('info', {}).get('title', '')} {doc.get('info', {}).get('version', '')})",
               "operations": operations, "components": {"schemas": keep}}
        target = ROOT / "ledgerwizard_sandbox" / "openapi" / f"{system}.json"
        target.write_text(json.dumps(out, indent=1, sort_keys=True, default=str) + "\n", encoding="utf-8")
        print(f"{target.relative_to(ROOT)}: {len(keep)} schemas, {target.stat().st_size // 1024} KiB")


if __name__ == "__main__":
    extract(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT.parent / "shared" / "reference" / "vendor-openapi"))
