package app

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"marginalia/annotate"
	"marginalia/app/action"
	"marginalia/store"
)

// findObjects walks everything drawn under root (containers and widgets'
// renderers) and returns what match keeps.
func findObjects(root fyne.CanvasObject, match func(fyne.CanvasObject) bool) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		if match(o) {
			out = append(out, o)
		}
		switch x := o.(type) {
		case *fyne.Container:
			for _, c := range x.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(x).Objects() {
				walk(c)
			}
		}
	}
	walk(root)
	return out
}

// button finds the visible button labelled text (the test fails when
// there is none).
func button(t *testing.T, root fyne.CanvasObject, text string) *widget.Button {
	t.Helper()
	found := findObjects(root, func(o fyne.CanvasObject) bool { b, ok := o.(*widget.Button); return ok && b.Text == text })
	if len(found) == 0 {
		t.Fatalf("no button %q", text)
	}
	return found[0].(*widget.Button)
}

// header finds the header button of column col.
func header(t *testing.T, table fyne.CanvasObject, col int) *widget.Button {
	t.Helper()
	found := findObjects(table, func(o fyne.CanvasObject) bool {
		b, ok := o.(*widget.Button)
		return ok && strings.TrimSuffix(strings.TrimSuffix(b.Text, " ▲"), " ▼") == columnTitle(col)
	})
	if len(found) != 1 {
		t.Fatalf("%d header buttons for %s", len(found), columnTitle(col))
	}
	return found[0].(*widget.Button)
}

// tableFixture is a library of three articles and eight highlights
// with a panel showing them, following the store as the workbench does.
type tableFixture struct {
	sh     *shell
	p      *annotationsPanel
	opened []string
	ids    map[string]string // quote -> annotation ID
	clock  time.Time
}

func newTableFixture(t *testing.T) *tableFixture {
	t.Helper()
	sh, _ := newShell(t)
	f := &tableFixture{sh: sh, ids: map[string]string{}, clock: time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)}
	port := mustImport(t, sh, "port.txt", "Port strike ends\n\nThe union said the strike was over. The minister said wages would rise. Café owners said trade fell.")
	coal := mustImport(t, sh, "coal.txt", "Coal terminal to close\n\nThe mayor said the terminal lost money. Critics said jobs would go. The council voted nine to four.")
	rail := mustImport(t, sh, "rail.txt", "Rail fares frozen\n\nThe operator said fares would not rise. Passengers said trains were late.")
	for _, h := range []struct {
		art   annotate.Article
		quote string
		kind  annotate.Kind
		tags  []string
	}{
		{port, "the strike was over", annotate.KindClaim, []string{"labour"}},
		{port, "wages would rise", annotate.KindClaim, []string{"labour/wages"}},
		{port, "Café owners said trade fell", annotate.KindEvidence, nil},
		{coal, "the terminal lost money", annotate.KindClaim, []string{"economy"}},
		{coal, "jobs would go", annotate.KindQuote, []string{"labour"}},
		{coal, "The council voted nine to four", annotate.KindEvidence, nil},
		{rail, "fares would not rise", annotate.KindClaim, []string{"transport"}},
		{rail, "trains were late", annotate.KindQuestion, nil},
	} {
		res, err := sh.svc.Annotate(action.NewAnnotation{ArticleID: h.art.ID, Quote: h.quote, Kind: h.kind, Tags: h.tags, Creator: "tester"})
		if err != nil {
			t.Fatal(err)
		}
		f.ids[h.quote] = res.Annotation.ID
	}
	f.p = newAnnotationsPanel(sh, newTagBook(sh), annotationsCallbacks{open: func(a, id string) { f.opened = append(f.opened, id) }})
	f.p.now = func() time.Time { return f.clock }
	sh.svc.Store().Watch(func(c store.Changes) { f.p.update(c) })
	sh.win.SetContent(f.p.object())
	sh.win.Resize(fyne.NewSize(1600, 700))
	f.p.load()
	return f
}

// quotes lists the quotes shown, in order.
func (f *tableFixture) quotes() []string {
	var out []string
	for i := range f.p.model.shown {
		out = append(out, f.p.model.row(i).quote)
	}
	return out
}

// click clicks shown row i with modifiers.
func (f *tableFixture) click(i int, mods fyne.KeyModifier) {
	f.p.table.MouseDown(&desktop.MouseEvent{Modifier: mods})
	f.p.table.Select(widget.TableCellID{Row: i, Col: colQuote})
}

func TestAnnotationsTableSortsByEveryHeader(t *testing.T) {
	f := newTableFixture(t)
	if got := len(f.p.model.shown); got != 8 || f.p.count.Text != "8 annotations" {
		t.Fatalf("%d rows, count %q", got, f.p.count.Text)
	}
	// Every header sorts; a second click turns the order round.
	for col := colKind; col < colCount; col++ {
		for _, second := range []bool{false, true} {
			test.Tap(header(t, f.p.table, col))
			if f.p.model.sortCol != col {
				t.Fatalf("tapping %s sorts by %s", columnTitle(col), columnTitle(f.p.model.sortCol))
			}
			if want := (col == colCreated) != second; f.p.model.desc != want {
				t.Errorf("tap %v on %s: descending %v, want %v", second, columnTitle(col), f.p.model.desc, want)
			}
			for i := 1; i < len(f.p.model.shown); i++ {
				if compareRows(f.p.model.row(i-1), f.p.model.row(i), col, f.p.model.desc) > 0 {
					t.Errorf("column %s: rows %d and %d out of order", columnTitle(col), i-1, i)
				}
			}
		}
	}
	// Concretely: by quote A to Z, then by kind.
	test.Tap(header(t, f.p.table, colQuote))
	if got := f.quotes(); got[0] != "Café owners said trade fell" || got[7] != "wages would rise" {
		t.Errorf("by quote: %q", got)
	}
	test.Tap(header(t, f.p.table, colKind))
	if got := f.p.model.row(0).kind; got != annotate.KindClaim {
		t.Errorf("by kind, first row is a %s", got)
	}
}

func TestAnnotationsTableFilters(t *testing.T) {
	f := newTableFixture(t)
	test.Tap(header(t, f.p.table, colQuote))
	for _, tc := range []struct {
		query, from, to string
		want            []string
	}{
		{"kind:claim", "", "", []string{"fares would not rise", "the strike was over", "the terminal lost money", "wages would rise"}},
		{"tag:labour", "", "", []string{"jobs would go", "the strike was over", "wages would rise"}}, // labour/wages too
		{"tag:labour/wages", "", "", []string{"wages would rise"}},
		{"cafe", "", "", []string{"Café owners said trade fell"}},                                                // accents folded
		{"coal", "", "", []string{"jobs would go", "The council voted nine to four", "the terminal lost money"}}, // the article's title
		{"kind:claim rise", "", "", []string{"fares would not rise", "wages would rise"}},
		{"kind:evidence|question", "", "", []string{"Café owners said trade fell", "The council voted nine to four", "trains were late"}},
		{"", "2001-01-01", "2001-12-31", nil},
		{"", "2001-01-01", "", nil}, // set below: every highlight is newer
		{"nothing-matches-this", "", "", nil},
	} {
		f.p.query.SetText(tc.query)
		f.p.from.SetText(tc.from)
		f.p.to.SetText(tc.to)
		got := f.quotes()
		want := tc.want
		if tc.from == "2001-01-01" && tc.to == "" {
			want = slices.Clone(f.quotesAll(t))
		}
		slices.SortFunc(got, func(a, b string) int { return strings.Compare(annotate.Fold(a), annotate.Fold(b)) })
		slices.SortFunc(want, func(a, b string) int { return strings.Compare(annotate.Fold(a), annotate.Fold(b)) })
		if !slices.Equal(got, want) {
			t.Errorf("filter %q %s..%s shows %q, want %q", tc.query, tc.from, tc.to, got, want)
		}
	}
	f.p.from.SetText("last tuesday")
	if !f.p.dateErr.Visible() || !strings.Contains(f.p.dateErr.Text, "last tuesday") {
		t.Errorf("a date that is not one shows %q", f.p.dateErr.Text)
	}
	f.p.from.SetText("")
	f.p.query.SetText("kind:claim")
	if f.p.count.Text != "4 of 8 annotations" {
		t.Errorf("count = %q", f.p.count.Text)
	}
}

// quotesAll lists every quote of the fixture.
func (f *tableFixture) quotesAll(t *testing.T) []string {
	var out []string
	for q := range f.ids {
		out = append(out, q)
	}
	return out
}

func TestAnnotationsTableBulkEditAndUndo(t *testing.T) {
	f := newTableFixture(t)
	test.Tap(header(t, f.p.table, colQuote))
	f.p.query.SetText("kind:claim")
	// Click, Shift+click and Ctrl+click select rows; the check column too.
	f.click(0, 0)
	f.click(2, fyne.KeyModifierShift)
	if len(f.p.selected) != 3 {
		t.Fatalf("Shift+click selected %d rows, want 3", len(f.p.selected))
	}
	f.click(1, fyne.KeyModifierShortcutDefault)
	if len(f.p.selected) != 2 || f.p.selected[f.p.model.row(1).id] {
		t.Fatalf("Ctrl+click did not take row 1 out: %v", f.p.selected)
	}
	f.click(1, fyne.KeyModifierShortcutDefault)
	if f.p.count.Text != "4 of 8 annotations · 3 selected" {
		t.Errorf("count = %q", f.p.count.Text)
	}
	chosen := f.p.selectedIDs()

	// One verdict for all three, one undo step.
	f.p.setVerdict(annotate.StatusDisputed)
	verdicts := func() (out []annotate.Status) {
		_ = f.sh.svc.Store().View(func(tx *store.Tx) error {
			for _, id := range chosen {
				a, _ := tx.Annotation(id)
				out = append(out, a.Status)
			}
			return nil
		})
		return out
	}
	if got := verdicts(); !slices.Equal(got, []annotate.Status{annotate.StatusDisputed, annotate.StatusDisputed, annotate.StatusDisputed}) {
		t.Errorf("verdicts = %v", got)
	}
	// The table followed the change.
	if r := f.p.model.rows[f.p.model.index[chosen[0]]]; r.status != annotate.StatusDisputed {
		t.Errorf("the row shows verdict %q", r.status)
	}
	if _, err := f.sh.svc.Undo(); err != nil {
		t.Fatal(err)
	}
	if got := verdicts(); !slices.Equal(got, []annotate.Status{annotate.StatusUnverified, annotate.StatusUnverified, annotate.StatusUnverified}) {
		t.Errorf("after one undo, verdicts = %v", got)
	}

	// Tag, attribute and delete, each one step.
	if res, err := f.sh.svc.TagAll(f.p.selectedIDs(), []string{"checked"}); err != nil || res.Changed != 3 {
		t.Fatalf("tag: %+v %v", res, err)
	}
	f.p.query.SetText("tag:checked")
	if len(f.p.model.shown) != 3 {
		t.Errorf("tag:checked shows %d rows after tagging 3", len(f.p.model.shown))
	}
	f.p.query.SetText("")
	f.p.table.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDelete})
	if len(f.p.model.index) != 5 || len(f.p.selected) != 0 {
		t.Errorf("after Delete: %d rows, %d selected", len(f.p.model.index), len(f.p.selected))
	}
	if got := f.sh.svc.Store().UndoLabel(); got != "Delete 3 highlights" {
		t.Errorf("undo label %q", got)
	}
	if _, err := f.sh.svc.Undo(); err != nil {
		t.Fatal(err)
	}
	if len(f.p.model.index) != 8 {
		t.Errorf("after undoing the delete: %d rows", len(f.p.model.index))
	}
	f.p.query.SetText("tag:checked")
	if len(f.p.model.shown) != 3 {
		t.Errorf("undoing the delete brought back %d tagged rows, want 3", len(f.p.model.shown))
	}
}

func TestAnnotationsTableKeyboard(t *testing.T) {
	f := newTableFixture(t)
	test.Tap(header(t, f.p.table, colQuote))
	c := f.sh.win.Canvas()
	key := func(k fyne.KeyName) { c.Focused().TypedKey(&fyne.KeyEvent{Name: k}) }
	// From the filter, Down goes to the rows.
	f.p.focus()
	key(fyne.KeyDown)
	if c.Focused() != f.p.table {
		t.Fatalf("Down in the filter focused %T, want the table", c.Focused())
	}
	key(fyne.KeyDown)
	key(fyne.KeyDown)
	key(fyne.KeyReturn)
	if want := f.ids["jobs would go"]; !slices.Equal(f.opened, []string{want}) {
		t.Errorf("Enter on the third row opened %v, want %s", f.opened, want)
	}
	key(fyne.KeySpace)
	f.p.table.KeyDown(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	key(fyne.KeyDown)
	key(fyne.KeyDown)
	f.p.table.KeyUp(&fyne.KeyEvent{Name: desktop.KeyShiftLeft})
	if len(f.p.selected) != 3 {
		t.Errorf("Space then Shift+Down twice selected %d rows, want 3", len(f.p.selected))
	}
	f.p.table.TypedShortcut(&fyne.ShortcutSelectAll{})
	if len(f.p.selected) != 8 {
		t.Errorf("Ctrl+A selected %d rows", len(f.p.selected))
	}
	// A double-click opens; two clicks far apart do not.
	f.opened = nil
	f.click(0, 0)
	f.clock = f.clock.Add(200 * time.Millisecond)
	f.click(0, 0)
	f.clock = f.clock.Add(2 * time.Second)
	f.click(1, 0)
	f.clock = f.clock.Add(2 * time.Second)
	f.click(1, 0)
	if !slices.Equal(f.opened, []string{f.ids["Café owners said trade fell"]}) {
		t.Errorf("clicks opened %v", f.opened)
	}
}

func TestAnnotationsTableTagDialog(t *testing.T) {
	f := newTableFixture(t)
	test.Tap(header(t, f.p.table, colQuote))
	f.p.query.SetText("kind:claim")
	f.p.selectAll()
	f.p.showTagDialog()
	c := f.sh.win.Canvas()
	typeFocused(c, "lab")
	field := c.Focused().(*typeahead)
	if got := field.suggestions(); !slices.Equal(got, []string{"labour", "labour/wages"}) {
		t.Errorf("suggestions for lab = %q", got)
	}
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // takes "labour"
	field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // applies
	if c.Overlays().Top() != nil {
		t.Error("Enter in the empty field did not apply and close")
	}
	f.p.query.SetText("tag:labour kind:claim")
	if len(f.p.model.shown) != 4 {
		t.Errorf("%d claims tagged labour, want all 4", len(f.p.model.shown))
	}
	if l := f.sh.svc.Store().UndoLabel(); l != "Tag 3 highlights “labour”" {
		t.Errorf("undo label %q: the claim already tagged labour is left alone", l)
	}
}
