-- Lua equivalent of bench/squirrel/oop.nut: 1M method calls, each
-- allocating a new object.
-- The Squirrel class becomes a metatable: calling Vec(a, b) (through
-- __call) makes an instance with the field defaults x = 0, y = 0 and runs
-- the constructor on it, as Squirrel does; add is found through __index.
-- Vec is a global, as the Squirrel class is a root-table slot.
Vec = {}
Vec.__index = Vec
setmetatable(Vec, {__call = function(cls, a, b)
  local o = setmetatable({x = 0, y = 0}, cls)
  o:constructor(a, b)
  return o
end})
function Vec:constructor(a, b) self.x = a; self.y = b end
function Vec:add(o) return Vec(self.x + o.x, self.y + o.y) end
local t = os.clock()
local v = Vec(0, 0); local d = Vec(1, 2)
for i = 0, 999999 do v = v:add(d) end
print("vec=" .. v.x .. "," .. v.y .. " 1M method calls+allocs time=" .. (os.clock() - t) .. "s")
