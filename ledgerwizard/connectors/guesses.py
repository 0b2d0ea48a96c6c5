"""Every fact about Xledger and Duett that the reference (accounting-apis.md §3, §4) marks unknown or inferred,
in one place. The connectors and the emulators both read these, so a correction made here after checking the
real service changes both, and the README's "verified against" table lists each of them.

Nothing here is a secret.
"""

from typing import Any

XLEDGER: dict[str, Any] = {
    # [C] endpoints and auth header; [C-3p] query shapes
    "endpoints": {"production": "https://www.xledger.net/graphql", "demo": "https://demo.xledger.net/graphql"},
    # [?] the filter argument that finds import items / journal entries by extIdentifier
    "find_filter_argument": "extIdentifier",
    # [I] gross amount + taxRule lets Xledger derive the VAT (the reference: "not confirmed")
    "line_style": "gross",
    # [C-3p] the object kind that holds VAT codes
    "tax_rule_object_kind": "TAX_RULE",
    # [?] which GL object slot holds the department: per-entity configuration; the user picks it in the setup
    "default_department_slot": "glObject1",
    # [?] an object value's status field (a closed department is listed, and refused on a GL import): named like the
    # accounts' objectStatus argument [C-3p], values OPEN / CLOSED
    "object_status_field": "objectStatus",
    "object_status_open": "OPEN",
    # [C] KB example: transactionSource GL, jobLevel dbSubId 1; [I] trRegNumber groups one voucher
    "transaction_source": "GL",
    "job_level_sub_id": 1,
    # [C] the throttling error codes and how long the official sample waits (seconds)
    "throttle_waits": {"BAD_REQUEST.BURST_RATE_LIMIT_REACHED": 5.0, "BAD_REQUEST.CONCURRENCY_LIMIT_REACHED": 1.0,
                       "BAD_REQUEST.INSUFFICIENT_CREDITS": 1200.0},
    # [C-3p] an invalid token's message contains this
    "bad_token_message": "bad format for api token",
}

DUETT: dict[str, Any] = {
    # [C] environments and the two key headers
    "endpoints": {"production": "https://api.duett.no", "demo": "https://api-dev.duett.no"},
    "integration_header": "X-Api-Integration-Key",
    "client_header": "X-Api-Client-Key",
    # [C] lists activeModules; used as the connection test
    "integration_path": "/system/v2/integration",
    # [?] chart of accounts ("Register → AccountChart" is documented by name only)
    "accounts_path": "/Register/v2/AccountChart",
    # [?] VAT codes on voucher lines: assumed SAF-T style codes, list endpoint assumed
    "vat_path": "/Register/v2/VatCodes",
    # [I] departments are a carrier type used in accounting
    "carriers_path": "/Register/v2/Carriers",
    # [?] a carrier that is no longer in use: listed with this flag false (a carrier whose type is not used in
    # accounting, usedInAccounting [C], cannot be used on a voucher either)
    "carrier_active_field": "active",
    # [?] the voucher POST path and body were not captured; this shape mirrors the voucher-report row fields
    "voucher_path": "/Voucher/v2/Vouchers",
    # [C] voucher type 1 "neutral posting"; [I] gross lines with a VAT code, debit positive
    "voucher_type": 1,
    # [C] voucher report (read back) requires the year filter
    "report_path": "/Report/v2/VoucherReport",
    # [C] duplicate voucher numbers are rejected (Duett's de-facto duplicate guard); [I] we use a number series
    # of our own: 9 + yymmdd + store index, so a repeated POST is rejected rather than doubled
    "voucher_number_prefix": 9,
}
