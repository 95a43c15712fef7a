package main

import (
	"reflect"
	"strings"
	"testing"

	"staffnet/internal/web"
)

// TestSignInFlags: every OpenID Connect setting (a row of settings) comes
// from a flag or its environment variable (the flag wins); a half-made configuration, or
// passwords off with no provider, is refused.
func TestSignInFlags(t *testing.T) {
	t.Parallel()
	full := map[string]string{"STAFFNET_OIDC_ISSUER": "https://login.microsoftonline.com/tenant/v2.0", "STAFFNET_OIDC_CLIENT_ID": "app",
		"STAFFNET_OIDC_CLIENT_SECRET": "s3cret", "STAFFNET_OIDC_DOMAINS": "nhs.net, trust.nhs.uk,", "STAFFNET_OIDC_NAME": "NHSmail",
		"STAFFNET_OIDC_TRUST_EMAIL": "1", "STAFFNET_PASSWORDS": "off"}
	read := func(environ map[string]string, args ...string) (web.OIDCConfig, bool, error) {
		t.Helper()
		cfg, err := allSettings("serve", &env{getenv: func(k string) string { return environ[k] }}, args)
		if err != nil {
			t.Fatal(err)
		}
		return oidcSettings(cfg)
	}
	c, off, err := read(full, "--oidc-client-id", "from-flag")
	want := web.OIDCConfig{Issuer: full["STAFFNET_OIDC_ISSUER"], ClientID: "from-flag", ClientSecret: "s3cret", Name: "NHSmail",
		Domains: []string{"nhs.net", "trust.nhs.uk"}, TrustEmail: true}
	if err != nil || !off || !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v %v %v, want %+v with passwords off", c, off, err, want)
	}
	if c, off, err := read(nil); err != nil || off || c.Issuer != "" {
		t.Errorf("nothing set: %+v %v %v", c, off, err)
	}
	for name, bad := range map[string][]string{
		"passwords off without a provider": {"--no-passwords"},
		"no client id":                     {"--oidc-issuer", "https://idp.example", "--oidc-client-secret", "s"},
		"no secret":                        {"--oidc-issuer", "https://idp.example", "--oidc-client-id", "c"},
		"not a URL":                        {"--oidc-issuer", "idp.example", "--oidc-client-id", "c", "--oidc-client-secret", "s"},
	} {
		if _, _, err := read(nil, bad...); err == nil || !strings.Contains(err.Error(), "STAFFNET_") {
			t.Errorf("%s: %v", name, err)
		}
	}
	// serve starts with a provider configured: it is not contacted until
	// someone signs in through it.
	serveAt(t, map[string]string{"STAFFNET_ADDR": "127.0.0.1:0", "STAFFNET_OIDC_ISSUER": "http://127.0.0.1:1/unreachable",
		"STAFFNET_OIDC_CLIENT_ID": "c", "STAFFNET_OIDC_CLIENT_SECRET": "s", "STAFFNET_PASSWORDS": "off"})
}
