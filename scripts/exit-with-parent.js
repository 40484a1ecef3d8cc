// Preloaded into cloud by `npm start` (scripts/start.js), which keeps an IPC channel open to it.
// The channel closes when start.js exits for any reason, a SIGKILL included, which no signal
// handler can catch: cloud then shuts down as on SIGTERM (drain, stop the scheduler, flush the
// embedded database) instead of living on as an orphan that holds the port and the data directory.
if (process.send) {
  process.once('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  // The channel itself must not keep cloud alive, nor be what keeps it from exiting.
  process.channel?.unref();
}
