-- Lua equivalent of bench/squirrel/loop.nut: sum 1..10,000,000.
-- Difference: Squirrel integers are 32 bits and wrap around, so loop.nut
-- prints sum=-2004260032; Lua 5.1 numbers (gopher-lua) are float64, with
-- no wrap-around, so this prints the exact sum 50000005000000.
-- Squirrel's C-style for loop becomes Lua's numeric for, the idiom a Lua
-- programmer would write (one FORLOOP instruction per iteration, where
-- Squirrel compares, increments and jumps).
local t = os.clock()
local s = 0
for i = 1, 10000000 do s = s + i end
print("sum=" .. s .. " time=" .. (os.clock() - t) .. "s")
