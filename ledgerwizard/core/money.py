"""Money is Decimal, always. Helpers for parsing, rounding and splitting amounts to the øre."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal("0.00")
ORE = Decimal("0.01")


def q2(value: Decimal) -> Decimal:
    """Round half up to øre (the way Norwegian POS and ledgers round VAT)."""
    return value.quantize(ORE, rounding=ROUND_HALF_UP)


def fmt(value: Decimal) -> str:
    """Two decimals, dot, no thousands separator: the format of every amount in JSON output."""
    return f"{q2(value):.2f}"


def fmt_nb(value: Decimal) -> str:
    """Norwegian display: 1 234,50 (narrow no-break space as thousands separator)."""
    s = f"{q2(value):,.2f}"
    return s.replace(",", "\u202f").replace(".", ",")


def allocate(total: Decimal, weights: list[Decimal]) -> list[Decimal]:
    """Split ``total`` (øre precision) in proportion to ``weights`` so the parts sum to ``total`` exactly.

    Largest-remainder method over øre; works with negative totals and weights of mixed sign (a group
    with returns only). With all weights zero, the total is split evenly.
    """
    n = len(weights)
    if n == 0:
        if total != 0:
            raise ValueError("cannot allocate a non-zero amount over nothing")
        return []
    total_ore = int((q2(total) / ORE).to_integral_value())
    wsum = sum(weights, Decimal(0))
    if wsum == 0:
        weights = [Decimal(1)] * n
        wsum = Decimal(n)
    exact = [Decimal(total_ore) * w / wsum for w in weights]
    floors = [int(e.to_integral_value(rounding="ROUND_FLOOR")) for e in exact]
    rest = total_ore - sum(floors)  # 0 <= rest < n: the øre the floors left over
    order = sorted(range(n), key=lambda i: (exact[i] - floors[i], -i), reverse=True)
    for i in order[:rest]:
        floors[i] += 1
    return [Decimal(f) * ORE for f in floors]


def vat_from_gross(gross: Decimal, rate_percent: Decimal) -> Decimal:
    """The VAT a ledger computes from a gross amount and a rate: gross × r / (100 + r), rounded to øre."""
    if rate_percent == 0:
        return ZERO
    return q2(gross * rate_percent / (Decimal(100) + rate_percent))
