package textdiff

import "slices"

// Move detection: a deleted stretch of tokens that reappears verbatim in
// an inserted stretch elsewhere is a move. Inserted text is indexed by
// k-grams of tokens; each deleted run is scanned left to right for its
// longest unused match, and matches of at least MinMove runes and
// minMoveWords words are kept.

// MinMove is the least number of runes a block must have to be reported
// as moved rather than deleted and inserted. It is long enough (about
// half a sentence) that a phrase two different sentences share, such as
// "the Ministry of Public Works said", is not taken for a move.
const MinMove = 48

const (
	moveGram     = 4  // tokens per k-gram
	minMoveWords = 6  // words a moved block must contain
	maxGramHits  = 64 // candidates examined per k-gram
)

// match is a moved block: tokens a[a0:a0+n] reappear as b[b0:b0+n].
type match struct{ a0, b0, n int }

func gramHash(ids []int32) uint64 {
	h := uint64(14695981039346656037)
	for _, id := range ids {
		h ^= uint64(uint32(id))
		h *= 1099511628211
	}
	return h
}

// findMoves returns the moved blocks between the changes' deleted and
// inserted token ranges, sorted by a0.
func findMoves(changes []part, a, b []int32, runes func(isA bool, t0, t1 int) int, words func(t0, t1 int) int) []match {
	grams := make(map[uint64][]int32)
	end := make(map[int32]int32) // b position -> end of its inserted range, for indexed positions
	for _, c := range changes {
		for t := c.b0; t+moveGram <= c.b1; t++ {
			h := gramHash(b[t : t+moveGram])
			grams[h] = append(grams[h], int32(t))
			end[int32(t)] = int32(c.b1)
		}
	}
	if len(grams) == 0 {
		return nil
	}
	used := make(map[int32]bool)
	var out []match
	for _, c := range changes {
		for i := c.a0; i+moveGram <= c.a1; {
			hits := grams[gramHash(a[i:i+moveGram])]
			best, bestT := 0, 0
			for _, t := range hits[:min(len(hits), maxGramHits)] {
				l, e := 0, int(end[t])
				for i+l < c.a1 && int(t)+l < e && !used[t+int32(l)] && a[i+l] == b[int(t)+l] {
					l++
				}
				if l > best {
					best, bestT = l, int(t)
				}
			}
			if best >= moveGram && runes(true, i, i+best) >= MinMove && words(i, i+best) >= minMoveWords {
				out = append(out, match{i, bestT, best})
				for t := bestT; t < bestT+best; t++ {
					used[int32(t)] = true
				}
				i += best
				continue
			}
			i++
		}
	}
	slices.SortFunc(out, func(x, y match) int { return x.a0 - y.a0 })
	return out
}

// extendMoves grows each moved block over the tokens around it that
// continue it at its destination, even where the diff had aligned them
// elsewhere as a short equality: when a paragraph moves, the longest
// common subsequence may have matched " the harbour " inside it to
// another " the harbour " in new text, leaving the move in two pieces
// around a false equality. Such an equality (shorter than MinMove) is
// broken, its tokens deleted and inserted, and adjacent pieces of one
// move are joined. It returns the new parts and moves.
func extendMoves(parts []part, moves []match, a, b []int32, runes func(isA bool, t0, t1 int) int) ([]part, []match) {
	if len(moves) == 0 {
		return parts, moves
	}
	aAl := make([]int, len(a)) // aligned b token, or -1
	bAl := make([]int, len(b))
	shortA := make([]bool, len(a)) // in an equality shorter than MinMove
	shortB := make([]bool, len(b))
	for i := range aAl {
		aAl[i] = -1
	}
	for j := range bAl {
		bAl[j] = -1
	}
	for _, p := range parts {
		if !p.equal {
			continue
		}
		short := runes(true, p.a0, p.a1) < MinMove
		for k := 0; k < p.a1-p.a0; k++ {
			aAl[p.a0+k], bAl[p.b0+k] = p.b0+k, p.a0+k
			shortA[p.a0+k], shortB[p.b0+k] = short, short
		}
	}
	movedA := make([]bool, len(a))
	movedB := make([]bool, len(b))
	for _, m := range moves {
		for k := 0; k < m.n; k++ {
			movedA[m.a0+k], movedB[m.b0+k] = true, true
		}
	}
	free := func(i, j int) bool {
		return a[i] == b[j] && !movedA[i] && !movedB[j] && aAl[i] != j &&
			(aAl[i] < 0 || shortA[i]) && (bAl[j] < 0 || shortB[j])
	}
	take := func(i, j int) {
		if aAl[i] >= 0 {
			bAl[aAl[i]] = -1
		}
		if bAl[j] >= 0 {
			aAl[bAl[j]] = -1
		}
		aAl[i], bAl[j] = -1, -1
		movedA[i], movedB[j] = true, true
	}
	for k := range moves {
		m := &moves[k]
		for m.a0+m.n < len(a) && m.b0+m.n < len(b) && free(m.a0+m.n, m.b0+m.n) {
			take(m.a0+m.n, m.b0+m.n)
			m.n++
		}
		for m.a0 > 0 && m.b0 > 0 && free(m.a0-1, m.b0-1) {
			take(m.a0-1, m.b0-1)
			m.a0--
			m.b0--
			m.n++
		}
	}
	slices.SortFunc(moves, func(x, y match) int { return x.a0 - y.a0 })
	joined := moves[:1]
	for _, m := range moves[1:] {
		last := &joined[len(joined)-1]
		if last.a0+last.n == m.a0 && last.b0+last.n == m.b0 {
			last.n += m.n
			continue
		}
		joined = append(joined, m)
	}
	// Rebuild the parts from the alignment, which stays monotone: tokens
	// were only ever unaligned.
	var out []part
	step := func(equal bool, i, j, da, db int) {
		if n := len(out); n > 0 && out[n-1].equal == equal && out[n-1].a1 == i && out[n-1].b1 == j {
			out[n-1].a1 += da
			out[n-1].b1 += db
			return
		}
		out = append(out, part{equal, i, i + da, j, j + db})
	}
	for i, j := 0, 0; i < len(a) || j < len(b); {
		switch {
		case i < len(a) && aAl[i] < 0:
			step(false, i, j, 1, 0)
			i++
		case j < len(b) && bAl[j] < 0:
			step(false, i, j, 0, 1)
			j++
		case i < len(a) && j < len(b):
			step(true, i, j, 1, 1)
			i++
			j++
		default:
			panic("textdiff: alignment is not monotone")
		}
	}
	return out, joined
}
