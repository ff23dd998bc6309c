package seed

import "github.com/belgian-programme/explainer/internal/diag"

// Error is a problem at a position in a seed file. Line is the line of the
// file as an editor counts it (1-based), not the source line number printed
// at the end of the line.
type Error = diag.Error

// ErrorList is the list of problems of one or more seed files; Err sorts it
// by file and line.
type ErrorList = diag.List
