// tell and len move as data is written and read.
local b = blob(0)
print(b.tell() + " " + b.len() + "\n")
//> 0 0
b.writen(1, 'b')
b.writen(2, 's')
print(b.tell() + " " + b.len() + "\n")
//> 3 3
b.seek(1)
b.readn('b')
print(b.tell() + " " + b.len() + "\n")
//> 2 3
---
// A preallocated blob keeps its length while being overwritten.
local b = blob(8)
b.writen(7, 'i')
print(b.tell() + " " + b.len() + "\n")
//> 4 8
