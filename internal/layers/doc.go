// Package layers holds no code. Its test checks that the packages of the
// module import one another in one direction, from the model at the bottom
// to the commands at the top, and that each third-party library is used
// where the layering says.
package layers
