-- Lua equivalent of bench/squirrel/table.nut: 1M integer keys written and
-- read back, then 1M string keys "k0".."k999999" written and iterated.
-- Differences: Squirrel integers are 32 bits and wrap around, so table.nut
-- prints both sums as 1783293664; Lua 5.1 numbers (gopher-lua) are
-- float64, so this prints the exact 499999500000. Lua keeps keys 1..n in
-- a table's array part, so the integer-key half here exercises Lua's
-- array part (key 0 goes to the hash part); a Squirrel table is always a
-- hash table. Squirrel's "k" + i is "k" .. i; foreach (k, v in st) is pairs.
local t = os.clock()
local tab = {}
for i = 0, 999999 do tab[i] = i end
local s = 0
for i = 0, 999999 do s = s + tab[i] end
local t2 = os.clock()
-- string keys
local st = {}
for i = 0, 999999 do st["k" .. i] = i end
local s2 = 0
for k, v in pairs(st) do s2 = s2 + v end
print("int-key sum=" .. s .. " int-key time=" .. (t2 - t) .. "s; str-key sum=" .. s2 .. " str-key time=" .. (os.clock() - t2) .. "s")
