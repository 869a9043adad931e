// A representative 200-line agent program: a small REST router, a
// message queue to the device, a rate limiter, configuration, and JSON
// encoding. It defines everything and registers its handlers at load
// time, as agent code does, and then waits for events. The memory
// benchmark (BenchmarkIdleVM) loads it into many VMs.

const VERSION = "1.4.2";
const MAX_QUEUE = 32;
const RATE_WINDOW = 60;

enum Level { DEBUG, INFO, WARN, ERROR }

config <- {
    name = "greenhouse-agent",
    reportInterval = 300,
    thresholds = { temperature = 35.0, humidity = 85, soil = 20 },
    endpoints = ["/status", "/history", "/config", "/command"],
    debug = false
};

class Logger {
    level = Level.INFO;
    prefix = "";
    constructor(prefix, level = Level.INFO) {
        this.prefix = prefix;
        this.level = level;
    }
    function log(lvl, msg) {
        if (lvl < level) return;
        local names = ["DEBUG", "INFO", "WARN", "ERROR"];
        local line = "[" + prefix + "] " + names[lvl] + ": " + msg;
        return line;
    }
    function debug(msg) { return log(Level.DEBUG, msg); }
    function info(msg) { return log(Level.INFO, msg); }
    function warn(msg) { return log(Level.WARN, msg); }
    function error(msg) { return log(Level.ERROR, msg); }
}

class Json {
    static function encode(v) {
        switch (typeof v) {
            case "null": return "null";
            case "bool": return v ? "true" : "false";
            case "integer":
            case "float": return v.tostring();
            case "string": return "\"" + Json.escape(v) + "\"";
            case "array":
                local parts = [];
                foreach (x in v) parts.append(Json.encode(x));
                return "[" + Json.join(parts, ",") + "]";
            case "table":
                local parts = [];
                foreach (k, x in v) parts.append(Json.encode(k.tostring()) + ":" + Json.encode(x));
                return "{" + Json.join(parts, ",") + "}";
        }
        throw "cannot encode " + typeof v;
    }
    static function escape(s) {
        local out = "";
        foreach (c in s) {
            if (c == '"') out += "\\\"";
            else if (c == '\\') out += "\\\\";
            else if (c == '\n') out += "\\n";
            else out += c.tochar();
        }
        return out;
    }
    static function join(parts, sep) {
        local out = "";
        foreach (i, p in parts) {
            if (i > 0) out += sep;
            out += p;
        }
        return out;
    }
}

class RateLimiter {
    window = 0;
    limit = 0;
    hits = null;
    constructor(limit, window) {
        this.limit = limit;
        this.window = window;
        this.hits = {};
    }
    function allow(key, now) {
        if (!(key in hits)) hits[key] <- [];
        local recent = hits[key].filter(function(i, t) { return now - t < window; }.bindenv(this));
        if (recent.len() >= limit) {
            hits[key] = recent;
            return false;
        }
        recent.append(now);
        hits[key] = recent;
        return true;
    }
}

class Queue {
    items = null;
    max = 0;
    dropped = 0;
    constructor(max) {
        items = [];
        this.max = max;
    }
    function push(item) {
        if (items.len() >= max) {
            items.remove(0);
            dropped++;
        }
        items.append(item);
    }
    function drain(fn) {
        local n = 0;
        while (items.len() > 0) {
            fn(items.remove(0));
            n++;
        }
        return n;
    }
    function len() { return items.len(); }
}

class Router {
    routes = null;
    fallback = null;
    constructor() {
        routes = {};
        fallback = function(req) { return { code = 404, body = "not found: " + req.path }; };
    }
    function on(method, path, handler) {
        local key = method + " " + path;
        routes[key] <- handler;
        return this;
    }
    function handle(req) {
        local key = req.method + " " + req.path;
        if (key in routes) {
            try {
                return routes[key](req);
            } catch (e) {
                return { code = 500, body = "error: " + e };
            }
        }
        return fallback(req);
    }
}

history <- [];
latest <- null;
log <- Logger("agent", config.debug ? Level.DEBUG : Level.INFO);
outbox <- Queue(MAX_QUEUE);
limiter <- RateLimiter(10, RATE_WINDOW);
router <- Router();

function record(reading) {
    latest = reading;
    history.append(reading);
    if (history.len() > 48) history.remove(0);
    local alerts = [];
    foreach (k, limit in config.thresholds) {
        if (k in reading && reading[k] > limit) alerts.append(k);
    }
    return alerts;
}

function summary() {
    local n = history.len();
    if (n == 0) return { count = 0 };
    local sum = 0.0, hi = null, lo = null;
    foreach (r in history) {
        local t = r.temperature;
        sum += t;
        if (hi == null || t > hi) hi = t;
        if (lo == null || t < lo) lo = t;
    }
    return { count = n, mean = sum / n, high = hi, low = lo };
}

router.on("GET", "/status", function(req) {
    return { code = 200, body = Json.encode({ version = VERSION, latest = latest, queued = outbox.len() }) };
}).on("GET", "/history", function(req) {
    return { code = 200, body = Json.encode(summary()) };
}).on("GET", "/config", function(req) {
    return { code = 200, body = Json.encode(config) };
}).on("POST", "/command", function(req) {
    if (!limiter.allow(req.client, req.time)) return { code = 429, body = "slow down" };
    outbox.push({ cmd = req.body, at = req.time });
    return { code = 202, body = "queued" };
});

handlers <- {
    reading = function(data) {
        local alerts = record(data);
        foreach (a in alerts) log.warn("threshold exceeded: " + a);
        return alerts.len();
    },
    hello = function(data) {
        log.info("device online, firmware " + data.version);
        return outbox.drain(function(item) {});
    },
    error = function(data) {
        log.error("device error: " + data.message);
    }
};

function dispatch(event, data) {
    if (event in handlers) return handlers[event](data);
    return null;
}
