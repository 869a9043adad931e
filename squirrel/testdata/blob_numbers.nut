// Round trips of integers through blobs.
local b = blob(0)
local values = [0, 1, -1, 2147483647, -2147483648, 123456]
foreach (v in values) b.writen(v, 'i')
print(b.len() + "\n")
//> 24
b.seek(0)
local ok = true
foreach (v in values) if (b.readn('i') != v) ok = false
print(ok + "\n")
//> true
---
// 16-bit values wrap on write.
local b = blob(0)
b.writen(65537, 'w')
b.writen(40000, 's')
b.seek(0)
print(b.readn('w') + " " + b.readn('s') + "\n")
//> 1 -25536
---
// Reading floats back.
local b = blob(0)
b.writen(3.5, 'f')
b.writen(-0.125, 'd')
b.seek(0)
local f = b.readn('f')
local d = b.readn('d')
print(f + " " + typeof f + " " + d + "\n")
//> 3.5 float -0.125
