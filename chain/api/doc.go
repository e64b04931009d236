// Package api is the wire contract between a bttcd node and everything that
// talks to it over RPC: the ABCI query paths, their result codes and the JSON
// shapes of their answers.
//
// The node's application (package chain) answers with these types and
// rpcclient decodes them, so a program that only reads and sends over RPC
// (the btt client, the bridge relayer, scripts) links this package and the
// kernel under core/, never the application, IAVL or the modules.
//
// Module-specific answers (staking, governance) travel as the module's own
// JSON; the paths under which they are served are listed here.
package api
