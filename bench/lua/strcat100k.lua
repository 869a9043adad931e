-- Lua equivalent of bench/squirrel/strcat100k.nut: 100k naive
-- one-character concatenations (quadratic copying).
local t = os.clock()
local s = ""
for i = 0, 99999 do s = s .. "x" end
print("naive concat 100k len=" .. s:len() .. " time=" .. (os.clock() - t) .. "s")
