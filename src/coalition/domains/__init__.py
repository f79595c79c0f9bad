"""The domains a run includes, in one place: one component per module, none imports another.

Adding a domain is one module here and one line in `BUILT_IN_DOMAINS`; the engine imports none of
them (the API hands it this list).
"""

from __future__ import annotations

from coalition.domains.battlefield import Battlefield
from coalition.domains.civilians import Civilians
from coalition.domains.coordination import Coordination
from coalition.domains.economy import Economy
from coalition.domains.escalation import Escalation
from coalition.domains.exposure import Exposure
from coalition.domains.grid import Grid
from coalition.domains.humanitarian import Humanitarian
from coalition.domains.logistics import Logistics
from coalition.domains.morale import Morale
from coalition.domains.opinion import Opinion
from coalition.domains.strikes import Strikes
from coalition.domains.support import Support
from coalition.domains.training import Training
from coalition.engine.component import Component

BUILT_IN_DOMAINS: tuple[type[Component], ...] = (
    Logistics,
    Training,
    Strikes,
    Grid,
    Civilians,
    Exposure,
    Coordination,
    Support,
    Battlefield,
    Escalation,
    Economy,
    Humanitarian,
    Opinion,
    Morale,
)
