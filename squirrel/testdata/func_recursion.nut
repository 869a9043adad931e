// Recursive global functions.
function fact(n) { return n <= 1 ? 1 : n * fact(n - 1) }
print(fact(10) + "\n")
//> 3628800
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2) }
print(fib(20) + "\n")
//> 6765
---
// Mutual recursion.
function isEven(n) { return n == 0 ? true : isOdd(n - 1) }
function isOdd(n) { return n == 0 ? false : isEven(n - 1) }
print(isEven(10) + " " + isOdd(7) + "\n")
//> true true
---
// callee() returns the running function, useful for anonymous recursion.
local f = function(n) { return n <= 1 ? 1 : n * callee()(n - 1) }
print(f(5) + "\n")
//> 120
---
// Deep but finite recursion.
function depth(n) { return n == 0 ? 0 : 1 + depth(n - 1) }
print(depth(500) + "\n")
//> 500
