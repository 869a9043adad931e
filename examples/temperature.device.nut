// Temperature sensor: reads the thermistor on pin9 (a 10k NTC, B = 3380,
// under a 10k resistor from the supply) and sends each reading to the
// agent. The agent can change the interval with a "interval" message.

const B = 3380.0;
const T0 = 298.15;     // 25 C in kelvin
const R0 = 10000.0;    // thermistor resistance at T0, and the series resistor

interval <- 2.0;       // seconds between readings
hardware.pin9.configure(ANALOG_IN);

function readCelsius() {
    local vdd = hardware.voltage();
    local v = hardware.pin9.read() / 65535.0 * vdd;
    local r = R0 * v / (vdd - v);
    return 1.0 / (1.0 / T0 + math.log(r / R0) / B) - 273.15;
}

function sample() {
    local reading = { celsius = readCelsius(), volts = hardware.voltage(), time = time() };
    if (agent.send("reading", reading) != 0) {
        server.log(format("offline: %.2f C not sent", reading.celsius));
    }
    imp.wakeup(interval, sample);
}

agent.on("interval", function(seconds) {
    interval = seconds.tofloat();
    server.log("sampling every " + interval + " s");
});

server.log("temperature sensor started on " + imp.getsoftwareversion());
sample();
