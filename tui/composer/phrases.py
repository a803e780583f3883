"""The phrase lists behind the tone, informal, filler and topic checks.

Afterview's own lists, kept here so that they can grow without touching the
checks. Entries are lower case; multi-word entries match on word boundaries.
"""

from __future__ import annotations

#: Pleading, complaining about the wait, and running oneself down (000, 003).
DESPERATE: tuple[str, ...] = (
    # pleading
    "i really need this job", "i need this job", "i'm begging", "i am begging", "begging you",
    "please give me a chance", "just give me a chance", "i'll do anything", "i will do anything",
    "any job at all", "desperate", "desperately", "please please", "please, please",
    "my last hope", "i can't afford to lose",
    # complaining about the wait
    "still haven't heard", "still have not heard", "haven't heard back", "have not heard back",
    "i've been waiting", "i have been waiting", "been waiting for weeks", "no one has replied",
    "nobody has replied", "no one got back", "why haven't you", "why have you not",
    "it's been weeks", "it has been weeks", "you never replied", "ignored my",
    # running oneself down
    "i know i'm not the best", "i know i am not the best", "i probably messed up",
    "i messed up", "i may not be qualified", "i might not be qualified", "i'm not qualified",
    "sorry to bother you", "sorry to bug you", "sorry for bothering", "i'm sure you're too busy",
    "i know you're busy, but", "i know you are busy, but", "i'm not good enough",
)

#: Running oneself down, as patterns (regular expressions over the lower-cased
#: note, apostrophes straightened): the shapes self-criticism takes, so that
#: "I fumbled the last question" and "I'm surely not your strongest applicant"
#: are caught without listing every sentence.
SELF_CRITICISM: tuple[str, ...] = (
    # a poor performance, owned
    r"\bi (?:\w+ ){0,2}(?:fumbled|botched|flubbed|bombed|butchered|mangled|messed up|"
    r"screwed up|made a mess of)\b",
    # "stumbled on a great article" and "struggled with the same outage" are
    # stories, not verdicts: only the shapes that judge an answer are here.
    r"\bi (?:\w+ ){0,2}(?:froze on|froze up on|stumbled over|stumbled through|"
    r"tripped over) (?:it|that|the|your|a|an|my|some|one|those|these)\b",
    r"\bi (?:\w+ ){0,2}blew (?:it|that|my chance|(?:the|your|my) (?:\w+ )?(?:question|"
    r"answer|interview|exercise|task|test|presentation|demo))\b",
    r"\bi (?:didn't|did not) (?:do|perform|come across) (?:very |so |that |too |particularly )?"
    r"well\b",
    r"\bi (?:did|performed|answered|explained) (?:\w+ )?(?:rather |quite |so |very |pretty )?"
    r"(?:poorly|badly|terribly|awfully|clumsily)\b",
    r"\bi (?:wasn't|was not) (?:at )?(?:my best|at my sharpest|on form)\b",
    r"\b(?:my|that|the) (?:poor|weak|bad|terrible|awful|clumsy|rambling|muddled|botched) "
    r"(?:answer|answers|performance|showing|explanation|attempt)\b",
    r"\bsorry (?:for|about) (?:the way i|how i|being so|not being|my (?:poor|weak|bad|"
    r"rambling|clumsy|nervous|muddled|confused|performance|answers?))\b",
    # not good enough, owned
    r"\bi(?:'m| am) (?:\w+ ){0,2}not (?:\w+ ){0,2}(?:strongest|best|ideal|most qualified|"
    r"most experienced|top|right|perfect|obvious|ideal|first) (?:candidate|applicant|choice|"
    r"fit|person|match|pick)\b",
    r"\bnot (?:\w+ )?(?:good|smart|experienced|qualified|senior|strong|skilled) enough\b",
    r"\bi(?:'m| am) (?:\w+ )?(?:under-?qualified|unqualified|not qualified|no expert|"
    r"just a beginner|only a beginner|a long shot|out of my depth)\b",
    r"\bi (?:may|might|probably|likely|surely) (?:not|don't|do not|won't) (?:be (?:qualified|"
    r"experienced|senior|good|strong|ready)|have (?:the|enough|much|all the) (?:experience|"
    r"skills|background)|measure up|meet your|fit your)\b",
    r"\b(?:better|stronger|more qualified|more experienced) (?:candidates|applicants|people) "
    r"than (?:me|myself)\b",
    r"\b(?:have|met|seen|interviewed|had) (?:\w+ ){0,2}(?:better|stronger|more qualified|"
    r"more experienced) (?:candidates|applicants)\b",
)

#: Pleading, as patterns: "I really need this role", "I desperately need the job".
PLEADING: tuple[str, ...] = (
    r"\bi (?:\w+ )?need (?:this|the|that|a) (?:job|role|position|offer|opportunity)\b",
    r"\bplease,? (?:please|i beg|just give|give me a chance|consider me)\b",
)

#: Slang and text-speak (000: formal language). Whole words only.
INFORMAL_WORDS: frozenset[str] = frozenset((
    "gonna", "wanna", "gotta", "kinda", "sorta", "dunno", "lemme", "gimme", "ya", "yeah",
    "yep", "yup", "nope", "nah", "thx", "thanx", "tnx", "ty", "pls", "plz", "u", "ur",
    "lol", "lmao", "omg", "btw", "imo", "imho", "tbh", "idk", "cya", "bro",
    "dude", "hey", "heya", "hiya", "sup", "awesome", "stoked", "pumped",
    "xoxo", "cuz", "coz", "bc", "b4", "gr8", "l8r", "np",
))

#: Emoticons typed as text.
EMOTICONS: tuple[str, ...] = (":)", ":-)", ";)", ";-)", ":D", ":-D", ":(", ":-(", ":P", "<3",
                              "xD", "^^", ":/")

#: Empty follow-up openers (002: give them a reason instead).
FILLER: tuple[str, ...] = (
    "just checking in", "just following up", "just touching base", "just wanted to check in",
    "just wanted to follow up", "just circling back", "checking in to see", "just a quick note",
    "touching base", "circling back", "bumping this", "bumping this up",
)

#: Words that give a follow-up a reason: their timeline, news, something to add.
#: They count only where the note offers them, not where it asks for them
#: (see ASKING): "is there any news?" gives no reason, "I have news" does.
REASONS: tuple[str, ...] = (
    "you mentioned", "you said", "timeline", "by friday", "decision date", "since we spoke",
    "since our", "i have since", "i've since", "recently", "attached", "i attach",
    "portfolio", "article", "i can send", "i could send", "finished", "completed", "update you",
    "another offer", "deadline", "some news", "good news", "exciting news", "news to share",
    "i have news", "news of my own", "an update for you", "an update of my own",
)

#: What a note asks for (regular expressions, lower case): a reason found only
#: inside such a request is not one the note offers.
ASKING: tuple[str, ...] = (
    r"[^.!?\n]*\?",  # a question, whole
    r"\b(?:to |and )?(?:ask|asking|check|checking|see|seeing|find out|learn|know|wonder|"
    r"wondering|inquire|enquire)(?: you)? (?:whether|if|about|how|when|what|for)\b[^.!?\n]*",
    r"\bany (?:news|update|updates|word|progress)\b[^.!?\n]*",
)

#: A question about the decision or the status only (000).
DECISION_WORDS: tuple[str, ...] = (
    "decision", "decided", "decide", "status", "update", "news", "hear back", "heard back",
    "hear from you", "where things stand", "where my application stands", "any word",
    "made a choice", "filled", "outcome", "result", "results", "when i might expect",
    "when can i expect", "still being considered", "still under consideration",
)

#: A question about something else: the next steps, the team, the work. As
#: patterns (lower case): "the team" or "the role" that makes or is the
#: decision ("has the team decided?", "has the role been filled?") is not a
#: question about the team or the role; only a frame about them is.
_DECIDES = (r"(?!'s (?:decision|choice|verdict))(?! (?:decision|has|have|had|is|are|was|"
            r"were|been|will|would|might|may|could|made|make|makes|reach\w*|decid\w*|"
            r"chose|chosen|choos\w*|still|already|filled|closed)\b)")
OTHER_TOPICS: tuple[str, ...] = (
    r"\bnext steps?\b", r"\bprepare\b", r"\banything (?:more|else)\b",
    r"\banything (?:\w+ ){0,3}(?:send|share|provide|add|do)\b", r"\bsend you\b",
    r"\b(?:how|what) (?:can|could|might) i (?:help|do|bring|send)\b", r"\bhelp (?:me |you )?"
    r"(?:prepare|with)\b", r"\bprojects?\b", r"\bwork(?:ing)? on\b", r"\bresponsibilit\w*",
    r"\bonboarding\b", r"\bstart date\b", r"\bmeet\b", r"\btalk\b", r"\bcall\b",
    r"\b(?:about|join|joining|meet|meeting|on|with|within|in|inside|into) (?:the |your |that |"
    r"this )?(?:(?!hiring |interview |recruiting |selection |search )\w+ )?team\b" + _DECIDES,
    r"\bteam(?:'s)? (?:culture|works?|working|uses?|priorit\w*|projects?|goals?|roadmap|size|"
    r"structure|plans?|members?|stack|practices|day)\b",
    r"\bwho (?:i|i'd|i would) (?:be )?work(?:ing)? with\b", r"\bcolleagues\b",
    r"\bwhat the (?:role|position|job|work) (?:involves|entails|looks like|would involve)\b",
    r"\b(?:role|position|job)(?:'s)? (?:\w+ )?(?:responsibilit\w*|scope|focus|priorit\w*|"
    r"first (?:months?|weeks?|project))\b",
    r"\bday[- ]to[- ]day\b",
)

#: Thanks (000, 001, 004).
GRATITUDE: tuple[str, ...] = ("thank", "thanks", "grateful", "gratitude", "appreciate",
                              "appreciated", "appreciation")

#: Restated interest in the role (000, 001, 004).
INTEREST: tuple[str, ...] = (
    "interested", "interest in", "enthusiastic", "enthusiasm", "excited", "keen", "eager",
    "would love to", "would welcome", "would be glad to join", "would be delighted",
    "look forward to joining", "still want", "very much want", "motivated",
    "like to join", "love to join", "want to join", "hope to join", "keen on",
    "glad to join", "happy to join", "eager to join", "remain interested",
)

#: A closing that looks forward to the next step (004).
NEXT_STEP: tuple[str, ...] = (
    "look forward", "looking forward", "next step", "next steps", "hear from you",
    "hearing from you", "speak again", "talk again", "continue the conversation",
    "continue our conversation", "meet again", "hope to hear",
)

#: Openings of a salutation.
SALUTATIONS: tuple[str, ...] = ("dear", "hello", "hi", "good morning", "good afternoon",
                                "good evening", "greetings")

#: Acronyms that are not shouting.
ACRONYMS: frozenset[str] = frozenset((
    "API", "APIS", "HTTP", "HTTPS", "JSON", "YAML", "HTML", "CSS", "REST", "GRPC", "UNIX",
    "LINUX", "AWS", "GCP", "SQL", "NOSQL", "ETL", "SAAS", "B2B", "B2C", "KPI", "KPIS", "OKR",
    "OKRS", "CEO", "CTO", "CFO", "COO", "VP", "HR", "UX", "UI", "QA", "SRE", "ML", "AI",
    "NLP", "PDF", "USA", "UK", "EU", "NASA", "ASAP", "CV",
    # acronyms that are also everyday words: the dictionary would call them shouting
    "RAM", "ARM", "SAP", "SAS", "CAD", "CAM", "MAC", "IDE", "SOC", "ISO", "CAN", "PIN",
    "ICE", "WHO", "DEV", "OPS", "LAN", "WAN", "BI", "IT", "ERP", "CRM",
))

#: Everyday words people shout: the tone check's fallback while the
#: dictionary (which knows every ordinary word) is still loading.
SHOUTED: frozenset[str] = frozenset((
    "please", "really", "need", "very", "urgent", "urgently", "now", "any", "must", "help",
    "always", "never", "all", "asap", "important", "truly", "so", "much", "extremely",
    "absolutely", "anything", "soon", "why", "what", "sorry", "thank", "thanks", "hope",
    "want", "love", "best", "great", "still", "again", "today", "immediately", "not",
))

#: Free-mail domains (002: write to business accounts).
FREE_MAIL: frozenset[str] = frozenset((
    "gmail.com", "googlemail.com", "yahoo.com", "yahoo.co.uk", "ymail.com", "hotmail.com",
    "hotmail.co.uk", "outlook.com", "live.com", "msn.com", "aol.com", "icloud.com", "me.com",
    "mac.com", "proton.me", "protonmail.com", "gmx.com", "gmx.de", "gmx.net", "mail.com",
    "yandex.com", "yandex.ru", "zoho.com", "fastmail.com", "hey.com", "web.de", "qq.com",
    "163.com",
))

#: Words too common to count as a talking point's "distinctive" words.
STOPWORDS: frozenset[str] = frozenset((
    "the", "and", "for", "with", "that", "this", "from", "into", "about", "their", "there",
    "they", "them", "your", "our", "you", "was", "were", "are", "has", "have", "had", "how",
    "what", "when", "why", "which", "who", "will", "would", "could", "should", "can", "its",
    "it's", "but", "not", "all", "any", "some", "more", "most", "much", "many", "also",
    "than", "then", "very", "just", "over", "under", "team", "role", "work", "job", "company",
    "discussed", "talked", "asked", "said", "plans", "plan", "new", "next", "week", "weeks",
))
