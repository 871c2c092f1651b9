package attrib

import "strings"

// The word lists are switch statements: constant, and compiled to a
// binary search. Every function takes a lower-case word with any
// possessive and trailing full stop removed.

// isStopword reports function words and other capitalised words that are
// never part of a name ("The", "While", "Monday").
func isStopword(w string) bool {
	switch w {
	case "a", "an", "the", "this", "that", "these", "those", "he", "she", "it", "they", "we", "i",
		"you", "his", "her", "hers", "its", "their", "our", "my", "your", "him", "them", "us", "me",
		"who", "whom", "whose", "what", "which", "when", "where", "why", "how", "while", "as", "at",
		"by", "for", "from", "in", "into", "of", "on", "onto", "to", "with", "without", "within",
		"and", "but", "or", "nor", "so", "yet", "if", "then", "than", "though", "although",
		"because", "since", "after", "before", "during", "until", "unless", "despite", "amid",
		"among", "between", "over", "under", "about", "above", "below", "across", "against",
		"along", "around", "behind", "beyond", "near", "past", "through", "toward", "towards",
		"upon", "via", "per", "also", "still", "just", "even", "only", "not", "no", "yes", "all",
		"any", "both", "each", "every", "few", "many", "more", "most", "much", "several", "some",
		"such", "other", "another", "there", "here", "now", "today", "yesterday", "tomorrow",
		"tonight", "last", "next", "first", "earlier", "later", "meanwhile", "however", "moreover",
		"furthermore", "nevertheless", "instead", "indeed", "thus", "hence", "therefore", "perhaps",
		"maybe", "once", "again", "already", "whether", "either", "neither", "according",
		"is", "was", "are", "were", "be", "been", "has", "have", "had", "do", "does", "did",
		"will", "would", "can", "could", "should", "might", "must", "shall", "may", "let",
		"like", "unlike", "following", "including", "regarding", "whereas", "nobody", "everyone",
		"everything", "nothing", "something", "someone", "anyone", "never", "always", "sometimes",
		"often", "rather", "almost", "nearly", "ago", "besides", "beside", "throughout",
		"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
		"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
		"january", "february", "march", "april", "june", "july", "august", "september",
		"october", "november", "december":
		return true
	}
	return false
}

// nameLikeStopword reports stop words that are also common given names or
// months: they start a name when they are not the first word of a sentence
// ("Will Ortega", "April Ross").
func nameLikeStopword(w string) bool {
	switch w {
	case "will", "may", "june", "april", "august":
		return true
	}
	return false
}

// isConnector reports the particles of multi-part names ("bin", "von der").
func isConnector(w string) bool {
	switch w {
	case "bin", "ibn", "bint", "binti", "al", "von", "van", "der", "den", "de", "del", "della",
		"di", "da", "das", "dos", "du", "la", "le", "ter", "ten", "zu", "af":
		return true
	}
	return false
}

// isOrgWord reports words that make a capitalised phrase an organisation,
// event or building rather than a person.
func isOrgWord(w string) bool {
	switch w {
	case "institute", "institution", "agency", "ministry", "department", "university", "college",
		"academy", "school", "council", "committee", "commission", "party", "bank",
		"corporation", "corp", "company", "co", "inc", "ltd", "llc", "plc", "gmbh", "group",
		"association", "union", "federation", "foundation", "fund", "center", "centre", "court",
		"army", "navy", "force", "forces", "police", "government", "administration", "parliament",
		"congress", "senate", "house", "assembly", "network", "board", "authority", "bureau",
		"office", "society", "hospital", "clinic", "club", "church", "embassy", "consulate",
		"exchange", "service", "services", "times", "post", "news", "press", "media", "journal",
		"herald", "tribune", "gazette", "telegraph", "reuters", "bloomberg", "afp", "xinhua",
		"yonhap", "tass", "broadcasting", "television", "tv", "radio", "channel", "organisation",
		"organization", "alliance", "coalition", "front", "movement", "programme", "program",
		"project", "initiative", "forum", "summit", "conference", "treaty", "pact", "accord",
		"agreement", "act", "war", "wars", "games", "cup", "league", "olympics", "peninsula",
		"region", "province", "county", "district", "valley", "river", "sea", "ocean", "mountains",
		"airport", "station", "street", "square", "palace", "hall", "tower", "bridge", "park",
		"museum", "library", "gallery", "theatre", "theater", "stadium", "cathedral", "mosque",
		"temple", "capital", "capitol", "industries", "holdings", "partners", "labs",
		"laboratories", "systems", "technologies", "technology", "motors", "airlines", "airways",
		"energy", "research", "watch", "international", "global", "national", "central",
		"federal", "securities", "works", "trust", "team", "studios", "records", "pictures",
		"health", "insurance", "investments", "ventures", "world", "nations", "rights", "state",
		"canal", "strait", "gulf", "desk", "magazine", "review", "daily", "weekly", "online",
		"institutes", "ministries", "unification", "command", "guard", "brigade", "battalion",
		"division", "fleet", "corps", "republicans", "democrats", "labour", "conservatives",
		"air", "therapeutics", "pharmaceuticals", "pharma", "biotech", "biosciences", "minera",
		"mining", "automotive", "foods", "brands", "retail", "logistics", "shipping",
		"petroleum", "oil", "steel", "chemicals", "electric", "electronics", "telecom",
		"communications", "entertainment", "management", "equity", "finance", "financial",
		"bancorp", "banco", "grupo", "limited", "incorporated", "enterprises", "solutions",
		"consulting", "associates", "properties", "realty", "construction", "engineering",
		"cafe", "café", "grill", "restaurant", "bakery", "diner", "pub", "hotel", "elementary",
		"stores", "supermarket", "supermarkets", "markets", "mart", "credit", "lending",
		"wealth", "assets", "advisors", "advisers", "analytics", "software", "digital",
		"networks", "semiconductor", "semiconductors", "aerospace", "dynamics", "robotics",
		"railways", "railway", "rail", "transit", "utilities", "utility", "power", "solar",
		"nuclear", "farms", "beverages", "brewery", "brewing", "winery", "textiles", "apparel",
		"cosmetics", "pharmacy", "medical", "healthcare", "coop", "cooperative", "co-op",
		"syndicate", "consortium", "brothers", "bros", "sons", "agencies", "tribunal",
		"prosecutors", "prosecution", "directorate", "inspectorate", "observatory", "telescope",
		"satellite", "mission", "rover", "probe", "spacecraft", "hurricane", "storm", "typhoon",
		"cyclone", "arena", "marathon", "open", "championship", "championships",
		"tournament", "series", "grand", "prix", "derby", "trophy", "medal", "prize", "award",
		"awards", "festival", "expo", "index", "space", "lab", "laboratory":
		return true
	}
	return false
}

// surnameOrgWord reports organisation and place words that are also
// common family names ("Stuart Hall", "Park Ji-sung", "Shirley Temple"):
// they make a name an organisation only as its last word, and not when
// the text shows a person.
func surnameOrgWord(w string) bool {
	switch w {
	case "park", "hall", "house", "church", "court", "bridge", "tower", "post", "street",
		"temple", "grand", "open", "power", "sons", "brothers", "mission", "marathon":
		return true
	}
	return false
}

// isPlaceSuffix reports words that end the names of streets, districts
// and towns: "Jackson Avenue", "Lincoln Heights".
func isPlaceSuffix(w string) bool {
	switch w {
	case "avenue", "boulevard", "road", "highway", "freeway", "motorway", "plaza", "terrace",
		"parkway", "quay", "wharf", "harbour", "harbor", "beach", "borough", "township",
		"village", "heights", "falls", "springs", "creek", "city", "town", "crescent", "mall",
		"estuary", "peninsula", "archipelago", "lagoon", "glacier", "delta", "basin",
		"plateau", "desert", "dam", "reservoir", "canyon", "gorge",
		"province", "prefecture", "oblast", "governorate", "territory", "territories",
		"airfield", "airbase", "port", "pier", "docks", "lighthouse":
		return true
	}
	return false
}

// isPlaceWord reports words that make a capitalised phrase a place.
func isPlaceWord(w string) bool {
	switch w {
	case "korea", "korean", "koreas", "america", "american", "americas", "africa", "african",
		"arabia", "arabian", "europe", "european", "asia", "asian", "states", "kingdom", "republic",
		"emirates", "islands", "island", "coast", "kong", "lanka", "zealand", "aires",
		"janeiro", "angeles", "francisco", "aviv", "lumpur", "dhabi", "guinea", "leone", "faso",
		"rico", "rica", "gaza", "strip", "saudi", "pacific", "atlantic",
		"afghanistan", "albania", "algeria", "argentina", "armenia", "australia", "austria",
		"azerbaijan", "bahrain", "bangladesh", "belarus", "belgium", "bolivia", "bosnia", "brazil",
		"britain", "bulgaria", "cambodia", "cameroon", "canada", "chile", "china", "colombia",
		"congo", "croatia", "cuba", "cyprus", "czechia", "denmark", "egypt", "england", "estonia",
		"ethiopia", "finland", "france", "germany", "ghana", "greece", "guatemala", "haiti",
		"honduras", "hungary", "iceland", "indonesia", "iran", "iraq", "ireland", "italy",
		"japan", "kazakhstan", "kenya", "kosovo", "kuwait", "laos", "latvia", "lebanon", "libya",
		"lithuania", "luxembourg", "malaysia", "mali", "mexico", "moldova", "mongolia", "morocco",
		"mozambique", "myanmar", "nepal", "netherlands", "nicaragua", "niger", "nigeria",
		"norway", "oman", "pakistan", "palestine", "panama", "paraguay", "peru", "philippines",
		"poland", "portugal", "qatar", "romania", "russia", "rwanda", "scotland", "senegal",
		"serbia", "singapore", "slovakia", "slovenia", "somalia", "spain", "sudan", "sweden",
		"switzerland", "syria", "taiwan", "tajikistan", "tanzania", "thailand", "tunisia",
		"turkey", "turkmenistan", "uganda", "ukraine", "uruguay", "uzbekistan", "venezuela",
		"vietnam", "wales", "yemen", "zambia", "zimbabwe", "pyongyang", "seoul", "moscow",
		"kyiv", "kiev", "beijing", "tokyo", "brussels", "lisbon", "madrid", "copenhagen",
		"oslo", "stockholm", "riyadh", "tehran", "baghdad", "cairo", "delhi", "geneva", "vienna",
		"ankara", "jerusalem", "nato", "russian", "chinese", "japanese", "ukrainian":
		return true
	}
	return false
}

// placePhrase reports places whose words are also given names or
// surnames ("Paulo", "Salvador", "Paz").
func placePhrase(key string) bool {
	switch key {
	case "sao paulo", "el salvador", "la paz", "san salvador", "santa cruz", "la plata":
		return true
	}
	return false
}

// isPlaceStart reports words that begin place names ("North Korea",
// "New Zealand", "United States").
func isPlaceStart(w string) bool {
	switch w {
	case "north", "south", "east", "west", "new", "san", "santa", "saint", "st", "los", "las",
		"united", "upper", "lower", "greater", "northern", "southern", "eastern", "western",
		"middle", "mount", "lake", "cape", "port", "fort":
		return true
	}
	return false
}

// speechVerb reports the forms of verbs that attribute speech or writing.
func speechVerb(w string) bool {
	switch w {
	case "say", "says", "said", "saying", "tell", "tells", "told", "telling",
		"note", "notes", "noted", "noting", "warn", "warns", "warned", "warning",
		"argue", "argues", "argued", "arguing", "add", "adds", "added", "adding",
		"explain", "explains", "explained", "explaining", "state", "states", "stated", "stating",
		"claim", "claims", "claimed", "claiming", "insist", "insists", "insisted", "insisting",
		"write", "writes", "wrote", "writing", "emphasize", "emphasizes", "emphasized",
		"emphasizing", "emphasise", "emphasises", "emphasised", "emphasising",
		"stress", "stresses", "stressed", "stressing", "caution", "cautions", "cautioned",
		"cautioning", "predict", "predicts", "predicted", "predicting", "ask", "asks", "asked",
		"asking", "accuse", "accuses", "accused", "accusing", "criticize", "criticizes",
		"criticized", "criticizing", "criticise", "criticises", "criticised", "criticising",
		"deny", "denies", "denied", "denying", "reiterate", "reiterates", "reiterated",
		"reiterating", "declare", "declares", "declared", "declaring", "announce", "announces",
		"announced", "announcing", "suggest", "suggests", "suggested", "suggesting",
		"acknowledge", "acknowledges", "acknowledged", "acknowledging", "admit", "admits",
		"admitted", "admitting", "concede", "concedes", "conceded", "conceding", "reply",
		"replies", "replied", "replying", "respond", "responds", "responded", "responding",
		"answer", "answered", "remark", "remarks", "remarked", "observe", "observes", "observed",
		"observing", "counter", "countered", "contend", "contends", "contended", "contending",
		"maintain", "maintains", "maintained", "maintaining", "recall", "recalls", "recalled",
		"recalling", "confirm", "confirms", "confirmed", "confirming", "urge", "urges", "urged",
		"urging", "vow", "vows", "vowed", "vowing", "promise", "promises", "promised",
		"promising", "pledge", "pledges", "pledged", "pledging", "threaten", "threatens",
		"threatened", "threatening", "demand", "demands", "demanded", "demanding", "complain",
		"complains", "complained", "complaining", "lament", "laments", "lamented", "lamenting",
		"allege", "alleges", "alleged", "alleging", "assert", "asserts", "asserted", "asserting",
		"conclude", "concludes", "concluded", "concluding", "agree", "agrees", "agreed",
		"agreeing", "disagree", "disagrees", "disagreed", "disagreeing", "joke", "jokes", "joked",
		"joking", "tweet", "tweets", "tweeted", "tweeting", "post", "posts", "posted", "posting",
		"mention", "mentions", "mentioned", "mentioning", "comment", "comments", "commented",
		"commenting", "estimate", "estimates", "estimated", "estimating", "believe", "believes",
		"believed", "thinks", "report", "reports", "reported", "reporting", "describe",
		"describes", "described", "describing", "call", "calls", "called", "calling",
		"continue", "continues", "continued", "testify", "testifies", "testified", "exclaimed",
		"quipped", "mused", "blame", "blames", "blamed", "blaming", "denounce", "denounces",
		"denounced", "denouncing", "condemn", "condemns", "condemned", "condemning", "praise",
		"praises", "praised", "praising", "hail", "hails", "hailed", "hailing", "dismiss",
		"dismisses", "dismissed", "dismissing", "reject", "rejects", "rejected", "rejecting",
		"decline", "declines", "declined", "recounted", "revealed", "reveals", "disclosed",
		"pointed", "indicated", "indicates", "welcomed", "welcomes", "wondered", "remind",
		"reminds", "reminded", "reminding", "assured", "assures", "advised", "shouted", "yelled",
		"whispered", "muttered", "sighed", "snapped", "retorted", "interjected", "pleaded",
		"begged", "swore", "boasted", "bragged", "confided", "confessed", "proclaimed",
		"reckoned", "reckons", "underlined", "underscored", "signalled", "signaled", "hinted",
		"cried":
		return true
	}
	return false
}

// invertible reports the verbs that may come before their subject after a
// quotation: “…,” said Kim.
func invertible(w string) bool {
	switch w {
	case "said", "says", "added", "adds", "noted", "notes", "wrote", "writes", "asked", "asks",
		"explained", "explains", "continued", "continues", "replied", "replies", "argued",
		"argues", "warned", "warns", "insisted", "insists", "recalled", "recalls", "remarked",
		"observed", "concluded", "cautioned", "predicted", "stressed", "emphasized",
		"emphasised", "declared", "answered", "responded", "countered", "acknowledged",
		"admitted", "conceded", "suggested", "agreed", "claimed", "stated", "recounted",
		"joked", "quipped", "mused", "exclaimed", "wondered", "tweeted", "posted", "shouted",
		"yelled", "whispered", "muttered", "sighed", "snapped", "retorted", "interjected",
		"pleaded", "begged", "boasted", "confided", "cried", "reckoned":
		return true
	}
	return false
}

// nounLike reports verb forms that are more often nouns ("the claims",
// "a report"): they attribute only with a person as subject.
func nounLike(w string) bool {
	switch w {
	case "state", "states", "note", "notes", "claim", "claims", "post", "posts", "comment",
		"comments", "report", "reports", "call", "calls", "promise", "promises", "demand",
		"demands", "counter", "answer", "remark", "remarks", "estimate", "estimates", "tweet",
		"tweets", "stress", "caution", "cautions", "reply", "replies", "praise", "blame",
		"pledge", "pledges", "vow", "vows", "hail", "joke", "jokes", "decline", "declines",
		"urge", "urges", "warning", "saying", "writing", "reporting", "calling", "concern",
		"continue", "recall", "recalls", "reveals", "mention", "mentions":
		return true
	}
	return false
}

// irregularParticiple reports past participles not ending in -ed.
func irregularParticiple(w string) bool {
	switch w {
	case "said", "told", "written", "thought":
		return true
	}
	return false
}

// isBe reports forms of "to be".
func isBe(w string) bool {
	switch w {
	case "is", "was", "were", "are", "be", "been", "being", "am":
		return true
	}
	return false
}

// isAux reports auxiliaries and adverbs that may stand between a subject
// and its verb ("Kim has repeatedly said").
func isAux(w string) bool {
	switch w {
	case "has", "have", "had", "would", "will", "could", "should", "might", "may", "must",
		"can", "did", "does", "do", "also", "later", "again", "once", "then", "further",
		"earlier", "often", "never", "still", "already", "even", "just", "not", "first",
		"long", "now", "today", "yesterday", "however", "too", "meanwhile", "since", "soon",
		"afterwards", "previously", "recently", "repeatedly", "separately", "publicly",
		"privately", "reportedly", "allegedly", "bluntly", "flatly", "openly", "quietly",
		"firmly", "angrily", "simply", "herself", "himself", "themselves":
		return true
	}
	return false
}

// isLyAdverb reports lower-case adverbs in -ly, excluding common nouns and
// adjectives that end so.
func isLyAdverb(w string) bool {
	if len(w) <= 4 || !strings.HasSuffix(w, "ly") {
		return false
	}
	switch w {
	case "family", "assembly", "rally", "supply", "reply", "anomaly", "monopoly", "italy",
		"ally", "early", "likely", "only", "july", "daily", "weekly", "monthly", "friendly",
		"elderly", "holy", "belly", "jelly":
		return false
	}
	return true
}

// isDeterminer reports words that begin a noun phrase.
func isDeterminer(w string) bool {
	switch w {
	case "a", "an", "the", "this", "these", "those", "one", "some", "any", "each", "every",
		"another", "no", "several", "many", "few", "both", "either", "neither", "all", "most",
		"his", "her", "its", "their", "our", "my", "your", "such", "two", "three", "four", "five":
		return true
	}
	return false
}

// isPossPronoun reports possessive pronouns.
func isPossPronoun(w string) bool {
	switch w {
	case "his", "her", "its", "their", "our", "my", "your":
		return true
	}
	return false
}

// isNPPrep reports prepositions that may continue a noun phrase ("a
// spokesperson for the ministry", "people familiar with the talks").
func isNPPrep(w string) bool {
	switch w {
	case "for", "of", "at", "with", "from", "in", "to", "on", "by", "about", "near", "inside",
		"outside", "within":
		return true
	}
	return false
}

// placePrep reports prepositions after which a capitalised phrase is more
// likely a place or an organisation than a person.
func placePrep(w string) bool {
	switch w {
	case "of", "for", "at", "in", "from", "on", "into", "across", "near", "inside", "outside",
		"throughout", "via", "to", "toward", "towards":
		return true
	}
	return false
}

// isFunctionWord reports words that cannot end the subject of a speech
// verb.
func isFunctionWord(w string) bool {
	switch w {
	case "that", "which", "who", "whom", "whose", "what", "when", "where", "why", "how", "and",
		"or", "but", "nor", "so", "yet", "if", "then", "than", "though", "although", "because",
		"since", "after", "before", "during", "until", "unless", "while", "as", "to", "of", "in",
		"on", "at", "for", "with", "by", "from", "into", "onto", "about", "over", "under",
		"through", "between", "among", "against", "is", "was", "were", "are", "be", "been",
		"being", "am", "has", "have", "had", "do", "does", "did", "will", "would", "can", "could",
		"should", "might", "must", "may", "shall", "not", "no", "there", "here", "a", "an", "the",
		"this", "these", "those", "also", "whether", "even", "just", "only", "very", "too",
		"it", "we", "i", "you", "me", "us", "him", "them", "whatever", "whoever":
		return true
	}
	return false
}

// speechNoun reports nouns for something said or written: "Kim’s comments
// denounced …" attributes to Kim.
func speechNoun(w string) bool {
	switch w {
	case "comment", "comments", "remark", "remarks", "statement", "statements", "speech",
		"speeches", "words", "message", "messages", "letter", "letters", "post", "posts", "tweet",
		"tweets", "article", "essay", "memo", "testimony", "interview", "announcement",
		"address", "warning", "warnings", "claim", "claims", "report", "book", "column", "blog",
		"broadcast", "transcript", "account", "op-ed", "letter,", "note", "response", "reply",
		"accusations", "accusation", "criticism", "rhetoric", "narrative", "concurrence",
		"dissent", "opinion", "ruling", "judgment", "judgement", "filing", "brief", "petition",
		"affidavit", "submission", "editorial", "commentary", "op-ed,", "sermon", "lecture":
		return true
	}
	return false
}

// isPronoun reports personal pronouns and returns their gender ('m', 'f',
// or 0) and whether they are plural.
func isPronoun(w string) (ok bool, gender byte, plural bool) {
	switch w {
	case "he", "him", "his", "himself":
		return true, 'm', false
	case "she", "her", "hers", "herself":
		return true, 'f', false
	case "they", "them", "their", "themselves":
		return true, 0, true
	}
	return false, 0, false
}

// subjectPronoun reports pronouns that can be the subject of a verb.
func subjectPronoun(w string) bool {
	switch w {
	case "he", "she", "they", "it", "we", "i", "you":
		return true
	}
	return false
}

// isAbbrev reports abbreviations written with a full stop that does not
// end a sentence ("Dr.", "Gen.", "Inc.").
func isAbbrev(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "mx", "dr", "prof", "rev", "gen", "col", "lt", "capt", "sgt", "sen",
		"rep", "gov", "st", "jr", "sr", "maj", "adm", "cmdr", "supt", "insp", "fr", "hon", "vs",
		"inc", "ltd", "co", "corp", "mt", "ft", "jan", "feb", "mar", "apr", "aug", "sept", "sep",
		"oct", "nov", "dec", "dept", "univ", "approx", "mme", "mlle":
		return true
	}
	return false
}
