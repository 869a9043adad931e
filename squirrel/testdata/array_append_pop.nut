// append/push add at the end; pop removes and returns the last; top peeks.
local a = []
a.append(1)
a.push(2)
a.append("three")
print(a.len() + " " + a.top() + "\n")
//> 3 three
print(a.pop() + " " + a.len() + "\n")
//> three 2
print(a.pop() + a.pop() + " " + a.len() + "\n")
//> 3 0
---
local a = []
a.pop() ### "empty array"
---
local a = []
a.top() ### "top.. on a empty array"
---
// append takes exactly one value.
local a = []
a.append(1, 2) ### "wrong number of parameters"
