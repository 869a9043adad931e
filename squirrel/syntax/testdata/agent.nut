// An agent in the style of Electric Imp's examples: HTTP handler,
// device messages, a class with statics and a JSON-style table.
#require "Rocky.class.nut:2.0.0"

const POLL_INTERVAL = 60;
const VERSION = "1.0.2";
enum State { IDLE, BUSY, ERROR = -1 }

class Reading {
    static UNITS = "C";
    temp = null;
    stamp = 0;

    constructor(t, s = null) {
        temp = t;
        stamp = s == null ? time() : s;
    }

    function toTable() {
        return { "temp": temp, "units": UNITS, "stamp": stamp };
    }

    function _tostring() { return format("%.1f%s", temp, UNITS) }
}

readings <- [];
local state = State.IDLE;

function handleReading(data) {
    local r = Reading(data.temp);
    readings.append(r);
    if (readings.len() > 100) readings.remove(0);
    server.log("got " + r);
}

device.on("reading", handleReading);

http.onrequest(function(req, res) {
    try {
        if (req.method == "GET" && req.path == "/latest") {
            local out = readings.len() ? readings.top().toTable() : {};
            res.send(200, http.jsonencode(out));
        } else if ("reset" in req.query) {
            readings = [];
            res.send(200, "OK");
        } else {
            res.send(404, "not found");
        }
    } catch (err) {
        server.error(err);
        res.send(500, "error: " + err);
    }
});

function poll() {
    device.send("poll", null);
    imp.wakeup(POLL_INTERVAL, poll);
}
poll();
