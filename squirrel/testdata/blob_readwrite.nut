// writen/readn with each type; multi-byte values are little-endian.
local b = blob(0)
b.writen(0x12345678, 'i')
print(b.len() + " " + b.tell() + "\n")
//> 4 4
print(b[0] + " " + b[1] + " " + b[2] + " " + b[3] + "\n")
//> 120 86 52 18
b.seek(0)
print(b.readn('i') + "\n")
//> 305419896
---
local b = blob(0)
b.writen(-2, 's')
b.writen(200, 'b')
b.writen(1.5, 'f')
b.writen(0.25, 'd')
print(b.len() + "\n")
//> 15
b.seek(0)
print(b.readn('s') + " " + b.readn('b') + " " + b.readn('f') + " " + b.readn('d') + "\n")
//> -2 200 1.5 0.25
b.seek(0)
print(b.readn('w') + "\n")
//> 65534
---
// 'c' is a signed byte, 'b' an unsigned one.
local b = blob(0)
b.writen(-1, 'c')
b.seek(0)
print(b.readn('b') + "\n")
//> 255
b.seek(0)
print(b.readn('c') + "\n")
//> -1
---
// Reading past the end is an error.
local b = blob(2)
b.readn('i') ### "io error"
---
// Writing in the middle overwrites; writing at the end grows the blob.
local b = blob(4)
b.seek(2)
b.writen(0xAABB, 'w')
print(b.len() + " " + b[2] + " " + b[3] + "\n")
//> 4 187 170
b.writen(7, 'b')
print(b.len() + " " + b[4] + "\n")
//> 5 7
