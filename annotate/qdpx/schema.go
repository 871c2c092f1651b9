package qdpx

import (
	"strconv"
	"strings"
	"time"
)

// The content models of Project-mrt2019.xsd (REFI-QDA 1.0), transcribed so
// that Read checks a project's structure while decoding it, without an XSD
// engine: which elements each element may hold and in what order and
// number, which attributes it requires, and the lexical form of typed
// attributes and values. Unknown attributes are ignored rather than
// refused: they carry nothing Read uses, and tools add their own.

// particle is one entry of a content model: an element (or a choice of
// elements) with the type of each, and how often it may occur.
type particle struct {
	names    []string
	types    []string
	min, max int // max < 0: unbounded
}

func (p *particle) typeOf(name string) (string, bool) {
	for i, n := range p.names {
		if n == name {
			return p.types[i], true
		}
	}
	return "", false
}

// complexType is an element's content model and attributes.
type complexType struct {
	seq   []particle
	attrs map[string]attrSpec
}

type attrSpec struct {
	kind     byte // G guid, I integer, B boolean, D dateTime, C colour, R direction, T variable type, P shape, L line style, S string
	required bool
}

// simpleTypes are the element types whose content is text.
func simpleType(typ string) bool {
	switch typ {
	case "string", "boolean", "integer", "decimal", "date", "dateTime":
		return true
	}
	return false
}

// schemaTypes returns the content models, keyed by type name.
func schemaTypes() map[string]*complexType {
	audit := " creatingUser:G creationDateTime:D modifyingUser:G modifiedDateTime:D"
	media := "guid:G! name:S path:S currentPath:S" + audit
	defs := []struct{ name, seq, attrs string }{
		{"Project", "Users:Users? CodeBook:CodeBook? Variables:Variables? Cases:Cases? Sources:Sources? Notes:Notes? Links:Links? Sets:Sets? Graphs:Graphs? Description:string? NoteRef:Ref*",
			"name:S! origin:S creatingUserGUID:G creationDateTime:D modifyingUserGUID:G modifiedDateTime:D basePath:S"},
		{"Users", "User:User+", ""},
		{"User", "", "guid:G! name:S id:S"},
		{"CodeBook", "Codes:Codes", ""},
		{"Codes", "Code:Code+", ""},
		{"Code", "Description:string? NoteRef:Ref* Code:Code*", "guid:G! name:S! isCodable:B! color:C"},
		{"Cases", "Case:Case+", ""},
		{"Case", "Description:string? CodeRef:Ref* VariableValue:VariableValue* SourceRef:Ref* SelectionRef:Ref*", "guid:G! name:S"},
		{"Variables", "Variable:Variable+", ""},
		{"Variable", "Description:string?", "guid:G! name:S! typeOfVariable:T!"},
		{"VariableValue", "VariableRef:Ref (TextValue:string|BooleanValue:boolean|IntegerValue:integer|FloatValue:decimal|DateValue:date|DateTimeValue:dateTime)?", ""},
		{"Sets", "Set:Set+", ""},
		{"Set", "Description:string? MemberCode:Ref* MemberSource:Ref* MemberNote:Ref*", "guid:G! name:S!"},
		{"Sources", "(TextSource:TextSource|PictureSource:PictureSource|PDFSource:PDFSource|AudioSource:AudioSource|VideoSource:VideoSource)+", ""},
		{"TextSource", "Description:string? PlainTextContent:string? PlainTextSelection:PlainTextSelection* Coding:Coding* NoteRef:Ref* VariableValue:VariableValue*",
			"guid:G! name:S richTextPath:S plainTextPath:S" + audit},
		{"PlainTextSelection", "Description:string? Coding:Coding* NoteRef:Ref*", "guid:G! name:S startPosition:I! endPosition:I!" + audit},
		{"PictureSource", "Description:string? TextDescription:TextSource? PictureSelection:PictureSelection* Coding:Coding* NoteRef:Ref* VariableValue:VariableValue*", media},
		{"PictureSelection", "Description:string? Coding:Coding* NoteRef:Ref*", "guid:G! name:S firstX:I! firstY:I! secondX:I! secondY:I!" + audit},
		{"PDFSource", "Description:string? PDFSelection:PDFSelection* Representation:TextSource? Coding:Coding* NoteRef:Ref* VariableValue:VariableValue*", media},
		{"PDFSelection", "Description:string? Representation:TextSource? Coding:Coding* NoteRef:Ref*", "guid:G! name:S page:I! firstX:I! firstY:I! secondX:I! secondY:I!" + audit},
		{"AudioSource", "Description:string? Transcript:Transcript* AudioSelection:MediaSelection* Coding:Coding* NoteRef:Ref* VariableValue:VariableValue*", media},
		{"VideoSource", "Description:string? Transcript:Transcript* VideoSelection:MediaSelection* Coding:Coding* NoteRef:Ref* VariableValue:VariableValue*", media},
		{"MediaSelection", "Description:string? Coding:Coding* NoteRef:Ref*", "guid:G! name:S begin:I! end:I!" + audit},
		{"Transcript", "Description:string? PlainTextContent:string? SyncPoint:SyncPoint* TranscriptSelection:TranscriptSelection* NoteRef:Ref*",
			"guid:G! name:S richTextPath:S plainTextPath:S" + audit},
		{"TranscriptSelection", "Description:string? Coding:Coding* NoteRef:Ref*", "guid:G! name:S fromSyncPoint:G toSyncPoint:G" + audit},
		{"SyncPoint", "", "guid:G! timeStamp:I position:I"},
		{"Coding", "CodeRef:Ref NoteRef:Ref*", "guid:G! creatingUser:G creationDateTime:D"},
		{"Graphs", "Graph:Graph+", ""},
		{"Graph", "Vertex:Vertex* Edge:Edge*", "guid:G! name:S"},
		{"Vertex", "", "guid:G! representedGUID:G name:S firstX:I! firstY:I! secondX:I secondY:I shape:P color:C"},
		{"Edge", "", "guid:G! representedGUID:G name:S sourceVertex:G! targetVertex:G! color:C direction:R lineStyle:L"},
		{"Notes", "Note:TextSource+", ""},
		{"Links", "Link:Link+", ""},
		{"Link", "NoteRef:Ref*", "guid:G! name:S direction:R color:C originGUID:G targetGUID:G"},
		{"Ref", "", "targetGUID:G!"},
	}
	types := make(map[string]*complexType, len(defs))
	for _, d := range defs {
		t := &complexType{attrs: map[string]attrSpec{}}
		for _, f := range strings.Fields(d.seq) {
			p := particle{min: 1, max: 1}
			switch f[len(f)-1] {
			case '?':
				p.min, f = 0, f[:len(f)-1]
			case '*':
				p.min, p.max, f = 0, -1, f[:len(f)-1]
			case '+':
				p.max, f = -1, f[:len(f)-1]
			}
			for _, alt := range strings.Split(strings.Trim(f, "()"), "|") {
				name, typ, _ := strings.Cut(alt, ":")
				p.names = append(p.names, name)
				p.types = append(p.types, typ)
			}
			t.seq = append(t.seq, p)
		}
		for _, f := range strings.Fields(d.attrs) {
			name, spec, _ := strings.Cut(f, ":")
			t.attrs[name] = attrSpec{kind: spec[0], required: strings.HasSuffix(spec, "!")}
		}
		types[d.name] = t
	}
	return types
}

// checkValue checks the lexical form of a typed attribute or simple
// element value; XSD collapses white space around tokens first.
func checkValue(kind byte, v string) bool {
	v = strings.TrimSpace(v)
	switch kind {
	case 'G':
		return validGUID(v)
	case 'I':
		return validInteger(v)
	case 'B':
		return v == "true" || v == "false" || v == "1" || v == "0"
	case 'D':
		_, ok := parseDateTime(v)
		return ok
	case 'C':
		if len(v) != 4 && len(v) != 7 || v[0] != '#' {
			return false
		}
		for _, c := range v[1:] {
			if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
				return false
			}
		}
		return true
	case 'R':
		return v == "Associative" || v == "OneWay" || v == "Bidirectional"
	case 'T':
		switch v {
		case "Text", "Boolean", "Integer", "Float", "Date", "DateTime":
			return true
		}
		return false
	case 'P':
		switch v {
		case "Person", "Oval", "Rectangle", "RoundedRectangle", "Star", "LeftTriangle", "RightTriangle", "UpTriangle", "DownTriangle", "Note":
			return true
		}
		return false
	case 'L':
		return v == "dotted" || v == "dashed" || v == "solid"
	}
	return true
}

// checkSimple checks the content of an element of a simple type.
func checkSimple(typ, v string) bool {
	switch typ {
	case "boolean":
		return checkValue('B', v)
	case "integer":
		return checkValue('I', v)
	case "dateTime":
		return checkValue('D', v)
	case "date":
		_, err := time.Parse("2006-01-02", strings.TrimSpace(v))
		return err == nil
	case "decimal":
		v = strings.TrimSpace(v)
		v = strings.TrimLeft(v, "+-")
		whole, frac, _ := strings.Cut(v, ".")
		return (whole != "" || frac != "") && digits(whole) && digits(frac)
	}
	return true
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// validInteger reports whether s is an xsd:integer, of any size.
func validInteger(s string) bool {
	s = strings.TrimPrefix(strings.TrimPrefix(s, "+"), "-")
	return s != "" && digits(s)
}

// parseInteger parses an xsd:integer that fits an int.
func parseInteger(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if !validInteger(s) {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 64)
	if err != nil || int64(int(n)) != n {
		return 0, false
	}
	return int(n), true
}

// parseDateTime parses an xsd:dateTime; one without a time zone is taken
// as UTC.
func parseDateTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
