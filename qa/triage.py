"""Red-flag triage: match a patient's described symptoms to the corpus's own warning lists."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from .chunk import document_sentences
from .lay_terms import clinical_terms
from .temperature import limit, mentions_heat, readings, without_readings
from .types import Document

EMERGENCY = "emergency"
CARE_TEAM = "contact_care_team"

# The surgical site, in the words patients use for it.
_SITE_WORD = r"(?:incision|wound|cut|scar|stitch(?:es)?|staples?|dressing|bandage|drain|surgical\s+site)"
# The person speaks about themself ("my wound", "I can't ...", "im dizzy"), about someone they care
# for ("he's confused"), or about the surgical wound ("the incision got more sore today").
_PERSONAL = re.compile(
    r"\b(i|i'm|im|i’m|i've|ive|i’ve|me|my|mine|myself|he|he's|she|she's|his|him|her|the\s+" + _SITE_WORD + r")\b",
    re.IGNORECASE,
)
# General information questions ("what are the warning signs ...") are not reports of a symptom.
_GENERAL = re.compile(
    r"^\s*(what|which|list|tell me|are there|is there|how (common|often|likely))\b.*\b(risks?|symptoms?|signs?|complications?|side[- ]effects?|warning)\b",
    re.IGNORECASE,
)
# A negation cue and the few words it governs, up to a clause break: "no fever", "the wound isn't
# red", "I don't have any swelling". A lost ability or a thing that will not stop or get better is a
# symptom, not its absence, so it keeps its words: "haven't been able to pee", "bleeding that's not
# stopping", "the pills aren't helping". After "don't", "haven't", "didn't" and the like, only a verb
# of having or noticing makes an absence ("haven't had a fever"); any other verb is a function that
# failed ("haven't pooped in 5 days").
_FILLER = r"(?:(?:really|even|yet|ever|still|be|been|quite|fully|properly)\s+)*"
# A normal function that has stopped is a symptom too: "haven't had a bowel movement in 6 days".
_LOST_FUNCTION = (r"(?:(?:had|have|done|passed)\s+(?:a\s+|any\s+)?)?"
                  r"(?:bowel\s+movements?|bms?|poo(?:p|ped|ping|s)?|stools?|number\s+twos?|pee(?:d|ing)?|wee(?:d|ing)?|"
                  r"pass(?:ing)?\s+(?:water|urine)|urinat\w*)")
_FAILED = (_FILLER + r"(?:able|stop\w*|help\w*|work\w*|touch\w*|heal\w*|improv\w*|eas\w*|go(?:ne|ing)?\s+away|"
           r"mak\w*\s+(?:any\s+)?sense|(?:him|her|my|them)sel(?:f|ves)|with\s+it|all\s+there|"
           r"get(?:ting)?\s+better|keep\w*|hold\w*|stay\w*\s+down|"
           # "no feeling in my private parts": a sense lost, not a symptom denied
           r"(?:feeling|sensation)\s+(?:in|at|around|down|below)\b|" + _LOST_FUNCTION +
           # "not to have gone for a poo in 7 days"
           r"|(?:to\s+)?(?:have\s+)?(?:gone|go|went|been)\s+(?:to\s+the\s+(?:loo|toilet|bathroom)\s+)?(?:for\s+)?(?:a\s+|any\s+)?"
           + _LOST_FUNCTION + r")\b")
_ABSENCE_VERB = (_FILLER + r"(?:have|has|had|got|gotten|get|getting|notic\w*|see|seen|saw|feel|felt|experienc\w*|"
                 r"develop\w*|think|believe|any|a|an|much|hurt\w*|seem\w*|look\w*|smell\w*|run\w*|spik\w*)\b")
_APOS = "['’]?"
_NEGATION = re.compile(
    r"(?:\b(?:no|not|never|nothing(?=\s+(?:\w+ing|wrong|unusual|abnormal|weird|odd))|without|none|denies|nor|(?:is|are|was|were)n" + _APOS + r"t|"
    r"can" + _APOS + r"t\s+say|free\s+of)\b(?!\s+" + _FAILED + r")"
    r"|\b(?:do|does|did|have|has|had)n" + _APOS + r"t\b(?=\s+" + _ABSENCE_VERB + r")(?!\s+" + _FAILED + r")"
    r"|\b(?:dont|doesnt|didnt|havent|hasnt|hadnt)\b(?=\s+" + _ABSENCE_VERB + r")(?!\s+" + _FAILED + r"))"
    r"[^,.;:!?]*?(?=$|[,.;:!?]|\b(but|just|and i|though|although|however)\b)",
    re.IGNORECASE,
)
# A symptom placed in the past, before the surgery, is history, not a report: "I had a stroke last
# year, am I a candidate?". The clause that says so is left out, as a negated one is.
_HISTORY = re.compile(
    r"[^,.;:!?]*\b(?:years?\s+ago|months\s+ago|last\s+year|in\s+(?:19|20)\d\d|history\s+of|used\s+to|"
    r"as\s+a\s+(?:child|kid|teenager)|(?<!since\s)before\s+(?:(?:my|the|his|her)\s+(?:\w+\s+)?)?"
    r"(?:surgery|operation|op|procedure|\w*ectomy|\w*otomy|\w*fusion|[tapx]lif|\w*plasty|decompression))\b[^,.;:!?]*",
    re.IGNORECASE,
)
# A clause that says how a past symptom has changed since, or that speaks of now again.
_CHANGED_SINCE = re.compile(r"\b(?:gotten|got|grown|spread\w*|become|getting)\s+(?:\w+\s+)?(?:bigger|worse|larger|wider|more)\b"
                            r"|\b(?:worse|bigger)\s+since\b|\b(?:has|have|had)\s+spread\b", re.IGNORECASE)
_PAST_TENSE = re.compile(r"\b(?:was|were|had|used\s+to|couldn['’]?t|couldnt|could\s+not|did|went|\w{3,}ed)\b", re.IGNORECASE)
_NOW_AGAIN = re.compile(r"\b(?:since|now|after|today|tonight|currently|still|post|these\s+days|at\s+the\s+moment)\b",
                        re.IGNORECASE)
# The question places itself after the operation ("since my surgery", "3 days after my op"): a
# report of a symptom then needs a little less to match.
_AFTER_SURGERY = re.compile(
    r"\b(?:since|after)\s+(?:my|the|his|her|their|this|surgery|operation|\w*ectomy|\w*otomy|fusion|decompression)\b|\bpost[- ]?op|\b(?:days?|weeks?|wks?)\s+(?:ago|after|since)\b"
    r"|\brecover\w*\s+from\s+(?:my|the|his|her|their|this)\b"
    r"|\bsince\s+(?:getting|coming|being\s+sent|i\s+got|i\s+came)\s+home\b"
    r"|\b(?:sent|let)\s+(?:me|him|her)\s+home\b|\b(?:since|after)\s+(?:being\s+|i\s+was\s+|(?:he|she)\s+was\s+)?discharged\b"
    r"|\bsince\s+(?:surgery|the\s+op|yesterday|last\s+night|this\s+morning|this\s+afternoon|lunch|today|earlier)"
    r"|\bsince\s+(?:an?|one|two|three|a\s+few|\d+)\s+(?:hours?|hrs?|minutes?|mins?)\s+ago"
    r"|\b(?:had|got)\s+(?:my\s+|a\s+|an\s+|the\s+|his\s+|her\s+)?(?:\w+\s+)?(?:surgery|op|operation|fusion|\w*discectomy|\w*laminectomy|"
    r"procedure|[tapx]lif|mi-tlif)\b"
    r"|\b(?:surgery|op|operation|procedure)\s+(?:was|on)\b"
    r"|\b(?:surgery|op|operation|procedure|fusion|decompression|\w*ectomy|[atpx]lif)\s+(?:was\s+)?(?:last\s+(?:week|night|\w+day)|yesterday)\b"
    # "10 days out"
    r"|\b(?:\d+|a\s+few|two|three|four|five|six|ten)\s+(?:days?|weeks?|wks?)\s+out\b"
    # "6 days post tlif", "3 days out from my microdiscectomy", "day 2 after back surgery"
    r"|\b(?:days?|weeks?|wks?|months?|hours?|hrs?)\s+(?:post|out\s+(?:from|of))\b"
    r"|\bpost[- ]?(?:surgery|surgical|fusion|\w*ectomy|\w*otomy|[atpx]lif|decompression|procedure)\b"
    r"|\b(?:after|since|following)\s+(?:back|spine|spinal|neck|keyhole|disc)\s+(?:surgery|op|operation|fusion|procedure)\b",
    re.IGNORECASE,
)
# A short question closing a statement: "... normal??", "..., is that ok?"
_NORMAL_TAIL = re.compile(r"(?:[.,;!]\s*|\s+)(?:(?:is|would)\s+(?:that|this|it)\s+(?:be\s+)?)?"
                          r"(?:normal|ok|okay|alright|bad|serious|expected)\s*\?+\s*$", re.IGNORECASE)
# A time that places a statement in the asker's present: "... this morning", "out of nowhere ...".
_NOW = re.compile(
    r"\b(?:this\s+(?:morning|afternoon|evening)|today|tonight|tonite|last\s+night|right\s+now|just\s+now|"
    r"an?\s+hour\s+ago|\d+\s+(?:hours?|hrs?|mins?|minutes?)\s+ago|out\s+of\s+nowhere|all\s+of\s+a\s+sudden|"
    r"and\s+now|since\s+then)\b"
    # a sentence that opens with "now": "new painkiller started at lunch. now throat feels tight"
    r"|(?:^|[.!?]\s+)now\s+(?!that\b|when\b|i\s+know\b)", re.IGNORECASE)
# A chat statement that leaves out its "I": "cant sleep because the pain meds arent working",
# "been throwing up all day", "haven't had a bowel movement since", "woke up with my calf swollen"; or one that says a symptom is going on
# and growing: "pain meds arent doing anything and the pain is getting worse".
_ELIDED_I = re.compile(
    r"^\s*(?:(?:still|also|just|really|now|and)\s+)?(?:cant|can['’]t|cannot|can\s+not|been|having|feeling|struggling|"
    r"haven['’]?t|havent|not\s+had|"
    r"keep|keeps|kept|woke|waking|noticed|started|starting)\b"
    r"|\b(?:getting|gotten|got)\s+(?:worse|much\s+worse|worse\s+and\s+worse)\b"
    r"|\b(?:aren['’]?t|are\s+not|isn['’]?t|not)\s+(?:working|helping|doing\s+(?:anything|much|a\s+thing))\b",
    re.IGNORECASE)
# Questions that open by asking for information or permission ("when can I ...", "is it ok to ...")
# report a symptom less often than statements do ("my wound is ..."), so they need a closer match.
# "just wondering when i can shower", "im curious whether ...": a question put as a statement
_WONDERING = r"(?:(?:i['’]?m|im|i\s+am|i\s+was)\s+)?(?:just\s+)?(?:wondering|curious)\s+(?:when|if|whether|how|what|about)\b"
_INFO_OPENER = re.compile(
    # after a short label that names no one ("MISS: how is ...", "Pre-op: when ...")
    r"^\s*(?:(?:(?!(?:my|i|his|her|the)\b)[a-z][\w.'’/-]*\s*){1,3}:\s*)?"
    r"(?:(when|can|could|will|would|should|shall|how|is it|am i|do i|does|what|which|where|why)\b(?!['’])"
    r"|" + _WONDERING +
    # a yes/no question about a thing, not the asker: "are the stitches dissolvable" (not "do they
    # think my chest pain ... is serious", which reports)
    r"|(?:do|are)\s+(?:the|these|those)\b"
    # after the time it asks about: "after the operation should i stay in bed ...?" (not "... is it normal")
    r"|(?:after|following|before)\s+(?:the|my)\s+\w+\s*,?\s*(?:when|can|could|will|should|how|do i|what)\b)",
    re.IGNORECASE,
)
# The asker stresses how much a symptom is ("bleeding heavily", "blood is pouring out", "soaking
# through the dressing"): an emergency line that names that degree ("Heavy bleeding from the
# surgical site") and matches nearly as well goes before a milder line naming the symptom alone
# ("bleeding at the incision"). Only emergency lines gain: when unsure, the safer advice.
_INTENSE = re.compile(
    # "heavy" as a degree of bleeding, not the heaviness of a leg ("my leg feels heavy")
    r"\b(?:heavily|heavy\s+(?:bleed\w*|blood\w*|flow|discharge)|a\s+lot\s+of\s+blood|lots\s+of\s+blood|"
    r"pour\w*|gush\w*|soak\w*|drench\w*|profuse\w*|spurt\w*|severe(?:ly)?|unbearable|excruciating)\b",
    re.IGNORECASE,
)
_SEVERE_LINE = re.compile(r"\b(?:heavy|severe|sudden|high[- ]grade|massive)\b", re.IGNORECASE)
SECOND_SYMPTOM_WEIGHT = 0.15  # a line gains this share of its second-best clause's similarity
INTENSITY_BONUS = SECOND_SYMPTOM_WEIGHT  # as much as a second symptom the line also explains
SITE_BONUS = SECOND_SYMPTOM_WEIGHT  # a line naming the wound, for a message about the wound
# A clause placed in a part of the body ("tightness in chest", "warmth in the legs", "jaw pain")
# describes that part: a message naming none of it ("the scar feels tight") matches it less by this much.
BODY_PART_PENALTY = 0.3
# A bare sensation in a line that places its symptoms ("discomfort, heaviness, pain, aching, ... or
# warmth in the legs") is felt there too.
_LOCAL_SENSATION = re.compile(r"(?:pain|aching|ache|discomfort|heaviness|throbbing|itching|pressure|tenderness)",
                              re.IGNORECASE)
_BODY_PARTS = {
    "chest": r"chest|breast\w*|boobs?|ribs?|rib\s*cage|sternum|breastbone",
    "leg": r"legs?|calf|calves|thighs?|ankles?|feet|foot|shins?|knees?",
    "arm": r"arms?|shoulders?|elbows?|wrists?",
    "jaw": r"jaw|teeth|tooth\w*|chin",
    "digit": r"fingers?|toes?|hands?|feet|foot|thumbs?|pinky|fingertips?|nails?",
    "genital": r"genitals?|genital\s+area|groin|privates|private\s+(?:area|parts|bits)|nether\s+regions?|down\s+(?:below|there)|saddle|crotch|between\s+(?:my|the|his|her)\s+legs|"
               r"bum|butt|buttocks?|bottom|inner\s+thighs?|perineum",
}
# A line about a change ("increased pain or tenderness near the incision") matches a message that tells
# of none ("sore around the cut still, 1 wk after ... normal?") this much less.
CHANGE_PENALTY = 0.3
_CHANGE_LINE = re.compile(r"increased\b", re.IGNORECASE)
_CHANGE_CUE = re.compile(r"\b(?:more|worse|worsening|increas\w*|spread\w*|bigger|larger|growing|grows|grown|new|started|"
                         r"starting|getting|again|than|suddenly|sudden|keeps?|anymore|now|today|tonight|up)\b", re.IGNORECASE)
# "numb since the op" tells of a change (numbness that was not there before); "sore around the cut
# since the op" does not: the wound itself is only as old as the operation.
_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)


def _change_part(line: str) -> set[str]:
    """The clauses the opening "increased ..." of a line governs: "increased pain or tenderness near
    the incision" -> {"increased pain", "tenderness near the incision", the whole}."""
    first = re.split(r"\s*(?:[,;:]|\s-\s)\s*", _MARK.sub("", line).strip())[0]
    return {first.lower(), *(c.strip().lower() for c in re.split(r"\bor\b|\band\b", first))}


_BODY_PART_RES = {name: re.compile(r"\b(?:" + words + r")\b", re.IGNORECASE) for name, words in _BODY_PARTS.items()}


def body_parts(text: str) -> frozenset[str]:
    """The parts of the body a text names, by group.

    >>> sorted(body_parts("swelling of the legs, ankles, or feet"))
    ['digit', 'leg']
    >>> body_parts("the scar feels tight")
    frozenset()
    """
    return frozenset(name for name, rx in _BODY_PART_RES.items() if rx.search(text))
# Words that frame a report without naming a symptom. A part made only of them ("my wound is",
# what "my wound isn't red since the op" leaves once its negation is taken out) is not compared:
# it would match the wound's warning lines by its subject alone.
_FRAME = frozenset(
    "i i'm im i’m me my mine myself he he's she she's his him her they their it its it's this that the a an "
    "is are was were be been am has have had do does did feel feels felt look looks looked seem seems get got "
    "getting still now anymore any more since after op operation surgery procedure wound incision cut scar "
    "stitches staples dressing drain surgical site skin area around today yesterday and but so just really "
    "very also too though day days week weeks ago".split()
)
_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:]|\s-\s|\(|\)|\band/or\b|\bor\b|\band\b)\s*")
# Two words sharing one noun: "rapid or irregular pulse" is "rapid pulse or irregular pulse", so that
# the bare adjective "rapid" is not a clause of its own.
_SHARED_NOUN = re.compile(r"\b(rapid|fast|slow|sudden|severe|new|increased)\s+or\s+(\w+)\s+"
                          r"((?:heart\s+)?(?:pulse|rate|heartbeat|breathing))\b", re.IGNORECASE)
_MARK = re.compile(r"^\s*([-•–—*\\]\s*)+")
_QUALIFIER = re.compile(r"^(that|which|who|whose)\b", re.IGNORECASE)
# The everyday things done as usual ("eating fine", "walking ok"): a sign of getting better (`_IMPROVING`),
# though not one that settles a red wound or a numb patch that has spread (`_DOING_FINE`).
_EVERYDAY = (r"(?:walking|moving|getting\s+around|eating|sleeping|peeing|pooping|breathing)\b[^,.;!?]{0,30}?\b"
             r"(?:fine|ok|okay|normal(?:ly)?|well)")
# The asker says things are fine or getting better: no warning sign is being reported ("a bit sore
# at the incision but it's getting better every day"), unless a later "but" says otherwise.
_IMPROVING = re.compile(
    r"\b(getting\s+better|improving|healed|healing\s+(?:(?:looks|is|seems|is\s+going)\s+)?(?:well|nicely|fine|good|great)|"
    r"clean\s+and\s+dry|closed\s+and\s+dry|"
    # a sensation of healing: "itchy as it heals"
    r"(?:as|while)\s+(?:it|the\s+\w+)\s+heals|"
    r"(?:feel(?:ing|s)?|felt|doing)\s+(?:pretty\s+|really\s+|very\s+|quite\s+|fairly\s+|completely\s+|totally\s+|absolutely\s+|"
    r"perfectly\s+)?(?:fine|good|great|well|ok|okay|much\s+better)|"
    r"no\s+problems|"
    # a symptom that is going: "the numbness in my leg ... is slowly fading", "the drainage on my dressing
    # stopped", "sciatica down my leg is completely gone" (a symptom word first, so "my vision is fading" stays)
    r"(?:pain|ache|aches|aching|sciatica|soreness|swelling|numbness|tingling|symptoms?)(?:\s+\w+){0,8}?\s+"
    r"(?:is\s+|are\s+|has\s+been\s+)?(?:slowly\s+|gradually\s+)?(?:fading|easing|settling)|"
    # a bruise changing colour as it heals: "bruises ... were purple last week and are fading to yellow"
    r"bruis\w*(?:\W+\w+){0,12}?\s+(?:(?:is|are)\s+)?(?:slowly\s+)?(?:fading|turning\s+yellow|yellowing)|"
    # "its a bit less every day", "hurts less each morning"
    r"\b(?:less|better|smaller|fainter|lighter)\s+(?:and\s+(?:less|better|smaller)\s+)?(?:every|each)\s+(?:day|morning|week)|"
    # "its easing a little every day"
    r"\b(?:easing|improving|settling|fading|healing)\s+(?:up\s+)?(?:a\s+(?:little|bit|lot)\s+)?(?:more\s+)?(?:every|each)\s+(?:day|morning|week)|"
    # "walking a bit more every day": doing more is getting better
    r"(?:walking|moving|doing)\s+(?:a\s+(?:bit|little)\s+|a\s+lot\s+)?(?:more|further|farther)\s+(?:every|each)\s+(?:day|week)|"
    r"(?:bleeding|drainage|discharge|oozing|leaking|swelling|pain)(?:\s+\w+){0,4}?\s+(?:has\s+|had\s+)?stopped\b"
    r"(?!\s*,?\s*(?:then|and|but|for\s+a)\b)|"
    r"(?:^\s*|,\s*|\b(?:is|are|getting|much|way|lot|but)\s+)(?:less|better)\s+than\s+(?:before|yesterday|last\s+week|it\s+was)\b|"
    r"feel(?:s|ing)?\s+better\s+than|"
    # "since the op its way better", "pains pretty manageable"
    r"(?:it['’]?s|its|is|are|much|way|lot|loads)\s+(?:way\s+|much\s+|a\s+lot\s+|loads\s+)?better\b(?!\s+(?:to|if|than))|"
    r"pains?\s+(?:is\s+|are\s+|['’]?s\s+)?(?:pretty\s+|quite\s+|very\s+|fairly\s+|totally\s+)?(?:manageable|under\s+control|bearable|tolerable)\b|"
    # "pain is way down", "a yellow-green bruise" (a bruise turns yellow and green as it heals)
    r"(?:pain|ache|aching|soreness|swelling)\s+(?:is|['’]s|has\s+gone|has\s+come|has\s+gone\s+right)\s+(?:way\s+|much\s+|a\s+lot\s+|right\s+)?down\b|"
    r"(?:yellow\w*|green\w*|yellow-green|greeny-yellow)\s+bruis\w*|"
    r"(?:pain|ache|aches|aching|sciatica|soreness|swelling|it|numbness|tingling|symptoms?)(?:\s+\w+){0,3}?\s+(?:is|has|have|had)\s+"
    r"(?:all\s+|completely\s+|basically\s+|mostly\s+|pretty\s+much\s+|totally\s+)?gone\b(?!\s+(?:numb|dead|cold|blue|white|red|worse|up|for|pink|puffy|swollen|hard|hot|warm|green|yellow\w*|black|grey|gray|"
    r"dark|purple|weak|floppy|limp|blurry|funny|weird|strange|bad|off|soft|mushy|sore|tight|stiff|itchy|crusty|wet|sticky|smelly))|"
    r"went\s+away|disappeared|(?:has|have)\s+resolved|gone\s+by\s+(?:the\s+)?(?:morning|next\s+(?:day|morning))|"
    # back to normal since: "it's been normal for two weeks since"
    r"(?:it['’]?s|its|it\s+has|has|have)\s+been\s+(?:totally\s+|completely\s+|perfectly\s+)?(?:normal|fine|ok|okay)\b|"
    # once, and not again: "hasnt happened again in over a week", "threw up once but nothing since"
    r"(?:has\s*n['’]?t|hasnt|has\s+not|have\s*n['’]?t|havent|never)\s+(?:happened|come\s+back|came\s+back|returned)|"
    r"(?:nothing|none|not)\s+since\b(?!\s+(?:the|my|then|surgery|op))|"
    # doing the everyday things normally: "eating normal now", "im walking round the block fine"
    + _EVERYDAY + r"\b|"
    # gone once moving: "stiff in the mornings, goes away once i move around"
    r"(?<!n't\s)(?<!n’t\s)(?<!nt\s)(?<!not\s)(?<!never\s)(?:goes|go|going)\s+away\s+(?:once|when|after|as\s+soon\s+as|"
    r"with\s+(?:a\s+)?(?:rest|sleep|a\s+nap|paracetamol|painkillers|tablets|ice|heat))\b|"
    # a leftover patch shrinking: "the numb spot ... is slowly getting smaller"
    r"(?:slowly\s+|gradually\s+|steadily\s+)(?:getting|got|gotten)\s+(?:smaller|better|fainter|lighter)\b|"
    # stiffness that loosens once moving, pain medicine no longer needed
    r"loosen(?:s|ing)?\s+up|(?:eases|easing|wears|wearing)\s+off|"
    r"(?:off|stopped(?:\s+taking)?|weaned\s+off)\s+(?:the\s+|my\s+|all\s+)?(?:strong\s+|heavy\s+)?"
    r"(?:pain\s+)?(?:meds|medications?|pills|painkillers|opioids|narcotics|tablets))\b",
    re.IGNORECASE,
)
# Eating well settles a sick stomach, not a red wound or a numb patch that has spread (a symptom said to grow).
_DOING_FINE = re.compile(_EVERYDAY, re.IGNORECASE)
_GROWS = re.compile(r"\b(?:spread\w*|grow\w*|grown|bigger|worse)\b", re.IGNORECASE)
# What the operation was for: the back and leg pain. Its getting better says nothing of a new warning sign.
_OF_THE_COMPLAINT = re.compile(r"\b(?:pain|pains|ache|aching|sciatica|back|leg|legs)\b", re.IGNORECASE)
# How one feels now, against an event that already happened: fainting, coughing up blood.
_FEELING_WELL = re.compile(r"(?:feel(?:ing|s)?|doing)\s+(?:pretty\s+|really\s+|very\s+|quite\s+|fairly\s+|completely\s+|"
                           r"totally\s+|absolutely\s+|perfectly\s+)?(?:fine|good|great|well|ok|okay|much\s+better)", re.IGNORECASE)
_ACUTE_EVENT = re.compile(r"\b(?:pass(?:ed)?\s+out|black(?:ed)?\s+out|faint(?:ed)?|collapsed|came\s+(?:round|to)|"
                          r"cough\w*\s+(?:up\s+)?blood|seizure|fit)\b", re.IGNORECASE)
# Fine "otherwise" is fine apart from what was said: that still stands ("temp is 101.6 tonight,
# otherwise i feel ok").
_SETTING_ASIDE = r"otherwise|other\s+than\s+(?:that|this)|apart\s+from\s+(?:that|this)|besides\s+(?:that|this)"
_EXCEPT_THAT = re.compile(r"\b(?:" + _SETTING_ASIDE + r"|except\s+for\s+(?:that|this))\W+(?:\w+\W+){0,3}$", re.IGNORECASE)
# ... or after it: "temp was 101.6, feel ok otherwise"
_OTHERWISE = re.compile(r"\W*(?:" + _SETTING_ASIDE + r")\b", re.IGNORECASE)
# After saying things are well, a new clause with the asker or the wound reporting again ("healing
# nicely and i have a fever of 102"): what it reports stands.
_REPORT_AFTER = re.compile(r"(?:[,;.!]|\band\b|\bbut\b)\s+(?:now\s+|also\s+|then\s+|just\s+|only\s+)?"
                           # "... doing really well. tonight though his right calf has gone fat and hot"
                           r"(?:(?:tonight|today|this\s+(?:morning|afternoon|evening)|suddenly|"
                           r"since\s+(?:yesterday|last\s+night|this\s+morning|today|then|lunch))\s+(?:though\s+)?,?\s*)?"
                           r"(?:i\s+(?:have|got|am|feel)|i['’]?m|im|"
                           # "... off the strong painkillers. only thing is the wound has been weeping"
                           r"(?:the\s+)?(?:one|only)\s+(?:thing|problem|issue|worry)\s+(?:is|though)|"
                           r"(?:anyway\s*,?\s*)?(?:the\s+)?reason\s+(?:i['’]?m|im|i\s+am)\s+(?:writing|messaging|texting|asking|"
                           r"emailing|getting\s+in\s+touch)|"
                           r"the\s+" + _SITE_WORD + r"\s+(?:is|has|have|feels?|looks?|went|got|started)|"
                           r"(?:my|his|her)\s+(?:\w+\s+){0,4}?(?:is|are|has|have|feels?|looks?|went|got)|there['’]?s|theres|"
                           r"(?:it['’]?s|its|it\s+is|it\s+got|it\s+has\s+got(?:ten)?)\s+(?:\w+\s+)?worse)\b",
                           re.IGNORECASE)
# After "but", a plain "fine" settles what came before: "sore and stiff in the mornings but fine once i'm moving".
_FINE_AFTER_BUT = re.compile(r"^(?:(?:i['’]?m|im|i\s+am|it['’]?s|its|all)\s+)?(?:fine|ok|okay|better|good|alright)\b", re.IGNORECASE)
# The wound said to be well ("wound is dry now", "the incision looks fine"): that clause reports
# nothing, as a negated one does; the rest of the message is still read.
_WOUND_WELL = re.compile(
    r"[^,.;:!?]*\b" + _SITE_WORD + r"(?:\s+(?:itself\s+)?(?:looks?|is\s+looking|is|seems?)|['’]s|(?=\s+(?:dry|clean|fine|ok|okay)\b))\s+(?:now\s+)?"
    r"(?:quite\s+|really\s+|very\s+|pretty\s+|perfectly\s+|totally\s+|completely\s+)?"
    r"(?:fine|good|great|ok|okay|clean|normal|dry|dried\s+up|closed|sealed|healed|satisfactory|healthy)\b[^,.;:!?]*"
    # the wound named, then said to be closed as "it": "the scab on my incision fell off and underneath
    # it looks closed and dry"
    r"|[^,.;:!?]*\b" + _SITE_WORD + r"\b[^,.;:!?]*?\bit\s+(?:looks?|is\s+looking|is|seems?)\s+(?:now\s+)?"
    r"(?:closed|sealed|healed|dry|clean)\b[^,.;:!?]*",
    re.IGNORECASE,
)
# A part of the body said to be well ("my legs feel totally normal", "both calves look fine"): that
# clause reports nothing either.
_PART_WELL = re.compile(
    r"[^,.;:!?]*\b(?:" + "|".join(_BODY_PARTS.values()) + r")\s+(?:feel|feels|look|looks|is|are|seem|seems)\s+"
    r"(?:totally\s+|completely\s+|perfectly\s+|absolutely\s+|pretty\s+|quite\s+|just\s+)?(?:fine|good|ok|okay|normal)\b[^,.;:!?]*",
    re.IGNORECASE,
)
# A word that asks, in a part taken for a report.
_ASKING_WORD = re.compile(r"\b(?:what|which|how|when|why|where)\b", re.IGNORECASE)
# The surgical site named: a report about it is about the weeks after the operation.
_SITE = re.compile(r"\b" + _SITE_WORD + r"\b", re.IGNORECASE)
# Someone other than the asker: without a word placing it after an operation, their symptom is not
# a post-operative warning sign ("my sister passed out at the gym, could that be a disc problem?").
_RELATIVE = (r"(?:my|our)\s+(?:(?:little|baby|big|older|younger|eldest|oldest|youngest|twin|step)\s+)?(?:mum|mom|mother|dad|father|sister|brother|husband|hubby|wife|partner|son|daughter|friend|nan|"
             r"gran|grandma|grandmother|grandad|grandpa|grandfather|grandson|granddaughter|aunt|uncle|niece|nephew|cousin|"
             r"boyfriend|girlfriend|fianc[eé]e?|neighbou?r|boss|colleague|kids?|child|children|baby|toddler|"
             r"little\s+(?:one|girl|boy)|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)[\s-]*(?:years?|yrs?|months?)[\s-]*old|\d+\s*yo|"
             r"roommate|flatmate|dog|cat)")
# a parent or grandparent named without "my" at the head of a clause: "grandma's got a chest infection"
_KIN = r"(?:mum|mom|dad|grandma|grandpa|grandad|gran|nan|nana)"
_OTHER_PERSON = re.compile(r"\b" + _RELATIVE + r"(?:['’]?s)?\b|^\s*(?:he|she|they)\b", re.IGNORECASE)
# A clause whose subject is someone else and that says nothing of the asker: "my son has a fever of
# 102 with a cold". Unless the message says that person had an operation (a carer writing for a
# patient: "he had his op monday, he's confused"), it reports no warning sign of the asker's.
# ("they" is left out: it is as often the stitches or the bruises as people)
# (a small child named bare at the head of a clause is another person too: "toddler brought a tummy bug home")
_OTHERS_CLAUSE = re.compile(r"^\s*(?:(?:and|but|so|also|plus|btw)\s+)?(?:(?:the\s+)?(?:only\s+)?(?:problem|thing|issue)\s+is\s+)?(?:" + _RELATIVE + r"(?:['’]?s)?|" + _KIN + r"['’]?s|he|she|"
                            r"(?:the\s+)?(?:toddler|baby|kids|little\s+one)|"
                            r"he['’]s|she['’]s)\b(?P<rest>.*)$", re.IGNORECASE)
_ASKER = re.compile(r"\b(?:i|i['’]m|im|i['’]ve|ive|me|my|mine|myself)\b", re.IGNORECASE)
# ("my friend had the same op" compares with the asker's own: what follows is about the friend)
_OPERATION = (r"(?:op|operation|surgery|procedure|\w*fusion|\w*ectomy|decompression|foraminotomy|\w*plasty|"
              r"[tapx]lif)")
_THEIR_OP = re.compile(
    r"\b(?:his|her|their)\s+(?:\w+\s+){0,2}?" + _OPERATION + r"\b"
    # the relative, perhaps with an age ("my daughter (22)", "my father 78 years"), had it
    r"|\b(?:he|she|they|" + _RELATIVE + r"|(?<!\w['’])" + _KIN + r")\s+(?:\(?\d+\)?\s+(?:years?\s+(?:old\s+)?)?)?(?:just\s+)?"
    r"(?:had|has\s+had|got|is\s+recovering\s+from)\s+(?!(?:\w+\s+)?same\b)(?:\w+\s+){0,3}?" + _OPERATION + r"\b"
    # "Mum (68, microdiscectomy on Tuesday) says ..."
    r"|\b(?:" + _RELATIVE + r"|(?<!\w['’])" + _KIN + r")\s*\([^)]*\b" + _OPERATION + r"\b[^)]*\)"
    # "mum is 3 weeks out from keyhole back surgery", "he's 10 days post op"
    r"|\b(?:he|she|" + _RELATIVE + r"|(?<!\w['’])" + _KIN + r")(?:\s+is|['’]s)\s+(?:\w+\s+){1,2}?(?:days?|weeks?|wks?)\s+"
    r"(?:out\s+(?:from|of)|post|after|since)\b"
    # "she had the keyhole back thing friday"
    r"|\b(?:he|she|they)\s+(?:just\s+)?(?:had|has\s+had|got)\s+(?:the|his|her|their|a)\s+(?:\w+\s+){0,2}?"
    r"(?:back|spine|spinal|keyhole|neck)\s+(?:\w+\s+)?(?:thing|job)\b",
    re.IGNORECASE)
# "quicker than me", "as fast as i did": the asker named only to compare with
_COMPARED = re.compile(r"\b(?:than|as)\s+(?:me|i\s+(?:did|was|am)|mine|i)\b", re.IGNORECASE)
# A report wrapped in a question about it: "is it normal that my calf is swollen since the op?",
# "should i be worried that i cant pee". Only with the asker (or the wound) as the subject: "is it
# normal to feel tired after surgery?" asks in general.
_WRAPPED_REPORT = re.compile(
    r"^\s*(?:(?:is|isn'?t|would)\s+it\s+(?:be\s+)?(?:normal|ok|okay|alright|weird|odd|strange|common|bad|serious|"
    r"expected|usual|fine|a\s+problem|a\s+worry)|(?:should|do|shall)\s+i\s+(?:need\s+to\s+)?(?:be\s+)?"
    r"(?:worried|worry|concerned))\s+(?:that|if|when|about|for)\s+"
    # the asker within a few words: "that my calf ...", "for the pain around my incision ..."
    r"(?=(?:[\w'’-]+\s+){0,4}?(?:my|i|i'm|im|i’m|i've|ive|i’ve|me|his|her|the\s+" + _SITE_WORD + r")\b)(.+)$",
    re.IGNORECASE,
)
# Where a message that opens with a question goes on to something else: "will it pass, my foot has
# gone numb since the op".
_CLAUSE_BREAK = re.compile(r"[,;.!?]+\s*|\s+-\s+")
# A later clause that asks about something else ("..., when can I go back to work?", "..., is MISS
# right for me?") makes the whole an information question; one that asks whether the symptom is
# serious ("..., is that normal?", "should I worry?") keeps it a report.
_ASKS_ELSEWHERE = re.compile(
    r"(?:(?:[,;.!?]|\s-\s)\s*(?:(?:anyway|anyways|btw|also|oh\s+and)\s*,?\s*)?"
    # ("when" with its subject before any verb tells a time, not a question: ". when i wipe ... i can't feel")
    r"(when(?!\s+(?:i|he|she|it|they|we)\s+(?!(?:can|could|will|should|may|might|would|shall|am|is|are|do|does|need|have)\b)[a-z])"
    r"|can|could|will|would|shall|how|is|am|do|does|what|which|where|why)\b(?!['’])"
    # "..., just wondering when i can shower"
    r"|(?:[,;.!?]|\s-\s)\s*" + _WONDERING +
    # after "and"/"so", a verb asks only when its subject follows: "and is it ok", not "and is weeping"
    r"|(?:\band\b|\bso\b)\s*(?:(when|how|what|which|where|why)\b(?!['’])|(can|could|will|would|shall|is|am|do|does)\b"
    r"(?=\s+(?:i|it|this|that|there|my|the|he|she|we|you|they|his|her|your)\b)))"
    r"(?!\s+(?:that|this|it)\s+(?:normal|ok|okay|bad|serious|dangerous|expected|common|a\s+(?:problem|concern|worry|sign)|something))"
    r"(?!\s+(?:i|we)\s+(?:worry|be\s+worried|be\s+concerned|call|go|see|contact|do|need\s+to\s+(?:worry|call|go|see)"
    r"|going\s+to\s+(?:be\s+(?:ok|okay|alright|all\s+right|fine)|die))\b)"
    r"(?!\s+(?:should|do|can)\s+(?:i|we)\s+do)(?!\s+(?:does|is)\s+(?:that|this|it)\s+mean)",
    re.IGNORECASE,
)

# "is <something> normal?", "should my wound be oozing?": the asker has something and asks whether it
# is to be expected. Such a message reports less surely than a statement, more than an information
# question; `Triage.normality_threshold` lies between the two.
_NORMALITY = re.compile(
    r"^\s*(?:(?:is|are)\s+(?!(?:it|this|that|there|these|those|they)\b)[^,;?]{3,60}?\s+"
    r"(?:normal|ok|okay|expected|common|usual|a\s+(?:normal\s+|common\s+)?thing)\b"
    r"|should\s+(?:my|the)\s+(?:\w+\s+){1,3}?be\s+\w+ing\b"
    # "is it normal to not be able to pee since the op?": the asker's own operation
    r"|(?:is|isn'?t)\s+it\s+(?:normal|ok|okay|expected|common|usual)\s+(?:not\s+)?to\s+"
    # (or placed there by the report after it: "is it normal to see double? started this morning ... 7 weeks
    # after my fusion")
    r"(?=[^?]*\b(?:since|after)\s+(?:my|the|this|a|an)\s+(?:\w+\s+)?" + _OPERATION + r"\b"
    r"|[^?]*\?+\s*(?!(?:can|could|will|would|should|how|what|when|is|are|do|does)\b)[^?]*\b(?:weeks?|days?|wks?)\s+"
    r"(?:after|since|post|out\s+from)\s+(?:my|the|this|a|an)?\s*(?:\w+\s+)?" + _OPERATION + r"\b[^?]*$)"
    # "is it normal after a TLIF for one calf to puff up like a balloon?"
    r"|(?:is|isn'?t)\s+it\s+(?:normal|ok|okay|expected|common|usual)\s+(?:after|since)\s+[^,?]{1,40}?\s+"
    r"for\s+(?:my|one|the|a|an|his|her)\s+(?:\w+\s+){0,2}?\w+\s+to\b)",
    re.IGNORECASE)


@dataclass(frozen=True)
class RedFlag:
    """One line of a warning list in the corpus, with the urgency its list implies."""

    doc_id: str
    start: int
    end: int
    text: str
    section: str
    urgency: str
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class TriageMatch:
    flag: RedFlag
    score: float
    clause: str


def list_urgency(title: str, emergency_patterns: Iterable[str], care_patterns: Iterable[str]) -> str | None:
    """Which urgency a section heading announces, if it heads a warning list."""
    if any(re.search(p, title, re.IGNORECASE) for p in emergency_patterns):
        return EMERGENCY
    if any(re.search(p, title, re.IGNORECASE) for p in care_patterns):
        return CARE_TEAM
    return None


def find_red_flags(docs: Iterable[Document], emergency_patterns, care_patterns) -> list[RedFlag]:
    """Every line under a warning-list heading of any document, found by the heading's words."""
    flags = []
    for doc in docs:
        for s in document_sentences(doc):
            if s.is_heading or not s.section:
                continue
            urgency = list_urgency(s.section, emergency_patterns, care_patterns)
            if urgency is None:
                continue
            body = _MARK.sub("", s.text).strip()
            # a part that only qualifies the one before it ("that won't stop") names no symptom
            parts = _CLAUSE_SPLIT.split(_SHARED_NOUN.sub(r"\1 \3 or \2 \3", body))
            clauses = tuple(c for c in (x.strip(" .\\") for x in parts) if c and len(c) > 2 and not _QUALIFIER.match(c))
            flags.append(RedFlag(doc.doc_id, s.start, s.end, s.text, s.section, urgency, (body, *clauses)))
    return flags


# A fear of what might come, up to a clause break: "terrified of getting a blood clot after my
# surgery", "worried i might get an infection". It names no symptom the asker has ("worried i'm
# having a stroke" is not a fear of what might come, and stays).
_FEARED = re.compile(
    r"\b(?:terrified|scared|afraid|frightened|petrified|worried|worrying|anxious|nervous|paranoid|panicking|fear(?:ful)?)\s+"
    r"(?:(?:of|about)\s+(?:getting|developing|catching|ending\s+up\s+with)|"
    r"(?:that\s+)?(?:i|it|he|she)\s+(?:might|could|will|would|may|['’]ll|ll)\s+(?:get|develop|catch|end\s+up\s+with))\b[^,.;!?]*",
    re.IGNORECASE)


def strip_feared(question: str) -> str:
    """The question without what it fears might come.

    >>> strip_feared("i'm terrified of getting a blood clot after my surgery. nothing hurts")
    "i'm . nothing hurts"
    >>> strip_feared("i'm worried i'm having a stroke, my face is drooping")
    "i'm worried i'm having a stroke, my face is drooping"
    """
    return _FEARED.sub("", question)


# A pulse or blood pressure the asker measured: "resting pulse 68, bp 124/80"
_PULSE = re.compile(r"\b(?:(?:resting\s+)?(?:pulse|heart\s*rate|hr)\s*(?:is|was|of|at|=|:)?\s*(?:about\s+|around\s+)?(\d{2,3})(?:\s*bpm)?"
                    r"|(\d{2,3})\s*bpm)\b", re.IGNORECASE)
_PRESSURE = re.compile(r"\b(?:bp|blood\s+pressure)\s*(?:is|was|of|at|=|:)?\s*\d{2,3}\s*/\s*\d{2,3}\b", re.IGNORECASE)


def strip_normal_vitals(question: str) -> str:
    """The question without a blood pressure reading and a pulse in the normal range (50-99): the
    warning lists name a racing heart, not a number, so a normal reading must not match it by its words.

    >>> strip_normal_vitals("resting pulse 68, bp 124/80 - when can i drive?")
    ',  - when can i drive?'
    >>> strip_normal_vitals("my pulse is 130 and i feel faint")
    'my pulse is 130 and i feel faint'
    """
    question = _PRESSURE.sub("", question)
    return _PULSE.sub(lambda m: "" if 50 <= int(m.group(1) or m.group(2)) <= 99 else m.group(0), question)


def strip_negated(question: str) -> str:
    """The question without negated phrases: "no fever, just curious" -> ", just curious".

    >>> strip_negated("no fever, just curious about recovery time")
    ', just curious about recovery time'
    >>> strip_negated("i haven't been able to pee since i got home")
    "i haven't been able to pee since i got home"
    >>> strip_negated("i don't have any swelling, how soon can i walk?")
    'i  , how soon can i walk?'
    >>> strip_negated("haven't pooped in 5 days")
    "haven't pooped in 5 days"
    """
    return _NEGATION.sub(" ", question).strip()


def strip_history(question: str) -> str:
    """The question without clauses about the past before the surgery.

    >>> strip_history("I had a stroke last year, am I a candidate for MISS?")
    ', am I a candidate for MISS?'
    >>> strip_history("before the op i had sciatica, my foot was numb. since then it's fine")
    ", since then it's fine"
    """
    out = []
    for sentence in re.split(r"(?<=[.!?])\s+", question):
        clauses = re.split(r"(?<=,)|(?=\s[-–—]\s)", sentence)  # ("... asking where Nan is - she passed years ago")
        in_past = False
        for clause in clauses:
            if _CHANGED_SINCE.search(clause):  # "the numb patch i had before the op has gotten bigger since"
                in_past = False
                out.append(clause)
                continue
            # (a clause placed now is no history: "this evening she put her glasses in the freezer and asked for
            # her brother who died in 2010")
            stripped = clause if _NOW.search(clause) else _HISTORY.sub("", clause)
            if stripped != clause:
                in_past = True
                out.append(stripped)
            elif in_past and _PAST_TENSE.search(clause) and not _NOW_AGAIN.search(clause):
                # the past goes on to the end of the sentence: "before the surgery i had sciatica, couldnt
                # sit, and my foot was numb. since the op ..." (the foot is history too)
                out.append("," if clause.endswith(",") else "")
            else:
                in_past = False
                out.append(clause)
        out.append(" ")
    return "".join(out).strip()


def names_something(part: str) -> bool:
    """Whether a part of a message says more than its frame ("my wound is" says nothing).

    >>> names_something("my wound is"), names_something("my wound is red")
    (False, True)
    """
    return any(w not in _FRAME for w in re.findall(r"[a-z0-9][a-z0-9'’]*", part.lower()))


def report_part(message: str) -> str | None:
    """The part of a message that reports, when another part asks something: "my calf is swollen
    since the op" of "my calf is swollen since the op, can i still go for walks?", and "my foot has
    gone numb" of "will it pass, my foot has gone numb". None when the message is all one or the other.

    >>> report_part("my calf is swollen since the op, can i still go for walks?")
    'my calf is swollen since the op'
    >>> report_part("will it pass, my foot has gone numb since the op")
    'my foot has gone numb since the op'
    >>> report_part("is it normal that my calf is swollen since the op?")
    'my calf is swollen since the op?'
    >>> report_part("when can i shower?") is None, report_part("my wound is red and hot") is None
    (True, True)
    """
    wrapped = _WRAPPED_REPORT.match(message)
    if wrapped:
        return wrapped.group(1).strip()
    if _INFO_OPENER.match(message) or _NORMALITY.match(message):
        for brk in _CLAUSE_BREAK.finditer(message):
            rest = re.sub(r"^(?:also|and|but|so|plus)\s+", "", message[brk.end():].strip(), flags=re.IGNORECASE)
            if rest and not _INFO_OPENER.match(rest):
                return rest
        return None
    asks = _ASKS_ELSEWHERE.search(message)
    if asks is None or _ADMIN_LABEL.fullmatch(message[: asks.start()]):
        return None
    return message[: asks.start()].strip() or None


# A few words naming a visit or a task, not a symptom: "post-op wound check", "suture removal", "f/u appt"
_ADMIN_LABEL = re.compile(r"\s*(?:[\w/'’.-]+\s+){0,4}?(?:check|checks|check-?up|review|appointment|appt|visit|follow[- ]?up|f/u|"
                          r"removal|change|question|query|booking|instructions|advice|info)\s*[:\-–—]?\s*", re.IGNORECASE)


# "is a fever of 102 normal after surgery?": a symptom named first and asked about after the operation
_NORMAL_AFTER = re.compile(
    r"^\s*(?:(?:after|following|since)\s+(?:the|my|this)\s+(?:operation|op|surgery|procedure)\s*,?\s*)?(?:is|are)\s+"
    r"(?!(?:it|this|that|there|these|those|they|the\s+(?:surgery|operation|op|procedure|recovery))\b)"
    r"(?P<symptom>[^,;?]{3,60}?)\s+(?:normal|ok|okay|expected|common)\b(?P<rest>[^?.!]*)(?:[?.!]|\s*$)", re.IGNORECASE)
_POST_OP = re.compile(r"\b(?:after|since|following)\s+(?:the\s+|my\s+|this\s+|an?\s+)?(?:back\s+|spine\s+|spinal\s+)?"
                      r"(?:operation|op|surgery|procedure|fusion|discectomy)\b|\bpost[- ]?op\b", re.IGNORECASE)


def symptom_asked_after_surgery(message: str) -> str | None:
    """The symptom a message names first and asks is normal after the operation, with when; None for
    any other message. Such a question comes from someone who has the symptom, so it is read as a
    report; "is it normal to feel tired?" and questions with no operation in them are not.

    >>> symptom_asked_after_surgery("is a fever of 102 normal after surgery?")
    'a fever of 102 after surgery'
    >>> symptom_asked_after_surgery("after the operation, is bleeding through the dressing normal?")
    'bleeding through the dressing after the operation'
    >>> symptom_asked_after_surgery("is a fever of 101.8 normal after surgery? no chills, discectomy was 4 days ago")
    'a fever of 101.8 after surgery'
    >>> symptom_asked_after_surgery("is it normal to feel a bit tired the first week?") is None
    True
    >>> symptom_asked_after_surgery("is swimming ok while im healing?") is None
    True
    """
    m = _NORMAL_AFTER.match(message)
    if m is None:
        return None
    when = _POST_OP.search(message)
    if when is None:
        return None
    rest = m.group("rest").strip()
    return f"{m.group('symptom').strip()} {rest if _POST_OP.search(rest) else when.group(0)}".strip()


# The operation still to come ("my surgery is next thursday", "having my fusion tomorrow"): with
# nothing placing the message after an operation, it reports no post-operative warning sign.
_OP_TO_COME = re.compile(
    r"\b(?:my|the)\s+(?:\w+\s+){0,2}?" + _OPERATION + r"\s+(?:is|will\s+be|has\s+been)\s+(?:scheduled\s+|booked\s+|planned\s+)?"
    r"(?:for\s+|on\s+)?(?:next|tomorrow|this\s+coming|in\s+(?:a|two|three|\d+)\s+(?:days?|weeks?|months?)|"
    r"monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b"
    r"|\b(?:having|getting)\s+(?:my|the|a)\s+(?:\w+\s+){0,2}?" + _OPERATION + r"\s+(?:next|tomorrow|on|in)\b"
    r"|\bbefore\s+(?:my|the)\s+(?:\w+\s+){0,2}?" + _OPERATION + r"\s+(?:next|tomorrow)\b",
    re.IGNORECASE)


# A sentence about a film, a show or an article ("watched a film where the main character had a
# stroke"), and advice passed on ("the nurse said chest pain means go to A&E"): neither reports a
# symptom of the asker's.
_STORY = re.compile(r"(?:^|(?<=[.!?]))[^.!?]*\b(?<!n't\s)(?<!n’t\s)(?<!nt\s)(?<!not\s)(?<!to\s)(?:watch\w*|saw|seen|read|reading|heard)\b[^.!?]*\b(?:film|movie|tv|show|"
                    r"programme|program|documentary|video|article|news|story|book|series|episode|youtube|tiktok)\b"
                    # (to the end of its clause: "reading my daughter her bedtime story and the left half of the page
                    # just vanished" goes on to tell what happened to the reader)
                    r"(?:[^.!?,;]*?(?=\s+and\s+(?:the|my|i|then|now|suddenly|all\s+of)\b|[,;])|[^.!?]*[.!?]*)",
                    re.IGNORECASE)
_ADVICE = re.compile(r"\b(?:nurse|nurses|doctor|doctors|dr|surgeon|physio|gp|team|leaflet|sheet|paperwork|notes?|booklet|"
                     r"website|form)\b[^.;!?\-–—]*?\b(?:said|says|told\s+(?:me|us)|mentioned|warned|lists?|listed)\b"
                     r"[^.;!?\-–—]*?\b(?:means?|is\s+a\s+sign|are\s+signs|could\s+mean|can\s+mean|watch\s+(?:out\s+)?for|"
                     r"look\s+out\s+for|if\s+(?:you|i)\s+(?:get|have|notice))\b[^.;!?\-–—]*", re.IGNORECASE)


def without_others(message: str) -> str:
    """The message without clauses about someone else's complaint, unless it says that person had
    the operation.

    >>> without_others("my son has a fever of 102, im 10 days post op, can i look after him?")
    ' im 10 days post op, can i look after him?'
    >>> without_others("my husband had his op monday, he's confused")
    "my husband had his op monday, he's confused"
    """
    message = _ADVICE.sub("", _STORY.sub("", message))
    operated: set[str] = set()  # who had the operation, when the message names them ("my husband ... his TLIF")
    op = _THEIR_OP.search(message)
    if op:
        where = [c for c in re.split(r"[,.;!?]+", message) if op.group(0) in c]
        operated = _relatives(where[0]) if where else set()
        if not operated:  # "she had the keyhole back thing": every clause may be about the patient
            return message
    # ("... has a temp of 39 and im 5 days post op": the asker's part after "and" is a clause of its own)
    parts = re.split(r"([,.;!?]+|\s+(?:and|but)\s+(?=(?:i|i['’]m|im|i['’]ve|ive|my)\b))", message, flags=re.IGNORECASE)
    kept = []
    theirs = False  # the sentence so far has told of someone else's complaint
    for i in range(0, len(parts), 2):
        clause = parts[i]
        if i and re.search(r"[.!?]", parts[i - 1]):
            theirs = False
        if theirs and not operated and _THEIRS_GOES_ON.match(clause) and not _AFTER_SURGERY.search(clause):
            continue  # "toddler brought a tummy bug home, diarrhoea and throwing up all day": the toddler's
        theirs = False
        other = _OTHERS_CLAUSE.match(clause)
        # with a patient named, only another person's clause goes ("our 6yo has a fever" beside "my
        # husband's TLIF"); the patient's own ("he's confused") stays
        if (other is None or _ASKER.search(_COMPARED.sub("", other.group("rest")))
                or (operated and (not _relatives(clause[: other.start("rest")]) - operated
                                  or _PATIENT_AGAIN.search(other.group("rest"))))):
            kept.append(clause + (parts[i + 1] if i + 1 < len(parts) else ""))
        else:
            theirs = names_something(other.group("rest"))
    return "".join(kept)


# A clause that goes on with another person's complaint: no one of its own (no asker, no wound, no
# verb of being), as "diarrhoea and throwing up all day yesterday" after "toddler brought a tummy bug home".
_THEIRS_GOES_ON = re.compile(r"^(?!.*\b(?:i|i['’]m|im|i['’]ve|ive|me|my|mine|myself|is|are|was|were|has|have|had|feels?|looks?|"
                             r"the\s+" + _SITE_WORD + r")\b).+$", re.IGNORECASE | re.DOTALL)


# ... or it speaks of the patient again: "my mum says he is confused"
_PATIENT_AGAIN = re.compile(r"\b(?:he|she|he['’]s|she['’]s|his|her|him)\b", re.IGNORECASE)


def _relatives(text: str) -> set[str]:
    """The people a text names by relation ("my husband", "our 6yo"), as their relation words."""
    return {re.sub(r"^(?:my|our)\s+", "", m.group(0).lower()) for m in re.finditer(r"\b" + _RELATIVE, text, re.IGNORECASE)}


# A sense or power that went ("half the vision in my right eye just went dark"): that it "hasn't come
# back" is the warning sign going on, not a symptom that passed.
_LOST_SENSE = re.compile(r"\b(?:vision|sight|eyesight|sensation|strength|speech|voice|hearing|memory)\b|\bfeeling\s+in\b|"
                         r"\b(?:went|gone|going)\s+(?:\w+\s+)?(?:dark|black|blind|grey|gray|numb|dead|blurry|weak|limp|floppy)\b",
                         re.IGNORECASE)
_RETURN = re.compile(r"\b(?:come|came)\s+back|\breturned", re.IGNORECASE)


def _improving(text: str, message: str) -> list[re.Match]:
    """Where `text` says things are well or getting better (`_IMPROVING`), read in its `message`."""
    lost = _LOST_SENSE.search(message)
    return [m for m in _IMPROVING.finditer(text) if not (lost and _RETURN.search(m.group(0)))]


def settles(message: str) -> bool:
    """Whether the message ends by saying things are fine or getting better ("sore, but it's a bit
    less every day"): then it reports no warning sign."""
    by_but = re.split(r"\bbut\b", message, flags=re.IGNORECASE)
    last = by_but[-1].strip()
    said_well = _improving(last, message)
    well = said_well[-1] if said_well else None  # the last time it is said
    if well and (_EXCEPT_THAT.search(last[: well.start()]) or _OTHERWISE.match(last[well.end():])):
        return False  # "fever of 101, otherwise i feel ok", "temp was 101.6, feel ok otherwise"
    if well and _DOING_FINE.fullmatch(well.group(0)) and (_SITE.search(_WOUND_WELL.sub("", message)) or _GROWS.search(message)
                                                          or readings(message)):
        return False  # "the incision is red and smells off. she's eating fine": eating is not the wound (nor a fever of 101.8)
    if well and _REPORT_AFTER.search(last[well.end():]):  # "healing nicely and i have a fever of 102"
        return False
    said = (re.split(r"[,.;!?]", last[: well.start()])[-1] + well.group(0)) if well else ""  # the clause saying it
    if well and _OF_THE_COMPLAINT.search(said) and any(
            not any(w in said.lower() for w in re.findall(r"[a-z]{5,}", term))  # (not a sign the clause says is better)
            for term in clinical_terms(strip_history(strip_negated(message.replace(said, " "))))):
        return False  # "... my privates has gone numb. back pain itself is better"
    if well and _FEELING_WELL.fullmatch(well.group(0)) and _ACUTE_EVENT.search(message):
        return False  # "passed out in the kitchen an hour ago ... feel ok now": the event still happened
    return bool(well or (len(by_but) > 1 and _FINE_AFTER_BUT.match(last)))


def without_well(text: str, site: bool | None = None) -> str:
    """The text without what it says is well: the wound ("the incision looks fine", `_WOUND_WELL`) and
    its clauses saying things are well ("im feeling pretty good, just my calf is swollen" reads "just
    my calf is swollen"). They report nothing, as a negated clause does."""
    about_site = bool(_SITE.search(text)) if site is None else site  # (`site`: the message names the wound)
    text = "".join(c for c in re.split(r"(?<=[,;.!?])", _PART_WELL.sub("", _WOUND_WELL.sub("", text)))
                   if not heals_as_expected(c, site_named=about_site and bool(_NO_SUBJECT.match(c))))
    clauses = re.split(r"(?<=[,;.!?])|(?=\b(?:and|but|just|except)\b)", text, flags=re.IGNORECASE)
    return "".join(c for c in clauses if not _improving(c, text) and not _ALL_WELL.match(c))


# A clause that opens with its verb, its subject left out: "looks pale and flat"
_NO_SUBJECT = re.compile(r"^\W*(?:it\s+|its\s+|it['’]s\s+)?(?:looks?|feels?|is|seems?)\b", re.IGNORECASE)
# A clause saying only that all is well: "all good honestly", "everything else is fine".
_ALL_WELL = re.compile(r"^\W*(?:and\s+|but\s+|so\s+)?(?:(?:all|everything(?:\s+else)?)\s+(?:is\s+|seems\s+|looks\s+)?"
                       r"(?:good|fine|ok|okay|well|great)|nothing(?:['’]?s|\s+is|\s+seems)\s+(?:actually\s+|really\s+)?(?:wrong|off|amiss))\b"
                       r"(?:\s+(?:honestly|really|otherwise|so\s+far|right\s+now|at\s+the\s+moment|yet))?\W*$", re.IGNORECASE)


# What a healing scar feels like: itchy, tight, lumpy, pulling.
_HEALING_FEEL = frozenset(
    "itchy itching itches itch itchiness tight tightness tighter lumpy lump lumps bumpy firm ridge ridged pulling pulls "
    "pull tugging pink dry flaky scab scabby scabbed a bit little super really very kinda kind sort of quite slightly "
    "under underneath beneath skin the it feels feel feeling looks look is are has and also pale flat faded fading silvery".split())


def heals_as_expected(clause: str, site_named: bool = False) -> bool:
    """Whether a clause says only what a healing wound feels like: "my scar is super itchy and feels
    tight and a bit lumpy under the skin". Such a clause reports no warning sign.

    >>> heals_as_expected("my scar is super itchy and feels tight and a bit lumpy under the skin,")
    True
    >>> heals_as_expected("my scar is itchy and red and oozing")
    False

    `site_named`: the wound is named elsewhere and the clause goes on about it ("looks pale and flat").
    """
    if not (site_named or _SITE.search(clause)):
        return False
    rest = [w for w in re.findall(r"[a-z]+", _SITE.sub(" ", clause.lower())) if w not in _FRAME and w not in _HEALING_FEEL]
    said = [w for w in re.findall(r"[a-z]+", clause.lower()) if w in _HEALING_FEEL and w not in _FRAME]
    return not rest and any(w.startswith(("itch", "tight", "lump", "bump", "pull", "tug", "firm", "ridge", "pale", "flat", "fad"))
                            for w in said)


# What recovery from back surgery is expected to feel like, said mildly: sore, aching, stiff, tired.
_RECOVERY_FEEL = frozenset(
    "sore soreness pain pains painful aching ache aches achy stiff stiffness tender tenderness discomfort "
    "uncomfortable tired tiredness bruised bruising bruise bruises itchy itching itches itch low emotional teary "
    "weepy moody appetite hungry sleeping sleep".split())
# ... the words that may come with it: the back, how mild, since when, whether it is normal.
_RECOVERY_FRAME = frozenset(
    "back lower upper neck spine a bit little some slight slightly mild mildly kinda kind sort of on off "
    "there in at from with when where while for mornings morning evening evenings night nights wk "
    "easily quickly quick like crazy mad trouble not isnt isn't great good much poor sit long periods "
    "wks first couple few sitting standing moving move bending walking ive i've having being post "
    "how long will would should last lasts take settle normal normally usual expected ok okay to "
    "muscle muscles across chair bed sofa couch car out mostly mainly".split())
# soreness said strongly (besides the degrees of `_INTENSE`): "really sore", "bad pain", "sharp"
_STRONG = re.compile(r"\b(?:really|very|so|super|extremely|terribl\w*|awful\w*|horribl\w*|worst|agony|agonising|"
                     r"agonizing|killing|lot|lots|constant\w*|bad|badly|intense\w*|sharp|stabbing|shooting|burning)\b",
                     re.IGNORECASE)
_BACK = re.compile(r"\b(?:back|neck|spine)\b", re.IGNORECASE)
_GETTING_UP = re.compile(r"\b(?:get|gets|got|getting|stand|stands|standing|sit|sits|sitting)\s+up\b", re.IGNORECASE)
_OPERATION_WORD = re.compile(r"\b" + _OPERATION + r"\b", re.IGNORECASE)


def without_soreness(text: str) -> str:
    """The text without its clauses of expected soreness (`expected_soreness`): "my leg pain is gone
    but my back is a bit sore" keeps "my leg pain is gone". Read before negations are taken out ("the
    pain is just not being touched" tells that the medicine fails); a sentence that says the soreness
    is strong or growing keeps all its clauses ("my back is sore and getting worse")."""
    # where the message places a symptom in a limb, the chest or the jaw, a bare "sore" may be felt there
    # ("my calf is rock hard, red and sore"): only soreness said to be of the back or the wound goes
    elsewhere = bool(body_parts(text))

    def goes(clause: str) -> bool:
        return expected_soreness(clause) and (not elsewhere or bool(_BACK.search(clause) or _SITE.search(clause)))

    out = []
    for sentence in re.split(r"(?<=[,;.!?])", text):
        if _AFTER_EXERCISE.search(sentence) and not _SWOLLEN_OR_HOT.search(sentence):
            continue  # "thighs burning after the squats, bit sore now like after a gym session"
        if _strong_or_changing(sentence):
            out.append(sentence)
        elif goes(sentence):
            continue
        elif heals_as_expected(sentence):  # kept whole: `without_well` reads it
            out.append(sentence)
        else:  # a part of it may go: "... but my back is a bit sore"
            out += [c for c in re.split(r"(?=\b(?:and|but)\b)", sentence, flags=re.IGNORECASE) if not goes(c)]
    return "".join(out)


# Muscles sore or tired from exercise ("thighs burning after the squats", "legs like jelly after
# physio"): what exercise does, unless the part is also swollen, hot or red.
_AFTER_EXERCISE = re.compile(
    r"\b(?:sore|soreness|burn\w*|ach\w*|stiff\w*|tired|killed\s+me|knackered|worn\s+out|wobbly|jelly)\b[^.;!?]{0,40}?"
    r"\b(?:after|from|since)\s+(?:the\s+|my\s+|a\s+|all\s+the\s+|doing\s+(?:the\s+|my\s+)?)?(?:\w+\s+)?"
    r"(?:squats|exercises?|physio|physiotherapy|workout|work-out|gym(?:\s+session)?|session|walk|stairs|class|pilates|"
    r"yoga|swim|stretches|stretching|hydrotherapy)\b", re.IGNORECASE)
_SWOLLEN_OR_HOT = re.compile(r"\b(?:swell\w*|swollen|puff\w*|hot|red|warm|hard|tight|bigger|throbb\w*|numb\w*|weak\w*)\b",
                             re.IGNORECASE)


def _strong_or_changing(text: str) -> bool:
    """Whether the text says a symptom is strong ("really sore", "unbearable") or changing ("worse",
    "new"; not "when i get up")."""
    return bool(_STRONG.search(text) or _INTENSE.search(text) or _CHANGE_CUE.search(_GETTING_UP.sub(" ", text)))


def expected_soreness(clause: str) -> bool:
    """Whether a clause tells only of the soreness recovery from the operation brings, said mildly
    and with no change: "my back has been aching on and off since the op", "still a bit sore since
    the surgery". It reports no warning sign ("poor pain relief" is pain the medicine does not
    control, "increased pain ... near the incision" pain that grows). Pain placed in a leg, the
    chest, an arm or the jaw, pain said to be strong or growing, or with any other symptom stays.

    >>> expected_soreness("my back has been aching on and off since the op")
    True
    >>> expected_soreness("my back is really sore since the op")
    False
    >>> expected_soreness("my calf is a bit sore since the op")
    False
    >>> expected_soreness("the pain is getting worse since the op")
    False
    """
    if body_parts(clause) or _strong_or_changing(clause):
        return False
    # skin cut by the operation may be numb around the wound; numbness elsewhere is a warning sign
    numb = {"numb", "numbness"} if _SITE.search(clause) else set()
    words = re.findall(r"[a-z]+(?:['’][a-z]+)?", _OPERATION_WORD.sub(" ", _SITE.sub(" ", _GETTING_UP.sub(" ", clause.lower()))))
    rest = [w for w in words if w not in _FRAME and w not in _RECOVERY_FRAME and w not in _RECOVERY_FEEL and w not in numb]
    return not rest and any(w in _RECOVERY_FEEL or w in numb for w in words)


def describes_own_symptom(question: str) -> bool:
    """A report about the asker ("my wound is ...", "vomiting nonstop since the surgery"), not a
    general question about warning signs."""
    # with no pronoun, a statement placed after the operation speaks of the asker's own; a question
    # so placed may be general ("is bleeding after the surgery common?")
    # ("..., day 2 after back surgery. normal??" is a statement with a short question after it)
    body = _NORMAL_TAIL.sub("", question)
    placed_after_surgery = _AFTER_SURGERY.search(body) and "?" not in body and not _INFO_OPENER.match(body)
    # ... and so does a statement so placed after the question: "is coughing up blood a thing after
    # anesthesia? coughed up bright red streaks twice today, surgery was last thursday"
    tail = question.rsplit("?", 1)[-1].strip() if "?" in question else ""
    # (or placed there by the question: "is it normal not to have gone for a poo in 7 days after a
    # fusion? stomach is rock hard and bloated")
    told_after = (len(tail.split()) >= 3 and (_AFTER_SURGERY.search(tail) or _AFTER_SURGERY.search(question))
                  and not _INFO_OPENER.match(tail))
    # ... and so does a statement placed now ("out of nowhere lips ballooning up and hives everywhere")
    placed_now = _NOW.search(question) and not _INFO_OPENER.match(question)
    # ... and so does a chat statement with its "I" left out (a statement: no question mark)
    elided = _ELIDED_I.search(question) and "?" not in question and not _INFO_OPENER.match(question)
    return bool(_PERSONAL.search(question) or placed_after_surgery or told_after or placed_now or elided) and not _GENERAL.search(question)


class Triage:
    """Scores a question against every red-flag line; one verb: `match`.

    The clauses of each line ("swelling of the legs", "sudden shortness of breath") are embedded
    once; a question matches a line when its (non-negated) text is close to one of its clauses.
    """

    def __init__(self, flags: list[RedFlag], embedder, threshold: float = 0.45, question_threshold: float = 0.7,
                 after_surgery_threshold: float | None = None, lay_terms: bool = True,
                 normality_threshold: float | None = None):
        self.flags = flags
        # "is <symptom> normal?" needs more than a statement and less than an information question
        self.normality_threshold = (threshold + question_threshold) / 2 if normality_threshold is None else normality_threshold
        self.lay_terms = lay_terms
        # a report placed after the operation needs what a statement needs, or less
        self.after_surgery_threshold = threshold if after_surgery_threshold is None else min(threshold, after_surgery_threshold)
        self.embedder = embedder
        self.threshold = threshold
        self.question_threshold = question_threshold
        self._owner: list[tuple[int, str]] = []
        self._vecs = None
        self._clause_parts: list[frozenset[str]] = []
        self._of_change = np.zeros(0, np.float32)
        self._of_change_elsewhere = np.zeros(0, np.float32)
        self._emergency = np.zeros(0, bool)
        self._limits = [lim for f in flags for lim in (limit(c) for c in f.clauses) if lim is not None]

    def warm_up(self) -> "Triage":
        if self._vecs is None:
            texts = []
            for i, f in enumerate(self.flags):
                for c in f.clauses:
                    self._owner.append((i, c))
                    texts.append(c)
            self._vecs = self.embedder.encode(texts) if texts else np.zeros((0, 384), np.float32)
            self._clause_parts = [body_parts(c) or (body_parts(self.flags[i].text) if _LOCAL_SENSATION.fullmatch(c.strip())
                                                    else frozenset()) for i, c in self._owner]
            self._of_change = np.array([_CHANGE_LINE.match(_MARK.sub("", self.flags[i].text)) is not None
                                        and c.lower() in _change_part(self.flags[i].text)
                                        for i, c in self._owner], dtype=np.float32)
            self._emergency = np.array([self.flags[i].urgency == EMERGENCY for i, _ in self._owner], dtype=bool)
            self._of_change_elsewhere = self._of_change * np.array([not _SITE.search(self.flags[i].text)
                                                                       for i, _ in self._owner], np.float32)
        return self

    def match(self, question: str) -> TriageMatch | None:
        """The best-matching red-flag line if the question reports that symptom, else None."""
        if _OP_TO_COME.search(question) and not _AFTER_SURGERY.search(question):
            return None
        question = without_others(question)
        named = symptom_asked_after_surgery(question)
        if named is not None and not settles(question):
            found = self.score(f"i have {named}")
            if found is not None and found.score >= self.question_threshold:  # as sure as a question must be
                return found
        if _NORMALITY.match(question):  # read whole: its question names the symptom, what follows tells more
            found = self.score(question)
            return found if found is not None and found.score >= self.normality_threshold else None
        report = report_part(question)
        if report is not None:
            found = self._report_match(report, question)
            if found is not None:
                return found
        # a report told after a question asked first: "quick question about driving - is 2 weeks ok? also for
        # the last hour there's been a heavy weight on my chest ..."
        after = question.split("?", 1)[1].strip() if "?" in question else ""
        if len(after.split()) >= 5 and after != report and not _INFO_OPENER.match(after):
            after = re.sub(r"^(?:also|and|but|plus|oh\s+and)\b\W*", "", after, flags=re.IGNORECASE)
            told = report_part(after) if _ASKS_ELSEWHERE.search(after) else after  # (up to what it asks next)
            found = self._report_match(told, question) if told else None
            if found is not None:
                return found
        asks = bool(_INFO_OPENER.match(question) or _ASKS_ELSEWHERE.search(question))
        scored = self.score(question, asks)
        if asks:
            needed = self.question_threshold
        elif _AFTER_SURGERY.search(question):
            needed = self.after_surgery_threshold
        else:
            needed = self.threshold
        if scored is None or scored.score < needed:
            return None
        return scored

    def _report_match(self, report: str, message: str) -> TriageMatch | None:
        """The report part of a message that also asks something, read as a report. Placed after the
        operation (anywhere in the message) or about the surgical site, it needs what a statement
        needs; otherwise what a question needs, and someone else's symptom does not count."""
        own = False
        if _AFTER_SURGERY.search(message):
            needed = self.after_surgery_threshold
            # the message is the asker's own account, so its report is too, even with no "I" in it:
            # "coughed up some blood this morning, ... is that from the tube? surgery was a week ago"
            # (not a part that asks: "... after the op? like what does an infection look like")
            own = describes_own_symptom(message) and not _ASKING_WORD.search(report)
        elif _SITE.search(report):
            needed = self.threshold
        elif _OTHER_PERSON.search(report):
            return None
        else:
            needed = self.question_threshold
        scored = self.score(report, own=own)
        return scored if scored is not None and scored.score >= needed else None

    def _temperatures(self, text: str, asks: bool) -> tuple[str, list[str]]:
        """Compare the temperatures a report gives with the limits the warning lines set.

        A reading over a line's limit is also said in that line's words ("a fever of 38.9" ->
        "temperature 102 degrees Fahrenheit"), so the line matches by meaning. A reading under
        every limit means the asker's temperature is not the warning sign: the reading and the
        words about body heat are taken out, as a negated phrase is ("my temp is 37.4 since the
        op" reports nothing). Returns the text to match and the extra words.
        """
        found = readings(text) if self._limits else []
        if not found:
            return text, []
        met = {lim.words(max(found, key=lambda r: r.fahrenheit)) for lim in self._limits
               if any(lim.met_by(r) for r in found)}
        if met:
            return text, [] if asks else sorted(met)
        return without_readings(text, found), []

    def score(self, question: str, asks: bool = False, own: bool = False) -> TriageMatch | None:
        """The best line for the symptom the question reports, whatever its score. A message that
        `asks` about a symptom ("what if I pass out?") is read in its own words only; a report is
        also read in the clinical words for its lay ones ("I blacked out" -> "fainting"). `own`: the
        question is known to be the asker's own report (a part of a message that says so)."""
        if not self.flags or not (own or describes_own_symptom(question)):
            return None
        if settles(question):
            return None
        text, temperature_words = self._temperatures(
            without_well(strip_history(strip_negated(strip_feared(without_soreness(strip_normal_vitals(question))))),
                         site=bool(_SITE.search(question))).strip(), asks)
        if len(text.split()) < 2 or not names_something(text):
            return None
        self.warm_up()
        parts = [text, *(p for p in re.split(r"\s*(?:[,;]|\band\b|\bbut\b)\s*", text)
                         if len(p.split()) >= 2 and names_something(p))]
        if self.lay_terms and not asks:
            parts += clinical_terms(text)
        vecs = self.embedder.encode(parts + temperature_words)
        intense = bool(_INTENSE.search(text))
        at_site = bool(_SITE.search(text))
        named = body_parts(text)
        elsewhere = np.array([bool(p) and not (p & named) for p in self._clause_parts], dtype=np.float32)
        unchanged = (np.zeros_like(self._of_change) if _CHANGE_CUE.search(text)
                     else self._of_change - self._of_change_elsewhere if _SINCE.search(text) else self._of_change)
        penalty = BODY_PART_PENALTY * elsewhere + CHANGE_PENALTY * unchanged
        sims = (self._vecs @ vecs.T).max(axis=1) - penalty
        match, _ = self._pick(sims, intense, at_site)  # best question part per clause
        if temperature_words and match.flag.urgency != EMERGENCY:
            # a reading settles which fever line applies, not whether the other symptoms named are
            # an emergency: "fever 40c, confused and my heart is racing" stays one
            own_sims = (self._vecs @ vecs[:len(parts)].T).max(axis=1) - penalty
            # among the emergency lines only: a wound sign said beside the fever ("the wound has been
            # weeping too") must not hide a racing heart and shaking
            own_sims = np.where(self._emergency, own_sims, -1.0)
            own, own_line_sim = self._pick(own_sims, intense, at_site)
            if own.flag.urgency == EMERGENCY and own_line_sim >= self.threshold and not mentions_heat(own.clause):
                return own
        return match

    def _pick(self, sims: np.ndarray, intense: bool, at_site: bool = False) -> tuple[TriageMatch, float]:
        """The line to quote, given each clause's best similarity to a part of the message: its
        best clause, plus a little for a second symptom it also explains, and for naming the
        surgical wound when the message is about it (`at_site`: "the skin around my stitches feels
        warm" is the wound's warmth, not the legs'). Also returns that line's own best similarity."""
        best = int(np.argmax(sims))
        per_line: dict[int, list[float]] = {}
        best_clause: dict[int, int] = {}  # line -> its best-matching clause
        for j, (flag_i, _) in enumerate(self._owner):
            per_line.setdefault(flag_i, []).append(float(sims[j]))
            if flag_i not in best_clause or sims[j] > sims[best_clause[flag_i]]:
                best_clause[flag_i] = j

        def line_score(i: int) -> float:
            top = sorted(per_line[i], reverse=True)
            score = top[0] + SECOND_SYMPTOM_WEIGHT * (top[1] if len(top) > 1 and top[1] > 0.35 else 0.0)
            if intense and self.flags[i].urgency == EMERGENCY and _SEVERE_LINE.search(self._owner[best_clause[i]][1]):
                score += INTENSITY_BONUS
            if at_site and _SITE.search(self.flags[i].text):
                score += SITE_BONUS
            return score
        flag_i = max(per_line, key=line_score)
        j = best_clause[flag_i]
        return TriageMatch(self.flags[flag_i], float(sims[best]), self._owner[j][1]), float(sims[j])
