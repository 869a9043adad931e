// len, indexing and typeof.
local s = "hello"
print(s.len() + " " + typeof s + "\n")
//> 5 string
print(s[0] + " " + s[4] + "\n")
//> 104 111
print(typeof s[0] + "\n")
//> integer
print(s[1].tochar() + "\n")
//> e
---
// Indexing past the end is an error.
local s = "abc"
print(s[3]) ### "the index '3' does not exist"
---
// Strings are immutable.
local s = "abc"
s[0] = 'x' ### "trying to set 'string'"
---
// The empty string.
local e = ""
print(e.len() + "\n")
//> 0
print((e == "") + "\n")
//> true
---
// Bytes above 127 index as unsigned values.
local s = "\xC0\xFF"
print(s[0] + " " + s[1] + "\n")
//> 192 255
