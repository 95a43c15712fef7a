package main

import (
	"context"
	"fmt"
	"strings"

	"staffnet/internal/csvsafe"
	"staffnet/internal/store"
)

// contactKey reads STAFFNET_CONTACT_KEY: nil if it is unset.
func contactKey(e *env) (*store.ContactKey, error) {
	s := e.getenv("STAFFNET_CONTACT_KEY")
	if s == "" {
		return nil, nil
	}
	return store.ParseContactKey(s)
}

func contactsKey(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageError{"no arguments expected"}
	}
	fmt.Fprintln(e.stdout, store.GenerateContactKey())
	return nil
}

// contactsList prints one tab-separated line per entry: survey, email,
// name, organisation. The fields are typed by respondents, so unless --raw
// is given one that a spreadsheet would run as a formula gets a ' in front.
func contactsList(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("contacts list", e)
	slug := fs.String("survey", "", "only this survey's contacts")
	raw := fs.Bool("raw", false, "write fields exactly (default: fields a spreadsheet would run as formulas get a ' in front)")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error {
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
		if err := w.Error(); err != nil {
			return err
		}
		if n, err := db.HeldContacts(ctx); err != nil {
			return err
		} else if n > 0 {
			fmt.Fprintln(e.stderr, "Contact details left today (or on a quiet day) are held sealed and are listed here once released, after the day ends.")
		}
		return nil
	})
}

func contactsDelete(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("contacts delete", e)
	email := fs.String("email", "", "email address whose entries to delete")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	if strings.TrimSpace(*email) == "" {
		return usageError{"--email is required"}
	}
	key, err := contactKey(e)
	if err != nil {
		return err
	}
	return withDB(ctx, e, *dsn, func(db *store.DB) error {
		n, err := db.DeleteContacts(ctx, *email, key)
		if err != nil {
			return err
		}
		entries := "entries"
		if n == 1 {
			entries = "entry"
		}
		// The audit log keeps that details were deleted, never whose.
		if err := audit(ctx, e, db, "contact details deleted", "contact details (email not recorded)", fmt.Sprintf("%d %s", n, entries)); err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "deleted %d contact %s for %s\n", n, entries, *email)
		if held, err := db.HeldContacts(ctx); err != nil {
			return err
		} else if held > 0 && key == nil {
			fmt.Fprintln(e.stderr, "Some contact details are held sealed until released, after the day ends; without STAFFNET_CONTACT_KEY they could not be searched. Run this again tomorrow.")
		}
		return nil
	})
}
