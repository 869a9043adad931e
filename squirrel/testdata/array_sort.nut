// sort without a comparator uses the default ordering.
local a = [5, 3, 9, 1, 7]
a.sort()
local s = ""
foreach (v in a) s += v + " "
print(s + "|\n")
//> 1 3 5 7 9 |
---
// Strings sort bytewise.
local a = ["pear", "Apple", "fig", "banana"]
a.sort()
print(a[0] + " " + a[1] + " " + a[2] + " " + a[3] + "\n")
//> Apple banana fig pear
---
// Mixed integers and floats.
local a = [2.5, 1, 3, 0.5]
a.sort()
print(a[0] + " " + a[1] + " " + a[2] + " " + a[3] + "\n")
//> 0.5 1 2.5 3
---
// A comparator returning an integer.
local a = [5, 3, 9, 1, 7]
a.sort(@(x, y) y <=> x)
local s = ""
foreach (v in a) s += v + " "
print(s + "|\n")
//> 9 7 5 3 1 |
---
// Sorting by a field.
local people = [{ n = "c", age = 30 }, { n = "a", age = 10 }, { n = "b", age = 20 }]
people.sort(function(p, q) { return p.age - q.age })
print(people[0].n + people[1].n + people[2].n + "\n")
//> abc
---
// The comparator must return a number.
local a = [3, 1, 2]
a.sort(@(x, y) x > y) ### "numeric value expected as return value of the compare function"
---
// Sorting empty and single-element arrays.
local a = []
a.sort()
local b = [1]
b.sort(@(x, y) 0)
print(a.len() + " " + b[0] + "\n")
//> 0 1
