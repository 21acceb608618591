"""A small bilingual concept lexicon, so that English and Welsh reflections can meet.

Each concept lists the words and phrases that name it in English and in Welsh. Welsh
entries are radical forms: their soft, nasal and aspirate mutations (and ``h`` before a
vowel) are generated when the lexicon loads, so ``perthynas``, ``berthynas`` and
``mherthynas`` all land on one concept. English entries are matched after the light stem
of :mod:`app.theme_groups` (``trusted`` → ``trust``), so they are written as stems need
not be: the loader stems them the same way.

The vocabulary comes from the cards (what practitioners are asked about), the Welsh terms
public bodies use (``/work/shared/research/welsh-terms.md``: lleoliad, gofalwyr maeth,
mynd ar goll, camfanteisio, meithrin perthynas amhriodol, atgyfeirio...) and the everyday
words of safeguarding practice. It is not tuned to any one set of reflections: a concept
is here when practitioners in either language would name the same thing with it.

The first entry in each language is the concept's label when it names a theme.
"""

from __future__ import annotations

# concept id → (English terms, Welsh terms). Multi-word terms match whole word runs.
CONCEPTS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "move": (("moves", "move", "moving", "moved"), ("symud", "symudiadau", "symudiad")),
    "placement": (
        ("placements", "placement", "placed"),
        ("lleoliadau", "lleoliad"),
    ),
    "breakdown": (
        ("breakdown", "breaks down", "break down", "broke down", "broken down"),
        ("chwalu", "chwalfa", "methu"),
    ),
    "distance": (
        ("out of area", "out of county", "distance", "miles away", "far away", "away"),
        ("ymhell", "i ffwrdd", "tu allan i'r sir", "y tu allan i'r sir", "pellter"),
    ),
    "isolation": (("isolated", "alone", "lonely", "isolation", "cut off"), ("unig", "unigrwydd")),
    "school": (
        ("school", "teacher", "education", "classroom", "designated teacher"),
        ("ysgol", "athro", "athrawes", "athrawon", "addysg", "ysgolion"),
    ),
    "exclusion": (
        ("exclusion", "excluded", "exclude", "exclusions", "suspension", "reduced timetable"),
        ("gwahardd", "gwaharddiad", "gwaharddiadau", "gwaharddwyd"),
    ),
    "college-work": (
        ("job", "apprenticeship", "work experience", "employment", "college", "career"),
        ("swydd", "prentisiaeth", "prentisiaethau", "profiad gwaith", "coleg", "cyflogaeth"),
    ),
    "money": (("money", "income", "wage"), ("arian", "cyflog")),
    "friends": (
        ("friends", "friend", "mates", "mate", "peers", "peer group"),
        ("ffrindiau", "ffrind", "cyfoedion", "mêts"),
    ),
    "loss": (("loss", "lose", "lost", "losing", "loses"), ("colli", "colled", "collodd")),
    "trust": (
        ("trust", "trusted", "trusting", "trusts"),
        ("ymddiried", "ymddiriedaeth", "ymddiriedol"),
    ),
    "relationship": (
        ("relationship", "relationships", "relationship-based", "bond", "attachment"),
        ("perthynas", "perthnasoedd", "perthnasau", "cwlwm"),
    ),
    "contact": (
        ("keep in touch", "in touch", "stay in contact", "contact", "text", "stay in touch"),
        ("cadw mewn cysylltiad", "cysylltiad", "cysylltu", "neges", "tecstio"),
    ),
    "listen": (
        ("listening", "listen", "listened", "hear", "heard", "listens"),
        ("gwrando", "clywed", "gwrandawodd"),
    ),
    "judgement": (
        ("judging", "judge", "judgement", "judgemental", "judgmental", "judgment"),
        ("barnu", "beirniadu", "beirniadol", "feirniadu"),
    ),
    "time": (("time", "hours", "rushed"), ("amser", "oriau")),
    "caseload": (
        ("caseloads", "caseload", "case load", "workload", "too many cases", "cases"),
        ("llwyth achosion", "llwyth gwaith", "achosion"),
    ),
    "worker": (
        ("worker", "workers", "social worker", "practitioner", "practitioners", "staff"),
        ("gweithiwr", "gweithwyr", "gweithiwr cymdeithasol", "ymarferwyr", "ymarferydd", "staff"),
    ),
    "carers": (
        ("foster carers", "carers", "foster carer", "carer", "foster", "residential staff"),
        ("gofalwyr maeth", "gofalwyr", "gofalwr", "maeth", "gofal maeth"),
    ),
    "support": (
        ("support", "supported", "supporting", "help", "helps"),
        ("cefnogaeth", "cefnogi", "cymorth", "help", "helpu"),
    ),
    "respite": (("respite", "out of hours", "night", "at night"), ("seibiant", "nos", "y nos")),
    "training": (("training", "train", "trained"), ("hyfforddiant", "hyfforddi")),
    "record": (
        ("records", "record", "case notes", "notes", "files", "file", "reports", "recording"),
        ("cofnod", "cofnodion", "cofnodi", "ffeil", "ffeiliau", "adroddiad", "adroddiadau"),
    ),
    "writing": (("write", "writing", "written", "wrote"), ("ysgrifennu", "ysgrifenedig")),
    "read": (("reading", "read", "reads"), ("darllen", "darllenodd")),
    "blame": (
        ("blaming", "blame", "blames", "blamed", "victim blaming"),
        ("beio", "bai", "beir"),
    ),
    "language": (
        ("language", "words", "word", "phrase", "wording", "terms"),
        ("iaith", "geiriau", "gair", "ymadrodd"),
    ),
    "choice": (
        ("choices", "choice", "lifestyle choice", "making choices", "chose", "choose"),
        ("dewisiadau", "dewis", "dewisiad"),
    ),
    "at-risk": (
        ("putting herself at risk", "putting himself at risk", "putting themselves at risk"),
        ("rhoi ei hun mewn perygl", "rhoi eu hunain mewn perygl"),
    ),
    "risk": (("risk", "risks", "danger", "dangerous", "risky"), ("risg", "perygl", "peryglus")),
    "consent": (("consent", "consensual", "agreed"), ("cydsyniad", "caniatâd", "cydsynio")),
    "victim": (("victim", "victims"), ("dioddefwr", "dioddefwyr")),
    "challenge": (("challenging", "challenge", "challenged", "question it"), ("herio", "heriais")),
    "colleague": (
        ("colleagues", "colleague", "co-workers", "peers at work"),
        ("cydweithwyr", "cydweithiwr"),
    ),
    "meeting": (
        ("meeting", "meetings", "strategy meeting", "strategy meetings", "conference"),
        ("cyfarfod", "cyfarfodydd", "cyfarfod strategaeth", "cynhadledd"),
    ),
    "supervision": (
        ("supervision", "supervisor", "supervise", "reflective supervision"),
        ("goruchwyliaeth", "goruchwylio", "goruchwyliwr", "goruchwyliaeth fyfyriol"),
    ),
    "reflection": (
        ("reflective", "reflect", "reflection", "space to think"),
        ("myfyriol", "myfyrio"),
    ),
    "emotion": (
        ("emotions", "emotional", "upset", "numb", "how it affects me", "affects me"),
        ("emosiynau", "emosiynol", "teimladau", "ypset", "effeithio arna i"),
    ),
    "sleep": (("sleep", "awake", "nightmares"), ("cysgu", "cwsg", "hunllefau")),
    "trauma": (
        ("trauma", "vicarious trauma", "burnout", "burn out", "exhausted", "tired", "stress"),
        ("trawma", "blinder", "blino", "wedi blino", "blinedig", "straen", "blino'n lân"),
    ),
    "guilt": (("guilt", "guilty"), ("euogrwydd", "euog")),
    "carry-home": (
        ("stays with me", "stay with me", "take it home", "carrying it", "carry it home"),
        ("aros gyda fi", "cario", "mynd adref gyda fi", "adref gyda fi"),
    ),
    "team": (("team", "teams"), ("tîm", "timau")),
    "debrief": (
        ("debrief", "debriefing", "check in", "checking in", "talk", "talking"),
        ("sgwrs", "siarad", "trafod", "sgyrsiau"),
    ),
    "safety": (
        ("safety", "safe", "safer", "safely", "keep safe", "safety plan"),
        ("diogelwch", "diogel", "cynllun diogelwch", "cadw'n ddiogel"),
    ),
    "safeguarding": (("safeguarding", "safeguard"), ("diogelu",)),
    "police": (("police", "officer", "officers", "cops"), ("heddlu", "heddwas", "swyddog heddlu")),
    "missing": (
        ("missing", "go missing", "going missing", "went missing", "absconding", "abscond"),
        ("ar goll", "mynd ar goll", "aeth ar goll"),
    ),
    "return-interview": (
        ("return interview", "return home interview", "return interviews", "return home"),
        ("cyfweliad dychwelyd", "cyfweliadau dychwelyd", "dychwelyd"),
    ),
    "sign": (
        ("sign", "signs", "warning", "warning sign", "indicator", "red flag"),
        ("arwydd", "arwyddion", "rhybudd"),
    ),
    "exploitation": (
        (
            "exploitation",
            "exploit",
            "exploited",
            "exploiting",
            "exploiter",
            "cse",
            "grooming",
            "groomed",
            "groomers",
            "groom",
        ),
        ("camfanteisio", "cam-fanteisio", "meithrin perthynas amhriodol", "crhb", "camfanteisiwyd"),
    ),
    "abuse": (("abuse", "abused", "abusive", "harm"), ("camdriniaeth", "cam-drin", "niwed")),
    "eighteen": (
        ("18", "eighteen", "18th", "eighteenth", "turning 18", "birthday"),
        ("18", "deunaw", "pen-blwydd"),
    ),
    "older": (("25", "older", "into adulthood"), ("25", "hŷn")),
    "adult-services": (
        ("adult services", "adult safeguarding", "adult social care", "adults' services"),
        ("gwasanaethau oedolion", "diogelu oedolion"),
    ),
    "threshold": (
        ("threshold", "thresholds", "criteria", "eligible", "eligibility"),
        ("trothwy", "meini prawf"),
    ),
    "stop": (
        (
            "stops",
            "stop",
            "stopped",
            "ends",
            "ended",
            "cliff edge",
            "falls away",
            "closes",
            "closed",
            "close",
        ),
        ("stopio", "dod i ben", "cau", "diflannu", "darfod"),
    ),
    "housing": (
        (
            "housing",
            "hostel",
            "hostels",
            "accommodation",
            "lodgings",
            "supported lodgings",
            "flat",
            "tenancy",
            "homeless",
        ),
        ("tai", "llety", "hostel", "llety â chymorth", "digartref", "fflat"),
    ),
    "care-leaver": (
        ("care leavers", "care leaver", "leaving care", "left care"),
        ("gadael gofal", "pobl ifanc sy'n gadael gofal"),
    ),
    "online": (
        (
            "online",
            "internet",
            "social media",
            "snapchat",
            "instagram",
            "tiktok",
            "games",
            "gaming",
            "apps",
            "app",
            "messages",
        ),
        (
            "ar-lein",
            "arlein",
            "rhyngrwyd",
            "cyfryngau cymdeithasol",
            "gemau",
            "apiau",
            "ap",
            "negeseuon",
        ),
    ),
    "phone": (("phone", "phones", "mobile", "device"), ("ffôn", "ffonau", "dyfais")),
    "family": (
        ("family", "families", "parents", "parent", "mum", "dad"),
        ("teulu", "teuluoedd", "rhieni", "mam", "tad"),
    ),
    "voice": (("voice", "views", "wishes", "say in"), ("llais", "barn", "dymuniadau")),
    "plan": (("plan", "plans", "planning", "planned"), ("cynllun", "cynlluniau", "cynllunio")),
    "information": (
        ("information sharing", "share information", "sharing", "information", "share"),
        ("rhannu gwybodaeth", "gwybodaeth", "rhannu"),
    ),
    "funding": (
        ("funding", "fund", "resources", "budget", "cuts"),
        ("cyllid", "adnoddau", "cyllideb", "toriadau"),
    ),
    "review": (("review", "reviews", "reviewing"), ("adolygiad", "adolygiadau", "adolygu")),
    "count": (
        ("number of moves", "count", "number", "numbers", "how many", "track"),
        ("nifer", "cyfri", "cyfrif"),
    ),
    "joint": (
        ("joint", "together", "multi-agency", "partnership", "agree", "agreed"),
        ("ar y cyd", "gyda'n gilydd", "amlasiantaeth", "amlasiantaethol", "partneriaeth", "cytuno"),
    ),
    "referral": (
        ("referral", "referrals", "refer", "referred"),
        ("atgyfeirio", "atgyfeiriad", "atgyfeiriadau"),
    ),
    "boys": (("boys", "young men", "boy", "lads"), ("bechgyn", "dynion ifanc", "bachgen")),
    "disability": (
        ("disabled", "disability", "learning disability", "autism", "autistic", "additional needs"),
        ("anabl", "anabledd", "anabledd dysgu", "awtistiaeth", "anghenion ychwanegol"),
    ),
    "criminal": (
        (
            "criminalise",
            "criminalised",
            "criminalising",
            "arrested",
            "charged",
            "offending",
            "criminal",
        ),
        ("troseddoli", "arestio", "troseddu", "troseddol"),
    ),
    "early-help": (
        ("early help", "early", "prevention", "before the crisis"),
        ("cymorth cynnar", "cynnar", "atal"),
    ),
    "behaviour": (("behaviour", "behaviours", "behaving", "acting out"), ("ymddygiad", "ymddwyn")),
    "assessment": (
        ("assessment", "assess", "assessed", "tool", "score", "scores"),
        ("asesiad", "asesu", "sgôr", "offeryn"),
    ),
    "difficult": (("difficult", "hard", "tough", "struggle"), ("anodd", "caled", "anhawster")),
    "child": (("child", "children", "kids"), ("plentyn", "plant")),
    "young-person": (
        ("young person", "young people", "teenager", "teenagers"),
        ("person ifanc", "pobl ifanc"),
    ),
    "adult": (("adult", "adults", "grown-up"), ("oedolyn", "oedolion")),
    "home": (("home", "children's home", "at home"), ("cartref", "adref", "gartref")),
    "week": (("week", "weeks", "weekly"), ("wythnos", "wythnosau")),
    "day": (("day", "days", "daily"), ("diwrnod", "dydd", "diwrnodau")),
    "wrong": (("wrong", "mistake"), ("anghywir", "camgymeriad")),
    "visit": (("visit", "visits", "home visit"), ("ymweliad", "ymweliadau", "ymweld")),
    "gift-exchange": (
        ("gifts", "gift", "exchange", "lifts", "cigarettes", "vapes", "alcohol", "drugs"),
        ("anrhegion", "anrheg", "cyfnewid", "lifftiau", "sigaréts", "alcohol", "cyffuriau"),
    ),
}
