package annotate

// Progress tells Fn how far long work (an export, an import) has got,
// about every half percent rather than on every record, so a progress bar
// is not redrawn a hundred thousand times.
type Progress struct {
	Fn          func(done, total int) // nil reports nothing
	Done, Total int
	next        int
}

// Add counts n more items done and reports when due, and always at the
// end.
func (p *Progress) Add(n int) {
	p.Done += n
	if p.Fn != nil && (p.Done >= p.next || p.Done == p.Total) {
		p.Fn(p.Done, p.Total)
		p.next = p.Done + max(1, p.Total/200)
	}
}
