// tostring and string conversion of scalar values.
print((1).tostring() + "|" + (1.25).tostring() + "|" + true.tostring() + "\n")
//> 1|1.25|true
print("" + null + "\n")
//> null
---
// print converts its argument to a string.
print(12)
print(" ")
print(0.5)
print(" ")
print(null)
print(" ")
print(false)
print("\n")
//> 12 0.5 null false
---
// print takes exactly one argument.
print("a", "b") ### "wrong number of parameters"
---
// Converting a table or array gives a description starting with its type.
local s = {}.tostring()
print(s.slice(0, 6) + "\n")
//> (table
local a = [].tostring()
print(a.slice(0, 6) + "\n")
//> (array
