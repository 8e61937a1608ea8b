// One load phase, run in its own process so the load generator never shares an event loop with
// the bench's bookkeeping. Input: a JSON object as the only argument. Output: one JSON line.
//
//   { url, connections, duration, overallRate?, requests: [{ method, path, headers?, body? }],
//     bodies?: string[] }
//
// With `bodies`, each request sent takes the next body in turn, whichever connection sends it, so
// concurrent requests carry different bodies (autocannon alone starts every connection on the
// first one: eight concurrent logins of the same account, which a login throttle rightly refuses).
//
// Latency percentiles come from every 2xx response's own timing (fractional milliseconds);
// autocannon's histogram rounds to whole milliseconds, too coarse for a fast endpoint.
import autocannon from 'autocannon';

const options = JSON.parse(process.argv[2] ?? '{}');

const latencies = [];
let sent = 0;
function nextBody(request) {
  request.body = options.bodies[sent++ % options.bodies.length];
  return request;
}

const instance = autocannon(
  {
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    ...(options.overallRate && { overallRate: options.overallRate }),
    timeout: 30,
    requests: options.bodies?.length ? options.requests.map((request) => ({ ...request, setupRequest: nextBody })) : options.requests,
  },
  (error, result) => {
    if (error) {
      console.error(error);
      process.exitCode = 1;
      return;
    }
    latencies.sort((a, b) => a - b);
    const pick = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(q * latencies.length) - 1)] : null);
    const ok = result['2xx'];
    const summary = {
      durationSeconds: result.duration,
      ok,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
      perSecond: result.duration > 0 ? ok / result.duration : 0,
      latencyMs: {
        p50: pick(0.5),
        p90: pick(0.9),
        p99: pick(0.99),
        max: latencies.at(-1) ?? null,
        mean: latencies.length ? latencies.reduce((s, v) => s + v, 0) / latencies.length : null,
      },
    };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  },
);

instance.on('response', (_client, statusCode, _bytes, responseTime) => {
  if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
});

// The bench stops this process if it overruns; stop the load cleanly when asked to.
process.once('SIGTERM', () => instance.stop());
