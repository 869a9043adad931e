# Device code: hardware setup, bit twiddling, generators, closures.
local i2c = hardware.i2c89;
i2c.configure(CLOCK_SPEED_400_KHZ);
const ADDR = 0x90;

function readTemp() {
    local raw = i2c.read(ADDR, "\x00", 2);
    if (raw == null) {
        server.error("i2c read failed: " + i2c.readerror());
        return null;
    }
    local v = (raw[0] << 4) | (raw[1] >> 4);
    if (v & 0x800) v = -((~v & 0x7FF) + 1);
    return v * 0.0625;
}

function counter(n) {
    for (local i = 0; i < n; i++) yield i;
    return null;
}

local total = 0;
foreach (k, v in counter(5)) total += v;

local adders = [];
for (local i = 0; i < 3; ++i) {
    adders.append(@(x) x + i);
}

local mask = 0xFFFFFFFF >>> 28, sum = 0;
while (mask) { sum += mask & 1; mask = mask >> 1; }
do { sum-- } while (sum > 0)

switch (typeof total) {
    case "integer":
        server.log("int " + total);
        break;
    case "float":
    default:
        server.log("other");
}

local t = { [1] = "one", two = 2, function three() { return 3 } };
delete t.two;
local c = clone t;
local blob = blob(16);
blob.writen(0x1234, 'w');
agent.on("poll", function(_) {
    agent.send("reading", { temp = readTemp() });
});
