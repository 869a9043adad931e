// null orders before any other value in < and >.
print((null < 1) + "\n")
//> true
print((1 > null) + "\n")
//> true
print((null < "a") + "\n")
//> true
print(("a" < null) + "\n")
//> false
print((null <=> 0) + "\n")
//> -1
print((5 <=> null) + "\n")
//> 1
