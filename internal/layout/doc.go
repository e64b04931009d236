// Package layout holds the test that keeps the repository's dependency
// arrows pointing down (../shared/DESIGN.md §2, README "For developers").
//
// Each folder is one layer:
//
//	cmd/...             front ends: may import anything below
//	node                CometBFT in-process; imports chain and below, bridge/relay
//	chain               the ABCI application; imports modules, genesis, chain/api, core
//	chain/api           wire types of the RPC; imports core only, never core/state
//	chain/rpcclient     talks to a node; imports chain/api and core only, never core/state
//	genesis             the genesis document; imports modules and core
//	staking, governance, bridge, settlement/...   modules; import core only, never each other
//	core/...            the kernel; imports nothing of this repository but core
//	internal/...        tools for the layers above; never node or cmd
//	internal/testnode   runs a real node for tests; never cmd
//	client/...          the btt peer; never chain, node, genesis or core/state
//
// The test reads `go list -deps` and names every arrow that breaks a rule.
// Tests (_test.go files) are exempt: a module's tests may wire the kernel
// as they like, and the end-to-end tests drive everything.
package layout
