// tolower and toupper change ASCII letters only.
print("Hello World 123!".tolower() + "\n")
//> hello world 123!
print("Hello World 123!".toupper() + "\n")
//> HELLO WORLD 123!
local s = "MiXeD"
local l = s.tolower()
print(s + " " + l + "\n")
//> MiXeD mixed
