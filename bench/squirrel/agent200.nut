// agent200.nut: a plausible Electric Imp agent program of about 200
// lines, the input of BenchmarkCompile. It is only compiled, never run:
// http, device, server and imp exist on the imp cloud, not in a plain VM.
//
// A greenhouse monitor: the device sends sensor readings; the agent keeps
// a rolling history, raises alerts when a reading leaves its band, posts
// batches to a web service and answers HTTP requests for status,
// history and settings.

const API_URL = "https://api.example.com/v1/readings";
const BATCH_SIZE = 20;
const HISTORY_MAX = 288; // a day of readings at one per 5 minutes
const RETRY_DELAY = 30.0;

enum Level {
    OK,
    WARN,
    ALARM
}

// Band is the allowed range of one measured quantity.
class Band {
    name = null;
    low = 0.0;
    high = 0.0;
    margin = 0.0;

    constructor(n, lo, hi, m = 0.5) {
        name = n;
        low = lo;
        high = hi;
        margin = m;
    }

    function level(v) {
        if (v < low - margin || v > high + margin) return Level.ALARM;
        if (v < low || v > high) return Level.WARN;
        return Level.OK;
    }

    function describe() {
        return format("%s in [%.1f, %.1f] (+/- %.1f)", name, low, high, margin);
    }
}

// History is a ring buffer of readings with simple statistics.
class History {
    items = null;
    max = 0;
    next = 0;

    constructor(size) {
        items = [];
        max = size;
    }

    function add(r) {
        if (items.len() < max) {
            items.append(r);
        } else {
            items[next] = r;
        }
        next = (next + 1) % max;
    }

    function len() {
        return items.len();
    }

    function stats(key) {
        local n = 0, sum = 0.0, lo = null, hi = null;
        foreach (r in items) {
            if (!(key in r)) continue;
            local v = r[key];
            sum += v;
            n++;
            if (lo == null || v < lo) lo = v;
            if (hi == null || v > hi) hi = v;
        }
        if (n == 0) return null;
        return { count = n, mean = sum / n, min = lo, max = hi };
    }

    function latest(count) {
        local out = [];
        local n = items.len();
        for (local i = 0; i < count && i < n; i++) {
            local idx = (next - 1 - i + n) % n;
            out.append(items[idx]);
        }
        return out;
    }
}

// Uploader batches readings and posts them, retrying on failure.
class Uploader {
    queue = null;
    busy = false;
    sent = 0;
    failures = 0;

    constructor() {
        queue = [];
    }

    function push(r) {
        queue.append(r);
        if (queue.len() >= BATCH_SIZE && !busy) flush();
    }

    function flush() {
        if (queue.len() == 0) return;
        busy = true;
        local batch = queue;
        queue = [];
        local body = http.jsonencode({ device = imp.configparams.deviceid, readings = batch });
        local headers = { "Content-Type": "application/json", "X-Batch-Size": batch.len().tostring() };
        http.post(API_URL, headers, body).sendasync(function(resp) {
            busy = false;
            if (resp.statuscode >= 200 && resp.statuscode < 300) {
                sent += batch.len();
            } else {
                failures++;
                server.log("upload failed: " + resp.statuscode + " " + resp.body);
                foreach (r in batch) queue.insert(0, r);
                imp.wakeup(RETRY_DELAY, flush.bindenv(this));
            }
        }.bindenv(this));
    }
}

bands <- {
    temp = Band("temperature", 18.0, 27.0, 1.5),
    humid = Band("humidity", 40.0, 80.0, 5.0),
    light = Band("light", 100.0, 50000.0)
};

history <- History(HISTORY_MAX);
uploader <- Uploader();
alerts <- [];
settings <- server.load();
if (!("interval" in settings)) settings.interval <- 300;
if (!("name" in settings)) settings.name <- "greenhouse";

function levelName(l) {
    switch (l) {
        case Level.OK: return "ok";
        case Level.WARN: return "warn";
        case Level.ALARM: return "alarm";
    }
    return "unknown";
}

function checkReading(r) {
    local worst = Level.OK;
    foreach (key, band in bands) {
        if (!(key in r)) continue;
        local l = band.level(r[key]);
        if (l > worst) worst = l;
        if (l != Level.OK) {
            local msg = settings.name + ": " + band.name + " " + levelName(l) + " at " + r[key];
            alerts.append({ time = r.time, level = l, message = msg });
            if (alerts.len() > 50) alerts.remove(0);
            server.log(msg);
        }
    }
    return worst;
}

device.on("reading", function(data) {
    local r = { time = time() };
    foreach (k, v in data) r[k] <- v;
    history.add(r);
    r.level <- checkReading(r);
    uploader.push(r);
});

device.on("hello", function(info) {
    server.log("device online, firmware " + info.version);
    device.send("config", { interval = settings.interval, bands = { temp = [bands.temp.low, bands.temp.high] } });
});

function statusPage() {
    local s = "<html><head><title>" + settings.name + "</title></head><body>";
    s += "<h1>" + settings.name + "</h1><table>";
    foreach (key, band in bands) {
        local st = history.stats(key);
        if (st == null) continue;
        s += format("<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td></tr>", band.name, st.mean, st.min, st.max);
    }
    s += "</table><p>" + history.len() + " readings, " + uploader.sent + " uploaded, " + uploader.failures + " failures</p>";
    foreach (a in alerts) s += "<p class=\"" + levelName(a.level) + "\">" + a.message + "</p>";
    return s + "</body></html>";
}

function send(response, code, body) {
    if (typeof body == "table" || typeof body == "array") {
        response.header("Content-Type", "application/json");
        body = http.jsonencode(body);
    }
    response.send(code, body);
}

http.onrequest(function(request, response) {
    try {
        local path = request.path.tolower();
        if (path == "" || path == "/") {
            response.header("Content-Type", "text/html");
            response.send(200, statusPage());
        } else if (path == "/history") {
            local n = "n" in request.query ? request.query.n.tointeger() : 24;
            send(response, 200, history.latest(n));
        } else if (path == "/settings" && request.method == "POST") {
            local body = http.jsondecode(request.body);
            if ("interval" in body) settings.interval = body.interval.tointeger();
            if ("name" in body) settings.name = body.name;
            server.save(settings);
            device.send("config", { interval = settings.interval });
            send(response, 200, settings);
        } else {
            send(response, 404, { error = "no such path: " + path });
        }
    } catch (e) {
        server.error("request failed: " + e);
        send(response, 500, { error = e });
    }
});
