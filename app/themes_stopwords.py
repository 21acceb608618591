"""Stop words for key phrases, in English and Welsh.

Written out here rather than taken from a library so that the lists are small, reviewed
and the same on every machine. Both lists are used for reflections in either language:
Welsh reflections switch into English often ("mae'r IRO wedi..."), and the Welsh words
below are not English content words. Entries are lower case; accents are folded when the
lists are loaded, so "siŵr" also stops "siwr".

Besides grammar words, each list holds the fillers people use when reflecting aloud
("I think", "really", "dw i'n meddwl"): they would top every card and tell nobody
anything. Words such as "risk", "safe", "child" or "plant" are kept on purpose: whether they
make a theme is for the k-threshold and the scores to decide.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


ENGLISH: frozenset[str] = _words(
    """
    a about above across after afterwards again against all almost along already
    also although always am among amongst an and another any anybody anyhow anyone
    anything anyway anywhere are aren around as at
    back be became because become becomes becoming been before beforehand behind being
    below beside besides between beyond both but by
    can cannot cant could couldn couldnt
    did didn didnt do does doesn doesnt doing don done dont down during
    each eg either else elsewhere enough especially etc even ever every everybody everyone
    everything everywhere except
    few first for former formerly from further furthermore
    get gets getting give given gives go goes going gone got gotten
    had hadn has hasn have haven having he hence her here hereafter hereby herein hers
    herself him himself his how however
    ie if in indeed instead into is isn it its itself
    just
    kind know knew
    later least less let lets like likely
    made make makes making many may maybe me meanwhile might mine more moreover most mostly
    much must mustn my myself
    namely needn neither never nevertheless next no nobody none noone nor not nothing
    now nowhere
    of off often ok okay on once one only onto or other others otherwise ought our ours
    ourselves out over overall own
    per perhaps please put
    quite
    rather re really
    said same say saying says see seem seemed seeming seems seen several shall shan she
    should shouldn shouldnt since so some somebody somehow someone something sometime
    sometimes somewhat somewhere still such sure
    take taken than that thats the their theirs them themselves then thence there
    thereafter thereby therefore therein these they thing things think thinking this those
    though thought through throughout thru thus to too took toward towards
    under unless until up upon us
    very via
    was wasn way we well went were weren what whatever when whence
    whenever where whereas whereby wherever whether which while who whoever whole whom
    whose why will with within without won wont would wouldn wouldnt
    yes yet you your yours yourself yourselves

    bit lot lots loads stuff actually basically literally probably definitely certainly
    obviously simply generally usually totally completely fully
    feel feels felt feeling
    s t d ll m ve
    """
)

WELSH: frozenset[str] = _words(
    """
    y yr r

    i im imi iddo iddi iddyn iddynt iddon iddom iddoch ichi
    o ohono ohoni ohonyn ohonynt ohonom ohonon ohonoch ohona
    ar arno arni arnyn arnynt arnom arnon arnoch arna arnaf
    at ato ati atyn atynt atom aton atoch ata ataf
    gan ganddo ganddi ganddyn ganddynt ganddon gennym gennyn gennych gennyf gen gyda gydag
    efo hefo â ag
    am amdano amdani amdanyn amdanynt amdanom amdanon amdanoch
    yn yng ym n
    heb hebddo hebddi hebddyn
    dros tros drosto drosti drostyn
    trwy drwy trwyddo drwyddo trwyddi drwyddi
    wrth wrtho wrthi wrthyn
    hyd tan nes rhwng rhyngddo rhyngddi rhyngddyn
    mewn dan cyn ers tua tuag oddi erbyn ymhlith ymysg heibio ger ynghylch ynglŷn
    cyfer gyfer mwyn ôl nôl blaen ymlaen allan lan fyny lawr tu wedi

    fi mi innau minnau ti di tithau ef fe fo e efe yntau hi hithau ni nyni ninnau chi chwi
    chwithau nhw hwy hwythau hwynt
    fy ny dy ei eu ein eich w u ch th
    hwn hon hyn hynny honno hwnnw rhain rheini rheiny hwnna honna hynna rhein gilydd

    bod fod mod bydd fydd byddai fyddai byddan fyddan byddant byddwn fyddwn byddech
    fyddech byddi byddaf fyddaf bydda fydda bydden fydden byddent fyddent buasai fuasai
    basai fasai bysai fysai bu fu buodd fuodd bues fues buon fuon buost bum fum buom
    mae maen maent ma ydy ydi ydw ydwyf wyf wyt ydyn ydym ydynt ydych ydan yw ydyw oes sy
    sydd oedd roedd oeddwn roeddwn oeddet roeddet oeddech roeddech oedden roedden oeddem
    roeddem oeddent roeddent oeddan roeddan rwy rwyf rydw rydym rydyn rydych rwyt
    dw dwi rwi ych dyw dydy dydi dydw dwyt dydyn dydych doedd bo boed
    sa sai

    a ac neu ond os pe petai petasai pan tra achos oherwydd oblegid felly fel mai taw sef
    ynteu naill chwaith hefyd er eto yna wedyn ogystal oni onid

    na nac nad nag nid ddim dim does do naddo ie nage

    beth be pa pwy pryd ble lle sut pam paham faint bynnag

    pob bob pawb popeth rhai rhywbeth rhywun rhywle unrhyw neb llawer lot mwy mwyaf llai
    lleiaf mor rhy iawn eithaf braidd hollol wir jyst dal erioed byth weithiau nawr rwan
    rŵan heddiw yno yma efallai falle hwyrach siŵr tipyn ychydig digon gormod cymaint arall
    eraill un dau dwy holl sawl bron cwbl oll fath gyd peth pethau

    gwneud wneud neud gwnaeth wnaeth nath gwnes wnes gwnaethon wnaethon gwnaiff wnaiff
    gwneith wneith neith gwna wna gwnewch wnewch gwnaf wnaf gwnawn wnawn
    cael gael chael nghael caf gaf cawn gawn cafodd gafodd chafodd cafwyd gafwyd cawson
    gawson caiff gaiff chaiff ces ges ches cei gei
    mynd fynd myned aeth aethon aiff af awn ewch es
    dod ddod daeth ddaeth daethon ddaethon dethon daw ddaw dewch dere tyrd dof ddof
    gallu allu gall all gallai allai gallwn allwn gellir ellir galla alla gallen allen
    gallech allech gallaf allaf medru fedru medr fedr gorfod orfod
    dylai ddylai dylen ddylen dylwn ddylwn dylech ddylech dylid ddylid
    dweud ddweud gweud weud meddwl feddwl teimlo deimlo
    """
)
