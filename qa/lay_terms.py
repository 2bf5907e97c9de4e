"""Lay words for symptoms, and the clinical words a clinic's warning lists use for them.

Patients describe red-flag symptoms in their own words ("I blacked out", "blood is gushing",
"green gunk from the wound"); the warning lists name them clinically ("fainting", "heavy
bleeding", "pus"). The bundled sentence embedder places many such pairs far apart, so triage also
compares the clinical name of each lay expression it finds in a message. The table below is
general consumer-health vocabulary, written for symptoms after any operation; it names no line of
any particular document, and the clinical words are matched to a corpus's own lines by meaning,
as the message is.

>>> clinical_terms("i blacked out in the shower and my heart is pounding")
['fainting', 'rapid or irregular heartbeat']
>>> clinical_terms("my wound looks fine")
[]
"""
from __future__ import annotations

import re

_BODY_FLUID = r"(?:gunk|goo|gooey|stuff|fluid|liquid|muck|crud|discharge)"
_WOUND = r"(?:wound|incision|cut|scar|stitches|staples|dressing|bandage|surgical\s+site)"
_GENITAL_AREA = r"(?:down\s+there|down\s+below|privates|private\s+parts|genitals?|groin|crotch)"

# (lay expression, clinical name); the patterns are searched case-insensitively
_TABLE: tuple[tuple[str, str], ...] = (
    # fainting and collapse
    (r"\b(?:pass(?:ed|ing)?\s+out|black(?:ed|ing)?\s+out|faint(?:ed|ing)?|collaps(?:e|ed|ing)|keel(?:ed)?\s+over|"
     r"lost\s+consciousness|los(?:e|ing)\s+consciousness|came\s+to\s+on\s+the\s+floor|hit\s+the\s+(?:deck|floor)|"
     r"(?:went|go|goes|going|dropped|drop|fell)\s+(?:down\s+)?like\s+a\s+(?:sack|bag|ton|stone|rock|tree|log|brick|"
     r"puppet|rag\s*doll)|"
     r"(?:legs|knees)\s+(?:gave|give|giving)\s+(?:way|out)|"
     # "next thing I knew I was on the floor, wife says I was out for maybe ten seconds"
     r"next\s+thing\s+(?:i|he|she)\s+knew|woke\s+up\s+on\s+the\s+(?:floor|ground)|"
     r"(?:was|were|been)\s+out\s+(?:cold|for\s+(?:a\s+|maybe\s+|about\s+|around\s+|like\s+)?(?:few\s+|couple\s+of\s+)?"
     r"(?:\d+\s+|ten\s+|five\s+|twenty\s+|thirty\s+)?(?:seconds|secs|minutes|mins|moment|bit)))\b", "fainting"),
    (r"\b(?:light[- ]?headed|woozy|room\s+(?:is\s+)?spinning|head\s+(?:is\s+)?spinning|unsteady)\b", "dizziness"),
    # heart and chest
    (r"\b(?:heart|pulse)\b[^,.;]*\b(?:pound\w*|rac\w*|flutter\w*|skip\w*|jump\w*|all\s+over\s+the\s+place|irregular|thump\w*|"
     r"(?:really\s+|so\s+|very\s+|super\s+)?fast|hammer\w*)\b",
     "rapid or irregular heartbeat"),
    (r"\b(?:chest)\b[^,.;]*\b(?:heavy|tight\w*|tite|crush\w*|squeez\w*|pressure|hurts?|pain\w*|ache\w*)\b"
     r"|\b(?:elephant|weight|someone)\b[^,.;]*\b(?:on|sitting\s+on|standing\s+on)\s+(?:the\s+(?:middle|centre|center)\s+of\s+)?"
     r"(?:my|his|her)\s+chest\b", "chest pain or pressure"),
    # the feeling named before the chest: "a heavy pressing sensation in the centre of my chest"
    (r"\b(?:heavy|heaviness|tight\w*|crush\w*|squeez\w*|press\w*)\b[^,.;]{0,40}\bin\s+(?:the\s+\w+\s+of\s+)?"
     r"(?:my|his|her|the)\s+chest\b", "chest pressure or tightness"),
    # pain that spreads to the left arm: "a pressing in my chest, now going down my left arm"
    (r"\b(?:down|into|to|through)\s+(?:my|his|her|the)\s+left\s+arm\b|"
     r"\bleft\s+arm\b[^,.;]*\b(?:hurt\w*|pain\w*|ach\w*|heavy|throbb\w*)\b", "pain in left arm"),
    (r"\b(?:can(?:'|’)?t|cannot|struggl\w*\s+to|hard\s+to)\s+(?:catch\s+my\s+breath|breathe?)\b|\bbreathless\b|"
     r"\b(?:can(?:'|’)?t|cant|couldn(?:'|’)?t|couldnt|could\s+not|cannot)\s+get\s+(?:any\s+|enough\s+|a\s+(?:full|proper|deep)\s+)?(?:air|breath)\b|"
     r"\b(?:hard|harder|difficult|struggl\w*)\s+(?:to\s+)?(?:pull|get|draw|suck)\s+(?:\w+\s+)?(?:air|breath)\b|"
     r"\bout\s+of\s+breath\b|\bwinded\b|\bgasping\b|\bwheez\w*\b|\bbreathing\s+(?:fast|hard|funny)\b",
     "shortness of breath, trouble breathing"),
    (r"\b(?:cold\s+sweats?|clammy|sweat(?:y|ing)\s+buckets|perspir\w*|drenched\s+in\s+sweat|pouring\s+with\s+sweat)\b",
     "sweating, cool clammy skin"),
    (r"\b(?:grey|gray|ashen|white\s+as\s+a\s+sheet|washed\s+out)\b", "paleness, pale skin"),
    # stroke signs
    (r"\b(?:face|mouth|smile|lip)\b[^,.;]*\b(?:droop\w*|lopsided|crooked|sag\w*|uneven|one\s+side)\b|"
     r"\bcan(?:'|’)?t\s+smile\b", "face drooping on one side, stroke"),
    (r"\b(?:slur\w*|gibberish|mix\w*\s+up\s+(?:his|her|my|their)?\s*words|words?\s+(?:are\s+|keep\s+)?(?:come|came|coming)\s+out\s+(?:all\s+)?(?:wrong|jumbled|muddled|garbled|scrambled|mixed\s+up)|"
     r"(?:jumbled|muddled|garbled|scrambled)\s+(?:words|speech)|"
     r"(?:words|speech|talking)\s+(?:is\s+|are\s+|was\s+|were\s+)?(?:all\s+)?(?:jumbled|muddled|garbled|scrambled|mixed\s+up|nonsense)|"
     r"(?:came|come|comes|coming)\s+out\s+(?:as|like)\s+(?:nonsense|gibberish)|"
     r"can(?:'|’)?t\s+(?:find|get)\s+(?:his|her|my|the)\s+words|can(?:'|’)?t\s+speak|talking\s+nonsense|"
     # "he wants to ask for water but other words come out, not make sense"
     r"(?:other|wrong|different)\s+words\s+(?:come|came|coming)\s+out|"
     r"(?:couldn(?:'|’)?t|couldnt|can(?:'|’)?t|cant|cannot)\s+(?:think\s+of|remember|find)\s+the\s+(?:right\s+)?word|"
     r"(?:words|speech|talking|what\s+(?:he|she)\s+(?:says|said))\b[^.;]{0,40}?\b(?:not|doesn(?:'|’)?t|didn(?:'|’)?t)\s+make\s+sense)\b",
     "trouble speaking"),
    (r"\b(?:muddled|out\s+of\s+it|not\s+making\s+sense|doesn(?:'|’)?t\s+know\s+where|don(?:'|’)?t\s+know\s+where|"
     r"doesn(?:'|’)?t\s+know\s+(?:what\s+(?:day|year|month|time)|who)|(?:asks?|asked|asking)\b[^,.;]*\bwhere\s+(?:she|he|i|they)\s+(?:is|am|are|was)|don(?:'|’)?t\s+know\s+(?:what\s+(?:day|year|month)|who)|"
     r"disoriented|foggy|not\s+(?:him|her)self|"
     # "asked me twice what year it is", "keeps calling our son by my name"
     r"(?:asks?|asked|asking)\b[^,.;]*\bwhat\s+(?:day|year|month)\s+it\s+is|"
     r"call\w*\s+(?:\w+\s+){0,3}?by\s+(?:the\s+wrong|my|his|her|their|someone\s+else['’]?s)\s+(?:\w+['’]?s\s+)?name|"
     # "put his phone in the fridge", "keeps asking where Nan is - she passed five years ago"
     r"(?:put|puts|putting|left|leaves|leaving)\s+(?:his|her|my|the)\s+(?:\w+\s+)?\w+\s+in\s+the\s+(?:fridge|freezer|oven|microwave|bin)|"
     r"(?:asks?|asked|asking)\s+(?:for|where|about|after)\b[^.!?]{0,60}?\b(?:passed\s+away|passed|died|dead)\b)\b",
     "confusion, change in mental status"),
    (r"\b(?:blurr\w*|double\s+vision|see(?:ing)?\s+double|two\s+of\s+everything|seeing\s+two\s+of|"
     r"(?:everything|things)(?:['’]s|\s+is|\s+are|\s+looks?|\s+looked)?\s+doubled|can(?:'|’)?t\s+see|lost\s+(?:my|his|her)\s+(?:sight|vision)|"
     # "like a curtain has come down over half of what I see"
     r"curtain|shadow\s+over|(?:half|part)\s+of\s+what\s+(?:i|he|she)\s+(?:can\s+)?sees?|"
     # "the left half of the page just vanished, couldnt see the words on that side"
     r"(?:half|side|part)\s+of\s+(?:everything|what)\b[^.;!?]{0,40}?\b(?:dark|black|blank|missing|gone|blurr\w*)|"
     r"(?:half|side|part)\s+of\s+the\s+(?:page|screen|tv|telly|room|picture|book|words?)\s+(?:\w+\s+){0,2}?(?:vanish\w*|disappear\w*|went\s+(?:dark|black|blank|missing))|"
     r"(?:couldn(?:'|’)?t|couldnt|could\s+not|can(?:'|’)?t|cannot)\s+see\s+(?:the\s+)?(?:(?:left|right)\s+(?:side|half)|words|page|screen|tv|telly|properly|clearly|straight|out\s+of))\b",
     "changes in vision"),
    # clots
    (r"\b(?:calf|calves|leg|legs|ankle|ankles|foot|feet|shin|shins|knee\s+down)\b[^,.;]*\b(?:puff\w*|swell\w*|swollen|fat|"
     r"twice\s+the\s+size|(?:way\s+|much\s+|a\s+lot\s+)?bigger\s+than\s+the\s+other|tight|hot|throbb\w*)\b",
     "swelling, pain or warmth in the leg"),
    (r"\bcough\w*\s+(?:up\s+)?(?:some\s+)?(?:blood|red\s+stuff|bloody)\b", "coughing up blood"),
    # infection and sepsis
    (r"\b(?:burning\s+up|feverish|hot\s+and\s+cold|burning\s+hot|running\s+hot)\b", "raised temperature"),
    (r"\b(?:shiver\w*|chills|the\s+shakes|shaking|rigors|teeth\s+(?:are\s+|were\s+)?chatter\w*|can(?:'|’)?t\s+get\s+warm|"
     r"(?:i['’]?m|im|i\s+am|i['’]?ve\s+been|ive\s+been|i\s+feel|feeling)\s+(?:so\s+|absolutely\s+|really\s+)?freezing)\b",
     "shivers, chills"),
    (r"\b(?:can(?:'|’)?t|barely|hardly|hard\s+to)\s+(?:wake|rouse|stay\s+awake|keep\s+(?:my|his|her)\s+eyes\s+open)\b|"
     r"\bso\s+(?:drowsy|sleepy)\b", "very sleepy, difficult to rouse"),
    (r"\b(?:green|yellow\w*|white|cloudy|smelly)\s+" + _BODY_FLUID + r"\b|\b(?:pus|oozing|seep\w*|weep\w*|leak\w*)\b",
     "pus, drainage from the wound"),
    (r"\b(?:stinks?|smells?\s+(?:bad|awful|funny|off|rotten)|reeks?|pong)\b", "foul smell"),
    (r"\b(?:red\s+and\s+angry|angry[- ]looking|hot\s+to\s+(?:the\s+)?touch)\b", "redness, warmth, infection"),
    # the wound
    (r"\b" + _WOUND + r"\b[^,.;]*\b(?:split|opened|open(?:ing)?\s+up|gaping|gape\w*|came\s+apart|coming\s+apart|"
     r"pulling\s+apart|popped|came\s+(?:out|undone)|come\s+undone|unzip\w*)\b"
     r"|\b(?:split|opened|gaping|gap|unzip\w*)\b[^,.;]*\b" + _WOUND + r"\b",
     "incision coming apart"),
    (r"\b(?:blood)\b[^,.;]*\b(?:gush\w*|pour\w*|running|dripping|won(?:'|’)?t\s+stop|keeps?\s+coming|everywhere|"
     r"through|full)\b|\b(?:soaked|drenched|full)\s+(?:\w+\s+){0,3}?(?:with|of|in)\s+blood\b|\bbleed\w*\s+(?:heavily|a\s+lot|badly|everywhere)\b"
     # "the dressing ... is soaked right through and it's running down onto the sheets", "gone through 3 towels"
     r"|\b(?:dressing|bandage|pad|gauze)\b[^.;]*\b(?:soaked|drenched|saturated)\b[^.;]*\b(?:running|dripping|pouring|won(?:'|’)?t\s+stop)\b"
     r"|\b(?:gone|went|going)\s+(?:thr(?:ough|u)\s+)(?:\d+|two|three|four|five|several)\s+(?:towels|dressings|pads)\b"
     # "pressed a towel on it and its soaking through that too"
     r"|\b(?:press\w*|held|hold\w*)\s+(?:a\s+|the\s+|my\s+)?(?:towel|cloth|flannel|pad|tea\s+towel)\b[^.;!?]*\bsoak\w*\s+(?:right\s+)?thr(?:ough|u)\b",
     "heavy bleeding"),
    # a symptom the lists name only as unusual: hiccups that will not stop
    (r"\bhiccup\w*\b[^.;!?]*\b(?:nonstop|non-stop|won(?:'|’)?t\s+(?:stop|quit|go)|for\s+(?:\d+|two|three|four|five|several)\s+days|"
     r"all\s+day)\b", "other symptoms that seem unusual"),
    # a little blood: "a few spots of blood on the dressing", "just spotting through"
    (r"\b(?:(?:a\s+)?(?:few|couple\s+of|some|tiny|small|little)\s+(?:spots?|drops?|specks?|dots?|streaks?)\s+of\s+blood|"
     r"spotting(?:\s+(?:through|on))?)\b", "bleeding at the incision"),
    # allergy
    (r"\b(?:welts|hives|itchy\s+bumps|rash|(?:itchy\s+)?raised\s+(?:lumps|bumps|blotches)|nettle\s+stings?|"
     r"(?:lumps|bumps|blotches)\s+(?:\w+\s+){0,2}?all\s+over)\b", "hives"),
    (r"\b(?:throat|tongue|lips?|eyes|eyelids?|face)\b[^,.;]*\b(?:clos\w*|tight\w*|swell\w*|swollen|puff\w*|thick|balloon\w*|narrow\w*|"
     r"blown\s+up|blew\s+up)\b",
     "severe allergic reaction"),
    # gut and bladder
    (r"\b(?:puk\w*|throw\w*\s+up|threw\s+up|being\s+sick|been\s+sick|keep\s+being\s+sick|sick\s+to\s+my\s+stomach|"
     r"queasy|retch\w*|heav\w*\s+up|chuck\w*\s+up|hurl\w*|barf\w*|spew\w*|"
     r"can(?:'|’)?t\s+(?:even\s+)?keep\s+(?:even\s+)?(?:anything|water|food|fluids|it|much)\s+down|"
     r"sick\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|a\s+few)\s+(?:or\s+\w+\s+)?times)\b",
     "nausea or vomiting"),
    (r"\b(?:(?:the|bad|awful|terrible|dreadful)\s+runs|runny\s+poo\w*|watery\s+poo\w*|loose\s+stools?|diarrh\w*|watery\s+stools?|"
     r"(?:runs|running|going|gone)\s+(?:to\s+the\s+(?:toilet|loo|bathroom)\s+)?(?:\d+|ten|a\s+dozen)\+?\s+times\s+(?:a|per)\s+day)"
     r"(?!\w)", "diarrhea"),
    (r"\b(?:no|not|haven(?:'|’)?t|hasn(?:'|’)?t|havent|can(?:'|’)?t|cannot|unable\s+to)\b[^,.;]*"
     r"\b(?:bowel\s+movement|bm|poo(?:p|ped|ping|s)?|stool|number\s+two)\b|\b(?:backed\s+up|bunged\s+up|constipated)\b",
     "constipation, no bowel movement"),
    (r"\b(?:pee|peeing|wee|weeing|urinat\w*|bladder|dribbl\w*|pass(?:ing)?\s+water|"
     # "up and down to the loo all night ... only a few drops come out even though i feel like im bursting"
     r"(?:only\s+)?(?:a\s+)?(?:few|couple\s+of)\s+drops\s+(?:come|came|coming)\s+out|"
     r"feels?\s+like\s+(?:i['’]?m|im|i\s+am)\s+(?:going\s+to\s+)?burst\w*)\b", "problems urinating"),
    # nerves, circulation, tiredness, pain relief
    (r"\b(?:pins\s+and\s+needles|tingl\w*|gone\s+dead|(?:can(?:'|’)?t|cannot|can\s+not)\s+feel|lost\s+(?:the\s+|all\s+|some\s+)?feeling|"
     r"feeling\s+in\s+(?:my|his|her|the)\s+(?:\w+\s+)?(?:went|has\s+gone|is\s+gone|disappeared))\b", "numbness"),
    (r"\b(?:can(?:'|’)?t|cant|cannot|can\s+not|unable\s+to|not\s+able\s+to)\s+(?:mov\w*|wiggl\w*|wriggl\w*|bend\w*|lift\w*)\s+"
     r"(?:\w+\s+){0,3}?(?:toes?|fingers?)\b|\b(?:toes?|fingers?)\b[^.;!?]{0,30}?\b(?:not|won(?:'|’)?t|don(?:'|’)?t|doesn(?:'|’)?t)\s+move\b",
     "inability to move fingers or toes"),
    (r"\b(?:i|he|she)\s+not\s+feel\b", "numbness"),
    # numbness of the genitals or saddle: "can hardly feel anything down there", "numb around my privates"
    (r"\b(?:numb\w*|no\s+feeling|(?:can(?:'|’)?t|cannot|can\s+(?:hardly|barely))\s+feel(?:\s+(?:anything|much|a\s+thing))?)\s+"
     r"(?:\w+\s+){0,3}?(?:" + _GENITAL_AREA + r"|between\s+(?:my|the|his|her)\s+legs)\b|"
     r"\b" + _GENITAL_AREA + r"\b[^.;!?]{0,30}\b(?:numb\w*|no\s+feeling|can(?:'|’)?t\s+feel)",
     "numbness in genital area"),
    # numbness that grows: "the numb patch ... spreads more every day"
    (r"\b(?:numb\w*|dead\s+(?:patch|spot|area|bit))\b[^.;]*\b(?:spread\w*|bigger|worse|growing|grows|further)\b|"
     r"\b(?:spread\w*|growing)\b[^,.;]*\bnumb\w*", "increased numbness"),
    (r"\b(?:fingers?|toes?|hands?|feet|foot)\b[^,.;]*\b(?:blue|bluish|bluey|white|purple|ice\s+cold|freezing|cold)\b"
     r"|\b(?:blue|bluish|bluey|purple|ice\s+cold)\b[^.;]{0,40}\b(?:fingers?|toes?|hands?|feet|foot)\b",
     "pale blue, white or cold fingers or toes"),
    # "worn out", "drained" and "shattered" also describe discs, wounds and bones: only of a person
    (r"\b(?:wiped\s+out|exhausted|no\s+energy|knackered|"
     r"(?:i'?m|i\s+am|im|i\s+feel|feel(?:s|ing)?|felt|he'?s|she'?s|so|totally|completely)\s+(?:so\s+|really\s+|totally\s+|"
     r"completely\s+|just\s+)?(?:drained|shattered|worn\s+out)|"
     # tiredness that grows: "every day im getting more worn out instead of less"
     r"(?:getting|growing|becoming)\s+(?:even\s+)?more\s+(?:and\s+more\s+)?(?:tired|worn\s+out|exhausted|drained|wiped\s+out))\b",
     "increased tiredness"),
    # within one sentence: "taking the pain meds every 6 hours, but they're doing basically nothing"
    (r"\b(?:pain\s*(?:killers|meds|medicine|pills|tabs)|meds|pills|tablets|tabs|medication|oxy(?:codone|contin)?|percocet|norco|"
     r"vicodin|hydrocodone|tramadol|codeine|morphine|dilaudid|tylenol|paracetamol|ibuprofen|advil)\b[^.;!?]*\b(?:"
     r"do(?:es|ing)?\s+(?:basically\s+|absolutely\s+|literally\s+|pretty\s+much\s+|just\s+)?nothing|"
     r"(?:(?:aren|isn)(?:'|’)?t|(?:is|are)\s+not|not)\s+(?:working|helping|touching|doing\s+anything)|"
     # "they barely touch it"
     r"(?:barely|hardly|don(?:'|’)?t\s+even|doesn(?:'|’)?t\s+even)\s+(?:touch(?:es|ing)?|help(?:s|ing)?|work(?:s|ing)?|take\s+the\s+edge\s+off)|"
     r"(?:don|doesn|didn)(?:'|’)?t\s+(?:work|help|touch|do\s+anything))\b", "poor pain relief"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), name) for p, name in _TABLE)


def clinical_terms(text: str) -> list[str]:
    """The clinical names of the lay symptom expressions in `text`, in table order, each once."""
    return [name for pattern, name in _COMPILED if pattern.search(text)]
