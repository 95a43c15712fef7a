package store

import (
	"context"
	"database/sql"

	"staffnet/internal/network"
)

// CreateNetworkWithTerms stores a new network and its first terms of
// reference together, so a network made from the six-step guide never
// exists without the terms its founders drafted. It sets n.ID and
// t.Version.
func (db *DB) CreateNetworkWithTerms(ctx context.Context, n *network.Network, t *network.TermsOfReference) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		id, err := db.createNetwork(ctx, tx, n)
		if err != nil {
			return err
		}
		v, err := db.addTerms(ctx, tx, id, t)
		if err != nil {
			return err
		}
		n.ID, t.Version = id, v
		return nil
	})
}
