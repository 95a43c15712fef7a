package web_test

import (
	"strings"
	"testing"

	"staffnet/internal/auth"
	"staffnet/internal/store/storetest"
)

// TestNetworkPagesSpeakPlainly: the network pages a lead, an organisation
// admin and the public see carry no developer words (data-file keys,
// pointers to docs/, role codes) and name organisations, not codes.
func TestNetworkPagesSpeakPlainly(t *testing.T) {
	t.Parallel()
	f := netApp(t, storetest.SQLite(t))
	lead, _ := netAccount(t, f.app, "lead-a", auth.NetworkLead, "RJ1", f.a.ID)
	edi, _ := netAccount(t, f.app, "edi", auth.OrgAdmin, "RJ1", 0)
	base := f.srv.URL + "/my/networks/" + nid(f.a)
	bad := []string{"min_mean", "docs/", ".md", "network_lead", "org_admin", "national_viewer", "Format:"}
	check := func(who, path, page string) {
		t.Helper()
		for _, w := range bad {
			if strings.Contains(page, w) {
				t.Errorf("%s %s shows %q", who, path, w)
			}
		}
	}
	for _, p := range []string{"", "/assessment", "/assessment/results", "/work-plan", "/recommendations", "/terms", "/board"} {
		code, page := body(t, lead, base+p)
		if code != 200 {
			t.Fatalf("lead %s: %d", p, code)
		}
		check("lead", p, page)
	}
	if _, page := body(t, lead, base); !strings.Contains(page, "Network lead") {
		t.Error("the header does not name the lead's role in words")
	}
	code, page := body(t, edi, f.srv.URL+"/my/networks")
	if code != 200 || !strings.Contains(page, "Networks in Guy&#39;s and St Thomas") {
		t.Errorf("org admin's list: %d, want its organisation by name", code)
	}
	check("org admin", "/my/networks", page)
	res, page := f.get("/networks")
	if res.StatusCode != 200 {
		t.Fatalf("directory %d", res.StatusCode)
	}
	check("public", "/networks", page)
}
