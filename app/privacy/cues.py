"""Context words that tell us a nearby word is a name, a place, a street or a school.

These are part of the rules rather than gazetteers, so they live in code, in lower case.
"""

from __future__ import annotations

from app.privacy.welsh import mutated_forms


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# "Mr Jones", "Dr Patel": the title is inside the PERSON span.
TITLES = _set("mr mrs ms miss mx dr prof")

# Ranks, family and job words before a name; outside the span ("PC [Sullivan]", "Aunty [Bev]").
RANKS = _set(
    "pc dc ds di dci dsi sgt sergeant inspector constable cllr councillor coach rev reverend "
    "aunty auntie aunt uncle nan nana nanny gran granny grandad grandma grampa bampi mamgu "
    "taid nain anti yncl cousin"
)

# Relations and roles: "her mum Karen", "boyfriend Will", "her SW Summer", "mam Elin".
RELATIONS = _set(
    "mum mam mom mother dad father stepdad stepmum step-dad step-mum nan nana nanny gran granny "
    "grandad grandma grandmother grandfather brother sister bro sis sibling cousin uncle aunty "
    "auntie aunt boyfriend girlfriend bf gf partner husband wife ex son daughter niece nephew "
    "friend mate bestie carer sw worker teacher tutor colleague manager neighbour supervisor "
    "lad girl boy man woman guy bloke fella "
    "tad brawd chwaer cariad ffrind cymydog gofalwr athro athrawes modryb ewythr cefnder "
    "cyfnither mam-gu tad-cu"
)

# Words that introduce a name or nickname: "someone called 'Digger'", "known as Tiny".
NAMING = _set("called named nicknamed aka alias calling")
NAMING_PHRASES: tuple[tuple[str, ...], ...] = (
    ("known", "as"),
    ("goes", "by"),
    ("went", "by"),
    ("calls", "himself"),
    ("calls", "herself"),
    ("calls", "themselves"),
    ("called", "himself"),
    ("called", "herself"),
    ("calling", "himself"),
    ("calling", "herself"),
    ("o'r", "enw"),
    ("galw", "ei", "hun"),
)
# Before "called": then even an ordinary word is a nickname ("a lad called Spinner").
NAMED_ONES = _set(
    "someone somebody man lad guy boy girl woman bloke fella person male female friend one "
    "older dyn merch bachgen rhywun"
)

# Verbs and words that follow a person's name: "Hope said", "Mark was", "Jade didn't".
PERSON_AFTER = _set(
    "said says told tells disclosed discloses admitted explained asked was has had went goes "
    "kept keeps ran runs came comes left lives lived stayed stays moved got gets gave started "
    "stopped refused wanted wants needed needs felt feels thought thinks knew knows texted "
    "messaged rang phoned called met showed shows would could should did does didn't doesn't "
    "wasn't isn't hasn't hadn't won't wouldn't couldn't never always only just also then still "
    "finally herself himself sat turned looked seemed became missed attended arrived returned "
    "disappeared tried agreed denied claimed reported mentioned described shared cried laughed "
    "shouted lied spent used took brought bought sent received wore smoked hung loved hated "
    "trusted trusts began wrote posted replied answered hid"
)
# For words that are months or seasons too, only verbs a month cannot do count.
PERSON_AFTER_STRONG = _set(
    "said says told tells disclosed admitted explained asked texted messaged rang phoned lives "
    "lived herself himself didn't doesn't wasn't hasn't hadn't wouldn't refused cried ran kept "
    "wants wanted thinks thought knew reported"
)
# Capitalised ordinary words that name an agency, a service or a thing, never a person
# ("Education said", "a girl Year 10").
INSTITUTIONS = _set(
    "year section class form group stage "
    "education health housing police probation social services service school schools college "
    "court courts council government family families youth justice care team teams board "
    "authority department unit agency agencies ambulance hospital strategy review conference "
    "panel meeting plan card cards children adult adults mental early help safeguarding "
    "residential fostering adoption emergency duty legal management leadership senior "
    "addysg iechyd heddlu tai gofal tîm bwrdd cyngor llywodraeth ysgol coleg llys"
)
# Between two parts of one name: "Aled ap Rhys", "Vincent van Gogh".
NAME_PARTICLES = _set("ap ab ferch verch van von de da di bin ibn bint")

# Before an ordinary word, these make it a thing, not a person ("the Grace period").
DETERMINERS = _set(
    "the a an this these those every each our their my your his its any some no y yr"
)
# Before a month or season, these make it a time ("in May", "over the Summer").
TIME_WORDS = _set("in during over since until till by this that last next every early late mid of")
TEMPORAL_NAMES = _set("april may june july august summer autumn winter spring christmas easter")

# After these, an unknown capitalised word is labelled a place rather than a person.
PLACE_PREPOSITIONS = _set(
    "in to from at near around into towards round outside via through ym yng yn i o ger tua"
)

# Streets. Strong suffixes make any capitalised words before them a street; weak ones
# ("Way", "Place", "Court") need an uncommon word first ("Penlan Way", not "the Right Place").
STREET_STRONG = _set(
    "road rd street avenue ave crescent drive lane terrace gardens grove mews parade boulevard"
)
STREET_WEAK = _set(
    "way place court park green view hill walk rise row square close vale villas heights "
    "meadows fields bank gate chase end wharf quay st"
)
STREET_DIRECTIONS = _set("north south east west upper lower")
# Welsh streets start with the street word: "Heol y Nant", "Maes y Deri", "Stryd Fawr".
WELSH_STREET_PREFIXES = _set(
    "heol ffordd stryd lôn lon maes rhodfa teras cilgant llys clos cwrt parc ystad stad rhes"
)

# Named homes and buildings: "Tŷ Derwen", "Glasfryn House", "Bryn Celyn residential home".
BUILDING_PREFIXES = _set("tŷ ty plas cartref")
BUILDING_SUFFIXES = _set("house lodge hall court flats hostel towers mansions cottage grange manor")
BUILDING_AFTER = (
    ("estate",),
    ("flats",),
    ("hostel",),
    ("children's", "home"),
    ("care", "home"),
    ("residential", "home"),
    ("residential", "unit"),
    ("home",),
)

# Schools, surgeries, clubs, businesses. Strong suffixes name the place with any words
# before them; weak ones need an uncommon word ("Brynteg Practice", not "Good Practice").
ORG_STRONG = _set(
    "school high primary comprehensive academy college surgery club fc afc rfc pru nursery "
    "infants juniors kebabs kebab takeaway chippy barbers nails taxis cabs motors vapes cars autos "
    "valeting carwash arms inn tavern pizza pizzeria garage stores salon tattoo tattoos gym café "
    "cafe lounge bar hotel wash launderette bakery barber grill diner licence off-licence "
    "offy newsagents fitness beauty tanning tyres chemist pharmacy dental institute legion "
    "amusements scaffolding builders roofing recycling scrap couriers butchers balti tandoori "
    "spice comp market minimarket mini-market supermarket mart"
)
ORG_WEAK = _set("centre practice project group church chapel mosque hospital clinic unit")
# Words that describe a kind of school or club; alone they name nothing ("the Youth Club").
ORG_DESCRIPTORS = _set(
    "primary junior juniors infant infants nursery high secondary comprehensive community "
    "catholic rc church cw ciw welsh welsh-medium special boxing football rugby cricket golf "
    "snooker youth sports social working men's boys girls amateur dance gymnastics martial arts "
    "swimming athletic athletics county city town united school college academy club centre "
    "medical health family leisure business learning pupil referral unit st saint the of and"
)
ORG_PREFIXES = _set("ysgol coleg meddygfa clwb canolfan capel eglwys caffi siop")
# A lower-case word after a capitalised name that makes it a business: "Golden Palace takeaway".
BUSINESS_AFTER = _set(
    "takeaway chippy cafe café shop store garage barbers salon pub club gym hotel kebab pizza "
    "bar restaurant bakery newsagent arcade comp high primary school academy college nursery "
    "surgery pharmacy chemist nails taxis cabs motors tyres inn arms hostel snooker offy "
    "off-licence newsagents bookies butchers barber tattoos vapes"
)

# A capitalised run ending in one of these is an agency or council and is kept whole:
# "Neath Port Talbot Council", "Swansea Bay University Health Board".
AGENCY_ENDINGS: tuple[tuple[str, ...], ...] = (
    ("council",),
    ("police",),
    ("university",),
    ("health", "board"),
    ("uhb",),
    ("fire", "and", "rescue"),
    ("fire", "service"),
    ("safeguarding", "board"),
    ("children's", "services"),
    ("social", "services"),
    ("youth", "justice", "service"),
    ("youth", "offending", "service"),
    ("youth", "offending", "team"),
    ("yot",),
    ("ambulance", "service"),
    ("nhs", "trust"),
    ("local", "authority"),
)
# Welsh agencies start with their kind: "Cyngor Sir Caerfyrddin", "Heddlu Gwent".
AGENCY_PREFIXES = _set("cyngor heddlu prifysgol bwrdd llywodraeth gwasanaethau comisiynydd")

# Single capitals that are not initials after these words: "Plan B", "Year 7 Group C".
NOT_INITIAL_AFTER = _set(
    "plan year section part tier level grade type class option category room block ward unit "
    "form vitamin appendix schedule step stage phase group team wing floor zone gate platform "
    "route line question exhibit figure table box page side key "
    "cynllun blwyddyn adran rhan lefel math opsiwn categori ystafell cam grŵp tîm"
)
# A place name followed by one of these is still the place: "Cardiff Central", "Barry Island".
PLACE_EXTENSIONS = _set(
    "central station bay marina beach docks island market common park north south east west"
)
# Days and months never start or continue a name ("Tia Monday", "Mum June").
CALENDAR = _set(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december jan feb mar apr jun jul aug sep sept "
    "oct nov dec llun mawrth mercher iau gwener sadwrn sul ionawr chwefror ebrill mai mehefin "
    "gorffennaf awst medi hydref tachwedd rhagfyr"
)
# Words that join two names in a list: "Rose and Jade", "Alaw a Lowri".
NAME_JOINERS = _set("and & or a ac neu")
# Words inside a run of capitalised words that do not break it: "Maes y Deri", "Vale of Glamorgan".
RUN_CONNECTORS = _set("y yr 'r of the de la le upon a'r")
# Words after a name that show it is a card or model title, not a person.
TITLE_WORDS = _set("card cards model approach scheme programme project framework")


def _with_mutations(words: frozenset[str]) -> frozenset[str]:
    """Welsh prefixes mutate after prepositions: "i Goleg Gwent", "i Faes y Deri"."""
    return words | {form for word in words for form in mutated_forms(word)}


WELSH_STREET_PREFIXES = _with_mutations(WELSH_STREET_PREFIXES)
BUILDING_PREFIXES = _with_mutations(BUILDING_PREFIXES)
ORG_PREFIXES = _with_mutations(ORG_PREFIXES)
AGENCY_PREFIXES = _with_mutations(AGENCY_PREFIXES)
