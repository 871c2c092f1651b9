package qdpx

import "time"

// The decoded project: only what Read turns into records.

type qCode struct {
	guid, name  string
	parent      *qCode
	description string
}

// path is the code's name with its ancestors', joined by "/".
func (c *qCode) path() string {
	if c.parent == nil {
		return c.name
	}
	return c.parent.path() + "/" + c.name
}

func (c *qCode) root() *qCode {
	for c.parent != nil {
		c = c.parent
	}
	return c
}

type qSel struct {
	guid, name         string
	start, end         int
	startOK, endOK     bool
	user               string
	created, modified  time.Time
	codes, notes       []string
	description        string
	codingTimes        []time.Time
	sourceIndex, index int
}

type qSource struct {
	guid, name                  string
	plainTextPath, richTextPath string
	content                     string
	hasContent                  bool
	created                     time.Time
	selections                  []*qSel
	codes, notes                []string
	description                 string
	values                      map[string]string // variable GUID -> value
	// pdf: a PDFSource, read through its text Representation; areas
	// counts its PDFSelections, which are not text.
	pdf, represented bool
	areas            int
}

type qCase struct {
	guid, name, description string
	values                  map[string]string
	selections              []string
}

type qNote struct {
	guid, name, plainTextPath string
	content                   string
	hasContent                bool
}

type qLink struct {
	guid, name, direction, origin, target string
	notes                                 []string
}

type qProject struct {
	name      string
	users     map[string]string // GUID -> name
	codes     map[string]*qCode
	variables map[string]string // GUID -> name
	cases     []*qCase
	sources   []*qSource
	others    []string // messages about sources that are not text
	notes     map[string]*qNote
	links     []*qLink
	guids     map[string]string // every GUID that names something -> its element
}
