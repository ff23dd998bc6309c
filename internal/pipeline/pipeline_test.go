package pipeline

import (
	"errors"
	"testing"
)

func TestGoCatch(t *testing.T) {
	want := errors.New("failed")
	if err := goCatch(func() error { return want })(); err != want {
		t.Errorf("goCatch returned %v, want %v", err, want)
	}
	// A panic in the goroutine reaches the goroutine that waits.
	wait := goCatch(func() error { panic("boom") })
	defer func() {
		if v := recover(); v != "boom" {
			t.Errorf("recovered %v, want the goroutine's panic", v)
		}
	}()
	wait()
	t.Error("wait returned after a panic")
}
