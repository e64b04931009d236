package dec

import (
	"encoding/json"
	"fmt"
	"time"
)

// Duration is a parameter's span of block time. In JSON it is Go duration
// text ("504h", "10m0s") so that genesis files and proposals read plainly.
type Duration struct{ time.Duration }

// Of wraps d.
func Of(d time.Duration) Duration { return Duration{d} }

// MarshalJSON writes the duration text.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(d.String()) }

// UnmarshalJSON reads duration text in Go's units (h, m, s); "21d" is refused.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("want a duration such as \"504h\" or \"10m\"")
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return fmt.Errorf("want a duration such as \"504h\" or \"10m\": %v", err)
	}
	d.Duration = v
	return nil
}
