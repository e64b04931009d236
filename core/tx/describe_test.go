package tx

import "testing"

type plainMsg struct{}

func (plainMsg) Kind() string    { return "test/plain" }
func (plainMsg) Validate() error { return nil }

type describedMsg struct{ plainMsg }

func (describedMsg) Describe() string { return "do the thing" }

func TestDescribeFallsBackToTheKind(t *testing.T) {
	if have := Describe(plainMsg{}); have != "test/plain" {
		t.Fatalf("Describe of a message without a line: %q", have)
	}
	if have := Describe(describedMsg{}); have != "do the thing" {
		t.Fatalf("Describe: %q", have)
	}
}
