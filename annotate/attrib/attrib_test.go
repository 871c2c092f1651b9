package attrib

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"marginalia/annotate"
)

// fixture is the shared real-world article the issue names.
const fixture = "../../../shared/fixtures/articles/kim-jong-un-shock-troops.txt"

// attribCase is a passage of an article and who said it ("" when nobody
// named did: an unnamed source, an organisation, or the reporter).
type attribCase struct {
	passage string // found with strings.Index; must be unique in the article
	want    string
}

// article is a test article with the people Detect must list and the
// attributions Suggest must make.
type article struct {
	path    string
	heldout int // 0: written with the rules; 1 to 4: written after them, to measure how they generalise
	people  []string
	cases   []attribCase
}

func articles() []article {
	return []article{
		{
			path:   fixture,
			people: []string{"Kim Jong Un", "Hong Min", "Hwang Ildo"},
			cases: []attribCase{
				// Every quotation.
				{"shock troops", "Kim Jong Un"},
				{"The United States and its allies are leveraging Ukraine as a testing ground to expand their military interventions globally and increase their combat readiness", "Kim Jong Un"},
				{"provocation", "Kim Jong Un"},
				{"Kim is likely keeping in mind the possibility of further deployments to support Russia’s war in Ukraine.", "Hong Min"},
				{"This arrangement is mutually beneficial—Russia gains manpower, and North Korea gets access to valuable technology.", "Hong Min"},
				{"without limit", "Kim Jong Un"},
				{"U.S.-led threats.", "Kim Jong Un"},
				{"Asian NATO", "Kim Jong Un"},
				{"Kim’s aggressive rhetoric and military advancements highlight his strategic pivot toward aligning with Russia and China against the West", "Hwang Ildo"},
				{"This represents a new Cold War dynamic, with North Korea seeking to maximize its leverage on the global stage.", "Hwang Ildo"},
				{"Kim is framing the Ukraine war as part of a larger strategy by the U.S. to dominate global affairs", "Hong Min"},
				{"This messaging serves both to justify his own actions and to align North Korea more closely with Russia.", "Hong Min"},
				{"Any return to summit-driven diplomacy is unlikely in the short term", "Hwang Ildo"},
				{"The North Korean nuclear issue is now deeply intertwined with Russia’s war in Ukraine and the broader realignment of global powers.", "Hwang Ildo"},
				// Paraphrased claims.
				{"a strategy he claims risks igniting a global conflict", "Kim Jong Un"},
				{"the ongoing conflict in Ukraine serves as a vehicle for the West to enhance its military reach", "Kim Jong Un"},
				{"they are pushing the world toward the brink of war", "Kim Jong Un"},
				{"an attempt to militarize the Asia-Pacific region", "Kim Jong Un"},
				{"the United States is using the conflict as a proxy war to expand its influence", "Kim Jong Un"},
				{"Kim is eager to exchange troop support for advanced Russian technology", ""},
				{"this could significantly enhance Pyongyang’s nuclear weapons program", ""},
				{"the geopolitical landscape has changed significantly", ""},
				{"The rapid advancement of its nuclear program has become a central concern", ""},
			},
		},
		{
			path:   "testdata/lisbon-dock-strike.txt",
			people: []string{"Tomás Ferreira", "Inês Carvalho"},
			cases: []attribCase{
				{"Dockworkers at the port of Lisbon will extend their strike into a third week", ""},
				{"We came to the table in good faith and we were offered nothing", "Tomás Ferreira"},
				{"Our members will not return until the night-shift cuts are withdrawn.", "Tomás Ferreira"},
				{"the union had proposed a phased schedule", "Tomás Ferreira"},
				{"the offer was rejected within an hour", "Tomás Ferreira"},
				{"the government remained open to dialogue but would not reverse the cuts", "Inês Carvalho"},
				{"The port has to compete with Valencia and Rotterdam", "Inês Carvalho"},
				{"contingency plans were in place to move perishable goods", ""},
				{"more than forty container ships were waiting offshore", ""},
				{"the backlog would take at least a month to clear", ""},
				{"Even if they walked back in tomorrow, we would be unloading Christmas stock in February", ""},
				{"cork and wine shipments worth an estimated 60 million euros have been delayed", ""},
				{"the dispute could push some carriers to divert permanently to Spanish ports", ""},
				{"The jobs are already being cut", "Tomás Ferreira"},
				{"We are only choosing whether to accept it quietly.", "Tomás Ferreira"},
			},
		},
		{
			path:   "testdata/andes-glaciers.txt",
			people: []string{"Ana Lucía Peña", "José Álvarez", "Rodrigo Vial"},
			cases: []attribCase{
				{"Glaciers in the central Andes lost nearly a fifth of their ice", ""},
				{"the results should worry anyone who depends on the rivers", "Ana Lucía Peña"},
				{"We expected a decline, but not at this speed", "Ana Lucía Peña"},
				{"Some of the smaller glaciers we measured in 2005 simply no longer exist.", "Ana Lucía Peña"},
				{"was slowed by the pandemic and by a lack of funding", "Ana Lucía Peña"},
				{"When my father farmed this land, the river flooded every spring.", "José Álvarez"},
				{"We have dug two new wells in five years.", "José Álvarez"},
				{"several neighbours have already sold their land to property developers", "José Álvarez"},
				{"it would announce new water-sharing rules before the end of the year", ""},
				{"the rules would give priority to drinking water over irrigation", ""},
				{"year-to-year variation makes short records unreliable", "Rodrigo Vial"},
				{"Twenty years is a blink for a glacier", "Rodrigo Vial"},
				{"the trend appears in every basin her team studied", "Ana Lucía Peña"},
			},
		},
		{
			path:   "testdata/gulf-hydrogen-summit.txt",
			people: []string{"Ursula von der Leyen", "Mohammed bin Salman", "Søren Holm"},
			cases: []attribCase{
				{"We will not be rushed into a bad agreement", "Ursula von der Leyen"},
				{"but we will not wait another year either.", "Ursula von der Leyen"},
				{"negotiators had been given until March to settle the remaining questions", "Ursula von der Leyen"},
				{"The kingdom is ready to build the plants today", "Mohammed bin Salman"},
				{"What we need from Europe is a buyer who will still be there in ten years.", "Mohammed bin Salman"},
				{"warned against locking in prices too early", "Søren Holm"},
				{"his country would not support any deal that left taxpayers carrying the risk", "Søren Holm"},
				{"the guarantees would be limited and temporary", "Ursula von der Leyen"},
				{"the Gulf states had already made concessions", "Mohammed bin Salman"},
				{"the crown prince had pressed for a fixed price", ""},
				{"That was never going to fly in Copenhagen", ""},
				{"a joint working group would meet in Riyadh next month", ""},
				{"the group will also examine shipping routes through the Suez Canal", ""},
				{"Everything can collapse", "Ursula von der Leyen"},
				{"That is why we keep talking.", "Ursula von der Leyen"},
			},
		},
		{
			path:   "testdata/malaria-vaccine-trial.txt",
			people: []string{"Kwame Osei", "Ingrid Larsen", "Abena Mensah"},
			cases: []attribCase{
				{"A new malaria vaccine cut severe cases among young children by almost two-thirds", ""},
				{"the best news we have had in this field for twenty years.", "Kwame Osei"},
				{"the vaccine needs four doses and a cold chain that many rural clinics lack", "Kwame Osei"},
				{"A vaccine that sits in a warehouse saves nobody", "Kwame Osei"},
				{"The hard part starts now.", "Kwame Osei"},
				{"the size of the trial made the findings unusually convincing", "Ingrid Larsen"},
				{"earlier vaccines had lost much of their protection after the first year", "Ingrid Larsen"},
				{"If this one holds up in year two, it changes the arithmetic for every health ministry in the region", "Ingrid Larsen"},
				{"it would review the data at its October meeting", ""},
				{"no timetable for approval had been set", ""},
				{"the manufacturer has offered to sell the vaccine at cost to low-income countries", ""},
				{"mothers had walked for hours to bring their children to each appointment", "Abena Mensah"},
				{"They are the reason this worked", "Abena Mensah"},
			},
		},
		{
			path:   "testdata/council-bus-fares.txt",
			people: []string{"Rosa Delgado", "Ahmed Nasser", "Wei Zhang"},
			cases: []attribCase{
				{"a win for every family that takes the bus to work.", "Rosa Delgado"},
				{"the fare freeze would be paid for by delaying two road projects", "Rosa Delgado"},
				{"the numbers did not add up", "Ahmed Nasser"},
				{"You cannot freeze fares, hire two hundred drivers and cut the transit subsidy in the same year", "Ahmed Nasser"},
				{"Somebody is going to be very surprised in March.", "Ahmed Nasser"},
				{"the usual arithmetic of people who never ride the bus.", "Rosa Delgado"},
				{"the council would be forced to revisit the plan by the spring", "Ahmed Nasser"},
				{"Has the mayor read her own transit report?", "Ahmed Nasser"},
				{"she had written most of it", "Rosa Delgado"},
				{"Both of them are partly right", "Wei Zhang"},
				{"and that is what worries me.", "Wei Zhang"},
				{"the committee would publish a quarterly review of transit spending", "Wei Zhang"},
				{"the meeting was the longest in a decade", ""},
				{"the budget takes effect on July 1", ""},
				{"the freeze would help low-income riders", ""},
			},
		},
		{
			path:   "testdata/potosi-mine-rescue.txt",
			people: []string{"Luis Ortega", "Mario Quispe", "Kim Min-jun", "Rosa Mamani"},
			cases: []attribCase{
				{"Rescue teams on Saturday reached eleven miners", ""},
				{"We heard them knocking on the pipe at four in the morning", "Luis Ortega"},
				{"the men had survived by rationing two bottles of water", "Luis Ortega"},
				{"The ceiling came down behind us like a curtain.", "Mario Quispe"},
				{"the group had stayed calm by taking turns to sleep", "Mario Quispe"},
				{"the company would pay for the miners’ medical care", "Kim Min-jun"},
				{"Nothing will be dug here until we know why this happened", "Kim Min-jun"},
				{"engineers recommended closing the lower levels", ""},
				{"no record of any such recommendation.", ""},
				{"I never stopped believing", "Rosa Mamani"},
			},
		},
		{
			path:   "testdata/copenhagen-rates.txt",
			people: []string{"Søren Kjær", "Amara Nwosu", "Chen Jing"},
			cases: []attribCase{
				{"house prices in Copenhagen had risen faster than incomes", ""},
				{"We are not yet worried, but we are paying close attention.", "Søren Kjær"},
				{"A correction is not our forecast, but it is no longer a remote possibility.", "Søren Kjær"},
				{"as solid as it has ever been.", "Søren Kjær"},
				{"The bank is behind the curve.", "Amara Nwosu"},
				{"every month of cheap money makes the eventual adjustment more painful.", "Amara Nwosu"},
				{"If they wait until the summer, they will be raising rates into a slowdown", "Amara Nwosu"},
				{"Danish households held large pension savings", "Chen Jing"},
				{"People look at the debt and forget the assets", "Chen Jing"},
				{"Danish house prices were overvalued by about 15 percent", ""},
				{"it expected inflation to return to 2 percent", ""},
			},
		},
		// Batches 1 to 4 were written after the rules, one batch at a time,
		// and measured before the rules were corrected for their misses.
		// First runs (Suggest precision, recall; Detect precision, recall):
		//   batch 1: 0.867 (26/30), 0.839 (26/31); 0.909, 0.909
		//   batch 2: 1.000 (22/22), 0.846 (22/26); 1.000, 0.800
		//   batch 3: 0.947 (18/19), 0.818 (18/22); 1.000, 0.875
		//   batch 4: 1.000 (13/13), 0.929 (13/14); 1.000, 1.000
		// Those are the better estimate of accuracy on unseen articles.
		{
			path:    "testdata/heldout-wildfire.txt",
			heldout: 1,
			people:  []string{"Grace Okafor", "Pavel Novák", "Mairi Campbell", "Euan Reid"},
			cases: []attribCase{
				{"Around 4,000 residents were ordered to leave their homes", ""},
				{"crews had been fighting the blaze for thirty hours", "Grace Okafor"},
				{"The wind turned on us just after noon", "Grace Okafor"},
				{"Nobody should be going back until we say so.", "Grace Okafor"},
				{"two firefighters had been treated for smoke inhalation", "Grace Okafor"},
				{"gusts of up to 50 mph were expected overnight", ""},
				{"he had packed his car in ten minutes", "Pavel Novák"},
				{"You grab the passports and the dog and you go", "Pavel Novák"},
				{"I looked back once and the hill was orange.", "Pavel Novák"},
				{"failing to clear the firebreaks", "Mairi Campbell"},
				{"We were told this would never happen again", "Mairi Campbell"},
				{"Somebody has to answer for that.", "Mairi Campbell"},
				{"the firebreak work had been delayed by a shortage of contractors", ""},
				{"wildfires in the Highlands are becoming more frequent", ""},
				{"the area burned in Scotland had tripled in a decade", "Euan Reid"},
				{"This is not a freak event", "Euan Reid"},
				{"It is what the next twenty years look like.", "Euan Reid"},
			},
		},
		{
			path:    "testdata/heldout-earnings.txt",
			heldout: 1,
			people:  []string{"Priya Raman", "Marcus Feld", "Elena Petrova"},
			cases: []attribCase{
				{"the software maker reported its slowest quarterly growth", ""},
				{"sales in the cloud division grew only 11 percent", ""},
				{"large customers had delayed new contracts", "Priya Raman"},
				{"We are seeing longer sales cycles, not lost deals", "Priya Raman"},
				{"Every customer we spoke to this quarter is still planning", "Priya Raman"},
				{"the company would cut about 1,200 jobs", "Priya Raman"},
				{"the company expected growth to recover in the second half", "Marcus Feld"},
				{"The balance sheet has never been stronger", "Marcus Feld"},
				{"the slowdown looked structural rather than temporary", "Elena Petrova"},
				{"Customers are consolidating vendors", "Elena Petrova"},
				{"analysts had expected cloud growth of 14 percent", ""},
				{"it was also exploring a sale of its consulting arm", ""},
			},
		},
		{
			path:    "testdata/heldout-election.txt",
			heldout: 1,
			people:  []string{"María Gonzalez-Ruiz", "Frank DeLuca", "Josh Lee", "Tom Becker"},
			cases: []attribCase{
				{"defeating businessman Frank DeLuca by fewer than 20,000 votes", ""},
				{"Tonight Arizona chose to look forward", "María Gonzalez-Ruiz"},
				{"I will work for every one of you", "María Gonzalez-Ruiz"},
				{"he had called Gonzalez-Ruiz to congratulate her", "Frank DeLuca"},
				{"The voters have spoken and I accept their decision", "Frank DeLuca"},
				{"Turnout was the highest for a midterm election", ""},
				{"the Gonzalez-Ruiz campaign had knocked on more than a million doors", "Josh Lee"},
				{"the result would narrow the Republican majority", ""},
				{"This was the race both parties circled a year ago", "Tom Becker"},
				{"Her margin in the suburbs is the story.", "Tom Becker"},
				{"DeLuca had struggled to win over moderate voters", "Tom Becker"},
				{"water would come first", "María Gonzalez-Ruiz"},
				{"If we do not fix the Colorado River deal", "María Gonzalez-Ruiz"},
			},
		},
		{
			path:    "testdata/heldout2-trial.txt",
			heldout: 2,
			people:  []string{"Helen Ashby", "Sam O'Brien", "Margaret Ellison", "Luca Romano"},
			cases: []attribCase{
				{"Luca Romano had used a network of shell companies", ""},
				{"This was not a mistake, and it was not bad luck", "Helen Ashby"},
				{"It was a plan, carried out over six years", "Helen Ashby"},
				{"the jury had seen emails in which Romano discussed moving money", "Helen Ashby"},
				{"two of his former employees had testified against him", "Helen Ashby"},
				{"the prosecution had relied on documents it did not understand", "Sam O'Brien"},
				{"My client signed what his accountants put in front of him", "Sam O'Brien"},
				{"That may be careless. It is not a crime.", "Sam O'Brien"},
				{"the harbour authority had never complained about the missing money", "Sam O'Brien"},
				{"it had cooperated fully with the investigation", ""},
				{"its members expected to recover only a fraction of the money", ""},
				{"she would give them legal directions on Monday", "Margaret Ellison"},
			},
		},
		{
			path:    "testdata/heldout2-probe.txt",
			heldout: 2,
			people:  []string{"Aisha Bello", "Josef Brandt", "Tomasz Wiśniewski"},
			cases: []attribCase{
				{"The Aurora probe has sent back the first close-up images", ""},
				{"For the first time we can see the ridges at the scale of a city block", "Aisha Bello"},
				{"Some of them look fresh.", "Aisha Bello"},
				{"the team would spend the next month deciding", "Aisha Bello"},
				{"the instruments were working better than expected", "Aisha Bello"},
				{"Europe has reached the outer solar system.", "Josef Brandt"},
				{"fresh ridges did not prove that water was reaching the surface", "Tomasz Wiśniewski"},
				{"We have been surprised by Europa before", "Tomasz Wiśniewski"},
				{"I would wait for the radar.", "Tomasz Wiśniewski"},
				{"its engineers were analysing the data", ""},
				{"the probe would make its next close pass in March", ""},
			},
		},
		{
			path:    "testdata/heldout2-doctors.txt",
			heldout: 2,
			people:  []string{"Nkechi Obi", "Alan Moore", "Rachel Kemp"},
			cases: []attribCase{
				{"Junior doctors in England will stage a five-day walkout next month", ""},
				{"members had voted by 89 percent to continue their action", "Nkechi Obi"},
				{"Nobody goes into medicine wanting to strike", "Nkechi Obi"},
				{"But we have lost a quarter of our pay in real terms", "Nkechi Obi"},
				{"Every month another thousand doctors register to work abroad.", "Nkechi Obi"},
				{"fair and final.", "Alan Moore"},
				{"the strikes would set back efforts to cut waiting lists", "Alan Moore"},
				{"ministers were privately considering a new offer on training costs", ""},
				{"people with cancer were bearing the brunt of the disruption", "Rachel Kemp"},
				{"They cannot wait for a political argument to run its course", "Rachel Kemp"},
				{"any day of the week.", "Nkechi Obi"},
				{"it would not comment further", ""},
			},
		},
		{
			path:    "testdata/heldout3-football.txt",
			heldout: 3,
			people:  []string{"Erik van Dijkstra", "Theo Lindqvist", "Paulo Serra"},
			cases: []attribCase{
				{"Theo Lindqvist scored twice in the second half", ""},
				{"We were poor, really poor, for forty minutes", "Erik van Dijkstra"},
				{"At half-time I told them nobody would remember the first half", "Erik van Dijkstra"},
				{"he had considered making three substitutions at the break", "Erik van Dijkstra"},
				{"I have dreamed about this since I was a kid", "Theo Lindqvist"},
				{"He is not here any more, so this one is for him.", "Theo Lindqvist"},
				{"Lindqvist had pushed a defender before he jumped", "Paulo Serra"},
				{"Everybody in the stadium saw it except one man", "Paulo Serra"},
				{"more than 40,000 supporters have already asked for tickets", ""},
			},
		},
		{
			path:    "testdata/heldout3-parliament.txt",
			heldout: 3,
			people:  []string{"Clare Whitby", "Grant Hollis", "Ruth Ngata"},
			cases: []attribCase{
				{"it would deliver 250,000 new homes within four years", "Clare Whitby"},
				{"This is the biggest investment in social housing", "Clare Whitby"},
				{"the first construction contracts would be signed before Christmas", "Clare Whitby"},
				{"Half of these homes were already planned", "Grant Hollis"},
				{"They have simply put a new ribbon on an old box.", "Grant Hollis"},
				{"his party would support the bill only if it included stronger rules", "Grant Hollis"},
				{"construction costs have risen by a third since 2021", ""},
				{"ambitious but not impossible.", ""},
				{"the plan did too little for renters", ""},
				{"rents in Sydney had risen faster than wages", "Ruth Ngata"},
				{"Renters cannot wait four years", "Ruth Ngata"},
			},
		},
		{
			path:    "testdata/heldout3-restaurant.txt",
			heldout: 3,
			people:  []string{"Chiara Bellini", "Dale Morgan"},
			cases: []attribCase{
				{"closed its doors on Monday after failing a city health inspection", "Chiara Bellini"},
				{"the inspection had found problems with an old refrigerator", "Chiara Bellini"},
				{"It was — honestly — a disaster", "Chiara Bellini"},
				{"I never thought I would be the one to lock the door.", "Chiara Bellini"},
				{"inspectors found food stored at unsafe temperatures", ""},
				{"an imminent risk to public health.", "Dale Morgan"},
				{"the refrigerator had been repaired within hours", "Chiara Bellini"},
				{"she had eaten there every Friday for ten years", ""},
				{"It's not just a restaurant", ""},
				{"the restaurant could reopen once it passed a second inspection", ""},
				{"she hoped that would happen within a month", "Chiara Bellini"},
			},
		},
		{
			path:    "testdata/heldout4-fine.txt",
			heldout: 4,
			people:  []string{"Lise Dahl", "Rob Whitaker", "Ingrid Sørensen"},
			cases: []attribCase{
				{"The European Commission fined the technology group Orbital", ""},
				{"Orbital had abused its dominant position for almost a decade", "Lise Dahl"},
				{"For ten years, Orbital decided what millions of Europeans were allowed to know about prices", "Lise Dahl"},
				{"That ends today.", "Lise Dahl"},
				{"it would appeal", ""},
				{"ignores the facts and rewards a competitor that pays us nothing.", "Rob Whitaker"},
				{"the rules had helped keep the app store safe for children", "Rob Whitaker"},
				{"it came too late", ""},
				{"the Commission should have acted when the first complaints were filed in 2017", "Ingrid Sørensen"},
				{"A fine this size is a rounding error for a company like Orbital", "Ingrid Sørensen"},
				{"the Commission considered a higher penalty", ""},
			},
		},
		{
			path:    "testdata/heldout4-quake.txt",
			heldout: 4,
			people:  []string{"Ali Demir", "Fatma Yıldız", "Selin Kaya"},
			cases: []attribCase{
				{"the death toll from Monday's earthquake rose above 1,200", ""},
				{"more than 9,000 rescuers had been sent to the region", "Ali Demir"},
				{"Every aftershock can bring down a building that is still standing", "Ali Demir"},
				{"she had waited for eleven hours outside the ruins", "Fatma Yıldız"},
				{"We heard her voice on the first night", "Fatma Yıldız"},
				{"Since then, nothing.", "Fatma Yıldız"},
				{"We are still hearing voices", ""},
				{"struck at a depth of about ten kilometres", ""},
				{"many older buildings in the region had never been reinforced", "Selin Kaya"},
				{"stronger aftershocks were possible in the coming days", "Selin Kaya"},
				{"it would provide temporary housing for everyone left homeless", ""},
			},
		},
	}
}

// load reads an article as Marginalia stores it. ok is false when the
// shared fixture is not available.
func load(t testing.TB, path string) (string, bool) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		if path == fixture {
			return "", false
		}
		t.Fatal(err)
	}
	return annotate.NormalizeText(string(data)), true
}

// spanOf returns the rune span of passage in text.
func spanOf(t testing.TB, text, passage string) annotate.Span {
	t.Helper()
	i := strings.Index(text, passage)
	if i < 0 {
		t.Fatalf("passage %q not in the article", passage)
	}
	if strings.Contains(text[i+1:], passage) {
		t.Fatalf("passage %q is not unique in the article", passage)
	}
	start := annotate.RuneLen(text[:i])
	return annotate.Span{Start: start, End: start + annotate.RuneLen(passage)}
}

// score counts Suggest's outcomes.
type score struct {
	named, correct, wantNamed int // named suggestions, correct ones, cases with a named speaker
	anon, anonRight           int // cases with no speaker, and those left without one
}

func (s *score) add(o score) {
	s.named += o.named
	s.correct += o.correct
	s.wantNamed += o.wantNamed
	s.anon += o.anon
	s.anonRight += o.anonRight
}

func batchName(i int) string {
	return [...]string{"tuned articles", "held-out batch 1", "held-out batch 2", "held-out batch 3", "held-out batch 4"}[i]
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (s score) precision() float64 { return ratio(s.correct, s.named) }
func (s score) recall() float64    { return ratio(s.correct, s.wantNamed) }

// TestSuggestArticles measures Suggest over every passage of every test
// article. Each miss is logged; the test fails below the floors, and on
// any miss among the fixture's quotations.
func TestSuggestArticles(t *testing.T) {
	var total score
	var batch [5]score
	for _, art := range articles() {
		text, ok := load(t, art.path)
		if !ok {
			t.Logf("%s: not available, skipped", art.path)
			continue
		}
		a := Analyze(text)
		var sc score
		for _, c := range art.cases {
			got, ok := a.Suggest(spanOf(t, text, c.passage))
			if !ok {
				got = ""
			}
			switch {
			case c.want == "":
				sc.anon++
				if got == "" {
					sc.anonRight++
				}
			default:
				sc.wantNamed++
			}
			if got != "" {
				sc.named++
				if got == c.want {
					sc.correct++
				}
			}
			if got != c.want {
				msg := fmt.Sprintf("%s: Suggest(%.50q) got %q, want %q", filepath.Base(art.path), c.passage, got, c.want)
				if art.path == fixture && isQuotation(text, c.passage) {
					t.Error(msg) // the issue requires every quotation of the fixture
				} else {
					t.Log("miss: " + msg)
				}
			}
		}
		t.Logf("Suggest %-28s precision %.3f (%d/%d)  recall %.3f (%d/%d)  unnamed left unnamed %d/%d",
			filepath.Base(art.path), sc.precision(), sc.correct, sc.named, sc.recall(), sc.correct, sc.wantNamed, sc.anonRight, sc.anon)
		total.add(sc)
		batch[art.heldout].add(sc)
	}
	for i, b := range batch {
		t.Logf("Suggest %-28s precision %.3f (%d/%d)  recall %.3f (%d/%d)  unnamed left unnamed %d/%d", batchName(i),
			b.precision(), b.correct, b.named, b.recall(), b.correct, b.wantNamed, b.anonRight, b.anon)
	}
	t.Logf("Suggest overall                      precision %.3f (%d/%d)  recall %.3f (%d/%d)  unnamed left unnamed %d/%d",
		total.precision(), total.correct, total.named, total.recall(), total.correct, total.wantNamed, total.anonRight, total.anon)
	// The floors sit just under what the rules reach on these articles
	// (which they were tuned on), to catch regressions; the held-out
	// batches show what to expect on unseen text.
	const floorP, floorR = 0.95, 0.95
	if total.precision() < floorP || total.recall() < floorR {
		t.Errorf("Suggest precision %.3f, recall %.3f: want at least %.2f and %.2f", total.precision(), total.recall(), floorP, floorR)
	}
}

// TestDetectArticles measures Detect's people lists against the expected
// ones, and rejects organisations, places and authors outright.
func TestDetectArticles(t *testing.T) {
	var tp, got, want int
	var btp, bgot, bwant [5]int
	for _, art := range articles() {
		text, ok := load(t, art.path)
		if !ok {
			continue
		}
		people := Detect(text)
		var names []string
		for _, p := range people {
			names = append(names, p.Name)
		}
		hit := 0
		for _, n := range art.people {
			if slices.Contains(names, n) {
				hit++
			} else {
				t.Errorf("%s: Detect got %q, want it to include %q", filepath.Base(art.path), names, n)
			}
		}
		for _, n := range names {
			if !slices.Contains(art.people, n) {
				t.Logf("%s: extra person %q", filepath.Base(art.path), n)
			}
			if notAPerson(n) {
				t.Errorf("%s: Detect got %q, which is not a person", filepath.Base(art.path), n)
			}
		}
		if by := byline(text); by != "" && slices.Contains(names, by) {
			t.Errorf("%s: Detect got the unquoted author %q", filepath.Base(art.path), by)
		}
		t.Logf("Detect  %-28s precision %.3f (%d/%d)  recall %.3f (%d/%d)", filepath.Base(art.path),
			ratio(hit, len(names)), hit, len(names), ratio(hit, len(art.people)), hit, len(art.people))
		tp, got, want = tp+hit, got+len(names), want+len(art.people)
		b := art.heldout
		btp[b], bgot[b], bwant[b] = btp[b]+hit, bgot[b]+len(names), bwant[b]+len(art.people)
	}
	for b := range btp {
		t.Logf("Detect  %-28s precision %.3f (%d/%d)  recall %.3f (%d/%d)", batchName(b),
			ratio(btp[b], bgot[b]), btp[b], bgot[b], ratio(btp[b], bwant[b]), btp[b], bwant[b])
	}
	t.Logf("Detect  overall                      precision %.3f (%d/%d)  recall %.3f (%d/%d)", ratio(tp, got), tp, got, ratio(tp, want), tp, want)
	if ratio(tp, got) < 0.95 || ratio(tp, want) < 0.95 {
		t.Errorf("Detect precision %.3f, recall %.3f: want at least 0.95", ratio(tp, got), ratio(tp, want))
	}
}

// isQuotation reports whether passage is the whole of a quotation in text.
func isQuotation(text, passage string) bool {
	return strings.Contains(text, "“"+passage+"”") || strings.Contains(text, "“"+passage+",”") ||
		strings.Contains(text, "“"+passage) && strings.Contains(text, passage+"”")
}

func notAPerson(name string) bool {
	for _, bad := range []string{"Agency", "KCNA", "Institute", "Korea", "United States", "Pentagon",
		"Reuters", "Ministry", "Commission", "Council", "Organization", "Alliance", "Association", "media"} {
		if strings.Contains(name, bad) {
			return true
		}
	}
	return false
}

func byline(text string) string {
	for _, line := range strings.Split(text, "\n") {
		if name, ok := strings.CutPrefix(line, "By "); ok {
			return name
		}
	}
	return ""
}

func TestDetectFixture(t *testing.T) {
	text, ok := load(t, fixture)
	if !ok {
		t.Skip("fixture not available")
	}
	people := Detect(text)
	if len(people) == 0 || people[0].Name != "Kim Jong Un" {
		t.Fatalf("Detect got %+v, want Kim Jong Un first", people)
	}
	want := map[string]struct{ role, affil string }{
		"Kim Jong Un": {"North Korean leader", ""},
		"Hong Min":    {"a senior analyst", "Korea Institute for National Unification"},
		"Hwang Ildo":  {"a professor", "South Korea’s National Diplomatic Academy"},
	}
	for _, p := range people {
		w, ok := want[p.Name]
		if !ok {
			continue
		}
		if p.Role != w.role || p.Affiliation != w.affil {
			t.Errorf("%s: got role %q, affiliation %q; want %q, %q", p.Name, p.Role, p.Affiliation, w.role, w.affil)
		}
		if len(p.Quotes) == 0 {
			t.Errorf("%s: got no quotes", p.Name)
		}
	}
	if k := people[0]; k.Mentions < 15 || !slices.Contains(k.Aliases, "Kim") {
		t.Errorf("Kim Jong Un: got %d mentions and aliases %q, want at least 15 and \"Kim\"", k.Mentions, k.Aliases)
	}
}

// TestSuggestPatterns checks each attribution pattern on its own.
//
// A name is attributed only when the text shows it to be a person's (a
// title, a role, an age, "who", a family-name short form, the “…,” said X
// order, or "he"/"she" as the next subject), so that "Goldman Sachs said
// …" names no one. The patterns that test something else therefore first
// introduce Maria Santos with her age (santos).
func TestSuggestPatterns(t *testing.T) {
	const santos = "Maria Santos, 52, leads the dockworkers. "
	for _, tc := range []struct {
		name, text, passage, want string
	}{
		{"quote, X said", santos + `“We will win,” Maria Santos said.`, "We will win", "Maria Santos"},
		{"quote, said X", `“We will win,” said Maria Santos, a union organiser.`, "We will win", "Maria Santos"},
		{"X said that", santos + `Maria Santos said the union would win.`, "the union would win", "Maria Santos"},
		{"claim, X said", santos + `The union will win, Maria Santos said on Monday.`, "The union will win", "Maria Santos"},
		{"colon", santos + `Maria Santos said: “We will win.”`, "We will win.", "Maria Santos"},
		{"colon across paragraphs", santos + "Maria Santos put it this way when she said:\n\n“We will win.”", "We will win.", "Maria Santos"},
		{"according to", santos + `The talks failed, according to Maria Santos.`, "The talks failed", "Maria Santos"},
		{"appositive", `Maria Santos, a union organiser at the Lisbon Dockworkers Union, warned that the talks would fail.`, "the talks would fail", "Maria Santos"},
		{"two appositives", `Maria Santos, 52, a union organiser, noted, “The talks failed.”`, "The talks failed.", "Maria Santos"},
		{"who clause", `Maria Santos, who has led the union since 2019, said the talks failed.`, "the talks failed", "Maria Santos"},
		{"told Reuters", santos + `Maria Santos told Reuters the talks had failed.`, "the talks had failed", "Maria Santos"},
		{"quoted as saying", santos + `Maria Santos was quoted as saying the talks had failed.`, "the talks had failed", "Maria Santos"},
		{"surname", `Maria Santos leads the union. Santos added that the talks had failed.`, "the talks had failed", "Maria Santos"},
		{"title and surname", `Dr. Kofi Mensah led the study. “It works,” Dr. Mensah said.`, "It works", "Kofi Mensah"},
		{"title stripped", `“It works,” said President Joe Biden.`, "It works", "Joe Biden"},
		{"pronoun", santos + `Maria Santos spoke first. She said the talks had failed.`, "the talks had failed", "Maria Santos"},
		{"pronoun after quote", `“It works,” said Kofi Mensah. “It works well,” he added.`, "It works well", "Kofi Mensah"},
		{"split quote", santos + `“We will win,” Maria Santos said, “because we must.”`, "because we must.", "Maria Santos"},
		{"next sentence of quote", `“We will win,” said Maria Santos. “We always do.”`, "We always do.", "Maria Santos"},
		{"multi-paragraph quote", "“We will win.\n\n“We always do,” said Maria Santos.", "We will win.", "Maria Santos"},
		{"straight quotes", santos + `"We will win," Maria Santos said.`, "We will win", "Maria Santos"},
		{"single quotes", santos + `‘We will win,’ Maria Santos said.`, "We will win", "Maria Santos"},
		{"guillemets", santos + `«We will win,» Maria Santos said.`, "We will win", "Maria Santos"},
		{"non-ASCII", `José Álvarez, 61, grows maize. José Álvarez said the farm was dry.`, "the farm was dry", "José Álvarez"},
		{"particles", `Ursula von der Leyen spoke. Von der Leyen said the deal was close.`, "the deal was close", "Ursula von der Leyen"},
		{"bin", `Mohammed bin Salman arrived. Bin Salman said the deal was close.`, "the deal was close", "Mohammed bin Salman"},
		{"Korean name, surname", `Kim Jong Un spoke for an hour. Kim accused the United States of lying.`, "the United States of lying", "Kim Jong Un"},
		{"possessive remarks", `Kim Jong Un spoke. Kim’s remarks, broadcast on state television, denounced the West.`, "the West", "Kim Jong Un"},
		{"Scandinavian", `“Nej,” said Søren Kierkegaard.`, "Nej", "Søren Kierkegaard"},
		{"singular they", `“It works,” said Kofi Mensah. “It works well,” they added.`, "It works well", "Kofi Mensah"},
		{"gender from titles", `Ms. Ana Peña met Mr. Tomás Ferreira. She said the deal was done.`, "the deal was done", "Ana Peña"},
		{"definite title", `Prime Minister Clare Whitby spoke first. The prime minister said the plan would work.`, "the plan would work", "Clare Whitby"},
		{"participle after subject", `Minister Clare Whitby defended the plan, saying it would work.`, "it would work", "Clare Whitby"},
		{"Mr. and a Korean name", `Kim Min-jun runs the mine. Mr. Kim told reporters the shaft was safe.`, "the shaft was safe", "Kim Min-jun"},
		{"name of organisation", `Professor Selin Kaya of Istanbul Technical University warned that aftershocks were likely.`, "aftershocks were likely", "Selin Kaya"},
		{"said role name", `"A good day," said councillor Ana Lucía Peña.`, "A good day", "Ana Lucía Peña"},
		{"anonymous official", `“It is over,” a senior official said.`, "It is over", ""},
		{"anonymous inverted", `“It is over,” said one official.`, "It is over", ""},
		{"officials", `Officials said the talks had failed.`, "the talks had failed", ""},
		{"according to sources", `The talks failed, according to sources.`, "The talks failed", ""},
		{"sources familiar", `People familiar with the talks said they had failed.`, "they had failed", ""},
		{"organisation", `The ministry said the talks had failed.`, "the talks had failed", ""},
		{"organisation name", `The Korean Central News Agency said the talks had failed.`, "the talks had failed", ""},
		{"news agency", `Reuters reported that the talks had failed.`, "the talks had failed", ""},
		{"pentagon", `“It is over,” the Pentagon said.`, "It is over", ""},
		{"country", `North Korea said the talks had failed.`, "the talks had failed", ""},
		{"pronoun after anonymous", `A senior official said the talks had failed. He added that new talks were planned.`, "new talks were planned", ""},
		{"no attribution", `The talks failed on Monday.`, "The talks failed", ""},
		{"spokesperson for a person", `A spokesperson for Maria Santos said the talks had failed.`, "the talks had failed", ""},
		{"nothing shows a person", `Maria Santos said the union would win.`, "the union would win", ""},
		{"company named like a person", `Goldman Sachs said in a note that growth would slow.`, "growth would slow", ""},
		{"company saying it", `Aston Martin said it would limit shipments. Aston Martin said it was confident.`, "it was confident", ""},
		{"company which", `Veridian Therapeutics, which makes the drug, said it would apply for approval.`, "it would apply for approval", ""},
		{"possessor of a role", `Morgan Stanley’s chief financial officer, Dana Pryor, said profits rose. Morgan Stanley said costs fell.`, "costs fell", ""},
		{"relative clause with a place", `Dale Pruitt, who owns a dealership in Dayton, Ohio, said sales rose.`, "sales rose", "Dale Pruitt"},
		{"relative clause with a name", `Abebe Tadesse, who shares a name with the champion, Abebe Bikila, said he was tired.`, "he was tired", "Abebe Tadesse"},
		{"appositive with an organisation", `Kathleen Brennan, chief economist at the Auto Industry Forum, a research group, said sales would fall.`, "sales would fall", "Kathleen Brennan"},
		{"first name only", `One cleaner, who gave only his first name, Manolo, said the heat was unbearable.`, "the heat was unbearable", "Manolo"},
		{"one name and an age", `Rescuers pulled 40 people from the water. Ahmed, 24, said the boat had been sinking for hours.`, "the boat had been sinking for hours", "Ahmed"},
		{"one name and who", `Zelensky, who met Biden on Monday, said the aid was vital.`, "the aid was vital", "Zelensky"},
		{"surname of a company", `Bill Ford, 67, chairs the board. Analysts at Ford expect losses. Ford said it would cut jobs.`, "it would cut jobs", ""},
		{"statement read", santos + "“We will win,” Maria Santos said.\n\n“We regret the delay,” read a statement from the airline.", "We regret the delay", ""},
		{"company with a title word", `General Mills said it would raise prices. General Mills said sales fell.`, "sales fell", ""},
		{"rank title of someone else", `Jane Doe, an analyst at Nordbanken, said costs rose. The company's chief executive said costs would fall.`, "costs would fall", ""},
		{"role named later", "The trattoria closed on Monday, its owner said.\n\nThe restaurant's owner, Chiara Bellini, said the fridge had failed.", "The trattoria closed on Monday", "Chiara Bellini"},
		{"statement from an office", santos + `The talks failed, according to a statement from Maria Santos’s office.`, "The talks failed", ""},
		{"hopes that", santos + `Maria Santos hopes that the strike will end soon.`, "the strike will end soon", "Maria Santos"},
		{"laughed after a quotation", santos + `“We always win,” Maria Santos laughed.`, "We always win", "Maria Santos"},
		{"shouted", `“Get out!” shouted Luis Ortega, the rescue coordinator.`, "Get out!", "Luis Ortega"},
		{"company by its first word", `Goldman Sachs raised its forecast. Goldman said growth would slow.`, "growth would slow", ""},
		{"family name first, short", `Xie Lanping led the delegation. Xie said the target was unfair.`, "the target was unfair", "Xie Lanping"},
		{"one word organisation", `Citigroup said profit rose.`, "profit rose", ""},
		{"organisation as affiliation", `Mike Mayo, an analyst at Wells Fargo, said costs were high. Wells Fargo said costs fell.`, "costs fell", ""},
		{"role outside the lists", `Jane Doe, an endocrinologist at City Hospital, said prices were rising.`, "prices were rising", "Jane Doe"},
		{"title kept out of the name", `“We are ready,” said Councilmember Ana Ruiz.`, "We are ready", "Ana Ruiz"},
		{"profession kept out of the name", `Forecaster Jean-Luc Moreau said the heat would last.`, "the heat would last", "Jean-Luc Moreau"},
		{"post-nominal", `His barrister, Hugh Sinclair KC, argued that the case was weak.`, "the case was weak", "Hugh Sinclair"},
		{"native name in parentheses", `North Korean leader Kim Jong Un (김정은) said on Tuesday that the drills were 'a rehearsal for invasion'.`, "a rehearsal for invasion", "Kim Jong Un"},
		{"family name first", `Li Wei, a property analyst at Harbour Bay Securities, said sales fell. “Buyers are waiting,” Li said.`, "Buyers are waiting", "Li Wei"},
		{"middle name", `President Luiz Inácio Lula da Silva spoke. “We are back,” Lula said.`, "We are back", "Luiz Inácio Lula da Silva"},
		{"definite description", `Jamal Cole, 24, scored twice. The striker said he had been injured.`, "he had been injured", "Jamal Cole"},
		{"age description", `Mira Sandoval, 23, won in straight sets. “I felt calm,” the 23-year-old said.`, "I felt calm", "Mira Sandoval"},
		{"pronoun prefers the subject", `Oskar Lindqvist, who made six saves, said he lost sight of Cole’s header. “It happens,” he said.`, "It happens", "Oskar Lindqvist"},
		{"judge found that", `Mr Justice Hartwell found that the allegations were true.`, "the allegations were true", "Hartwell"},
		{"said by phone", `"It was confused," Rafael Carvalho, a grower, said by phone.`, "It was confused", "Rafael Carvalho"},
		{"number sign", `Maria Okafor, the transit director, said the No. 9 bus was late, and that the lanes had helped.`, "the lanes had helped", "Maria Okafor"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Suggest(tc.text, spanOf(t, tc.text, tc.passage))
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("Suggest(%q) got %q, %v; want %q", tc.passage, got, ok, tc.want)
			}
		})
	}
}

// TestInterview checks question-and-answer layouts: answers are the
// interviewee's, questions no one's, and an opinion piece that asks its
// reader questions is no interview.
func TestInterview(t *testing.T) {
	const intro = "Glaciers in retreat\n\nIngrid Solberg, a glaciologist at the Norwegian Polar Institute, has spent 20 years on the ice. We spoke to her in Tromsø.\n\n"
	for _, tc := range []struct {
		name, text, passage, want string
	}{
		{"Q. and A.", intro + "Q. What have you seen change?\n\nA. The ice is thinner every year.\n\nQ. Are you worried?\n\nA. Yes. We lose a metre a year now.", "We lose a metre a year now.", "Ingrid Solberg"},
		{"Q: and A:", intro + "Q: What have you seen change?\n\nA: The ice is thinner every year.\n\nQ: Are you worried?\n\nA: Yes. We lose a metre a year now.", "The ice is thinner every year.", "Ingrid Solberg"},
		{"question", intro + "Q. What have you seen change?\n\nA. The ice is thinner every year.\n\nQ. Are you worried?\n\nA. Yes. We lose a metre a year now.", "Are you worried?", ""},
		{"names as labels", intro + "HERALD: What have you seen change?\n\nSOLBERG: The ice is thinner every year.\n\nHERALD: Are you worried?\n\nSOLBERG: Yes. We lose a metre a year now.", "Yes. We lose a metre a year now.", "Ingrid Solberg"},
		{"questions labelled", intro + "HERALD: What have you seen change?\n\nThe ice is thinner every year.\n\nHERALD: Are you worried?\n\nYes. We lose a metre a year now.\n\nHERALD: What next?\n\nA season in Svalbard.", "A season in Svalbard.", "Ingrid Solberg"},
		{"no labels", intro + "What have you seen change?\n\nThe ice is thinner every year. I measure it every spring.\n\nAre you worried?\n\nYes. We lose a metre a year now.\n\nWhat would you tell a minister?\n\nThat my children will pay the bill.", "That my children will pay the bill.", "Ingrid Solberg"},
		{"quotation in an answer", intro + "Q. Who taught you?\n\nA. My father. He used to shout, “Watch the crevasses!”\n\nQ. Are you worried?\n\nA. Yes. We lose a metre a year now.", "Watch the crevasses!", ""},
		{"transcript", "Mayoral debate\n\nThe candidates, Mayor Ann Wells, 58, and councillor Raj Patel, 44, met on Tuesday.\n\nMODERATOR: What would you do about rents?\n\nWELLS: Build. We have built 4,000 homes.\n\nPATEL: Regulate. Rents rose 30 percent.\n\nMODERATOR: And transit?\n\nWELLS: Keep fares frozen.\n\nPATEL: Free buses for children.", "Regulate. Rents rose 30 percent.", "Raj Patel"},
		{"someone else's claim in an answer", intro + "Q. Are the camps safe?\n\nA. The ministry says the camps are safe, but I have seen them.\n\nQ. Are you worried?\n\nA. Yes. We lose a metre a year now.", "the camps are safe", ""},
		{"rhetorical questions", "Why I quit\n\nBy Ana Silva\n\nMy boss, Tom Reed, 50, asked me to stay late. I did.\n\nHave you ever felt trapped?\n\nI have. Every day for ten years.\n\nDo you know what that does to you?\n\nI do. It makes you small.\n\nCan you imagine ten more years?\n\nI could not.", "It makes you small.", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Suggest(tc.text, spanOf(t, tc.text, tc.passage))
			if got != tc.want || ok != (tc.want != "") {
				t.Errorf("Suggest(%q) got %q, %v; want %q", tc.passage, got, ok, tc.want)
			}
			if tc.want == "" {
				return
			}
			var names []string
			for _, p := range Detect(tc.text) {
				names = append(names, p.Name)
			}
			if !slices.Contains(names, tc.want) {
				t.Errorf("Detect got %q, want it to include %q", names, tc.want)
			}
		})
	}
}

// TestDetectRoles checks names, roles, affiliations and native-script
// aliases as Detect reports them.
func TestDetectRoles(t *testing.T) {
	for _, tc := range []struct {
		name, text                 string
		person, role, affil, alias string
	}{
		{"role and organisation", `Morgan Stanley economist Jane Doe said rates would fall.`, "Jane Doe", "economist", "Morgan Stanley", ""},
		{"possessor is the organisation", `Helen Marsh, the Transportation Safety Board's chief investigator for the incident, said the crew had noticed.`, "Helen Marsh", "chief investigator", "Transportation Safety Board", ""},
		{"a place is no organisation", `Rafael Carvalho, a coffee grower with 120 hectares near the town of Varginha, said the trees flowered.`, "Rafael Carvalho", "a coffee grower", "", ""},
		{"a country is no organisation", `Norway’s climate envoy, Ingrid Halvorsen, said her country would pay.`, "Ingrid Halvorsen", "climate envoy", "", ""},
		{"description before the name", `In Tokyo, Takeshi Mori (森武), a commodities analyst at the trading house Marubeni, said roasters bought less.`, "Takeshi Mori", "a commodities analyst", "Marubeni", "森武"},
		{"organisation with 'the' inside", `Meenakshi Iyer, a political analyst at the Centre for the Study of Developing Societies, said the swing was large.`, "Meenakshi Iyer", "a political analyst", "Centre for the Study of Developing Societies", ""},
		{"title is the role", `“We are ready,” said Councilmember Ana Ruiz.`, "Ana Ruiz", "Councilmember", "", ""},
		{"copula", `Beatriz Alencar was named head coach of the Portland Thorns in December. “We will press,” said Alencar.`, "Beatriz Alencar", "head coach", "Portland Thorns", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got *Person
			people := Detect(tc.text)
			for i := range people {
				if people[i].Name == tc.person {
					got = &people[i]
				}
			}
			if got == nil {
				t.Fatalf("Detect got %+v, want %q", people, tc.person)
			}
			if got.Role != tc.role || got.Affiliation != tc.affil {
				t.Errorf("%s: got role %q, affiliation %q; want %q, %q", tc.person, got.Role, got.Affiliation, tc.role, tc.affil)
			}
			if tc.alias != "" && !slices.Contains(got.Aliases, tc.alias) {
				t.Errorf("%s: got aliases %q, want %q among them", tc.person, got.Aliases, tc.alias)
			}
		})
	}
}

func TestDetectExcludesAuthorsAndOrganisations(t *testing.T) {
	text := "Port Deal Signed\n\nBy Dana Whitfield\n\nThe ministry said the deal was signed. Reuters reported that it cost €2bn. " +
		"The Korean Central News Agency said Pyongyang welcomed it. “It is a good day,” said Tomás Ferreira. " +
		"Dana Whitfield reported from Lisbon."
	var names []string
	for _, p := range Detect(text) {
		names = append(names, p.Name)
	}
	if want := []string{"Tomás Ferreira"}; !slices.Equal(names, want) {
		t.Errorf("Detect got %q, want %q", names, want)
	}
}

func TestAttributeCue(t *testing.T) {
	text := `“We will win,” said Maria Santos, a union organiser. Officials disagreed.`
	a := Analyze(text)
	at, ok := a.Attribute(spanOf(t, text, "We will win"))
	r := []rune(text)
	if !ok || at.Name != "Maria Santos" || at.Source != "Maria Santos" || string(r[at.Cue.Start:at.Cue.End]) != "said Maria Santos" {
		t.Errorf("Attribute got %+v, %v; want Maria Santos from the cue \"said Maria Santos\"", at, ok)
	}
	at, ok = a.Attribute(spanOf(t, text, "Officials disagreed"))
	if !ok || at.Name != "" || at.Source != "Officials" {
		t.Errorf("Attribute got %+v, %v; want the unnamed source \"Officials\"", at, ok)
	}
}

func TestSuggestOddSpans(t *testing.T) {
	text := "Headline Here\n\n“We will win,” said Maria Santos."
	for _, tc := range []struct {
		span annotate.Span
		want string
	}{
		{annotate.Span{Start: -5, End: -1}, ""},             // before the text
		{annotate.Span{Start: 0, End: 8}, ""},               // in the headline
		{annotate.Span{Start: 1000, End: 1010}, ""},         // after the text
		{annotate.Span{Start: 30, End: 10}, ""},             // reversed
		{annotate.Span{Start: 20, End: 20}, "Maria Santos"}, // a caret inside the quotation
	} {
		if got, ok := Suggest(text, tc.span); got != tc.want || ok != (tc.want != "") {
			t.Errorf("Suggest(%v) got %q, %v; want %q", tc.span, got, ok, tc.want)
		}
	}
	if got := Detect(""); len(got) != 0 {
		t.Errorf("Detect(\"\") got %v, want none", got)
	}
}

// tenThousandWords returns an article of about 10,000 words made of the
// test articles.
func tenThousandWords(b testing.TB) string {
	var parts []string
	words := 0
	for words < 10000 {
		for _, art := range articles() {
			text, ok := load(b, art.path)
			if !ok || words >= 10000 {
				continue
			}
			parts = append(parts, text)
			words += len(strings.Fields(text))
		}
	}
	return strings.Join(parts, "\n\n")
}

func BenchmarkDetect10k(b *testing.B) {
	text := tenThousandWords(b)
	b.SetBytes(int64(len(text)))
	start := time.Now()
	for b.Loop() {
		Detect(text)
	}
	per := time.Since(start) / time.Duration(b.N)
	b.ReportMetric(float64(per.Microseconds())/1000, "ms/10k-words")
	b.Logf("Detect on %d words: %v per call (target: well under 50 ms)", len(strings.Fields(text)), per)
}

// BenchmarkDetectPathological runs texts built to defeat the bounds:
// one 42,000-word sentence with 3,000 people, 20,000 unclosed quotation
// marks, a 40,000-word run of capitalised words, 20,000 paragraphs of
// one continued quotation, a 52,000-word sentence of speech verbs and
// appositives, and 10,000 questions and answers.
func BenchmarkDetectPathological(b *testing.B) {
	var people strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&people, "Mr. Name%c%c Person%c%c said she told them “it is %d” and the minister said, ",
			'a'+i%26, 'a'+i/26%26, 'a'+i%26, 'a'+i/26%26, i)
	}
	for _, tc := range []struct{ name, text string }{
		{"people", people.String()},
		{"open-quotes", strings.Repeat("“a ", 20000)},
		{"capitals", strings.Repeat("Ana Peña ", 20000)},
		{"continued-quote", strings.Repeat("\"x\n\n", 20000)},
		{"speakers", strings.Repeat("Ana Peña, 40, said Tom Smith told the minister that its owner said ", 4000)},
		{"questions", strings.Repeat("Q. Are you sure?\n\nA. I am.\n\n", 10000)},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				Detect(tc.text)
			}
		})
	}
}

// FuzzAnalyze checks that no text or span makes the analysis panic, and
// that every quotation span lies inside the text.
func FuzzAnalyze(f *testing.F) {
	for _, art := range articles() {
		if text, ok := load(f, art.path); ok {
			f.Add(text, 10, 40)
		}
	}
	f.Add("“A,” \"B\" ‘C’ «D» 'E' said, , according to", 0, 3)
	f.Add("By\n\nDr. U.S. Mr. von der bin Al- , who said: “", -1, 100)
	f.Fuzz(func(t *testing.T, text string, start, end int) {
		a := Analyze(text)
		n := annotate.RuneLen(text)
		for _, p := range a.People() {
			for _, q := range p.Quotes {
				if q.Start < 0 || q.End > n || q.End < q.Start {
					t.Fatalf("quote span %v outside the text (%d runes)", q, n)
				}
			}
		}
		a.Suggest(annotate.Span{Start: start, End: end})
	})
}
