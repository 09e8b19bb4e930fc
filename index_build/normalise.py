"""Turn a loader's raw text into clean, block-structured text with a compact map back to the raw text.

The sample documents are exports from Word/PDF/web tools and carry their noise with them: Markdown bold
markers glued between header fields (``08-508 35 066**Till**Trafiknämnden``), header labels glued to their
values (``HandläggareThomas Ahlskog``), Cyrillic look-alike letters inside Swedish words, words hyphenated
across lines, hard-wrapped paragraphs whose headings are not separated by blank lines, and sentences cut by
a stray blank line (a page break in the original). Every rewrite keeps a per-character raw offset so that a
citation found in the normalised text can still be located in the original file.

Everything is done with regular expressions over the whole text plus one pass over the lines, so the cost
is linear in the size of the document.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from index_build.models import Block, BlockKind, NormalisedText

__all__ = ["collapse_whitespace", "normalise"]

logger = logging.getLogger(__name__)

# A piece of output: text plus the raw offset of each of its characters.
_Piece = tuple[str, list[int]]

# ---------------------------------------------------------------------------------------------------------
# Character classes and vocabulary
# ---------------------------------------------------------------------------------------------------------

_LOWER = "a-zß-öø-ÿ"
_UPPER = "A-ZÀ-ÖØ-Þ"

_CONTROL_AND_INVISIBLE = re.compile(
    "\r\n?|[\u2028\u2029]|\t|[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
    "|[\u00ad\u200b-\u200d\u2060\ufeff\u180e]|[\x00-\x08\x0b-\x1f\x7f-\x9f]"
)

_COMBINING_EXTRA = re.compile("[\u1160-\u11ff\u3099\u309a]")  # Hangul jamo and kana marks compose too

_CYRILLIC = re.compile("[\u0400-\u04ff]")
_CYRILLIC_RUN = re.compile("[\u0400-\u04ff]+")
_LATIN_LETTER = re.compile(f"[{_LOWER}{_UPPER}]")
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "j", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sch", "ъ": "", "ы": "y", "ь": "",
    "э": "e", "ю": "ju", "я": "ja", "і": "i", "ї": "i", "є": "e", "ґ": "g", "ј": "j", "ѕ": "s",
}  # fmt: skip
_CYRILLIC_TO_LATIN.update({lower.upper(): latin.capitalize() for lower, latin in list(_CYRILLIC_TO_LATIN.items())})

_BOLD_RUN = re.compile(r"\*{2,}")
_GLUED_BOLD = re.compile(r"(?<=\S)\*{2,}(?=\S)")
_EMPHASIS = re.compile(r"(?<![\w*])\*(?![\s*])([^*\n]*?[^\s*])\*(?![\w*])|(?<!\w)_(?![\s_])([^_\n]*?[^\s_])_(?!\w)")

# "HandläggareThomas": at least three lower-case letters, then a capitalised word.
_GLUED = re.compile(f"(?<=[{_LOWER}]{{3}})(?=[{_UPPER}][{_LOWER}]{{2}})")
_CAMEL_CASE_NAMES = frozenset(
    name.casefold()
    for name in (
        "PowerPoint", "SharePoint", "JavaScript", "TypeScript", "YouTube", "LinkedIn", "WhatsApp", "GitHub",
        "GitLab", "OneDrive", "OneNote", "TikTok", "PayPal", "DropBox", "WordPress", "MySQL", "PostgreSQL",
        "BankId", "FaceTime", "McDonald", "MacBook", "OpenAI", "ChatGPT",
    )
)  # fmt: skip

_WHITESPACE = re.compile(r"\s")
_TOKEN_WINDOW = 200  # how far to look for the ends of a token (bounded: no quadratic time on junk)
_LETTER = re.compile(r"[^\W\d_]")
_GROUP = re.compile(r"[^\n]+(?:\n[^\n]+)*")
_SPACE_RUN = re.compile(r" {2,}")
_LINE_EDGE_SPACES = re.compile(r"(?m)^ +| +$")

_TERMINAL = re.compile(r"[.!?:;…][\"'”’»)\]]*$|[\"”’»]$")
_LIST_ITEM = re.compile(r"^(?:[-–•*·▪‣◦]|\d{1,3}[.)]|[a-z]\))\s+\S")
_NUMBERED = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+(?=\S)")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(?=\S)")
_HEADING_VOCABULARY = re.compile(
    r"""(?ix)
    (?:sammanfattning|inledning|bakgrund|ärendet|bakgrund\s*(?:/|och)\s*ärendet|remissen|remissvar
    |ärendets\s+beredning|beredning|synpunkter(?:\s+och\s+förslag)?
    |\S+s\s+(?:synpunkter|bedömning|yttrande|kommentarer|överväganden|slutsatser|ställningstagande)
        (?:\s+och\s+(?:förslag|bedömning))?
    |(?:\S+s\s+)?förslag\s+till\s+beslut|\S+s\s+beslut|beslut|beslutsordning|beslutsgång|beslutsunderlag
    |särskil(?:t|da)\s+uttalanden?|reservation(?:er)?|ersättaryttranden?|protokollsanteckning(?:ar)?
    |bilaga(?:\s+\d+)?|bilagor|slut|uppföljning|ansvarsfördelning|konsekvenser\b.*|ekonomiska\s+konsekvenser
    |struktur\s+för\s+arbetet|syfte|mål|syfte\s+och\s+mål|analys|bedömning|slutsatser?|övrigt|genomförande
    |tidplan|organisation|finansiering|prioriterade\s+\S+|fokusområden|\S+\s+fokusområden)
    """
)
_FUNCTION_WORDS = frozenset(
    {
        "och", "eller", "samt", "men", "att", "som", "i", "på", "av", "för", "till", "från", "med", "mot",
        "om", "under", "över", "inom", "mellan", "vid", "hos", "utan", "genom", "efter", "före", "den",
        "det", "de", "en", "ett", "är", "har", "var", "ska", "skall", "kan", "blir", "sin", "sitt", "sina",
        "dess", "deras", "vår", "våra", "detta", "denna", "dessa", "där", "när", "så", "både", "såväl",
        "även", "också", "inte", "enligt", "bland", "respektive", "and", "or", "of", "the", "to", "in",
        "for", "with", "a", "an",
    }
)  # fmt: skip
_HYPHEN_KEEP_WORDS = frozenset({"och", "eller", "samt", "som", "till", "respektive", "resp", "men", "and", "or"})

_HEADING_MAX = 70
_WRAPPED_MIN = 40  # a line shorter than this was ended on purpose, not by wrapping


def collapse_whitespace(s: str) -> str:
    """All whitespace runs to one space, trimmed: for comparing and displaying snippets (no lower-casing)."""
    return " ".join(s.split())


# ---------------------------------------------------------------------------------------------------------
# Offset-preserving rewriting
# ---------------------------------------------------------------------------------------------------------


def _raw_at(offsets: list[int], index: int) -> int:
    if index < len(offsets):
        return offsets[index]
    return offsets[-1] + 1 if offsets else 0


def _rewrite(
    text: str,
    offsets: list[int],
    pattern: re.Pattern[str],
    handler: Callable[[re.Match[str]], Iterable[_Piece] | None],
) -> tuple[str, list[int]]:
    """``re.sub`` carrying raw offsets along; ``handler`` returns pieces, or ``None`` to keep the match."""
    out_text: list[str] = []
    out_offsets: list[int] = []
    pos = 0
    changed = False
    for match in pattern.finditer(text):
        pieces = handler(match)
        if pieces is None:
            continue
        start, end = match.span()
        out_text.append(text[pos:start])
        out_offsets.extend(offsets[pos:start])
        for piece_text, piece_offsets in pieces:
            out_text.append(piece_text)
            out_offsets.extend(piece_offsets)
        pos = end
        changed = True
    if not changed:
        return text, offsets
    out_text.append(text[pos:])
    out_offsets.extend(offsets[pos:])
    return "".join(out_text), out_offsets


def _clean_characters(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Line endings, tabs, exotic spaces to plain ones; soft hyphens, zero-width and control chars removed."""

    def handle(match: re.Match[str]) -> list[_Piece]:
        value = match.group()
        raw = offsets[match.start()]
        if value[0] in "\r\u2028\u2029\x0b\x0c\x85":
            return [("\n", [raw])]
        if value == "\t" or unicodedata.category(value) == "Zs":
            return [(" ", [raw])]
        return []

    return _rewrite(text, offsets, _CONTROL_AND_INVISIBLE, handle)


def _nfc(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Compose decomposed letters (a + U+0308 → ä), only on the lines that need it."""
    if unicodedata.is_normalized("NFC", text):
        return text, offsets
    out_text: list[str] = []
    out_offsets: list[int] = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if unicodedata.is_normalized("NFC", line):
            out_text.append(line)
            out_offsets.extend(offsets[pos:end])
        else:
            cluster_start = pos
            for i in range(pos, end + 1):
                if (
                    i < end
                    and i > cluster_start
                    and (unicodedata.combining(text[i]) or _COMBINING_EXTRA.match(text[i]))
                ):
                    continue
                if i > cluster_start:
                    cluster = text[cluster_start:i]
                    composed = unicodedata.normalize("NFC", cluster)
                    out_text.append(composed)
                    if len(composed) == len(cluster):
                        out_offsets.extend(offsets[cluster_start:i])
                    else:
                        out_offsets.extend([offsets[cluster_start]] * len(composed))
                cluster_start = i
        if end < len(text):
            out_text.append("\n")
            out_offsets.append(offsets[end])
        pos = end + 1
    return "".join(out_text), out_offsets


def _latinise_mixed_words(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Cyrillic look-alikes inside a Latin word (``Ersätтарыttrande``) become Latin; Russian words stay."""
    if not _CYRILLIC.search(text):
        return text, offsets
    out_text: list[str] = []
    out_offsets: list[int] = []
    pos = 0  # everything before pos is copied or handled
    for match in _CYRILLIC_RUN.finditer(text):
        if match.start() < pos:
            continue
        start, end = match.span()
        while start > pos and text[start - 1].isalpha():
            start -= 1
        while end < len(text) and text[end].isalpha():
            end += 1
        word = text[start:end]
        if not _LATIN_LETTER.search(word):
            continue
        out_text.append(text[pos:start])
        out_offsets.extend(offsets[pos:start])
        for index in range(start, end):
            char = text[index]
            latin = _CYRILLIC_TO_LATIN.get(char, char) if _CYRILLIC.match(char) else char
            out_text.append(latin)
            out_offsets.extend([offsets[index]] * len(latin))
        pos = end
    if pos == 0:
        return text, offsets
    out_text.append(text[pos:])
    out_offsets.extend(offsets[pos:])
    return "".join(out_text), out_offsets


def model_view(text: str) -> str:
    """``text`` as models and the word index should read it: emphasis markers dropped and glued
    fields apart ("HandläggareThomas Ahlskog" → "Handläggare", "Thomas Ahlskog"; "066**Till**Trafiknämnden"
    → "066", "Till", "Trafiknämnden").

    The stored text keeps both as the document writes them, because a quote copied from the
    document ("samt *Levande Stockholm*", "HandläggareThomas Ahlskog") must be found in its passage.
    """
    if "*" in text or "_" in text:
        text = _GLUED_BOLD.sub("\n", text)  # "08-508 35 066**Till**Trafiknämnden": three header fields
        text = _EMPHASIS.sub(lambda match: match.group(1) or match.group(2), text)
    return _split_glued_fields(text, list(range(len(text))))[0] if _GLUED.search(text) else text


def _drop_bold_markers(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Drop Markdown ``**`` at a word's edge; a ``**`` glued between two words stays as written.

    ``08-508 35 066**Till**Trafiknämnden`` and ``§ 9**Övergripande …`` are the document's own text, and
    a quote copied from the document must be found in its passage as written (like single
    ``*emphasis*``); ``model_view`` gives models, metadata and answer prose the glued fields apart.
    """
    if "**" not in text:
        return text, offsets

    def bold(match: re.Match[str]) -> list[_Piece] | None:
        start, end = match.span()
        before = text[start - 1] if start > 0 else " "
        after = text[end] if end < len(text) else " "
        return None if not before.isspace() and not after.isspace() else []

    return _rewrite(text, offsets, _BOLD_RUN, bold)


def _split_glued_fields(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``HandläggareThomas Ahlskog`` → label and value on lines of their own (not URLs or brand names)."""

    def handle(match: re.Match[str]) -> list[_Piece] | None:
        position = match.start()
        window = max(0, position - _TOKEN_WINDOW)
        token_start = max(text.rfind(" ", window, position), text.rfind("\n", window, position), window - 1) + 1
        token_end_match = _WHITESPACE.search(text, position, position + _TOKEN_WINDOW)
        token_end = token_end_match.start() if token_end_match else min(len(text), position + _TOKEN_WINDOW)
        token = text[token_start:token_end]
        if "@" in token or "://" in token or "www." in token or "/" in token:
            return None
        bare = re.sub(r"\W", "", token).casefold()
        if any(name in bare for name in _CAMEL_CASE_NAMES):
            return None
        return [("\n", [offsets[position]])]

    return _rewrite(text, offsets, _GLUED, handle)


def _tidy_spaces(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """One space between words, none at either end of a line."""
    text, offsets = _rewrite(text, offsets, _SPACE_RUN, lambda m: [(" ", [offsets[m.start()]])])
    return _rewrite(text, offsets, _LINE_EDGE_SPACES, lambda m: [])


# ---------------------------------------------------------------------------------------------------------
# Line structure: headings, list items, wrapped paragraphs
# ---------------------------------------------------------------------------------------------------------


@dataclass
class _Line:
    text: str
    offsets: list[int]
    newline_raw: int  # raw offset of the line break after the line (for a joining space)
    content_start: int = 0  # > 0 when a Markdown '#' prefix is dropped


@dataclass
class _BlockBuild:
    kind: BlockKind
    pieces: list[_Piece] = field(default_factory=list)
    last_line: _Line | None = None

    def add(self, line: _Line, separator: str = "", separator_raw: int = 0, drop_tail: int = 0) -> None:
        if drop_tail and self.pieces:
            tail_text, tail_offsets = self.pieces[-1]
            self.pieces[-1] = (tail_text[:-drop_tail], tail_offsets[:-drop_tail])
        if separator:
            self.pieces.append((separator, [separator_raw] * len(separator)))
        start = line.content_start
        self.pieces.append((line.text[start:], line.offsets[start:]))
        self.last_line = line


def _first_word(line: str) -> str:
    return line.split(" ", 1)[0]


def _last_word(line: str) -> str:
    return line.rsplit(" ", 1)[-1]


def _ends_sentence(line: str) -> bool:
    return bool(_TERMINAL.search(line))


def _starts_lower_word(line: str) -> bool:
    word = _first_word(line).rstrip(",.;:!?)”\"'")
    return bool(word) and word.isalpha() and word[0].islower()


def _ends_with_function_word(line: str) -> bool:
    return _last_word(line) in _FUNCTION_WORDS


def _is_prose(line: str | None) -> bool:
    return line is not None and len(line) >= _WRAPPED_MIN and len(line.split()) >= 5


def _looks_like_words(line: str) -> bool:
    if "@" in line or "://" in line:
        return False
    letters = len(_LETTER.findall(line))
    return letters >= 3 and letters >= 0.6 * (len(line) - line.count(" "))


def _was_wrapped(previous: str, line: str, width: int) -> bool:
    """Whether the break after ``previous`` was forced by the line width (the next word would not fit)."""
    return len(previous) >= _WRAPPED_MIN and len(previous) + 1 + len(_first_word(line)) > width


def _is_list_item(line: str) -> bool:
    return bool(_LIST_ITEM.match(line))


def _is_heading(
    line: str, previous: str | None, previous_is_heading: bool, following: str | None, width: int, alone: bool
) -> bool:
    """Short, unpunctuated, capitalised, and either section vocabulary, alone, or followed by new prose."""
    if len(line) > _HEADING_MAX or not line or _ends_sentence(line) or line.endswith((",", "-")):
        return False
    numbered = _NUMBERED.match(line)
    body = line[numbered.end() :] if numbered else line
    if not body or not body[0].isupper() or not _looks_like_words(body):
        return False
    if _ends_with_function_word(body):
        return False
    after_break = previous is None or previous_is_heading or _ends_sentence(previous)
    if not after_break:
        return False
    if _HEADING_VOCABULARY.fullmatch(body):
        return True
    if numbered:
        # "1. Något" is a list item unless it introduces prose like a section title.
        return following is not None and _is_prose(following) and following[0].isupper() and not alone
    if alone:
        return True
    return (
        following is not None
        and _is_prose(following)
        and following[0].isupper()
        and len(line) + 1 + len(_first_word(following)) <= width
    )


def _groups(text: str, offsets: list[int]) -> list[list[_Line]]:
    """Runs of non-blank lines (what a reader sees as separated by blank lines), blank lines skipped."""
    groups: list[list[_Line]] = []
    for match in _GROUP.finditer(text):
        group: list[_Line] = []
        pos = match.start()
        for line_text in match.group().split("\n"):
            end = pos + len(line_text)
            group.append(_Line(line_text, offsets[pos:end], _raw_at(offsets, end)))
            pos = end + 1
        groups.append(group)
    return groups


def _hyphen_join(previous: str, line: str) -> tuple[str, int] | None:
    """How to join a line ending in a hyphen: (separator, chars to drop from the previous line)."""
    if len(previous) < 2 or previous[-1] != "-" or previous[-2] in " -" or not _starts_lower_word(line):
        return None
    if _first_word(line).rstrip(",.;:") in _HYPHEN_KEEP_WORDS:
        return " ", 0  # "trygghets- och brottsförebyggande"
    if previous[-2].islower():
        return "", 1  # "samverkans-" + "överenskommelsen"
    return "", 0  # "KS-" + "ärende": keep the hyphen of an abbreviation or a number


def _build_blocks(groups: list[list[_Line]]) -> list[_BlockBuild]:
    blocks: list[_BlockBuild] = []
    for group in groups:
        width = max(len(line.text) for line in group)
        previous: _Line | None = None
        previous_is_heading = False
        for index, line in enumerate(group):
            following = group[index + 1].text if index + 1 < len(group) else None
            markdown = _MARKDOWN_HEADING.match(line.text)
            current = blocks[-1] if blocks else None
            if index == 0 and current is not None and current.kind is not BlockKind.HEADING:
                # A sentence cut by a blank line (a page break in the original) continues here.
                tail = current.last_line.text if current.last_line else ""
                if not markdown and _continues_across_blank(tail, line.text):
                    hyphen = _hyphen_join(tail, line.text)
                    separator, drop = hyphen if hyphen else (" ", 0)
                    raw = current.last_line.newline_raw if current.last_line else 0
                    current.add(line, separator, raw, drop)
                    previous, previous_is_heading = line, False
                    continue
            if markdown:
                line.content_start = markdown.end()
                blocks.append(_BlockBuild(BlockKind.HEADING))
                blocks[-1].add(line)
                previous, previous_is_heading = line, True
                continue
            prev_text = previous.text if previous else None
            if _is_heading(line.text, prev_text, previous_is_heading, following, width, len(group) == 1):
                blocks.append(_BlockBuild(BlockKind.HEADING))
                blocks[-1].add(line)
                previous, previous_is_heading = line, True
                continue
            if _is_list_item(line.text):
                blocks.append(_BlockBuild(BlockKind.LIST_ITEM))
                blocks[-1].add(line)
                previous, previous_is_heading = line, False
                continue
            if previous is None or previous_is_heading or current is None:
                blocks.append(_BlockBuild(BlockKind.PARAGRAPH))
                blocks[-1].add(line)
                previous, previous_is_heading = line, False
                continue
            join = _join(previous.text, line.text, width)
            if join is None:
                blocks.append(_BlockBuild(BlockKind.PARAGRAPH))
                blocks[-1].add(line)
            else:
                separator, drop = join
                current.add(line, separator, previous.newline_raw, drop)
            previous, previous_is_heading = line, False
    return blocks


def _continues_across_blank(tail: str, line: str) -> bool:
    """``… ett väldigt bra verktyg för`` / blank line / ``samarbete och …``: one sentence, not two blocks."""
    if not tail or _ends_sentence(tail) or not _starts_lower_word(line) or _is_list_item(line):
        return False
    return len(tail) >= _WRAPPED_MIN or _ends_with_function_word(tail) or tail.endswith("-")


def _join(previous: str, line: str, width: int) -> tuple[str, int] | None:
    """How a line continues the block of the line before it: (separator, chars to drop), or a new block."""
    hyphen = _hyphen_join(previous, line)
    if hyphen is not None:
        return hyphen
    if _starts_lower_word(line) or _ends_with_function_word(previous) or previous.endswith(","):
        return " ", 0
    if _was_wrapped(previous, line, width):
        return " ", 0
    if _ends_sentence(previous):
        return None  # a short sentence-final line, then a capitalised one: a new paragraph
    return "\n", 0  # names, titles, addresses: keep the line structure inside the block


# ---------------------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------------------


def _anchors(offsets: list[int]) -> tuple[tuple[int, int], ...]:
    anchors: list[tuple[int, int]] = []
    expected = None
    for index, raw in enumerate(offsets):
        if raw != expected:
            anchors.append((index, raw))
        expected = raw + 1
    return tuple(anchors)


def normalise(raw: str) -> NormalisedText:
    """Clean ``raw`` into blocks separated by one blank line, keeping a map back to raw offsets."""
    text, offsets = raw, list(range(len(raw)))
    for step in (
        _clean_characters,
        _nfc,
        _latinise_mixed_words,
        _drop_bold_markers,
        _tidy_spaces,
    ):
        text, offsets = step(text, offsets)

    builds = _build_blocks(_groups(text, offsets))

    out_text: list[str] = []
    out_offsets: list[int] = []
    blocks: list[Block] = []
    position = 0
    for build in builds:
        block_text = "".join(piece for piece, _ in build.pieces)
        if not block_text:
            continue
        if blocks:
            # The blank line maps onto the raw line breaks between the blocks where it can.
            first = out_offsets[-1] + 1
            next_start = build.pieces[0][1][0] if build.pieces[0][1] else first
            out_text.append("\n\n")
            out_offsets.extend((first, max(first, next_start - 1)))
            position += 2
        out_text.append(block_text)
        for _, piece_offsets in build.pieces:
            out_offsets.extend(piece_offsets)
        blocks.append(Block(build.kind, position, position + len(block_text)))
        position += len(block_text)

    result = "".join(out_text)
    assert len(result) == len(out_offsets), "offset map out of step with the text"
    logger.debug("normalised %d raw chars into %d chars, %d blocks", len(raw), len(result), len(blocks))
    return NormalisedText(text=result, blocks=tuple(blocks), anchors=_anchors(out_offsets))
