// slice(start [, end]); negative values count from the end.
local s = "hello world"
print(s.slice(6) + "\n")
//> world
print(s.slice(0, 5) + "\n")
//> hello
print(s.slice(-5) + "\n")
//> world
print(s.slice(1, -1) + "\n")
//> ello worl
print(s.slice(3, 3).len() + "\n")
//> 0
---
local s = "abc"
s.slice(2, 1) ### "wrong indexes"
---
local s = "abc"
s.slice(0, 4) ### "slice out of range"
