// Memoisation with a closure over a table.
function memoize(f) {
  local cache = {}
  return function(n) {
    if (n in cache) return cache[n]
    local r = f(n)
    cache[n] <- r
    return r
  }
}
local calls = 0
local slowSquare = function(n) { calls++; return n * n }
local fast = memoize(slowSquare)
fast(4)
fast(4)
fast(5)
print(calls + " " + fast(5) + "\n")
//> 2 25
---
// Memoised Fibonacci through a global.
memo <- {}
function mfib(n) {
  if (n < 2) return n
  if (n in memo) return memo[n]
  local v = mfib(n - 1) + mfib(n - 2)
  memo[n] <- v
  return v
}
print(mfib(40) + "\n")
//> 102334155
