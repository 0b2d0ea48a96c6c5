"""The ledger failures a user can see: each kind's message (what happened) and hint (what to do next), in Norwegian
and English, and whether it is worth an automatic retry. ``ledger_error`` makes the ``LedgerError`` (core.transfer)
with its kind and what is known about the voucher (``outcome``). Used by the connectors and their HTTP layer."""

from __future__ import annotations

from ..core.i18n import Text
from ..core.transfer import LedgerError

_MESSAGES: dict[str, tuple[Text, Text]] = {
    "auth": (Text("Nøkkelen ble ikke godtatt av regnskapssystemet (feil eller tilbakekalt nøkkel).",
                  "The accounting system did not accept the key (wrong or revoked key)."),
             Text("Lag en ny nøkkel i regnskapssystemet og lim den inn på nytt.",
                  "Create a new client key in the accounting system and paste it again.")),
    "environment": (Text("Nøkkelen hører til det andre miljøet (demo/test i stedet for produksjon, eller omvendt).",
                         "The key belongs to the other environment (demo/test instead of production, or the reverse)."),
                    Text("Velg riktig miljø i oppsettet, eller lag nøkkelen i det miljøet du vil sende til.",
                         "Choose the right environment in the setup, or create the key in the environment you send to.")),
    "privilege": (Text("Integrasjonen mangler en tilgang i regnskapssystemet.",
                       "The integration lacks a privilege in the accounting system."),
                  Text("Gi integrasjonen tilgangen som er nevnt (eller kontakt regnskapssystemets support).",
                       "Grant the integration the privilege named (or contact the accounting system's support).")),
    "network": (Text("Fikk ikke kontakt med regnskapssystemet (ingen nettverksforbindelse).",
                     "Could not reach the accounting system (no network connection)."),
                Text("Sjekk internettforbindelsen. Overføringen prøves igjen automatisk.",
                     "Check the internet connection. The transfer is retried automatically.")),
    "dns": (Text("Fant ikke regnskapssystemets adresse (DNS).", "Could not look up the accounting system's address (DNS)."),
            Text("Sjekk internettforbindelsen og eventuelle brannmurregler.", "Check the internet connection and firewall rules.")),
    "tls": (Text("Den sikre forbindelsen (TLS) til regnskapssystemet kunne ikke bekreftes.",
                 "The secure (TLS) connection to the accounting system could not be verified."),
            Text("Sjekk PC-ens klokke og at sertifikatene er oppdatert; en proxy eller antivirus kan bryte forbindelsen.",
                 "Check the PC's clock and that certificates are up to date; a proxy or antivirus may intercept it.")),
    "proxy": (Text("Proxyen stoppet forbindelsen til regnskapssystemet.", "The proxy blocked the connection to the accounting system."),
              Text("Kontroller proxyinnstillingene med IT-ansvarlig.", "Check the proxy settings with your IT contact.")),
    "timeout": (Text("Regnskapssystemet svarte ikke i tide.", "The accounting system did not answer in time."),
                Text("Overføringen kontrolleres og prøves igjen automatisk; ingenting sendes dobbelt.",
                     "The transfer is checked and retried automatically; nothing is sent twice.")),
    "down": (Text("Regnskapssystemet har driftsproblemer akkurat nå.", "The accounting system is having problems right now."),
             Text("Overføringen prøves igjen automatisk senere.", "The transfer is retried automatically later.")),
    "rate_limited": (Text("Regnskapssystemet ber oss vente (for mange forespørsler).",
                          "The accounting system asks us to wait (too many requests)."),
                     Text("Overføringen fortsetter av seg selv om litt.", "The transfer continues by itself shortly.")),
    "locked_period": (Text("Perioden er låst i regnskapet; bilaget kan ikke føres på denne datoen.",
                           "The period is locked in the ledger; the voucher cannot be posted on this date."),
                      Text("Be regnskapsføreren åpne perioden, eller før dagen manuelt.",
                           "Ask the accountant to open the period, or post the day by hand.")),
    "rejected": (Text("Regnskapssystemet avviste bilaget.", "The accounting system rejected the voucher."),
                 Text("Rett det som er nevnt under i oppsettet, og send på nytt.",
                      "Correct what is named below in the setup, and send again.")),
    "bad_answer": (Text("Regnskapssystemet ga et svar vi ikke forstår.",
                        "The accounting system gave an answer we do not understand."),
                   Text("Det går som regel over av seg selv: overføringen prøves igjen automatisk, og ingenting sendes "
                        "dobbelt. Varer det, kontakt support med detaljene under.",
                        "This usually passes by itself: the transfer is retried automatically and nothing is sent "
                        "twice. If it lasts, contact support with the details below.")),
    "duplicate": (Text("Regnskapssystemet sier at bilaget allerede finnes, men det kan ikke ses ennå.",
                       "The accounting system says the voucher already exists, but it cannot be seen yet."),
                  Text("Bilaget kontrolleres mot regnskapet igjen om litt; det sendes ikke på nytt.",
                       "The voucher is checked with the ledger again shortly; it is not sent again.")),
    "duplicate_order": (Text("Regnskapssystemet sier at ordren allerede finnes, men den kan ikke ses ennå.",
                             "The accounting system says the order already exists, but it cannot be seen yet."),
                        Text("Ordren kontrolleres mot regnskapet igjen om litt; den sendes ikke på nytt.",
                             "The order is checked with the ledger again shortly; it is not sent again.")),
    "precheck_order": (Text("Ordren passer ikke med regnskapet (kunde, konto, mva-kode eller avdeling).",
                            "The order does not fit the ledger (customer, account, VAT code or department)."),
                       Text("Rett det som er nevnt under i oppsettet; ordren sendes igjen automatisk.",
                            "Correct what is named below in the setup; the order is sent again automatically.")),
    "no_orders": (Text("Dette regnskapssystemet tar ikke imot ordre fra ledgerwizard.",
                       "This accounting system does not take orders from ledgerwizard."),
                  Text("Kredittsalg føres i dagsoppgjøret (kundefordringer) i stedet.",
                       "Credit sales go on the daily voucher (receivables) instead.")),
    "precheck": (Text("Bilaget passer ikke med kontoplanen i regnskapet.", "The voucher does not fit the ledger's chart of accounts."),
                 Text("Rett kontoene som er nevnt under i oppsettet, og send på nytt.",
                      "Correct the accounts named below in the setup, and send again.")),
}

RETRYABLE = {"network", "dns", "tls", "proxy", "timeout", "down", "rate_limited", "bad_answer", "duplicate",
             "duplicate_order"}


def ledger_error(kind: str, outcome: str, details: list[str] | None = None, *, system: str = "") -> LedgerError:
    msg, hint = _MESSAGES[kind]
    if system:
        msg = Text(f"{system}: {msg.nb}", f"{system}: {msg.en}")
    return LedgerError(msg, hint, kind=kind, outcome=outcome, retryable=kind in RETRYABLE, details=details)


__all__ = ["ledger_error", "RETRYABLE"]
