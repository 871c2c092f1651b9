package store

import (
	"sync"

	"marginalia/annotate"
)

// textCache keeps the rune indexes of the most recently used article
// texts, so annotating one article again and again does not re-index its
// text on every transaction. Texts are immutable once stored; an entry is
// dropped when its article is deleted or created.
type textCache struct {
	mu    sync.Mutex
	max   int
	order []string // least recently used first
	texts map[string]*annotate.Text
}

func newTextCache(max int) *textCache {
	return &textCache{max: max, texts: make(map[string]*annotate.Text, max)}
}

func (c *textCache) get(id string) *annotate.Text {
	c.mu.Lock()
	defer c.mu.Unlock()
	t := c.texts[id]
	if t != nil {
		c.touch(id)
	}
	return t
}

func (c *textCache) put(id string, t *annotate.Text) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.texts[id]; !ok && len(c.order) >= c.max {
		delete(c.texts, c.order[0])
		c.order = c.order[1:]
	}
	c.texts[id] = t
	c.touch(id)
}

func (c *textCache) drop(id string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.texts[id]; ok {
		delete(c.texts, id)
		c.remove(id)
	}
}

// touch moves id to the most recently used end. Callers hold mu.
func (c *textCache) touch(id string) {
	c.remove(id)
	c.order = append(c.order, id)
}

func (c *textCache) remove(id string) {
	for i, o := range c.order {
		if o == id {
			c.order = append(c.order[:i], c.order[i+1:]...)
			return
		}
	}
}
