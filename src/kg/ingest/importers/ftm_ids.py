"""kg ids in FollowTheMoney and back: the reversible escape, and loading the optional ``followthemoney`` package.

FtM drops every entity reference that does not match ``^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$``, so kg ids
such as ``tencent_investment`` or ``fund-`` would vanish. kg ids are lower-case, so upper-case letters are
free to escape with: ``_`` → ``U``, and an id ending in ``.`` or ``-`` gets a ``Z`` appended. The escape is
injective and :func:`unescape` reverses it. On import an FtM id is read as an escaped kg id only when it is
one exactly (its unescaped form is a kg id that escapes back to it, and does not start with ``ftm-``, which
is reserved for ids minted from foreign ones): so two FtM ids never become one kg id.
"""

from __future__ import annotations

import re
from typing import Any

from kg.errors import UsageError

FTM_REF = re.compile(r"^[0-9a-zA-Z]([0-9a-zA-Z.-]*[0-9a-zA-Z])?$")
KG_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,127}$")
MINTED = "ftm"
EXTRA = "pip install 'kg[ftm]' (needs the ICU headers: Debian libicu-dev)"


def escape(kg_id: str) -> str:
    """A kg id as an FtM entity id FtM keeps.

    >>> escape("tencent_investment"), escape("zhipu"), escape("a-"), escape("b_")
    ('tencentUinvestment', 'zhipu', 'a-Z', 'bU')
    """
    out = kg_id.replace("_", "U")
    return out + "Z" if out.endswith((".", "-")) else out


def unescape(ftm_id: str) -> str:
    """The kg id :func:`escape` made ``ftm_id`` from (meaningful only when :func:`is_escaped`)."""
    base = ftm_id[:-1] if ftm_id.endswith("Z") else ftm_id
    return base.replace("U", "_")


def is_escaped(ftm_id: str) -> bool:
    """True when ``ftm_id`` is exactly the escape of a kg id (not one of the ``ftm-`` ids minted on import)."""
    kg_id = unescape(ftm_id)
    return bool(KG_ID.match(kg_id)) and escape(kg_id) == ftm_id and not kg_id.startswith(MINTED + "-")


def load_model() -> Any:
    """followthemoney's model, or a :class:`~kg.errors.UsageError` naming the extra to install."""
    try:
        from followthemoney import model
    except ImportError:
        raise UsageError(f"FollowTheMoney needs the followthemoney package: {EXTRA}") from None
    return model
