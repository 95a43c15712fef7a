package network

import (
	"fmt"
	"strings"
	"time"
)

// DutyLetter is the chief executive's letter to all staff and managers
// that network work is a corporate duty, to be agreed in objectives and
// recognised at appraisal. An organisation has one: staffnet drafts it
// (DutyLetterDraft), the organisation changes it as it likes, sends it
// by its own means and records here that it did.
type DutyLetter struct {
	OrgCode    string
	Body       string // Markdown, rendered safely by internal/markdown
	EditedBy   string // the account that last changed it
	EditedAt   time.Time
	SentBy     string // who sent it, a name or role as typed; "" until sent
	SentOn     time.Time
	RecordedBy string // the account that recorded it as sent
}

// Sent reports whether the letter is recorded as sent.
func (l *DutyLetter) Sent() bool { return l != nil && !l.SentOn.IsZero() }

// ChangedSinceSent reports whether the text was changed after the day it
// was sent, so the version on screen may not be the one staff received.
func (l *DutyLetter) ChangedSinceSent() bool {
	return l.Sent() && Day(l.EditedAt).After(Day(l.SentOn))
}

// maxLetter bounds the letter's text.
const maxLetter = 20000

// DutyLetterDraft is staffnet's draft of the letter for organisation
// orgName, in Markdown, for the organisation to change before it is sent.
func DutyLetterDraft(orgName string) string {
	return strings.ReplaceAll(dutyLetterText, "{org}", orgName)
}

const dutyLetterText = `## Staff networks are part of everyone's job at {org}

To all staff and managers

Our staff networks help {org} hear from colleagues whose voices are too often missed, and help us act on what we hear. The board sees the networks' work as part of how we run the organisation, not an extra that people squeeze in around their jobs.

From today, this is how we treat network work:

- **It is work for the organisation.** Time spent on agreed network activity (leading a network, organising events, responding to consultations, sitting on recruitment panels) is work, done in working time.
- **Agree it as an objective.** Anyone who leads or plays an active part in a network should agree that work, and the time it needs, as one of their objectives with their manager.
- **Recognise it at appraisal.** Managers should talk about network work at appraisal and give it the same weight as any other objective.
- **Make it possible.** Managers should release staff for network meetings and events whenever the service allows, and explain early when it does not.

If you manage a team and are unsure how to make this work, talk to your HR business partner or to one of the networks' leads.

Thank you to everyone who already gives their time to our networks.

[Name]

Chief Executive, {org}
`

// ReadDutyLetterForm reads the letter's text from its form.
func ReadDutyLetterForm(f Form, l *DutyLetter) FieldErrors {
	l.Body = strings.TrimSpace(f.Get("body"))
	switch {
	case l.Body == "":
		return FieldErrors{{"body", "Enter the text of the letter"}}
	case len(l.Body) > maxLetter:
		return FieldErrors{{"body", fmt.Sprintf("The letter must be %d characters or fewer", maxLetter)}}
	}
	return nil
}

// ReadDutySentForm reads who sent the letter and when from the "record as
// sent" form; the day cannot be after today.
func ReadDutySentForm(f Form, l *DutyLetter, today time.Time) FieldErrors {
	var es FieldErrors
	l.SentBy = f.trim("sent_by")
	if l.SentBy == "" {
		es = append(es, FieldError{"sent_by", "Enter who sent the letter, such as the chief executive's name"})
	} else if len(l.SentBy) > maxShort {
		es = append(es, FieldError{"sent_by", fmt.Sprintf("This must be %d characters or fewer", maxShort)})
	}
	var ok bool
	l.SentOn, ok = ParseDate(f.Get("sent_on"))
	switch {
	case !ok || l.SentOn.IsZero():
		es = append(es, FieldError{"sent_on", "Enter the date the letter was sent as a real date, like 2026-03-31"})
	case l.SentOn.After(Day(today)):
		es = append(es, FieldError{"sent_on", "The date the letter was sent must be today or in the past"})
	}
	return es
}
