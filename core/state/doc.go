// Package state is the application's storage: one IAVL tree over goleveldb,
// split among modules by a one-byte key prefix, with write caches for a
// block and for each transaction, and a gas meter.
//
// The layers, from the disk up:
//
//  1. Store wraps the IAVL MutableTree. Its root hash is the app hash.
//     SaveVersion happens only in Commit; queries and CheckTx read the last
//     saved version through Committed, never the working tree, holding
//     ReadLock since they run on other goroutines than the writer. Reads of
//     the last saved version, and the working tree's reads of keys no
//     block has written since, go through a bounded map of that version's
//     values (latest.go), which Commit moves on by dropping the keys the
//     block wrote. When the tree fills much of IAVL's node cache and
//     recent blocks' reads missed it, Commit also takes the nodes the
//     block's writes replaced out of that cache, which IAVL never does
//     itself (nodecache.go).
//  2. A Cache over the working tree collects a whole block's writes in
//     memory, so each key reaches IAVL at most once per block; Flush writes
//     them in sorted key order, which keeps the tree and its hash
//     independent of map order.
//  3. A Cache over the block cache is one transaction's branch. It is
//     flushed into the block cache only if the transaction succeeds, so a
//     failed transaction leaves no trace but its fee and nonce.
//  4. Metered wraps any KV and charges gas for each read and write.
//
// Module prefixes are all listed in prefixes.go so that two modules can
// never share one. Prefixed gives a module a view of its own keys only.
// Records are RLP (record.go), keys are built by Key and BE64 (keys.go).
//
// A failure of the store itself, a read or write the database refused or a
// record that does not decode, is a fault (ErrFault, fault.go): every
// module's corruption error wraps it, and the application stops rather
// than turn it into a transaction's result that other validators would
// not share.
package state
