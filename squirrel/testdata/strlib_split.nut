// split breaks a string at any of the separator characters; empty pieces
// are dropped.
local parts = split("a,b,,c", ",")
print(parts.len() + " " + parts[0] + parts[1] + parts[2] + "\n")
//> 3 abc
---
local parts = split("one two;three", " ;")
print(parts.len() + " " + parts[2] + "\n")
//> 3 three
---
local parts = split("nothing-to-split", ",")
print(parts.len() + " " + parts[0] + "\n")
//> 1 nothing-to-split
---
local parts = split(",,,", ",")
print(parts.len() + "\n")
//> 0
local e = split("", ",")
print(e.len() + "\n")
//> 0
---
// Leading and trailing separators are ignored.
local parts = split("/usr/local/", "/")
print(parts.len() + " " + parts[0] + " " + parts[1] + "\n")
//> 2 usr local
