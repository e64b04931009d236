//go:build !unix

package loadgen

import "time"

// cpuTime is not measured here: the report's ToolCPU stays zero.
func cpuTime() time.Duration { return 0 }
