package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
)

// orgPeople signs in every kind of account the tests of an
// organisation's shared work try, on netFixture's organisations: RJ1's
// admin, the leads of its networks a and b and a's sponsor; RQM's admin
// and the lead of its network c; the national team, an analyst, the
// administrator and the public.
func orgPeople(t *testing.T, f *netFixture) []who {
	t.Helper()
	mk := f.signer(t)
	return []who{
		{"public", &http.Client{}, ""},
		mk("admin", auth.Admin, "", 0),
		mk("national", auth.NationalViewer, "", 0),
		mk("analyst", auth.Analyst, "", 0),
		mk("orgadmin", auth.OrgAdmin, "RJ1", 0),
		mk("lead", auth.NetworkLead, "RJ1", f.a.ID),
		mk("leadb", auth.NetworkLead, "RJ1", f.b.ID),
		mk("sponsor", auth.Sponsor, "RJ1", f.a.ID),
		mk("otheradmin", auth.OrgAdmin, "RQM", 0),
		mk("otherlead", auth.NetworkLead, "RQM", f.c.ID),
	}
}

// byName finds one of orgPeople's accounts.
func byName(people []who, name string) who {
	for _, p := range people {
		if p.name == name {
			return p
		}
	}
	panic("no account " + name)
}

// access is one row of an authorisation matrix: a request and the status
// each account gets (others: other, and a redirect to sign in for the
// public). A form is sent with each account's own CSRF token.
type access struct {
	method, path string
	form         url.Values
	want         map[string]int
	other        int
}

// checkAccess runs an authorisation matrix over people.
func checkAccess(t *testing.T, base string, people []who, rows []access) {
	t.Helper()
	for _, row := range rows {
		for _, p := range people {
			want, ok := row.want[p.name]
			switch {
			case p.name == "public":
				want = http.StatusSeeOther
			case !ok:
				want = row.other
			}
			var v url.Values
			if row.method == http.MethodPost {
				v = url.Values{"_csrf": {p.csrf}}
				for k, vs := range row.form {
					v[k] = vs
				}
			}
			if got := status(t, p.c, row.method, base+row.path, v); got != want {
				t.Errorf("%s %s %s: %d, want %d", p.name, row.method, row.path, got, want)
			}
		}
	}
}

// assessLow stores a self-assessment of network id answered with every
// question's lowest option, so that the rules recommend the most,
// organisation-level recommendations among them.
func assessLow(t *testing.T, db *store.DB, id int64) {
	t.Helper()
	q, err := network.DefaultQuestionnaire()
	if err != nil {
		t.Fatal(err)
	}
	ans := map[string]network.Answer{}
	for _, qu := range q.Questions {
		ans[qu.ID] = network.Answer{Value: qu.Options[0].Value}
	}
	a := &network.Assessment{NetworkID: id, Version: q.Version, Date: time.Now().UTC(),
		Responses: []network.Response{{Respondent: "Chair", Role: network.RespondentLead, Answers: ans}}}
	if err := db.AddAssessment(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}
