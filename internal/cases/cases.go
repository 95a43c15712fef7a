// Package cases holds the case-study library: the good-practice template
// that networks and organisations fill in (organisation, authors, summary,
// the challenge, the action taken, obstacles, outputs, outcomes, lessons,
// next steps, further information), its tags, the review workflow from
// draft to published or withdrawn, and the search-query language that
// the store turns into SQLite FTS5 and PostgreSQL tsquery.
//
// It knows nothing of HTTP or SQL.
package cases

import (
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"staffnet/internal/network"
)

// Status is where a case study stands in its review.
type Status string

const (
	Draft     Status = "draft"     // being written; its authors may edit it
	Submitted Status = "submitted" // waiting for a reviewer; nobody edits it
	Changes   Status = "changes"   // a reviewer asked for changes; its authors may edit it again
	Published Status = "published" // public, at /case-studies/{slug}
	Withdrawn Status = "withdrawn" // was published; gone from search, lists and the API
)

var statusLabels = map[Status]string{
	Draft: "Draft", Submitted: "Waiting for review", Changes: "Changes requested",
	Published: "Published", Withdrawn: "Withdrawn",
}

// Label is the status in words.
func (s Status) Label() string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// Editable reports whether the authors may change a study in status s:
// only while it is a draft or back with them for changes.
func (s Status) Editable() bool { return s == Draft || s == Changes }

// Step is something done to a study in its review.
type Step string

const (
	Submit   Step = "submit"   // the authors send it for review
	Comment  Step = "comment"  // a reviewer comments, the status stays
	Request  Step = "request"  // a reviewer asks for changes
	Approve  Step = "approve"  // a reviewer publishes it
	Withdraw Step = "withdraw" // take a published study down
)

var stepLabels = map[Step]string{
	Submit: "Sent for review", Comment: "Comment", Request: "Changes requested",
	Approve: "Approved and published", Withdraw: "Withdrawn",
}

// Label is the step in words, as the review history shows it.
func (s Step) Label() string { return stepLabels[s] }

// ErrStep is returned when a step does not apply to a study's status.
type ErrStep struct {
	Step Step
	From Status
}

func (e ErrStep) Error() string {
	return fmt.Sprintf("a study that is %q cannot take the step %q", e.From.Label(), e.Step)
}

// Next is the status a study in status from moves to with step, or
// ErrStep when the step does not apply (only a submitted study is
// reviewed; only a published one is withdrawn).
func Next(from Status, step Step) (Status, error) {
	switch {
	case step == Submit && from.Editable():
		return Submitted, nil
	case step == Comment && from == Submitted:
		return Submitted, nil
	case step == Request && from == Submitted:
		return Changes, nil
	case step == Approve && from == Submitted:
		return Published, nil
	case step == Withdraw && from == Published:
		return Withdrawn, nil
	}
	return from, ErrStep{step, from}
}

// Study is one case study.
type Study struct {
	ID        int64
	Slug      string // set when first published, never changed after
	Status    Status
	OrgCode   string // the organisation it is about and whose admin may edit it
	NetworkID int64  // the network whose lead wrote it; 0 for none
	AuthorID  int64  // the account that started it

	Title        string
	Organisation string // as the authors name it
	Authors      string
	Contact      string
	Summary      string // summary and background
	Challenge    string
	Action       string // the action taken
	Obstacles    string
	Outputs      string
	Outcomes     string
	Lessons      string
	NextSteps    string
	FurtherInfo  string
	Tags         Tags

	Created, Updated, Published time.Time
	WithdrawnReason             string
}

// Sections are a study's template sections in order, with their headings,
// for the study page, the print page and the form.
func (s *Study) Sections() []Section {
	return []Section{
		{"summary", "Summary and background", s.Summary},
		{"challenge", "The challenge", s.Challenge},
		{"action", "The action taken", s.Action},
		{"obstacles", "Obstacles met", s.Obstacles},
		{"outputs", "Outputs", s.Outputs},
		{"outcomes", "Outcomes", s.Outcomes},
		{"lessons", "Lessons learned", s.Lessons},
		{"next_steps", "Next steps", s.NextSteps},
		{"further_info", "Further information", s.FurtherInfo},
	}
}

// Section is one Markdown section of a study.
type Section struct {
	Field, Heading, Text string
}

// Body is the text search reads besides the title and summary: every
// other section and the organisation's name.
func (s *Study) Body() string {
	parts := []string{s.Organisation}
	for _, sec := range s.Sections()[1:] {
		parts = append(parts, sec.Text)
	}
	return strings.Join(parts, "\n\n")
}

// Length limits, in characters.
const (
	MaxTitle   = 150
	MaxShort   = 300    // organisation, authors, contact
	MaxSection = 20_000 // each Markdown section
)

// Validate checks a study before it is saved. A draft may be unfinished:
// only the title is needed to save one; submitting needs the sections a
// reader cannot do without (complete).
func (s *Study) Validate(v *Vocab, complete bool) network.FieldErrors {
	var errs network.FieldErrors
	bad := func(field, msg string) { errs = append(errs, network.FieldError{Field: field, Message: msg}) }
	if strings.TrimSpace(s.Title) == "" {
		bad("title", "Enter a title for the case study")
	}
	for _, f := range []struct {
		field, name, value string
		max                int
	}{
		{"title", "The title", s.Title, MaxTitle},
		{"organisation", "The organisation", s.Organisation, MaxShort},
		{"authors", "The authors", s.Authors, MaxShort},
		{"contact", "The contact", s.Contact, MaxShort},
	} {
		if utf8.RuneCountInString(f.value) > f.max {
			bad(f.field, fmt.Sprintf("%s must be %d characters or fewer", f.name, f.max))
		}
	}
	for _, sec := range s.Sections() {
		if utf8.RuneCountInString(sec.Text) > MaxSection {
			bad(sec.Field, fmt.Sprintf("%s must be %d characters or fewer", sec.Heading, MaxSection))
		}
	}
	if complete {
		for _, f := range []struct{ field, value, msg string }{
			{"organisation", s.Organisation, "Enter the organisation"},
			{"contact", s.Contact, "Enter a contact, so readers can ask about the work"},
			{"summary", s.Summary, "Enter a summary and background"},
			{"challenge", s.Challenge, "Describe the challenge"},
			{"action", s.Action, "Describe the action taken"},
			{"outcomes", s.Outcomes, "Describe the outcomes"},
			{"lessons", s.Lessons, "Describe the lessons learned"},
		} {
			if strings.TrimSpace(f.value) == "" {
				bad(f.field, f.msg)
			}
		}
	}
	errs = append(errs, v.Check(s.Tags)...)
	return errs
}

var slugRun = regexp.MustCompile(`[^a-z0-9]+`)

// Slugify makes a URL slug from a title: lower-case words of letters and
// digits joined by hyphens, at most 60 characters, "case-study" if none.
func Slugify(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		if r < unicode.MaxASCII {
			b.WriteRune(r)
		} else if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteByte('-')
		}
	}
	s := strings.Trim(slugRun.ReplaceAllString(b.String(), "-"), "-")
	if len(s) > 60 {
		cut := s[:60]
		// Cut at a hyphen rather than inside a word.
		if i := strings.LastIndexByte(cut, '-'); s[60] != '-' && i > 30 {
			cut = cut[:i]
		}
		s = strings.TrimRight(cut, "-")
	}
	if s == "" {
		return "case-study"
	}
	return s
}

// CleanText drops the control characters search uses to mark matches
// (and any others but line breaks and tabs) from text a person wrote.
func CleanText(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return -1
		}
		return r
	}, s)
}
