// Package testnode runs a real single-validator bttcd node inside a test's
// process, on loopback ports, with a funded key: what the RPC client, the
// load generator and, later, the relayer and the btt client are tested
// against. It stops itself when the test ends.
package testnode
