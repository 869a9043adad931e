// blob(n) makes n zero bytes with the read/write pointer at 0.
local b = blob(4)
print(typeof b + " " + b.len() + " " + b.tell() + "\n")
//> blob 4 0
print(b[0] + b[1] + b[2] + b[3] + "\n")
//> 0
---
// Indexing reads and writes single bytes.
local b = blob(3)
b[0] = 65
b[1] = 66
b[2] = 0x1FF
print(b[0] + " " + b[1] + " " + b[2] + "\n")
//> 65 66 255
---
local b = blob(2)
print(b[2]) ### "index out of range"
---
local b = blob(2)
b[-1] = 1 ### "index out of range"
---
// An empty blob.
local b = blob(0)
print(b.len() + "\n")
//> 0
