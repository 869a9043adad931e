// A thermostat: reads a (simulated) temperature every ten minutes, keeps
// an hour of history, and reports a summary each hour. Runs with
//   go run ./cmd/drey sq -imp device examples/thermostat.device.nut
const SAMPLE_EVERY = 600;
const REPORT_EVERY = 3600;

class Thermostat {
    history = null;
    target = 21.0;
    reading = 0;

    constructor(target) {
        this.target = target;
        history = [];
    }

    // A made-up sensor: the room warms in the afternoon.
    function sample() {
        local hour = (hardware.millis() / 3600000) % 24;
        local t = 18.0 + 6.0 * math.sin(hour * math.PI / 12.0) + (reading++ % 3) * 0.1;
        history.append(t);
        if (history.len() > 6) history.remove(0);
        imp.wakeup(SAMPLE_EVERY, sample);
    }

    function report() {
        local sum = 0.0;
        foreach (t in history) sum += t;
        local mean = history.len() ? sum / history.len() : 0.0;
        local state = mean < target ? "heating" : "idle";
        server.log(format("hour %d: mean %.1f C over %d samples, %s", hardware.millis() / 3600000, mean, history.len(), state));
        imp.wakeup(REPORT_EVERY, report);
    }
}

local t = Thermostat(21.0);
t.sample();
imp.wakeup(REPORT_EVERY, t.report.bindenv(t));
