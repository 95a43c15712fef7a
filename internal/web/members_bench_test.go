package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/members"
	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store"
	"staffnet/internal/store/storetest"
)

// BenchmarkMemberList renders a network's member page for its lead with
// 10,000 members: counts, monthly figures and one page of the list (the
// first, and the last, which costs the database the longest skip).
//
//	go test ./internal/web/ -run '^$' -bench MemberList -benchtime 200x
func BenchmarkMemberList(b *testing.B) {
	ctx := context.Background()
	db := storetest.SQLite(b)
	srv := newBenchApp(b, db)
	if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{{Code: "RJ1", Name: "Trust", Region: "Y56", Type: "NHS trust"}}); err != nil {
		b.Fatal(err)
	}
	n := &network.Network{OrgCode: "RJ1", Type: network.TypeBME, Name: "Race Equality Network", YearStarted: 2016, Purpose: "p", Contact: "c", Status: network.StatusActive}
	if err := db.CreateNetwork(ctx, n); err != nil {
		b.Fatal(err)
	}
	const size = 10000
	msg := members.DemoNewsletter(n.Name)
	if err := db.AddDemoMembers(ctx, n.ID, members.Demo(1, n.ID, size, time.Now()), members.Settings{Accepts: true, ConsentText: "c"}, &msg, time.Now()); err != nil {
		b.Fatal(err)
	}
	u, err := db.AddUser(ctx, store.User{Email: "lead@example.nhs.uk", Role: auth.NetworkLead, Org: "RJ1", NetworkID: n.ID, PasswordHash: "x"})
	if err != nil {
		b.Fatal(err)
	}
	token := auth.NewToken()
	if _, err := db.CreateSession(ctx, token, u.ID, time.Now()); err != nil {
		b.Fatal(err)
	}
	get := func(path string) string {
		req, _ := http.NewRequest("GET", srv+path, nil)
		req.AddCookie(&http.Cookie{Name: "staffnet_session", Value: token})
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			b.Fatalf("%s: %d", path, res.StatusCode)
		}
		return string(body)
	}
	base := fmt.Sprintf("/my/networks/%d/members", n.ID)
	if page := get(base); !strings.Contains(page, "page 1 of 100") || strings.Count(page, "(demo)</td>") != 100 {
		b.Fatalf("first page does not list 100 of 10,000 members")
	}
	for _, c := range []struct{ name, path string }{{"first_page", base}, {"last_page", base + "?" + url.Values{"page": {"100"}}.Encode()}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				get(c.path)
			}
		})
	}
}
