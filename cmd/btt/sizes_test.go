package main

import (
	"testing"
	"time"
)

func TestParseSizeAndRate(t *testing.T) {
	for in, want := range map[string]int64{
		"1024": 1024, "16KiB": 16 << 10, "1.5MiB": 3 << 19, "2MB": 2e6, "1GiB": 1 << 30, " 3 kb ": 3000, "0": 0,
	} {
		if got, err := parseSize(in); err != nil || got != want {
			t.Errorf("parseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "fast", "-1MiB", "1XB", "1e400", "9999999999GiB"} {
		if _, err := parseSize(bad); err == nil {
			t.Errorf("parseSize(%q) accepted", bad)
		}
	}
	for in, want := range map[string]int{"": 0, "500KiB/s": 500 << 10, "2MiBps": 2 << 20, "1MB": 1e6} {
		if got, err := parseRate(in); err != nil || got != want {
			t.Errorf("parseRate(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	if _, err := parseRate("3GiB/s"); err == nil {
		t.Error("a rate beyond 2 GiB/s accepted")
	}
}

func TestFormat(t *testing.T) {
	for n, want := range map[int64]string{0: "0 B", 1023: "1023 B", 1536: "1.5 KiB", 5 << 30: "5.0 GiB"} {
		if got := formatBytes(n); got != want {
			t.Errorf("formatBytes(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{59 * time.Second: "0:59", 61 * time.Minute: "1:01:00", -1: "--:--", 100 * time.Hour: "--:--"} {
		if got := formatDuration(d); got != want {
			t.Errorf("formatDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
