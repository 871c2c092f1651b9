package attrib

import "strings"

// Lists of words about people: titles, offices and professions.

// isTitle reports titles and ranks written before a name ("Dr.", "Mayor",
// "Prime Minister"); they are not part of the name.
func isTitle(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
		"rev", "reverend", "fr", "father", "president", "vice-president", "premier", "chancellor",
		"minister", "secretary", "mayor", "governor", "gov", "senator", "sen", "rep",
		"representative", "congressman", "congresswoman", "councillor", "councilor", "alderman",
		"judge", "justice", "ambassador", "commissioner", "general", "gen", "colonel", "col",
		"major", "maj", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt", "admiral", "adm",
		"commander", "cmdr", "detective", "inspector", "superintendent", "supt", "king", "queen",
		"prince", "princess", "sheikh", "emir", "sultan", "pope", "cardinal", "bishop",
		"archbishop", "rabbi", "imam", "ayatollah", "leader", "chairman", "chairwoman",
		"chairperson", "chair", "ceo", "speaker", "chief", "coach", "director", "mme", "mlle",
		"officer", "executive", "spokesman", "spokeswoman", "spokesperson", "councilmember",
		"councilwoman", "councilman", "assemblyman", "assemblywoman", "assemblymember",
		"alderwoman", "delegate", "cacique", "datuk", "dato", "datin", "tun", "toh", "puan",
		"pandit", "shri", "smt", "mullah", "maulana", "ustaz", "monsignor", "pastor", "deacon",
		"marshal", "brigadier", "corporal", "constable", "sheriff", "warden", "trooper",
		"secretary-general", "undersecretary", "under-secretary", "treasurer", "comptroller",
		"ombudsman", "president-elect", "deputy", "haji",
		"hajji", "sheikha", "shaikh", "mufti", "magistrate", "attorney", "solicitor-general":
		return true
	}
	return false
}

// isPostNominal reports letters written after a name that are not part of
// it: "Hugh Sinclair KC", "Sir John Smith MP".
func isPostNominal(w string) bool {
	switch w {
	case "kc", "qc", "sc", "mp", "msp", "mep", "mbe", "obe", "cbe", "kbe", "dbe", "frs",
		"phd", "md", "esq", "jr", "sr", "ii", "iii", "iv", "rn", "cpa", "mla", "td":
		return true
	}
	return false
}

// profession reports nouns for what a person does that news style may
// write before a name, capitalised at the start of a sentence
// ("Economist Jane Doe said", "Forecaster Jean-Luc Moreau said"). Unlike
// roleNoun it leaves out words that are also common names ("Fan", "Head",
// "Guard").
func profession(w string) bool {
	switch w {
	case "economist", "economists", "forecaster", "forecasters", "meteorologist",
		"meteorologists", "analyst", "analysts", "strategist", "historian", "scientist",
		"researcher", "lawyer", "attorney", "barrister", "solicitor", "activist", "author",
		"novelist", "writer", "journalist", "photographer", "architect", "engineer", "designer",
		"surgeon", "nurse", "midwife", "pharmacist", "physician", "epidemiologist", "virologist",
		"glaciologist", "climatologist", "seismologist", "volcanologist", "geologist",
		"biologist", "ecologist", "physicist", "chemist", "astronomer", "astrophysicist",
		"neurologist", "psychologist", "psychiatrist", "sociologist", "demographer",
		"oceanographer", "hydrologist", "pediatrician", "paediatrician", "cardiologist",
		"oncologist", "pollster", "consultant", "entrepreneur", "investor", "farmer",
		"fisherman", "rancher", "chef", "teacher", "manager", "goalkeeper", "striker",
		"midfielder", "defender", "winger", "referee", "umpire", "jockey", "trainer", "pilot",
		"firefighter", "paramedic", "prosecutor", "filmmaker", "actor",
		"actress", "singer", "musician", "composer", "artist", "poet", "playwright", "comedian",
		"broadcaster", "presenter", "commentator", "columnist", "editor", "publisher",
		"philanthropist", "billionaire", "businessman", "businesswoman", "tycoon", "banker",
		"trader", "lobbyist", "campaigner", "organiser", "organizer", "negotiator",
		"diplomat", "lawmaker", "legislator", "candidate", "nominee", "challenger",
		"incumbent", "veteran", "runner", "cyclist", "swimmer", "sprinter", "skier", "climber",
		"boxer", "golfer", "batsman", "bowler", "wicketkeeper", "midwives", "nurses",
		"doctors", "scientists", "researchers", "lawyers", "activists", "farmers", "teachers",
		"principal", "headteacher", "provost", "curator", "librarian", "archivist",
		"rescuer", "volunteer", "chaplain", "vicar", "cleric", "imam", "rabbi", "priest",
		"student", "pupil", "graduate", "retiree", "pensioner", "grandmother", "grandfather",
		"widow", "widower", "resident", "shopkeeper", "grower", "winemaker",
		"bartender", "waiter", "waitress", "cleaner", "janitor", "mechanic",
		"electrician", "plumber", "welder", "labourer", "laborer", "steelworker",
		"dockworker", "miner", "trucker", "landlord", "landowner", "homeowner", "tenant",
		"renter", "coordinator", "inspector", "investigator", "planner", "developer",
		"accountant", "auditor", "supervisor", "technician",
		"paralegal", "cashier", "courier", "driver", "skipper", "captain", "sailor",
		"astronaut", "specialist", "expert", "adviser", "advisor", "official", "spokesman",
		"spokeswoman", "spokesperson", "director", "professor", "lecturer", "scholar",
		"dentist", "veterinarian", "optometrist", "therapist", "counsellor", "counselor",
		"nutritionist", "dietitian", "geographer", "anthropologist", "archaeologist",
		"linguist", "philosopher", "theologian", "statistician", "mathematician",
		"cartographer", "surveyor", "translator",
		"interpreter", "organist", "conductor", "dancer", "choreographer", "sculptor",
		"illustrator", "cartoonist", "blogger", "podcaster", "influencer",
		"youtuber", "streamer", "reporter", "correspondent":
		return true
	}
	return false
}

// descriptionNoun reports nouns that, after "the", refer back to a person
// just named although they are no title: "the striker said", "the
// Spaniard said", "the 23-year-old said".
func descriptionNoun(w string) bool {
	if strings.HasSuffix(w, "-year-old") {
		return true
	}
	switch w {
	case "striker", "goalkeeper", "keeper", "midfielder", "defender", "winger", "forward",
		"veteran", "champion", "runner", "cyclist", "swimmer", "sprinter", "skier", "boxer",
		"golfer", "batsman", "bowler", "skipper", "rookie", "debutant", "winner", "runner-up",
		"favourite", "favorite", "challenger", "incumbent", "nominee", "actor", "actress",
		"singer", "novelist", "author", "writer", "director", "filmmaker", "artist", "poet",
		"economist", "analyst", "scientist", "researcher", "lawyer", "barrister", "forecaster",
		"meteorologist", "engineer", "farmer", "grower", "father", "mother",
		"grandmother", "grandfather", "widow", "widower", "retiree", "pensioner", "teacher",
		"principal", "surgeon", "doctor", "physician", "nurse", "pilot", "captain",
		"billionaire", "tycoon", "entrepreneur", "businessman", "businesswoman", "investor",
		"activist", "campaigner", "diplomat", "envoy", "negotiator", "lawmaker", "legislator",
		"senator", "congressman", "congresswoman", "councilmember", "councilwoman", "councilman",
		"candidate", "judge", "justice", "magistrate", "prosecutor", "attorney", "detective",
		"inspector", "officer", "sheriff", "commissioner":
		return true
	}
	return demonym(w)
}

// demonym reports nouns for a person of a nation or region: "the
// Spaniard said". Lower case, as every word list here.
func demonym(w string) bool {
	switch w {
	case "spaniard", "brazilian", "argentine", "argentinian", "german", "frenchman",
		"frenchwoman", "italian", "dutchman", "dutchwoman", "englishman", "englishwoman",
		"scot", "scotsman", "scotswoman", "welshman", "welshwoman", "irishman", "irishwoman",
		"american", "canadian", "mexican", "australian", "kenyan", "ethiopian", "nigerian",
		"ghanaian", "senegalese", "cameroonian", "ivorian", "south african", "egyptian",
		"moroccan", "algerian", "tunisian", "norwegian", "swede", "dane", "finn", "icelander",
		"pole", "russian", "ukrainian", "belarusian", "czech", "slovak", "hungarian",
		"romanian", "bulgarian", "serb", "croat", "croatian", "bosnian", "slovenian", "greek",
		"turk", "portuguese", "belgian", "swiss", "austrian", "indian", "pakistani",
		"bangladeshi", "sri lankan", "nepali", "afghan", "iranian", "iraqi", "syrian",
		"lebanese", "israeli", "palestinian", "jordanian", "saudi", "emirati", "qatari",
		"chinese", "japanese", "korean", "vietnamese", "thai", "filipino", "filipina",
		"indonesian", "malaysian", "singaporean", "colombian", "chilean", "peruvian",
		"uruguayan", "paraguayan", "venezuelan", "ecuadorian", "bolivian", "cuban",
		"jamaican", "haitian", "dominican", "new zealander", "kiwi", "aussie", "briton",
		"georgian", "armenian", "kazakh", "uzbek", "mongolian", "ugandan", "tanzanian",
		"rwandan", "zimbabwean", "zambian", "sudanese", "somali", "eritrean", "latvian",
		"lithuanian", "estonian", "luxembourger", "maltese", "cypriot", "albanian",
		"macedonian", "montenegrin", "kosovar", "moldovan", "azerbaijani", "tajik", "kyrgyz",
		"turkmen", "burmese", "cambodian", "laotian", "taiwanese", "tongan", "samoan", "fijian":
		return true
	}
	return false
}

// isHonorific reports titles that say nothing of a person's role.
func isHonorific(w string) bool {
	switch w {
	case "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "sir", "dame", "mme", "mlle":
		return true
	}
	return false
}

// titleGender returns 'm' or 'f' for a gendered title, 0 otherwise.
func titleGender(w string) byte {
	switch w {
	case "mr", "sir", "lord", "king", "prince", "father", "fr", "sheikh", "emir", "sultan",
		"pope", "cardinal", "bishop", "archbishop", "congressman", "chairman":
		return 'm'
	case "mrs", "ms", "miss", "dame", "lady", "queen", "princess", "congresswoman",
		"chairwoman", "mme", "mlle":
		return 'f'
	}
	return 0
}

// roleNoun reports nouns for people, as in "a senior official said" or
// "union leader Tomás Ferreira".
func roleNoun(w string) bool {
	switch w {
	case "official", "officials", "spokesperson", "spokespeople", "spokesman", "spokesmen",
		"spokeswoman", "spokeswomen", "source", "sources", "analyst", "analysts", "expert",
		"experts", "diplomat", "diplomats", "aide", "aides", "adviser", "advisers", "advisor",
		"advisors", "person", "persons", "people", "resident", "residents", "critic", "critics",
		"observer", "observers", "witness", "witnesses", "lawmaker", "lawmakers", "legislator",
		"legislators", "minister", "ministers", "lawyer", "lawyers", "attorney", "attorneys",
		"scientist", "scientists", "researcher", "researchers", "economist", "economists",
		"activist", "activists", "worker", "workers", "employee", "employees", "executive",
		"executives", "insider", "insiders", "leader", "leaders", "negotiator", "negotiators",
		"commander", "commanders", "officer", "officers", "investigator", "investigators",
		"prosecutor", "prosecutors", "doctor", "doctors", "physician", "physicians", "nurse",
		"nurses", "engineer", "engineers", "teacher", "teachers", "man", "men", "woman", "women",
		"someone", "somebody", "student", "students", "farmer", "farmers", "miner", "miners",
		"staffer", "staffers", "staff", "advocate", "advocates", "supporter", "supporters",
		"opponent", "opponents", "colleague", "colleagues", "friend", "friends", "relative",
		"relatives", "neighbour", "neighbours", "neighbor", "neighbors", "president",
		"presidents", "mayor", "governor", "professor", "professors", "academic", "academics",
		"strategist", "strategists", "banker", "bankers", "trader", "traders", "investor",
		"investors", "manager", "managers", "director", "directors", "chairman", "chairwoman",
		"chief", "coordinator", "rescuer", "rescuers", "soldier", "soldiers", "envoy", "envoys",
		"ambassador", "delegate", "delegates", "campaigner", "campaigners", "organiser",
		"organizer", "organisers", "organizers", "historian", "historians", "specialist",
		"specialists", "consultant", "consultants", "correspondent", "journalist", "journalists",
		"reporter", "reporters", "editor", "editors", "commentator", "commentators", "voter",
		"voters", "citizen", "citizens", "villager", "villagers", "parent", "parents", "mother",
		"mothers", "father", "fathers", "wife", "husband", "son", "daughter", "survivor",
		"survivors", "victim", "victims", "patient", "patients", "prince", "princess", "king",
		"queen", "judge", "judges", "councillor", "councillors", "councilor", "secretary",
		"representative", "representatives", "mediator", "mediators", "others", "premier",
		"chancellor", "senator", "senators", "glaciologist", "epidemiologist", "hydrologist",
		"scholar", "scholars", "pilot", "pilots", "driver", "drivers", "owner", "owners",
		"founder", "boss", "ceo", "chair", "head", "deputy", "candidate",
		"candidates", "protester", "protesters", "demonstrators", "eyewitness", "eyewitnesses",
		"agent", "agents", "insurgent", "insurgents", "guard", "guards", "customer",
		"customers", "client", "clients", "shopper", "shoppers", "passenger", "passengers",
		"fan", "fans", "regular", "regulars", "user", "users", "tenant", "tenants",
		"homeowner", "homeowners", "local", "locals", "visitor", "visitors", "guest", "guests",
		"participant", "participants", "spectator", "spectators", "reader", "readers",
		"viewer", "viewers", "caller", "callers", "member", "members", "player", "players",
		"coach", "captain", "referee", "host", "speaker", "lecturer", "priest",
		"pastor", "monk", "nun", "landlord", "landlords", "entrepreneur",
		"businessman", "businesswoman", "politician", "politicians", "mp", "mps", "councilmember",
		"councilmembers", "forecaster", "meteorologist", "striker", "goalkeeper", "midfielder",
		"defender", "grower", "growers", "dealer", "dealers", "cleaner", "cleaners", "co-leader",
		"co-founder", "cofounder", "chieftain", "elder", "elders", "teenager", "teenagers",
		"grandmother", "grandfather", "grandparent", "grandparents", "widow", "volunteer",
		"volunteers", "retiree", "retirees", "pensioner", "pensioners", "commuter", "commuters",
		"rider", "riders", "motorist", "motorists", "cyclist", "cyclists", "runner", "runners",
		"athlete", "athletes", "fisherman", "fishermen", "merchant", "merchants", "shopkeeper",
		"shopkeepers", "inspector", "inspectors", "firefighter", "firefighters", "paramedic",
		"paramedics", "coroner", "magistrate", "sheriff", "deputies", "trooper", "troopers",
		"chaplain", "cleric", "clerics", "bishop", "rabbi", "imam", "nominee", "incumbent",
		"challenger", "lobbyist", "lobbyists", "pollster", "pollsters", "trustee", "trustees",
		"steward", "stewards", "mourner", "mourners",
		"caregiver", "caregivers", "carer", "carers", "midwife", "midwives", "surgeon", "surgeons",
		"pharmacist", "pharmacists", "dentist", "dentists", "therapist", "therapists",
		"councilwoman", "councilman", "assemblyman", "assemblywoman", "fellow", "fellows",
		"counsel", "solicitor", "solicitors", "barrister", "barristers", "notary", "clerk",
		"principal", "superintendent", "treasurer", "registrar", "ombudsman", "administrator",
		"administrators", "commissioner", "commissioners", "regulator", "regulators", "provost",
		"dean", "instructor", "tutor", "coaches", "heads", "partner", "partners", "associate",
		"associates", "vice-president", "vice-chair", "chairperson", "co-chair",
		"secretary-general", "president-elect", "director-general", "undersecretary", "consul",
		"mayor-elect", "governor-elect", "minister-president":
		return true
	}
	return profession(w)
}

// personNoun reports lower-case nouns for people: the role nouns, and
// words whose ending makes them one ("endocrinologist", "pediatrician",
// "auctioneer", "fisherman"), so that a role outside the lists still shows
// a person. It does not take words in -er or -or ("lender", "operator"),
// which name companies as often.
func personNoun(w string) bool {
	if roleNoun(w) {
		return true
	}
	if len(w) < 6 {
		return false
	}
	switch w {
	case "assist", "resist", "insist", "persist", "consist", "desist", "subsist", "enlist",
		"career", "careers", "veneer", "median", "meridian", "amphibian", "utopian", "human",
		"humans", "german", "roman", "ottoman", "caiman", "shaman", "talisman", "doberman",
		"exist", "whilst", "amidst", "checklist", "playlist", "wishlist", "shortlist", "twist":
		return false
	}
	for _, suf := range []string{"ist", "ists", "ian", "ians", "eer", "eers", "man", "men", "person", "people"} {
		if strings.HasSuffix(w, suf) {
			return true
		}
	}
	return false
}

// pluralPerson reports role nouns that are plural without ending in s.
func pluralPerson(w string) bool {
	switch w {
	case "people", "men", "women", "staff", "police", "others", "spokespeople":
		return true
	}
	return false
}

// rankTitle reports roles that usually refer back to the named person who
// holds them ("the minister said", "the Commission president said").
func rankTitle(w string) bool {
	switch w {
	case "president", "minister", "premier", "chancellor", "mayor", "governor", "leader",
		"prince", "princess", "king", "queen", "chairman", "chairwoman", "chair", "ceo",
		"executive", "chief", "professor", "secretary", "ambassador", "envoy", "senator",
		"councillor", "councilor", "coach", "director", "founder", "boss", "commissioner",
		"judge", "justice", "magistrate", "councilmember", "councilwoman", "councilman",
		"congressman", "congresswoman", "representative", "sheriff", "bishop", "archbishop",
		"cardinal", "pope", "general", "admiral", "colonel", "commander", "manager", "captain":
		return true
	}
	return false
}

// familyFirst reports common Chinese, Korean and Vietnamese family names,
// folded: written first, they are what a later mention keeps ("Xie said"
// after "Xie Lanping", "Mr. Kim" after "Kim Min-jun").
func familyFirst(w string) bool {
	switch w {
	case "li", "wang", "zhang", "liu", "chen", "yang", "huang", "zhao", "wu", "zhou", "xu", "sun",
		"ma", "zhu", "hu", "guo", "he", "gao", "lin", "luo", "zheng", "liang", "xie", "song", "tang",
		"han", "feng", "deng", "cao", "peng", "zeng", "xiao", "tian", "dong", "yuan", "pan", "yu",
		"jiang", "cai", "du", "ye", "cheng", "wei", "su", "lu", "ding", "ren", "shen", "yao", "jin",
		"zhong", "tan", "lam", "wong", "chan", "leung", "cheung", "ho", "ng", "lau", "lee", "yip",
		"tse", "chow", "kwok", "fung", "chiu", "tsang", "lo", "fan", "qian", "qin", "xi", "bai",
		"kong", "mao", "fu", "shi", "wen", "fang", "kim", "park", "choi", "jung", "jeong", "kang",
		"cho", "jo", "yoon", "yun", "jang", "lim", "im", "oh", "seo", "shin", "kwon", "hwang", "ahn",
		"yoo", "hong", "jeon", "ko", "moon", "son", "bae", "baek", "heo", "nam", "noh", "ha", "kwak",
		"sung", "cha", "joo", "woo", "min", "ryu", "na", "chun", "um", "nguyen", "tran", "le", "pham",
		"hoang", "huynh", "phan", "vu", "vo", "dang", "bui", "do", "ngo", "duong", "ly", "trinh",
		"dinh", "lai", "mai", "truong", "quach":
		return true
	}
	return false
}
