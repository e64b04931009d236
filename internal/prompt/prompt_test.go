package prompt

import (
	"os"
	"path/filepath"
	"testing"
)

func TestFirstLine(t *testing.T) {
	dir := t.TempDir()
	for content, want := range map[string]string{"s3cret\nmore\n": "s3cret", "crlf\r\n": "crlf", "no newline": "no newline", "": ""} {
		p := filepath.Join(dir, "p")
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if got, err := FirstLine(p); err != nil || got != want {
			t.Errorf("%q: got %q, %v; want %q", content, got, err, want)
		}
	}
	if _, err := FirstLine(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file read")
	}
}
