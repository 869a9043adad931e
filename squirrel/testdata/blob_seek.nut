// seek from the beginning ('b', the default), current position ('c') or end ('e').
local b = blob(10)
b.seek(4)
print(b.tell() + "\n")
//> 4
b.seek(2, 'c')
print(b.tell() + "\n")
//> 6
b.seek(-3, 'e')
print(b.tell() + "\n")
//> 7
b.seek(1, 'b')
print(b.tell() + "\n")
//> 1
---
// Seeking outside the blob fails and leaves the pointer alone.
local b = blob(4)
b.seek(2)
print(b.seek(10) + " " + b.tell() + "\n")
//> -1 2
print(b.seek(-1) + " " + b.tell() + "\n")
//> -1 2
print(b.seek(4) + " " + b.tell() + "\n")
//> 0 4
---
// eos tells whether the pointer is at the end.
local b = blob(2)
print((b.eos() ? "end" : "not end") + "\n")
//> not end
b.seek(2)
print((b.eos() ? "end" : "not end") + "\n")
//> end
