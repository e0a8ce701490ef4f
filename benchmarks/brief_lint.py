"""Brief lint: what an editor would strike from newsdesk's briefs, measured over a clusters file.

    .venv/bin/python benchmarks/brief_lint.py                       # the 250 Multi-News dev clusters
    .venv/bin/python benchmarks/brief_lint.py DATA.jsonl --words 300 --limit 50
    .venv/bin/python benchmarks/brief_lint.py --examples 3          # also print offending sentences

Each cluster is summarized as ``newsdesk evaluate summaries`` does (``summarize_clusters``, the
shipped ranker weights, the headline included), and every brief sentence and headline is checked.
Printed: the share of sentences that

- open with a pronoun or a connective ("He ...", "However, ...", or a pronoun subject after an
  introductory phrase: "In brief remarks, they underscored ...") that is not resolved, i.e. the
  brief's previous sentence is not the sentence before it in its source article;
- are bare quotes: a quotation (3+ words in quotation marks, or a sentence opening with one)
  without a speaker outside the marks next to a speech verb: a name, or a role ("a police
  spokesman said"); a pronoun ("he said") is no speaker;
- are captions, bylines, share buttons, templates or page chrome;
- are fragments: no closing punctuation, under 6 words, opening in lower case, unbalanced quotes
  (double marks that do not pair up, of whatever style: '"...,” she said' pairs),
  ending on an abbreviation ("the No.", "Gov."), a question to the reader, or no verb before a trailing
  relative or conditional clause ("Every Pulse X battery, whether it came fitted to a bike ...");
- show spun wording unrepaired: a spinner substitution (``extract.lexicon.SPINNER``) in a sentence
  taken from a copy the spinner detector flags;

- address the reader: "you" outside quotation marks, or an imperative ("Check them every
  fortnight.", "..., expect to wait.");

and the briefs over the word budget (how many, and the words over it).

The rules here are written apart from the summarizer's (regular expressions of their own, no
import of ``newsdesk.summarize.edit`` or ``quality``), so that the lint does not certify the code
it measures; it reuses only the spinner list and detector, which the summarizer's repairs do not.
Targets (issue 10) on the Multi-News dev clusters: unresolved openers <= 3%, bare quotes <= 1%,
the rest 0 (advice to the reader was added in the third round, with target 0).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "eval" / "multinews-val" / "clusters.jsonl"

_OPENER = re.compile(
    r"^[\"“‘']?(?:he|she|it|they|his|her|its|their|them|him|this|that|these|those|however|but|and|also|so|yet|"
    r"still|meanwhile|moreover|furthermore|instead|then|thus|therefore|in addition|as a result|additionally|"
    r"nevertheless|nonetheless|besides|likewise|similarly|consequently)\b",
    re.IGNORECASE,
)
# A subject pronoun after an introductory phrase leans on the sentence before as much as an opening
# one: "In brief remarks before their talks, they underscored ...", "On Monday, he said ...".
_INTRO_PRONOUN = re.compile(
    r"^[\"“‘']?(?:In|On|At|During|After|Before|Since|Following|Earlier|Later|Last|Speaking|Asked|Briefly|Ahead|"
    r"Despite|While|When|As|With|Without|Under|For|From|Over|By|Now|Today|Yesterday|Amid)\b[^,;:\"“”]{0,100},\s+"
    r"(?:he|she|they|it|his|her|its|their|this|these|those)\b(?!\s+(?:is|was)\s+(?:not\s+)?(?:\w+\s+){0,2}?"
    r"(?:unclear|clear|likely|unlikely|possible|unknown|expected|thought|believed)\b)"
)
_NOT_ANAPHORIC = re.compile(
    r"^[\"“‘']?(?:this|that|these|those)\s+(?:week|month|year|morning|afternoon|evening|night|time|day|spring|"
    r"summer|autumn|fall|winter|season)\b|^[\"“‘']?it\s+(?:is|was|'s|’s|remains|seems|appears)\s+(?:not\s+)?"
    r"(?:\w+\s+){0,3}?(?:unclear|clear|likely|unlikely|possible|unknown|expected|thought|believed|the first)\b",
    re.IGNORECASE,
)
_IN_QUOTES = re.compile(r"[\"“]([^\"“”]+)[\"”]")
_SPEECH = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|stated|wrote|writes|tweeted|noted|argued|insisted|claimed|declared|"
    r"warned|stressed|asked|replied|explained|explains|recalled|recalls|announced|reported|reports|posted|admitted|"
    r"admits|confirmed|conceded|testified|responded|according to|"
    # 2026-12-03 (session 11): more verbs of saying, and the inverted "Added Lesh: ..."; a quote with one
    # of these and a name was counted bare before
    r"(?i:added|adds|said|says)|offered|remarked|remarks|suggested|suggests|observed|acknowledged|emphasi[sz]ed|"
    r"cautioned|exclaimed|shouted|predicted|boasted|complained|lamented|countered|vowed|urged|concurred|promised|"
    r"promises|telling|adding|saying|"
    # 2026-12-03 (session 12): verbs that attribute the quoted words to their subject ("Eater describes
    # the sandwich as a "..."", 'Shumlin called the remark "offensive"')
    r"continued|states|describes|described|called|calls|accused|accuses|praised|alleges|alleged|tweeting|quoted)\b"
)
# A quotation that is a title, not somebody's words ('"Sex and the City"', '"Gone With the Wind"',
# '"The Brainy Bunch: The Harding Family's Method to College Ready by Age Twelve"'): each word
# capitalised but articles, conjunctions and short prepositions, and no sentence end inside. Added
# 2026-12-03 (session 12): the summarizer stopped refusing sentences with titles, and the lint had
# counted every title of three words as a quotation without a speaker.
_LOWER_IN_TITLES = frozenset("a an the and or but nor of in on at to for by with from as vs per".split())


def is_title(quoted: str) -> bool:
    words = re.findall(r"[\w’'-]+", quoted.strip().rstrip(",."))
    if len(words) < 2 or re.search(r"[.!?;]", quoted.strip().rstrip(",.")):
        return False
    return words[0][0].isupper() and all(w[0].isupper() or w[0].isdigit() or w.lower() in _LOWER_IN_TITLES
                                         for w in words)
_PRONOUNS = {"he", "she", "they", "it", "we", "i", "you"}
_ROLE = re.compile(
    r"\b(?:said|says|told|added|stated|wrote|noted|explained)\s+(?:the|a|an|his|her|their)\s+\w+"
    r"|\b(?:the|a|an|his|her|their)\s+(?:\w+\s+){0,3}?(?!(?:he|she|they|it|we|i|you)\b)\w+,?\s+"
    r"(?:said|says|told|added|stated|wrote|explains|reports)\b"
    r"|\baccording to (?:the|a|an|his|her|their)\s+\w+"
    r"|\b(?:police|officials|authorities|prosecutors|investigators)\s+(?:\w+\s+)?(?:said|say|says|told|added)\b",
    re.IGNORECASE,
)
_CHROME = re.compile(
    r"(?i:\b(?:share this|share on|click here|read more|sign up|subscribe|newsletter|all rights reserved|"
    r"confirmation email|file photo|photo credit|getty images|advertisement|follow us|cookie policy)\b)|©|\{\*|\{\{|\}\}"
    r"|(?:^|[-|•]\s*)(?:Tweet|Share|Email|Pin)\s*(?:[-|•]|$)|(?:^|\s)By\s+[A-Z][a-z]+\s+[A-Z][a-z]+\s*(?:[-–—|]|$)"
    r"|^\W*In this (?:[\w,.]+\s+){0,6}?(?:photo|image|picture)\b"
    # 2026-12-03 (session 12): agency captions end on a weekday and a full date ("..., Thursday, Oct. 3,
    # 2013, in San Antonio.") and place people in the picture ("A Klansman, left, uses ...")
    r"|,\s+(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,\s+[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s+\d{4}(?:,[^.]*)?\.$"
    r"|,\s+(?:left|right|center|centre)\s*,"
    # 2026-12-04 (session 13): a transcript's speaker label or a newsletter heading ("GEORGE
    # STEPHANOPOULOS: --getting warnings ...") and a sponsor's message ("** A message from ...")
    r"|^\W*[A-Z]{2,}[A-Z.'’-]*(?:\s+[A-Z.'’-]+){1,3}:\s|^\W*\*\*|(?i:\ba message from (?:the )?[a-z]+ (?:institute|association|council)\b)"
)
_ABBREV_END = re.compile(r"\b(?:No|Gov|Sen|Rep|Gen|Lt|Col|Mr|Mrs|Ms|Dr|St|Mt|Vol|Jan|Feb|Aug|Sept|Oct|Nov|Dec)\.$")


# A head with no verb before a trailing relative or conditional clause: "Every Pulse X battery,
# whether it came fitted to a bike or was bought as a spare." (verbs here: auxiliaries, modals,
# -ed forms and the commonest irregular ones; written for the lint, not taken from the summarizer).
_HEAD_CLAUSE = re.compile(
    r"^(?P<head>[^,;:—–]{3,80}),\s+(?:whether|which|who|whom|whose|where|when|if)\b[^,;:—–]*[.!][\"'”’]*$"
)
_HEAD_VERB = re.compile(
    r"(?i)\b(?:is|are|was|were|be|been|has|have|had|will|would|can|could|may|might|must|shall|should|do|does|did|"
    r"said|says|told|made|took|came|went|got|gave|saw|found|left|kept|held|began|became|fell|rose|won|lost|paid|"
    r"sold|sent|built|stood|ran|met|led|say|think|know|see|come|give|find|tell|ask|seem|feel|try|leave|call|keep|"
    r"let|begin|show|hear|play|run|move|live|believe|hold|bring|happen|write|provide|sit|stand|lose|pay|meet|"
    r"include|continue|set|learn|change|lead|understand|watch|follow|stop|create|speak|read|allow|add|spend|grow|"
    r"open|walk|win|offer|remember|love|consider|appear|buy|wait|serve|die|send|expect|build|stay|fall|cut|reach|"
    r"kill|remain|suggest|raise|pass|sell|require|report|decide|pull|plan|want|take|make|need|get|go|hope|"
    r"\w+ed|\w+[^s]s)\b"
)
# Advice to the reader: "you" outside quotation marks, an imperative opening the sentence or its
# last clause ("Check them every fortnight.", "..., but with a million packs out there, expect to wait.").
_YOU = re.compile(r"(?i)\b(?:you|your|yours|yourself)\b")
_IMPERATIVE = re.compile(
    r"^[\"“‘']?(?:(?:So|Then|Just|Please|Now|And|But)\s+)?(?:Check|Use|Buy|Keep|Store|Expect|Try|Avoid|Remember|"
    r"Consider|Don't|Don’t|Do not|Never|Make sure|Look|Take|Call|Visit|Get|Stop|Plant|Put|Choose)\s+"
    r"(?:the|a|an|your|it|them|this|these|that|to|up|out|away|back|any|every|\d)\b"
    r"|,\s+(?:expect|check|keep|make sure|try|don't|don’t|do not|remember|avoid|stop)\s+[^,]*[.!][\"'”’]*$"
)


def no_main_clause(text: str) -> bool:
    m = _HEAD_CLAUSE.match(text.strip())
    return bool(m) and not _HEAD_VERB.search(m.group("head"))


def addresses_reader(text: str) -> bool:
    outside = _IN_QUOTES.sub(" ", text)
    outside = re.sub(r"(?<!\w)['‘](?=\w).*?['’](?!\w)", " ", outside)  # single quotation marks
    return bool(_YOU.search(outside) or _IMPERATIVE.search(outside))


_PERSONAL_INSIDE = re.compile(r"(?<![\w'’])(?:he|him|his|she|her)\b(?!['’]\w)", re.IGNORECASE)
_CAPITAL_WORD = re.compile(r"(?<=\s)[A-Z][\w’'-]+")
_GENDERED = re.compile(
    r"(?i)\b(?:man|men|woman|women|boy|girl|mother|father|wife|husband|son|daughter|brother|sister|king|queen|"
    r"actor|actress|he|she|mom|dad|grandmother|grandfather|widow|bride|groom|uncle|aunt|nephew|niece|"
    # 2026-12-04 (session 13): "a spokeswoman ... who didn't want her name used" was counted
    r"(?:spokes|chair|congress|business|sales|police|anchor|news)(?:wo)?m[ae]n)\b")
_FUNCTION_FIRST = frozenset(
    "the a an in on at but and so yet then for with after before when while if as by from of to this that these "
    "those it its there here one some many most all every each no not even only also still just later earlier "
    "today yesterday last next now however meanwhile we i you they our their".split())


def pronoun_about_nobody(text: str, adjacent: bool) -> bool:
    """A he/him/his/she/her past the first word, outside quotation marks, in a sentence that names
    nobody (no capitalised word past its first) and does not follow its own predecessor ("The
    official count gave him 71.4%."). Added 2026-12-03 (session 11); the issue sets no target for it,
    an editor's is 0."""
    if adjacent:
        return False
    outside = _IN_QUOTES.sub(" ", text)
    m = _PERSONAL_INSIDE.search(outside, 1)
    if m is None or _CAPITAL_WORD.search(outside) or _GENDERED.search(outside[: m.start()]):
        return False
    first = re.match(r"\W*([A-Z][\w’'-]*)", outside)
    return not (first and first.group(1).lower() not in _FUNCTION_FIRST)


def unresolved_opener(text: str, adjacent: bool) -> bool:
    if adjacent:
        return False
    return (bool(_OPENER.match(text)) and not _NOT_ANAPHORIC.match(text)) or bool(_INTRO_PRONOUN.match(text))


def bare_quote(text: str) -> bool:
    found = list(_IN_QUOTES.finditer(text))
    quoted = [m.group(1) for m in found]
    opens = text.lstrip()[:1] in "\"“" and not (found and found[0].start() == len(text) - len(text.lstrip())
                                                and is_title(quoted[0]))
    if not opens and not any(len(q.split()) >= 3 and not is_title(q) for q in quoted):
        return False
    outside = _IN_QUOTES.sub(" ", text)
    if not _SPEECH.search(outside):
        return True
    if _ROLE.search(outside):  # "a police spokesman said", "said the company": a speaker by role
        return False
    toks = re.findall(r"[A-Za-z][\w’'.-]*", outside)
    names = [t for i, t in enumerate(toks) if t[0].isupper() and t.lower() not in _PRONOUNS
             and not (i == 0 and t.lower() in ("the", "a", "an", "but", "and", "in", "on"))]
    return not names


# The writer or an unquoted speaker in the first person ("to celebrate, we've collected her funniest
# moments"): a brief is told in the third person. Added 2026-12-03 (session 12), target 0. "US" in
# capitals is the country; "I" counts before a lower-case word ("I think"), not in "World War I".
_FIRST = re.compile(r"\b(?:we|we've|we're|we'd|we'll|our|ours|us|my|me|myself|ourselves)\b|"
                    r"(?<![\w.])I\b(?:'m|'ve|'d|'ll)?(?=\s+[a-z])")


def first_person(text: str) -> bool:
    t = text.replace("’", "'")
    if t.lstrip()[:1] in "\"“‘" and not _IN_QUOTES.match(t.lstrip()):
        return False  # a quotation opened here and closed in a later sentence: the speaker's words
    outside = _IN_QUOTES.sub(" ", t)
    outside = re.sub(r"(?<!\w)['‘](?=\w).*?['’](?!\w)", " ", outside)
    outside = re.sub(r"\bWar I\b", " ", outside)
    return bool(re.search(r"\b(?:We|Our|My)\b", outside) or _FIRST.search(outside))


def chrome(text: str) -> bool:
    return bool(_CHROME.search(text))


def fragment(text: str) -> bool:
    t = text.strip()
    if len(t.split()) < 6 or t[:1].islower() or t.rstrip("\"'”’) ").endswith("?"):
        return True
    if not re.search(r"[.!?…][\"'”’)\]]*$", t) or _ABBREV_END.search(t):
        return True
    return unbalanced(t) or no_main_clause(t)


def unbalanced(t: str) -> bool:
    """Double quotation marks that do not pair up, whatever their style ('"...,” she said' pairs)."""
    opening, closing, straight = t.count("“"), t.count("”"), t.count('"')
    if opening == closing:
        return straight % 2 == 1
    return straight == 0 or (opening + closing + straight) % 2 == 1


def adjacent_in_source(prev_end: int | None, prev_doc: str | None, doc: str, start: int, spans: list) -> bool:
    """The brief's previous sentence is the source sentence right before this one."""
    if prev_doc != doc or prev_end is None:
        return False
    before = [s for s in spans if s[1] <= start]
    return bool(before) and before[-1][0] <= prev_end <= before[-1][1] + 1


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("data", nargs="?", default=str(DATA))
    ap.add_argument("--words", type=int, default=300)
    ap.add_argument("--limit", type=int)
    ap.add_argument("--examples", type=int, default=0, help="print this many offending sentences per check")
    ap.add_argument("--method", help="summarizer (a key of newsdesk.summarize.SUMMARIZERS; default: the default's)")
    args = ap.parse_args()
    data = Path(args.data)
    if not data.exists():
        print(f"{data} is absent: this benchmark needs ../shared beside the project root", file=sys.stderr)
        return 2

    from newsdesk.config import SummarizeConfig
    from newsdesk.consolidate.flags import spun_flag
    from newsdesk.extract.lexicon import SPINNER_RE
    from newsdesk.summarize import SUMMARIZERS
    from newsdesk.summarize.clusters import read_clusters
    from newsdesk.summarize.ranker import default_model
    from newsdesk.text import sentence_spans

    t0 = time.perf_counter()
    cfg = SummarizeConfig(words=args.words, **({"method": args.method} if args.method else {}))
    model = default_model()
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    briefs = over = over_words = 0
    words_total = 0
    for n, (cid, arts) in enumerate(read_clusters(data)):
        if args.limit is not None and n >= args.limit:
            break
        if not arts:
            continue
        by_id = {a.id: a for a in arts}
        spun = {a.id for a in arts if spun_flag(a) is not None}
        brief = SUMMARIZERS[cfg.method](arts, config=cfg, model=model, headline=True)
        briefs += 1
        words_total += brief.words
        if brief.words > args.words:
            over += 1
            over_words += brief.words - args.words
        prev_doc: str | None = None
        prev_end: int | None = None
        shown = [("headline", brief.headline)] if brief.headline else []
        shown += [("sentence", s) for s in brief.sentences]
        for kind, s in shown:
            doc, start = s.source.doc_id, s.source.start
            text = s.text
            counts["sentences"] += 1
            adjacent = adjacent_in_source(prev_end, prev_doc, doc, start, list(sentence_spans(by_id[doc].text)))
            checks = {
                "unresolved opener": kind == "sentence" and unresolved_opener(text, adjacent),
                "pronoun about nobody": kind == "sentence" and pronoun_about_nobody(text, adjacent),
                "bare quote": bare_quote(text),
                "caption/byline/chrome": chrome(text),
                "fragment": fragment(text),
                "spun unrepaired": doc in spun and any(p.search(text) for p, _, _ in SPINNER_RE),
                "addresses the reader": addresses_reader(text),
                "first person": first_person(text),
            }
            for name, bad in checks.items():
                if bad:
                    counts[name] += 1
                    examples.setdefault(name, []).append(f"[{cid}] {text}")
            if kind == "sentence":
                prev_doc, prev_end = doc, s.source.end
    total = counts["sentences"] or 1
    targets = {"unresolved opener": 3.0, "pronoun about nobody": 0.0, "bare quote": 1.0, "caption/byline/chrome": 0.0, "fragment": 0.0,
               "spun unrepaired": 0.0, "addresses the reader": 0.0, "first person": 0.0}
    print(f"Brief lint: {briefs} clusters of {data.name}, method {cfg.method}, --words {args.words}, headline included; "
          f"{counts['sentences']} sentences ({words_total / max(briefs, 1):.1f} words a brief)")
    print()
    print(f"{'check':24}  {'sentences':>9}  {'share':>7}  {'target':>7}  ok")
    for name, target in targets.items():
        share = 100.0 * counts[name] / total
        print(f"{name:24}  {counts[name]:9d}  {share:6.2f}%  {target:6.1f}%  {'yes' if share <= target else 'NO'}")
    print(f"{'briefs over budget':24}  {over:9d}  {100.0 * over / max(briefs, 1):6.2f}%  {0.0:6.1f}%  "
          f"{'yes' if over == 0 else 'NO'}  ({over_words} words over in all)")
    print(f"\nrules: benchmarks/brief_lint.py (written apart from the summarizer's); {time.perf_counter() - t0:.0f} s")
    for name in targets:
        for line in examples.get(name, [])[: args.examples]:
            print(f"  {name}: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
