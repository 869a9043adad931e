// const declares compile-time constants: integers, floats and strings.
const ANSWER = 42
const PI2 = 6.28
const NAME = "squirrel"
const NEG = -5
print(ANSWER + " " + PI2 + " " + NAME + " " + NEG + "\n")
//> 42 6.28 squirrel -5
print(ANSWER * 2 + "\n")
//> 84
---
// Constants are visible inside functions declared after them.
const LIMIT = 3
function under(x) { return x < LIMIT }
print(under(2) + " " + under(5) + "\n")
//> true false
---
// Constants are not slots of the root table.
const C1 = 1
print(("C1" in getroottable()) + "\n")
//> false
---
// Assigning to a constant is a compile error.
const K = 1
K = 2 ### "can't assign expression"
---
// Only scalars can be constants.
const BAD = [1] ### "scalar expected"
