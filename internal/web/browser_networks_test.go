package web_test

// Real-browser tests of the network pages: a lead walks the self-assessment
// and an organisation admin the six-step start, with axe-core on every
// page.

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/network"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

func TestBrowserNetworks(t *testing.T) {
	browser := parallelBrowser(t)
	t.Run("SelfAssessment", func(t *testing.T) { testNetworkAssessment(t, browser) })
	t.Run("SixSteps", func(t *testing.T) { testNetworkStart(t, browser) })
}

func netBrowserAccount(t *testing.T, db *store.DB, name string, role auth.Role, org string, id int64) string {
	t.Helper()
	email := name + "@example.nhs.uk"
	if _, err := db.AddUser(context.Background(), store.User{Email: email, Role: role, Org: org, NetworkID: id, PasswordHash: browserHash()}); err != nil {
		t.Fatal(err)
	}
	return email
}

func testNetworkAssessment(t *testing.T, browser context.Context) {
	f := netApp(t, storetest.SQLite(t))
	b := newTab(t, browser, f.srv.URL)
	base := "/my/networks/" + nid(f.a)
	b.signInTo(base, netBrowserAccount(t, f.db, "lead", auth.NetworkLead, "RJ1", f.a.ID), "Race Equality Network")
	b.axeCheck("network overview")
	for _, p := range []string{"/edit", "/terms", "/work-plan", "/sponsor", "/skills", "/meetings"} {
		if st := b.open(base + p); st != http.StatusOK {
			t.Fatalf("%s: %d", p, st)
		}
		b.axeCheck(p)
		b.noDuplicateIDs(p)
	}
	// An edit with an error shows the error summary.
	b.open(base + "/edit")
	b.do()
	js[bool](b, `(document.getElementById('name').value = '', true)`)
	b.expect(b.follow(`.network-buttons button:first-child`), http.StatusUnprocessableEntity, "Edit the network's details")
	b.axeCheck("edit with an error")

	q, _ := network.DefaultQuestionnaire()
	b.expect(b.open(base+"/assessment"), http.StatusOK, q.Title)
	b.axeCheck("assessment start")
	b.follow(`button[value="continue"]`)
	// The first page without answers: errors.
	b.expect(b.follow(`button[value="continue"]`), http.StatusUnprocessableEntity, q.Areas[0].Letter+" – "+q.Areas[0].Title)
	b.axeCheck("assessment page with errors")
	for i, a := range q.Areas {
		if h := b.text("h1"); h != a.Letter+" – "+a.Title {
			t.Fatalf("page %d: %q", i, h)
		}
		if i > 0 {
			b.axeCheck("assessment " + a.ID)
		}
		for _, qu := range q.Questions {
			if qu.Area == a.ID {
				b.choose(qu.ID, qu.Options[1].Value)
			}
		}
		b.follow(`button[value="continue"]`)
	}
	b.expect(200, 200, "Check your answers")
	b.axeCheck("assessment check page")
	b.expect(b.follow(`button[value="submit"]`), http.StatusOK, "Self-assessment results")
	b.axeCheck("assessment results")
	b.noDuplicateIDs("assessment results")
	if !strings.Contains(b.text("main"), "Scores by area") {
		t.Error("results without scores")
	}
	b.expect(b.open(base+"/recommendations"), http.StatusOK, "Recommendations and action plan")
	b.axeCheck("recommendations")
	b.expect(b.follow(`form[action$="/accept"] button`), http.StatusOK, "Work plan")
	b.axeCheck("work plan after accepting")
	b.expect(b.open(base+"/board"), http.StatusOK, "Race Equality Network")
	b.axeCheck("board summary")
}

func testNetworkStart(t *testing.T, browser context.Context) {
	f := netApp(t, storetest.SQLite(t))
	b := newTab(t, browser, f.srv.URL)
	b.signInTo("/my/networks", netBrowserAccount(t, f.db, "edi", auth.OrgAdmin, "RJ1", 0), "Staff networks")
	b.axeCheck("networks list")
	b.follow(`form[action="/my/start-a-network"] button`)
	b.axeCheck("six steps")
	b.choose("type", "bme")
	b.follow(`form[action$="/type"] button`)
	g, _ := network.DefaultGuide()
	for _, st := range g.Steps {
		b.follow(`a[href$="/` + st.ID + `"]`)
		b.axeCheck("step " + st.ID)
		for _, fl := range st.Fields {
			if fl.Required {
				b.typeInto("#"+fl.ID, "Answer to "+fl.ID)
			}
		}
		b.follow(`button[value="complete"]`)
		if !strings.Contains(b.text("main"), "marked complete") {
			t.Fatalf("step %s not completed: %s", st.ID, b.text("main"))
		}
	}
	if !strings.Contains(b.text("main"), "100% done") {
		t.Error("progress not 100%")
	}
	b.axeCheck("six steps done")
	b.follow(`a[href$="/drafts"]`)
	b.axeCheck("drafts")
	b.typeInto("#contact", "bme@example.nhs.uk")
	b.expect(b.follow(`button[value="create"]`), http.StatusOK, "Answer to network_name")
	b.axeCheck("created network")
}
