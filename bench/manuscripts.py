"""Manuscripts with planted citation errors, in five citation styles, and their hand labels.

Run `python bench/manuscripts.py write` to (re)write tests/data/manuscripts/ (text, gold JSON);
`python bench/manuscripts.py` measures litgraph on them: per style, citations found and linked
(precision, recall) and planted errors found (recall) with every other finding counted as a
false alarm. The prose is written for this purpose (no one else's text); it carries the
distractors real papers have: years, figure and table numbers, equations, decimals, page ranges,
units, enumerations and footnote-like numbers.

A citation in the templates is {key1,key2}, @{key} a narrative one; {!key} is one printed in full (all authors)
and {~key} one printed with "et al." whatever its author count; {?name,year} cites a work the
list lacks. Styles render them as Vancouver "[1, 2]", IEEE "[1], [2]", Nature superscripts,
APA "(Teece et al., 1997)" and Harvard "(Teece et al. 1997)".
"""
from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "tests" / "data" / "manuscripts"


@dataclass
class Work:
    key: str
    authors: list[tuple[str, str]]  # (family, initials)
    year: int
    title: str
    journal: str
    volume: str
    pages: str
    doi: str


MEDICAL = [
    Work("okafor", [("Okafor", "CN"), ("Lindqvist", "M")], 2015, "Aerobic training and resting blood pressure in adults over sixty",
         "J Hypertens Res", "33", "412-420", "10.1097/hjr.2015.0412"),
    Work("haldane", [("Haldane", "RJ")], 2009, "Salt intake, potassium and the kidney: a narrative review", "Kidney Med Rev",
         "12", "88-101", "10.1016/j.kmr.2009.03.004"),
    Work("brunner", [("Brunner", "E"), ("Castillo", "AP"), ("Nakamura", "T"), ("Weiss", "D")], 2018,
         "Home blood pressure monitoring in primary care: a cluster randomised trial", "Br J Gen Pract", "68", "e301-e309",
         "10.3399/bjgp18x695405"),
    Work("moreau", [("Moreau", "L"), ("Petit", "S"), ("Garnier", "F")], 2012, "Arterial stiffness after six months of walking",
         "Eur J Prev Cardiol", "19", "1020-1027", "10.1177/2047487311420001"),
    Work("sorensen", [("Sørensen", "K"), ("Holm", "EA")], 2020, "Adherence to antihypertensive drugs measured by pill counts",
         "Scand J Prim Health Care", "38", "144-151", "10.1080/02813432.2020.1753342"),
    Work("abiodun", [("Abiodun", "O"), ("Mensah", "GA"), ("Osei", "K"), ("Addo", "J"), ("Boateng", "D")], 2017,
         "Prevalence of hypertension in urban West Africa: a pooled analysis", "Lancet Glob Health", "5", "e702-e711",
         "10.1016/s2214-109x(17)30201-7"),
    Work("tanaka", [("Tanaka", "H")], 2004, "Exercise dose and the fall in systolic pressure", "Circulation", "109", "2244-2250",
         "10.1161/01.cir.0000127435.16052.41"),
    Work("kowalski", [("Kowalski", "P"), ("Nowak", "A")], 2019, "Cost of nurse-led hypertension clinics in Poland",
         "Health Policy", "123", "561-568", "10.1016/j.healthpol.2019.04.002"),
    Work("greene", [("Greene", "SL"), ("Patel", "R"), ("O'Brien", "E")], 2011, "Validation of an upper-arm oscillometric device",
         "Blood Press Monit", "16", "197-203", "10.1097/mbp.0b013e3283482b41"),
    Work("ibrahim", [("Ibrahim", "M"), ("Yusuf", "S")], 2021, "Sodium reduction policies in thirty countries",
         "BMJ Glob Health", "6", "e004211", "10.1136/bmjgh-2020-004211"),
    Work("fischer", [("Fischer", "J"), ("Braun", "C"), ("Vogel", "T")], 2016, "Night-time blood pressure and stroke",
         "Stroke", "47", "2611-2617", "10.1161/strokeaha.116.013821"),
    Work("lee", [("Lee", "JH"), ("Park", "SY")], 2014, "Isometric handgrip training in older women",
         "J Geriatr Cardiol", "11", "288-294", "10.11909/j.issn.1671-5411.2014.04.004"),
]

MEDICAL_TEXT = """# Supervised walking and home monitoring for older adults with hypertension: a pilot study

## Abstract
Background: Raised blood pressure affects about 30% of adults over 60 years. We tested a 12-week
programme in 2022 and 2023. Results: systolic pressure fell by 7.4 mmHg (95% CI 4.1 to 10.7).

## 1. Introduction
Hypertension remains the leading modifiable cause of stroke and heart failure {haldane,tanaka}.
Regular aerobic exercise lowers resting systolic pressure by 5 to 8 mmHg in most trials {okafor}.
The effect is larger in people with higher baseline values, and it appears within 8 weeks {tanaka,okafor,moreau}.
Home monitoring adds to this, since patients who measure at home adjust their treatment sooner {brunner}.
Adherence, however, is poor: fewer than half of patients take 80% of their doses {sorensen}.
In West Africa the prevalence in cities has doubled since 1995 {abiodun}.

Three questions guided the study: (1) whether supervised walking lowers pressure, (2) whether home
monitoring improves adherence, and (3) whether the two together cost less than usual care.

## 2. Methods
### 2.1 Participants
We enrolled 146 adults aged 60 to 84 years (mean 71.3, SD 6.2) from 4 practices between March 2022 and
June 2023. Devices were validated against the protocol of the European Society {greene}. Participants
with a clinic reading above 140/90 mmHg on 2 visits were eligible.

### 2.2 Intervention
The walking group met 3 times a week for 45 min, at 60% to 70% of heart-rate reserve, as in earlier
work on older women {lee} and on arterial stiffness {moreau}. Each participant took 5 mg of amlodipine
or continued their own drug. Costs were estimated as in a Polish clinic study {kowalski}.

### 2.3 Outcomes
The primary outcome was the change in mean daytime systolic pressure, defined as

    ΔSBP = SBP(12) − SBP(0)    (1)

where SBP(t) is the mean of the readings in week t. Night-time values were kept apart, since they
predict stroke better {fischer}. Table 2 lists the secondary outcomes and Figure 1 (panel 3) the flow
of participants; see also pages 12-15 of the protocol.

## 3. Results
Systolic pressure fell by 7.4 mmHg in the walking group and by 2.1 mmHg in the control group
(p = 0.003). The fall matches pooled estimates {okafor,tanaka} and exceeds the 4.2 mmHg seen with
handgrip training {lee}. Adherence rose from 61% to 78% with home monitoring {sorensen,brunner}.
Sodium intake did not change, although national policies differ widely {ibrahim}.

## 4. Discussion
Our results agree with those of larger trials {brunner,okafor} and with the dose-response curve
described earlier {tanaka}. Salt remains a confounder {haldane}, and in African cities the burden
is growing fast {abiodun,ibrahim}. Validation of the devices matters as much as their use {greene}.

## 5. Conclusion
Supervised walking with home monitoring lowered pressure in 12 weeks at a cost of 210 euros per
patient, in line with nurse-led clinics {kowalski}.
"""

# Planted errors (numbered styles): a number past the list, a duplicate entry, a malformed DOI,
# an entry never cited, two references first cited out of order.
MEDICAL_PLANTS = {
    "past_list": "Stroke after the age of 80 is rarely studied {?past}.",  # appended to Discussion
    "never_cited": Work("quinn", [("Quinn", "B"), ("Doyle", "M")], 2013, "Blood pressure targets in the very old",
                        "Age Ageing", "42", "15-21", "10.1093/ageing/afs170"),
    "duplicate_of": "sorensen",
    "bad_doi": ("kowalski", "10.1016j.healthpol.2019.04.002"),
    "swap": ("lee", "fischer"),  # these two keep each other's numbers: first citations out of order
}

MANAGEMENT = [
    Work("teece", [("Teece", "D. J."), ("Pisano", "G."), ("Shuen", "A.")], 1997, "Dynamic capabilities and strategic management",
         "Strategic Management Journal", "18", "509-533", "10.1002/(SICI)1097-0266(199708)18:7<509::AID-SMJ882>3.0.CO;2-Z"),
    Work("johanson", [("Johanson", "J."), ("Vahlne", "J.-E.")], 2009, "The Uppsala internationalization process model revisited",
         "Journal of International Business Studies", "40", "1411-1431", "10.1057/jibs.2009.24"),
    Work("barney", [("Barney", "J.")], 1991, "Firm resources and sustained competitive advantage",
         "Journal of Management", "17", "99-120", "10.1177/014920639101700108"),
    Work("hilmersson", [("Hilmersson", "M."), ("Johanson", "M.")], 2016, "Speed of SME internationalization and performance",
         "Management International Review", "56", "67-94", "10.1007/s11575-015-0257-4"),
    Work("eisenhardt", [("Eisenhardt", "K. M."), ("Martin", "J. A.")], 2000, "Dynamic capabilities: What are they?",
         "Strategic Management Journal", "21", "1105-1121", "10.1002/1097-0266(200010/11)21:10/11<1105::AID-SMJ133>3.0.CO;2-E"),
    Work("knight", [("Knight", "G. A."), ("Cavusgil", "S. T.")], 2004, "Innovation, organizational capabilities, and the born-global firm",
         "Journal of International Business Studies", "35", "124-141", "10.1057/palgrave.jibs.8400071"),
    Work("oviatt", [("Oviatt", "B. M."), ("McDougall", "P. P.")], 1994, "Toward a theory of international new ventures",
         "Journal of International Business Studies", "25", "45-64", "10.1057/palgrave.jibs.8490193"),
    Work("zahra", [("Zahra", "S. A."), ("Sapienza", "H. J."), ("Davidsson", "P.")], 2006,
         "Entrepreneurship and dynamic capabilities: A review, model and research agenda", "Journal of Management Studies", "43",
         "917-955", "10.1111/j.1467-6486.2006.00616.x"),
    Work("vandenberg", [("van den Berg", "P."), ("De Vries", "H.")], 2011, "Export networks of Dutch family firms",
         "Small Business Economics", "37", "301-318", "10.1007/s11187-010-9249-0"),
    Work("mueller", [("Müller", "K."), ("Schmidt", "F.")], 2013, "Mittelstand und Internationalisierung",
         "Zeitschrift für Betriebswirtschaft", "83", "411-440", "10.1007/s11573-013-0652-1"),
    Work("autio", [("Autio", "E."), ("Sapienza", "H. J."), ("Almeida", "J. G.")], 2000,
         "Effects of age at entry, knowledge intensity, and imitability on international growth",
         "Academy of Management Journal", "43", "909-924", "10.2307/1556419"),
    Work("cavusgil", [("Cavusgil", "S. T."), ("Knight", "G."), ("Riesenberger", "J. R."), ("Rammal", "H. G."), ("Rose", "E. L.")],
         2014, "International business: The new realities", "Pearson Australia", "", "1-600", ""),
    Work("penrose", [("Penrose", "E. T.")], 1959, "The theory of the growth of the firm", "Oxford University Press", "", "", ""),
    Work("wernerfelt", [("Wernerfelt", "B.")], 1984, "A resource-based view of the firm", "Strategic Management Journal", "5",
         "171-180", "10.1002/smj.4250050207"),
]

MANAGEMENT_TEXT = """# How small exporters build dynamic capabilities: evidence from 48 furniture makers

## Abstract
We study 48 small furniture exporters in 2019 and 2021 and find that the speed of entry (1.8 years
on average) depends on routines built before the first sale.

## 1. Introduction
The resource-based view holds that firms differ in the resources they control {barney,wernerfelt}.
@{penrose} had already argued that the growth of the firm is limited by its managers.
Later, @{teece} extended the view to the capabilities that change resources.
@{eisenhardt} called these capabilities best practices, while @{hilmersson} showed that speed pays off
only for some firms. The Uppsala model, as revised by @{johanson}, puts networks at its centre.

Three kinds of evidence are used: (1) export records from 2015 to 2021, (2) interviews with 96 owners,
and (3) 14 site visits. Section 3 (2021 survey) describes them.

## 2. Literature
Born-global firms skip the early stages of the process {knight,oviatt}. International new ventures
need knowledge more than capital {oviatt,autio}. In the Dutch case, @{vandenberg} found that family
ties carry the first orders, and German family firms behave alike {mueller}. Dynamic capabilities
also underlie entrepreneurship {zahra}, which @{zahra} relate to learning. Managers, in the account
of @{teece}, sense, seize and transform. Textbooks now treat these ideas as settled {cavusgil}.

Table 1 (adapted from p. 12 of the survey manual) lists the variables; the response rate was 61.5%
(n = 48). Exports in 2020 fell by 12% before recovering in 2021.

## 3. Method
We coded interviews twice, following the advice of @{eisenhardt} on building theory from cases.
Figure 2 (2019 data) shows the timing of the first sale. Scores range from 1 to 5 (1 = never,
5 = always); the mean was 3.4.

## 4. Findings
Firms that began exporting early grew faster {autio,hilmersson}. Routines mattered more than
resources {teece,barney}, as in the original argument {wernerfelt}. Networks opened doors
{johanson,vandenberg}, and learning from partners followed {knight}.

## 5. Discussion
The results support the revised Uppsala model {johanson} and the view that capabilities are
built, not bought {teece,zahra}. They also echo the older claim about managerial limits {penrose}.
"""

MANAGEMENT_PLANTS = {
    "cited_not_listed": "Export subsidies hardly mattered {?Lundqvist,2018}.",  # appended to Discussion
    "wrong_year": ("barney", 1992, "Competitive advantage rests on rare resources {Ybarney}."),
    "misspelled": ("knight", "Knigth", "Small firms can be global from birth {Nknight}."),
    "never_cited": Work("child", [("Child", "J."), ("Rodrigues", "S. B.")], 2005, "The internationalization of Chinese firms",
                        "Management and Organization Review", "1", "381-410", "10.1111/j.1740-8784.2005.0020a.x"),
    "duplicate_of": "oviatt",
    "bad_doi": ("wernerfelt", "10.1002smj.4250050207"),
    "et_al_two": ("hilmersson", "Speed is not the same as growth {~hilmersson}."),
    "full_list": ("cavusgil", "The field has many textbooks {!cavusgil}."),
}


# --- rendering -----------------------------------------------------------------------

def _vancouver_authors(w: Work) -> str:
    names = [f"{f} {i.replace('.', '').replace(' ', '')}" for f, i in w.authors]
    if len(names) > 6:
        names = names[:6] + ["et al"]
    return ", ".join(names)


def _apa_authors(w: Work) -> str:
    names = [f"{f}, {i}" for f, i in w.authors]
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + ", & " + names[-1]


def numbered_entry(w: Work, style: str, n: int) -> str:
    if style == "vancouver":
        doi = f" doi:{w.doi}" if w.doi else ""
        return f"{n}. {_vancouver_authors(w)}. {w.title}. {w.journal}. {w.year};{w.volume}:{w.pages}.{doi}"
    if style == "ieee":
        names = [f"{' '.join(p[0] + '.' for p in i.replace('.', ' ').split())} {f}" for f, i in w.authors]
        who = names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2 else \
            ", ".join(names[:-1]) + ", and " + names[-1]
        doi = f", doi: {w.doi}" if w.doi else ""
        return f"[{n}] {who}, \u201c{w.title},\u201d {w.journal}, vol. {w.volume}, pp. {w.pages}, {w.year}{doi}."
    # nature
    names = [f"{f}, {'. '.join(i.replace('.', '').replace(' ', ''))}." for f, i in w.authors]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " & " + names[-1]
    return f"{n}. {who} {w.title}. {w.journal} {w.volume}, {w.pages} ({w.year})."


def ay_entry(w: Work, style: str) -> str:
    doi = f" https://doi.org/{w.doi}" if w.doi else ""
    if style == "apa":
        vol = f", {w.volume}" if w.volume else ""
        pages = f", {w.pages}" if w.volume else ""
        return f"{_apa_authors(w)} ({w.year}). {w.title}. {w.journal}{vol}{pages}.{doi}"
    names = [f"{f}, {i}" for f, i in w.authors]
    who = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    vol = f", {w.volume}" if w.volume else ""
    pages = f", pp. {w.pages}" if w.volume else ""
    return f"{who} ({w.year}) '{w.title}', {w.journal}{vol}{pages}.{doi}"


def cite_names(w: Work, mode: str, style: str) -> str:
    fams = [f for f, _ in w.authors]
    amp = "&" if style == "apa" else "and"
    full = len(fams) <= 2 or (style == "harvard" and len(fams) == 3)
    if mode == "~":
        return f"{fams[0]} et al."
    if mode == "!" or full:
        if len(fams) == 1:
            return fams[0]
        if len(fams) == 2:
            return f"{fams[0]} {amp} {fams[1]}"
        return ", ".join(fams[:-1]) + f", {amp} " + fams[-1] if style == "apa" else ", ".join(fams[:-1]) + f" and {fams[-1]}"
    return f"{fams[0]} et al."


_TOKEN = re.compile(r"(@?)\{([!~?YN]?)([^{}]+)\}")


def render(style: str, plant: bool = True) -> tuple[str, dict]:
    """The manuscript text in `style`, and its gold: citations and planted errors (by line)."""
    numbered = style in ("vancouver", "ieee", "nature")
    works = {w.key: w for w in (MEDICAL if numbered else MANAGEMENT)}
    text = MEDICAL_TEXT if numbered else MANAGEMENT_TEXT
    plants = MEDICAL_PLANTS if numbered else MANAGEMENT_PLANTS
    errors: list[dict] = []
    # Insert the planted sentences.
    if plant:
        if numbered:
            text = text.replace("Validation of the devices matters", plants["past_list"] + "\nValidation of the devices matters")
        else:
            adds = [plants["cited_not_listed"], plants["wrong_year"][2], plants["misspelled"][2],
                    plants["et_al_two"][1], plants["full_list"][1]]
            text = text.replace("They also echo", " ".join(adds[:2]) + "\n" + " ".join(adds[2:]) + "\nThey also echo")
    # Numbers in order of first citation.
    order: list[str] = []
    for m in _TOKEN.finditer(text):
        if m.group(2) == "?":
            continue
        for k in m.group(3).split(","):
            if k not in order:
                order.append(k)
    if plant and numbered:
        a, b = plants["swap"]
        ia, ib = order.index(a), order.index(b)
        order[ia], order[ib] = order[ib], order[ia]
    number = {k: i + 1 for i, k in enumerate(order)}
    listed = [works[k] for k in order] if numbered else sorted(works.values(), key=lambda w: (w.authors[0][0].lower().replace("van den ", ""), w.year))
    if plant:
        listed = list(listed)
        listed.append(plants["never_cited"])
        dup = works[plants["duplicate_of"]]
        listed.append(Work(dup.key + "_dup", dup.authors, dup.year, dup.title, dup.journal, dup.volume, dup.pages, dup.doi))
        key, bad = plants["bad_doi"]
        listed = [Work(w.key, w.authors, w.year, w.title, w.journal, w.volume, w.pages, bad) if w.key == key else w for w in listed]
        if not numbered:
            listed.sort(key=lambda w: (w.authors[0][0].lower().replace("van den ", ""), w.year))
    n_list = len(listed)
    index = {}
    for i, w in enumerate(listed, 1):
        index.setdefault(w.key, i)
    lines_out: list[str] = []
    cits: list[dict] = []
    for ln, line in enumerate(text.split("\n"), 1):
        def sub(m):
            at, mode, body = m.group(1), m.group(2), m.group(3)
            if mode == "?":
                if numbered:
                    n = n_list + 3
                    cits.append({"line": ln, "number": n, "ref": None})
                    errors.append({"line": ln, "kind": "cited_not_listed"})
                    return _num_marker(style, [n])
                name, year = body.split(",")
                cits.append({"line": ln, "authors": name, "year": year, "ref": None})
                errors.append({"line": ln, "kind": "cited_not_listed"})
                return f"({name}, {year})" if style == "apa" else f"({name} {year})"
            keys = body.split(",")
            if numbered:
                nums = sorted(number[k] for k in keys)
                for k in keys:
                    cits.append({"line": ln, "number": number[k], "ref": index[k]})
                return _num_marker(style, nums)
            parts = []
            narrative = at == "@"
            for k in keys:
                w = works[k]
                year = w.year
                names = cite_names(w, mode, style)
                if mode == "Y":
                    year = plants["wrong_year"][1]
                    errors.append({"line": ln, "kind": "year_mismatch"})
                if mode == "N":
                    names = names.replace(w.authors[0][0], plants["misspelled"][1])
                    errors.append({"line": ln, "kind": "name_variant"})
                if mode and mode in "~!":
                    errors.append({"line": ln, "kind": "et_al"})
                cits.append({"line": ln, "authors": names, "year": str(year), "ref": index[k]})
                parts.append((names, year))
            if narrative:
                (names, year), = parts
                return f"{names} ({year})"
            sep = ", " if style == "apa" else " "
            return "(" + "; ".join(f"{n}{sep}{y}" for n, y in parts) + ")"
        out_line = _TOKEN.sub(sub, line)
        if style == "nature":  # superscripts stand right after the word or its punctuation
            out_line = re.sub(r" ([⁰¹²³⁴⁵⁶⁷⁸⁹])", r"\1", out_line)
        lines_out.append(out_line)
    body = "\n".join(lines_out).rstrip("\n")
    heading = "## References"
    entries = [numbered_entry(w, style, i) if numbered else ay_entry(w, style) for i, w in enumerate(listed, 1)]
    ref_start = len(lines_out) + 2  # blank line, heading, blank line: entries start after
    all_lines = body.split("\n") + ["", heading, ""]
    first_entry_line = len(all_lines) + 1
    all_lines += entries
    if plant:
        for i, w in enumerate(listed, 1):
            line = first_entry_line + i - 1
            if w.key == plants["never_cited"].key or w.key.endswith("_dup"):
                errors.append({"line": line, "kind": "listed_not_cited"})
            if w.key.endswith("_dup"):
                errors.append({"line": line, "kind": "duplicate_entry"})
            if w.key == plants["bad_doi"][0]:
                errors.append({"line": line, "kind": "doi_malformed"})
        if numbered:
            a, b = plants["swap"]
            # The reference of the pair that is cited later under the smaller number is out of order.
            first = {}
            for c in cits:
                if c.get("number") and c["number"] not in first:
                    first[c["number"]] = c["line"]
            # Both entries of the swapped pair are numbered out of the order of first citation.
            for n in (number[a], number[b]):
                errors.append({"line": first[n], "kind": "ordering"})
    del ref_start
    return "\n".join(all_lines) + "\n", {"style": style, "citations": cits, "errors": errors, "entries": len(listed)}


def _num_marker(style: str, nums: list[int]) -> str:
    runs = _runs(nums)
    if style == "vancouver":
        return "[" + ", ".join(runs) + "]"
    if style == "ieee":
        return ", ".join(f"[{r.split('–')[0]}]–[{r.split('–')[1]}]" if "–" in r else f"[{r}]" for r in runs)
    sup = str.maketrans("0123456789–", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")
    return ",".join(runs).translate(sup)


def _runs(nums: list[int]) -> list[str]:
    out, i = [], 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(f"{nums[i]}–{nums[j]}" if j - i >= 2 else ", ".join(map(str, nums[i:j + 1])) if j > i else str(nums[i]))
        i = j + 1
    return [p for r in out for p in ([r] if "–" in r else r.split(", "))]


STYLES = ("vancouver", "ieee", "nature", "apa", "harvard")


def write() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for style in STYLES:
        text, gold = render(style)
        # Nature text as a PDF flattens it: superscripts come out as plain digits after the word.
        (OUT / f"{style}.txt").write_text(text, "utf-8")
        (OUT / f"{style}.gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", "utf-8")
    flat = (OUT / "nature.txt").read_text("utf-8").translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789–"))
    (OUT / "nature-flat.txt").write_text(flat, "utf-8")
    gold = json.loads((OUT / "nature.gold.json").read_text("utf-8"))
    gold["style"] = "nature-flat"
    (OUT / "nature-flat.gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", "utf-8")


def measure() -> dict:
    """Per manuscript: citations found and linked against the gold, planted errors found, false alarms.

    Text files are compared line by line; Word files paragraph by paragraph (the gold maps its text
    lines to paragraphs); PDFs by what is cited and found, without places (their lines are the PDF's)."""
    sys.path.insert(0, str(ROOT))
    from collections import Counter

    from litgraph.analysis.checks import check_document
    from litgraph.names import fold
    from litgraph.readers import read_file
    from litgraph.readers.citations import split_cited_names
    from litgraph.resolve import link_citations

    def what(c: dict) -> tuple:
        if c.get("number") is not None:
            return ("#", c["number"])
        names, _ = split_cited_names(c["authors"])
        return (fold(names[0]) if names else "", c["year"])

    results = {}
    sources = sorted(p for p in OUT.iterdir() if p.suffix in (".txt", ".docx", ".pdf"))
    for src in sources:
        gold_path = OUT / (src.stem + (".docx" if src.suffix in (".docx", ".pdf") else "") + ".gold.json")
        if not gold_path.exists():
            continue
        gold = json.loads(gold_path.read_text("utf-8"))
        (doc,) = read_file(str(src))
        link_citations(doc)
        para_of = {int(k): v for k, v in gold.get("paragraph_of_line", {}).items()}

        def place(line: int, mine: bool):
            if src.suffix == ".txt":
                return line
            if src.suffix == ".docx":
                return int(doc.places.get(line, "¶ 0").split()[1].rstrip(",")) if mine else para_of.get(line)
            return None

        want = [(place(c["line"], False),) + what(c) for c in gold["citations"]]
        got = [(place(c.line, True),) + what({"number": c.number, "authors": c.authors, "year": c.year})
               for c in doc.citations]
        wc, gc = Counter(want), Counter(got)
        tp = sum((wc & gc).values())
        gold_ref = {}
        for c, k in zip(gold["citations"], want):
            gold_ref.setdefault(k, c["ref"])
        linked = sum(1 for c, k in zip(doc.citations, got) if k in gold_ref and gold_ref[k] == c.ref)
        findings = check_document(doc)
        if src.suffix == ".txt":
            want_e = Counter((e["line"], e["kind"]) for e in gold["errors"])
            got_e = Counter((f.line, f.kind) for f in findings)
        else:  # by kind: the lines of a Word file or a PDF are not the text's
            want_e = Counter(e["kind"] for e in gold["errors"])
            got_e = Counter(f.kind for f in findings)
        results[src.name] = {
            "citations": len(want), "found": len(got), "precision": tp / max(1, len(got)),
            "recall": tp / max(1, len(want)), "linked right": linked / max(1, len(want)),
            "planted": sum(want_e.values()), "planted found": sum((want_e & got_e).values()),
            "false alarms": sorted((got_e - want_e).elements(), key=str), "missed": sorted((want_e - got_e).elements(), key=str),
            "style": doc.style,
        }
    return results


# --- Word and PDF versions -----------------------------------------------------------------

def _paragraphs(text: str) -> list[tuple[list[int], str]]:
    """(text lines, joined paragraph) in order: blank lines part paragraphs, headings stand alone."""
    out: list[tuple[list[int], str]] = []
    cur: list[int] = []
    lines = text.split("\n")
    in_list = False
    for i, line in enumerate(lines, 1):
        in_list = in_list or line.startswith("## References")
        if not line.strip() or line.startswith("#") or re.match(r"^(?:\[\d+\]|\d+\.) ", line) or in_list:
            if cur:
                out.append((cur, " ".join(lines[k - 1].strip() for k in cur)))
                cur = []
            if line.strip():
                out.append(([i], line))
            continue
        cur.append(i)
    if cur:
        out.append((cur, " ".join(lines[k - 1].strip() for k in cur)))
    return out


def write_docx(style: str, path: Path, zotero: bool = False, columns: int = 1) -> dict:
    """The manuscript as a real Word file; returns {text line: paragraph number} for the gold.

    Numbered lists use Word's own numbering (the labels are not in the text); superscripts are
    superscript runs; with `zotero`, each citation is a Zotero field (ADDIN ZOTERO_ITEM
    CSL_CITATION) holding the cited item, as the Zotero plug-in writes it."""
    import docx
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    text, gold = render(style)
    works = {w.key: w for w in MEDICAL + MANAGEMENT}
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(10)
    sec = d.sections[0]
    sec.header.paragraphs[0].text = "Manuscript under review: do not cite"
    fp = sec.footer.paragraphs[0]
    _field_run(fp, "PAGE", "1")
    if columns > 1:
        cols = sec._sectPr.find(qn("w:cols"))
        if cols is None:
            cols = OxmlElement("w:cols")
            sec._sectPr.append(cols)
        cols.set(qn("w:num"), str(columns))
    para_of: dict[int, int] = {}
    n = 0
    cit_iter = iter([c for c in gold["citations"]])
    for lines, para in _paragraphs(text):
        n += 1
        for k in lines:
            para_of[k] = n
        if para.startswith("#"):
            level = len(para) - len(para.lstrip("#"))
            d.add_heading(para.lstrip("# ").strip(), level=min(level - 1, 3))
            continue
        m = re.match(r"^(?:\[(\d+)\]|(\d+)\.) ", para)
        if m:
            d.add_paragraph(para[m.end():], style="List Number")
            continue
        p = d.add_paragraph()
        if zotero:
            _runs_with_fields(p, para, works)
        else:
            for piece in re.split(r"([⁰¹²³⁴⁵⁶⁷⁸⁹⁻,]*[⁰¹²³⁴⁵⁶⁷⁸⁹]+)", para):
                if not piece:
                    continue
                r = p.add_run(piece.translate(str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻", "0123456789–")))
                if re.match(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]", piece):
                    r.font.superscript = True
    del cit_iter
    d.save(str(path))
    return para_of


def _field_run(p, instr: str, result: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def fld(kind):
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        r.append(c)
        p._p.append(r)

    fld("begin")
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r.append(t)
    p._p.append(r)
    fld("separate")
    p.add_run(result)
    fld("end")


_AY_CITE = re.compile(r"\(([^()]*\d{4}[^()]*)\)")


def _runs_with_fields(p, para: str, works: dict) -> None:
    """Parenthetical author-year citations become Zotero fields holding their items."""
    pos = 0
    for m in _AY_CITE.finditer(para):
        items = []
        for part in m.group(1).split(";"):
            fam = re.match(r"\s*([^\s,]+(?:\s[a-z]+\s[^\s,]+)?)", part)
            year = re.search(r"\d{4}", part)
            w = next((w for w in works.values() if fam and year and w.authors[0][0].split()[-1] in part
                      and str(w.year) == year.group(0)), None)
            if w is None:
                items = []
                break
            items.append({"id": w.key, "uris": [f"http://zotero.org/users/1/items/{w.key.upper()}"], "itemData": {
                "id": w.key, "type": "article-journal", "title": w.title, "container-title": w.journal,
                "volume": w.volume, "page": w.pages, "DOI": w.doi or None,
                "author": [{"family": f, "given": g} for f, g in w.authors],
                "issued": {"date-parts": [[w.year]]}}})
        if not items:
            continue
        p.add_run(para[pos:m.start()])
        data = {"citationID": f"c{m.start()}", "properties": {"formattedCitation": m.group(0), "plainCitation": m.group(0),
                                                             "noteIndex": 0},
                "citationItems": items, "schema": "https://github.com/citation-style-language/schema/raw/master/csl-citation.json"}
        _field_run(p, "ADDIN ZOTERO_ITEM CSL_CITATION " + json.dumps(data, ensure_ascii=False), m.group(0))
        pos = m.end()
    p.add_run(para[pos:])


def write_documents() -> None:
    """Word files (python-docx) and PDFs made from them by LibreOffice (soffice --headless)."""
    import shutil
    import subprocess
    import tempfile

    OUT.mkdir(parents=True, exist_ok=True)
    made = []
    for style, name, kw in (("nature", "nature-word", {}), ("apa", "apa-zotero", {"zotero": True}),
                            ("vancouver", "vancouver-2col", {"columns": 2})):
        para_of = write_docx(style, OUT / f"{name}.docx", **kw)
        gold = json.loads((OUT / f"{style}.gold.json").read_text("utf-8"))
        gold["paragraph_of_line"] = para_of
        gold["style"] = name
        (OUT / f"{name}.docx.gold.json").write_text(json.dumps(gold, indent=1, ensure_ascii=False) + "\n", "utf-8")
        made.append(name)
    soffice = shutil.which("soffice")
    if not soffice:
        print("no soffice: PDFs not made")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("nature-word", "vancouver-2col"):
            subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(OUT / f"{name}.docx")],
                           check=True, capture_output=True)
            shutil.copy(Path(tmp) / f"{name}.pdf", OUT / f"{name}.pdf")


if __name__ == "__main__":
    if sys.argv[1:] == ["write"]:
        write()
        write_documents()
    else:
        for name, r in measure().items():
            print(f"{name:<14} style={r['style']:<12} citations {r['found']}/{r['citations']} P={r['precision']:.3f} "
                  f"R={r['recall']:.3f} linked={r['linked right']:.3f}  planted {r['planted found']}/{r['planted']}"
                  f"  false alarms {len(r['false alarms'])}")
            for fa in r["false alarms"]:
                print("    false alarm:", fa)
            for m in r["missed"]:
                print("    missed:", m)
