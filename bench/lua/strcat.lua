-- Lua equivalent of bench/squirrel/strcat.nut: 20k naive one-character
-- concatenations, then 1M integers turned into strings and appended to
-- an array, then the strings' lengths summed.
-- i.tostring() becomes tostring(i), parts.append(x) table.insert(parts, x),
-- p.len() p:len(), and foreach over the array ipairs.
local t = os.clock()
local s = ""
for i = 0, 19999 do s = s .. "x" end
local t2 = os.clock()
local parts = {}
for i = 0, 999999 do table.insert(parts, tostring(i)) end
local n = 0
for _, p in ipairs(parts) do n = n + p:len() end
print("len=" .. s:len() .. " naive-concat(20k) time=" .. (t2 - t) .. "s; 1M tostring+append len=" .. n .. " time=" .. (os.clock() - t2) .. "s")
