// Package staking is BTTC's proof of stake: validators, delegations,
// unbonding and redelegation, block rewards and fees, and slashing.
//
// Validators are created by their operator account with an Ed25519
// consensus key (what CometBFT signs with), a secp256k1 bridge signer
// address (what checkpoints are signed with), a commission and a
// self-bond. Anyone may delegate. Stake is held as shares of a validator:
// a slash lowers the validator's tokens and so the value of every share at
// once. Voting power is bonded wei / 10^18 (1 BTT, 1 power).
//
// At the end of each block the active set is recomputed as the top
// max_validators unjailed validators by power; the difference from the set
// last sent becomes FinalizeBlock's ValidatorUpdates. Unbonding and
// redelegation entries, and validators leaving the set, mature by block
// time through queues keyed by completion time.
//
// At the start of each block the previous block's fees plus the block
// reward (paid from the genesis-funded reward pool while it lasts) are
// split: the community tax to the community pool, the rest among the
// validators that signed, by power; a validator's commission goes to its
// operator and the rest to its delegators through a cumulative reward per
// share, so no block ever visits delegations. Any change to a delegation
// pays out its rewards first.
//
// Double signs reported by CometBFT slash 5% of the stake at the
// infraction (following stake that since left into unbonding or
// redelegation, each unit once), jail forever and tombstone the key.
// Validators that miss more than allowed of the signed-blocks window are
// slashed 0.01% and jailed for the downtime jail duration; unjail brings
// them back once it has passed.
//
// Invariants (checked by Invariants and SetInvariant, and after every
// block of the model test):
//   - the bonded pool holds exactly the bonded validators' tokens, and the
//     not-bonded pool the other validators' tokens plus unbonding entries;
//   - a validator's shares are the sum of its delegations' shares;
//   - the set last sent to CometBFT is exactly the bonded validators at
//     their current power;
//   - the distribution account covers every pending reward and commission.
//
// State transitions read only the store and the Env (block height and
// time); they never read the clock, randomness or map order.
package staking
