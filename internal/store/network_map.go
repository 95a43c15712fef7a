package store

import (
	"context"
	"slices"
	"sort"
	"strings"

	"staffnet/internal/network"
	"staffnet/internal/orgs"
)

// TypeCount counts networks of one type and the organisations that have
// one.
type TypeCount struct {
	Type          network.Type `json:"type"`
	Networks      int          `json:"networks"`
	Organisations int          `json:"organisations"`
}

// AlsoHad is, among the organisations with a BME network, how many also
// have a network of another type, and their share of them (0 to 1).
type AlsoHad struct {
	Type          network.Type `json:"type"`
	Organisations int          `json:"organisations"`
	Share         float64      `json:"share"`
}

// AreaPicture is the networks of one region, or of the whole country.
type AreaPicture struct {
	Region        string      `json:"region"` // region code; "" for the whole country
	Name          string      `json:"name"`
	Organisations int         `json:"organisations"` // open organisations
	WithBME       int         `json:"with_bme"`      // organisations with a BME network
	WithAny       int         `json:"with_any"`      // organisations with any network
	WithNone      int         `json:"with_none"`     // organisations with no network at all
	Networks      int         `json:"networks"`      // networks of every type
	ByType        []TypeCount `json:"by_type"`       // every type, in network.Types order
	AlsoHad       []AlsoHad   `json:"also_had"`      // every type but BME, in network.Types order
}

// NetworkMap is the national and regional picture of networks.
type NetworkMap struct {
	National AreaPicture   `json:"national"`
	Regions  []AreaPicture `json:"regions"` // NHS England's regions in orgs.RegionCodes order, then any other region code present
}

// NetworkMap counts networks by region and type. Only open organisations
// count, and only networks that are not closed (a dormant network still
// exists; a closed one does not).
func (db *DB) NetworkMap(ctx context.Context) (*NetworkMap, error) {
	areas, err := db.countAreas(ctx)
	if err != nil {
		return nil, err
	}
	codes := slices.Clone(orgs.RegionCodes)
	var others []string
	for r := range areas {
		if !slices.Contains(codes, r) {
			others = append(others, r)
		}
	}
	sort.Strings(others)
	codes = append(codes, others...)
	m := &NetworkMap{}
	var all []*areaCounts
	for _, r := range codes {
		o := orgs.Organisation{Region: r}
		name := o.RegionName()
		if strings.TrimSpace(r) == "" {
			name = "No region"
		}
		m.Regions = append(m.Regions, areaPicture(r, name, []*areaCounts{areas[r]}))
		if slices.Contains(orgs.RegionCodes, r) {
			all = append(all, areas[r]) // England: NHS England's seven regions, not Wales (W00)
		}
	}
	m.National = areaPicture("", "England", all)
	return m, nil
}

// areaCounts is what NetworkMap counts in one region.
type areaCounts struct {
	orgs     int
	bme, any map[string]bool // organisations with a BME network, with any network
	nets     map[network.Type]int
	typeOrgs map[network.Type]map[string]bool // organisations with a network of each type
}

// addNetwork counts one network of type t at organisation org.
func (a *areaCounts) addNetwork(org string, t network.Type) {
	a.nets[t]++
	a.any[org] = true
	if t == network.TypeBME {
		a.bme[org] = true
	}
	if a.typeOrgs[t] == nil {
		a.typeOrgs[t] = map[string]bool{}
	}
	a.typeOrgs[t][org] = true
}

// countAreas counts open organisations and their networks that are not
// closed, by region code; every one of NHS England's regions is present,
// with no organisations if none are stored.
func (db *DB) countAreas(ctx context.Context) (map[string]*areaCounts, error) {
	areas := map[string]*areaCounts{}
	get := func(region string) *areaCounts {
		a := areas[region]
		if a == nil {
			a = &areaCounts{bme: map[string]bool{}, any: map[string]bool{}, nets: map[network.Type]int{}, typeOrgs: map[network.Type]map[string]bool{}}
			areas[region] = a
		}
		return a
	}
	for _, r := range orgs.RegionCodes {
		get(r)
	}
	rows, err := db.sql.QueryContext(ctx, `SELECT region, count(*) FROM organisations WHERE closed_on = '' GROUP BY region`)
	if err := eachRow(rows, err, func(row rowScanner) error {
		var region string
		var n int
		if err := row.Scan(&region, &n); err != nil {
			return err
		}
		get(region).orgs = n
		return nil
	}); err != nil {
		return nil, err
	}
	// One row per network: small enough (a few thousand at most) to count
	// here, which keeps the SQL portable and the rules in one place.
	rows, err = db.sql.QueryContext(ctx, `SELECT o.region, n.org_code, n.type FROM networks n JOIN organisations o ON o.code = n.org_code
		WHERE o.closed_on = '' AND n.status <> 'closed'`)
	if err := eachRow(rows, err, func(row rowScanner) error {
		var region, org, typ string
		if err := row.Scan(&region, &org, &typ); err != nil {
			return err
		}
		get(region).addNetwork(org, network.Type(typ))
		return nil
	}); err != nil {
		return nil, err
	}
	return areas, nil
}

// areaPicture sums the counts of one or more regions.
func areaPicture(region, name string, list []*areaCounts) AreaPicture {
	p := AreaPicture{Region: region, Name: name}
	also := map[network.Type]int{}
	for _, a := range list {
		p.Organisations += a.orgs
		p.WithBME += len(a.bme)
		p.WithAny += len(a.any)
		for org := range a.bme {
			for t, m := range a.typeOrgs {
				if t != network.TypeBME && m[org] {
					also[t]++
				}
			}
		}
	}
	p.WithNone = max(p.Organisations-p.WithAny, 0)
	for _, t := range network.Types {
		c := TypeCount{Type: t}
		for _, a := range list {
			c.Networks += a.nets[t]
			c.Organisations += len(a.typeOrgs[t])
		}
		p.Networks += c.Networks
		p.ByType = append(p.ByType, c)
		if t == network.TypeBME {
			continue
		}
		h := AlsoHad{Type: t, Organisations: also[t]}
		if p.WithBME > 0 {
			h.Share = float64(also[t]) / float64(p.WithBME)
		}
		p.AlsoHad = append(p.AlsoHad, h)
	}
	return p
}
