package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"staffnet/internal/auth"
	"staffnet/internal/store"
)

// actor names who ran a command, for the audit log.
func actor(e *env) string {
	if u := e.getenv("USER"); u != "" {
		return "command line (" + u + ")"
	}
	return "command line"
}

func audit(ctx context.Context, e *env, db *store.DB, action, target, detail string) error {
	return db.Audit(ctx, store.AuditEntry{Actor: actor(e), Action: action, Target: target, Detail: detail})
}

// placeFlags are the role, organisation and network flags of user add
// and user set-role.
type placeFlags struct {
	email, role, org *string
	network          *int64
}

func addPlaceFlags(fs *flag.FlagSet) placeFlags {
	return placeFlags{
		email:   fs.String("email", "", "email address (the sign-in name)"),
		role:    fs.String("role", "", "admin, analyst, national_viewer, case_reviewer, org_admin, network_lead or sponsor"),
		org:     fs.String("org", "", "the organisation (ODS code) of an org_admin, network_lead or sponsor"),
		network: fs.Int64("network", 0, "the network (id, see /networks) a network_lead or sponsor belongs to"),
	}
}

// parse checks the flags' values on their own (usage errors).
func (p placeFlags) parse() (store.User, error) {
	var u store.User
	addr, err := auth.NormaliseEmail(*p.email)
	if err != nil {
		return u, usageError{"--email: " + err.Error()}
	}
	role, err := auth.ParseRole(*p.role)
	if err != nil {
		return u, usageError{"--role: " + err.Error()}
	}
	org := strings.ToUpper(strings.TrimSpace(*p.org))
	if role.NeedsOrg() != (org != "") {
		if role.NeedsOrg() {
			return u, usageError{"--org is required for role " + string(role)}
		}
		return u, usageError{"--org is only for the org_admin, network_lead and sponsor roles"}
	}
	if *p.network < 0 || (*p.network != 0 && !role.HasNetwork()) {
		return u, usageError{"--network is only for the network_lead and sponsor roles, with a network id"}
	}
	return store.User{Email: addr, Role: role, Org: org, NetworkID: *p.network}, nil
}

// checkPlace checks an account's organisation and network against the
// database: both exist, and the network belongs to the organisation.
func checkPlace(ctx context.Context, db *store.DB, u store.User) error {
	if u.Org != "" {
		if _, err := db.Organisation(ctx, u.Org); err != nil {
			return notFound(err, "no organisation %s: import the ODS file first (staffnet orgs import)", u.Org)
		}
	}
	if u.NetworkID != 0 {
		n, err := db.Network(ctx, u.NetworkID)
		if err != nil {
			return notFound(err, "no network %d", u.NetworkID)
		}
		if n.OrgCode != u.Org {
			return fmt.Errorf("network %d belongs to %s, not %s", u.NetworkID, n.OrgCode, u.Org)
		}
	}
	return nil
}

func place(u store.User) string {
	d := "role " + string(u.Role)
	if u.Org != "" {
		d += ", organisation " + u.Org
	}
	if u.NetworkID != 0 {
		d += fmt.Sprint(", network ", u.NetworkID)
	}
	return d
}

func userAdd(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("user add", e)
	pf := addPlaceFlags(fs)
	fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input")
	if err := noArgs(fs, args); err != nil {
		return err
	}
	u, err := pf.parse()
	if err != nil {
		return err
	}
	var pw string
	generated := false
	if *fromStdin {
		line, err := bufio.NewReader(e.stdin).ReadString('\n')
		if err != nil && line == "" {
			return fmt.Errorf("reading password: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
		if err := auth.CheckNewPassword(pw, u.Email); err != nil {
			return fmt.Errorf("password %w", err)
		}
	} else {
		pw, generated = auth.NewToken()[:20], true
	}
	if err := withDB(ctx, e, *dsn, func(db *store.DB) error {
		if err := checkPlace(ctx, db, u); err != nil {
			return err
		}
		u.PasswordHash = auth.HashPassword(pw)
		if _, err := db.AddUser(ctx, u); errors.Is(err, store.ErrExists) {
			return fmt.Errorf("an account for %s already exists", u.Email)
		} else if err != nil {
			return err
		}
		return audit(ctx, e, db, "account added", u.Email, place(u))
	}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "created %s account for %s\n", u.Role, u.Email)
	if generated {
		fmt.Fprintf(e.stdout, "password (shown once; give it over securely): %s\n", pw)
	}
	return nil
}

func userList(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("user list", e)
	if err := noArgs(fs, args); err != nil {
		return err
	}
	return printEach(ctx, e, *dsn, (*store.DB).Users, func(u store.User) []string {
		status := "active"
		if u.Disabled {
			status = "disabled"
		}
		network := ""
		if u.NetworkID != 0 {
			network = fmt.Sprint(u.NetworkID)
		}
		return []string{u.Email, string(u.Role), u.Org, network, status}
	})
}

// namedUser opens the database and finds the account named by the single
// argument; the caller closes the database.
func namedUser(ctx context.Context, e *env, fs *flag.FlagSet, dsn *string, args []string) (*store.DB, *store.User, error) {
	arg, err := one(fs, args, "name one account by its email address")
	if err != nil {
		return nil, nil, err
	}
	email, err := auth.NormaliseEmail(arg)
	if err != nil {
		return nil, nil, usageError{err.Error()}
	}
	db, err := openDB(ctx, e, *dsn)
	if err != nil {
		return nil, nil, err
	}
	u, err := db.UserByEmail(ctx, email)
	if err != nil {
		db.Close()
		return nil, nil, notFound(err, "no account for %s", email)
	}
	return db, u, nil
}

func lastAdminError(err error) error {
	if errors.Is(err, store.ErrLastAdmin) {
		return errors.New("this is the only enabled administrator: make another account an administrator first")
	}
	return err
}

func userSetRole(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("user set-role", e)
	pf := addPlaceFlags(fs)
	if err := noArgs(fs, args); err != nil {
		return err
	}
	u, err := pf.parse()
	if err != nil {
		return err
	}
	if err := withDB(ctx, e, *dsn, func(db *store.DB) error {
		old, err := db.UserByEmail(ctx, u.Email)
		if err != nil {
			return notFound(err, "no account for %s", u.Email)
		}
		if err := checkPlace(ctx, db, u); err != nil {
			return err
		}
		u.ID = old.ID
		if err := db.UpdateUser(ctx, u); err != nil {
			return lastAdminError(err)
		}
		return audit(ctx, e, db, "account changed", u.Email, "from "+place(*old)+" to "+place(u))
	}); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s is now %s\n", u.Email, place(u))
	return nil
}

func userSetDisabled(disabled bool) func(context.Context, *env, []string) error {
	name := map[bool]string{true: "user disable", false: "user enable"}[disabled]
	return func(ctx context.Context, e *env, args []string) error {
		fs, dsn := flags(name, e)
		db, u, err := namedUser(ctx, e, fs, dsn, args)
		if err != nil {
			return err
		}
		defer db.Close()
		if err := db.SetDisabled(ctx, u.ID, disabled); err != nil {
			return lastAdminError(err)
		}
		if disabled {
			fmt.Fprintf(e.stdout, "disabled %s and ended its sessions\n", u.Email)
			return audit(ctx, e, db, "account disabled", u.Email, "its sessions and reset links ended")
		}
		fmt.Fprintf(e.stdout, "enabled %s\n", u.Email)
		return audit(ctx, e, db, "account enabled", u.Email, "")
	}
}

func userRemove(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("user remove", e)
	db, u, err := namedUser(ctx, e, fs, dsn, args)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.RemoveUser(ctx, u.ID); err != nil {
		return lastAdminError(err)
	}
	fmt.Fprintf(e.stdout, "removed %s\n", u.Email)
	return audit(ctx, e, db, "account removed", u.Email, place(*u))
}

func userReset(ctx context.Context, e *env, args []string) error {
	fs, dsn := flags("user reset", e)
	base := fs.String("base-url", "", "the address people reach staffnet at (default $STAFFNET_URL, else http://127.0.0.1:8080)")
	db, u, err := namedUser(ctx, e, fs, dsn, args)
	if err != nil {
		return err
	}
	defer db.Close()
	if u.Disabled {
		return fmt.Errorf("%s is disabled: enable it first (staffnet user enable)", u.Email)
	}
	b := *base
	if b == "" {
		b = e.getenv("STAFFNET_URL")
	}
	if b == "" {
		b = "http://127.0.0.1:8080"
	}
	token := auth.NewToken()
	if err := db.CreateReset(ctx, token, u.ID, time.Now()); err != nil {
		return err
	}
	if err := audit(ctx, e, db, "password reset link issued", u.Email, "valid for 24 hours, once"); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "One-time password reset link for %s (valid for 24 hours; give it over securely):\n\n  %s/reset/%s\n\n", u.Email, strings.TrimRight(b, "/"), token)
	return nil
}
