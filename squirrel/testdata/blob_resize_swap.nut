// resize changes the memory a blob holds: growing it keeps the length
// (sqstdblobimpl.h's Resize only ever lowers _size), shrinking truncates.
local b = blob(2)
b[0] = 1
b[1] = 2
b.resize(4)
print(b.len() + " " + b[0] + b[1] + "\n")
//> 2 12
b.resize(1)
print(b.len() + " " + b[0] + "\n")
//> 1 1
---
// Shrinking below the pointer moves the pointer back to the end.
local b = blob(8)
b.seek(6)
b.resize(3)
print(b.tell() + "\n")
//> 3
---
// swap2 and swap4 reverse the bytes of each 16- or 32-bit unit.
local b = blob(0)
b.writen(0x0102, 'w')
b.writen(0x0304, 'w')
b.swap2()
b.seek(0)
print(format("%04x %04x", b.readn('w'), b.readn('w')) + "\n")
//> 0201 0403
---
local b = blob(0)
b.writen(0x01020304, 'i')
b.swap4()
b.seek(0)
print(format("%08x", b.readn('i')) + "\n")
//> 04030201
