package main

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"strings"

	"staffnet/internal/web"
)

// signInFlags adds serve's sign-in settings to fs, each defaulting to its
// environment variable, and returns a function that checks them once
// parsed: the OpenID Connect provider (docs/accounts.md) and whether
// local passwords are on.
func signInFlags(fs *flag.FlagSet, e *env) func() (web.OIDCConfig, bool, error) {
	env := func(name, flagName, help string) *string {
		return fs.String(flagName, e.getenv(name), help+" (default $"+name+")")
	}
	issuer := env("STAFFNET_OIDC_ISSUER", "oidc-issuer", "OpenID Connect issuer URL, like https://login.microsoftonline.com/TENANT-ID/v2.0; turns on sign-in through it")
	id := env("STAFFNET_OIDC_CLIENT_ID", "oidc-client-id", "the client (application) ID registered with the provider")
	secret := env("STAFFNET_OIDC_CLIENT_SECRET", "oidc-client-secret", "the client secret (prefer the environment variable: a flag shows in the process list)")
	redirect := env("STAFFNET_OIDC_REDIRECT_URL", "oidc-redirect-url", "where the provider sends people back; default STAFFNET_BASE_URL + /login/oidc/callback")
	name := env("STAFFNET_OIDC_NAME", "oidc-name", "the provider's name on the sign-in button, like NHSmail")
	domains := env("STAFFNET_OIDC_DOMAINS", "oidc-domains", "comma-separated email domains whose first sign-in makes an account with no role, like nhs.net")
	trust := fs.Bool("oidc-trust-email", e.getenv("STAFFNET_OIDC_TRUST_EMAIL") == "1",
		"accept the provider's email claim without email_verified, as Entra ID sends none (only for a single-tenant provider; default $STAFFNET_OIDC_TRUST_EMAIL=1)")
	noPass := fs.Bool("no-passwords", e.getenv("STAFFNET_PASSWORDS") == "off",
		"turn local passwords off: sign in only through the OpenID provider (default $STAFFNET_PASSWORDS=off)")
	return func() (web.OIDCConfig, bool, error) {
		c := web.OIDCConfig{Issuer: *issuer, ClientID: *id, ClientSecret: *secret, RedirectURL: *redirect, Name: *name, TrustEmail: *trust}
		for d := range strings.SplitSeq(*domains, ",") {
			if d = strings.TrimSpace(d); d != "" {
				c.Domains = append(c.Domains, d)
			}
		}
		if c.Issuer == "" {
			if *noPass {
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
		return c, *noPass, nil
	}
}
