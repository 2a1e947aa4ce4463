"""Labelled references in styles the AnyStyle data holds too rarely, made from its fields.

AnyStyle's labelled references are mostly author-year styles of the social and
biomedical sciences. Real lists from physics, chemistry, computer science and
the humanities print the same facts differently: physics omits the title
("V. P. Gusynin, Phys. Rev. D 52, 4747 (1995)"), chemistry puts the year before
the volume, LNCS ends the authors with ":", ABNT and some Vancouver lists print
names in capitals, GB/T 7714 and GOST lists carry CJK and Cyrillic names, and
names carry suffixes (Jr., III). Each article of the AnyStyle data (its fields
read with the parser's own tidy-up rules) is re-rendered in such a style, with
every token labelled, and with the fields it shows as gold for measuring.

The names put in for CJK and Cyrillic lists are drawn from short lists of
common family and given names; the titles stay those of the source record.

    python -m litgraph.refparse.render DATA/core-train.xml --style aps --n 5
"""
from __future__ import annotations

import argparse
import random
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from .tokens import tokenize



@dataclass
class Record:
    """The facts of one article, as the source reference gives them."""

    authors: list[tuple[str, str | None]]  # (family, given)
    year: int
    title: str
    container: str
    volume: str
    issue: str | None = None
    pages: str | None = None
    truncated: bool = False


@dataclass
class Rendered:
    style: str
    words: list[str]
    labels: list[str]
    gold: dict = field(default_factory=dict)

    @property
    def raw(self) -> str:
        return self.gold["raw"]


# --- records from the labelled data -------------------------------------------

def records(path: str, held_out: bool | None = None) -> list[Record]:
    """Articles of an AnyStyle XML file with authors, title, journal, volume and year
    (only those in, or out of, the held-out share when `held_out` is given)."""
    from .evaluate import gold_from_xml

    out = []
    for _, g in gold_from_xml(path, held_out):
        if g.get("type") != "article" or not g.get("authors") or not g.get("title"):
            continue
        if not (g.get("container") and g.get("volume") and g.get("year")):
            continue
        authors = [(a["family"], a["given"]) for a in g["authors"]]
        if any(not f or len(f) > 40 or not f[0].isalpha() for f, _ in authors):
            continue
        if not re.fullmatch(r"\d{1,4}", g["volume"]):
            continue
        out.append(Record(authors, g["year"], g["title"], g["container"], g["volume"],
                          g.get("issue") if g.get("issue") and re.fullmatch(r"\d{1,4}", g["issue"]) else None,
                          g.get("pages")))
    return out


HOLD_OUT = 0.15


def held_out_key(key: str, share: float = HOLD_OUT) -> bool:
    """Is the reference with this key (its tidied title, else its text) in the
    measuring part? A hash, so the same reference lands on the same side
    whichever file or run it comes from."""
    return zlib.crc32(key.lower().encode("utf-8")) % 1000 < share * 1000




# --- names --------------------------------------------------------------------

SUFFIXES = ("Jr.", "Sr.", "II", "III", "IV")
_CN_FAMILY = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_CN_GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红文辉力鹏飞宇浩晨阳博志海峰雪梅晶颖琳欣然俊凯"
_KR_FAMILY = ("김", "이", "박", "최", "정", "강", "조", "윤", "장", "임", "한", "오", "서", "신", "권", "황", "안", "송", "류", "홍")
_KR_GIVEN = "민서지현수영준호우진성연은하도윤재혁동철희경미숙"
_JP_FAMILY = ("佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田", "佐々木",
              "山口", "松本", "井上", "木村", "清水", "林", "斎藤")
_JP_GIVEN = ("太郎", "花子", "健一", "直樹", "美咲", "大輔", "由美", "翔太", "陽子", "誠", "裕子", "浩二", "明美", "拓也")
_RU_FAMILY = ("Иванов", "Петров", "Смирнов", "Кузнецов", "Попов", "Соколов", "Лебедев", "Козлов", "Новиков",
              "Морозов", "Волков", "Соловьёв", "Васильев", "Зайцев", "Павлов", "Семёнов", "Голубев", "Виноградов",
              "Богданов", "Воробьёв", "Фёдоров", "Михайлов", "Беляев", "Тарасов", "Белов", "Комаров", "Орлов")
_RU_INITIALS = "АБВГДЕЖЗИКЛМНОПРСТФЭЮЯ"


def initials(given: str | None, dots: bool = True, space: bool = True) -> str:
    """'John Edward' or 'J. E.' or 'JE' -> 'J. E.' / 'J.E.' / 'JE'; 'Jean-Paul' -> 'J.-P.'"""
    if not given:
        return ""
    parts = []
    for w in re.split(r"[\s.]+", given.strip()):
        if not w:
            continue
        if w.isupper() and len(w) <= 3 and "-" not in w:
            parts.extend(w)  # Vancouver 'JE': two initials
            continue
        sub = [s for s in w.split("-") if s]
        if not sub:
            continue
        if dots:
            parts.append("-".join(s[0].upper() + "." for s in sub))
        else:
            parts.append("".join(s[0].upper() for s in sub))
    if dots:
        parts = [p if p.endswith(".") else p + "." for p in parts]
        return (" " if space else "").join(parts)
    return "".join(p.rstrip(".") for p in parts)


def _cjk_name(rnd: random.Random) -> tuple[str, str, str]:
    """(printed, family, given) of a Chinese, Korean or Japanese name."""
    kind = rnd.random()
    if kind < 0.5:
        fam = rnd.choice(_CN_FAMILY)
        given = "".join(rnd.choice(_CN_GIVEN) for _ in range(rnd.choice((1, 2, 2))))
        return fam + given, fam, given
    if kind < 0.75:
        fam = rnd.choice(_KR_FAMILY)
        given = rnd.choice(_KR_GIVEN) + rnd.choice(_KR_GIVEN)
        return fam + given, fam, given
    fam = rnd.choice(_JP_FAMILY)
    given = rnd.choice(_JP_GIVEN)
    if len(fam) + len(given) == 4 and rnd.random() < 0.5:
        return fam + given, fam, given
    return f"{fam} {given}", fam, given


def _ru_name(rnd: random.Random) -> tuple[str, str]:
    fam = rnd.choice(_RU_FAMILY)
    if rnd.random() < 0.4:
        fam = fam.replace("ё", "е") + "а"
    return fam, " ".join(rnd.choice(_RU_INITIALS) + "." for _ in range(rnd.choice((1, 2, 2))))


# --- journal abbreviations (ISO 4 words) ----------------------------------------

_ABBR = {
    "journal": "J.", "international": "Int.", "review": "Rev.", "reviews": "Rev.", "research": "Res.",
    "letters": "Lett.", "physics": "Phys.", "physical": "Phys.", "chemistry": "Chem.", "chemical": "Chem.",
    "science": "Sci.", "sciences": "Sci.", "american": "Am.", "society": "Soc.", "management": "Manag.",
    "economics": "Econ.", "economic": "Econ.", "applied": "Appl.", "proceedings": "Proc.", "studies": "Stud.",
    "quarterly": "Q.", "annals": "Ann.", "medicine": "Med.", "medical": "Med.", "biology": "Biol.",
    "biological": "Biol.", "psychology": "Psychol.", "academy": "Acad.", "national": "Natl.", "european": "Eur.",
    "business": "Bus.", "engineering": "Eng.", "computer": "Comput.", "computing": "Comput.",
    "technology": "Technol.", "communications": "Commun.", "mathematics": "Math.", "mathematical": "Math.",
    "education": "Educ.", "educational": "Educ.", "social": "Soc.", "political": "Polit.", "history": "Hist.",
    "environmental": "Environ.", "development": "Dev.", "behavior": "Behav.", "behaviour": "Behav.",
    "clinical": "Clin.", "british": "Br.", "organization": "Organ.", "organizational": "Organ.",
    "marketing": "Mark.", "finance": "Financ.", "financial": "Financ.", "sociology": "Sociol.",
    "sociological": "Sociol.", "anthropology": "Anthropol.", "philosophy": "Philos.", "statistics": "Stat.",
    "statistical": "Stat.", "systems": "Syst.", "information": "Inf.", "policy": "Policy", "health": "Health",
    "public": "Public", "language": "Lang.", "linguistics": "Linguist.", "literature": "Lit.",
    "geography": "Geogr.", "materials": "Mater.", "molecular": "Mol.", "nursing": "Nurs.", "quantum": "Quantum",
    "nuclear": "Nucl.", "optics": "Opt.", "astronomy": "Astron.", "astrophysics": "Astrophys.",
    "transactions": "Trans.", "conference": "Conf.", "annual": "Annu.", "advances": "Adv.",
}
_DROP = {"of", "the", "and", "&", "for", "in", "on", "de", "la"}


def abbreviate(journal: str, dots: bool = True) -> str:
    """An ISO 4-like abbreviation: 'Journal of Applied Physics' -> 'J. Appl. Phys.'"""
    words = [w.strip(",.:") for w in journal.split()]
    out = []
    for w in words:
        low = w.lower()
        if low in _DROP:
            continue
        a = _ABBR.get(low)
        if a is None:
            a = w
        out.append(a if dots else a.rstrip("."))
    return " ".join(out) or journal


# Physics and chemistry journals as printed, with their series letters.
PHYSICS_JOURNALS = (
    "Phys. Rev. A", "Phys. Rev. B", "Phys. Rev. C", "Phys. Rev. D", "Phys. Rev. E", "Phys. Rev. Lett.",
    "Phys. Lett. A", "Phys. Lett. B", "Nucl. Phys. A", "Nucl. Phys. B", "Eur. Phys. J. C", "J. Phys. A",
    "J. Phys. B", "J. Phys. G", "J. High Energy Phys.", "Astrophys. J.", "Appl. Phys. Lett.", "J. Appl. Phys.",
    "Rev. Mod. Phys.", "Nature", "Science", "Class. Quantum Grav.", "Ann. Phys. (N.Y.)", "Prog. Theor. Phys.",
    "JETP Lett.", "Sov. Phys. JETP", "Phys. Rep.", "New J. Phys.", "Mon. Not. R. Astron. Soc.", "Astron. Astrophys.",
    "Nucl. Instrum. Methods A", "Z. Phys. C", "Int. J. Mod. Phys. A", "Mod. Phys. Lett. A", "Proc. R. Soc. A",
)
CHEMISTRY_JOURNALS = (
    "J. Am. Chem. Soc.", "Angew. Chem. Int. Ed.", "Chem. Rev.", "J. Org. Chem.", "Org. Lett.", "Inorg. Chem.",
    "J. Phys. Chem. A", "J. Phys. Chem. B", "J. Phys. Chem. C", "J. Chem. Phys.", "Chem. Commun.",
    "Chem. Sci.", "ACS Nano", "Nano Lett.", "Macromolecules", "Langmuir", "Chem. Mater.", "Anal. Chem.",
    "J. Med. Chem.", "Dalton Trans.", "Chem. Eur. J.", "Phys. Chem. Chem. Phys.", "J. Catal.", "Tetrahedron Lett.",
)
_MONTHS = ("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun.", "Jul.", "Aug.", "Sep.", "Oct.", "Nov.", "Dec.")


# --- styles -------------------------------------------------------------------

class Builder:
    """Segments in order, each with its label; `glue` joins one to the last without a space."""

    def __init__(self) -> None:
        self.segs: list[tuple[str, str, bool]] = []

    def add(self, text: str, label: str, glue: bool = False) -> None:
        if text:
            self.segs.append((text, label, glue))


def _first_page(pages: str | None) -> str | None:
    if not pages:
        return None
    return re.split(r"\s*[-–—]+\s*", pages)[0]


def _names(rec: Record, rnd: random.Random, form: str, suffix_share: float = 0.08) -> tuple[list[str], list[dict]]:
    """Each author printed in `form`, and the gold {family, given, suffix} of each."""
    printed, gold = [], []
    for fam, given in rec.authors[:8]:
        suffix = rnd.choice(SUFFIXES) if rnd.random() < suffix_share and given else None
        if form == "cjk":
            p, f, g = _cjk_name(rnd)
            printed.append(p)
            gold.append({"family": f, "given": g})
            continue
        if form in ("gost", "gost_first"):
            f, g = _ru_name(rnd)
            printed.append(f"{f} {g}" if form == "gost" else f"{g} {f}")
            gold.append({"family": f, "given": g})
            continue
        caps = form.startswith("caps_")
        base = form[5:] if caps else form
        fam_p = fam.upper() if caps else fam
        if base == "vanc":
            g = initials(given, dots=False)
            p = f"{fam_p} {g}".strip()
            if suffix:
                p += " " + suffix.rstrip(".")
        elif base == "inv":
            g = initials(given)
            p = f"{fam_p}, {g}" if g else fam_p
            if suffix:
                p += ", " + suffix
        elif base == "inv_compact":
            g = initials(given, space=False)
            p = f"{fam_p}, {g}" if g else fam_p
            if suffix:
                p += ", " + suffix
        elif base == "full_inv":  # Chicago, MLA: the first author inverted with full names
            g = given or ""
            p = f"{fam_p}, {g}".strip(", ") if not printed else f"{g} {fam_p}".strip()
            if suffix:
                p += ", " + suffix
        else:  # initials first
            g = initials(given)
            p = f"{g} {fam_p}".strip()
            if suffix:
                p += (", " if rnd.random() < 0.3 else " ") + suffix
        printed.append(p)
        item = {"family": fam_p, "given": g or None}
        if suffix:
            item["suffix"] = suffix
        gold.append(item)
    return printed, gold


def _join(names: list[str], sep: str, last: str | None) -> str:
    if len(names) == 1 or last is None:
        return sep.join(names)
    if len(names) == 2:
        # "A and B" (no serial comma with two names); "A, B" stays.
        return names[0] + (last[1:] if last.startswith(",") and last.strip(", ") else last) + names[1]
    return sep.join(names[:-1]) + last + names[-1]


def _etal(rec: Record, rnd: random.Random, limit: int) -> tuple[Record, bool]:
    if len(rec.authors) > limit and rnd.random() < 0.7:
        return Record(rec.authors[:1], rec.year, rec.title, rec.container, rec.volume, rec.issue, rec.pages), True
    return rec, False


def aps(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """Physics (APS, AIP, IOP): initials first, no title, volume bold, first page, year last."""
    rec, etal = _etal(rec, rnd, 3)
    names, gold["authors"] = _names(rec, rnd, "init")
    authors = _join(names, ", ", rnd.choice((", and ", " and ", ", ")))
    if etal:
        authors += rnd.choice((" et al.", ", et al.", " et al"))
    journal = rnd.choice(PHYSICS_JOURNALS) if rnd.random() < 0.6 else abbreviate(rec.container)
    end = rnd.choice((",", ",", ""))  # "V. P. Gusynin Phys. Rev. D 52 4747 (1995)": no comma at all
    b.add(authors + end, "author")
    vol = rec.volume
    series = re.search(r" ([A-G])$", journal)
    if series and rnd.random() < 0.35:
        # "Phys. Lett. B660, 483": the series letter glued to the volume.
        b.add(journal[: series.start()], "container")
        b.add(series.group(1) + vol + ",", "volume")  # the field rules give the letter back to the journal
    else:
        b.add(journal, "container")
        b.add(vol + ("," if end else rnd.choice(("", ","))), "volume")
    page = _first_page(rec.pages) if rnd.random() < 0.7 else rec.pages
    if page:
        b.add(page, "pages")
        gold["pages"] = page
    b.add(f"({rec.year}).", "date")
    gold.update(title=None, container=journal, volume=vol, issue=None)


def acs(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """Chemistry (ACS): 'Author, A. B.; Author, C.' then title (optional), journal, year, volume, pages."""
    rec, etal = _etal(rec, rnd, 10)
    names, gold["authors"] = _names(rec, rnd, "inv")
    b.add("; ".join(names) + (" et al." if etal else ""), "author")
    with_title = rnd.random() < 0.5
    if with_title:
        b.add(rec.title.rstrip(".") + ".", "title")
    journal = rnd.choice(CHEMISTRY_JOURNALS) if rnd.random() < 0.6 else abbreviate(rec.container)
    b.add(journal, "container")
    b.add(f"{rec.year},", "date")
    issue = rec.issue if rec.issue and rnd.random() < 0.5 else None
    b.add(rec.volume + (f" ({issue})," if issue else ","), "volume")
    if rec.pages:
        b.add(rec.pages + ".", "pages")
    gold.update(title=rec.title.rstrip(".") if with_title else None, container=journal, volume=rec.volume,
                issue=issue, pages=rec.pages)


def ieee(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    rec, etal = _etal(rec, rnd, 6)
    names, gold["authors"] = _names(rec, rnd, "init")
    b.add(f"[{rnd.randint(1, 120)}]", "citation-number")
    authors = _join(names, ", ", ", and ") + (" et al." if etal else "")
    b.add(authors + ",", "author")
    b.add(f"“{rec.title.rstrip('.')},”", "title")
    journal = abbreviate(rec.container)
    b.add(journal + ",", "container")
    b.add(f"vol. {rec.volume},", "volume")
    if rec.issue:
        b.add(f"no. {rec.issue},", "volume")
    if rec.pages:
        b.add(f"pp. {rec.pages},", "pages")
    if rnd.random() < 0.5:
        b.add(f"{rnd.choice(_MONTHS)} {rec.year}.", "date")
    else:
        b.add(f"{rec.year}.", "date")
    gold.update(title=rec.title.rstrip("."), container=journal, volume=rec.volume, issue=rec.issue, pages=rec.pages)


def lncs(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """Springer LNCS: 'Smith, T.F., Waterman, M.S.: Title. J. Mol. Biol. 147, 195–197 (1981)' or initials first."""
    rec, etal = _etal(rec, rnd, 4)
    form = rnd.choice(("inv_compact", "init"))
    names, gold["authors"] = _names(rec, rnd, form)
    if rnd.random() < 0.5:
        b.add(f"{rnd.randint(1, 60)}.", "citation-number")
    authors = (", ".join(names) if form == "inv_compact" else _join(names, ", ", rnd.choice((", ", " and ")))) \
        + (" et al." if etal else "")
    b.add(authors + ":", "author")
    b.add(rec.title.rstrip(".") + ".", "title")
    journal = abbreviate(rec.container) if rnd.random() < 0.5 else rec.container
    b.add(journal, "container")
    b.add(rec.volume + (f"({rec.issue})," if rec.issue else ","), "volume")
    if rec.pages:
        b.add(rec.pages, "pages")
    b.add(f"({rec.year})", "date")
    gold.update(title=rec.title.rstrip("."), container=journal, volume=rec.volume, issue=rec.issue, pages=rec.pages)


def abnt(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """ABNT (Brazil) and other all-caps surname styles: 'SMITH, J. A.; JONES, B. Title. Journal, v. 3, n. 2, p. 1-9, 2019.'"""
    rec, etal = _etal(rec, rnd, 3)
    names, gold["authors"] = _names(rec, rnd, "caps_inv")
    b.add("; ".join(names) + (" et al." if etal else "") + ("" if names[-1].endswith(".") else "."), "author")
    b.add(rec.title.rstrip(".") + ".", "title")
    b.add(rec.container + ",", "container")
    b.add(f"v. {rec.volume},", "volume")
    if rec.issue:
        b.add(f"n. {rec.issue},", "volume")
    if rec.pages:
        b.add(f"p. {rec.pages},", "pages")
    b.add(f"{rec.year}.", "date")
    gold.update(title=rec.title.rstrip("."), container=rec.container, volume=rec.volume, issue=rec.issue, pages=rec.pages)


def vancouver_caps(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """'SMITH JA, JONES B. Title. J Abbrev. 2019;12(3):100-10.' (some medical and older lists)."""
    rec, etal = _etal(rec, rnd, 6)
    names, gold["authors"] = _names(rec, rnd, rnd.choice(("caps_vanc", "vanc")))
    b.add(", ".join(names) + (", et al." if etal else "."), "author")
    b.add(rec.title.rstrip(".") + ".", "title")
    journal = abbreviate(rec.container, dots=False)
    b.add(journal + ".", "container")
    b.add(f"{rec.year};", "date")
    glue = rnd.random() < 0.7
    b.add(rec.volume + (f"({rec.issue})" if rec.issue else "") + (":" if rec.pages else "."), "volume", glue)
    if rec.pages:
        b.add(rec.pages + ".", "pages", glue)
    gold.update(title=rec.title.rstrip("."), container=journal, volume=rec.volume, issue=rec.issue, pages=rec.pages)


def gbt7714(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """GB/T 7714 (China), also Korean and Japanese lists: 'Wang X M, Li H. Title[J]. Journal, 2019, 12(3): 100-110.'"""
    rec, etal = _etal(rec, rnd, 3)
    names, gold["authors"] = _names(rec, rnd, "cjk")
    sep = rnd.choice((", ", "，", "、", ", "))
    tail = ""
    if etal:
        tail = rnd.choice((", 等", ", 等.", ", et al.", " 외", ", 他"))
    b.add(sep.join(names) + tail + ".", "author")
    title, journal = rec.title.rstrip("."), rec.container
    if rnd.random() < 0.5:
        # A title and journal in Chinese: unspaced runs of characters (drawn at random,
        # as the structure, not the words, is what the tagger learns here).
        title = "".join(rnd.choice(_CN_TEXT) for _ in range(rnd.randint(6, 22)))
        journal = "".join(rnd.choice(_CN_TEXT) for _ in range(rnd.randint(2, 5))) + rnd.choice(_CN_JOURNAL)
    b.add(title + rnd.choice(("[J].", "[J].", ".")), "title")
    b.add(journal + rnd.choice((",", "，")), "container")
    b.add(f"{rec.year},", "date")
    b.add(rec.volume + (f"({rec.issue})" if rec.issue else "") + (":" if rec.pages else "."), "volume")
    if rec.pages:
        b.add(rec.pages + ".", "pages")
    gold.update(title=title, container=journal, volume=rec.volume, issue=rec.issue, pages=rec.pages)


_CN_TEXT = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
_CN_JOURNAL = ("学报", "研究", "杂志", "科学", "学刊", "评论", "通报")


def gost(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """GOST 7.1 (Russia): 'Иванов И. И., Петров П. П. Title // Journal. 2019. Т. 12, № 3. С. 100–110.'"""
    rec, etal = _etal(rec, rnd, 4)
    names, gold["authors"] = _names(rec, rnd, rnd.choice(("gost", "gost", "gost_first")))
    b.add(", ".join(names) + (" и др." if etal else ""), "author")
    b.add(rec.title.rstrip(".") + " //", "title")
    b.add(rec.container + ".", "container")
    b.add(f"{rec.year}.", "date")
    b.add(f"Т. {rec.volume}" + (f", № {rec.issue}." if rec.issue else "."), "volume")
    if rec.pages:
        b.add(f"С. {rec.pages}.", "pages")
    gold.update(title=rec.title.rstrip("."), container=rec.container, volume=rec.volume, issue=rec.issue,
                pages=rec.pages)


def french(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """Author-year with 'et' for 'and' (French, Latin), sometimes names in capitals."""
    names, gold["authors"] = _names(rec, rnd, rnd.choice(("inv", "caps_inv", "init")))
    b.add(_join(names, ", ", " et "), "author")
    b.add(f"({rec.year}).", "date")
    b.add(rec.title.rstrip(".") + ".", "title")
    b.add(rec.container + ",", "container")
    b.add(rec.volume + (f"({rec.issue})," if rec.issue else ","), "volume")
    if rec.pages:
        b.add(rec.pages + ".", "pages")
    gold.update(title=rec.title.rstrip("."), container=rec.container, volume=rec.volume, issue=rec.issue, pages=rec.pages)


def chicago_suffix(rec: Record, rnd: random.Random, b: Builder, gold: dict) -> None:
    """Humanities (Chicago, MLA): full names, first inverted, suffixes common, quoted title."""
    names, gold["authors"] = _names(rec, rnd, "full_inv", suffix_share=0.3)
    authors = _join(names, ", ", ", and ")
    b.add(authors + ("" if authors.endswith(".") else "."), "author")
    b.add(f"{rec.year}.", "date")
    b.add(f"“{rec.title.rstrip('.')}.”", "title")
    b.add(rec.container, "container")
    b.add(rec.volume + (f" ({rec.issue})" if rec.issue else "") + (":" if rec.pages else "."), "volume")
    if rec.pages:
        b.add(rec.pages + ".", "pages")
    gold.update(title=rec.title.rstrip("."), container=rec.container, volume=rec.volume, issue=rec.issue, pages=rec.pages)


STYLES: dict[str, tuple[str, Callable]] = {
    "aps": ("physics", aps),
    "acs": ("chemistry", acs),
    "ieee": ("computer science", ieee),
    "lncs": ("computer science", lncs),
    "abnt": ("humanities", abnt),
    "vancouver-caps": ("biomedicine", vancouver_caps),
    "gbt7714": ("non-Latin names", gbt7714),
    "gost": ("non-Latin names", gost),
    "french-et": ("humanities", french),
    "chicago-suffix": ("humanities", chicago_suffix),
}


def render(rec: Record, style: str, rnd: random.Random) -> Rendered:
    """One record in one style: tokens, their labels and the gold fields.

    The text is tokenised as the parser does it, and each token takes the label
    of the segment it starts in, so words and labels line up exactly."""
    b = Builder()
    gold = {"type": "article", "year": rec.year, "doi": None, "url": None, "publisher": None}
    STYLES[style][1](rec, rnd, b, gold)
    parts, bounds = [], []
    pos = 0
    for k, (text, label, glue) in enumerate(b.segs):
        if k and not glue:
            parts.append(" ")
            pos += 1
        parts.append(text)
        bounds.append((pos, pos + len(text), label))
        pos += len(text)
    raw = "".join(parts)
    toks = tokenize(raw)
    labels = []
    j = 0
    for start, _ in toks.spans:
        while j + 1 < len(bounds) and start >= bounds[j][1]:
            j += 1
        labels.append(bounds[j][2])
    gold["authors"] = gold.get("authors") or []
    gold["raw"] = toks.text
    return Rendered(style, toks.words, labels, gold)


def generate(recs: list[Record], per_record: int = 1, seed: int = 11,
             styles: list[str] | None = None) -> list[Rendered]:
    """Each record rendered in `per_record` styles chosen at random."""
    rnd = random.Random(seed)
    names = styles or list(STYLES)
    out = []
    for rec in recs:
        for style in rnd.sample(names, min(per_record, len(names))):
            out.append(render(rec, style, rnd))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("xml", nargs="+")
    ap.add_argument("--style", choices=list(STYLES))
    ap.add_argument("--n", type=int, default=5)
    args = ap.parse_args(argv)
    recs = [r for x in args.xml for r in records(x)]
    styles = [args.style] if args.style else None
    for r in generate(recs[: args.n], styles=styles):
        print(r.style, "|", r.raw)
        print("   ", list(zip(r.words, r.labels)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
