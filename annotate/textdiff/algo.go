package textdiff

import "slices"

// Token-level diff: histogram diff (as in git and JGit) with a bounded
// Myers O(ND) fallback for regions that share no rare token.

const (
	// maxChain is how often a token may occur in a region and still
	// anchor it; white space and "the" occur more often and never do.
	maxChain = 64
	// myersMaxD bounds the fallback's edit distance; a region that needs
	// more is reported as replaced whole (time O((N+M)·D), space O(D²)).
	myersMaxD = 256
)

// part is one token-level piece of a diff: an equal run (a and b ranges
// of the same length) or a change (either range may be empty).
type part struct {
	equal  bool
	a0, a1 int
	b0, b1 int
}

type differ struct {
	a, b []int32
	out  []part
	cnt  []int32 // per token id: occurrences in the current region of a
	head []int32 // per token id: first position in the region
	next []int32 // per position in a: next position of the same id
}

// diffTokens returns the parts that turn a into b. nids is one more than
// the largest id in a or b.
func diffTokens(a, b []int32, nids int) []part {
	d := &differ{
		a:    a,
		b:    b,
		cnt:  make([]int32, nids),
		head: make([]int32, nids),
		next: make([]int32, len(a)),
	}
	d.diff(0, len(a), 0, len(b))
	return d.out
}

func (d *differ) emit(equal bool, a0, a1, b0, b1 int) {
	if a0 == a1 && b0 == b1 {
		return
	}
	if n := len(d.out); n > 0 && d.out[n-1].equal == equal && d.out[n-1].a1 == a0 && d.out[n-1].b1 == b0 {
		d.out[n-1].a1, d.out[n-1].b1 = a1, b1
		return
	}
	d.out = append(d.out, part{equal, a0, a1, b0, b1})
}

func (d *differ) diff(a0, a1, b0, b1 int) {
	p := 0
	for a0+p < a1 && b0+p < b1 && d.a[a0+p] == d.b[b0+p] {
		p++
	}
	d.emit(true, a0, a0+p, b0, b0+p)
	a0, b0 = a0+p, b0+p
	s := 0
	for a1-s > a0 && b1-s > b0 && d.a[a1-s-1] == d.b[b1-s-1] {
		s++
	}
	a1, b1 = a1-s, b1-s
	switch {
	case a0 == a1 || b0 == b1:
		d.emit(false, a0, a1, b0, b1)
	default:
		if as, bs, n := d.anchor(a0, a1, b0, b1); n > 0 {
			d.diff(a0, as, b0, bs)
			d.emit(true, as, as+n, bs, bs+n)
			d.diff(as+n, a1, bs+n, b1)
		} else if !d.myers(a0, a1, b0, b1, myersMaxD) {
			d.emit(false, a0, a1, b0, b1)
		}
	}
	d.emit(true, a1, a1+s, b1, b1+s)
}

// anchor finds the common run of a[a0:a1] and b[b0:b1] whose rarest
// token is rarest in a's region, the longest among equally rare ones.
// n == 0 when no token of count <= maxChain is shared.
func (d *differ) anchor(a0, a1, b0, b1 int) (as, bs, n int) {
	a, b, cnt := d.a, d.b, d.cnt
	for i := a1 - 1; i >= a0; i-- {
		id := a[i]
		if cnt[id] == 0 {
			d.next[i] = -1
		} else {
			d.next[i] = d.head[id]
		}
		d.head[id] = int32(i)
		cnt[id]++
	}
	bestCnt := int32(maxChain + 1)
	for bi := b0; bi < b1; {
		id := b[bi]
		c := cnt[id]
		nb := bi + 1
		if c == 0 || c > bestCnt {
			bi = nb
			continue
		}
		for ai := int(d.head[id]); ai >= 0; ai = int(d.next[ai]) {
			rc := c
			s, t := ai, bi
			for s > a0 && t > b0 && a[s-1] == b[t-1] {
				s--
				t--
				rc = min(rc, cnt[a[s]])
			}
			e, f := ai+1, bi+1
			for e < a1 && f < b1 && a[e] == b[f] {
				rc = min(rc, cnt[a[e]])
				e++
				f++
			}
			nb = max(nb, f)
			if e-s > n || rc < bestCnt {
				as, bs, n, bestCnt = s, t, e-s, rc
			}
		}
		bi = nb
	}
	for i := a0; i < a1; i++ {
		cnt[a[i]] = 0
	}
	return as, bs, n
}

// myers diffs a[a0:a1] and b[b0:b1] by Myers' greedy O(ND) algorithm,
// giving up (false, nothing emitted) past limit edits.
func (d *differ) myers(a0, a1, b0, b1, limit int) bool {
	a, b := d.a[a0:a1], d.b[b0:b1]
	n, m := len(a), len(b)
	maxD := min(n+m, limit)
	off := maxD + 1
	v := make([]int, 2*maxD+3)
	var trace [][]int
	for D := 0; D <= maxD; D++ {
		for k := -D; k <= D; k += 2 {
			var x int
			if k == -D || (k != D && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1]
			} else {
				x = v[off+k-1] + 1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[off+k] = x
			if x >= n && y >= m {
				trace = append(trace, slices.Clone(v[off-D:off+D+1]))
				d.backtrack(trace, a0, b0, n, m)
				return true
			}
		}
		trace = append(trace, slices.Clone(v[off-D:off+D+1]))
	}
	return false
}

// backtrack walks Myers' trace from (n, m) back to (0, 0) and emits the
// parts in order. trace[D][k+D] is the furthest x on diagonal k after D
// edits.
func (d *differ) backtrack(trace [][]int, a0, b0, n, m int) {
	var rev []part
	x, y := n, m
	for D := len(trace) - 1; D > 0; D-- {
		prev := trace[D-1]
		k := x - y
		var pk int
		if k == -D || (k != D && prev[k-1+D-1] < prev[k+1+D-1]) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := prev[pk+D-1]
		py := px - pk
		mx, my := px, py+1 // an insertion of b[py]
		if pk == k-1 {
			mx, my = px+1, py // a deletion of a[px]
		}
		if x > mx {
			rev = append(rev, part{true, a0 + mx, a0 + x, b0 + my, b0 + y})
		}
		rev = append(rev, part{false, a0 + px, a0 + mx, b0 + py, b0 + my})
		x, y = px, py
	}
	if x > 0 {
		rev = append(rev, part{true, a0, a0 + x, b0, b0 + y})
	}
	for i := len(rev) - 1; i >= 0; i-- {
		p := rev[i]
		d.emit(p.equal, p.a0, p.a1, p.b0, p.b1)
	}
}
