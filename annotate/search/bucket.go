package search

import "math/bits"

// pairBits is the number of bigram classes: pairClass(a)*32+pairClass(b).
const pairBits = 32 * 32

// bucket holds the strings of one length bucket in the order a search
// scans them, with what it needs to reject or bound them: the character
// mask, the first rune's class and flags in arrays, and the bigram sets
// bit-sliced, one column of bits per bigram, so that a search reads only
// the columns of its own pattern's bigrams. A column exists once a string
// of the bucket has its bigram (English text uses about half of them).
type bucket struct {
	ids   []int32  // entry numbers
	strs  []string // the folded strings up to any NUL
	masks []uint64
	first []uint8 // pairClass of the first rune, 255 if none
	flags []uint8
	// owner is the record slot of the string's only value, or -1 when
	// several values have it; scope is that value's scope. Filters check
	// them without reading the entry.
	owner []int32
	scope []uint8
	// unbounded counts the strings with flagNoBound.
	unbounded int
	// colOf[c] is the column of bigram c, or -1; nil while empty.
	colOf []int16
	// cols[colOf[c]*words+w] bit j: string w*64+j has bigram c.
	cols    []uint64
	ncols   int // columns in use
	capCols int // columns cols has room for
	words   int // words per column
}

func (bk *bucket) len() int { return len(bk.ids) }

// col returns word w of bigram column c.
func (bk *bucket) col(c uint16, w int) uint64 {
	k := bk.colOf[c]
	if k < 0 {
		return 0
	}
	return bk.cols[int(k)*bk.words+w]
}

// relayout makes room for capCols columns of words words each.
func (bk *bucket) relayout(capCols, words int) {
	cols := make([]uint64, capCols*words)
	for k := range bk.ncols {
		copy(cols[k*words:k*words+bk.words], bk.cols[k*bk.words:(k+1)*bk.words])
	}
	bk.cols, bk.capCols, bk.words = cols, capCols, words
}

// add appends a string and returns its position.
func (bk *bucket) add(id int32, s string, sh *shape) int32 {
	if bk.colOf == nil {
		bk.colOf = make([]int16, pairBits)
		for c := range bk.colOf {
			bk.colOf[c] = -1
		}
	}
	pos := len(bk.ids)
	if pos == bk.words*64 {
		// Grow by a quarter: the columns are most of the index's memory.
		bk.relayout(bk.capCols, bk.words+max(1, bk.words/4))
	}
	bk.ids = append(bk.ids, id)
	bk.strs = append(bk.strs, s)
	bk.masks = append(bk.masks, sh.mask)
	bk.first = append(bk.first, sh.first)
	bk.flags = append(bk.flags, sh.flags)
	bk.owner = append(bk.owner, -1)
	bk.scope = append(bk.scope, 0)
	if sh.flags&flagNoBound != 0 {
		bk.unbounded++
	}
	w, bit := pos>>6, uint64(1)<<uint(pos&63)
	for i, word := range sh.pairs {
		for word != 0 {
			c := i*64 + bits.TrailingZeros64(word)
			word &= word - 1
			k := int(bk.colOf[c])
			if k < 0 {
				k = bk.ncols
				if k == bk.capCols {
					bk.relayout(max(4, k+k/4), bk.words)
				}
				bk.colOf[c] = int16(k)
				bk.ncols++
			}
			bk.cols[k*bk.words+w] |= bit
		}
	}
	return int32(pos)
}

// remove takes out the string at pos, moving the last one there, and
// returns the entry number of the moved string (-1 if none moved).
func (bk *bucket) remove(pos int32) int32 {
	last := len(bk.ids) - 1
	moved := int32(-1)
	p := int(pos)
	if bk.flags[p]&flagNoBound != 0 {
		bk.unbounded--
	}
	pw, pb := p>>6, uint(p&63)
	lw, lb := last>>6, uint(last&63)
	if p != last {
		moved = bk.ids[last]
		bk.ids[p] = bk.ids[last]
		bk.strs[p] = bk.strs[last]
		bk.masks[p] = bk.masks[last]
		bk.first[p] = bk.first[last]
		bk.flags[p] = bk.flags[last]
		bk.owner[p] = bk.owner[last]
		bk.scope[p] = bk.scope[last]
	}
	for k := range bk.ncols {
		base := k * bk.words
		v := bk.cols[base+lw] >> lb & 1
		bk.cols[base+pw] = bk.cols[base+pw]&^(1<<pb) | v<<pb
		bk.cols[base+lw] &^= 1 << lb
	}
	bk.ids = bk.ids[:last]
	bk.strs[last] = ""
	bk.strs = bk.strs[:last]
	bk.masks = bk.masks[:last]
	bk.first = bk.first[:last]
	bk.flags = bk.flags[:last]
	bk.owner = bk.owner[:last]
	bk.scope = bk.scope[:last]
	return moved
}
