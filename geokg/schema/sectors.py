"""CAMEO actor sector codes: the part of a state, or the kind of group, an actor is.

They tell the two sides of one country apart (police against protesters: ``GEO.COP`` -> ``GEO.OPP``).
The codes and their meanings follow the CAMEO codebook's actor "type" codes (Schrodt et al., CAMEO
Conflict and Mediation Event Observations, Actor Codebook, 2012), which PETRARCH's agent dictionaries use.
"""

from __future__ import annotations

SECTORS: dict[str, str] = {
    "GOV": "government",
    "MIL": "military",
    "COP": "police",
    "OPP": "opposition",
    "REB": "rebels",
    "CVL": "civilians",
    "JUD": "judiciary",
    "LEG": "legislature",
    "MED": "media",
    "BUS": "business",
    "REL": "religious",
    "EDU": "education",
    "HLH": "health",
    "REF": "refugees",
    "IGO": "intergovernmental organisation",
    "NGO": "non-governmental organisation",
    "SPY": "intelligence",
    "INS": "insurgents",
    "LAB": "labour",
    "ELI": "elites",
    "UAF": "unaffiliated armed forces",
}

# Parts of a country that act as themselves, not as the state: they get an actor of their own
# (ISO3.SECTOR), so that events between them are not a state acting on itself. Government,
# military and intelligence act for the state (shared/eval/CODING.md) and stay the state.
OWN_ACTOR = frozenset({"COP", "OPP", "REB", "CVL", "JUD", "LEG", "BUS", "REL", "EDU", "HLH", "REF",
                       "NGO", "INS", "LAB", "ELI", "UAF"})

# Those whose protest is a demonstration in the street (CAMEO 14), not a state's official protest (114).
POPULAR = frozenset({"CVL", "EDU", "LAB", "OPP", "REL", "REF", "NGO"})


def check_sector(code: str | None) -> str | None:
    """``code`` if it is a sector code or None; else ValueError naming the codes (for pydantic validators).

    >>> check_sector("COP")
    'COP'
    """
    if code is not None and code not in SECTORS:
        raise ValueError(f"sector must be a CAMEO sector code ({', '.join(SECTORS)}), got {code!r}")
    return code


def sector_actor_id(country: str, sector: str) -> str:
    """The id of one country's part: ``GEO.COP`` for Georgia's police.

    >>> sector_actor_id("GEO", "COP")
    'GEO.COP'
    """
    return f"{country}.{sector}"
