"""Draft identity (number, date, status) and the register of issued drafts.

The draft identity lives in ``source_data/van_ban.yaml`` under ``du_thao``
(``so``, ``trang_thai``, ``ngay``); the register of issued drafts is
``source_data/ban_du_thao.yaml``. The identity is parsed by
:mod:`build_scripts.core.document`; see ``register`` and ``check``.
"""

from build_scripts.core.drafts.errors import DraftError
from build_scripts.core.drafts.register import RegisterEntry, read_register

__all__ = [
    "DraftError",
    "RegisterEntry",
    "read_register",
]
