// Package genesis reads, checks and writes genesis.json: CometBFT's genesis
// document whose app_state holds the BTTC application's initial state.
//
// app_state is a JSON object with one key per module:
//
//	{
//	  "tx":   {"max_block_gas": 500000000},
//	  "bank": {"params": {...}, "accounts": [{"address": "0x…", "balance": "1000btt"}]}
//	}
//
// Unknown keys are refused, so a misspelt field cannot be silently ignored,
// and every error names the field it is about, as in
// "app_state.bank.accounts[3].balance: bad amount "12": it needs a unit".
// The document's top level is checked as strictly: an unknown field, a
// missing genesis_time or an initial_height out of range is refused.
//
// presets.go tunes the default state for chains people try things on:
// Local (minutes-long unbonding and votes, for bttcd testnet) and Dev
// (Local plus a funded reward pool, for bttcd dev).
package genesis
