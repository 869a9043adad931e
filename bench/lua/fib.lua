-- Lua equivalent of bench/squirrel/fib.nut: naive recursive Fibonacci of 27.
-- fib is a global, as in the Squirrel program (a root-table slot), so
-- each recursive call looks it up by name.
function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
local t = os.clock()
local r = fib(27)
print("fib(27)=" .. r .. " time=" .. (os.clock() - t) .. "s")
