// Used by mnv4-compile-errors.test: nothing to count.
module {
}
