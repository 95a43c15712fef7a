package main

import (
	"errors"
	"fmt"
	"net/url"
	"strings"

	"staffnet/internal/web"
)

// oidcSettings checks serve's sign-in settings (the oidc-* rows of
// settings and no-passwords): the OpenID Connect provider
// (docs/accounts.md) and whether local passwords are off.
func oidcSettings(cfg *config) (web.OIDCConfig, bool, error) {
	c := web.OIDCConfig{Issuer: cfg.get("oidc-issuer"), ClientID: cfg.get("oidc-client-id"), ClientSecret: cfg.get("oidc-client-secret"),
		RedirectURL: cfg.get("oidc-redirect-url"), Name: cfg.get("oidc-name"), TrustEmail: cfg.get("oidc-trust-email") == "1"}
	noPass := cfg.get("no-passwords") == "1"
	for d := range strings.SplitSeq(cfg.get("oidc-domains"), ",") {
		if d = strings.TrimSpace(d); d != "" {
			c.Domains = append(c.Domains, d)
		}
	}
	if c.Issuer == "" {
		if noPass {
			return c, false, errors.New("--no-passwords (STAFFNET_PASSWORDS=off) needs STAFFNET_OIDC_ISSUER: otherwise nobody could sign in")
		}
		return c, false, nil
	}
	if u, err := url.Parse(c.Issuer); err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return c, false, fmt.Errorf("STAFFNET_OIDC_ISSUER %q: want the issuer URL, like https://login.microsoftonline.com/TENANT-ID/v2.0", c.Issuer)
	}
	if c.ClientID == "" || c.ClientSecret == "" {
		return c, false, errors.New("STAFFNET_OIDC_ISSUER needs STAFFNET_OIDC_CLIENT_ID and STAFFNET_OIDC_CLIENT_SECRET")
	}
	return c, noPass, nil
}
