"""Helpdesk exports, recognised by content: one module per vendor.

Each module registers a content reader (``register_content``) for the vendor's export, tried
before the plain ``.json``/``.csv`` library reader; see :mod:`voicelint.sources.helpdesk.common`
for what they share. Detectors look for keys only that vendor's export has, so the order of
registration (the import order below) does not decide between vendors.
"""

from voicelint.sources.helpdesk import freshdesk, front, gorgias, helpscout, intercom, salesforce, zammad, zendesk

__all__ = ["freshdesk", "front", "gorgias", "helpscout", "intercom", "salesforce", "zammad", "zendesk"]
