"""Named line patterns for site chrome in text that arrives without its HTML.

Each rule is ``(reason, pattern)``; a paragraph matches when the pattern matches at its start
(``re.match``) after whitespace is collapsed. Patterns are anchored to whole short lines where a
phrase could also occur in reporting ("Related" alone is chrome, "related to the talks" is not).

Where the patterns come from (the data they were written against, never copied into the repo):
the five seeds in ../shared/seeds, the raw documents of ../shared/eval/multinews-val and the
visible text of the Zyte pages in ../shared/eval/zyte-extraction-dev; each was checked to hit no
sentence of a ground-truth article body of the Zyte set.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------------------------------------
# Zone triggers: after one of these lines (past the lede) everything is chrome.
# ---------------------------------------------------------------------------------------------
_I = re.IGNORECASE

TRAILING_TRIGGERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "1 comment :", "23 Comments", "No comments yet", "Comments (4)", "Show comments",
    # "[ 167 comments ]", "34 responses to “Title”", "34 Comments Feed for comments"
    ("comment section", re.compile(r"[\[(]?\s*(?:\d+|no|one|two)\s+(?:comments?|responses?|replies|reactions)\b"
                                   r"(?:\s*[:.()\]\d]*$|\s+(?:to|on|for|feed|so far|yet)\b.{0,100}$)", _I)),
    ("comment section", re.compile(r"(?:top rated|most recent|newest|oldest|reader|user|latest|popular) comments?\s*:?$", _I)),
    # WordPress/Blogger threads: "joetoronto says:", "Kees said..."
    ("comment section", re.compile(r"[\w.@-]+(?: [\w.@-]+){0,3} (?:says|said\.\.\.|wrote):?$", _I)),
    # "Comments", "Show comments (4)", "Join the discussion"; a bare "Discussion" is a section
    # of a paper (Multi-News has several), not a comment thread
    ("comment section", re.compile(r"(?:(?:show|view|load|read|post|add|leave|write)\s+(?:the\s+|a\s+|all\s+)?)?comments?"
                                   r"\s*(?:\(\d+\)|\d+)?\s*:?$", _I)),
    ("comment section", re.compile(r"(?:join|start|enter)\s+the\s+(?:discussion|conversation|debate)\b.{0,80}$", _I)),
    ("comment section", re.compile(r"(?:comments? (?:are|have been) closed|comments? policy|we welcome your comments)", _I)),
    ("leave a reply", re.compile(r"leave a (?:reply|comment|response)\b", _I)),
    ("leave a reply", re.compile(r"your email address will not be published", _I)),
    ("related articles", re.compile(
        r"(?:related|similar|recommended|more|other|latest|popular|trending|top)\s+"
        r"(?:articles?|posts?|stories|news|content|reads|coverage|videos?|from [\w .'-]{2,40})\s*:?$", _I)),
    ("related articles", re.compile(r"(?:related|you (?:may|might) (?:also )?(?:like|enjoy)|recommended for you|"
                                    r"read next|up next|what to read next|most (?:read|popular|viewed|shared))\s*:?$", _I)),
)

# Triggers after which nothing is article body (the rest are "Related" boxes, which may sit
# inside the article in page text).
HARD_TRIGGERS = frozenset({"comment section", "leave a reply"})

# ---------------------------------------------------------------------------------------------
# Single-line rules: the line itself is chrome, wherever it sits.
# ---------------------------------------------------------------------------------------------
_AGENCIES = (
    r"dpa|reuters|afp|ap|ans?a|efe|kna|epd|sid|apa|tass|interfax|xinhua|bloomberg|upi|pa|ians|pti|"
    r"associated press|agence france[- ]presse|france media agency|rtr|ria novosti"
)

LINE_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("ad-blocker plea", re.compile(r".*\b(?:ad[- ]?blocker|adblock|ad[- ]?block)\b", _I)),
    ("ad-blocker plea", re.compile(r".*\bwhitelist (?:us|our (?:site|website))\b", _I)),
    ("cookie notice", re.compile(r".{0,200}\b(?:(?:this|our) (?:web)?site uses cookies|we use cookies|"
                                 r"(?:necessary|non-necessary|functional|analytics|performance|advertisement) cookies|"
                                 r"cookies? (?:policy|settings|preferences|consent)|accept (?:all )?cookies|use of cookies)\b", _I)),
    ("disclaimer", re.compile(r"(?:this|the) (?:article|post|story|content|information|material) (?:is|was) "
                              r"(?:provided )?(?:for (?:general )?information(?:al purposes)? only|not (?:intended as )?"
                              r"(?:investment|financial|legal|medical|tax) advice)", _I)),
    ("disclaimer", re.compile(r".{0,80}\b(?:does|do|is) not (?:constitute|represent) (?:investment|financial|legal|medical) advice", _I)),
    ("widget credit", re.compile(r".*\b(?:widget|plugin)\s+by\b", _I)),
    ("widget credit", re.compile(r"(?:powered by|linkwithin|blog widget)\b.{0,60}$", _I)),
    # DW style "ab, cd / ef (dpa, Reuters)"; a line that is only an agency name ("France Media Agency")
    ("agency signature", re.compile(rf"[a-z]{{1,4}}(?:\s*[,/]\s*[a-z]{{1,4}})*\s*\((?:\s*(?:{_AGENCIES})\s*,?)+\)\s*$", _I)),
    ("agency signature", re.compile(rf"\(?(?:{_AGENCIES})\)?\s*$", _I)),
    # initials of the writers and editors, then the sources: "rk/lm (MNA, Nordpress)", "vf/lb (ACP)"
    ("agency signature", re.compile(r"[a-z]{1,4}(?:\s*[,/]\s*[a-z]{1,4})*\s*/\s*[a-z]{1,4}\s*\([^()]{1,60}\)\s*$", _I)),
    # a line that is only an agency's name: "France Media Agency", "Continental Press Agency"
    ("agency signature", re.compile(r"(?:[A-Z][\w&.-]*\s+){0,4}(?:[Pp]ress|[Nn]ews|[Ww]ire)?\s*(?:[Aa]gency|AGENCY)\s*$")),
    # Reuters-style credits: "(Reporting by ...; Editing by ...)", "(Northern Dispatch, with MNA)"
    ("agency signature", re.compile(r"\((?:additional )?(?:reporting|writing|editing|compiled|research)\s+by\b[^()]{2,200}\)\s*$", _I)),
    ("agency signature", re.compile(r"\((?:[A-Z][\w.&-]*\s*){0,4},?\s*with\s+(?:agencies|wires|[A-Z][\w.&-]*(?:,?\s+(?:and\s+)?[A-Z][\w.&-]*){0,3})\)\s*$")),
    ("agency signature", re.compile(r"[—–-]+\s*with\s+(?:agencies|wires|[A-Z][\w.&-]*(?:,?\s+(?:and\s+)?[A-Z][\w.&-]*){0,3})\s*$")),
    ("read more line", re.compile(r"(?:read|see|watch|listen)\s+(?:more|also|next)\s*[:>»-]", _I)),
    ("read more line", re.compile(r"(?:also read|related|more|recommended|click here|continue reading)\s*[:>»]\s*\S", _I)),
    ("read more line", re.compile(r"(?:read more|continue reading|read the full (?:story|article)|read full article)"
                                  r"(?:\s*(?:here|below|\.\.\.|…|»|>>))?\s*\W*$", _I)),
    ("share prompt", re.compile(r"(?:tweet with a location|add a location to your tweets|you can add location information to your tweets|"
                                r"share (?:this|on|via)\b.{0,40}$|click to (?:share|email|print)|follow us on\b|like us on facebook|"
                                r"share this (?:article|story|post)|read or share this story)", _I)),
    ("share prompt", re.compile(r"(?:share|tweet|email|print|pin it|facebook|twitter|whatsapp|linkedin|reddit)"
                                r"(?:\s*[|/·•,]?\s*(?:share|tweet|email|print|pin it|facebook|twitter|whatsapp|linkedin|reddit))*\s*$", _I)),
    ("newsletter prompt", re.compile(r".{0,80}\b(?:sign up (?:for|to) (?:our|the)\b.{0,60}(?:newsletter|briefing|bulletin|digest|"
                                     r"alerts?|e-?mails?|updates)|subscribe to (?:our|the)\b.{0,40}"
                                     r"(?:newsletter|mailing list|channel)|join our mailing list|"
                                     r"get (?:our|the) .{0,40}newsletter|newsletter sign[- ]?up)", _I)),
    ("newsletter prompt", re.compile(r".{0,80}\bfill in your (?:contact )?details\b.{0,80}\bmailing list\b", _I)),
    ("newsletter prompt", re.compile(r"(?:subscribe\b(?! (?:to|for) (?:the|a|an) (?:idea|view|theory|notion|belief|plan))|"
                                     r"sign up (?:now|today|here)\b)", _I)),
    ("read more line", re.compile(r"(?:listen|watch|hear)\s+(?:to\s+)?(?:the\s+)?(?:full|whole|complete|entire|our|live)\b", _I)),
    ("read more line", re.compile(r"(?:next week|next time|coming up|in (?:our|the) next (?:issue|column|episode))\s*:", _I)),
    ("caption/credit", re.compile(r"(?:photo|picture|image|pic|video|graphic|illustration|source)s?\s*(?:credit)?\s*:\s*.{0,80}$", _I)),
    ("caption/credit", re.compile(r"\(?(?:photo|picture|image)s?\s+(?:by|courtesy of|credit)\b.{0,80}$", _I)),
    ("caption/credit", re.compile(r".{0,80}\b(?:getty images|shutterstock|ap photo|afp photo|reuters/|epa-efe|image copyright|"
                                  r"photo credit)\b.{0,60}$", _I)),
    # slideshow captions and wire-photo captions: "1of4A shopper looks at ...", "In this Dec. 12,
    # 2006, file photo, ...", "... (AP Photo/Gene J. Puskar)", "...Credit...Doug Mills/The New York Times"
    ("caption/credit", re.compile(r"\d+of\d+[A-Z]|\d+ of \d+ (?:full screen|photos?|images?|slides?)\b", _I)),
    ("caption/credit", re.compile(r"in this (?:\w+\.?,? ){0,6}(?:file )?(?:photo|image|picture)\b", _I)),
    ("caption/credit", re.compile(r".{20,}\((?:AP|AFP|Reuters|Getty|EPA|Bloomberg|Xinhua)\b[^()]{0,60}\)\s*$")),
    ("caption/credit", re.compile(r".{20,}\([A-Z][\w.'-]+(?: [A-Z][\w.'-]+){0,3}\s*/\s*(?:The )?[A-Z][\w.' -]{1,40}\)\s*$")),
    ("caption/credit", re.compile(r".{10,}\bCredit(?:\.\.\.|…|:)\s*\S.{0,80}$")),
    ("copyright notice", re.compile(r".{0,200}\b(?:is|are) (?:a )?registered trademarks? of\b", _I)),
    ("disclaimer", re.compile(r"[+*]?\s*(?:results (?:may )?vary\b|consult (?:your|a) (?:physician|doctor|health ?care))", _I)),
    ("navigation", re.compile(r"(?:only news|featured post|back to top(?: button)?|skip to (?:main )?content|skip to navigation|"
                              r"main menu|menu|home|search|subscribe|sign in|log ?in|log ?out|register|advertisement|"
                              r"sponsored|contact us|about us|privacy policy|terms of (?:use|service)|cookie policy|"
                              r"all rights reserved.*|copyright ©.*|© \d{4}.*|newer post|older post|next post|previous post|"
                              r"prev(?:ious)?|next|tags?:.*|categor(?:y|ies):.*|filed under:?.*|posted in:?.*|"
                              r"toggle navigation|open menu|close|loading\.*|print this (?:page|article)|"
                              r"you are here:?.*|breadcrumbs?)\s*[.:|]?$", _I)),
    ("copyright notice", re.compile(r"(?:©|\(c\)|copyright\b).{0,160}$", _I)),
    ("copyright notice", re.compile(r".{0,120}\ball rights(?: of reproduction)? reserved\b.{0,120}$", _I)),
    # breadcrumbs and section lists: "Shipping | Ports | Labour", "Home » World » Europe"
    ("navigation", re.compile(r"[^\W\d_][\w&' -]{0,30}(?:\s+[|»›>/]\s+[^\W\d_][\w&' -]{0,30}){1,12}$")),
    ("archive notice", re.compile(r".{0,40}\b(?:alexa internet has been donating|these crawls are part of an effort"
                                  r"|the wayback machine)\b", _I)),
    ("navigation", re.compile(r"(?:story continued below|text size\s*-?|reset|\+|-|_+|#+|-+|\*+|=+|"
                              r"please enable javascript.{0,60}|play (?:facebook|twitter|video)|"
                              r"have a tip we should know\?.{0,60}|follow [\w .'\"-]{2,40} on (?:twitter|facebook|instagram)\b.{0,80})$", _I)),
    # a sponsor's message set in a newsletter: "** A message from the Investment Company Institute: ... **"
    ("advertisement", re.compile(r"\*{1,3}\s*(?:a (?:paid )?message from|sponsored by|paid for by|presented by)\b.{0,1200}$", _I)),
    ("advertisement", re.compile(r"(?:sponsored content|paid (?:content|post)|a message from our sponsors?)\b.{0,300}$", _I)),
    ("author box", re.compile(r"about (?:the )?author\s*:?$", _I)),
    ("author box", re.compile(r"[Aa]bout (?:the author:?\s*)?[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,3}$")),
    ("date line", re.compile(r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}\s+)?"
                             r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
                             r"(?:\s*(?:at\s*)?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*\w{0,4})?\s*$", _I)),
    ("date line", re.compile(r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?\d{1,2}\s+"
                             r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\s*$", _I)),
    ("date line", re.compile(r"(?:published|updated|posted|last updated|first published)\b.{0,60}\d{4}.{0,20}$", _I)),
    # "By Ann Lee, Reuters", "Posted by Cass Rayner in Gear Talk" (a blog's author and section)
    ("byline", re.compile(r"(?:(?:[Pp]osted|[Ww]ritten) )?[Bb][Yy]\s+[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3}"
                          r"(?:\s*(?:,|and|&)\s*[A-Z][\w'.-]+(?:\s+[A-Z][\w'.-]+){0,3})*"
                          r"(?:\s+in\s+[A-Z][\w&' -]{0,40})?(?:\s*[|,-]\s*.{0,40})?$")),
)

AUTHOR_BOX = re.compile(r"[Aa]bout (?:the author:?\s*)?(?P<name>[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){0,3})$")

# An author's bio: "Meg James is a corporate media reporter for the Los Angeles Times, ...",
# "Molly Wood (@mollywood) is an Ideas contributor at WIRED", "Pulitzer Prize-winning journalist
# Michael Hiltzik writes a daily blog". Judged only at the end of the body (see classify).
AUTHOR_BIO = re.compile(
    r"(?:[\w-]+ ){0,4}[A-Z][\w'.-]+(?: [A-Z][\w'.-]+){1,2} (?:\([^()]{1,60}\) )?(?:is an?|is the|writes|covers|has covered|reports on)\b"
    r".{0,120}\b(?:reporter|correspondent|editor|columnist|writer|journalist|contributor|blogger|"
    r"host|producer|covers|covering|blog|column|newsletter|bureau)\b"
)

# A line introducing a teaser of another story: the line and the next one or two are chrome.
CHECK_ALSO = re.compile(r"(?:check also|see also|also see|don't miss|do not miss|must read|editor's picks?|"
                        r"you might also like|more on this|recommended)\s*:?$", _I)


def match_trailing(text: str, n_words: int) -> str | None:
    if n_words > RULE_MAX_WORDS:
        return None
    for reason, pat in TRAILING_TRIGGERS:
        if pat.match(text):
            return reason
    return None


# Line rules judge short lines only: a long paragraph that happens to start with "Photo: ..." or
# mention a "share on" is reporting. Longer limits for the pleas that run to a paragraph.
RULE_MAX_WORDS = 30
LONG_RULE_MAX_WORDS = 120
_LONG_RULES = {
    "ad-blocker plea", "newsletter prompt", "archive notice", "share prompt", "cookie notice", "caption/credit",
    "copyright notice", "disclaimer", "advertisement",
}


def match_line(text: str, n_words: int) -> str | None:
    for reason, pat in LINE_RULES:
        limit = LONG_RULE_MAX_WORDS if reason in _LONG_RULES else RULE_MAX_WORDS
        if n_words <= limit and pat.match(text):
            return reason
    return None
