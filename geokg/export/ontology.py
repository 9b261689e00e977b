"""The geokg ontology: namespaces, terms, instance IRIs, and the CAMEO concept scheme.

Namespaces
----------
``https://geokg.dev/ns#`` (prefix ``gk``)
    Terms: the few classes and properties geokg adds to the vocabularies it reuses.
``https://geokg.dev/id/``
    Instances, one path per kind (prefixes in brackets)::

        https://geokg.dev/id/event/{happening id}     (ev:)    a deduplicated event (sem:Event)
        https://geokg.dev/id/actor/{actor id}         (actor:) a state, person, organisation ... (sem:Actor)
        https://geokg.dev/id/article/{article id}     (art:)   a news article (gk:Article, a prov:Entity)
        https://geokg.dev/id/mention/{mention id}     (mn:)    one article's report of an event (gk:Mention)
        https://geokg.dev/id/cameo/{code}             (cameo:) a CAMEO code (skos:Concept)
        https://geokg.dev/id/cameo                             the CAMEO concept scheme

    Ids are the store's own (``hp_...``, ``mn_...``, ``RUS``, ``kim_jong_un``, the article's id),
    percent-encoded (RFC 3986 unreserved characters stay as they are), so an IRI always gives its id
    back (:func:`local_id`).

The model follows the Simple Event Model (SEM, ``http://semanticweb.cs.vu.nl/2009/11/sem/``):

* an event is a ``sem:Event`` with ``sem:eventType`` its CAMEO concept; its typed roles are
  ``gk:source`` and ``gk:target`` (sub-properties of ``sem:hasActor``; ``sem:hasActor`` is written
  as well, so SEM tools without RDFS inference see the actors); its time is ``sem:hasTimeStamp``
  typed by precision (``xsd:date``, ``xsd:gYearMonth``, ``xsd:gYear``) plus the day bounds
  ``sem:hasEarliestBeginTimeStamp`` / ``sem:hasLatestEndTimeStamp`` (``xsd:date``) that SPARQL
  can compare; ``gk:goldstein`` (``xsd:decimal``), ``gk:quadClass`` (1-4), ``gk:plover``,
  ``gk:factuality`` (decided from its mentions), ``gk:mentionCount``, ``gk:sourceCount``;
* an actor is a ``sem:Actor`` and one of ``gk:State``, ``gk:Person``, ``gk:Organisation``,
  ``gk:Group``, ``gk:Media``, ``gk:OtherActor``; ``rdfs:label`` its name, ``skos:altLabel`` its
  aliases, ``gk:country`` its ISO 3166-1 alpha-3 code, ``gk:sector`` its CAMEO sector code (the
  part of a state or kind of group it is: ``COP`` for a country's police, ``OPP`` for its
  opposition; :mod:`geokg.schema.sectors`), ``owl:sameAs`` its Wikidata entity
  (``http://www.wikidata.org/entity/Q...``) where the QID is known, ``gk:roles`` its dated roles
  (an ``rdf:JSON`` literal);
* a mention is the evidence (PROV-O): ``gk:mentionOf`` the event, ``prov:wasDerivedFrom`` the
  article, ``prov:value`` the quoted sentence, ``gk:startOffset``/``gk:endOffset`` its character
  offsets (Unicode code points) in the cleaned article text, ``gk:confidence``, and the reading of
  this article: ``gk:factuality``, ``gk:cameo``, ``gk:sourceActor``/``gk:targetActor`` (the actor
  as named, e.g. the person, where the event's roles hold the state the person acts for);
* an article is a ``gk:Article`` (a ``prov:Entity``) with ``dcterms:title``, ``dcterms:issued``,
  ``dcterms:language``, ``schema:url`` and ``gk:ingestedFrom`` (the file or feed);
* a CAMEO code is a ``skos:Concept`` in the scheme ``https://geokg.dev/id/cameo`` with
  ``skos:notation``, ``skos:prefLabel``, ``skos:broader``, ``gk:goldstein``, ``gk:quadClass`` and
  ``gk:plover`` (``geokg/export/data/cameo.ttl``, generated from :mod:`geokg.schema.codebook`).

Terms are plain strings here (IRIs) and literals are ``(lexical, datatype)`` pairs, where the
datatype is ``None`` for ``xsd:string`` and ``"@en"`` for a language tag: the writers turn them
into N-Triples text, rdflib or pyoxigraph terms (see :mod:`geokg.export.rdf_mapping`).

>>> actor_iri("kim_jong_un")
'https://geokg.dev/id/actor/kim_jong_un'
>>> article_iri("idn kim/putin")
'https://geokg.dev/id/article/idn%20kim%2Fputin'
>>> local_id(article_iri("idn kim/putin"))
'idn kim/putin'
>>> date_literal("2023-08", "month")
('2023-08', 'http://www.w3.org/2001/XMLSchema#gYearMonth')

Run ``python -m geokg.export.ontology`` to regenerate the shipped ``data/cameo.ttl`` and
``data/geokg.ttl`` after the codebook or this module changes (a test checks they match).
"""

from __future__ import annotations

import re
from decimal import Decimal
from importlib import resources
from pathlib import Path
from urllib.parse import quote, unquote

from geokg.schema.sectors import SECTORS

__all__ = [
    "GK", "ID", "SEM", "PROV", "SKOS", "OWL", "RDF", "RDFS", "XSD", "DCT", "SCHEMA", "WD", "PREFIXES",
    "event_iri", "actor_iri", "article_iri", "mention_iri", "cameo_iri", "wikidata_iri", "local_id",
    "date_literal", "decimal_literal", "KIND_CLASS", "CLASS_KIND", "FACTUALITIES", "PRECISION_DATATYPE",
    "DATATYPE_PRECISION", "ontology_triples", "cameo_triples", "to_turtle", "data_path",
]

# -- namespaces ------------------------------------------------------------------------------------

GK = "https://geokg.dev/ns#"
ID = "https://geokg.dev/id/"
SEM = "http://semanticweb.cs.vu.nl/2009/11/sem/"
PROV = "http://www.w3.org/ns/prov#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
WD = "http://www.wikidata.org/entity/"
SH = "http://www.w3.org/ns/shacl#"

EVENT_NS = ID + "event/"
ACTOR_NS = ID + "actor/"
ARTICLE_NS = ID + "article/"
MENTION_NS = ID + "mention/"
CAMEO_NS = ID + "cameo/"
CAMEO_SCHEME = ID + "cameo"

#: Prefixes the serialisers use (Turtle, TriG) and the JSON-LD context declares.
PREFIXES: dict[str, str] = {
    "gk": GK, "sem": SEM, "prov": PROV, "skos": SKOS, "owl": OWL, "rdf": RDF, "rdfs": RDFS, "xsd": XSD,
    "dcterms": DCT, "schema": SCHEMA, "wd": WD, "ev": EVENT_NS, "actor": ACTOR_NS, "art": ARTICLE_NS,
    "mn": MENTION_NS, "cameo": CAMEO_NS,
}

# -- terms -----------------------------------------------------------------------------------------

RDF_TYPE = RDF + "type"
RDF_JSON = RDF + "JSON"
RDFS_LABEL = RDFS + "label"

SEM_EVENT = SEM + "Event"
SEM_ACTOR = SEM + "Actor"
SEM_EVENT_TYPE = SEM + "eventType"
SEM_HAS_ACTOR = SEM + "hasActor"
SEM_TIMESTAMP = SEM + "hasTimeStamp"
SEM_EARLIEST_BEGIN = SEM + "hasEarliestBeginTimeStamp"
SEM_LATEST_END = SEM + "hasLatestEndTimeStamp"

GK_SOURCE = GK + "source"
GK_TARGET = GK + "target"
GK_GOLDSTEIN = GK + "goldstein"
GK_QUAD_CLASS = GK + "quadClass"
GK_PLOVER = GK + "plover"
GK_FACTUALITY = GK + "factuality"
GK_MENTION_COUNT = GK + "mentionCount"
GK_SOURCE_COUNT = GK + "sourceCount"
GK_FIRST_SEEN = GK + "firstSeen"
GK_LAST_SEEN = GK + "lastSeen"
GK_MENTION = GK + "Mention"
GK_MENTION_OF = GK + "mentionOf"
GK_START = GK + "startOffset"
GK_END = GK + "endOffset"
GK_CONFIDENCE = GK + "confidence"
GK_CAMEO = GK + "cameo"
GK_SOURCE_ACTOR = GK + "sourceActor"
GK_TARGET_ACTOR = GK + "targetActor"
GK_ARTICLE = GK + "Article"
GK_INGESTED_FROM = GK + "ingestedFrom"
GK_COUNTRY = GK + "country"
GK_SECTOR = GK + "sector"
GK_ROLES = GK + "roles"
GK_PROVISIONAL = GK + "provisional"

PROV_ENTITY = PROV + "Entity"
PROV_DERIVED = PROV + "wasDerivedFrom"
PROV_VALUE = PROV + "value"

SKOS_CONCEPT = SKOS + "Concept"
SKOS_SCHEME = SKOS + "ConceptScheme"
SKOS_IN_SCHEME = SKOS + "inScheme"
SKOS_TOP_CONCEPT_OF = SKOS + "topConceptOf"
SKOS_HAS_TOP_CONCEPT = SKOS + "hasTopConcept"
SKOS_NOTATION = SKOS + "notation"
SKOS_PREF_LABEL = SKOS + "prefLabel"
SKOS_ALT_LABEL = SKOS + "altLabel"
SKOS_BROADER = SKOS + "broader"
SKOS_SCOPE_NOTE = SKOS + "scopeNote"

OWL_SAME_AS = OWL + "sameAs"
DCT_TITLE = DCT + "title"
DCT_ISSUED = DCT + "issued"
DCT_LANGUAGE = DCT + "language"
DCT_SOURCE = DCT + "source"
DCT_DESCRIPTION = DCT + "description"
SCHEMA_URL = SCHEMA + "url"

XSD_DATE = XSD + "date"
XSD_DATETIME = XSD + "dateTime"
XSD_GYEARMONTH = XSD + "gYearMonth"
XSD_GYEAR = XSD + "gYear"
XSD_DECIMAL = XSD + "decimal"
XSD_INTEGER = XSD + "integer"
XSD_BOOLEAN = XSD + "boolean"
XSD_ANYURI = XSD + "anyURI"

#: Actor kind (the store's ``kind``) -> its class, and back.
KIND_CLASS: dict[str, str] = {
    "state": GK + "State", "person": GK + "Person", "organisation": GK + "Organisation",
    "group": GK + "Group", "media": GK + "Media", "other": GK + "OtherActor",
}
CLASS_KIND: dict[str, str] = {v: k for k, v in KIND_CLASS.items()}

FACTUALITIES: tuple[str, ...] = ("asserted", "denied", "alleged", "planned", "hypothetical", "negated")

PRECISION_DATATYPE: dict[str, str] = {"day": XSD_DATE, "month": XSD_GYEARMONTH, "year": XSD_GYEAR}
DATATYPE_PRECISION: dict[str, str] = {v: k for k, v in PRECISION_DATATYPE.items()}

# -- instance IRIs ---------------------------------------------------------------------------------

_SAFE = "-._~"  # RFC 3986 unreserved: kept; everything else percent-encoded (UTF-8)
_PLAIN = re.compile(r"[A-Za-z0-9_.~-]+\Z").match


def _q(s: str) -> str:
    # Common ids (hp_..., RUS, kim_jong_un) need no encoding: skip quote() for them (hot loop).
    return s if _PLAIN(s) else quote(s, safe=_SAFE)


def event_iri(happening_id: str) -> str:
    return EVENT_NS + _q(happening_id)


_ACTOR_IRIS: dict[str, str] = {}


def actor_iri(actor_id: str) -> str:
    iri = _ACTOR_IRIS.get(actor_id)
    if iri is None:
        iri = ACTOR_NS + _q(actor_id)
        if len(_ACTOR_IRIS) < 100_000:   # actors are few and repeat on every event
            _ACTOR_IRIS[actor_id] = iri
    return iri


def article_iri(article_id: str) -> str:
    return ARTICLE_NS + _q(article_id)


def mention_iri(mention_id: str) -> str:
    return MENTION_NS + _q(mention_id)


def cameo_iri(code: str) -> str:
    return CAMEO_NS + code


def wikidata_iri(qid: str) -> str:
    return WD + qid


def local_id(iri: str) -> str:
    """The store id an instance IRI stands for (the inverse of the ``*_iri`` functions)."""
    return unquote(iri.rsplit("/", 1)[1])


# -- literals --------------------------------------------------------------------------------------

def date_literal(value: str, precision: str | None) -> tuple[str, str]:
    """An event date typed by its precision: ``xsd:date``, ``xsd:gYearMonth`` or ``xsd:gYear``."""
    if precision is None:
        precision = {10: "day", 7: "month", 4: "year"}[len(value)]
    return value, PRECISION_DATATYPE[precision]


def decimal_literal(x: float) -> tuple[str, str]:
    """A float as an ``xsd:decimal`` whose lexical form reads back as the same float.

    >>> decimal_literal(-2.0), decimal_literal(1e-05)[0]
    (('-2.0', 'http://www.w3.org/2001/XMLSchema#decimal'), '0.00001')
    """
    r = repr(float(x))
    if "e" in r or "E" in r:
        r = format(Decimal(r), "f")
    return r, XSD_DECIMAL


# -- the ontology (TBox) ---------------------------------------------------------------------------

def _lit(s: str) -> tuple[str, str]:
    return s, "@en"


#: (term, kind, label, comment, extra (predicate, object) pairs)
_TERMS: list[tuple[str, str, str, str, list[tuple[str, object]]]] = [
    (GK + "State", "class", "State", "A sovereign state or territory (ISO 3166-1).", [(RDFS + "subClassOf", SEM_ACTOR)]),
    (GK + "Person", "class", "Person", "A person; acts for the state in gk:country at the event's date.",
     [(RDFS + "subClassOf", SEM_ACTOR)]),
    (GK + "Organisation", "class", "Organisation", "An international or state organisation.",
     [(RDFS + "subClassOf", SEM_ACTOR)]),
    (GK + "Group", "class", "Group", "A non-state armed or political group.", [(RDFS + "subClassOf", SEM_ACTOR)]),
    (GK + "Media", "class", "Media", "A news agency or medium (e.g. a state medium such as KCNA).",
     [(RDFS + "subClassOf", SEM_ACTOR)]),
    (GK + "OtherActor", "class", "Other actor", "An actor of no other kind.", [(RDFS + "subClassOf", SEM_ACTOR)]),
    (GK_MENTION, "class", "Mention",
     "One article's report of an event: the evidence, with the quoted sentence and its offsets.",
     [(RDFS + "subClassOf", PROV_ENTITY)]),
    (GK_ARTICLE, "class", "Article", "A news article events were read from.", [(RDFS + "subClassOf", PROV_ENTITY)]),
    (GK_SOURCE, "object", "source", "The actor that acts (CAMEO Actor1); a person folds into its state.",
     [(RDFS + "subPropertyOf", SEM_HAS_ACTOR), (RDFS + "domain", SEM_EVENT), (RDFS + "range", SEM_ACTOR)]),
    (GK_TARGET, "object", "target", "The actor acted upon (CAMEO Actor2).",
     [(RDFS + "subPropertyOf", SEM_HAS_ACTOR), (RDFS + "domain", SEM_EVENT), (RDFS + "range", SEM_ACTOR)]),
    (GK_GOLDSTEIN, "datatype", "Goldstein score", "Goldstein conflict-cooperation score, -10 to +10.",
     [(RDFS + "range", XSD_DECIMAL)]),
    (GK_QUAD_CLASS, "datatype", "QuadClass",
     "1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.",
     [(RDFS + "range", XSD_INTEGER)]),
    (GK_PLOVER, "datatype", "PLOVER category", "PLOVER event category (DROPPED for CAMEO 01 statements).", []),
    (GK_FACTUALITY, "datatype", "factuality",
     "asserted, denied, alleged, planned, hypothetical or negated; an event's is asserted if any mention "
     "asserts it, else its mentions' most frequent value.", []),
    (GK_MENTION_COUNT, "datatype", "mention count", "Number of mentions of the event.", [(RDFS + "range", XSD_INTEGER)]),
    (GK_SOURCE_COUNT, "datatype", "source count", "Number of distinct articles reporting the event.",
     [(RDFS + "range", XSD_INTEGER)]),
    (GK_FIRST_SEEN, "datatype", "first seen", "When the store first ingested a report of the event.",
     [(RDFS + "range", XSD_DATETIME)]),
    (GK_LAST_SEEN, "datatype", "last seen", "When the store last ingested a new report of the event.",
     [(RDFS + "range", XSD_DATETIME)]),
    (GK_MENTION_OF, "object", "mention of", "The event a mention reports.",
     [(RDFS + "domain", GK_MENTION), (RDFS + "range", SEM_EVENT)]),
    (GK_START, "datatype", "start offset",
     "Offset (Unicode code points) of the quoted sentence's first character in the cleaned article text.",
     [(RDFS + "range", XSD_INTEGER)]),
    (GK_END, "datatype", "end offset", "Offset just past the quoted sentence's last character.",
     [(RDFS + "range", XSD_INTEGER)]),
    (GK_CONFIDENCE, "datatype", "confidence", "The extractor's confidence in the mention, 0 to 1.",
     [(RDFS + "range", XSD_DECIMAL)]),
    (GK_CAMEO, "object", "CAMEO code", "The CAMEO code this mention was read as.",
     [(RDFS + "range", SKOS_CONCEPT)]),
    (GK_SOURCE_ACTOR, "object", "source actor as named", "The source actor as the article names it.",
     [(RDFS + "range", SEM_ACTOR)]),
    (GK_TARGET_ACTOR, "object", "target actor as named", "The target actor as the article names it.",
     [(RDFS + "range", SEM_ACTOR)]),
    (GK_INGESTED_FROM, "datatype", "ingested from", "The file or feed the article was read from.", []),
    (GK_COUNTRY, "datatype", "country", "ISO 3166-1 alpha-3 code of the state an actor belongs to or acts for.", []),
    (GK_SECTOR, "datatype", "sector",
     "CAMEO actor type code of the part of a state, or the kind of group, an actor is, which tells the parts of "
     "one country apart (police against protesters): " + ", ".join(f"{c} {m}" for c, m in SECTORS.items()) + ".",
     [(RDFS + "range", XSD + "string")]),
    (GK_ROLES, "datatype", "roles", "The actor's roles (with dates where known), as a JSON array.",
     [(RDFS + "range", RDF_JSON)]),
    (GK_PROVISIONAL, "datatype", "provisional",
     "True for a state known only from a person's country, not yet ingested itself.", [(RDFS + "range", XSD_BOOLEAN)]),
]


def ontology_triples() -> list[tuple[str, str, object]]:
    """The geokg ontology (classes and properties, aligned to SEM, PROV-O and SKOS)."""
    onto = GK.rstrip("#")
    out: list[tuple[str, str, object]] = [
        (onto, RDF_TYPE, OWL + "Ontology"),
        (onto, RDFS_LABEL, _lit("geokg: geopolitical events with provenance")),
        (onto, RDFS + "comment", _lit("Events coded in CAMEO following the Simple Event Model; evidence in PROV-O. "
                                      "Instances live under https://geokg.dev/id/.")),
        (onto, OWL + "imports", SEM.rstrip("/")),
    ]
    kinds = {"class": OWL + "Class", "object": OWL + "ObjectProperty", "datatype": OWL + "DatatypeProperty"}
    for term, kind, label, comment, extra in _TERMS:
        out.append((term, RDF_TYPE, kinds[kind]))
        out.append((term, RDFS_LABEL, _lit(label)))
        out.append((term, RDFS + "comment", _lit(comment)))
        out.append((term, RDFS + "isDefinedBy", onto))
        out += [(term, p, o) for p, o in extra]
    return out


def cameo_triples(codes=None) -> list[tuple[str, str, object]]:
    """The CAMEO codebook as a SKOS concept scheme (from :func:`geokg.schema.codebook.all_codes`)."""
    if codes is None:
        from geokg.schema.codebook import all_codes

        codes = all_codes()
    out: list[tuple[str, str, object]] = [
        (CAMEO_SCHEME, RDF_TYPE, SKOS_SCHEME),
        (CAMEO_SCHEME, SKOS_PREF_LABEL, _lit("CAMEO event codes (as used by GDELT)")),
        (CAMEO_SCHEME, DCT_DESCRIPTION, _lit("CAMEO 1.1b3 codes with GDELT Goldstein scores, QuadClass and PLOVER "
                                              "categories; see geokg/schema/data/SOURCES.md.")),
    ]
    codes = list(codes)
    out += [(CAMEO_SCHEME, SKOS_HAS_TOP_CONCEPT, cameo_iri(c.code)) for c in codes if len(c.code) == 2]
    for c in codes:
        iri = cameo_iri(c.code)
        out.append((iri, RDF_TYPE, SKOS_CONCEPT))
        out.append((iri, SKOS_IN_SCHEME, CAMEO_SCHEME))
        out.append((iri, SKOS_NOTATION, (c.code, None)))
        out.append((iri, SKOS_PREF_LABEL, _lit(c.name)))
        if len(c.code) == 2:
            out.append((iri, SKOS_TOP_CONCEPT_OF, CAMEO_SCHEME))
        else:
            out.append((iri, SKOS_BROADER, cameo_iri(c.code[:-1] if len(c.code) == 4 else c.code[:2])))
        out.append((iri, GK_GOLDSTEIN, decimal_literal(c.goldstein)))
        out.append((iri, GK_QUAD_CLASS, (str(c.quad_class), XSD_INTEGER)))
        out.append((iri, GK_PLOVER, (c.plover, None)))
        if c.description:
            out.append((iri, SKOS_SCOPE_NOTE, _lit(c.description)))
    return out


# -- a small deterministic Turtle writer for the shipped files -------------------------------------

def _turtle_term(t: object, prefixes: dict[str, str]) -> str:
    from geokg.export.ntriples import literal

    if isinstance(t, str):
        if t == RDF_TYPE:
            return "a"
        for p, ns in prefixes.items():
            if t.startswith(ns):
                local = t[len(ns):]
                if local and all(ch.isalnum() or ch in "_-" for ch in local) and not local[0] in "-":
                    return f"{p}:{local}"
        return f"<{t}>"
    lex, dt = t
    if dt == XSD_INTEGER and lex.lstrip("-").isdigit():
        return lex
    if dt is not None and not dt.startswith("@"):
        return literal(lex, None) + "^^" + _turtle_term(dt, prefixes)
    return literal(lex, dt)


def to_turtle(triples: list[tuple[str, str, object]], header: str = "") -> str:
    """Turtle text for triples, subjects and predicates grouped in first-seen order (stable diffs)."""
    used = dict(PREFIXES)
    by_subject: dict[str, dict[str, list]] = {}
    for s, p, o in triples:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    lines += [f"@prefix {p}: <{ns}> ." for p, ns in used.items()]
    for s, props in by_subject.items():
        lines.append("")
        parts = []
        for p, objs in props.items():
            parts.append(f"{_turtle_term(p, used)} " + ", ".join(_turtle_term(o, used) for o in objs))
        lines.append(f"{_turtle_term(s, used)} " + " ;\n    ".join(parts) + " .")
    return "\n".join(lines) + "\n"


def data_path(name: str) -> Path:
    """Path of a file shipped in ``geokg/export/data``."""
    return Path(str(resources.files("geokg.export") / "data" / name))


_CAMEO_HEADER = ("CAMEO event codes as a SKOS concept scheme, generated from geokg/schema/data/cameo.tsv\n"
                 "by `python -m geokg.export.ontology`; do not edit by hand.")
_ONTO_HEADER = "The geokg ontology, generated by `python -m geokg.export.ontology`; do not edit by hand."


def cameo_turtle() -> str:
    return to_turtle(cameo_triples(), _CAMEO_HEADER)


def ontology_turtle() -> str:
    return to_turtle(ontology_triples(), _ONTO_HEADER)


def write_data_files(folder: Path | None = None) -> list[Path]:
    """(Re)write ``cameo.ttl`` and ``geokg.ttl`` in the package's data folder (or *folder*)."""
    folder = folder or data_path("")
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in (("cameo.ttl", cameo_turtle()), ("geokg.ttl", ontology_turtle())):
        p = folder / name
        p.write_text(text, encoding="utf-8")
        out.append(p)
    return out


if __name__ == "__main__":  # pragma: no cover
    for p in write_data_files():
        print(p)
