package main

import "testing"

func TestDataDate(t *testing.T) {
	tests := []struct {
		env     string
		want    string
		wantErr bool
	}{
		{env: "", want: ""},
		{env: "0", want: "1970-01-01"},
		{env: "1764720000", want: "2025-12-03"},
		{env: "1764806399", want: "2025-12-03"}, // the last second of the day, UTC
		{env: "yesterday", wantErr: true},
		{env: "-5", wantErr: true},
		{env: "1.5", wantErr: true},
	}
	for _, tt := range tests {
		got, err := dataDate(func(k string) string {
			if k != "SOURCE_DATE_EPOCH" {
				t.Fatalf("read %s", k)
			}
			return tt.env
		})
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("SOURCE_DATE_EPOCH=%q: got %q, %v; want %q, error %v", tt.env, got, err, tt.want, tt.wantErr)
		}
	}
}
