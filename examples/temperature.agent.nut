// The temperature sensor's agent: keeps the most recent readings (saved,
// so a server restart keeps them) and serves them as JSON at its URL.
//   GET  <agent url>               {"device": ..., "readings": [...]}
//   POST <agent url>/interval?s=5  tells the device to sample every 5 s

const KEEP = 20;

saved <- server.load();
readings <- ("readings" in saved) ? saved.readings : [];

device.on("reading", function(r) {
    // The device's floats are 32-bit: keep two decimals.
    r.celsius = format("%.2f", r.celsius).tofloat();
    r.volts = format("%.2f", r.volts).tofloat();
    readings.append(r);
    while (readings.len() > KEEP) readings.remove(0);
    server.save({ readings = readings });
    if (readings.len() % 10 == 0) {
        server.log(format("%.2f C (%d readings kept)", r.celsius, readings.len()));
    }
});

device.onconnect(function() { server.log("device connected"); });
device.ondisconnect(function() { server.log("device disconnected"); });

http.onrequest(function(req, res) {
    res.header("Content-Type", "application/json");
    if (req.path == "/interval" && req.method == "POST") {
        local s = ("s" in req.query) ? req.query.s.tofloat() : 0.0;
        if (s < 1.0 || s > 3600.0) {
            res.send(400, http.jsonencode({ error = "s must be from 1 to 3600 seconds" }));
            return;
        }
        local sent = device.send("interval", s);
        res.send(sent == 0 ? 200 : 503, http.jsonencode({ interval = s, sent = sent == 0 }));
        return;
    }
    res.send(200, http.jsonencode({ connected = device.isconnected(), readings = readings }));
});
