// writestring, readstring and tostring (imp extensions).
local b = blob(0)
b.writestring("hello")
print(b.len() + " " + b.tell() + "\n")
//> 5 5
print(b.tostring() + "\n")
//> hello
b.seek(1)
print(b.readstring(3) + "\n")
//> ell
print(b.tell() + "\n")
//> 4
---
// readstring stops at the end of the blob.
local b = blob(0)
b.writestring("abc")
b.seek(1)
print(b.readstring(100) + "\n")
//> bc
---
// Bytes written by index show up in the string.
local b = blob(3)
b[0] = 'x'
b[1] = 'y'
b[2] = 'z'
print(b.tostring() + "\n")
//> xyz
