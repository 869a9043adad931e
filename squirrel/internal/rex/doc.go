// Package rex is the regular-expression engine behind the regexp class of
// Squirrel 3.0.4's string library (the reference is sqstdrex.cpp).
//
// The dialect is the reference library's own, not POSIX or RE2, and this
// package reproduces it byte for byte:
//
//   - Syntax: \ quotes; ^ (only at the start of a branch) and $; | between
//     branches; (...) captures and (?:...) does not; [...] and [^...] with
//     ranges; . is any byte; the quantifiers * + ? {n} {n,} {n,m};
//     \t \n \r \f \v; the classes \a \A \w \W \s \S \d \D \x \X \c \C \p \P
//     and \l (lowercase) \u (uppercase); \b \B; \m<open><close>, which
//     matches a span from open to the close that balances it.
//   - Quantifiers never backtrack. A repeat takes its operand until it can
//     take no more, or until the node right after it would match at that
//     point, whichever comes first, and never gives anything back: "a*a"
//     does not match "aaa" and ".*x" stops at the first x.
//   - \b is a boundary between space and non-space, tested the reference's
//     way (by looking at the byte at and after the position), not a word
//     boundary; \B is its negation.
//   - Classification follows the C "C" locale over unsigned bytes; a raw
//     byte outside printable ASCII in a pattern is an error ("letter
//     expected") unless escaped.
//   - A pattern or subject ends at its first NUL byte. Search never starts
//     a match at the very end of the subject, so an empty subject (or a
//     start offset at the end) never matches.
//   - Counts are 16-bit: {70000} is {4464}; 65535 means unbounded.
//   - Capture positions are kept in the compiled object between calls, as
//     in the reference, and a group that repeats reports its first
//     repetition, not its last.
//
// It departs from the reference only where the reference reads outside its
// buffers: a pattern ending in a lone backslash is an error ("letter
// expected"); nothing matches past the end of the subject (Squirrel 3.0.4's
// . and negated classes could step over the terminator, later releases fixed
// that); a start offset outside the subject is no match. It adds limits the
// reference lacks: a step budget per call (DefaultSteps, or the *Limit
// methods), a recursion bound in the matcher, and at most 200 nested groups
// in a pattern.
//
// \m is not in Squirrel 3.0.4 (it came with 3.1, where 3.0.4 read "\m" as a
// literal m); it is supported here as later releases define it.
package rex
