package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// Text output has one style: a record is "key: value" lines, a list of
// records is a table, nested records flatten to dotted keys, amounts are
// in btt (the *_wei twins are left to -o json), and every time is shown
// in UTC as timeLayout. -o json keeps the raw answer.

const timeLayout = "2006-01-02 15:04:05 UTC"

// formatTime is the one way the CLI shows a time to people.
func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// field is one flattened key and its printed value.
type field struct{ key, value string }

// printText prints v (anything that marshals to JSON) as text.
func printText(w io.Writer, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return err
	}
	node, err := decodeOrdered(json.NewDecoder(bytes.NewReader(raw)))
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	switch n := node.(type) {
	case []any:
		if len(n) == 0 {
			fmt.Fprintln(w, "(none)")
			return nil
		}
		var cols []string
		rows := make([]map[string]string, len(n))
		for i, item := range n {
			rows[i] = map[string]string{}
			for _, f := range flatten("", item) {
				if !slices.Contains(cols, f.key) {
					cols = append(cols, f.key)
				}
				rows[i][f.key] = f.value
			}
		}
		fmt.Fprintln(tw, strings.ToUpper(strings.Join(cols, "\t")))
		for _, r := range rows {
			vals := make([]string, len(cols))
			for j, c := range cols {
				vals[j] = r[c]
			}
			fmt.Fprintln(tw, strings.Join(vals, "\t"))
		}
	default:
		for _, f := range flatten("", node) {
			fmt.Fprintf(tw, "%s:\t%s\n", f.key, f.value)
		}
	}
	return tw.Flush()
}

// object is a JSON object with its keys in the order they came.
type object []member

type member struct {
	key   string
	value any
}

// decodeOrdered reads one JSON value, keeping object key order.
func decodeOrdered(d *json.Decoder) (any, error) {
	d.UseNumber()
	tok, err := d.Token()
	if err != nil {
		return nil, err
	}
	switch tok {
	case json.Delim('{'):
		var o object
		for d.More() {
			k, err := d.Token()
			if err != nil {
				return nil, err
			}
			v, err := decodeOrdered(d)
			if err != nil {
				return nil, err
			}
			o = append(o, member{k.(string), v})
		}
		_, err := d.Token()
		return o, err
	case json.Delim('['):
		var a []any
		for d.More() {
			v, err := decodeOrdered(d)
			if err != nil {
				return nil, err
			}
			a = append(a, v)
		}
		_, err := d.Token()
		if a == nil {
			a = []any{}
		}
		return a, err
	}
	return tok, nil
}

// flatten turns a decoded value into printed fields under prefix.
func flatten(prefix string, v any) []field {
	switch n := v.(type) {
	case object:
		var out []field
		for _, f := range n {
			if strings.HasSuffix(f.key, "_wei") {
				continue // the same amount in wei, for -o json
			}
			key := f.key
			if prefix != "" {
				key = prefix + "." + f.key
			}
			out = append(out, flatten(key, f.value)...)
		}
		return out
	case []any:
		parts := make([]string, 0, len(n))
		for _, item := range n {
			for _, f := range flatten("", item) {
				if f.key == "" {
					parts = append(parts, f.value)
				} else {
					parts = append(parts, f.key+"="+f.value)
				}
			}
		}
		return []field{{prefix, strings.Join(parts, ", ")}}
	}
	return []field{{prefix, scalar(prefix, v)}}
}

// scalar prints one value; times, in either form the chain answers with
// (RFC 3339 text, or Unix nanoseconds under a key ending in _at), become
// timeLayout.
func scalar(key string, v any) string {
	switch s := v.(type) {
	case nil:
		return ""
	case string:
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil && strings.Contains(s, "T") {
			return formatTime(t)
		}
		return s
	case json.Number:
		if strings.HasSuffix(key, "_at") || strings.HasSuffix(key, "_time") {
			if ns, err := strconv.ParseInt(s.String(), 10, 64); err == nil && ns > 1e15 {
				return formatTime(time.Unix(0, ns))
			}
		}
		return s.String()
	case bool:
		return strconv.FormatBool(s)
	}
	return fmt.Sprint(v)
}
