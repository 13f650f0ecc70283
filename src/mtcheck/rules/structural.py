"""Structural checks written in code, switched on and tuned from YAML rules.

Each check looks at one sentence (``sentence.text``) and yields
:class:`~mtcheck.rules.types.RawMatch` objects with sentence-local offsets; the
rule engine maps them to the original file, fills the message and builds fixes.

Why code and not regexes in YAML: these problems (a sentence with no finite
verb, a capitalised common word that is not a name, a clause cut off by a
semicolon) need a little context - neighbouring words, the rest of the
document, the previous sentence - that a single pattern cannot express.

Every check is precision-first: error-level checks must stay below 0.5 false
alarms per 1,000 words of native English (``benchmarks/false_alarms.py``
measures it on US Senate press releases). All patterns are compiled once at
import time and every check is linear in the sentence length; the one
document-level index (capitalised words, for ``stray_capital``) is built once
per document and kept in ``Document.memo``.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any, Iterator, Mapping

import regex

from mtcheck.document import Document, Sentence
from mtcheck.rules import lexicon as lx
from mtcheck.rules.types import RawMatch, StructuralCheck

# --------------------------------------------------------------------------------------
# shared helpers

#: a word: letters, inner apostrophes and hyphens ("China's", "high-quality")
WORD_RE = regex.compile(r"[A-Za-z](?:[A-Za-z]|['’\-](?=[A-Za-z]))*")
_QUOTES = "\"“”"
_SENTENCE_OPENERS = "\"'“‘([{:—–-;/"
#: "WASHINGTON, D.C. -" / "Wailuku, Maui -" datelines
DATELINE_RE = regex.compile(r"^[A-Z][A-Za-z.,' ]{0,40}\s[-–—]{1,2}\s")


def _words(text: str) -> list[regex.Match]:
    return list(WORD_RE.finditer(text))


def _is_verb_s_form(w: str) -> bool:
    """'supports', 'increases', 'applies' -> True when the base is a known verb."""
    if len(w) < 4 or not w.endswith("s") or w.endswith("ss"):
        return False
    if w[:-1] in lx.VERB_BASE:
        return True
    if w.endswith("es") and w[:-2] in lx.VERB_BASE:
        return True
    return w.endswith("ies") and (w[:-3] + "y") in lx.VERB_BASE


def has_finite_candidate(lower: list[str]) -> bool:
    """Generous test for "could any word here be a finite verb?".

    Used by the fragment check, which must only fire when the answer is a
    confident no, so anything that might be a finite verb counts: auxiliaries,
    any ``-ed`` word, irregular past forms, ``-s`` forms of known verbs,
    contractions, a base verb after a pronoun or a plural noun, and any subject
    pronoun followed by a word.
    """
    n = len(lower)
    for i, w in enumerate(lower):
        if w in lx.FINITE_AUX or w in lx.IRREGULAR_PAST:
            return True
        if len(w) > 3 and w.endswith("ed"):
            return True
        if _is_verb_s_form(w):
            return True
        for suf in lx.CONTRACTION_SUFFIXES:
            if w.endswith(suf) and w[: -len(suf)] in lx.CONTRACTION_HOSTS:
                return True
        if w in lx.SUBJECT_PRONOUNS and w not in ("it", "there", "who") and i + 1 < n:
            return True
        if w in lx.VERB_BASE and i > 0:
            prev = lower[i - 1]
            nxt = lower[i + 1] if i + 1 < n else ""
            if prev not in _NOT_BEFORE_VERB and (nxt in lx.DETERMINERS or nxt in ("a", "an") or (
                    nxt.endswith("ing") and len(nxt) > 5)):
                return True  # "Priorities for the Task Force include fostering ..."
            if prev == "and" and i > 1 and (lower[i - 2] in lx.VERB_BASE or _is_verb_s_form(lower[i - 2])):
                return True  # "The Regulations summarize and promote ..."
            if prev in lx.SUBJECT_PRONOUNS or prev in ("that", "which", "who") or (
                len(prev) > 3 and prev.endswith("s") and not prev.endswith("ss")
            ):
                return True
    return False


_NOT_BEFORE_VERB = frozenset({"to", "the", "a", "an", "of", "for", "and", "or", "with", "in", "on", "by", "its",
                              "their", "our", "this", "that", "these", "those", "his", "her", "my", "your"})


def _has_imperative(lower: list[str]) -> bool:
    """A base-form verb that is not an infinitive or a noun after a determiner/preposition."""
    return any(w in lx.VERB_BASE and lower[i - 1] not in _NOT_BEFORE_VERB
               for i, w in enumerate(lower) if i > 1)


def _kind_ok(sentence: Sentence, params: Mapping[str, Any]) -> bool:
    return sentence.kind in params["kinds"]


def _prev_sentence(sentence: Sentence, doc: Document) -> Sentence | None:
    i = sentence.index - 1
    if 0 <= i < len(doc.sentences) and doc.sentences[i].index == i:
        prev = doc.sentences[i]
    else:  # indices not positional: search (rare; tests build ad-hoc documents)
        prev = next((s for s in doc.sentences if s.index == i), None)
    if prev is None or prev.block != sentence.block:
        return None
    return prev


# --------------------------------------------------------------------------------------
# fragment: a sentence with no finite verb

#: ", creating", ", thereby improving", ", and effectively promoting"
ING_CLAUSE_RE = regex.compile(r",\s+(?:(?:and|or|thus|thereby|further|while)\s+)?(?:[a-z]+ly\s+)?([a-z]+ing)\b")


#: a noun-phrase or prepositional fragment must open with one of these (a capitalised
#: first word without a determiner is too often the tail of a missed abbreviation:
#: "U.S. | Army, diverting ..., and sacrificing ...")
_FRAGMENT_NP_STARTS = frozenset({"the", "a", "an", "this", "these", "its", "their", "our", "his", "her",
                                 "with", "through", "by", "under", "in", "on", "for", "to", "as", "at"})


def _fragment(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    if not _kind_ok(sentence, params):
        return
    text = sentence.text.rstrip()
    lead = len(text) - len(text.lstrip())
    body = text[lead:]
    if not body.endswith(".") or body.endswith("etc.") or body[0] in _SENTENCE_OPENERS:
        return
    if ":" in body or any(q in body for q in _QUOTES) or DATELINE_RE.match(body):
        return
    words = _words(body)
    if len(words) < params["min_words"]:
        return
    lower = [m.group().lower() for m in words]
    first = lower[0]
    first_gerund = (
        first.endswith("ing") and len(first) > 5 and first not in lx.ING_NOT_PARTICIPLE and words[0].start() == 0
    )
    chains = sum(1 for m in ING_CLAUSE_RE.finditer(body) if m.group(1) not in lx.ING_NOT_PARTICIPLE)
    np_start = first in _FRAGMENT_NP_STARTS
    # "To assist in the training and transfer of ...": a purpose clause standing alone
    purpose = params["purpose_clauses"] and "," not in body and (
        (first == "to" and len(lower) > 1 and lower[1] in lx.VERB_BASE) or lower[:3] == ["in", "order", "to"])
    if not ((first_gerund and chains >= params["min_chains_after_gerund"])
            or (np_start and chains >= params["min_chains"]) or purpose):
        return
    if has_finite_candidate(lower):
        return
    if purpose and _has_imperative(lower):
        return  # "To learn more visit our website."
    yield RawMatch(lead, lead + len(body), vars={"words": str(len(words))})


# --------------------------------------------------------------------------------------
# stray_capital: "discuss Collaborate and cooperate"

_CAP_MEMO_KEY = "structural.stray_capital.mid_caps"
_VERB_TOTAL = " verbs"  # key in the index (never a word): capitalised verbs in the document


def _mid_caps_index(doc: Document) -> dict[str, int]:
    """How often each capitalised common word occurs mid-sentence in ``doc``.

    A word capitalised mid-sentence more than once is treated as a name or a
    house term (e.g. "the Plan", "Smart"), not a slip. Built once per document
    and kept in ``doc.memo`` so the check stays linear.
    """
    cached = doc.memo.get(_CAP_MEMO_KEY)
    if cached is not None:
        return cached
    index: dict[str, int] = {}
    for s in doc.sentences:
        t = s.text
        for i, m in enumerate(WORD_RE.finditer(t)):
            w = m.group()
            if i and w[0].isupper() and w[1:].islower() and w.lower() in lx.COMMON_WORDS:
                j = m.start() - 1
                while j >= 0 and t[j].isspace():
                    j -= 1
                if j >= 0 and not t[j].isalpha() and w.lower() in lx.VERB_BASE:
                    continue  # 'he said, Look ...': quoted speech does not make a verb a name
                index[w] = index.get(w, 0) + 1
                if w.lower() in lx.VERB_BASE:
                    index[_VERB_TOTAL] = index.get(_VERB_TOTAL, 0) + 1
    doc.memo[_CAP_MEMO_KEY] = index
    return index


def _capitalised(w: str) -> bool:
    return w[:1].isupper() or w[:1].isdigit()


def _joined_to_capital(text: str, words: list[regex.Match], i: int) -> bool:
    """True when word ``i`` is part of a run of capitalised words (a name or title).

    Neighbours count when only spaces, hyphens, "&" (or, for list items, a
    comma) separate them, or up to two joiner words ("of", "and", "in the"):
    "Chairman of GAC Group", "Greater Bay Area", "the Invest in the USA Act".
    """
    for step in (-1, 1):
        cur, j, joiners = i, i + step, 0
        while 0 <= j < len(words):
            a, b = (words[j].end(), words[cur].start()) if step < 0 else (words[cur].end(), words[j].start())
            gap = text[a:b]
            if gap.strip(" \t\n-&,") != "":
                break
            w = words[j].group()
            if _capitalised(w) and (j > 0 or "," not in gap):
                return True  # across a comma only a capitalised list item counts, not a sentence start
            if "," in gap:
                break
            if w.lower() in lx.NAME_JOINERS and joiners < 2:
                cur, j, joiners = j, j + step, joiners + 1
                continue
            break
    return False


def _stray_capital(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    if not _kind_ok(sentence, params):
        return
    text = sentence.text
    words = _words(text)
    if len(words) < 3:
        return
    caps = sum(1 for m in words if m.group()[0].isupper())
    if caps / len(words) > params["max_caps_ratio"]:
        return  # title case: headline-like text, not running prose
    if len(words) > 40 and sum(text.count(c) for c in ",.;:") * params["min_punct_words"] < len(words):
        return  # unpunctuated text (stripped markup): sentence starts are invisible
    skip = set(params["known_proper"]) | lx.CAPITAL_NOT_STRAY
    index: dict[str, int] | None = None
    found: list[RawMatch] = []
    for i, m in enumerate(words):
        if i == 0:
            continue
        w = m.group()
        if len(w) < params["min_length"] or not w[0].isupper() or not w[1:].islower():
            continue  # lower case, acronym or CamelCase
        lw = w.lower()
        if lw not in lx.COMMON_WORDS or lw in skip or w in skip:
            continue
        j = m.start() - 1
        while j >= 0 and text[j].isspace():
            j -= 1
        if j < 0 or not (text[j].isascii() and text[j].isalpha()):
            continue  # after punctuation (a quote: 'he said, Look, ...'), a bracket, a bullet or a number
        prev = words[i - 1]
        if prev.end() != j + 1 or len(prev.group()) == 1:
            continue  # "o Support", "a Reserve component": bullets and articles before a name
        after = text[m.end():m.end() + 3].lstrip()
        if after[:1].isdigit() or after[:1] == ":":
            continue  # "Form 8822", "President's Request:": labels
        if text[:prev.start()].rstrip().endswith(";"):
            continue  # "...; and Prevent ...": a run-in list item
        if _joined_to_capital(text, words, i):
            continue
        if params["skip_recurring"]:
            if index is None:
                index = _mid_caps_index(doc)
            if index.get(w, 0) > 1:
                continue
            if lw in lx.VERB_BASE and index.get(_VERB_TOTAL, 0) > params["max_doc_verbs"]:
                continue  # many capitalised verbs mid-sentence: list items whose bullets were lost
        # "case": "exact" asks the engine not to re-capitalise the suggestion to match "{match}"
        found.append(RawMatch(m.start(), m.end(), suggestions=[lw], vars={"word": w, "lower": lw, "case": "exact"}))
    if len(found) <= params["max_per_sentence"]:
        yield from found
    # more than that: bullets or line breaks were lost ("... vehicles Expand the authority ...
    # fuel pumps Include ..."); the capitals start list items, they are not slips


# --------------------------------------------------------------------------------------
# cut_clause: "... separation of vehicles and electricity, etc. Cooperation; both parties ..."

#: "etc. Cooperation;" inside one sentence (segmenter did not split after "etc.")
ETC_CUT_RE = regex.compile(r"\betc\.\s+([A-Z][a-z]+(?:[ \-][a-z]+){0,2})\s*;")
#: a sentence-initial lone noun phrase before a semicolon or colon
LEAD_CUT_RE = regex.compile(r"^(\s*)([A-Z][a-z]+(?:[ \-][a-z]+){0,2})\s*([;:])")
_NOUN_SUFFIXES = ("tion", "tions", "ment", "ments", "ness", "ity", "ities", "ance", "ence", "ship", "ism", "ing")


def _nounish(phrase: str) -> bool:
    head = phrase.replace("-", " ").split()[-1].lower()
    return head in lx.COMMON_NOUNS or (head.endswith(_NOUN_SUFFIXES) and head not in lx.ING_NOT_PARTICIPLE)


def _cut_clause(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    if not _kind_ok(sentence, params):
        return
    text = sentence.text
    for m in ETC_CUT_RE.finditer(text):
        if _nounish(m.group(1)):
            yield RawMatch(m.start(), m.end(), vars={"phrase": m.group(1)})
    m = LEAD_CUT_RE.match(text)
    if m is None:
        return
    phrase, mark = m.group(2), m.group(3)
    nwords = len(phrase.replace("-", " ").split())
    if nwords > params["max_words"]:
        return
    prev = _prev_sentence(sentence, doc)
    after_etc = prev is not None and prev.text.rstrip().endswith("etc.")
    rest = text[m.end():].strip()
    if mark == ":" and not (after_etc and _nounish(phrase)):
        return  # "Contact: ...", "Note: ..." are normal press-release labels
    if not _nounish(phrase) and not after_etc:
        return
    if has_finite_candidate([w.group().lower() for w in _words(phrase)]):
        return
    if rest:
        # the clause after the semicolon must be a real clause starting in lower case
        if not rest[0].islower() or not has_finite_candidate([w.group().lower() for w in _words(rest)]):
            return
    elif not after_etc:
        return
    yield RawMatch(
        len(m.group(1)),
        m.end(),
        vars={"phrase": phrase},
    )


# --------------------------------------------------------------------------------------
# comma_chain: "The main beneficiaries are four parties, one is medical insurance, ..."

COMMA_SPLIT_RE = regex.compile(r",\s+")
_CLAUSE_SUBJECTS = frozenset({"i", "we", "they", "he", "she", "it", "one"})
_NP_DETERMINERS = frozenset({"the", "this", "these", "those", "its", "their", "our", "his", "her", "my"})
_CLAUSE_BREAKERS = frozenset({"which", "who", "whom", "whose", "that", "where", "when", "if", "because",
                              "although", "while", "as", "since", "and", "or", "but", "than", "to"})
_SUBORDINATE_MARKERS = frozenset({"if", "when", "whenever", "because", "although", "though", "while", "as",
                                  "since", "that", "whether", "before", "after", "until", "unless", "once",
                                  "whereas", "given", "which", "who", "where", "so", "for", "by", "to",
                                  "whatever", "whoever", "wherever", "what", "matter", "time"})
_COPULA_END = frozenset({"is", "was", "are", "were", "would", "will", "be"})
_PREPOSITIONS = frozenset({"over", "in", "on", "at", "with", "without", "despite", "during", "through", "under",
                           "upon", "after", "amid", "across", "among", "within", "throughout", "following",
                           "beyond", "from", "into", "like", "unlike", "besides", "now", "right", "just"})
_COMPARATIVES = frozenset({"more", "less", "better", "greater", "higher", "lower", "sooner", "bigger", "fewer"})


def _strict_finite(w: str) -> bool:
    return w in lx.FINITE_AUX or (w in lx.IRREGULAR_PAST and w not in lx.REPORTING_VERBS)


def _splice_clause(lower: list[str], max_np: int) -> bool:
    """A comma segment that is an independent clause: pronoun/determiner + finite verb."""
    if len(lower) < 3:
        return False
    w0 = lower[0]
    if w0 in _CLAUSE_SUBJECTS:
        return _strict_finite(lower[1]) and lower[1] not in lx.REPORTING_VERBS
    if w0 in _NP_DETERMINERS:
        if lower[1] in _COMPARATIVES:
            return False  # "the more ..., the more ..."
        for k in range(2, min(len(lower), max_np + 2)):
            w = lower[k]
            if _strict_finite(w):
                return True
            if w in _CLAUSE_BREAKERS or w in lx.REPORTING_VERBS or w in _CLAUSE_SUBJECTS:
                return False  # "the other things we have": a relative clause inside the noun phrase
    return False


def _comma_chain(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    if not _kind_ok(sentence, params):
        return
    text = sentence.text
    if "," not in text or any(q in text for q in _QUOTES) or ";" in text:
        return
    words = _words(text)
    if len(words) < params["min_words"]:
        return
    cuts = [m for m in COMMA_SPLIT_RE.finditer(text)]
    if not cuts:
        return
    bounds = [0] + [m.end() for m in cuts] + [len(text)]
    first = [w.group().lower() for w in _words(text[: cuts[0].start()])]
    if not first or first[0] in lx.SUBORDINATORS or first[0].endswith("ing") or first[0].endswith("ed"):
        return
    if not any(_strict_finite(w) for w in first):
        return
    spliced: list[tuple[int, int]] = []
    for k, cut in enumerate(cuts):
        seg = text[bounds[k + 1] : cuts[k + 1].start() if k + 1 < len(cuts) else len(text)]
        if not seg[:1].islower():
            continue  # a capital after a comma: a quotation whose marks were lost, or a name
        before = [w.group().lower() for w in _words(text[bounds[k] : cut.start()])]
        if not before or before[-1] in lx.REPORTING_VERBS or not any(_strict_finite(w) for w in before):
            continue
        if any(w in _SUBORDINATE_MARKERS for w in before) or (k == 0 and before[0] in lx.FINITE_AUX):
            continue
        if len(before) < 3 or before[-1] in _COPULA_END or before[0] in _PREPOSITIONS:
            continue  # "Simply put, ...", "The fact is, ...", "Over the years we ..., it has ..."
        if any(a in ("and", "but", "or") and b in _PREPOSITIONS for a, b in zip(before, before[1:])):
            continue  # "... and with his signature, these funds will ..."  # "Had the attack succeeded, it would ..." (inverted conditional) is not a splice too  # "if they speak out, they will ..." is a subordinate clause, not a splice
        lower = [w.group().lower() for w in _words(seg)]
        if _splice_clause(lower, params["max_subject_words"]):
            seg_end = cuts[k + 1].start() if k + 1 < len(cuts) else len(text.rstrip(" \t\n.!?"))
            spliced.append((cut.start(), seg_end))
    if len(spliced) >= params["min_splices"]:
        yield RawMatch(spliced[0][0], spliced[-1][1], vars={"clauses": str(len(spliced) + 1)})


# --------------------------------------------------------------------------------------
# cjk_leftover: Chinese/Japanese/Korean script in English text

_CJK = r"\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}\u3005\u3006\u30FC"
CJK_RUN_RE = regex.compile(rf"[{_CJK}](?:[{_CJK}\u00B7\u30FB\u3000-\u303F\uFF01-\uFF0F\uFF1A-\uFF20 ]*[{_CJK}])?")


def _cjk_leftover(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    text = sentence.text
    for m in CJK_RUN_RE.finditer(text):
        a, b = m.span()
        if params["allow_glossed"] and b - a <= params["max_gloss_chars"] and _is_gloss(text, a, b):
            continue
        yield RawMatch(a, b, vars={"chars": str(b - a)})


def _is_gloss(text: str, a: int, b: int) -> bool:
    """'hukou (户口)': the Chinese given in brackets right after its English rendering.

    Only a bare term counts: a run with spaces or punctuation inside
    ("(人民币，下同)", "RMB, same below") is an untranslated note, not a gloss.
    """
    if not all(c.isalpha() for c in text[a:b]):
        return False
    before = text[:a].rstrip()
    after = text[b:].lstrip()
    if not before or not after or before[-1] not in "(（" or after[0] not in ")）":
        return False
    ahead = before[:-1].rstrip()
    return bool(ahead) and (ahead[-1].isascii() and (ahead[-1].isalnum() or ahead[-1] in "\"'”’"))


# --------------------------------------------------------------------------------------
# fullwidth_punct: ，。；：（）、《》【】！？ in English text

_FULLWIDTH_MAP = {
    "，": ",", "。": ".", "；": ";", "：": ":", "（": "(", "）": ")", "、": ",", "《": '"', "》": '"',
    "【": "[", "】": "]", "！": "!", "？": "?", "〈": '"', "〉": '"', "〔": "(", "〕": ")", "〖": "[", "〗": "]",
    "％": "%", "＆": "&", "＋": "+", "－": "-", "＝": "=", "／": "/", "＼": "\\", "｜": "|", "＜": "<", "＞": ">",
    "＠": "@", "＃": "#", "＄": "$", "＊": "*", "［": "[", "］": "]", "｛": "{", "｝": "}", "～": "~",
    "＂": '"', "＇": "'", "．": ".",
}
#: characters after which an English space belongs before the next word
_SPACE_AFTER = set(",.;:!?)]")
_SPACE_BEFORE = set("([")
FULLWIDTH_DEFAULT = "，。；：（）、《》【】！？〈〉〔〕〖〗％＆＋－＝／＼｜＜＞＠＃＄＊［］｛｝～＂＇．"
FULLWIDTH_RE = regex.compile("[" + regex.escape(FULLWIDTH_DEFAULT) + "]")


def _fullwidth_punct(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    text = sentence.text
    allowed = params["chars"]
    for m in FULLWIDTH_RE.finditer(text):
        c = m.group()
        if c not in allowed:
            continue
        rep = _FULLWIDTH_MAP[c]
        a = m.start()
        nxt = text[a + 1 : a + 2]
        prev = text[a - 1 : a]
        if rep in _SPACE_AFTER and nxt and (nxt.isalnum() or nxt in "\"“(") and not (rep == "." and nxt.isdigit()):
            rep += " "
        if rep in _SPACE_BEFORE and prev and prev.isalnum():
            rep = " " + rep
        yield RawMatch(a, a + 1, suggestions=[rep], vars={"char": c, "ascii": _FULLWIDTH_MAP[c]})


# --------------------------------------------------------------------------------------
# spaced_quotes: " post-90s " -- spaces inside quotation marks, left by MT detokenisers

_QUOTE_MEMO_KEY = "structural.spaced_quotes"


def _straight_quote_roles(doc: Document) -> dict[int, bool]:
    """Original offset of each straight double quote -> True if it opens, False if it closes.

    A straight quote does not say which it is; its rank in the paragraph does
    (even ranks open). Paragraphs with an odd number of them cannot be paired
    and are left out. Built once per document in ``doc.memo`` from every
    sentence of each block.
    """
    roles = doc.memo.get(_QUOTE_MEMO_KEY)
    if roles is None:
        by_block: dict[int, list[int]] = {}
        for s in doc.sentences:
            for i, c in enumerate(s.text):
                if c == '"':
                    by_block.setdefault(s.block, []).append(s.origin[i])
        roles = {o: k % 2 == 0 for quotes in by_block.values() if len(quotes) % 2 == 0
                 for k, o in enumerate(quotes)}
        doc.memo[_QUOTE_MEMO_KEY] = roles
    return roles


def _spaced_quotes(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    text = sentence.text
    roles = _straight_quote_roles(doc)
    for i, c in enumerate(text):
        role = roles.get(sentence.origin[i]) if c == '"' else None
        if c == "“" or role is True:
            j = i + 1
            while j < len(text) and text[j] in " \t":
                j += 1
            # an opening quote follows a space or a bracket; '5" across' is an inch mark and
            # '"affluent," as' a closing quote in a paragraph whose pairing is off
            glued = i > 0 and not (text[i - 1].isspace() or text[i - 1] in "([{—–-")
            if not glued and j > i + 1 and j < len(text) and text[j].isalnum():
                yield RawMatch(i, j, suggestions=[c], vars={"case": "exact"})
        elif c == "”" or role is False:
            j = i
            while j > 0 and text[j - 1] in " \t":
                j -= 1
            glued = i + 1 < len(text) and text[i + 1].isalnum()
            if not glued and j < i and j > 0 and (text[j - 1].isalnum() or text[j - 1] in ".,!?;:"):
                yield RawMatch(j, i + 1, suggestions=[c], vars={"case": "exact"})


# --------------------------------------------------------------------------------------
# number_scale: 万/亿 leftovers and calques

_CN_SCALES = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10, "十亿": Decimal(10) ** 9,
              "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6, "十万": Decimal(10) ** 5,
              "万": Decimal(10) ** 4}
CN_UNIT_RE = regex.compile(r"(?<![\d,.])(\d[\d,]*(?:\.\d+)?)\s*(万亿|千亿|百亿|十亿|千万|百万|十万|万|亿)(元|人民币)?")
CALQUE_RE = regex.compile(r"(?<![\d,.])\b(\d[\d,]*(?:\.\d+)?)\s+(ten[ -]thousand|hundred[ -]million)\b", regex.IGNORECASE)
PLURAL_SCALE_RE = regex.compile(r"\b(ten|hundred)\s+(thousands|millions|billions)\b", regex.IGNORECASE)
DIGIT_THOUSAND_RE = regex.compile(r"(?<![\d,.$])\b(\d{1,3}(?:\.\d+)?)\s+thousand\b(?!s)", regex.IGNORECASE)


def english_amount(value: Decimal) -> str:
    """31510000000 -> '31.51 billion', 30000 -> '30,000' (how English press writes amounts)."""
    for scale, word in ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million")):
        if value >= scale:
            q = (value / scale).normalize()
            s = format(q, "f")
            return f"{s} {word}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return format(value.normalize(), "f")


def _to_decimal(num: str) -> Decimal | None:
    try:
        return Decimal(num.replace(",", ""))
    except InvalidOperation:
        return None


def _number_scale(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    text = sentence.text
    for m in CN_UNIT_RE.finditer(text) if params["leftovers"] else ():
        v = _to_decimal(m.group(1))
        if v is None:
            continue
        amount = english_amount(v * _CN_SCALES[m.group(2)])
        if m.group(3):
            amount += " yuan"
        yield RawMatch(m.start(), m.end(), suggestions=[amount],
                       vars={"reason": f"{m.group(2)} left untranslated; {m.group(0)} is {amount}"})
    for m in CALQUE_RE.finditer(text) if params["calques"] else ():
        v = _to_decimal(m.group(1))
        if v is None:
            continue
        scale = Decimal(10) ** (4 if m.group(2).lower().startswith("ten") else 8)
        amount = english_amount(v * scale)
        yield RawMatch(m.start(), m.end(), suggestions=[amount],
                       vars={"reason": f"calque of a Chinese 万/亿 amount; in English this is {amount}"})
    for m in PLURAL_SCALE_RE.finditer(text) if params["calques"] else ():
        word = m.group(2).lower()
        sugg = f"{m.group(1).lower()}s of {word}"
        yield RawMatch(m.start(), m.end(), suggestions=[sugg],
                       vars={"reason": f"'{m.group(0)}' is not English; write '{sugg}' or give the number"})
    if params["digit_thousand"]:
        for m in DIGIT_THOUSAND_RE.finditer(text):
            v = _to_decimal(m.group(1))
            if v is None:
                continue
            amount = english_amount(v * 1000)
            yield RawMatch(m.start(), m.end(), suggestions=[amount],
                           vars={"reason": f"English press style writes {amount}; check the 万 scaling"})


# --------------------------------------------------------------------------------------
# repeated_word: "the the"

REPEAT_RE = regex.compile(r"\b([A-Za-z]+)(\s+)(\1)\b", regex.IGNORECASE)


def _repeated_word(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    text = sentence.text
    allow = lx.REPEAT_OK | {w.lower() for w in params["allow"]}
    for m in REPEAT_RE.finditer(text):
        w1, w2 = m.group(1), m.group(3)
        lw = w1.lower()
        if lw in allow or (len(w1) == 1 and lw != "a"):
            continue
        if w2[0].isupper() or (len(w1) > 1 and w1.isupper()):
            continue  # "Pago Pago", "Walla Walla": names; "R-CO co-sponsor": an acronym
        yield RawMatch(m.start(), m.end(), suggestions=[w1], vars={"word": lw})


# --------------------------------------------------------------------------------------
# etc_after_such_as: "such as A, B, etc."

LIST_INTRO_RE = regex.compile(r"\b(?:such as|including)\b", regex.IGNORECASE)
CLOSER_RE = regex.compile(r"\b(?:etc\b\.?|and so on\b|and so forth\b)", regex.IGNORECASE)
#: the list item just before the closer, and the comma/space between them
LAST_ITEM_RE = regex.compile(r"([A-Za-z0-9)'’\-]+)(,?\s+)$")


def _etc_after_such_as(sentence: Sentence, params: Mapping[str, Any], doc: Document) -> Iterator[RawMatch]:
    # Closers are rare: find them first, then look back for "such as"/"including"
    # within max_gap characters (linear, whatever the number of "including"s).
    text = sentence.text
    gap_max = params["max_gap"]
    for c in CLOSER_RE.finditer(text):
        window_start = max(0, c.start() - gap_max)
        intro = None
        for intro in LIST_INTRO_RE.finditer(text, window_start, c.start()):
            pass
        if intro is None:
            continue
        gap = text[intro.end() : c.start()]
        if ";" in gap or ":" in gap:
            continue
        item = LAST_ITEM_RE.search(text, max(intro.end(), c.start() - 80), c.start())
        if item is None:
            continue
        end = c.end()
        closer = c.group()
        if closer.endswith(".") and not text[end:].strip(" \t\n\"'”’)"):
            end -= 1  # keep the sentence's own full stop: "B, etc." -> "B."
        elif text[end:end + 1] == ",":
            end += 1  # "A, B, etc., and C" -> "A, B and C"
        yield RawMatch(item.start(), end, suggestions=[item.group(1)], vars={"closer": closer.rstrip(".")})


# --------------------------------------------------------------------------------------
# registry

_KINDS = ("paragraph",)  # block kinds checked by default: running prose only

CHECKS: dict[str, StructuralCheck] = {
    c.name: c
    for c in (
        StructuralCheck(
            "fragment",
            {"min_words": 8, "min_chains": 2, "min_chains_after_gerund": 1, "purpose_clauses": True,
             "kinds": _KINDS},
            _fragment,
            "A sentence with no finite verb, built from a gerund or noun phrase and comma chains of "
            "-ing clauses (a Chinese run-on cut into pieces). Params: min_words (shorter sentences pass), "
            "min_chains_after_gerund (', doing' clauses needed after a gerund opener), min_chains (needed "
            "after a determiner/preposition opener), purpose_clauses (also a lone 'To do ...'/'In order to "
            "...' sentence without a comma), kinds (block kinds checked).",
        ),
        StructuralCheck(
            "stray_capital",
            {"kinds": _KINDS, "max_caps_ratio": 0.5, "min_length": 3, "known_proper": (), "skip_recurring": True,
             "min_punct_words": 30, "max_per_sentence": 1, "max_doc_verbs": 2},
            _stray_capital,
            "A common verb/adjective/noun capitalised mid-sentence that is not part of a name. Params: "
            "known_proper (extra words never flagged), skip_recurring (a word capitalised mid-sentence twice "
            "in the document is a name), max_caps_ratio (title-case sentences pass), min_length, "
            "min_punct_words (long unpunctuated text passes), max_per_sentence and max_doc_verbs (more "
            "capitalised verbs than this mean lost list bullets, not slips), kinds.",
        ),
        StructuralCheck(
            "cut_clause",
            {"kinds": _KINDS, "max_words": 3},
            _cut_clause,
            "A clause cut off by a full stop or semicolon ('etc. Cooperation; both parties ...'). Params: "
            "max_words (longest lone phrase before the semicolon), kinds.",
        ),
        StructuralCheck(
            "comma_chain",
            {"kinds": _KINDS, "min_words": 10, "min_splices": 1, "max_subject_words": 5},
            _comma_chain,
            "Independent clauses joined by commas only (comma splice / topic-comment chain). Params: "
            "min_words, min_splices (spliced clauses needed), max_subject_words (longest 'the ... is' "
            "subject recognised), kinds.",
        ),
        StructuralCheck(
            "cjk_leftover",
            {"allow_glossed": True, "max_gloss_chars": 8},
            _cjk_leftover,
            "CJK ideographs, kana or hangul left in English text; one finding per run. With "
            "allow_glossed, a bare term of at most max_gloss_chars characters in brackets right after its "
            "English rendering ('hukou (户口)') passes.",
        ),
        StructuralCheck(
            "fullwidth_punct",
            {"chars": FULLWIDTH_DEFAULT},
            _fullwidth_punct,
            "Full-width/CJK punctuation in English text; suggests the ASCII equivalent. Curly quotes are "
            "valid English and never flagged. Params: chars (the characters to flag).",
        ),
        StructuralCheck(
            "spaced_quotes",
            {},
            _spaced_quotes,
            "A space inside quotation marks ('\" post-90s \"', '“ Internet+ ”'), as MT detokenisers leave "
            "it. Straight quotes are paired by their order in the paragraph; a paragraph with an odd number "
            "of them is left alone.",
        ),
        StructuralCheck(
            "number_scale",
            {"leftovers": True, "calques": True, "digit_thousand": False},
            _number_scale,
            "Suspicious 万/亿 scaling: leftover 万/亿 after digits, '3.5 ten thousand', 'hundred millions', "
            "'10 thousand'. Params: leftovers (digits + 万/亿), calques ('3.5 ten thousand', 'ten "
            "thousands'), digit_thousand ('180 thousand': correct magnitude, usually 18万, English "
            "writes 180,000).",
        ),
        StructuralCheck(
            "repeated_word",
            {"allow": ()},
            _repeated_word,
            "The same word twice in a row ('the the'), except legitimate doubles ('had had', 'that that'). "
            "Params: allow (more words that may repeat).",
        ),
        StructuralCheck(
            "etc_after_such_as",
            {"max_gap": 200},
            _etc_after_such_as,
            "A list closer (etc., and so on) after 'such as'/'including', which already mark the list as "
            "partial. Params: max_gap (characters between 'such as' and the closer).",
        ),
    )
}


def run_check(name: str, sentence: Sentence, doc: Document, **params: Any) -> list[RawMatch]:
    """Run one check with its defaults overridden by ``params`` (tests, benchmarks)."""
    check = CHECKS[name]
    unknown = set(params) - set(check.params)
    if unknown:
        raise KeyError(f"unknown params for {name}: {sorted(unknown)}")
    merged: dict[str, Any] = {**check.params, **params}
    return list(check.run(sentence, merged, doc))


__all__ = ["CHECKS", "run_check", "has_finite_candidate", "english_amount"]

