"""Normalising what people type for a person: names, birth dates, places, e-mails, postcodes.

Every function here works on one value and is pure: the engine calls it once per *distinct*
value of a column (a million people carry a few hundred thousand distinct names at most), so
clarity wins over micro-optimisation.

Names are folded (NFKD, accents and case dropped, « œ æ ß ø ł » transliterated — no Unidecode,
which is GPL), split into tokens on spaces, hyphens and apostrophes, and parsed for married
names: « Martin épouse Dupont », « Martin ép. Dupont », « Dupont née Martin », « Martin veuve
Dupont », « Dupont (Martin) » all give two *forms*, the birth name first. A form keeps:

- ``joined``: the tokens glued together (« De La Fontaine », « de la fontaine » and
  « Delafontaine » → ``delafontaine``; « Jean-Pierre » and « Jean Pierre » → ``jeanpierre``);
- ``core``: the same without the particles « de », « d' », « le », « la », « du », « des »…
  (« de la Fontaine » → ``fontaine``), so that a dropped particle is still recognised;
- ``tokens``: the tokens without particles, for compound names (« Dubois-Martin » →
  ``dubois``, ``martin``; « Marie-Claire » → ``marie``, ``claire``).
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

# Letters NFKD does not decompose into a base letter plus accents.
_TRANSLITERATION = str.maketrans(
    {
        "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O",
        "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i", "þ": "th", "Þ": "TH", "ð": "d",
        "Ð": "D", "ŀ": "l", "Ŀ": "L", "ĳ": "ij", "Ĳ": "IJ", "ſ": "s",
        "’": "'", "‘": "'", "ʼ": "'", "´": "'", "`": "'", "‐": "-", "‑": "-", "–": "-",
    }
)  # fmt: skip
_NOT_A_LETTER = re.compile(r"[^a-z]+")
_PARENTHESES = re.compile(r"\(([^)]*)\)")

# Particles of French (and a few neighbouring) surnames: dropped in the ``core`` of a name.
PARTICLES = frozenset(
    {"de", "d", "le", "la", "les", "l", "du", "des", "da", "das", "do", "dos", "del", "della",
     "di", "van", "von", "der", "den", "ter", "ten"}
)  # fmt: skip
# « X épouse Y »: X is the birth name, Y the married (usage) name. « veuve », « divorcée » alike.
_SPOUSE_MARKERS = frozenset(
    {"epouse", "ep", "epse", "epx", "veuve", "vve", "vv", "divorcee", "div", "dite", "dit"}
)
# « Y née X »: X is the birth name.
_BIRTH_MARKERS = frozenset({"nee", "naissance"})
# Civil titles sometimes typed in the name fields.
_TITLES = frozenset(
    {"mme", "madame", "mlle", "mademoiselle", "monsieur", "mr", "mrs", "ms", "dr", "docteur"}
)
# Abbreviations of place names.
_PLACE_WORDS = {"st": "saint", "ste": "sainte", "s": "saint"}
_PLACE_NOISE = frozenset({"e", "er", "eme", "ieme", "arrondissement", "arr", "arrdt", "cedex"})


def number(value: int) -> str:
    """« 1 234 567 »: thousands apart by a narrow no-break space, as French typography wants."""
    return f"{value:,}".replace(",", "\u202f")


def fold(text) -> str:
    """Lower-case ASCII letters and single spaces: « Lætitia D'ARC-Lefèvre » →
    « laetitia d arc lefevre »."""
    if not text:
        return ""
    text = str(text).translate(_TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_A_LETTER.sub(" ", text.lower()).strip()


@dataclass(frozen=True, slots=True)
class NameForm:
    """One way a name is written, reduced to what matching compares."""

    joined: str
    core: str
    tokens: tuple[str, ...]


def name_form(tokens: list[str]) -> NameForm | None:
    """The form of a list of folded tokens; lone letters are glued to the next token
    (« N'Diaye » → ``ndiaye``, « d'Arc » keeps its particle apart)."""
    glued: list[str] = []
    carry = ""
    for token in tokens:
        if len(token) == 1 and token not in PARTICLES:
            carry += token
            continue
        glued.append(carry + token)
        carry = ""
    if carry:
        glued.append(carry)
    if not glued:
        return None
    joined = "".join(glued)
    meaningful = tuple(t for t in glued if t not in PARTICLES)
    if not meaningful:  # « Le » (a Vietnamese surname), « De »: the particle is the name
        meaningful = tuple(glued)
    return NameForm(joined=joined, core="".join(meaningful), tokens=meaningful)


def _split_married(tokens: list[str]) -> list[list[str]]:
    """Birth name first, then the married name, from « X épouse Y » / « Y née X »."""
    for position, token in enumerate(tokens):
        before, after = tokens[:position], tokens[position + 1 :]
        if token in _SPOUSE_MARKERS and before and after:
            return [before, *_split_married(after)]
        if token in _BIRTH_MARKERS and after:
            return [after, before] if before else [after]
    return [tokens]


def last_name_forms(text) -> tuple[NameForm, ...]:
    """The forms of a last-name field, the birth name first; empty when nothing is left.

    >>> [f.joined for f in last_name_forms("Dupont épouse Martin")]
    ['dupont', 'martin']
    >>> [f.joined for f in last_name_forms("MARTIN née DUPONT")]
    ['dupont', 'martin']
    """
    if not text:
        return ()
    text = str(text)
    extra = _PARENTHESES.findall(text)
    main = _PARENTHESES.sub(" ", text)
    chunks = []
    for part in [*main.split("/"), *extra]:
        tokens = fold(part).split()
        while len(tokens) > 1 and tokens[0] in _TITLES:
            tokens = tokens[1:]
        chunks.extend(_split_married(tokens))
    forms: list[NameForm] = []
    for chunk in chunks:
        form = name_form(chunk)
        if form is not None and form not in forms:
            forms.append(form)
    return tuple(forms)


def first_name_form(text) -> NameForm | None:
    """The form of a first-name field (« Jean-Pierre », « jean pierre » → ``jeanpierre``)."""
    tokens = fold(text).split()
    while len(tokens) > 1 and tokens[0] in _TITLES:
        tokens = tokens[1:]
    return name_form(tokens)


def is_feminine_of(a: str, b: str) -> bool:
    """Whether one folded first name is the feminine of the other (« louis »/« louise »,
    « daniel »/« danielle », « jean »/« jeanne »): two people, not a typo."""
    if len(a) > len(b):
        a, b = b, a
    if len(a) < 3 or not b.startswith(a):
        return False
    rest = b[len(a) :]
    if a.endswith("e"):  # « pierre » / « pierree » is a slip of the finger
        return False
    return rest == "e" or (rest == a[-1] + "e" and a[-1] in "lnt")


def parse_birth_date(value) -> int:
    """A birth date as ``yyyymmdd`` (an int, 0 when missing or unreadable).

    Accepts dates, ISO ``AAAA-MM-JJ`` (with or without a time), ``JJ/MM/AAAA``, ``JJ-MM-AAAA``,
    ``JJ.MM.AAAA``, ``AAAAMMJJ`` and two-digit years (``JJ/MM/AA``, born in the last century
    unless that would be in the future). The calendar is not checked beyond month ≤ 12 and
    day ≤ 31: a mistyped 31 February is still worth comparing.
    """
    if value is None or value == "":
        return 0
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.year * 10000 + value.month * 100 + value.day
    text = str(value).strip()
    if not text:
        return 0
    text = text.split("T")[0].split(" ")[0]
    parts = re.split(r"[/\-.]", text)
    try:
        if len(parts) == 3:
            if len(parts[0]) == 4:
                year, month, day = (int(p) for p in parts)
            else:
                day, month, year = (int(p) for p in parts)
                if len(parts[2]) == 2:
                    year += 2000 if year <= date.today().year % 100 else 1900
        elif len(parts) == 1 and len(text) == 8 and text.isdigit():
            year, month, day = int(text[:4]), int(text[4:6]), int(text[6:])
            if not 1800 <= year <= 2200:  # JJMMAAAA
                day, month, year = int(text[:2]), int(text[2:4]), int(text[4:])
        else:
            return 0
    except ValueError:
        return 0
    if not (1800 <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= 31):
        return 0
    return year * 10000 + month * 100 + day


def normalise_email(value) -> str:
    """Lower-case, trimmed; empty when it is not an address (« nc », « aucun », « - »)."""
    text = str(value or "").strip().lower()
    if text.startswith("mailto:"):
        text = text[7:]
    local, at, domain = text.partition("@")
    if not at or not local or "." not in domain:
        return ""
    return text


def normalise_postcode(value) -> str:
    """Digits of a French postcode (« 75 014 » → ``75014``; « 1000 » → ``01000``); other codes
    folded to letters and digits."""
    text = str(value or "").strip().upper()
    digits = "".join(c for c in text if c.isdigit())
    if digits and len(digits) == len(text.replace(" ", "")):
        return digits.zfill(5) if len(digits) == 4 else digits
    return "".join(c for c in fold(text) if c.isalnum()) if text else ""


def postcode_area(postcode: str) -> str:
    """The département part of a French postcode (``971`` overseas, ``20`` Corsica)."""
    if postcode.startswith("97") or postcode.startswith("98"):
        return postcode[:3]
    return postcode[:2]


def normalise_place(value) -> str:
    """A commune or country as folded words: « St-Étienne (42) », « SAINT ETIENNE » →
    ``saint etienne``; « Paris 14e arrondissement » → ``paris``."""
    words = [_PLACE_WORDS.get(w, w) for w in fold(value).split()]
    return " ".join(w for w in words if w not in _PLACE_NOISE)
