package freetext

import (
	"regexp"
	"sort"
	"strings"
)

// Redaction finds personal data in a comment before anyone considers
// quoting it, and replaces each piece with a placeholder in brackets. It
// is the first of two steps: a person then reads the redacted text, may
// redact more, and approves the quote (see docs/free-text.md).
//
// Email addresses, UK phone numbers and NHS numbers have a shape, and are
// found reliably. Organisation names come from the ODS list the caller
// gives. Personal names have no shape: Redactor finds a name after a title
// ("Dr", "Mrs", "Sister"…) and any word of its lists of common first names
// and surnames, and that is all. A name that is neither will pass, which
// is why the human review is not optional.
type Redactor struct {
	orgs *regexp.Regexp // nil without organisation names
}

// Kinds of personal data, as placeholders.
const (
	KindEmail = "[email]"
	KindPhone = "[phone]"
	KindNHS   = "[NHS number]"
	KindName  = "[name]"
	KindOrg   = "[organisation]"
)

// NewRedactor returns a redactor that also removes the organisation names
// given (the ODS list's), case-insensitively, and each name's short form
// without "NHS Foundation Trust" or "NHS Trust" when that keeps two words
// or more.
func NewRedactor(orgNames []string) *Redactor {
	seen := map[string]bool{}
	var alts []string
	add := func(n string) {
		n = strings.Join(strings.Fields(n), " ")
		if n == "" || seen[strings.ToLower(n)] {
			return
		}
		seen[strings.ToLower(n)] = true
		alts = append(alts, strings.ReplaceAll(regexp.QuoteMeta(n), ` `, `\s+`))
	}
	for _, n := range orgNames {
		add(n)
		low := strings.ToLower(n)
		for _, suffix := range []string{" nhs foundation trust", " nhs trust", " foundation trust"} {
			if strings.HasSuffix(low, suffix) {
				if short := n[:len(n)-len(suffix)]; len(strings.Fields(short)) >= 2 {
					add(short)
				}
			}
		}
	}
	r := &Redactor{}
	if len(alts) > 0 {
		// Longest first, so that a full name wins over its short form.
		sort.Slice(alts, func(i, j int) bool { return len(alts[i]) > len(alts[j]) })
		r.orgs = regexp.MustCompile(`(?i)\b(?:` + strings.Join(alts, "|") + `)\b`)
	}
	return r
}

var (
	emailRE = regexp.MustCompile(`(?i)[a-z0-9._%+\-]+\s*(?:@|\(at\)|\[at\])\s*[a-z0-9\-]+(?:\s*(?:\.|\(dot\)|\[dot\])\s*[a-z0-9\-]+)+`)
	// Ten digits in the NHS number's usual 3-3-4 grouping, or run
	// together; checked by the modulus 11 check digit before redaction.
	nhsRE = regexp.MustCompile(`\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b`)
	// A UK number: +44 (with an optional "(0)") or a leading 0, then
	// digits with spaces, hyphens or brackets; the digit count is checked.
	phoneRE = regexp.MustCompile(`(?:\+\s?44\s?(?:\(0\)\s?)?|\(?\b0)\d[\d \-()]{7,14}\d`)
	titleRE = regexp.MustCompile(`\b(?:Dr|Mr|Mrs|Ms|Miss|Mx|Prof|Professor|Sister|Matron|Nurse|Sir|Dame|Rev|Cllr)\.?\s+((?:[A-Z][\p{L}'\-]+|[A-Z]\.)(?:\s+[A-Z][\p{L}'\-]+)?)`)
	wordRE  = regexp.MustCompile(`\b[A-Z][\p{Ll}'\-]+(?:[ \t]+[A-Z][\p{Ll}'\-]+)*\b`)
)

// NHSNumberValid reports whether ten digits pass the NHS number's
// modulus 11 check.
func NHSNumberValid(digits string) bool {
	if len(digits) != 10 {
		return false
	}
	sum := 0
	for i := range 9 {
		sum += int(digits[i]-'0') * (10 - i)
	}
	check := 11 - sum%11
	if check == 11 {
		check = 0
	}
	return check != 10 && check == int(digits[9]-'0')
}

func digitsOf(s string) string {
	var b strings.Builder
	for _, c := range s {
		if c >= '0' && c <= '9' {
			b.WriteRune(c)
		}
	}
	return b.String()
}

func ukPhone(s string) bool {
	d := digitsOf(s)
	if strings.HasPrefix(strings.TrimSpace(s), "+") {
		d = strings.TrimPrefix(d, "44")
		d = strings.TrimPrefix(d, "0") // the "(0)" some write after +44
		return len(d) == 9 || len(d) == 10
	}
	return strings.HasPrefix(d, "0") && (len(d) == 10 || len(d) == 11)
}

// Redact returns text with every piece of personal data it recognises
// replaced by its placeholder, and the kinds it replaced, one per piece.
func (r *Redactor) Redact(text string) (string, []string) {
	var found []string
	replace := func(re *regexp.Regexp, kind string, ok func(string) bool) {
		text = re.ReplaceAllStringFunc(text, func(m string) string {
			if ok != nil && !ok(m) {
				return m
			}
			found = append(found, kind)
			return kind
		})
	}
	replace(emailRE, KindEmail, nil)
	replace(nhsRE, KindNHS, func(m string) bool { return NHSNumberValid(digitsOf(m)) })
	replace(phoneRE, KindPhone, ukPhone)
	if r != nil && r.orgs != nil {
		replace(r.orgs, KindOrg, nil)
	}
	text = titleRE.ReplaceAllStringFunc(text, func(m string) string {
		sub := titleRE.FindStringSubmatchIndex(m)
		found = append(found, KindName)
		return m[:sub[2]] + KindName
	})
	// A run of capitalised words: each known name goes, and so does the
	// word straight after a known name ("Priya Okonkwo"), taken to be
	// its surname unless it is a common word.
	text = wordRE.ReplaceAllStringFunc(text, func(m string) string {
		words := strings.Fields(m)
		prev := false
		for i, w := range words {
			known := knownName(w)
			if known || (prev && !commonWords[strings.ToLower(w)]) {
				words[i] = KindName
				found = append(found, KindName)
			}
			prev = known
		}
		return strings.Join(words, " ")
	})
	return text, found
}

func knownName(w string) bool { return names[strings.ToLower(w)] }

// commonWords are capitalised words that often follow a name without
// being a surname ("Priya The network…" is rare; "John Said" is rarer).
var commonWords = set("the and but our we i it this that my he she they nhs trust network staff team ward manager")

// names is a short list of first names and surnames common among NHS
// staff in England. It is a net, not a directory: what it misses, the
// reviewer must catch. Words that are more often ordinary English
// ("Will", "Mark", "Grace", "Hope", "May", "Rose", "Joy", "Bill", "Young",
// "White", "Black", "Green", "Brown") are left out on purpose, because
// redacting every "Black" in comments about BME networks would wreck them.
var names = set(`john james david michael paul peter richard robert andrew
	stephen chris christopher daniel thomas joseph matthew anthony simon
	mary sarah susan linda karen lisa helen emma claire rachel laura jane
	elizabeth margaret julie nicola louise jennifer catherine amanda
	mohammed muhammad mohammad ahmed ali hassan hussain omar abdul imran
	priya anita sunita rajesh ravi sanjay deepak amit vijay arjun kiran
	fatima aisha ayesha amina zainab nadia yasmin samira
	oluwaseun olu tunde adebayo chinedu chioma ngozi emeka kwame kofi ama
	abena akua yaw funmilayo folake bukola temitope segun ifeoma obinna
	wei li ming chen mei jun hui
	patel khan singh shah ahmed kaur begum hussain rahman islam akhtar
	iqbal malik chaudhry mahmood sharma gupta kumar das mistry desai
	okafor okoye adeyemi adewale mensah boateng owusu asante osei
	smith jones williams taylor davies evans wilson thomas roberts
	johnson lewis walker robinson wood thompson wright harris
	clarke jackson hughes edwards turner hill moore martin cooper
	morris ward king baker harrison morgan allen james scott phillips
	watson davis parker price bennett griffiths kelly cook richardson
	nguyen wong`)

func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
