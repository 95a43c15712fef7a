package main

import (
	"context"
	"flag"
	"fmt"
	"net/url"
	"strings"
	"text/tabwriter"

	"staffnet/internal/store"
)

// setting is one of serve's settings: a flag, an environment variable and
// a default. settings is the one list of them: serve reads its values
// through it, "staffnet config" prints them, and "staffnet help serve"
// lists them, so a new setting is one row here.
type setting struct {
	flag  string // the flag's name, without dashes
	env   string // the environment variable
	alias string // an older environment variable, read when env is unset
	def   string // the default; "" is unset
	// group: "" for serve's own settings; a group name for settings
	// another verb reads too ("retention").
	group string
	on    bool                // a switch: --flag alone, or the variable set to 1 or true
	onAs  string              // a switch's variable may also say this word to turn it on ("off" for STAFFNET_PASSWORDS)
	mask  func(string) string // how "staffnet config" shows a secret
	help  string
}

var settings = []setting{
	{flag: "db", env: "STAFFNET_DB", def: store.DefaultPath, group: "db", mask: maskURL,
		help: "database: file path, sqlite:PATH or postgres://user@host/db"},
	{flag: "addr", env: "STAFFNET_ADDR", def: defaultAddr, help: "address to listen on"},
	{flag: "behind-proxy", env: "STAFFNET_BEHIND_PROXY", on: true,
		help: "count sign-ins by the client address a proxy appends to X-Forwarded-For"},
	{flag: "base-url", env: "STAFFNET_BASE_URL", alias: "STAFFNET_URL",
		help: "the site's public address, starting every link in email (default http:// and the listen address); https turns HSTS on"},
	{flag: "contact-key", env: "STAFFNET_CONTACT_KEY", mask: maskSecret,
		help: "seals contact details until their release (\"staffnet contacts key\"); the same on every server. Prefer the variable: flags show in ps"},
	{flag: "smtp-url", env: "STAFFNET_SMTP_URL", mask: maskURL,
		help: "SMTP server for email: smtp://user:pass@host:587 or smtps://…:465 (unset: email is off)"},
	{flag: "mail-from", env: "STAFFNET_MAIL_FROM", help: "sender of email, like \"Staff networks <staffnet@trust.nhs.uk>\""},
	{flag: "metrics-addr", env: "STAFFNET_METRICS_ADDR",
		help: "address of a separate listener serving Prometheus metrics at /metrics (unset: off)"},
	{flag: "oidc-issuer", env: "STAFFNET_OIDC_ISSUER",
		help: "OpenID Connect issuer URL, like https://login.microsoftonline.com/TENANT-ID/v2.0; turns on sign-in through it"},
	{flag: "oidc-client-id", env: "STAFFNET_OIDC_CLIENT_ID", help: "the client (application) ID registered with the provider"},
	{flag: "oidc-client-secret", env: "STAFFNET_OIDC_CLIENT_SECRET", mask: maskSecret,
		help: "the client secret (prefer the variable: flags show in ps)"},
	{flag: "oidc-redirect-url", env: "STAFFNET_OIDC_REDIRECT_URL",
		help: "where the provider sends people back (default the base URL + /login/oidc/callback)"},
	{flag: "oidc-name", env: "STAFFNET_OIDC_NAME", help: "the provider's name on the sign-in button, like NHSmail"},
	{flag: "oidc-domains", env: "STAFFNET_OIDC_DOMAINS",
		help: "comma-separated email domains whose first sign-in makes an account with no role, like nhs.net"},
	{flag: "oidc-trust-email", env: "STAFFNET_OIDC_TRUST_EMAIL", on: true,
		help: "accept the provider's email claim without email_verified, as Entra ID sends none (single-tenant providers only)"},
	{flag: "no-passwords", env: "STAFFNET_PASSWORDS", on: true, onAs: "off",
		help: "turn local passwords off: sign in only through the OpenID provider (the variable says off)"},
	{flag: "retain-contacts-days", env: "STAFFNET_RETAIN_CONTACTS_DAYS", def: "180", group: "retention",
		help: "days after a survey closes that its respondents' contact details are deleted (0: kept)"},
	{flag: "retain-leavers-days", env: "STAFFNET_RETAIN_LEAVERS_DAYS", def: "365", group: "retention",
		help: "days after an account is disabled that it is deleted (0: kept)"},
	{flag: "retain-audit-days", env: "STAFFNET_RETAIN_AUDIT_DAYS", def: "2190", group: "retention",
		help: "days an audit log entry is kept (0: kept for ever)"},
}

// config is the effective value of each bound setting, by flag name, and
// where it came from.
type config struct {
	rows []setting
	val  map[string]string
	from map[string]string
}

// bindSettings adds a flag to fs for every setting in one of groups ("*"
// for all); after fs is parsed, the returned function resolves each: the
// flag, else its variable, else the default.
func bindSettings(fs *flag.FlagSet, groups ...string) func(e *env) *config {
	c := &config{val: map[string]string{}, from: map[string]string{}}
	flags := map[string]any{}
	for _, s := range settings {
		if !inGroups(s.group, groups) {
			continue
		}
		c.rows = append(c.rows, s)
		if s.on {
			flags[s.flag] = fs.Bool(s.flag, false, s.help)
		} else {
			flags[s.flag] = fs.String(s.flag, "", s.help)
		}
	}
	return func(e *env) *config {
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		for _, s := range c.rows {
			v, from := s.def, "default"
			switch {
			case set[s.flag]:
				v, from = flagValue(flags[s.flag]), "--"+s.flag
			case e.getenv(s.env) != "":
				v, from = e.getenv(s.env), s.env
			case s.alias != "" && e.getenv(s.alias) != "":
				v, from = e.getenv(s.alias), s.alias
			}
			if s.on {
				v = switchValue(v, s.onAs)
			}
			c.val[s.flag], c.from[s.flag] = v, from
		}
		return c
	}
}

// allSettings parses the flags of a verb that takes every setting and no
// argument, and resolves them: serve, and config, which prints what serve
// would use from the same flags and variables.
func allSettings(name string, e *env, args []string) (*config, error) {
	fs := newFlagSet(name)
	resolve := bindSettings(fs, "*")
	if err := noArgs(fs, args); err != nil {
		return nil, err
	}
	return resolve(e), nil
}

func inGroups(g string, groups []string) bool {
	for _, want := range groups {
		if want == "*" || want == g {
			return true
		}
	}
	return false
}

func flagValue(p any) string {
	if b, ok := p.(*bool); ok {
		if *b {
			return "1"
		}
		return ""
	}
	return *p.(*string)
}

// switchValue reads a switch's variable: 1, true or the switch's own word
// is on ("1"), anything else off ("").
func switchValue(v, word string) string {
	if v == "1" || strings.EqualFold(v, "true") || (word != "" && strings.EqualFold(v, word)) {
		return "1"
	}
	return ""
}

// get returns a bound setting's effective value.
func (c *config) get(name string) string { return c.val[name] }

// env returns e with the settings' variables answering with the
// effective values, so that code reading a variable (startMail,
// contactKey, openDB) sees what a flag set.
func (c *config) env(e *env) *env {
	byEnv := map[string]string{}
	for _, s := range c.rows {
		byEnv[s.env] = c.val[s.flag]
	}
	e2 := *e
	e2.getenv = func(k string) string {
		if v, ok := byEnv[k]; ok {
			return v
		}
		return e.getenv(k)
	}
	return &e2
}

func maskSecret(v string) string {
	if v == "" {
		return ""
	}
	return "(set, not shown)"
}

// maskURL hides the password of a URL (SMTP, PostgreSQL) and leaves the
// rest, which says where the server is.
func maskURL(v string) string {
	u, err := url.Parse(v)
	if err != nil || u.User == nil {
		if err != nil && strings.Contains(v, "@") {
			return "(set, not shown: not a URL)"
		}
		return v
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func showConfig(ctx context.Context, e *env, args []string) error {
	c, err := allSettings("config", e, args)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "setting\tenvironment\tvalue\tfrom")
	for _, s := range c.rows {
		v := c.val[s.flag]
		if s.mask != nil {
			v = s.mask(v)
		}
		if v == "" {
			v = "(unset)"
		}
		fmt.Fprintf(tw, "--%s\t%s\t%s\t%s\n", s.flag, s.env, v, c.from[s.flag])
	}
	return tw.Flush()
}

// settingsUsage lists the settings for "staffnet help serve".
func settingsUsage() string {
	var b strings.Builder
	for _, s := range settings {
		arg := " VALUE"
		if s.on {
			arg = ""
		}
		def := ""
		if s.def != "" {
			def = " (default " + s.def + ")"
		}
		fmt.Fprintf(&b, "\n       --%s%s, or %s: %s%s", s.flag, arg, s.env, s.help, def)
	}
	return b.String()
}
