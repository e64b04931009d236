package state

import (
	"errors"
	"fmt"
	"strconv"
)

// Page sizes of list queries.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// PageRequest asks for one page of a list: the ids after After (nil: from
// the first), at most Limit of them.
type PageRequest struct {
	After *[32]byte
	Limit int
}

// ParsePage reads a list query's optional trailing path parts, AFTER and
// LIMIT; an AFTER of "-" or "" asks for the first page. parseID reads an
// id in its module's form.
func ParsePage(parts []string, parseID func(string) ([32]byte, error)) (PageRequest, error) {
	req := PageRequest{Limit: DefaultPageSize}
	if len(parts) > 2 {
		return req, errors.New("want at most AFTER and LIMIT after the address")
	}
	if len(parts) > 0 && parts[0] != "-" && parts[0] != "" {
		id, err := parseID(parts[0])
		if err != nil {
			return req, err
		}
		req.After = &id
	}
	if len(parts) > 1 {
		n, err := strconv.Atoi(parts[1])
		if err != nil || n < 1 || n > MaxPageSize {
			return req, fmt.Errorf("limit %q: want 1 to %d", parts[1], MaxPageSize)
		}
		req.Limit = n
	}
	return req, nil
}

// PageIDs lists one page of the 32-byte ids that end the keys under
// prefix, in key order; more reports whether another page follows.
func PageIDs(g Getter, prefix []byte, req PageRequest) (ids [][32]byte, more bool, err error) {
	start, end := prefix, PrefixEnd(prefix)
	if req.After != nil {
		start = append(append(append([]byte(nil), prefix...), req.After[:]...), 0) // just past After
	}
	err = g.Range(start, end, func(k, _ []byte) bool {
		if len(ids) == req.Limit {
			more = true
			return false
		}
		var id [32]byte
		copy(id[:], k[len(k)-len(id):])
		ids = append(ids, id)
		return true
	})
	return ids, more, err
}
