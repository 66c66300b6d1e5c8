"""Helpdesk exports, recognised by content: one module per vendor.

Each module registers a content reader (``register_content``) for the vendor's export, tried
before the plain ``.json``/``.csv`` library reader; see :mod:`voicelint.sources.helpdesk.common`
for what they share. Import order is detection order: the more specific detectors come first.
"""

from voicelint.sources.helpdesk import freshdesk, helpscout, intercom, zendesk

__all__ = ["freshdesk", "helpscout", "intercom", "zendesk"]
