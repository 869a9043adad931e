// __LINE__ and __FILE__ are literals (accepted by the imp's compiler).
print(typeof __LINE__ + "\n")
//> integer
print(typeof __FILE__ + "\n")
//> string
print((__LINE__ > 0) + "\n")
//> true
---
local a = __LINE__
local b = __LINE__
print((b - a) + "\n")
//> 1
