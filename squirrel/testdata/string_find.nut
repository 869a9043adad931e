// find returns the index of the first occurrence, or null.
local s = "one two one"
print(s.find("one") + "\n")
//> 0
print(s.find("two") + "\n")
//> 4
print(s.find("one", 1) + "\n")
//> 8
print(s.find("three") + "\n")
//> null
print(s.find("") + "\n")
//> 0
---
// A start index at or past the end finds nothing.
local s = "abc"
print(s.find("c", 3) + "\n")
//> null
print(s.find("c", 2) + "\n")
//> 2
