# syntax=docker/dockerfile:1
# One image for every OneDoor service. The service is chosen when the container starts:
#   SERVICE=intake | temporary-aid | medical-aid | education-aid | funding | partners | gateway | all-in-one (default)
# or as the first argument (`docker run onedoor intake`); `docker run onedoor onedoor verify` runs
# the ops CLI. Build: `docker build -t onedoor .`
ARG NODE_IMAGE=node:20-bookworm-slim

# Compiles TypeScript to dist/ (`npm run build`), with every dependency.
FROM ${NODE_IMAGE} AS build
ENV NX_DAEMON=false NX_NO_CLOUD=true
WORKDIR /src
COPY package.json package-lock.json ./
COPY services/ops/package.json services/ops/package.json
COPY services/ops/bin services/ops/bin
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY nx.json tsconfig.base.json tsconfig.build.json ./
COPY tools tools
COPY libs libs
COPY services services
RUN npm run build

# Production dependencies only; no install scripts run.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY services/ops/package.json services/ops/package.json
COPY services/ops/bin services/ops/bin
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf /root/.npm

# The runtime: node and the compiled code, owned by root and run by an unprivileged user (uid
# 1000), so that it works on a read-only root file system (nothing is written outside /tmp).
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    SERVICE=all-in-one
WORKDIR /app
COPY --from=deps /app ./
COPY --from=build /src/dist ./dist
COPY deploy/docker/start.js deploy/docker/healthcheck.js ./deploy/docker/
USER 1000:1000
EXPOSE 3000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "deploy/docker/healthcheck.js"]
ENTRYPOINT ["node", "deploy/docker/start.js"]
