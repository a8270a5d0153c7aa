#!/usr/bin/env node
// HEALTHCHECK: exit 0 when GET /health/live on this container's PORT answers 200 within 2 s.
'use strict';
const port = Number(process.env.PORT ?? 3000);
fetch(`http://127.0.0.1:${port}/health/live`, { signal: AbortSignal.timeout(2000) }).then(
  (res) => process.exit(res.ok ? 0 : 1),
  () => process.exit(1),
);
