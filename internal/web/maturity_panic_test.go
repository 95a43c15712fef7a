package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
	"staffnet/internal/store/storetest"
)

// A panic while scoring one network, on one of maturityNetworks'
// goroutines where the server's recover cannot reach, comes back as the
// request's error; before, it ended the process.
func TestMaturityPanicIsAnError(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := storetest.SQLite(t)
	if err := db.LoadBuiltins(ctx); err != nil {
		t.Fatal(err)
	}
	s, err := New(Config{DB: db})
	if err != nil {
		t.Fatal(err)
	}
	o := orgs.Organisation{Code: "RJ1", Name: "Guy's and St Thomas' NHS Foundation Trust", Region: "Y56", Type: "NHS trust"}
	if _, _, err := db.UpsertOrganisations(ctx, []orgs.Organisation{o}); err != nil {
		t.Fatal(err)
	}
	demo := network.Demo(5, []network.OrgRef{{Code: o.Code, Name: o.Name, Region: o.Region}})
	for i := range demo {
		if err := db.AddDemoNetwork(ctx, &demo[i]); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.maturityNetworks(httptest.NewRequest("GET", "/maturity", nil)); err != nil {
		t.Fatalf("with the kit: %v", err)
	}
	s.kit = &networkKit{} // no questionnaire or rules: scoring panics
	_, err = s.maturityNetworks(httptest.NewRequest("GET", "/maturity", nil))
	if err == nil || !strings.Contains(err.Error(), "panic") {
		t.Fatalf("err = %v, want the panic as an error", err)
	}
}
