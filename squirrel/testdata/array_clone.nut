// clone makes a shallow copy of an array.
local inner = [1]
local a = [inner, 2]
local b = clone a
b[1] = 20
b[0].append(5)
print(a[1] + " " + b[1] + "\n")
//> 2 20
print(a[0].len() + "\n")
//> 2
print((a[0] == b[0]) + " " + (a == b) + "\n")
//> true false
