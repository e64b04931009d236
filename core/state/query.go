package state

import "errors"

// Errors a module answers a query path with; the application turns them
// into the query's result code.
var (
	// ErrUnknownQuery is returned for a path no query answers.
	ErrUnknownQuery = errors.New("unknown query path")
	// ErrBadQuery is returned for a known query with bad arguments.
	ErrBadQuery = errors.New("bad query")
)
