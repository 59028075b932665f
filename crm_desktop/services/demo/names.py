"""Who the demo customers are: names from several cultures, and contact details derived from them.

Emails use the reserved `example.*` domains so a demo shop can never write to a real person. Phone numbers
are valid UK numbers (the default shop locale is en_GB), random rather than from the reserved drama ranges,
which hold too few numbers for a big demo. `sort_name` folds like `services.customer_records.sort_name`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from crm_desktop.services import text

# culture: (weight, first names, last names)
CULTURES: dict[str, tuple[int, str, str]] = {
    "en": (
        34,
        "Oliver,Amelia,George,Isla,Harry,Olivia,Jack,Ava,Noah,Emily,Charlie,Sophie,Thomas,Grace,James,Lily,"
        "William,Chloe,Siobhán,Niamh,Seán,Aoife,Ciarán,Zoë,Rhys,Megan,Callum,Eilidh,Ruth,David,Margaret,Peter",
        "Smith,Jones,Taylor,Brown,Williams,Wilson,Johnson,Davies,Robinson,Wright,Thompson,Evans,Walker,White,"
        "Roberts,Green,Hall,Wood,Jackson,Clarke,O'Brien,Murphy,Kelly,O'Sullivan,Ní Bhriain,MacDonald,Campbell",
    ),
    "de": (
        8,
        "Jürgen,Lukas,Anna,Lena,Max,Felix,Sophie,Jörg,Mia,Hannah,Paul,Günther,Käthe,Uwe,Sabine,Zoë",
        "Müller,Schmidt,Schneider,Fischer,Weber,Meyer,Wagner,Becker,Schäfer,Koch,Groß,Krüger,Hoffmann,Schröder,"
        "Weiß,Köhler",
    ),
    "fr": (
        6,
        "Zoé,Amélie,Hélène,François,Léa,Chloé,Théo,Louis,Camille,Inès,Noël,Gaëlle,Jérôme,Anaïs",
        "Martin,Bernard,Dubois,Lefèvre,Girard,Moreau,Laurent,Rousseau,Fontaine,Chevalier,Bérenger,Lemaître,Dupré",
    ),
    "es": (
        6,
        "José,María,Sofía,Álvaro,Lucía,Javier,Inés,Andrés,Raúl,João,Conceição,Gonçalo,Begoña,Íñigo",
        "García,Fernández,Rodríguez,López,Martínez,Sánchez,Pérez,Gómez,Muñoz,Ibáñez,Gonçalves,Simões,Araújo,Peña",
    ),
    "pl": (
        8,
        "Łukasz,Małgorzata,Wojciech,Agnieszka,Paweł,Zofia,Katarzyna,Michał,Grzegorz,Jędrzej,Ewa,Tomasz",
        "Kowalski,Nowak,Wiśniewski,Wójcik,Lewandowski,Zieliński,Kamiński,Dąbrowski,Kozłowski,Jabłoński,Król,"
        "Szymańska",
    ),
    "nordic": (
        4,
        "Søren,Åsa,Bjørn,Ingrid,Lars,Sigrid,Mikkel,Freja,Jørgen,Astrid,Håkon,Elin",
        "Sørensen,Ørsted,Jørgensen,Nyström,Lindqvist,Hansen,Johansson,Åberg,Bækgaard,Østergaard,Holm,Løkke",
    ),
    "vi": (
        4,
        "Minh,Thảo,Anh,Hương,Đức,Linh,Tuấn,Phương,Quân,Ngọc",
        "Nguyễn,Trần,Lê,Phạm,Hoàng,Vũ,Đặng,Bùi,Đỗ,Huỳnh",
    ),
    "tr": (
        5,
        "Ayşe,Emre,Gökhan,Şule,Mehmet,Elif,Burak,Zeynep,Çağla,Oğuz",
        "Çelik,Yılmaz,Şahin,Öztürk,Kaya,Demir,Aydın,Yıldız,Doğan,Kılıç",
    ),
    "cs": (
        3,
        "Jiří,Tereza,Kateřina,Tomáš,Lucie,Ondřej,Petr,Eliška,Vojtěch,Barbora",
        "Dvořák,Novák,Svoboda,Procházka,Černý,Veselý,Horák,Němec,Růžička,Kučera",
    ),
    "it": (
        5,
        "Niccolò,Giulia,Francesca,Matteo,Lorenzo,Chiara,Giuseppe,Alessia,Andrea,Federica",
        "Rossi,Russo,Ferrari,Esposito,Bianchi,Romano,Colombo,Ricci,De Luca,Mancini",
    ),
    "in": (
        8,
        "Priya,Arjun,Ananya,Rohan,Aarav,Diya,Vikram,Kavya,Sanjay,Meera",
        "Patel,Sharma,Singh,Gupta,Kumar,Shah,Reddy,Iyer,Chaudhary,Desai",
    ),
    "zh": (4, "Wei,Jing,Hao,Xin,Yan,Lei,Mei,Jun,Yu,Ling", "Wang,Li,Zhang,Liu,Chen,Yang,Huang,Zhao,Wu,Zhou"),
    "ar": (
        4,
        "Yusuf,Fatima,Omar,Layla,Karim,Amira,Hassan,Nour,Samir,Yasmin",
        "Haddad,Khalil,Mansour,Nasser,Saleh,Aziz,Rahman,Hussein,Farouk,Al-Amin",
    ),
    "nl": (
        3,
        "Zoë,Sanne,Daan,Bram,Fleur,Sem,Noa,Thijs,Lotte,Joëlle",
        "de Vries,van den Berg,Jansen,de Jong,Bakker,Visser,Smit,van Dijk,de Boer,Mulder",
    ),
}
_POOLS = [(first.split(","), last.split(",")) for _, first, last in CULTURES.values()]
_CULTURE_CUM = [sum(w for w, _, _ in list(CULTURES.values())[: i + 1]) for i in range(len(CULTURES))]

DOMAINS = ("example.com", "example.net", "example.org", "mail.example.com", "post.example.net")
STREETS = [
    "High Street",
    "Station Road",
    "Church Lane",
    "Victoria Road",
    "Mill Lane",
    "Park Avenue",
    "Queen's Road",
    "King Street",
    "Green Lane",
    "Manor Road",
    "Gloucester Road",
    "Whiteladies Road",
    "North Street",
    "Cheltenham Road",
    "St Mark's Road",
]
# city, outward postcodes; the shop is in Bristol, so most customers live there.
CITIES = (
    ("Bristol", ("BS1", "BS2", "BS3", "BS5", "BS6", "BS7", "BS8", "BS16")),
    ("Bath", ("BA1", "BA2")),
    ("Clevedon", ("BS21",)),
    ("Weston-super-Mare", ("BS22", "BS23")),
    ("Cardiff", ("CF10", "CF24")),
    ("London", ("N1", "E8", "SE15", "NW3")),
)
_CITY_CUM = (70, 80, 82, 88, 94, 100)
_UNIT = "ABDEFGHJLNPQRSTUWXYZ"
# UK mobile blocks (07400-07599, 07701-07999 but 07911) and landlines: (area code, first digits in use, digits, digits).
_MOBILE_BLOCKS = (*range(7400, 7600), *range(7701, 7911), *range(7912, 8000))  # valid per libphonenumber
_LANDLINE = (("020", "78", 4, 4), ("0117", "2349", 3, 4), ("0161", "2345789", 3, 4))


fold = cache(text.fold)  # the services' folding, cached: names repeat


@cache
def _email_part(text: str) -> str:
    return "".join(c for c in fold(text) if c.isascii() and c.isalnum())


@dataclass(frozen=True)
class Person:
    first: str
    last: str

    @property
    def sort_name(self) -> str:
        return f"{fold(self.last)} {fold(self.first)}"


def person(rng: random.Random) -> Person:
    cum = _CULTURE_CUM
    first_pool, last_pool = _POOLS[_pick(cum, rng.random())]
    if rng.random() < 0.15:  # families mix
        last_pool = _POOLS[_pick(cum, rng.random())][1]
    rnd = rng.random
    return Person(first_pool[int(rnd() * len(first_pool))], last_pool[int(rnd() * len(last_pool))])


def _pick(cum: list[int] | tuple[int, ...], u: float) -> int:
    target = u * cum[-1]
    for i, edge in enumerate(cum):
        if target < edge:
            return i
    return len(cum) - 1


def email(rng: random.Random, p: Person, year: int | None) -> str:
    first, last = _email_part(p.first) or "guest", _email_part(p.last) or "customer"
    style = int(rng.random() * 6)
    if style == 0:
        local = f"{first}.{last}"
    elif style == 1:
        local = f"{first}{last}"
    elif style == 2:
        local = f"{first[0]}{last}"
    elif style == 3:
        local = f"{first}_{last}"
    elif style == 4:
        local = f"{first}{(year or rng.randrange(1960, 2005)) % 100:02d}"
    else:
        local = f"{first}.{last}{rng.randrange(1, 100)}"
    return f"{local}@{DOMAINS[rng.randrange(len(DOMAINS))]}"


def phone(rng: random.Random) -> tuple[str, str, str]:
    """(display, E.164, search tokens) as `services.phones.normalise` would store them: international display
    ('+44 7700 900123'); tokens are the digit groups of the display and national formats, each format's
    digits run together, and the E.164 digits, so that '7700 90', '0770090' or '447700' prefix-match."""
    rnd = rng.random
    if rnd() < 0.75:
        national = [f"0{_MOBILE_BLOCKS[int(rnd() * len(_MOBILE_BLOCKS))]}", f"{int(rnd() * 10**6):06d}"]
    else:
        area, leads, a, b = _LANDLINE[int(rnd() * len(_LANDLINE))]
        lead = leads[int(rnd() * len(leads))]
        national = [area, f"{lead}{int(rnd() * 10 ** (a - 1)):0{a - 1}d}", f"{int(rnd() * 10**b):0{b}d}"]
    international = ["44", national[0][1:], *national[1:]]
    e164 = "+" + "".join(international)
    tokens = [*international, e164[1:], *national, "".join(national)]
    return "+" + " ".join(international), e164, " ".join(dict.fromkeys(tokens))


def address(rng: random.Random) -> tuple[str, str, str, str]:
    """(line 1, line 2, city, postal code)."""
    rnd = rng.random
    city, outwards = CITIES[_pick(_CITY_CUM, rnd())]
    line1 = f"{1 + int(rnd() * 179)} {STREETS[int(rnd() * len(STREETS))]}"
    line2 = f"Flat {1 + int(rnd() * 29)}" if rnd() < 0.12 else ""
    unit = _UNIT[int(rnd() * len(_UNIT))] + _UNIT[int(rnd() * len(_UNIT))]
    code = f"{outwards[int(rnd() * len(outwards))]} {1 + int(rnd() * 9)}{unit}"
    return line1, line2, city, code
