package content

import (
	"context"
	"errors"
	"testing"
	"testing/fstest"
)

// TestLoadCancelled checks that a cancelled context stops Load with the
// context's error rather than content.
func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	fsys := fstest.MapFS{"fr/units/a.md": {Data: []byte("Texte.\n")}}
	c, err := Load(ctx, fsys, "content")
	if !errors.Is(err, context.Canceled) || c != nil {
		t.Errorf("Load with a cancelled context = %v, %v; want nil, context.Canceled", c, err)
	}
}
