package seed

import (
	"context"
	"errors"
	"testing"
)

// TestParseAllCancelled checks that a cancelled context stops ParseAll
// with the context's error rather than a programme.
func TestParseAllCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	files := []File{{Name: "a.txt", Data: []byte("x")}, {Name: "b.txt", Data: []byte("y")}}
	prog, err := ParseAll(ctx, files)
	if !errors.Is(err, context.Canceled) || prog != nil {
		t.Errorf("ParseAll with a cancelled context = %v, %v; want nil, context.Canceled", prog, err)
	}
}
