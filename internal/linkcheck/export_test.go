package linkcheck

// EachLink is eachLink, for the tests of package linkcheck_test.
var EachLink = eachLink
