// A local holding a function can refer to itself once assigned, because the
// closure captures the variable (not its value at creation time).
local fact = null
fact = function(n) { return n <= 1 ? 1 : n * fact(n - 1) }
print(fact(6) + "\n")
//> 720
---
// Recursion through a table slot.
local m = {}
m.sum <- function(arr, i = 0) { return i >= arr.len() ? 0 : arr[i] + this.sum(arr, i + 1) }
print(m.sum([1, 2, 3, 4]) + "\n")
//> 10
