// The drain benchmark's worker for graphile-worker: one process = one
// graphile-worker `runOnce` (what `graphile-worker --once` runs), which works
// until the queue has no job left and returns. Tasks are no-ops.
//
//   node graphile_drain.mjs MODE START_US
//     MODE  perf     graphile-worker's own perfTest settings (perfTest/graphile.config.js):
//                    concurrentJobs 24, maxPoolSize 25, localQueue {size 500,
//                    refetchDelay 10 ms}, completeJobBatchDelay 0, failJobBatchDelay 0
//           default  its defaults: concurrentJobs 1, maxPoolSize 10, no local queue,
//                    each job completed on its own
//     START_US  CLOCK_REALTIME microseconds to start at
// Connection: PG* environment (libpq's variables; node-postgres reads the same).
// Output, one line: jobs=N claims=0 start_us=N end_us=N late_us=N
import { runOnce, WorkerPreset } from "graphile-worker";

const [mode, startArg] = process.argv.slice(2);
const startUs = BigInt(startArg);
const nowUs = () => BigInt(Math.round((performance.timeOrigin + performance.now()) * 1000));

const settings =
    mode === "perf"
        ? {
              concurrentJobs: 24,
              maxPoolSize: 25,
              localQueue: { size: 500, refetchDelay: { durationMs: 10 } },
              completeJobBatchDelay: 0,
              failJobBatchDelay: 0,
          }
        : mode === "default"
          ? {}
          : null;
if (!settings) {
    console.error(`graphile_drain: unknown mode ${mode}`);
    process.exit(2);
}
// NO_LOG_SUCCESS=1 must be in the environment (as perfTest sets it): the logger
// reads it when it is loaded, and a log line per job would be measured.

let jobs = 0;
const taskList = {
    noop: async () => {
        jobs++;
    },
};
const preset = { extends: [WorkerPreset], worker: { ...settings } };

// Load and link everything before the start (the module graph, pg); the pool
// itself is made by runOnce, as the CLI does.
const waitMs = Number(startUs - nowUs()) / 1000;
if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.max(0, waitMs - 2)));
while (nowUs() < startUs) {
    // spin the last milliseconds
}
const late = nowUs() - startUs;
await runOnce({ preset, taskList, noHandleSignals: true });
const end = nowUs();
console.log(`jobs=${jobs} claims=0 start_us=${startUs} end_us=${end} late_us=${late}`);
