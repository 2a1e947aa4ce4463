"""LaTeX to Unicode for BibTeX values: one linear pass, no recursion.

BibTeX values hold a small part of LaTeX: accents (G{\\"o}del, \\'{\\i}),
special letters (\\ss, \\o, \\l), escaped signs (\\&, \\%), dashes and quotes
(--, ``...''), font commands (\\emph{...}, \\textit{...}), math ($\\alpha$) and
grouping braces. `decode` turns these into Unicode in one pass over the value
with a regular-expression tokenizer, so its time is linear in the length of a
value and brace nesting of any depth costs no recursion. Symbols come from
pylatexenc's table of LaTeX macros for Unicode characters (read once); unknown
commands are dropped and their arguments kept, as pylatexenc does.

Why not pylatexenc's parser itself: it builds a node tree per value, costs
50-100 us per character on this machine (7-30 s for one 400,000-character
field), and recurses once per brace level. Values with none of \\ { } $ ~ and
no dash or quote ligature are returned untouched without any work (most
values of a large library hold no LaTeX at all).
"""
from __future__ import annotations

import re
import unicodedata

# What makes a value need decoding at all.
_NEEDS = re.compile(r"[\\{}$~]|--|``|''|[?!]`")
_TOKEN = re.compile(
    r"\\([A-Za-z]+)\s*"      # 1 a command word: \ss, \emph, \v
    r"|\\(.)"                # 2 a command symbol: \' \& \\ \{
    r"|([{}$])"              # 3 grouping, math shift
    r"|(~)"                  # 4 tie: a non-breaking space
    r"|(---|--|``|''|\?`|!`)"  # 5 ligatures
    r"|([^\\{}$~\-`'?!]+|.)",  # 6 plain text
    re.S,
)
# Accent commands and the combining marks they put on the next letter.
_ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304", ".": "\u0307",
    "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a", "d": "\u0323",
    "b": "\u0331", "t": "",
}
_SPACING = {"\u0301": "\u00b4", "\u0300": "`", "\u0302": "^", "\u0308": "\u00a8", "\u0303": "~"}
_LIGATURES = {"---": "\u2014", "--": "\u2013", "``": "\u201c", "''": "\u201d", "?`": "\u00bf", "!`": "\u00a1"}
_SYMBOLS: dict[str, str] | None = None


def _symbols() -> dict[str, str]:
    """Command word -> text, from pylatexenc's Unicode-to-LaTeX table (plain commands only)."""
    global _SYMBOLS
    if _SYMBOLS is None:
        table: dict[str, str] = {}
        try:
            from pylatexenc.latexencode import get_builtin_uni2latex_dict

            for code, latex in get_builtin_uni2latex_dict().items():
                m = re.fullmatch(r"\\ensuremath\{\\([A-Za-z]+)\}|\\([A-Za-z]+)(?:\{\})?", latex)
                if m:
                    table.setdefault(m.group(1) or m.group(2), chr(code))
        except ImportError:  # pragma: no cover - pylatexenc is a dependency
            pass
        table.update({"i": "\u0131", "j": "\u0237", "LaTeX": "LaTeX", "TeX": "TeX", "BibTeX": "BibTeX",
                      "S": "\u00a7", "P": "\u00b6", "textbackslash": "\\", "textasciitilde": "~",
                      "textasciicircum": "^", "textunderscore": "_", "textbar": "|", "textless": "<",
                      "textgreater": ">", "textbraceleft": "{", "textbraceright": "}", "relax": "", "par": " ",
                      "newline": " ", "quad": " ", "qquad": " ", "space": " ", "ldots": "\u2026",
                      "dots": "\u2026", "textendash": "\u2013", "textemdash": "\u2014"})
        _SYMBOLS = table
    return _SYMBOLS


def needs_decoding(text: str) -> bool:
    return _NEEDS.search(text) is not None


def decode(text: str) -> str:
    """`text` with its LaTeX turned into Unicode (whitespace left as it is)."""
    if not _NEEDS.search(text):
        return text
    symbols = _symbols()
    out: list[str] = []
    marks: list[str] = []  # combining marks waiting for the next letter

    def emit(piece: str) -> None:
        if marks:
            piece = piece.lstrip()
            if not piece:
                return
            first = {"\u0131": "i", "\u0237": "j"}.get(piece[0], piece[0]) if any(marks) else piece[0]
            piece = unicodedata.normalize("NFC", first + "".join(marks)) + piece[1:]
            marks.clear()
        out.append(piece)

    opened = False  # the previous token was "{": an accent on "{}" stands alone
    for m in _TOKEN.finditer(text):
        word, sym, group, tie, lig, plain = m.groups()
        if group == "}" and opened and marks:
            out.append("".join(_SPACING.get(k, "") for k in marks))
            marks.clear()
        opened = group == "{"
        if word is not None:
            if word in _ACCENTS and len(word) == 1:
                marks.append(_ACCENTS[word])
            elif word in symbols:
                emit(symbols[word])
            # an unknown command (\emph, \textit, \noopsort) goes; its argument stays
        elif sym is not None:
            if sym in _ACCENTS:
                marks.append(_ACCENTS[sym])
            elif sym == "\\" or sym.isspace() or sym in ",;:!>":
                out.append(" ")
            elif sym in "-/@":
                pass
            else:
                emit(sym)
        elif group is not None:
            continue
        elif tie is not None:
            out.append(" ")
        elif lig is not None:
            emit(_LIGATURES[lig])
        else:
            emit(plain)
    return "".join(out)
