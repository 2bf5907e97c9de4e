"""Patients' everyday words for what a clinic's documents say in clinical words.

"how much sooner do people get let out of hospital?" shares no meaning-bearing word with "patients
are discharged in half the time", and the bundled embedder and the answer selector, trained on
SQuAD, COVID-QA and MedQuAD, rarely bridge such pairs. So a question is searched in clinical
words: each lay expression of the table below is replaced by the clinical words a spine clinic's
documents would use ("let out of hospital" -> "discharged from hospital", "check ups" ->
"follow-up visits", "slipped disc" -> "herniated disc"). This is the synonym list of a search
engine, written as general consumer-health vocabulary for back and spine surgery; it names no line
of any particular document.

An expression is replaced only when the corpus never uses the lay expression itself and does use
at least one of the clinical words: a clinic whose leaflets say "keyhole surgery" keeps that
wording searched as typed, and a corpus about something else is searched as typed. Triage and the
safety checks read the question as typed (`qa.assistant`); the answer record's `searched_as` shows
the rewritten question to staff.

>>> words = LayWords.from_texts(["Patients are discharged sooner.", "Regular follow-up visits."])
>>> words.rewrite("when do they let you out of hospital?")
'when do they discharged from hospital?'
>>> words.rewrite("will i need check ups?")
'will i need follow-up visits?'
>>> words.rewrite("is a slipped disc treatable?")  # the corpus never says "herniated": left as typed
'is a slipped disc treatable?'
"""
from __future__ import annotations

import re
from typing import Iterable

_SPINE_BONE = r"(?:vertebra|vertebrae|vertebras|bones?\s+in\s+(?:my|the|his|her)\s+(?:back|spine|neck)|spine\s+bones?|backbones?)"
_OPERATION = r"(?:operation|op|surgery|procedure)"
_EARLIER_OPERATION = r"(?:an?\s+|my\s+|the\s+)?(?:[a-z]+\s+){0,2}?(?:back|spine|spinal|neck)\s+(?:surger(?:y|ies)|operations?|ops?)"
_OTHER_OPERATION = r"(?:another|an?\s+other|a\s+second|a\s+further|more|a\s+new)\s+(?:operations?|ops?|surger(?:y|ies)|procedures?)"

# (lay expression, clinical words); patterns are searched case-insensitively, whole words. What a
# pattern's group `keep` matched stays, before the clinical words ("the technique improving" ->
# "the technique improvements, advancements")
_TABLE: tuple[tuple[str, str], ...] = (
    # clinical and billing shorthand, as staff type it ("When does PT start post-op?", "pt OOP"): before
    # the rows below, so that "op" inside "post-op" is read here. Capitals matter where the letters
    # are also a word or another abbreviation ("PT" is physical therapy, "pt" a patient)
    (r"post[- ]?op(?:erative(?:ly)?)?", "after surgery"),
    (r"pre[- ]?op(?:erative(?:ly)?)?", "before surgery"),
    (r"intra[- ]?op(?:erative(?:ly)?)?", "during surgery"),
    (r"(?-i:PTs?)", "physical therapy"),
    (r"(?-i:OT)", "occupational therapy"),
    (r"(?-i:[Pp]t)", "patient"),
    (r"(?-i:[Pp]ts)", "patients"),
    (r"oop", "out-of-pocket cost"),
    (r"tx", "treatment"),
    (r"dx", "diagnosis"),
    (r"hx", "history"),
    (r"meds|medicines", "medications"),
    (r"abx", "antibiotics"),
    (r"f/u", "follow-up"),
    (r"mv[ac]", "motor vehicle accident"),
    (r"(?-i:DVT)", "deep vein thrombosis"),
    (r"(?-i:SSI)", "surgical site infection"),
    (r"(?-i:CSF)", "cerebrospinal fluid"),
    (r"(?-i:LBP)", "lower back pain"),
    (r"(?-i:HNP)", "herniated disc"),
    (r"(?-i:DDD)", "degenerative disc disease"),
    (r"(?-i:ROM)", "range of motion"),
    (r"(?-i:LOS)", "hospital stay"),
    (r"(?-i:RTW)", "return to work"),
    (r"(?-i:EBL)", "blood loss"),
    (r"workers?['’]?\s*comp", "workers' compensation"),
    # the operation itself
    # an earlier operation: "already had", or a time in the past right after it ("had a back op 10 years ago")
    (r"already\s+had\s+" + _EARLIER_OPERATION
     + r"|(?:had|have\s+had|i['’]ve\s+had)\s+" + _EARLIER_OPERATION
     + r"(?=\s+(?:(?:about|around|over|some|like)\s+)?(?:before|previously|in\s+the\s+past|years\s+ago|\d+\s+years?\s+ago"
       r"|(?:back\s+)?in\s+(?:19|20)\d\d)\b)",
     "had previous spinal surgeries"),
    (r"keyhole", "minimally invasive"),
    (r"(?:the\s+)?(?:old(?:[- ]fashioned)?|normal|regular|usual|conventional|big|full)\s+(?:open\s+)?"
     + _OPERATION + r"|(?:the\s+)?old\s+way", "traditional open surgery"),
    (r"(?:the\s+)?open\s+(?:operation|op|way)", "traditional open surgery"),
    (r"ops?", "surgery"),
    (_OTHER_OPERATION + r"(?:\s+(?:later(?:\s+on)?|down\s+the\s+(?:line|road|track)|in\s+(?:the\s+)?future))?"
     r"|(?:be\s+)?operated\s+on\s+again|(?:a\s+)?re-?do", "repeat surgery, additional surgery"),
    (r"down\s+the\s+(?:line|road|track)|later\s+(?:on|in\s+life)|years\s+from\s+now", "in the future"),
    (r"(?P<keep>tiny|small|little|smaller|the|my|a|this|that|these|those)\s+(?:cuts?|holes?|openings?)", "incisions"),
    (r"tubes?(?:\s+thing(?:y|ie|s)?)?", "tubular retractor"),
    (r"(?:tiny\s+)?camera|(?:a\s+|the\s+)?scope(?!\s+of)", "endoscope"),
    (r"robots?", "robotic systems"),
    (r"screws\s+and\s+rods|rods\s+and\s+screws|metalwork|metal\s+work|hardware|metal\s+(?:bits|parts|pieces)", "implants, rods and screws"),
    (r"(?:join(?:ing|ed)?|weld(?:ing|ed)?|fus(?:e|ing))\s+(?:the\s+|two\s+|my\s+)?(?:bones|vertebrae)(?:\s+together)?", "spinal fusion"),
    (r"go(?:ing)?\s+under\s+the\s+knife", "have surgery"),
    (r"put\s+(?:me\s+)?to\s+sleep|knocked\s+out|go(?:ing)?\s+under", "general anesthesia"),
    (r"numb(?:ing)?\s+(?:injection|jab|shot)", "local anesthesia"),
    # conditions
    (r"(?:slipped|bulging|ruptured|blown|popped)\s+discs?", "herniated disc"),
    (r"(?:(?:shooting|burning|sharp|stabbing)\s+)?pains?\s+(?:down|into|running\s+down|shooting\s+down)\s+(?:the\s+back\s+of\s+)?"
     r"(?:my|the|his|her|one)\s+(?:legs?|buttocks?|bum)", "leg pain, sciatica"),
    (r"(?:bones?|vertebra|vertebrae)\b[^,.;?!]*?\b(?:slid|slipped|slipping|sliding|moved|shifted)\s+(?:forward|out\s+of\s+place)",
     "spondylolisthesis, vertebra slips forward"),
    (r"(?:trapped|pinched|squashed|compressed)\s+nerves?", "nerve compression"),
    (r"(?:crushed|collapsed|squashed|cracked|broken|fractured)\s+" + _SPINE_BONE, "vertebral compression fracture"),
    (r"broken\s+(?:back|neck|spine)", "spinal fracture"),
    (r"wear\s+and\s+tear|worn(?:[- ]out)?\s+discs?", "degenerative disc disease"),
    (r"narrow(?:ing|ed)?\s+(?:of\s+)?(?:the\s+|my\s+)?(?:spine|spinal\s+canal)", "spinal stenosis"),
    (r"(?:thin|brittle|weak)\s+bones", "osteoporosis"),
    (r"curved\s+spine|curve\s+in\s+(?:my|the)\s+spine|crooked\s+spine", "scoliosis"),
    (r"(?:wobbly|unstable|loose)\s+(?:spine|back|neck)|(?:spine|back|neck)\s+(?:will\s+)?(?:end\s+up\s+)?(?:wobbly|unstable)",
     "spinal instability"),
    (r"(?:spinal\s+|brain\s+)?fluid\s+(?:around|from|in)\s+(?:my\s+|the\s+)?(?:spinal\s+cord|spine|brain)|spinal\s+fluid",
     "cerebrospinal fluid"),
    (r"(?:cancer|tumou?rs?)\s+(?:in|on)\s+(?:the|my|his|her)\s+(?:spine|back)|spine\s+cancer"
     r"|(?:cancer|tumou?rs?)\s+(?:has\s+|had\s+)?spread\s+(?:in)?to\s+(?:the|my|his|her)\s+(?:spine|back|bones?)", "spinal tumor, metastasis"),
    (r"bad\s+back|back\s+problems?|back\s+trouble", "back pain, spine conditions"),
    # hospital and recovery
    (r"(?:let|sent|allowed)\s+(?:out|home)(?:\s+(?:of|from)\s+(?:the\s+)?hospital)?"
     r"|let\s+(?:me|you|people|patients|them)\s+(?:out|go\s+home)(?:\s+(?:of|from)\s+(?:the\s+)?hospital)?"
     r"|(?:leave|go\s+home\s+from|get\s+out\s+of|released\s+from)\s+(?:the\s+)?hospital", "discharged from hospital"),
    (r"(?:sleep|stay)\s+(?:at|in)\s+(?:the\s+)?hospital\s+(?:overnight|for\s+the\s+night)|(?:sleep|sleeping)\s+(?:at|in)\s+(?:the\s+)?hospital"
     r"|stay\s+(?:the\s+)?night", "overnight stay"),
    (r"go\s+home\s+(?:on\s+)?(?:the\s+)?same\s+day", "same day, outpatient"),
    (r"(?:be|stay|staying|kept)\s+in\s+(?:the\s+)?hospital", "hospital stay"),
    (r"check[- ]?ups?|check\s+in\s+(?:with|on)|see\s+(?:the|my)\s+(?:doctor|surgeon)\s+again", "follow-up visits"),
    (r"stitches|staples", "sutures"),
    (r"housework|chores|(?:light|easy|normal|everyday|day[- ]to[- ]day)\s+(?:stuff|things|jobs|tasks)", "light activities, daily activities"),
    (r"(?:get|getting|go|going)\s+back\s+to\s+(?:normal|my\s+(?:life|routine)|everyday\s+life)", "return to daily activities"),
    (r"(?:get|getting|go|going)\s+back\s+to\s+(?:my\s+)?(?:work|job|the\s+office)", "return to work"),
    (r"(?:builder|labou?rer|manual\s+(?:job|work|labou?r)|physical\s+job|heavy\s+(?:job|work)|on\s+my\s+feet\s+all\s+day)",
     "physically demanding job"),
    (r"desk\s+job|office\s+job|sit\s+at\s+a\s+desk", "office worker"),
    (r"(?:get(?:ting)?\s+)?up\s+and\s+(?:about|moving|walking)|(?:get|getting|got)\s+out\s+of\s+bed", "early mobilization"),
    (r"ring\s+(?=(?:the|my|your)\s+(?:surgeon|doctor|clinic|care\s+team|office))", "call, contact "),
    (r"painkillers|pain\s*(?:pills|meds|tablets)", "pain medication"),
    (r"physio(?:therapy)?", "physical therapy"),
    (r"(?P<keep>mri|ct|x-?ray)\s+(?:pictures|images|results|scans?)|scans?|pictures\s+of\s+my\s+(?:back|spine|neck)", "imaging"),
    (r"(?:another|a\s+second|a\s+different)\s+(?:doctor|specialist|surgeon)(?:'s|’s)?(?:\s+(?:opinion|look))?|double[- ]check",
     "second opinion"),
    (r"foods?|meals?", "diet, nutrition"),
    (r"how\s+long\s+(?:until|till|before|to)\s+(?:i(?:'m|\s+am)?|you(?:'re|\s+are)?|people\s+are)\s+(?:better|healed|back\s+on\s+(?:my|your|their)\s+feet)"
     r"|(?:take|takes|taking)\s+(?:longer|so\s+long|a\s+while|ages)\s+to\s+(?:get\s+better|heal|recover)"
     r"|(?:get|getting)\s+back\s+on\s+my\s+feet|heal(?:ing)?\s+time", "recovery time"),
    (r"(?:back\s+)?(?:support\s+)?(?:corsets?|support\s+belts?)|back\s+supports?", "brace"),
    (r"(?:lose|losing|lost)\s+(?:a\s+lot\s+of\s+|much\s+)?blood|bleed\s+(?:a\s+lot|much)", "blood loss"),
    (r"germs?|bugs?(?=\s+in)", "infection"),
    (r"scars?", "scarring"),
    # who it is for, and what it is like
    (r"tailor(?:ed|-made|s|ing)?|custom(?:ised|ized|-made)?|one\s+size\s+fits\s+all|made\s+(?:just\s+)?for\s+me", "individualized, personalized"),
    (r"(?P<keep>techniques?|technology|procedures?|surger(?:y|ies)|methods?|tools|equipment|field)\s+(?:(?:is|are|has|have|keeps?)\s+)?"
     r"(?:still\s+)?(?:getting\s+better|improving|advancing|evolving|progressing|been\s+improved)"
     r"|new(?:er)?\s+techniques?|latest\s+(?:tech(?:nology)?|methods?|techniques?)", "improvements, advancements"),
    (r"(?P<keep>better|good|best|worse|bad)\s+results?", "outcomes"),
    (r"what\s+(?:could|can|might)\s+(?:still\s+|possibly\s+|else\s+)?go\s+wrong|(?:the\s+)?dangers?|downsides?|side\s+effects", "risks and complications"),
    (r"(?:right|suitable|a\s+good\s+fit)\s+for\s+me|(?:could|can|would)\s+i\s+qualify\s+for\s+(?:it|this|that)", "a candidate"),
    (r"(?:how\s+much\s+(?:will|would|does)\s+(?:i|it)\s+(?:pay|cost)|out\s+of\s+(?:my\s+own\s+)?pocket)", "out-of-pocket cost"),
    (r"(?:car\s+(?:crash|accident|wreck)|rear[- ]ended|hit\s+by\s+a\s+car|crashed\s+my\s+car|fender[- ]bender)", "motor vehicle accident"),
    (r"(?:hurt|injured)\s+(?:at\s+work|on\s+the\s+job)|work(?:place)?\s+injury|on[- ]the[- ]job\s+injury"
     r"|(?:(?:hurt|injured|wrecked|tweaked|strained|pulled|busted|messed\s+up)\s+(?:my|his|her|their|your)\s+(?:back|neck|spine)"
     r"|put\s+(?:my|his|her|their|your)\s+(?:back|neck)\s+out)\b"
     r"[^,.;?!]{0,40}?\b(?:at|on)\s+(?:work|the\s+job|(?:my|his|her|their|your)\s+(?:[a-z]+\s+)?job|the\s+(?:warehouse|factory|building\s+site|site|plant))",
     "work-related injury, workers' compensation"),
    (r"(?:old(?:er)?\s+(?:people|folks)|elderly|pensioners?|seniors?|at\s+my\s+age)", "older patients"),
    (r"overweight|obese|too\s+(?:fat|heavy)", "obesity"),
)
# text-message shorthand, spelt out whatever the corpus: whole words only ("u" but not "U.S.")
_SHORTHAND: tuple[tuple[str, str], ...] = (
    (r"ppl", "people"), (r"wat", "what"), (r"(?-i:n)", "and"), (r"u", "you"), (r"ur", "your"), (r"b4", "before"), (r"tho", "though"), (r"bc|cuz|coz", "because"),
    (r"pls|plz", "please"), (r"wk", "week"), (r"wks", "weeks"), (r"hr", "hour"), (r"hrs", "hours"), (r"yr", "year"),
    (r"yrs", "years"), (r"mths|mnths", "months"), (r"abt", "about"), (r"w/o", "without"), (r"w/", "with"),
    (r"op'?d", "operated"), (r"xray", "x-ray"), (r"fwd", "forward"),
)
_SHORT = tuple((re.compile(r"(?<![\w.'’/-])(?:" + p + r")(?![\w.'’/-])", re.IGNORECASE), words) for p, words in _SHORTHAND)
_COMPILED = tuple((re.compile(r"\b(?:" + p + r")\b", re.IGNORECASE), words) for p, words in _TABLE)
_WORD = re.compile(r"[a-z]+")
_STEM = 7  # "discharged" and "discharge" share their first 7 letters


def _says(question: str, words: str) -> bool:
    """Whether the question already has the first of the clinical phrases ("... to join the
    vertebrae together in a spinal fusion" is not searched as "to spinal fusion in a spinal fusion")."""
    first = words.split(",")[0].strip().lower()
    return bool(first) and re.search(r"\b" + re.escape(first) + r"\b", question.lower()) is not None


class LayWords:
    """Rewrites a question's lay expressions in the clinical words of one corpus."""

    def __init__(self, corpus_text: str):
        self._text = " ".join(corpus_text.lower().split())
        self._words = set(_WORD.findall(self._text))
        self._stems = {w[:_STEM] for w in self._words if len(w) > _STEM}
        # a row is used only when the corpus has one of its clinical words (or one sharing its first letters)
        self._rows = tuple((pattern, words) for pattern, words in _COMPILED if self._knows(words))
        self._used: dict[str, bool] = {}  # lay expression -> whether the corpus has it (a scan of the text each)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "LayWords":
        return cls("\n".join(texts))

    def _knows(self, words: str) -> bool:
        return any(w in self._words or (len(w) > _STEM and w[:_STEM] in self._stems)
                   for w in _WORD.findall(words.lower()) if len(w) > 3)

    def rewrite(self, question: str) -> str:
        """The question with each lay expression the corpus does not use in clinical words."""
        out, said = question, set()
        for pattern, words in _SHORT:
            out = pattern.sub(words, out)
        for pattern, words in self._rows:
            out = pattern.sub(lambda m: self._replacement(m, words, said), out)
        return out

    def _replacement(self, m: re.Match, words: str, said: set[str]) -> str:
        """The clinical words for one match; the match itself where the corpus uses it, or where
        the question already says these clinical words ("light stuff like housework": once)."""
        if self._uses(m.group(0)) or words in said or _says(m.string, words):
            return m.group(0)
        said.add(words)
        keep = m.groupdict().get("keep")
        return f"{keep} {words}" if keep else words

    def _uses(self, phrase: str) -> bool:
        """Whether the corpus has this expression itself, as whole words."""
        key = " ".join(phrase.lower().split())
        if key not in self._used:
            self._used[key] = re.search(r"\b" + re.escape(key) + r"\b", self._text) is not None
        return self._used[key]


__all__ = ["LayWords"]
