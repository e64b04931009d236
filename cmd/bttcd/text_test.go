package main

import (
	"strings"
	"testing"
	"time"
)

func TestPrintTextRecord(t *testing.T) {
	type commission struct {
		Rate string `json:"rate"`
	}
	v := struct {
		Operator   string     `json:"operator"`
		Commission commission `json:"commission"`
		UpdatedAt  uint64     `json:"updated_at"`
		Since      string     `json:"since"`
		Jailed     bool       `json:"jailed"`
		Tags       []string   `json:"tags"`
	}{"0xabc", commission{"0.1"}, uint64(time.Date(2026, 11, 30, 16, 5, 12, 0, time.UTC).UnixNano()), "2026-11-30T17:05:12+01:00", true, []string{"a", "b"}}
	var b strings.Builder
	if err := printText(&b, v); err != nil {
		t.Fatal(err)
	}
	want := "operator:         0xabc\n" +
		"commission.rate:  0.1\n" +
		"updated_at:       2026-11-30 16:05:12 UTC\n" +
		"since:            2026-11-30 16:05:12 UTC\n" +
		"jailed:           true\n" +
		"tags:             a, b\n"
	if b.String() != want {
		t.Fatalf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestPrintTextTable(t *testing.T) {
	type row struct {
		Validator string `json:"validator"`
		Amount    string `json:"amount"`
		AmountWei string `json:"amount_wei"`
	}
	var b strings.Builder
	if err := printText(&b, []row{{"0x1", "5btt", "5000000000000000000"}, {"0x22", "10btt", "10000000000000000000"}}); err != nil {
		t.Fatal(err)
	}
	want := "VALIDATOR  AMOUNT\n0x1        5btt\n0x22       10btt\n"
	if b.String() != want {
		t.Fatalf("got\n%q\nwant\n%q", b.String(), want)
	}
	b.Reset()
	if err := printText(&b, []row{}); err != nil || b.String() != "(none)\n" {
		t.Fatalf("empty list: %q %v", b.String(), err)
	}
}
