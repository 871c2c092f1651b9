package action

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"marginalia/annotate"
	"marginalia/annotate/attrib"
	"marginalia/store"
)

// AutoSpeaker, as NewAnnotation.Speaker, attributes the passage to the
// speaker the text names (an error when it names none).
const AutoSpeaker = "auto"

// NewAnnotation describes a highlight to create.
type NewAnnotation struct {
	ArticleID string
	// Span is where, in rune offsets; when nil, Quote is looked up.
	Span *annotate.Span
	// Quote is the text to highlight, its Nth occurrence (1 when 0).
	Quote string
	Nth   int
	Kind  annotate.Kind
	// Speaker is a name or alias, AutoSpeaker, or "" for none; see Attribute
	// for how a name is resolved and when NewSpeaker is needed.
	Speaker    string
	NewSpeaker bool
	Note       string
	Tags       []string
	Status     annotate.Status // for claims; unverified when empty
	Creator    string
}

// Annotated is a created highlight with its speaker.
type Annotated struct {
	Annotation annotate.Annotation
	Speaker    *annotate.Speaker // nil when unattributed
	NewSpeaker bool              // the speaker was added to the registry
}

// Annotate creates a highlight as one undoable step, attributing it when
// asked. White space at either end of the span is left out.
func (s *Service) Annotate(req NewAnnotation) (Annotated, error) {
	var out Annotated
	spec := req.Kind.Spec()
	if !slices.Contains(annotate.Kinds(), req.Kind) {
		return out, annotate.Invalidf("unknown kind %q", annotate.Clip(string(req.Kind), 80))
	}
	label := "Create " + strings.ToLower(spec.Label)
	err := s.st.Do(label, func(tx *store.Tx) error {
		text, err := tx.ArticleText(req.ArticleID)
		if err != nil {
			return err
		}
		span, err := locate(tx, text, req)
		if err != nil {
			return err
		}
		ann, err := annotate.NewAnnotation(req.ArticleID, text, span, req.Kind, req.Creator, s.Now())
		if err != nil {
			return err
		}
		// A highlight is made on the text the reader shows: the latest.
		art, err := tx.ArticleMeta(req.ArticleID)
		if err != nil {
			return err
		}
		if v := art.CurrentVersion(); v > 1 {
			ann.Version = v
		}
		ann.Note, ann.Tags = req.Note, annotate.CleanTags(req.Tags)
		if req.Status != "" {
			ann.Status = req.Status
		}
		name := req.Speaker
		if name == AutoSpeaker {
			suggested, ok := attrib.Suggest(text.String(), span)
			if !ok {
				return fmt.Errorf("no speaker found for %s in the text; name one", quoted(ann.Quote.Exact, 60))
			}
			name = suggested
		}
		if name != "" {
			sp, created, err := resolveSpeaker(tx, name, req.NewSpeaker || req.Speaker == AutoSpeaker, text.String())
			if err != nil {
				return err
			}
			ann.SpeakerID, out.Speaker, out.NewSpeaker = sp.ID, &sp, created
		}
		out.Annotation = ann
		return tx.PutAnnotation(ann)
	})
	return out, err
}

// locate finds the span a request names, trimmed of white space.
func locate(tx *store.Tx, text *annotate.Text, req NewAnnotation) (annotate.Span, error) {
	if req.Span != nil {
		start, end := TrimSpan(text, req.Span.Start, req.Span.End)
		if end <= start {
			return annotate.Span{}, annotate.Invalidf("the selection holds only white space")
		}
		return annotate.Span{Start: start, End: end}, nil
	}
	nth := max(req.Nth, 1)
	span, ok := text.Find(annotate.NormalizeQuote(req.Quote), nth)
	if !ok {
		which := ""
		if nth > 1 {
			which = fmt.Sprintf("occurrence %d of ", nth)
		}
		title := ""
		if a, err := tx.ArticleMeta(req.ArticleID); err == nil {
			title = " " + quoted(a.Title, 60)
		}
		return annotate.Span{}, fmt.Errorf("%squote %s not found in article %s%s", which, quoted(req.Quote, 80), req.ArticleID, title)
	}
	return span, nil
}

// TrimSpan narrows the rune range [start, end) of text so that it neither
// starts nor ends with white space: a drag that overshoots a word by a
// space should not make the space part of the highlight.
func TrimSpan(text *annotate.Text, start, end int) (int, int) {
	start, end = max(start, 0), min(end, text.Len())
	for start < end && strings.TrimSpace(text.Slice(start, start+1)) == "" {
		start++
	}
	for end > start && strings.TrimSpace(text.Slice(end-1, end)) == "" {
		end--
	}
	return start, end
}

// Edit saves a change to one annotation as an undoable step named label;
// actions with the same non-empty merge key in quick succession (typing
// a note) undo as one. It returns the annotation as stored.
func (s *Service) Edit(id, label, merge string, edit func(*annotate.Annotation)) (annotate.Annotation, error) {
	var a annotate.Annotation
	err := s.st.DoMerge(label, merge, func(tx *store.Tx) error {
		var err error
		if a, err = tx.Annotation(id); err != nil {
			return err
		}
		edit(&a)
		a.Modified = later(s.Now(), a.Created)
		return tx.PutAnnotation(a)
	})
	return a, err
}

// SetKind changes an annotation's kind; a claim starts unverified, and
// other kinds carry no verdict.
func (s *Service) SetKind(id string, kind annotate.Kind) (annotate.Annotation, error) {
	return s.Edit(id, "Change to "+strings.ToLower(kind.Label()), "", func(a *annotate.Annotation) {
		a.Kind, a.Status = kind, ""
		if kind == annotate.KindClaim {
			a.Status = annotate.StatusUnverified
		}
	})
}

// SetStatus sets a claim's verdict.
func (s *Service) SetStatus(id string, status annotate.Status) (annotate.Annotation, error) {
	return s.Edit(id, "Set verdict "+string(status), "", func(a *annotate.Annotation) { a.Status = status })
}

// SetNote replaces an annotation's note; a burst of typing is one step.
func (s *Service) SetNote(id, note string) (annotate.Annotation, error) {
	return s.Edit(id, "Edit note", "note:"+id, func(a *annotate.Annotation) { a.Note = note })
}

// SetTags replaces an annotation's tags.
func (s *Service) SetTags(id string, tags []string) (annotate.Annotation, error) {
	return s.Edit(id, "Edit tags", "", func(a *annotate.Annotation) { a.Tags = annotate.CleanTags(tags) })
}

// Attribution is the outcome of Attribute.
type Attribution struct {
	Annotation annotate.Annotation
	Speaker    *annotate.Speaker // nil when the attribution was removed
	NewSpeaker bool
}

// Attribute attributes an annotation to the speaker with this name or
// alias (ignoring case, accents and spacing); "" removes the attribution.
// A name the registry does not know creates a speaker, with the role the
// text gives, when allowNew is set or no known speaker is near it; a name
// that is the start or a near spelling of a known speaker's fails with
// an *AmbiguousSpeakerError naming the candidates, so that a half-typed
// "hong" never becomes a speaker beside "Hong Min".
func (s *Service) Attribute(annotationID, name string, allowNew bool) (Attribution, error) {
	var out Attribution
	name = strings.Join(strings.Fields(name), " ")
	label := "Remove speaker"
	if name != "" {
		label = "Attribute to " + name
	}
	err := s.st.Do(label, func(tx *store.Tx) error {
		a, err := tx.Annotation(annotationID)
		if err != nil {
			return err
		}
		a.SpeakerID = ""
		if name != "" {
			text, err := tx.ArticleText(a.ArticleID)
			if err != nil {
				return err
			}
			sp, created, err := resolveSpeaker(tx, name, allowNew, text.String())
			if err != nil {
				return err
			}
			a.SpeakerID, out.Speaker, out.NewSpeaker = sp.ID, &sp, created
		}
		a.Modified = later(s.Now(), a.Created)
		out.Annotation = a
		return tx.PutAnnotation(a)
	})
	return out, err
}

// AmbiguousSpeakerError refuses to create a speaker whose name is the
// start or a near spelling of known speakers'.
type AmbiguousSpeakerError struct {
	Name       string
	Candidates []annotate.Speaker
}

func (e *AmbiguousSpeakerError) Error() string {
	var names []string
	for _, c := range e.Candidates {
		names = append(names, c.Name)
	}
	return fmt.Sprintf("speaker %q is not in the registry, but %s %s; name one of them, or create %q explicitly",
		annotate.Clip(e.Name, 80), strings.Join(names, ", "), map[bool]string{true: "is", false: "are"}[len(names) == 1], annotate.Clip(e.Name, 80))
}

// ErrAmbiguousSpeaker is wrapped by AmbiguousSpeakerError.
var ErrAmbiguousSpeaker = errors.New("ambiguous speaker")

// Unwrap lets errors.Is(err, ErrAmbiguousSpeaker) hold.
func (e *AmbiguousSpeakerError) Unwrap() error { return ErrAmbiguousSpeaker }

// resolveSpeaker finds the speaker a typed name means, creating it when
// it is new and not near a known one (or allowNew); text, when not empty,
// gives a new speaker's role and affiliation.
func resolveSpeaker(tx *store.Tx, name string, allowNew bool, text string) (annotate.Speaker, bool, error) {
	if sp, err := tx.SpeakerByName(name); err == nil {
		return sp, false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return annotate.Speaker{}, false, err
	}
	if !allowNew {
		infos, err := tx.Speakers()
		if err != nil {
			return annotate.Speaker{}, false, err
		}
		if near := NearSpeakers(infos, name); len(near) > 0 {
			return annotate.Speaker{}, false, &AmbiguousSpeakerError{Name: name, Candidates: near}
		}
	}
	sp, created, err := tx.SpeakerFor(name, func(sp *annotate.Speaker) {
		if text == "" {
			return
		}
		for _, p := range attrib.Detect(text) {
			if annotate.Fold(p.Name) == annotate.Fold(sp.Name) {
				sp.Role, sp.Affiliation = p.Role, p.Affiliation
			}
		}
	})
	return sp, created, err
}

// NearSpeakers lists the known speakers a new name may be a slip for: a
// name or alias that starts with it ("hong" for "Hong Min"), one of whose
// words it starts ("min"), or one within one edit of it.
func NearSpeakers(infos []store.SpeakerInfo, name string) []annotate.Speaker {
	q := annotate.Fold(name)
	var out []annotate.Speaker
	for _, info := range infos {
		for _, n := range info.Names() {
			f := annotate.Fold(n)
			if strings.HasPrefix(f, q) || wordPrefix(f, q) || withinOneEdit(f, q) {
				out = append(out, info.Speaker)
				break
			}
		}
	}
	return out
}

func wordPrefix(name, q string) bool {
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' }) {
		if strings.HasPrefix(w, q) {
			return true
		}
	}
	return false
}

// withinOneEdit reports whether a and b differ by at most one inserted,
// deleted or substituted rune.
func withinOneEdit(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	if len(ra)-len(rb) > 1 || len(rb) < 3 {
		return false
	}
	i := 0
	for i < len(rb) && ra[i] == rb[i] {
		i++
	}
	if i == len(rb) {
		return true
	}
	if len(ra) == len(rb) {
		return string(ra[i+1:]) == string(rb[min(i+1, len(rb)):])
	}
	return string(ra[i+1:]) == string(rb[i:])
}
