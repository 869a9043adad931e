// writeblob copies another blob in; readblob reads bytes into a new blob.
local src = blob(0)
src.writestring("data")
local dst = blob(0)
dst.writestring(">")
dst.writeblob(src)
print(dst.tostring() + " " + dst.len() + "\n")
//> >data 5
dst.seek(1)
local part = dst.readblob(2)
print(typeof part + " " + part.len() + " " + part.tostring() + "\n")
//> blob 2 da
print(dst.tell() + "\n")
//> 3
---
// clone copies the bytes.
local a = blob(2)
a[0] = 9
local c = clone a
c[0] = 1
print(a[0] + " " + c[0] + " " + c.len() + "\n")
//> 9 1 2
---
// foreach over a blob gives index and byte.
local b = blob(3)
b[0] = 10
b[1] = 20
b[2] = 30
local s = ""
foreach (i, v in b) s += i + "=" + v + " "
print(s + "|\n")
//> 0=10 1=20 2=30 |
