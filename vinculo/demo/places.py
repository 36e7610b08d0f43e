"""Real place names for the demo: cities with coordinates, area codes and postal codes.

Coordinates are city centres; addresses are jittered around them so that
deconfliction radii and maps behave like the real thing. U.S. phone numbers
use the 555 exchange (reserved for fiction), so no real subscriber is named.
"""

from __future__ import annotations

from random import Random
from typing import NamedTuple

from vinculo.demo.util import below, between, pick


class City(NamedTuple):
    name: str
    state: str  # full state name
    state_code: str  # RENAPO code (CURP) for Mexico, USPS code for the U.S.
    abbr: str  # postal abbreviation as written in addresses
    country: str  # ISO 3166-1 alpha-2, lower case (FtM)
    lat: float
    lon: float
    area_codes: tuple[str, ...]
    postal: int  # base postal code


MX_CITIES: tuple[City, ...] = (
    City("Culiacán", "Sinaloa", "SL", "Sin.", "mx", 24.8091, -107.3940, ("667",), 80000),
    City("Mazatlán", "Sinaloa", "SL", "Sin.", "mx", 23.2494, -106.4111, ("669",), 82000),
    City("Los Mochis", "Sinaloa", "SL", "Sin.", "mx", 25.7904, -108.9859, ("668",), 81200),
    City("Guasave", "Sinaloa", "SL", "Sin.", "mx", 25.5667, -108.4667, ("687",), 81000),
    City("Navolato", "Sinaloa", "SL", "Sin.", "mx", 24.7653, -107.7016, ("672",), 80300),
    City("Badiraguato", "Sinaloa", "SL", "Sin.", "mx", 25.3625, -107.5500, ("667",), 80500),
    City("Hermosillo", "Sonora", "SR", "Son.", "mx", 29.0729, -110.9559, ("662",), 83000),
    City("Nogales", "Sonora", "SR", "Son.", "mx", 31.3086, -110.9422, ("631",), 84000),
    City(
        "San Luis Río Colorado", "Sonora", "SR", "Son.", "mx", 32.4561, -114.7719, ("653",), 83400
    ),
    City("Caborca", "Sonora", "SR", "Son.", "mx", 30.7167, -112.1500, ("637",), 83600),
    City("Agua Prieta", "Sonora", "SR", "Son.", "mx", 31.3258, -109.5489, ("633",), 84200),
    City("Ciudad Juárez", "Chihuahua", "CH", "Chih.", "mx", 31.6904, -106.4245, ("656",), 32000),
    City("Chihuahua", "Chihuahua", "CH", "Chih.", "mx", 28.6353, -106.0889, ("614",), 31000),
    City("Ojinaga", "Chihuahua", "CH", "Chih.", "mx", 29.5667, -104.4167, ("626",), 32880),
    City(
        "Guadalupe y Calvo", "Chihuahua", "CH", "Chih.", "mx", 26.0944, -106.9631, ("649",), 33480
    ),
    City("Guadalajara", "Jalisco", "JC", "Jal.", "mx", 20.6597, -103.3496, ("33",), 44100),
    City("Zapopan", "Jalisco", "JC", "Jal.", "mx", 20.7236, -103.3848, ("33",), 45000),
    City("Puerto Vallarta", "Jalisco", "JC", "Jal.", "mx", 20.6534, -105.2253, ("322",), 48300),
    City("Tijuana", "Baja California", "BC", "B.C.", "mx", 32.5149, -117.0382, ("664",), 22000),
    City("Mexicali", "Baja California", "BC", "B.C.", "mx", 32.6245, -115.4523, ("686",), 21000),
    City("Ensenada", "Baja California", "BC", "B.C.", "mx", 31.8667, -116.5964, ("646",), 22800),
    City("Tecate", "Baja California", "BC", "B.C.", "mx", 32.5725, -116.6264, ("665",), 21400),
    City("Durango", "Durango", "DG", "Dgo.", "mx", 24.0277, -104.6532, ("618",), 34000),
    City("Tamazula", "Durango", "DG", "Dgo.", "mx", 24.9692, -106.9650, ("674",), 34580),
    City("Manzanillo", "Colima", "CM", "Col.", "mx", 19.0522, -104.3158, ("314",), 28200),
    City("Lázaro Cárdenas", "Michoacán", "MN", "Mich.", "mx", 17.9583, -102.2000, ("753",), 60950),
    City("Nuevo Laredo", "Tamaulipas", "TS", "Tamps.", "mx", 27.4779, -99.5496, ("867",), 88000),
    City(
        "Ciudad de México", "Ciudad de México", "DF", "CDMX", "mx", 19.4326, -99.1332, ("55",), 6000
    ),
)

US_CITIES: tuple[City, ...] = (
    City("Phoenix", "Arizona", "AZ", "AZ", "us", 33.4484, -112.0740, ("602", "480", "623"), 85009),
    City("Tucson", "Arizona", "AZ", "AZ", "us", 32.2226, -110.9747, ("520",), 85705),
    City("Nogales", "Arizona", "AZ", "AZ", "us", 31.3404, -110.9343, ("520",), 85621),
    City("Yuma", "Arizona", "AZ", "AZ", "us", 32.6927, -114.6277, ("928",), 85364),
    City("Douglas", "Arizona", "AZ", "AZ", "us", 31.3445, -109.5453, ("520",), 85607),
    City("Los Angeles", "California", "CA", "CA", "us", 34.0522, -118.2437, ("213", "323"), 90011),
    City("San Diego", "California", "CA", "CA", "us", 32.7157, -117.1611, ("619", "858"), 92113),
    City("Chula Vista", "California", "CA", "CA", "us", 32.6401, -117.0842, ("619",), 91910),
    City("Calexico", "California", "CA", "CA", "us", 32.6789, -115.4989, ("760",), 92231),
    City("Riverside", "California", "CA", "CA", "us", 33.9533, -117.3962, ("951",), 92503),
    City("El Paso", "Texas", "TX", "TX", "us", 31.7619, -106.4850, ("915",), 79901),
    City("Houston", "Texas", "TX", "TX", "us", 29.7604, -95.3698, ("713", "832", "281"), 77036),
    City("Dallas", "Texas", "TX", "TX", "us", 32.7767, -96.7970, ("214", "469"), 75211),
    City("Laredo", "Texas", "TX", "TX", "us", 27.5306, -99.4803, ("956",), 78040),
    City("McAllen", "Texas", "TX", "TX", "us", 26.2034, -98.2300, ("956",), 78501),
    City("San Antonio", "Texas", "TX", "TX", "us", 29.4241, -98.4936, ("210",), 78207),
    City("Chicago", "Illinois", "IL", "IL", "us", 41.8781, -87.6298, ("312", "773"), 60623),
    City("Cicero", "Illinois", "IL", "IL", "us", 41.8456, -87.7539, ("708",), 60804),
    City("Aurora", "Illinois", "IL", "IL", "us", 41.7606, -88.3201, ("630",), 60505),
    City("Atlanta", "Georgia", "GA", "GA", "us", 33.7490, -84.3880, ("404", "678"), 30354),
    City("Denver", "Colorado", "CO", "CO", "us", 39.7392, -104.9903, ("303", "720"), 80219),
    City("Albuquerque", "New Mexico", "NM", "NM", "us", 35.0844, -106.6504, ("505",), 87105),
)

#: Where the organization's plazas sit (the Mexican cities most cells are based in).
PLAZA_CITIES: tuple[City, ...] = tuple(c for c in MX_CITIES if c.state_code != "DF")
BORDER_MX: tuple[City, ...] = tuple(
    c
    for c in MX_CITIES
    if c.name
    in {
        "Tijuana",
        "Mexicali",
        "Nogales",
        "Ciudad Juárez",
        "San Luis Río Colorado",
        "Agua Prieta",
        "Ojinaga",
        "Nuevo Laredo",
        "Tecate",
    }
)
BORDER_US: tuple[City, ...] = tuple(
    c
    for c in US_CITIES
    if c.name
    in {
        "Nogales",
        "Yuma",
        "Douglas",
        "Calexico",
        "Chula Vista",
        "El Paso",
        "Laredo",
        "McAllen",
        "Tucson",
        "San Diego",
    }
)
#: RENAPO state codes of birth places outside the plaza states, for variety.
OTHER_BIRTH_STATES: tuple[tuple[str, str], ...] = (
    ("DG", "Durango"),
    ("MN", "Michoacán"),
    ("GR", "Guerrero"),
    ("NT", "Nayarit"),
    ("ZS", "Zacatecas"),
    ("TS", "Tamaulipas"),
    ("NL", "Nuevo León"),
    ("DF", "Ciudad de México"),
)


class Port(NamedTuple):
    name: str
    city: str
    state: str
    lat: float
    lon: float


PORTS: tuple[Port, ...] = (
    Port("San Ysidro Port of Entry", "San Diego", "CA", 32.5422, -117.0296),
    Port("Otay Mesa Port of Entry", "San Diego", "CA", 32.5500, -116.9383),
    Port("Calexico West Port of Entry", "Calexico", "CA", 32.6633, -115.4986),
    Port("San Luis Port of Entry", "San Luis", "AZ", 32.4853, -114.7820),
    Port("Lukeville Port of Entry", "Lukeville", "AZ", 31.8800, -112.8160),
    Port("DeConcini Port of Entry", "Nogales", "AZ", 31.3331, -110.9418),
    Port("Mariposa Port of Entry", "Nogales", "AZ", 31.3274, -110.9695),
    Port("Douglas Port of Entry", "Douglas", "AZ", 31.3341, -109.5603),
    Port("Bridge of the Americas", "El Paso", "TX", 31.7645, -106.4526),
    Port("Ysleta Port of Entry", "El Paso", "TX", 31.6718, -106.3350),
    Port("World Trade Bridge", "Laredo", "TX", 27.5996, -99.5355),
)

MX_STREETS: tuple[str, ...] = (
    "Av. Álvaro Obregón",
    "Calle Morelos",
    "Blvd. Francisco I. Madero",
    "Calle Hidalgo",
    "Av. Insurgentes",
    "Calle Zaragoza",
    "Calle Vicente Guerrero",
    "Calle Aldama",
    "Calle Ignacio Allende",
    "Av. Revolución",
    "Calle 5 de Mayo",
    "Calle Independencia",
    "Blvd. Emiliano Zapata",
    "Calle Benito Juárez",
    "Av. Lázaro Cárdenas",
    "Calle Rosales",
    "Blvd. Pedro Infante",
    "Calle Jesús Carranza",
    "Av. de los Deportes",
    "Calle Río Fuerte",
    "Calle Juan de la Barrera",
    "Blvd. Enrique Sánchez Alonso",
    "Calle Niños Héroes",
    "Av. Solidaridad",
    "Calle Venustiano Carranza",
    "Calle Josefa Ortiz de Domínguez",
)
MX_COLONIAS: tuple[str, ...] = (
    "Centro",
    "Las Quintas",
    "Tierra Blanca",
    "Guadalupe",
    "Humaya",
    "Chapultepec",
    "Los Pinos",
    "Industrial",
    "Las Palmas",
    "Del Valle",
    "Jardines del Sol",
    "Lomas del Boulevard",
    "Las Flores",
    "Revolución",
    "Emiliano Zapata",
    "Obrera",
    "Independencia",
    "Lázaro Cárdenas",
    "Infonavit",
    "Bellavista",
    "Miguel Hidalgo",
)
US_STREETS: tuple[str, ...] = (
    "W Van Buren St",
    "E McDowell Rd",
    "S Central Ave",
    "N 35th Ave",
    "W Cermak Rd",
    "S Kedzie Ave",
    "W 26th St",
    "Bellaire Blvd",
    "S Gessner Rd",
    "Alameda Ave",
    "N Mesa St",
    "E Cesar Chavez Ave",
    "Whittier Blvd",
    "Imperial Ave",
    "Coronado Ave",
    "W Irvington Rd",
    "S 6th Ave",
    "Westheimer Rd",
    "W Jefferson Blvd",
    "Main St",
    "W Buckeye Rd",
    "S Pulaski Rd",
    "W Ajo Way",
    "Zaragoza Rd",
    "Dyer St",
    "Harry Hines Blvd",
    "Federal Blvd",
)

VEHICLES: tuple[tuple[str, str], ...] = (
    ("Chevrolet", "Silverado"),
    ("Ford", "F-150"),
    ("Ford", "Lobo"),
    ("Nissan", "NP300"),
    ("Toyota", "Tacoma"),
    ("Ram", "1500"),
    ("Jeep", "Grand Cherokee"),
    ("Chevrolet", "Suburban"),
    ("Honda", "Civic"),
    ("Nissan", "Versa"),
    ("Nissan", "Tsuru"),
    ("Volkswagen", "Jetta"),
    ("Chevrolet", "Aveo"),
    ("GMC", "Sierra"),
    ("Cadillac", "Escalade"),
    ("Kenworth", "T680"),
    ("Freightliner", "Cascadia"),
    ("Toyota", "Camry"),
    ("Honda", "Accord"),
    ("Dodge", "Charger"),
)
COLORS_ES = ("blanco", "negro", "gris", "plata", "rojo", "azul", "arena", "vino")
COLORS_EN = ("white", "black", "gray", "silver", "red", "blue", "tan", "maroon")

_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"


def plate(rng: Random, city: City) -> str:
    """A licence plate in the usual format of the state that issued it."""
    letters = "".join(pick(rng, _LETTERS) for _ in range(3))
    digits = below(rng, 10000)
    if city.country == "mx":
        return f"{letters}-{digits // 10:03d}-{pick(rng, _LETTERS)}"
    if city.state_code == "CA":
        return f"{between(rng, 5, 10)}{letters}{digits % 1000:03d}"
    if city.state_code == "IL":
        return f"{letters[:2]} {between(rng, 10000, 100000)}"
    return f"{letters}{digits:04d}"


def phone(rng: Random, city: City) -> str:
    """An E.164 number in the city's area code; U.S. numbers sit in the fictional 555 exchange."""
    area = pick(rng, city.area_codes)
    if city.country == "us":
        return f"+1{area}555{below(rng, 10000):04d}"
    rest = 10 - len(area)
    return f"+52{area}{between(rng, 2 * 10 ** (rest - 1), 10**rest)}"


def jitter(rng: Random, city: City, spread: float = 0.04) -> tuple[float, float]:
    return (
        round(city.lat + rng.uniform(-spread, spread), 5),
        round(city.lon + rng.uniform(-spread, spread), 5),
    )
