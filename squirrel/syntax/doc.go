// Package syntax is the front end of Drey's Squirrel: the scanner, the
// syntax tree and the parser of the language as Electric Imp ships it, a
// modified Squirrel 3.0.4 with 32-bit integers.
//
// Parse turns a source file into a *File. The parser follows the
// reference compiler's grammar (parser.go has it at the top), accepts the
// programs it accepts, and stops at the first error, reported as an
// *Error whose message uses the reference's wording:
//
//	main.nut:3:7: end of statement expected (; or lf)
//
// Where Squirrel 3.0.4 and later versions differ, this package follows
// 3.0.4:
//
//   - in and instanceof bind less tightly than the bitwise operators and
//     more tightly than &&: a in b | c is a in (b | c). (3.1 gave them the
//     precedence of <.)
//   - After the then-branch of an if, a ';' or line feed is needed unless
//     'else' or '}' follows, even after a block: "if (a) {x()} y()" on one
//     line is an error. The else-branch needs one too. (3.1 relaxed this.)
//   - A constant or enum value is an integer, float or string; booleans
//     came in 3.1.
//   - \x in a string reads up to four hex digits and keeps the low byte
//     (3.1 does the same; later versions read two in 8-bit builds).
//   - function a::b() declares with '::' only; a.b is not accepted there.
//
// Two things from 3.1 are accepted as well: __LINE__ and __FILE__, which
// become literals.
//
// A few inputs that the reference compiles into broken code or crashes on
// are errors here: assigning to base ('base' cannot be modified, 3.1's
// message), and assigning to, incrementing or deleting something that is
// not a variable or slot even when the reference's bookkeeping would let
// it through (a.b + c = 1).
//
// What needs the compiler's knowledge of scopes is left to the compiler:
// whether a name is a local, so that "x <- 1" on a local is an error (can't
// 'create' a local slot), delete of a local (cannot delete an (outer)
// local), a class statement naming a local, and the folding of constants
// and enums. A name that is not a local or an outer variable but was
// declared by const or enum before it is a value (the constants are the
// VM's, so a declaration inside a function, or in a file compiled
// earlier, counts): assigning to it, incrementing or deleting it is an
// error (can't assign expression, and so on), an enum's name must be
// followed by '.' and a member (expected '.'; invalid constant [E.X]), and
// a class statement naming one is an invalid class name.
//
// Dump prints a tree as S-expressions; Format prints it back as Squirrel
// that parses to the same tree.
package syntax
