package main

import (
	"context"
	"fmt"
	"strings"

	"staffnet/internal/csvsafe"
)

func init() {
	register("contacts list", command{usage: "[--survey SLUG] [--raw] [--db DSN]", help: "list contact details left by respondents", run: contactsList})
	register("contacts delete", command{usage: "--email EMAIL [--db DSN]", help: "delete every contact entry with this email", run: contactsDelete})
}

// contactsList prints one tab-separated line per entry: survey, email,
// name, organisation. The fields are typed by respondents, so unless --raw
// is given one that a spreadsheet would run as a formula gets a ' in front.
func contactsList(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("contacts list", e)
	slug := fs.String("survey", "", "only this survey's contacts")
	raw := fs.Bool("raw", false, "write fields exactly (default: fields a spreadsheet would run as formulas get a ' in front)")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	db, err := openDB(ctx, e, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	list, err := db.Contacts(ctx, *slug)
	if err != nil {
		return err
	}
	w := csvsafe.New(e.stdout, *raw)
	w.Comma = '\t'
	for _, c := range list {
		w.Write([]string{c.SurveySlug, c.Email, c.Name, c.Organisation})
	}
	w.Flush()
	return w.Error()
}

func contactsDelete(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("contacts delete", e)
	email := fs.String("email", "", "email address whose entries to delete")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*email) == "" {
		return usageError{"--email is required"}
	}
	db, err := openDB(ctx, e, *dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	n, err := db.DeleteContacts(ctx, *email)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "deleted %d contact entr%s for %s\n", n, map[bool]string{true: "y", false: "ies"}[n == 1], *email)
	return nil
}
