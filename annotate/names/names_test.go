package names

import (
	"fmt"
	"strings"
	"testing"

	"marginalia/annotate"
)

func TestNearDuplicatePairs(t *testing.T) {
	tests := []struct {
		a, b string
		want Reason // "" for not a near duplicate
	}{
		// Korean names: hyphenated, spaced, run together, reordered.
		{"Kim Jong-un", "Kim Jong Un", ReasonSpacing},
		{"Kim Jong Un", "Kim Jongun", ReasonSpacing},
		{"Kim Jong-Un", "kim jong un", ReasonSpacing},
		{"Moon Jae-in", "Moon Jae In", ReasonSpacing},
		{"Kim Jong Un", "Jong Un Kim", ReasonOrder},
		{"Kim Jong-un", "Jong-un Kim", ReasonOrder},
		{"Hwang Ildo", "Ildo Hwang", ReasonOrder},
		{"김정은", "김 정은", ReasonSpacing},
		{"Kim Jong Un", "Kim Yo Jong", ""},
		{"Kim Jong Un", "Kim Jong Il", ""},
		{"Kim Jong-un", "Kim Jong-nam", ""},
		{"Kim Jong-un", "Kim J.", ReasonInitials},
		{"Kim Jong Un", "Kim J.-U.", ReasonInitials},
		// Chinese family name first.
		{"Xi Jinping", "Jinping Xi", ReasonOrder},
		{"Xi Jinping", "Xi J.", ReasonInitials},
		{"Li Wei", "Li Na", ""},
		{"Wang Yi", "Wang Yi", ReasonSameName},
		// Western names, "Family, Given", initials.
		{"Priya Natarajan", "Natarajan, Priya", ReasonOrder},
		{"Priya Natarajan", "P. Natarajan", ReasonInitials},
		{"Priya Natarajan", "Natarajan, P.", ReasonInitials},
		{"Natarajan, Priya", "Natarajan Priya", ReasonSpacing},
		{"John Smith", "J. Smith", ReasonInitials},
		{"John Smith", "J Smith", ReasonInitials},
		{"John Robert Smith", "J.R. Smith", ReasonInitials},
		{"John Smith", "Jane Smith", ""},
		{"J. Smith", "Mary Smith", ""},
		{"J. Smith", "J. R. Smith", ""},
		{"J. Smith", "John Robert Smith", ""},
		{"M. Silva", "Marina da Silva", ""},
		{"Wang Li", "Li Wang", ReasonOrder}, // a known limit: may be two people
		{"Smith", "John Smith", ""},
		{"Priya Natarajan", "Priya Raman", ""},
		{"John Smith", "John Smith Jr.", ""},
		{"Martin Luther King, Jr.", "Martin Luther King Jr.", ReasonSpacing},
		{"J. S.", "John Smith", ""},
		// Particles.
		{"Ursula von der Leyen", "URSULA VON DER LEYEN", ReasonCase},
		{"Ursula von der Leyen", "von der Leyen, Ursula", ReasonOrder},
		{"Ursula von der Leyen", "U. von der Leyen", ReasonInitials},
		{"Ursula von der Leyen", "Ursula Schmidt", ""},
		{"Marina da Silva", "M. da Silva", ReasonInitials},
		{"Marina Silva", "Luiz da Silva", ""},
		{"Luiz Inácio da Silva", "Luiz Inacio da Silva", ReasonCase},
		{"Mohammed bin Salman", "Mohammed Bin Salman", ReasonCase},
		// Accents and apostrophes.
		{"José Álvarez", "Jose Alvarez", ReasonCase},
		{"Ana Peña", "Ana Pena", ReasonCase},
		{"Sam O’Brien", "Sam O'Brien", ReasonSpacing},
		{"Sam O'Brien", "Sam OBrien", ReasonSpacing},
		{"Ana  Peña", "Ana Peña", ReasonSameName},
	}
	for _, tt := range tests {
		t.Run(tt.a+"|"+tt.b, func(t *testing.T) {
			ms := NearDuplicates([]annotate.Speaker{{ID: "1", Name: tt.a}, {ID: "2", Name: tt.b}})
			var got Reason
			if len(ms) > 1 {
				t.Fatalf("got %d matches for two speakers: %+v", len(ms), ms)
			}
			if len(ms) == 1 {
				got = ms[0].Reason
				if ms[0].A != "1" || ms[0].B != "2" || ms[0].Detail == "" {
					t.Errorf("got %+v, want A 1, B 2 and a detail", ms[0])
				}
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNearDuplicateAliases(t *testing.T) {
	speakers := []annotate.Speaker{
		{ID: "s1", Name: "Kim Jong Un", Aliases: []string{"Marshal Kim", "Dear Respected"}},
		{ID: "s2", Name: "Marshal Kim"},
		{ID: "s3", Name: "Supreme Leader", Aliases: []string{"Jong Un Kim"}},
		{ID: "s4", Name: "Kim Yo Jong", Aliases: []string{"First Vice Department Director"}},
		{ID: "s5", Name: "KIM JONG UN"},
	}
	got := map[string]string{}
	for _, m := range NearDuplicates(speakers) {
		got[m.A+"-"+m.B] = string(m.Reason) + ": " + m.Detail
	}
	want := map[string]string{
		"s1-s2": `alias: alias "Marshal Kim" of "Kim Jong Un" and "Marshal Kim" are the same name`,
		"s1-s3": `alias: "Kim Jong Un" and alias "Jong Un Kim" of "Supreme Leader" differ only in word order`,
		"s1-s5": `case or accents: "Kim Jong Un" and "KIM JONG UN" differ only in case or accents`,
		"s3-s5": `alias: alias "Jong Un Kim" of "Supreme Leader" and "KIM JONG UN" differ only in word order`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got\n%s\nwant\n%s", dump(got), dump(want))
	}
}

func dump(m map[string]string) string {
	var b strings.Builder
	for k, v := range m {
		fmt.Fprintf(&b, "%s %s\n", k, v)
	}
	return b.String()
}

// TestNearDuplicatesOrderAndBest checks that pairs come in input order,
// once each, with the closest reason (names before aliases on a tie):
// an alias matched by word order beats a name matched by initials.
func TestNearDuplicatesOrderAndBest(t *testing.T) {
	speakers := []annotate.Speaker{
		{ID: "c", Name: "John Smith"},
		{ID: "a", Name: "J. Smith", Aliases: []string{"John Smith"}},
		{ID: "b", Name: "Smith, John"},
	}
	ms := NearDuplicates(speakers)
	var got []string
	for _, m := range ms {
		got = append(got, m.A+m.B+" "+string(m.Reason)+" "+m.NameA+"|"+m.NameB)
	}
	want := []string{
		"ca alias John Smith|John Smith",
		"cb word order John Smith|Smith, John",
		"ab alias John Smith|Smith, John",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestNearDuplicatesIgnoresEmptyAndSelf(t *testing.T) {
	speakers := []annotate.Speaker{
		{ID: "a", Name: "Ana Peña", Aliases: []string{"Ana Pena", " - "}},
		{ID: "b", Name: "…"},
		{ID: "c", Name: "  "},
	}
	if ms := NearDuplicates(speakers); len(ms) != 0 {
		t.Errorf("got %+v, want no matches", ms)
	}
}

// TestNearDuplicatesScale checks that many distinct speakers do not
// produce matches by accident and that a planted one is found.
func TestNearDuplicatesScale(t *testing.T) {
	given := []string{"Ana", "Tomás", "Priya", "Selin", "Hong", "Min", "Sam", "Ursula", "Luiz", "Marina"}
	family := []string{"Peña", "Ferreira", "Natarajan", "Kaya", "Osei", "O'Brien", "Lindqvist", "Hwang", "Silva", "Leyen"}
	var speakers []annotate.Speaker
	for i, g := range given {
		for j, f := range family {
			for k := range 20 {
				speakers = append(speakers, annotate.Speaker{ID: fmt.Sprint(i, j, k), Name: fmt.Sprintf("%s %s-%c%c", g, f, 'a'+k, 'a'+i)})
			}
		}
	}
	speakers = append(speakers, annotate.Speaker{ID: "planted", Name: "Peña-cb, Tomás"})
	ms := NearDuplicates(speakers)
	if len(ms) != 1 || ms[0].B != "planted" || ms[0].Reason != ReasonOrder {
		t.Errorf("got %d matches %+v, want the planted one by word order", len(ms), ms)
	}
}
