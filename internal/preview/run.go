package preview

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/belgian-programme/explainer/internal/pipeline"
	"github.com/belgian-programme/explainer/internal/watch"
)

// Run builds the site, then watches its input folders and rebuilds after
// every batch of changes, until ctx is done. Every build outcome goes to
// Update, so open pages reload; failures are logged and keep the last good
// site served. Run returns an error only when the folders cannot be
// watched.
func (s *Server) Run(ctx context.Context) error {
	b := pipeline.NewBuilder(s.opts.Build)
	batches, err := watch.Watch(ctx, b.Inputs(), s.opts.Watch)
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	b = s.rebuild(ctx, b, nil, true)
	for batch := range batches {
		for _, e := range batch.Errs {
			fmt.Fprintf(s.opts.ErrLog, "watch: %v\n", e)
		}
		if batch.Overflow {
			fmt.Fprintln(s.opts.ErrLog, "watch: events were lost; rebuilding everything")
		}
		b = s.rebuild(ctx, b, batch.Paths, batch.Overflow)
	}
	return nil
}

// rebuild runs one build, after the changed paths or of everything when
// all is set, and publishes its outcome. It returns the Builder to use
// next: a fresh one if the build panicked, as its cache cannot be trusted
// then.
func (s *Server) rebuild(ctx context.Context, b *pipeline.Builder, changed []string, all bool) (next *pipeline.Builder) {
	next = b
	defer func() {
		if v := recover(); v != nil {
			err := fmt.Errorf("internal error while building (please report it): %v", v)
			s.logFailure(err)
			s.Update(nil, err)
			next = pipeline.NewBuilder(s.opts.Build)
		}
	}()
	var res *pipeline.Result
	var st pipeline.Stats
	var err error
	if all {
		res, st, err = b.RebuildAll(ctx)
	} else {
		res, st, err = b.Rebuild(ctx, changed)
	}
	if st.Unchanged || ctx.Err() != nil {
		return b
	}
	if err != nil {
		s.logFailure(err)
		s.Update(nil, err)
		return b
	}
	fmt.Fprintf(s.opts.Log, "%s %s\n", clock(), st)
	if n := len(res.Warnings); n > 0 {
		// Incomplete content previews with fallbacks; the gaps are listed
		// where an editor looks.
		fmt.Fprintf(s.opts.Log, "%s %d warnings: gaps to fill before publishing, listed by explainer status and at %s\n", clock(), n, ReviewPath)
	}
	s.Update(res, nil)
	return b
}

// logFailure logs a failed build: a header with the time and the phase,
// then one problem a line, each starting with its "file:line:".
func (s *Server) logFailure(err error) {
	var b strings.Builder
	fmt.Fprintf(&b, "%s build failed", clock())
	var pe *pipeline.PhaseError
	if errors.As(err, &pe) {
		fmt.Fprintf(&b, " (%s)", pe.Phase)
	}
	b.WriteString("; the last good site stays served:\n")
	for _, p := range Problems(err) {
		b.WriteString(p.String())
		b.WriteByte('\n')
	}
	io.WriteString(s.opts.ErrLog, b.String())
}

func clock() string { return time.Now().Format("15:04:05") }
