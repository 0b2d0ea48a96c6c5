"""ledgerwizard: a Norwegian shop's POS day (SAF-T Cash Register) to one balanced voucher per store."""

__version__ = "0.1.0"
