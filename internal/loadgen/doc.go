// Package loadgen measures a running node end to end: it funds many
// accounts, pre-signs transfers among them, submits them over RPC and
// reports committed transfers per second and the time from submission to
// inclusion (p50, p95). `bttcd bench load` is its front end.
//
// Signing happens before the clock starts, so the figure is the node's
// (and its RPC's) throughput, not the generator's. The generator still runs
// on the same machine as the node in our benchmarks, which the report says.
package loadgen
