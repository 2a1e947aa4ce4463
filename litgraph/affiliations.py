"""Authors' addresses: institution and country out of an address as databases print it.

Web of Science writes addresses in its own abbreviated order, organisation first
("Univ Michigan, Dept Sociol, Ann Arbor, MI 48104 USA.", "[Wu, G; Stein, L] Ontario
Inst Canc Res, Toronto, ON M5G 0A3, Canada."); Scopus, MEDLINE and Dimensions print
them as the authors wrote them, department first ("Department of Physics, University
of Illinois, Urbana, IL 61801, United States"). The country is the last part of either
(a US address ends "MI 48104 USA"); the institution is WoS's first part, or in a
free-form address the part that names a university, institute, hospital and the like
(bibliometrix's way with Scopus affiliations).

Country names are normalised so that one country from two databases, or written two
ways, is one node: "USA", "U.S.A.", "United States", a US state with its ZIP code and
the ISO code "US" are all "United States"; "Peoples R China" and "PR China" are
"China"; "England", "Scotland", "Wales" and "North Ireland" are "United Kingdom" (as
bibliometrix counts them: the country is the sovereign state). Hong Kong, Macao and
Taiwan stay apart as the databases (WoS, Scopus, OpenAlex's ISO codes) keep them.
"""
from __future__ import annotations

import re
import unicodedata

# ISO 3166-1 alpha-2 (OpenAlex's country_code) -> the name used for the node.
_ISO = dict(line.split(" ", 1) for line in """\
AD Andorra|AE United Arab Emirates|AF Afghanistan|AG Antigua and Barbuda|AL Albania|AM Armenia|AO Angola
AR Argentina|AT Austria|AU Australia|AZ Azerbaijan|BA Bosnia and Herzegovina|BB Barbados|BD Bangladesh
BE Belgium|BF Burkina Faso|BG Bulgaria|BH Bahrain|BI Burundi|BJ Benin|BN Brunei|BO Bolivia|BR Brazil
BS Bahamas|BT Bhutan|BW Botswana|BY Belarus|BZ Belize|CA Canada|CD Democratic Republic of the Congo
CF Central African Republic|CG Republic of the Congo|CH Switzerland|CI Ivory Coast|CL Chile|CM Cameroon
CN China|CO Colombia|CR Costa Rica|CU Cuba|CV Cape Verde|CY Cyprus|CZ Czech Republic|DE Germany
DJ Djibouti|DK Denmark|DM Dominica|DO Dominican Republic|DZ Algeria|EC Ecuador|EE Estonia|EG Egypt
ER Eritrea|ES Spain|ET Ethiopia|FI Finland|FJ Fiji|FR France|GA Gabon|GB United Kingdom|GD Grenada
GE Georgia|GH Ghana|GL Greenland|GM Gambia|GN Guinea|GQ Equatorial Guinea|GR Greece|GT Guatemala
GW Guinea-Bissau|GY Guyana|HK Hong Kong|HN Honduras|HR Croatia|HT Haiti|HU Hungary|ID Indonesia
IE Ireland|IL Israel|IN India|IQ Iraq|IR Iran|IS Iceland|IT Italy|JM Jamaica|JO Jordan|JP Japan|KE Kenya
KG Kyrgyzstan|KH Cambodia|KN Saint Kitts and Nevis|KP North Korea|KR South Korea|KW Kuwait|KZ Kazakhstan
LA Laos|LB Lebanon|LC Saint Lucia|LI Liechtenstein|LK Sri Lanka|LR Liberia|LS Lesotho|LT Lithuania
LU Luxembourg|LV Latvia|LY Libya|MA Morocco|MC Monaco|MD Moldova|ME Montenegro|MG Madagascar
MK North Macedonia|ML Mali|MM Myanmar|MN Mongolia|MO Macao|MR Mauritania|MT Malta|MU Mauritius
MV Maldives|MW Malawi|MX Mexico|MY Malaysia|MZ Mozambique|NA Namibia|NC New Caledonia|NE Niger
NG Nigeria|NI Nicaragua|NL Netherlands|NO Norway|NP Nepal|NZ New Zealand|OM Oman|PA Panama|PE Peru
PG Papua New Guinea|PH Philippines|PK Pakistan|PL Poland|PR Puerto Rico|PS Palestine|PT Portugal
PY Paraguay|QA Qatar|RE Reunion|RO Romania|RS Serbia|RU Russia|RW Rwanda|SA Saudi Arabia|SB Solomon Islands
SC Seychelles|SD Sudan|SE Sweden|SG Singapore|SI Slovenia|SK Slovakia|SL Sierra Leone|SM San Marino
SN Senegal|SO Somalia|SR Suriname|SS South Sudan|SV El Salvador|SY Syria|SZ Eswatini|TD Chad|TG Togo
TH Thailand|TJ Tajikistan|TL Timor-Leste|TM Turkmenistan|TN Tunisia|TO Tonga|TR Turkey|TT Trinidad and Tobago
TW Taiwan|TZ Tanzania|UA Ukraine|UG Uganda|US United States|UY Uruguay|UZ Uzbekistan|VA Vatican City
VC Saint Vincent and the Grenadines|VE Venezuela|VN Vietnam|VU Vanuatu|WS Samoa|XK Kosovo|YE Yemen
ZA South Africa|ZM Zambia|ZW Zimbabwe|GP Guadeloupe|GF French Guiana|MQ Martinique|PF French Polynesia
FO Faroe Islands|GI Gibraltar|BM Bermuda|KY Cayman Islands|CW Curacao|AW Aruba|GU Guam|KM Comoros
ST Sao Tome and Principe|MH Marshall Islands|FM Micronesia|PW Palau|KI Kiribati|NR Nauru|TV Tuvalu
""".replace("\n", "|").strip("|").split("|"))

# Other ways the databases write a country (lower case, accents and dots gone).
_ALIASES = {
    "usa": "US", "us": "US", "u s a": "US", "u s": "US", "united states of america": "US", "america": "US",
    "peoples r china": "CN", "pr china": "CN", "p r china": "CN", "peoples republic of china": "CN",
    "people s republic of china": "CN", "china mainland": "CN", "mainland china": "CN",
    "england": "GB", "scotland": "GB", "wales": "GB", "north ireland": "GB", "northern ireland": "GB",
    "uk": "GB", "u k": "GB", "great britain": "GB", "britain": "GB",
    "korea": "KR", "republic of korea": "KR", "south korea": "KR", "s korea": "KR", "korea south": "KR",
    "rep of korea": "KR", "korea republic of": "KR", "dem peoples r korea": "KP", "north korea": "KP",
    "russian federation": "RU", "ussr": "RU", "iran islamic republic of": "IR", "islamic republic of iran": "IR",
    "viet nam": "VN", "czechia": "CZ", "czech": "CZ", "turkiye": "TR", "the netherlands": "NL", "holland": "NL",
    "u arab emirates": "AE", "uae": "AE", "trinidad tobago": "TT", "trinidad & tobago": "TT",
    "bosnia & herceg": "BA", "bosnia herceg": "BA", "bosnia and herzegovina": "BA", "papua n guinea": "PG",
    "cote ivoire": "CI", "cote d ivoire": "CI", "ivory coast": "CI", "dem rep congo": "CD",
    "democratic republic congo": "CD", "congo democratic republic": "CD", "rep congo": "CG", "congo": "CG",
    "macedonia": "MK", "fyr macedonia": "MK", "republic of north macedonia": "MK", "swaziland": "SZ",
    "burma": "MM", "east timor": "TL", "brunei darussalam": "BN", "syrian arab republic": "SY",
    "lao pdr": "LA", "lao people s democratic republic": "LA", "hong kong sar": "HK", "hong kong sar china": "HK",
    "macau": "MO", "macao sar": "MO", "taiwan roc": "TW", "taiwan province of china": "TW",
    "republic of china": "TW", "st kitts & nevi": "KN", "st lucia": "LC", "st vincent": "VC",
    "sao tome & prin": "ST", "cent afr republ": "CF", "central african republ": "CF", "byelarus": "BY",
    "moldova republic of": "MD", "tanzania united republic of": "TZ", "vatican": "VA", "palestinian territory": "PS",
    "state of palestine": "PS", "yugoslavia": "RS", "serbia and montenegro": "RS", "serbia monteneg": "RS",
    "fr polynesia": "PF", "reunion island": "RE", "w ind assoc": "AG", "netherlands antilles": "CW",
    "guinea bissau": "GW", "timor leste": "TL", "antigua & barbu": "AG", "solomon isl": "SB",
    # Countries as their own authors write them (MEDLINE, Scopus and Dimensions print addresses as given).
    "brasil": "BR", "deutschland": "DE", "espana": "ES", "italia": "IT", "nederland": "NL", "polska": "PL",
    "suisse": "CH", "schweiz": "CH", "svizzera": "CH", "osterreich": "AT", "sverige": "SE", "norge": "NO",
    "danmark": "DK", "suomi": "FI", "ceska republika": "CZ", "magyarorszag": "HU", "hellas": "GR",
    "nippon": "JP", "republica argentina": "AR", "mexique": "MX", "belgique": "BE", "belgie": "BE",
}
_BY_NAME = {}
for _code, _name in _ISO.items():
    _BY_NAME[_name.lower()] = _code

# US states and Canadian provinces as WoS prints them before the ZIP: "MI 48104 USA", "ON M5G 0A3".
_US_STATE = re.compile(r"^(?:[A-Z]{2} )?\d{5}(?:-\d{4})? USA$|^[A-Z]{2} USA$|^USA$")
_STATES = {"AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN", "IA", "KS",
           "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH", "NJ", "NM", "NY", "NC",
           "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT", "VT", "VA", "WA", "WV", "WI", "WY"}
_US_NAMES = {"alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
             "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky", "louisiana",
             "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi", "missouri", "montana",
             "nebraska", "nevada", "new hampshire", "new jersey", "new mexico", "new york", "north carolina",
             "north dakota", "ohio", "oklahoma", "oregon", "pennsylvania", "rhode island", "south carolina",
             "south dakota", "tennessee", "texas", "utah", "vermont", "virginia", "washington", "west virginia",
             "wisconsin", "wyoming", "district of columbia"}

# Words that name an organisation in a free-form address (bibliometrix looks for the same
# kind of words in Scopus affiliations). The parent body is preferred to a unit of it:
# "Institute of Geographic Sciences, Chinese Academy of Sciences" is the Academy's.
_PARENT_WORDS = re.compile(
    r"\b(univ\w*|universit\w*|universidad\w*|universidade|universita\w*|universite|college|colegio|"
    r"academy|academia|academie|akademie|polytechn\w*|politecnico|hospital\w*|klinikum|ecole|escuela)\b", re.I)
_ORG_WORDS = re.compile(
    r"\b(coll|institut\w*|inst|istituto|acad|school|hosp|klinik\w*|clinic|"
    r"politecn\w*|centre|center|centro|ctr|laborator\w*|lab|labs|council|"
    r"foundation|fondaz\w*|fdn|agency|ministry|observatory|museum|corporation|corp|company|inc|ltd|gmbh|"
    r"organi[sz]ation|bank|consortium|cnrs|inserm|csic|cnr|riken|nih|nasa|max planck)\b", re.I)
_DEPT_WORDS = re.compile(r"^(dept|department|departamento|dipartimento|departement|faculty|fac|division|div|"
                         r"school of|sch|section|unit|program|programme|graduate|key lab\w*|state key)\b", re.I)


def fold(text: str) -> str:
    """Lower case, accents and punctuation gone, spaces single: the form names are compared in."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[^\w&]+", " ", text)
    return " ".join(text.split())


def country_name(text: str | None, iso: bool = True) -> str | None:
    """The normalised country of an address's last part or an ISO code, or None when it names none.

    'USA', 'MI 48104 USA', 'U.S.A.', 'US' -> 'United States'; 'Peoples R China' -> 'China';
    'England' -> 'United Kingdom'; 'Cambridge CB10 1SD' -> None."""
    if not text:
        return None
    raw = text.strip().rstrip(".").strip()
    alias = _ALIASES.get(fold(raw))
    if alias:  # "UK", "US", "USA" before the two-capital rule
        return _ISO[alias]
    if len(raw) == 2 and raw.isupper():
        # An ISO code (OpenAlex); in an address two capitals are a state ("MD" is Maryland, not Moldova).
        return _ISO.get(raw) if iso else None
    if _US_STATE.match(raw) or raw.endswith(" USA"):
        return _ISO["US"]
    key = fold(raw)
    if not key:
        return None
    code = _ALIASES.get(key) or _BY_NAME.get(key)
    if code:
        return _ISO[code]
    # "Cambridge CB10 1SD, England" gives "England"; "54506 Vandoeuvre, France" the last word(s).
    words = key.split()
    for n in (3, 2, 1):
        if len(words) > n:
            tail = " ".join(words[-n:])
            code = _ALIASES.get(tail) or _BY_NAME.get(tail)
            if code:
                return _ISO[code]
    # "Canada T2N 1N4", "Brazil 13083-970": the country before a postal code (but "Georgia 30332"
    # is the US state).
    for n in (3, 2, 1):
        head, rest = " ".join(words[:n]), words[n:]
        if rest and any(c.isdigit() for c in "".join(rest)) and head not in _US_NAMES:
            code = _ALIASES.get(head) or _BY_NAME.get(head)
            if code:
                return _ISO[code]
    if key in _US_NAMES or (len(words) > 1 and " ".join(words[:-1]) in _US_NAMES and words[-1].isdigit()):
        return _ISO["US"]
    return None


def split_address(address: str) -> list[str]:
    """An address's comma-separated parts, trimmed, the final full stop gone."""
    return [p.strip() for p in address.strip().rstrip(".").split(",") if p.strip()]


def address_country(address: str) -> str | None:
    """The country an address ends with ('..., Ann Arbor, MI 48104 USA.' -> 'United States')."""
    parts = split_address(address)
    for part in reversed(parts[-2:]):  # "..., Canada. Electronic address: ..." is cut before this
        found = country_name(part, iso=False)
        if found:
            return found
        if part.split()[0] in _STATES and re.fullmatch(r"[A-Z]{2}(?: \d{5}(?:-\d{4})?)?", part):
            return _ISO["US"]  # "Rockville, MD" with "USA" left off
    return None


def institution_of(address: str, organisation_first: bool = False) -> str | None:
    """The institution an address names.

    organisation_first: the address is in WoS's order (organisation first), so the first
    part is the institution. Otherwise the first part that names an organisation and is no
    department ('Department of Physics, University of Illinois, ...' -> 'University of Illinois'),
    else the first part."""
    parts = split_address(address)
    if not parts:
        return None
    if organisation_first:
        return parts[0]
    body = parts[:-1] if len(parts) > 1 else parts  # the last part is the country
    for words in (_PARENT_WORDS, _ORG_WORDS):
        for part in body:
            if words.search(part) and not _DEPT_WORDS.match(part):
                return part
    for part in body:
        if not _DEPT_WORDS.match(part) and not re.search(r"\d", part):
            return part
    return body[0]


def split_outside(text: str, brackets: str, sep: str = ";") -> list[str]:
    """`text` cut at each `sep` outside `brackets` ("[]" or "()"): in WoS and Dimensions cells
    the same ';' parts the authors inside a bracket and the addresses or authors outside it."""
    opening, closing = brackets
    pieces: list[str] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == opening:
            depth += 1
        elif ch == closing:
            depth = max(0, depth - 1)
        elif ch == sep and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return pieces


_BRACKETS = re.compile(r"^\[([^\]]*)\]\s*(.*)$", re.S)


def wos_addresses(lines: list[str]) -> list[tuple[list[str], str]]:
    """WoS C1 values as (authors, address): '[Wu, G; Stein, L] Ontario Inst ..., Canada.'
    gives (['Wu, G', 'Stein, L'], 'Ontario Inst ..., Canada.'); an address with no bracket
    (older records) gives ([], address). Plain text gives one address a line; tab-delimited
    exports join them with '; ' in one cell, and the names in a bracket are joined the same
    way, so the text is cut at each '; ' outside brackets."""
    pieces = [piece for line in lines for piece in split_outside(line, "[]")]
    out: list[tuple[list[str], str]] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        m = _BRACKETS.match(piece)
        if m:
            names = [n.strip() for n in m.group(1).split(";") if n.strip()]
            if m.group(2).strip():
                out.append((names, m.group(2).strip()))
        else:
            out.append(([], piece))
    return out


def make_affiliation(address: str, authors: list[str] | None = None, organisation_first: bool = False,
                     reprint: bool = False):
    """An Affiliation with its institution and country read from the address."""
    from .model import Affiliation

    address = " ".join(address.split()).rstrip(".").strip()
    return Affiliation(address=address, authors=list(authors or []),
                       institution=institution_of(address, organisation_first),
                       country=address_country(address), reprint=reprint)


def reprint_address(rp: str) -> tuple[str | None, str]:
    """WoS RP: 'Owen-Smith, J (reprint author), Univ Michigan, ..., USA.' -> ('Owen-Smith, J', address).
    Newer exports name several: '...(corresponding author), addr; Name (corresponding author), addr'."""
    m = re.match(r"^(.*?)\s*\((?:reprint|corresponding) author\),\s*(.*)$", rp.strip(), re.S)
    if not m:
        return None, rp.strip()
    rest = re.split(r";\s*[^;,()]+,[^;()]*\((?:reprint|corresponding) author\)", m.group(2))[0]
    return m.group(1).strip() or None, rest.strip()
