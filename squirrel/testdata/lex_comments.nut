// Line comments, block comments and '#' comments are ignored.
local a = 1 // trailing comment
/* a block comment
   spanning lines */
local b = /* inline */ 2
# a hash comment (3.0.1 and later)
print((a + b) + "\n")
//> 3
---
/* comments do not nest: the first close ends it */
local x = 10 /* */ + 5
print(x + "\n")
//> 15
---
local s = "// not a comment"
print(s + "\n")
//> // not a comment
---
local s = "/* not a comment */"
print(s.len() + "\n")
//> 19
