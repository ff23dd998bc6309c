//go:build unix

package pipeline

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/belgian-programme/explainer/internal/render"
)

// helperEnv makes the test binary a build that makes its fresh folder
// beside the output named by the variable, prints the folder, waits for
// its standard input to close and exits without cleaning up: a build that
// is killed (TestMain runs dyingBuild).
const helperEnv = "EXPLAINER_TEST_WORKDIR_OUT"

// dyingBuild is the test binary run as a build in another process (see
// helperEnv): it returns 3 once its standard input closes, without
// cleaning up, as a killed build would leave things.
func dyingBuild(out string) int {
	w, err := newWorkDir(out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	if err := os.WriteFile(filepath.Join(w.path, "half.html"), []byte("half"), 0o644); err != nil {
		return 2
	}
	fmt.Println(w.path)
	bufio.NewReader(os.Stdin).ReadString('\n')
	return 3
}

// startBuild starts a build in another process that stays in its fresh
// folder until stop is called, then dies without cleaning up.
func startBuild(t *testing.T, out string) (folder string, stop func()) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperEnv+"="+out)
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("helper build: %v", err)
	}
	return strings.TrimSpace(line), func() {
		in.Close()
		cmd.Wait() // exit status 3, as planned
	}
}

// beside lists the names in the output's parent folder.
func beside(t *testing.T, out string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

func files(n int, who string) []render.File {
	out := []render.File{{Path: "who.txt", Data: []byte(who)}}
	for i := range n {
		out = append(out, render.File{Path: fmt.Sprintf("p%d/index.html", i), Data: []byte(who)})
	}
	return out
}

// TestWriteRemovesLeftovers: the folders of a build that died are removed
// by the next build, with an old-style folder that has no lock file; the
// folder of a build still running is kept.
func TestWriteRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "build")
	running, stopRunning := startBuild(t, out)
	defer stopRunning()
	dead, stopDead := startBuild(t, out)
	stopDead()
	for _, p := range []string{filepath.Join(dir, ".build.new-old1"), filepath.Join(dir, ".build.new-old2.old")} {
		if err := os.MkdirAll(filepath.Join(p, "fr"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ".build.new-old3.lock"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := Write(files(3, "a"), out); err != nil {
		t.Fatal(err)
	}
	got := beside(t, out)
	want := []string{"build", filepath.Base(running), filepath.Base(running) + ".lock"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("beside the output after a build: %v; want %v (dead build's folder was %s)", got, want, filepath.Base(dead))
	}
	stopRunning()
	if err := Write(files(3, "b"), out); err != nil {
		t.Fatal(err)
	}
	if got := beside(t, out); !slices.Equal(got, []string{"build"}) {
		t.Errorf("beside the output once no build runs: %v; want [build]", got)
	}
}

// TestConcurrentWrites: builds writing the same output at once all
// succeed; the output is one of them whole, and nothing is left beside it.
func TestConcurrentWrites(t *testing.T) {
	out := filepath.Join(t.TempDir(), "build")
	const n = 4
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() { errs[i] = Write(files(40, fmt.Sprint(i)), out) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("build %d: %v", i, err)
		}
	}
	who, err := os.ReadFile(filepath.Join(out, "who.txt"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		data, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("p%d", i), "index.html"))
		if err != nil || string(data) != string(who) {
			t.Fatalf("p%d: %q, %v; want %q like who.txt: the output mixes builds", i, data, err, who)
		}
	}
	if got := beside(t, out); !slices.Equal(got, []string{"build"}) {
		t.Errorf("beside the output: %v; want [build]", got)
	}
}
