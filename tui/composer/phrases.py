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
REASONS: tuple[str, ...] = (
    "you mentioned", "you said", "timeline", "by friday", "decision date", "since we spoke",
    "since our", "i have since", "i've since", "recently", "news", "attached", "i attach",
    "portfolio", "article", "i can send", "i could send", "finished", "completed", "update you",
    "another offer", "deadline",
)

#: A question about the decision or the status only (000).
DECISION_WORDS: tuple[str, ...] = (
    "decision", "decided", "decide", "status", "update", "news", "hear back", "heard back",
    "hear from you", "where things stand", "where my application stands", "any word",
    "made a choice", "filled", "outcome", "result", "results", "when i might expect",
    "when can i expect", "still being considered", "still under consideration",
)

#: A question about something else: the next steps, the team, the work.
OTHER_TOPICS: tuple[str, ...] = (
    "next step", "next steps", "team", "prepare", "anything more", "anything else",
    "send you", "help", "project", "projects", "work on", "role", "responsibilities",
    "onboarding", "start date", "meet", "talk", "call",
)

#: Thanks (000, 001, 004).
GRATITUDE: tuple[str, ...] = ("thank", "thanks", "grateful", "gratitude", "appreciate",
                              "appreciated", "appreciation")

#: Restated interest in the role (000, 001, 004).
INTEREST: tuple[str, ...] = (
    "interested", "interest in", "enthusiastic", "enthusiasm", "excited", "keen", "eager",
    "would love to", "would welcome", "would be glad to join", "would be delighted",
    "look forward to joining", "still want", "very much want", "motivated",
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
