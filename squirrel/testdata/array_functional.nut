// map returns a new array; the callback gets each value.
local a = [1, 2, 3]
local b = a.map(@(x) x * 10)
print(b[0] + " " + b[1] + " " + b[2] + " " + a[0] + "\n")
//> 10 20 30 1
---
// apply replaces each element in place.
local a = [1, 2, 3]
a.apply(@(x) x + 100)
print(a[0] + " " + a[2] + "\n")
//> 101 103
---
// reduce folds from the left; an empty array gives null.
local a = [1, 2, 3, 4]
print(a.reduce(@(acc, x) acc + x) + "\n")
//> 10
print(["a", "b", "c"].reduce(@(acc, x) acc + x) + "\n")
//> abc
print([7].reduce(@(acc, x) acc * x) + "\n")
//> 7
print([].reduce(@(acc, x) acc + x) + "\n")
//> null
---
// filter's callback receives the index and the value.
local a = [5, 12, 7, 20]
local big = a.filter(@(i, v) v > 6)
print(big.len() + " " + big[0] + " " + big[2] + "\n")
//> 3 12 20
local evenidx = a.filter(@(i, v) i % 2 == 0)
print(evenidx[0] + " " + evenidx[1] + "\n")
//> 5 7
---
// find returns the index of the first equal element or null.
local a = [3, "x", 4.0, 3]
print(a.find(3) + "\n")
//> 0
print(a.find("x") + "\n")
//> 1
print(a.find(4) + "\n")
//> 2
print(a.find("nope") + "\n")
//> null
---
// Errors in callbacks propagate.
local a = [1, 2]
a.map(function(x) { throw "bad " + x }) ### "bad 1"
