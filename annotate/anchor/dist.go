package anchor

// Edit distances by Myers' bit-parallel algorithm ("A fast bit-vector
// algorithm for approximate string matching based on dynamic
// programming", J. ACM 1999) in its blocked form for patterns of any
// length: one 64-bit word per 64 pattern runes, so a pattern of m runes
// against a text of n runes costs n·⌈m/64⌉ word steps. It works on runes,
// not bytes, and has no length limit.

// bitPattern is a pattern prepared for matching.
type bitPattern struct {
	m      int
	blocks int
	peq    map[rune][]uint64 // per rune, the rows where it occurs
	ascii  [128][]uint64
	zero   []uint64
	last   uint64 // the bit of the pattern's last row in the last block
}

func newBitPattern(p []rune) *bitPattern {
	bp := &bitPattern{m: len(p), blocks: max(1, (len(p)+63)/64)}
	bp.zero = make([]uint64, bp.blocks)
	bp.peq = make(map[rune][]uint64)
	for i, r := range p {
		var v []uint64
		if r >= 0 && r < 128 {
			if v = bp.ascii[r]; v == nil {
				v = make([]uint64, bp.blocks)
				bp.ascii[r] = v
			}
		} else if v = bp.peq[r]; v == nil {
			v = make([]uint64, bp.blocks)
			bp.peq[r] = v
		}
		v[i/64] |= 1 << (i % 64)
	}
	if bp.m > 0 {
		bp.last = 1 << ((bp.m - 1) % 64)
	}
	return bp
}

func (bp *bitPattern) eq(r rune) []uint64 {
	if r >= 0 && r < 128 {
		if v := bp.ascii[r]; v != nil {
			return v
		}
		return bp.zero
	}
	if v, ok := bp.peq[r]; ok {
		return v
	}
	return bp.zero
}

// advance is Myers' advance_block: one text rune through one block of
// rows, given the horizontal delta hin entering its top row; it returns
// the delta leaving its bottom row.
func advance(pv, mv *uint64, eq uint64, hin int, high uint64) int {
	p, m := *pv, *mv
	xv := eq | m
	if hin < 0 {
		eq |= 1
	}
	xh := (((eq & p) + p) ^ p) | eq
	ph := m | ^(xh | p)
	mh := p & xh
	hout := 0
	if ph&high != 0 {
		hout = 1
	} else if mh&high != 0 {
		hout = -1
	}
	ph <<= 1
	mh <<= 1
	if hin < 0 {
		mh |= 1
	} else if hin > 0 {
		ph |= 1
	}
	*pv = mh | ^(xv | ph)
	*mv = ph & xv
	return hout
}

// distances returns d, d[j] for j = 0..len(text): with anchored false,
// the least edit distance between the pattern and any substring of text
// ending at j; with anchored true, the edit distance between the pattern
// and text[:j].
func (bp *bitPattern) distances(text []rune, anchored bool) []int32 {
	out := make([]int32, len(text)+1)
	out[0] = int32(bp.m)
	if bp.m == 0 {
		for j := range out {
			if anchored {
				out[j] = int32(j)
			} else {
				out[j] = 0
			}
		}
		return out
	}
	pv := make([]uint64, bp.blocks)
	mv := make([]uint64, bp.blocks)
	score := make([]int, bp.blocks)
	for b := range pv {
		pv[b] = ^uint64(0)
		score[b] = min((b+1)*64, bp.m)
	}
	top := 0
	if anchored {
		top = 1
	}
	lastBlock := bp.blocks - 1
	for j, r := range text {
		eq := bp.eq(r)
		hin := top
		for b := 0; b < lastBlock; b++ {
			hin = advance(&pv[b], &mv[b], eq[b], hin, 1<<63)
			score[b] += hin
		}
		score[lastBlock] += advance(&pv[lastBlock], &mv[lastBlock], eq[lastBlock], hin, bp.last)
		out[j+1] = int32(score[lastBlock])
	}
	return out
}

// distance returns the edit distance between the pattern and text.
func (bp *bitPattern) distance(text []rune) int {
	d := bp.distances(text, true)
	return int(d[len(text)])
}

// editDistance returns the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	if len(a) == 0 {
		return len(b)
	}
	return newBitPattern(a).distance(b)
}

func reversed(r []rune) []rune {
	out := make([]rune, len(r))
	for i, c := range r {
		out[len(r)-1-i] = c
	}
	return out
}
