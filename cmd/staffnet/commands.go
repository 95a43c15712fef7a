package main

import (
	"context"

	"staffnet/internal/orgs/odsfile"
)

// command is one verb: "serve", "responses export", …
type command struct {
	name  string // one word, or a group and a word ("user add")
	usage string // arguments after the verb
	help  string
	run   func(ctx context.Context, e *env, args []string) error
}

// verbs is every command, in the order "staffnet help" lists them (by
// name, which TestVerbTable checks). run dispatches from it and help
// prints it: one table, built when asked for rather than filled in by
// each file's init, so nothing runs before main and a verb's name, usage
// and help stand in one place.
func verbs() []command {
	return []command{
		{name: "backup", run: backup,
			usage: "--out FILE [--db DSN]",
			help:  "copy a SQLite database consistently while serve runs (PostgreSQL: pg_dump, see docs/operations.md)"},
		{name: "config", run: showConfig,
			usage: "[--SETTING VALUE]…",
			help:  "print the effective configuration (flags, environment, defaults), secrets masked"},
		{name: "contacts delete", run: contactsDelete,
			usage: "--email EMAIL [--db DSN]",
			help:  "delete every contact entry with this email"},
		{name: "contacts key", run: contactsKey,
			usage: "",
			help:  "print a new random key for STAFFNET_CONTACT_KEY"},
		{name: "contacts list", run: contactsList,
			usage: "[--survey SLUG] [--raw] [--db DSN]",
			help:  "list contact details left by respondents"},
		{name: "demo case-studies", run: demoCases,
			usage: "[--db DSN]",
			help:  "publish the made-up case studies, each for a demo network of its type (run demo networks first)"},
		{name: "demo generate", run: demoGenerate,
			usage: "--survey SLUG --responses N [--seed S] [--db DSN]",
			help:  "add N synthetic responses that follow the survey's routing"},
		{name: "demo networks", run: demoNetworks,
			usage: "[--seed S] [--replace] [--db DSN]",
			help:  "create synthetic staff networks, with records and self-assessments, for every open organisation, and publish the demo case studies"},
		{name: "demo wres", run: demoWRES,
			usage: "[--seed S] [--year Y] [--db DSN]",
			help:  "store made-up WRES figures for every organisation, to try the WRES pages"},
		{name: "orgs import", run: orgsImport,
			usage: "[--db DSN] [FILE.csv]",
			help:  "load organisations from an ODS trust file (default: the built-in " + odsfile.SnapshotDate + " snapshot)"},
		{name: "orgs list", run: orgsList,
			usage: "[--region CODE] [--db DSN]",
			help:  "list organisations"},
		{name: "pay import", run: payImport,
			usage: "--year Y [--db DSN] FILE.csv",
			help:  "load a financial year's Agenda for Change pay table (band,point,annual_gbp), all or nothing; re-costs that year's facility time"},
		{name: "report", run: reportCmd,
			usage: "--survey SLUG [--where Q=CODE[,CODE…]]… [--by QUESTION] [--format json|csv|xlsx|html] [--out FILE] [--threshold N] [--audit]\n" +
				"       [--vs-survey SLUG] [--vs-where Q=CODES]…   (compare with another population or wave: JSON)",
			help: "survey findings, with small numbers suppressed"},
		{name: "responses export", run: responsesExport,
			usage: "--survey SLUG [--format csv|xlsx] [--raw] [--out FILE] [--db DSN]",
			help:  "write a survey's responses as CSV or XLSX"},
		{name: "responses import", run: responsesImport,
			usage: "--survey SLUG [--db DSN] FILE",
			help:  "add responses from a CSV file, all or nothing"},
		{name: "restore", run: restore,
			usage: "[--force] [--db DSN] FILE",
			help:  "replace a SQLite database with a backup (refused over a database with tables unless --force); stop serve first"},
		{name: "retention run", run: retentionRun,
			usage: "[--dry-run] [--retain-contacts-days N] [--retain-leavers-days N] [--retain-audit-days N] [--db DSN]",
			help:  "delete what the retention settings no longer keep (serve does it daily); --dry-run lists what would go"},
		{name: "serve", run: serve,
			usage: "[--SETTING VALUE]…\n       each setting is also an environment variable (\"staffnet config\" prints them all, as set):" + settingsUsage(),
			help:  "run the web application"},
		{name: "survey close", run: surveySetOpen(false),
			usage: "[--db DSN] SLUG",
			help:  "close a survey"},
		{name: "survey list", run: surveyList,
			usage: "[--db DSN]",
			help:  "list surveys with their response counts"},
		{name: "survey load", run: surveyLoad,
			usage: "[--db DSN] FILE.json",
			help:  "load a survey definition (a changed one becomes a new version)"},
		{name: "survey open", run: surveySetOpen(true),
			usage: "[--db DSN] SLUG",
			help:  "open a survey for answers"},
		{name: "time import", run: timeImport,
			usage: "--network ID [--db DSN] FILE.csv",
			help:  "load a network's facility time (leader_email,role,band,pay_point,week_start,hours_agreed,hours_used), all or nothing"},
		{name: "time report", run: timeReport,
			usage: "(--network ID | --org CODE | --region CODE | --national) --from DATE --to DATE [--format json|csv|xlsx] [--out FILE]",
			help:  "facility time, its cost and the share of half a day a week per leader"},
		{name: "user add", run: userAdd,
			usage: "--email EMAIL --role ROLE [--org ODS_CODE] [--network ID] [--password-stdin] [--db DSN]\n       roles: admin, analyst, national_viewer, case_reviewer, org_admin, network_lead, sponsor and none (org_admin, network_lead and sponsor need --org;\n       --network, for network_lead and sponsor, names their network, which must belong to --org)",
			help:  "create an account"},
		{name: "user disable", run: userSetDisabled(true),
			usage: "[--db DSN] EMAIL",
			help:  "stop an account signing in and end its sessions at once"},
		{name: "user enable", run: userSetDisabled(false),
			usage: "[--db DSN] EMAIL",
			help:  "let a disabled account sign in again"},
		{name: "user list", run: userList,
			usage: "[--db DSN]",
			help:  "list accounts: email, role, organisation, network, status"},
		{name: "user remove", run: userRemove,
			usage: "[--db DSN] EMAIL",
			help:  "delete an account and end its sessions"},
		{name: "user reset", run: userReset,
			usage: "[--base-url URL] [--db DSN] EMAIL",
			help:  "print a one-time password reset link (valid 24 hours)"},
		{name: "user set-role", run: userSetRole,
			usage: "--email EMAIL --role ROLE [--org ODS_CODE] [--network ID] [--db DSN]",
			help:  "change an account's role, organisation and network"},
		{name: "wres extracts", run: wresExtracts,
			usage: "[--staff F] [--applications F] [--disciplinary F] [--training F] [--board F] [--out FILE | --save] [--db DSN]",
			help:  "aggregate record-level extracts into a WRES return"},
		{name: "wres import", run: wresImport,
			usage: "[--db DSN] FILE.csv|FILE.xlsx",
			help:  "load aggregated WRES returns, all or nothing"},
		{name: "wres report", run: wresReport,
			usage: "(--org CODE | --region CODE | --national) [--year Y | --years Y1-Y2] [--format json|csv|xlsx|html] [--suppress [--threshold N]] [--out FILE]",
			help:  "the nine WRES indicators, with trends"},
	}
}

// lookup finds the verb called name ("user add").
func lookup(name string) (command, bool) {
	for _, c := range verbs() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}
